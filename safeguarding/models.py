"""Safeguarding concerns and their case records (issue #22).

A concern is read only by its programme's safeguarding leads and staff (see `selectors`); what
everyone else learns is that a match is paused for review (`Match.paused_at`) or a person held
(`safeguarding_hold` on their profile), never why.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Manager
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program
from matching.models import Match
from newcomers.models import NewcomerProfile
from volunteers.models import VolunteerProfile


class Category(models.TextChoices):
    CHILD_SAFETY = "child_safety", _("A child's safety")
    ABUSE = "abuse", _("Abuse or exploitation")
    HARASSMENT = "harassment", _("Harassment or threats")
    DISCRIMINATION = "discrimination", _("Discrimination")
    BOUNDARIES = "boundaries", _("Crossing boundaries (money, housing, relationships)")
    DATA_MISUSE = "data_misuse", _("Misuse of personal data")
    OTHER = "other", _("Something else")


class ConcernStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    REFERRED = "referred", _("Referred to the police or social services")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (ConcernStatus.NEW, ConcernStatus.IN_REVIEW, ConcernStatus.REFERRED)


class Outcome(models.TextChoices):
    NO_ACTION = "no_action", _("No action needed")
    ADVICE = "advice", _("Advice given")
    MATCH_ENDED = "match_ended", _("Match ended")
    REMOVED = "removed", _("Person removed from the programme")
    DO_NOT_PAIR = "do_not_pair", _("Do not pair again")


class ActionKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    NOTE = "note", _("Note")
    STATUS = "status", _("Status changed")
    PAUSED = "paused", _("Contact paused")
    RESUMED = "resumed", _("Contact resumed")
    CLOSED = "closed", _("Closed with an outcome")


class Concern(models.Model):
    """A worry about a match or a person, raised by anyone of the programme."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="concerns")
    # RESTRICT: a case record outlives ordinary deletions; the lead decides (retention).
    match = models.ForeignKey(
        Match, on_delete=models.RESTRICT, null=True, blank=True, related_name="concerns"
    )
    # Whom it is about: the account, and the profiles a hold applies to (a newcomer may have
    # no account yet).
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    about_volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    about_newcomer = models.ForeignKey(
        NewcomerProfile, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    # A coordinator raised it for the match's newcomer, who told them (a newcomer registered
    # at an intake may have no account nor e-mail, so no link to raise it themself).
    for_newcomer = models.BooleanField(
        _("raised for the newcomer"), default=False, db_default=False
    )
    category = models.CharField(_("what it is about"), max_length=20, choices=Category.choices)
    description = models.TextField(_("what happened"), max_length=4000)
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.NEW
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # Whether raising it paused the match and held the person (cleared when a lead decides).
    pauses = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[Manager[Concern]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="closed", closed_at__isnull=False)
                | (~models.Q(status="closed") & models.Q(outcome="")),
                name="concern_outcome_only_when_closed",
            )
        ]

    def __str__(self) -> str:
        return f"concern #{self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status != ConcernStatus.CLOSED


class ConcernAction(models.Model):
    """A dated step of a case, with who took it: the case record."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=10, choices=ActionKind.choices)
    # The new status, or the outcome on closing (a code: shown in the reader's language).
    value = models.CharField(max_length=20, blank=True)
    note = models.TextField(_("note"), max_length=4000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on concern #{self.concern_id}"

    @property
    def value_label(self) -> str:
        for choices in (ConcernStatus, Outcome):
            if self.value in choices.values:
                return str(choices(self.value).label)
        return ""


class SafeguardingPolicy(models.Model):
    """A programme's child-protection and safeguarding policy, in the three languages; each
    change makes a new version that volunteers confirm they have read."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="safeguarding_policy"
    )
    text_pl = models.TextField(_("policy in Polish"), max_length=20000, blank=True)
    text_uk = models.TextField(_("policy in Ukrainian"), max_length=20000, blank=True)
    text_en = models.TextField(_("policy in English"), max_length=20000, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Manager[SafeguardingPolicy]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("safeguarding policy")
        verbose_name_plural = _("safeguarding policies")

    def __str__(self) -> str:
        return f"safeguarding policy v{self.version} of {self.program_id}"

    def text_in(self, language: str) -> str:
        """The text in `language`, else in Polish, else in English (the programme writes at
        least one)."""
        texts = {"pl": self.text_pl, "uk": self.text_uk, "en": self.text_en}
        return texts.get(language) or self.text_pl or self.text_en or self.text_uk


class PolicyReading(models.Model):
    """A volunteer confirmed they read version `version` of their programme's policy."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="policy_readings"
    )
    version = models.PositiveIntegerField()
    read_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[PolicyReading]] = ScopedManager(program="program")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "version"], name="policy_read_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"volunteer {self.volunteer_id} read policy v{self.version}"
