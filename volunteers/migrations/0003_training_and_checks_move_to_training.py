"""Training and safeguarding checks now belong to the `training` app (state only: the tables
and their rows stay where they are).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0002_batch_session_from_training'),
        ('volunteers', '0002_training_and_safeguarding'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='sessionsignup',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='sessionsignup',
                    name='volunteer',
                ),
                migrations.RemoveField(
                    model_name='trainingcompletion',
                    name='module',
                ),
                migrations.RemoveField(
                    model_name='trainingcompletion',
                    name='program',
                ),
                migrations.RemoveField(
                    model_name='trainingcompletion',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='trainingcompletion',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='trainingcompletion',
                    name='volunteer',
                ),
                migrations.RemoveField(
                    model_name='trainingmodule',
                    name='program',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='module',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='program',
                ),
                migrations.DeleteModel(
                    name='SafeguardingCheck',
                ),
                migrations.DeleteModel(
                    name='SessionSignup',
                ),
                migrations.DeleteModel(
                    name='TrainingCompletion',
                ),
                migrations.DeleteModel(
                    name='TrainingModule',
                ),
                migrations.DeleteModel(
                    name='TrainingSession',
                ),
            ],
        ),
    ]
