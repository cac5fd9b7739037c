from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"

    def ready(self) -> None:
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from safeguarding.data_register import ENTRIES
        from safeguarding.models import Concern, ConcernAction

        # Filed under no person or match: a match's or a person's history, which other
        # coordinators and the person read, must not show that a concern exists. The
        # description and notes are never copied into the trail: it says "changed".
        audit_register(
            Concern,
            subjects=lambda concern: {},
            mask_fields=("description",),
            exclude_fields=("updated_at",),
        )
        audit_register(
            ConcernAction,
            subjects=lambda action: {},
            mask_fields=("note",),
        )
        register_data("safeguarding", ENTRIES)
