"""A volunteer's preparation: training modules, sessions and completions, and the
safeguarding checks (criminal record, offender register) needed for work with children.

The tables keep the names they had when these models lived in `volunteers` (`db_table`):
moving the models between apps changed no schema (see the state-only migrations).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Manager, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program
from core.models import Translated
from volunteers.models import VolunteerProfile


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    SELF_STUDY = "self_study", _("Self-study")


class TrainingModule(Translated):  # type: ignore[django-manager-missing]
    """A part of a programme's volunteer training, required or optional.

    `title` and `description` are in the programme's main language; `translations` holds the
    others as {"uk": {"title": ..., "description": ...}, "en": {...}}.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="training_modules")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    # A completion stays valid this many months; empty means it never expires.
    validity_months = models.PositiveSmallIntegerField(_("valid for months"), null=True, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.IN_PERSON
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Retired modules stay for the history of completions but no longer count.
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[TrainingModule]] = ScopedManager(program="program")

    class Meta:
        db_table = "volunteers_trainingmodule"
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "title"], name="module_title_per_program"),
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gte=1),
                name="module_validity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return self.in_language("title", language)

    def description_in(self, language: str) -> str:
        return self.in_language("description", language)


class TrainingSession(models.Model):  # type: ignore[django-manager-missing]
    """A scheduled meeting (or webinar) where a module is taught."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="training_sessions")
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    trainer = models.CharField(_("trainer"), max_length=150, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), default=20)
    # Set once the coordinator has marked who came; attendance can be corrected afterwards.
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[TrainingSession]] = ScopedManager(program="program")

    class Meta:
        db_table = "volunteers_trainingsession"
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["program", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=500), name="session_capacity_1_to_500"
            ),
            models.CheckConstraint(
                condition=~Q(place="", online_link=""), name="session_has_place_or_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} {self.starts_at:%Y-%m-%d}"


class SessionSignup(models.Model):
    """A volunteer's place in a session; `attended` is empty until attendance is marked."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="session_signups"
    )
    attended = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "volunteers_sessionsignup"
        ordering = ["volunteer__user__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "volunteer"], name="signup_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} @ session {self.session_id}"


class TrainingCompletion(models.Model):
    """A volunteer completed a module on a date; recorded directly or from attendance."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="training_completions"
    )
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="completions"
    )
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField(_("completed on"))
    # From the module's validity when recorded; empty means it never expires.
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[TrainingCompletion]] = ScopedManager(program="program")

    class Meta:
        db_table = "volunteers_trainingcompletion"
        verbose_name = _("training completion")
        verbose_name_plural = _("training completions")
        ordering = ["-completed_on", "pk"]
        indexes = [models.Index(fields=["program", "expires_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "module", "completed_on"], name="completion_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("completed_on")),
                name="completion_expires_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.module_id} on {self.completed_on}"


class CheckKind(models.TextChoices):
    CRIMINAL_RECORD = "criminal_record", _("Criminal record certificate (KRK)")
    OFFENDER_REGISTER = "offender_register", _("Register of sexual offenders")


class SafeguardingCheck(models.Model):
    """That a coordinator saw a check's result: only the fact, never the document."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="safeguarding_checks"
    )
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="safeguarding_checks"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CheckKind.choices)
    checked_on = models.DateField(_("checked on"))
    expires_on = models.DateField(_("expires on"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[SafeguardingCheck]] = ScopedManager(program="program")

    class Meta:
        db_table = "volunteers_safeguardingcheck"
        verbose_name = _("safeguarding check")
        verbose_name_plural = _("safeguarding checks")
        ordering = ["-checked_on", "pk"]
        indexes = [models.Index(fields=["program", "expires_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "kind", "checked_on"], name="check_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("checked_on")), name="check_expires_after_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.volunteer_id} until {self.expires_on}"
