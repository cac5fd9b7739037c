"""CheckIn and SurveyResponse now belong to the `commitments` app (state only: the tables
and their rows stay where they are; `commitments.0001` takes the models over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_check_ins_surveys_end_reasons"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CheckIn"),
                migrations.DeleteModel(name="SurveyResponse"),
            ],
            database_operations=[],
        ),
    ]
