"""What the pair log during their six months: check-ins and survey answers.

The tables keep the names they had when these models lived in `matching` (`db_table`): moving
the models between apps changed no schema, so the release before keeps working during a
deploy (see the state-only migrations of both apps).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Manager, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program
from matching.models import Match


class CheckInMode(models.TextChoices):
    IN_PERSON = "in_person", _("Met in person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone or messages")


class CheckIn(models.Model):
    """A meeting or contact of a match, logged by one of its people or a coordinator."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="check_ins")
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    mode = models.CharField(
        _("how"), max_length=10, choices=CheckInMode.choices, default=CheckInMode.IN_PERSON
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("how it went (1-5)"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[CheckIn]] = ScopedManager(program="program")

    class Meta:
        db_table = "matching_checkin"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["match", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="check_in_duration_within_a_day",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="check_in_satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"check-in {self.date} of match #{self.match_id}"


class SurveyResponse(models.Model):
    """An answer to the short survey sent 30 days after the start and then every 60 days."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="survey_responses")
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="survey_responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveSmallIntegerField()  # 1 on day 30, 2 on day 90, ...
    rating = models.PositiveSmallIntegerField(_("how is it going (1-5)"))
    note = models.TextField(_("anything the coordinator should know"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[Manager[SurveyResponse]] = ScopedManager(program="program")

    class Meta:
        db_table = "matching_surveyresponse"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "respondent", "number"], name="survey_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="survey_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"survey {self.number} of match #{self.match_id}"
