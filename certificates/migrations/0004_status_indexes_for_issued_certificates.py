"""Certificates issued before status lists get their entries: per programme, in the order
they were issued, through the same scattered allocation as new ones; revoked ones get their bit.
"""

import secrets

from django.db import migrations
from django.utils import timezone

from certificates.status_lists import BLOCK, scattered_index, with_bit_set


def allocate_issued(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    StatusList = apps.get_model("certificates", "StatusList")
    now = timezone.now()
    waiting = Certificate.objects.filter(status_index__isnull=True)
    for program_id in sorted(set(waiting.values_list("program_id", flat=True))):
        status_list, _created = StatusList.objects.get_or_create(
            program_id=program_id,
            purpose="revocation",
            defaults={
                "permutation_key": secrets.token_bytes(32),
                "bits": bytes(BLOCK // 8),
                "changed_at": now,
            },
        )
        key = bytes(status_list.permutation_key)
        bits = bytes(status_list.bits)
        certificates = list(waiting.filter(program_id=program_id).order_by("issued_at", "pk"))
        for certificate in certificates:
            certificate.status_index = scattered_index(status_list.allocated, key)
            status_list.allocated += 1
            if certificate.status_index // 8 >= len(bits):
                bits += bytes(BLOCK // 8)
            if certificate.revoked_at is not None:
                bits = with_bit_set(bits, certificate.status_index)
        Certificate.objects.bulk_update(certificates, ["status_index"], batch_size=1000)
        status_list.bits = bits
        status_list.changed_at = now
        status_list.save()


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_status_list")]

    operations = [migrations.RunPython(allocate_issued, migrations.RunPython.noop)]
