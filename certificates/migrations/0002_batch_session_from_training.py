"""A bulk-issuing batch's session is now `training.TrainingSession` (the same table).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0001_initial'),
        ('training', '0001_training_and_checks_from_volunteers'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='certificatebatch',
                    name='session',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certificate_batches', to='training.trainingsession'),
                ),
            ],
        ),
    ]
