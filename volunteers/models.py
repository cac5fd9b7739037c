from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Manager, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program
from core.models import Located


class VolunteerStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    READY = "ready", _("Ready to mentor")
    ACTIVE = "active", _("Mentoring")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportRole(models.TextChoices):
    """Ways to help besides mentoring, from the integration strategies' recommendations."""

    LANGUAGE_PARTNER = "language_partner", _("Language partner (conversation tandem)")
    INTERPRETER = "interpreter", _("Interpreter at offices")
    HOUSING_HOST = "housing_host", _("Housing host or helper")


class VolunteerProfile(Located):  # type: ignore[django-manager-missing]
    """A resident who mentors newcomers. Lists hold vocabulary codes (see core.vocabulary)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="volunteers")
    # {"uk": "B2", "pl": "native"}: a mapping, so a language cannot appear twice.
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    support_roles = models.JSONField(_("support roles"), default=list, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), default=10)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), default=2)
    days = models.JSONField(_("days"), default=list, blank=True)
    modes = models.JSONField(_("modes"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("newcomers at a time"), default=1)
    bio = models.TextField(_("about me"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.REGISTERED,
    )
    # Derived by the training rules, never typed in.
    is_trained = models.BooleanField(_("trained"), default=False)
    # The earlier expiry of the two safeguarding checks (criminal record and the register of
    # sexual offenders), derived from SafeguardingCheck; empty until both were seen. Work with
    # minors is allowed while it is today or later.
    minors_check_valid_until = models.DateField(
        _("cleared for work with minors until"), null=True, blank=True
    )
    # Maintained by matching when a match starts or ends.
    active_matches = models.PositiveSmallIntegerField(default=0)
    # Held out of new matches while a safeguarding concern about them awaits a lead's
    # decision, or for good after removal (set by `safeguarding`; no reason kept here).
    safeguarding_hold = models.BooleanField(
        _("held for a safeguarding review"), default=False, db_default=False
    )
    # The latest version of the programme's safeguarding policy they confirmed reading (the
    # dated record is `safeguarding.PolicyReading`); checked before a first match.
    policy_read_version = models.PositiveIntegerField(default=0, db_default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Manager[VolunteerProfile]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["user__full_name", "pk"]
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=5), name="volunteer_capacity_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(max_distance_km__gte=1, max_distance_km__lte=100),
                name="volunteer_distance_1_to_100",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=40),
                name="volunteer_hours_1_to_40",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.program.slug})"

    @property
    def has_capacity(self) -> bool:
        return self.active_matches < self.capacity
