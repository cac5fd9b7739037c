"""CheckIn and SurveyResponse, taken over from `matching` without touching the database.

The tables keep their names (`db_table`); only Django's state moves. The content types are
renamed so that the audit trail written before the move stays attached to the same rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.content_types import content_types_move

CONTENT_TYPES_FOLLOW, CONTENT_TYPES_RETURN = content_types_move(
    models=("checkin", "surveyresponse"), source="matching", target="commitments"
)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_notification_to_an_address"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("matching", "0003_check_ins_surveys_move_to_commitments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CheckIn",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("date", models.DateField(verbose_name="date")),
                        ("duration_minutes", models.PositiveSmallIntegerField(verbose_name="duration (minutes)")),
                        ("mode", models.CharField(choices=[("in_person", "Met in person"), ("online", "Online"), ("phone", "Phone or messages")], default="in_person", max_length=10, verbose_name="how")),
                        ("topics", models.JSONField(blank=True, default=list, verbose_name="topics")),
                        ("note", models.TextField(blank=True, max_length=1000, verbose_name="note")),
                        ("satisfaction", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="how it went (1-5)")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("match", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="check_ins", to="matching.match")),
                        ("program", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="check_ins", to="accounts.program")),
                    ],
                    options={
                        "db_table": "matching_checkin",
                        "ordering": ["-date", "-pk"],
                        "indexes": [models.Index(fields=["match", "date"], name="matching_ch_match_i_457b38_idx")],
                        "constraints": [models.CheckConstraint(condition=models.Q(("duration_minutes__gte", 1), ("duration_minutes__lte", 1440)), name="check_in_duration_within_a_day"), models.CheckConstraint(condition=models.Q(("satisfaction__isnull", True), models.Q(("satisfaction__gte", 1), ("satisfaction__lte", 5)), _connector="OR"), name="check_in_satisfaction_1_to_5")],
                    },
                ),
                migrations.CreateModel(
                    name="SurveyResponse",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("number", models.PositiveSmallIntegerField()),
                        ("rating", models.PositiveSmallIntegerField(verbose_name="how is it going (1-5)")),
                        ("note", models.TextField(blank=True, max_length=1000, verbose_name="anything the coordinator should know")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("match", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="survey_responses", to="matching.match")),
                        ("program", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="survey_responses", to="accounts.program")),
                        ("respondent", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "matching_surveyresponse",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [models.UniqueConstraint(fields=("match", "respondent", "number"), name="survey_answer_once"), models.CheckConstraint(condition=models.Q(("rating__gte", 1), ("rating__lte", 5)), name="survey_rating_1_to_5")],
                    },
                ),
            ],
        ),
        migrations.RunPython(CONTENT_TYPES_FOLLOW, CONTENT_TYPES_RETURN),
    ]
