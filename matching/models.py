from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Manager, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program
from newcomers.models import NewcomerProfile, SupportRequest
from volunteers.models import VolunteerProfile


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended early")
    REJECTED = "rejected", _("Rejected")


# A request has at most one match in these states at a time.
OPEN_MATCH_STATUSES = (MatchStatus.PROPOSED, MatchStatus.ACTIVE)


class MatchHealth(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    REMINDED = "reminded", _("Reminded")
    AT_RISK = "at_risk", _("At risk")


class EndReason(models.TextChoices):
    MOVED_AWAY = "moved_away", _("Moved away")
    NOT_A_GOOD_FIT = "not_a_good_fit", _("Not a good fit")
    VOLUNTEER_UNAVAILABLE = "volunteer_unavailable", _("Volunteer unavailable")
    NO_LONGER_NEEDED = "no_longer_needed", _("The newcomer no longer needs help")
    SAFEGUARDING_CONCERN = "safeguarding_concern", _("Safeguarding concern")
    OTHER = "other", _("Other")


class Attention(models.TextChoices):
    """Why a coordinator should look at an active match, besides its health."""

    LOW_SATISFACTION = "low_satisfaction", _("Low satisfaction")
    CHANGE_REQUESTED = "change_requested", _("A change was asked for")
    COMMITMENT_UNMET = "commitment_unmet", _("Ran its time without enough check-ins")


class Match(models.Model):  # type: ignore[django-manager-missing]
    """A volunteer paired with a newcomer's support request: proposed, then decided."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="matches")
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="matches")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="matches"
    )
    newcomer = models.ForeignKey(NewcomerProfile, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    # The engine's view when the match was proposed: score in [0, 1], components, reason codes
    # as [{"code": ..., "params": {...}}] (worded at the page/API layer).
    score = models.FloatField(_("score"), default=0.0)
    breakdown = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    run = models.ForeignKey(
        "MatchingRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    commitment_ends_on = models.DateField(_("commitment ends on"), null=True, blank=True)
    last_check_in_on = models.DateField(_("last check-in"), null=True, blank=True)
    health = models.CharField(
        _("health"), max_length=10, choices=MatchHealth.choices, default=MatchHealth.ON_TRACK
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Why it was rejected or ended early; seen by coordinators only.
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=30, choices=EndReason.choices, blank=True
    )
    # The latest satisfaction either person gave (check-in or survey), 1..5.
    last_satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    attention = models.CharField(max_length=20, choices=Attention.choices, blank=True)
    attention_note = models.TextField(max_length=1000, blank=True)
    attention_at = models.DateTimeField(null=True, blank=True)
    # Contact paused for a safeguarding review (set and cleared by `safeguarding`): the sweep
    # leaves the match alone and its pages say only that the programme will be in touch.
    paused_at = models.DateTimeField(_("contact paused"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Manager[Match]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_at", "pk"]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["volunteer", "status"]),
            models.Index(fields=["status", "last_check_in_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "active"]),
                name="match_one_open_per_request",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=1), name="match_score_0_to_1"
            ),
            models.CheckConstraint(
                condition=Q(commitment_ends_on__isnull=True)
                | Q(commitment_ends_on__gt=F("started_on")),
                name="match_commitment_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"match #{self.pk} ({self.status})"


class MatchAction(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ENDED = "ended", _("Ended early")
    COMPLETED = "completed", _("Completed")
    DO_NOT_PAIR = "do_not_pair", _("Marked “do not pair again”")


class MatchDecision(models.Model):
    """Who decided what about a match, and when: the coordinators' trail."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(max_length=20, choices=MatchAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} match #{self.match_id}"


class ExclusionSource(models.TextChoices):
    DO_NOT_PAIR = "do_not_pair", _("Marked “do not pair again”")
    ENDED_EARLY = "ended_early", _("A previous match ended early")


class PairExclusion(models.Model):
    """A volunteer and a newcomer who must not be proposed to each other again."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_exclusions")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="exclusions"
    )
    newcomer = models.ForeignKey(
        NewcomerProfile, on_delete=models.CASCADE, related_name="exclusions"
    )
    source = models.CharField(max_length=20, choices=ExclusionSource.choices)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[PairExclusion]] = ScopedManager(program="program")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "newcomer"], name="exclusion_one_per_pair")
        ]

    def __str__(self) -> str:
        return f"exclude volunteer {self.volunteer_id} / newcomer {self.newcomer_id}"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MatchingRun(models.Model):  # type: ignore[django-manager-missing]
    """One batch proposal for all open requests of a programme, and what it achieved."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="matching_runs")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    # Solve over the full feasible graph instead of the top-k candidate graph.
    is_exact = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress while running: a stage name and a percentage.
    stage = models.CharField(max_length=30, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    requests_considered = models.PositiveIntegerField(default=0)
    volunteers_considered = models.PositiveIntegerField(default=0)
    proposals = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0.0)
    solver_seconds = models.FloatField(default=0.0)
    error = models.TextField(blank=True)

    objects: ClassVar[Manager[MatchingRun]] = ScopedManager(program="program")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="matching_run_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"run #{self.pk} ({self.status})"
