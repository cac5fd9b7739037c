from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Manager, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Language, Program
from core.languages import SUPPORTED_LANGUAGES
from core.models import Located
from core.names import first_name_of


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    VIBER = "viber", _("Viber")


class NewcomerProfile(Located):  # type: ignore[django-manager-missing]
    """A newly arrived person. Only what matching needs: no residence status, no health data.

    A coordinator can register someone at an integration point before they have an account
    (`user` empty); the person claims the profile later with a link.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="newcomer_profile",
        null=True,
        blank=True,
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="newcomers")
    # Used until the person has an account; the account's name is used afterwards.
    full_name = models.CharField(_("full name"), max_length=150)
    # The name in Latin letters when written in Cyrillic (`core.names.latin`), else blank:
    # shown beside the name and searched with it; written with the name by the services.
    full_name_latin = models.CharField(_("full name in Latin letters"), max_length=300, blank=True)
    country_of_origin = models.CharField(_("country of origin"), max_length=2, blank=True)
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    first_language = models.CharField(_("first language"), max_length=3, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    arrived_on = models.DateField(_("arrived in Poland on"), null=True, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_channel = models.CharField(
        _("preferred contact"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    # Asked at intake: the language of e-mails until the person has an account (theirs then).
    contact_language = models.CharField(
        _("language of messages"), max_length=2, choices=Language.choices, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Their requests stay out of matching while a safeguarding concern about them awaits a
    # lead's decision, or for good after removal (set by `safeguarding`; no reason kept here).
    safeguarding_hold = models.BooleanField(
        _("held for a safeguarding review"), default=False, db_default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Manager[NewcomerProfile]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("newcomer")
        verbose_name_plural = _("newcomers")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.program.slug})"

    @property
    def display_name(self) -> str:
        account_name = self.user.full_name if self.user_id and self.user else None
        return self.name_shown(account_name=account_name, profile_name=self.full_name)

    @staticmethod
    def name_shown(*, account_name: str | None, profile_name: str) -> str:
        """The name a newcomer goes by: their account's, else the one written at intake (for
        code that reads the two names as values, not the profile)."""
        return account_name if account_name is not None else profile_name

    @property
    def first_name(self) -> str:
        return first_name_of(self.display_name)

    @property
    def preferred_language(self) -> str:
        """An account's choice; without one, the language asked at intake, else the first
        language, or English (a second language more newcomers read than Polish) when the
        platform does not speak it."""
        if self.user_id and self.user:
            return self.user.preferred_language
        if self.contact_language:
            return self.contact_language
        return self.first_language if self.first_language in SUPPORTED_LANGUAGES else "en"


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    # Nobody answered "Do you still need help?" (newcomers.waiting): out of matching until
    # the newcomer reopens it, with its original waiting time.
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class SupportRequest(models.Model):  # type: ignore[django-manager-missing]
    """What a newcomer asks help with; matching pairs it with a volunteer."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="requests")
    newcomer = models.ForeignKey(NewcomerProfile, on_delete=models.CASCADE, related_name="requests")
    needs = models.JSONField(_("needs"), default=list)
    modes = models.JSONField(_("modes"), default=list)
    days = models.JSONField(_("days"), default=list, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    # Seen by coordinators and the newcomer, never by volunteers.
    notes = models.TextField(_("notes"), max_length=1000, blank=True)
    involves_minors = models.BooleanField(_("involves children"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    # When the wait began; a request re-opened after an early ending keeps it.
    waiting_since = models.DateTimeField(_("waiting since"), default=timezone.now)
    # "Do you still need help?" (newcomers.waiting): the day it was last asked, the day the
    # newcomer last said yes (or reopened), and the day an unanswered question paused it.
    still_needed_asked_on = models.DateField(null=True, blank=True)
    still_needed_confirmed_on = models.DateField(null=True, blank=True)
    paused_on = models.DateField(_("paused on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Manager[SupportRequest]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["waiting_since", "pk"]
        indexes = [models.Index(fields=["program", "status", "waiting_since"])]
        constraints = [
            models.CheckConstraint(condition=~Q(needs=[]), name="request_has_needs"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.status}"
