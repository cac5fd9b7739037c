"""Training and safeguarding checks, taken over from `volunteers` without touching the database.

The tables keep their names (`db_table`); only Django's state moves. The content types are
renamed so that the audit trail written before the move stays attached to the same rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.content_types import content_types_move


CONTENT_TYPES_FOLLOW, CONTENT_TYPES_RETURN = content_types_move(
    models=(
    "trainingmodule",
    "trainingsession",
    "sessionsignup",
    "trainingcompletion",
    "safeguardingcheck",
), source="volunteers", target="training"
)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('accounts', '0003_notification_to_an_address'),
        ('volunteers', '0002_training_and_safeguarding'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='TrainingModule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                        ('translations', models.JSONField(blank=True, default=dict)),
                        ('is_required', models.BooleanField(default=True, verbose_name='required')),
                        ('validity_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='valid for months')),
                        ('delivery', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('self_study', 'Self-study')], default='in_person', max_length=20, verbose_name='delivery')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_modules', to='accounts.program')),
                    ],
                    options={
                        'verbose_name': 'training module',
                        'verbose_name_plural': 'training modules',
                        'db_table': 'volunteers_trainingmodule',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_at', models.DateTimeField(verbose_name='starts at')),
                        ('duration_minutes', models.PositiveSmallIntegerField(default=120, verbose_name='duration (minutes)')),
                        ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                        ('online_link', models.URLField(blank=True, verbose_name='online link')),
                        ('trainer', models.CharField(blank=True, max_length=150, verbose_name='trainer')),
                        ('capacity', models.PositiveSmallIntegerField(default=20, verbose_name='places')),
                        ('attendance_marked_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='training.trainingmodule')),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_sessions', to='accounts.program')),
                    ],
                    options={
                        'verbose_name': 'training session',
                        'verbose_name_plural': 'training sessions',
                        'db_table': 'volunteers_trainingsession',
                        'ordering': ['starts_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingCompletion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('completed_on', models.DateField(verbose_name='completed on')),
                        ('expires_on', models.DateField(blank=True, null=True, verbose_name='expires on')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_completions', to='accounts.program')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('volunteer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='completions', to='volunteers.volunteerprofile')),
                        ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='completions', to='training.trainingmodule')),
                        ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='completions', to='training.trainingsession')),
                    ],
                    options={
                        'verbose_name': 'training completion',
                        'verbose_name_plural': 'training completions',
                        'db_table': 'volunteers_trainingcompletion',
                        'ordering': ['-completed_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SessionSignup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('attended', models.BooleanField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('volunteer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='session_signups', to='volunteers.volunteerprofile')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signups', to='training.trainingsession')),
                    ],
                    options={
                        'db_table': 'volunteers_sessionsignup',
                        'ordering': ['volunteer__user__full_name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SafeguardingCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('criminal_record', 'Criminal record certificate (KRK)'), ('offender_register', 'Register of sexual offenders')], max_length=20, verbose_name='kind')),
                        ('checked_on', models.DateField(verbose_name='checked on')),
                        ('expires_on', models.DateField(verbose_name='expires on')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='safeguarding_checks', to='accounts.program')),
                        ('verified_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('volunteer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='safeguarding_checks', to='volunteers.volunteerprofile')),
                    ],
                    options={
                        'verbose_name': 'safeguarding check',
                        'verbose_name_plural': 'safeguarding checks',
                        'db_table': 'volunteers_safeguardingcheck',
                        'ordering': ['-checked_on', 'pk'],
                        'indexes': [models.Index(fields=['program', 'expires_on'], name='volunteers__program_6c746b_idx')],
                        'constraints': [models.UniqueConstraint(fields=('volunteer', 'kind', 'checked_on'), name='check_once_per_day'), models.CheckConstraint(condition=models.Q(('expires_on__gt', models.F('checked_on'))), name='check_expires_after_check')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='trainingmodule',
                    constraint=models.UniqueConstraint(fields=('program', 'title'), name='module_title_per_program'),
                ),
                migrations.AddConstraint(
                    model_name='trainingmodule',
                    constraint=models.CheckConstraint(condition=models.Q(('validity_months__isnull', True), ('validity_months__gte', 1), _connector='OR'), name='module_validity_positive'),
                ),
                migrations.AddIndex(
                    model_name='trainingsession',
                    index=models.Index(fields=['program', 'starts_at'], name='volunteers__program_c5c0fb_idx'),
                ),
                migrations.AddConstraint(
                    model_name='trainingsession',
                    constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1), ('capacity__lte', 500)), name='session_capacity_1_to_500'),
                ),
                migrations.AddConstraint(
                    model_name='trainingsession',
                    constraint=models.CheckConstraint(condition=models.Q(('online_link', ''), ('place', ''), _negated=True), name='session_has_place_or_link'),
                ),
                migrations.AddIndex(
                    model_name='trainingcompletion',
                    index=models.Index(fields=['program', 'expires_on'], name='volunteers__program_2590e2_idx'),
                ),
                migrations.AddConstraint(
                    model_name='trainingcompletion',
                    constraint=models.UniqueConstraint(fields=('volunteer', 'module', 'completed_on'), name='completion_once_per_day'),
                ),
                migrations.AddConstraint(
                    model_name='trainingcompletion',
                    constraint=models.CheckConstraint(condition=models.Q(('expires_on__isnull', True), ('expires_on__gt', models.F('completed_on')), _connector='OR'), name='completion_expires_after_completion'),
                ),
                migrations.AddConstraint(
                    model_name='sessionsignup',
                    constraint=models.UniqueConstraint(fields=('session', 'volunteer'), name='signup_once_per_session'),
                ),
            ],
        ),
        migrations.RunPython(CONTENT_TYPES_FOLLOW, CONTENT_TYPES_RETURN),
    ]
