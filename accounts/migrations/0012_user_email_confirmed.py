from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mirror_confirmed_addresses(apps, schema_editor):
    """Mark every user one of whose e-mail addresses is verified."""
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
    User.objects.filter(Exists(verified)).update(email_confirmed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_program_training_version"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_confirmed",
            field=models.BooleanField(default=False, verbose_name="e-mail address confirmed"),
        ),
        migrations.RunPython(mirror_confirmed_addresses, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                condition=models.Q(("email_confirmed", False)),
                fields=["id"],
                name="accounts_user_unconfirmed",
            ),
        ),
    ]
