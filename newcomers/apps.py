from django.apps import AppConfig


class NewcomersConfig(AppConfig):
    name = "newcomers"

    def ready(self) -> None:
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from accounts.personal_data import register_personal_data, register_subject
        from newcomers import privacy
        from newcomers.data_register import ENTRIES
        from newcomers.models import NewcomerProfile, SupportRequest

        audit_register(
            NewcomerProfile,
            subjects=lambda profile: {
                "program": profile.program_id,
                "newcomer": profile.pk,
                "user": profile.user_id,
            },
            # The country of origin can reveal ethnic origin (GDPR Art. 9).
            mask_fields=("country_of_origin",),
            # A safeguarding hold is recorded in the case's own record: the person's history,
            # which they read, must not show that a concern exists.
            exclude_fields=("created_at", "updated_at", "safeguarding_hold"),
        )
        # Notes are free text (health, family, faith may be in them); children are involved.
        audit_register(
            SupportRequest,
            subjects=lambda request: {
                "program": request.program_id,
                "newcomer": request.newcomer_id,
            },
            mask_fields=("notes", "involves_minors"),
            exclude_fields=("created_at", "updated_at"),
        )
        register_personal_data(
            section="newcomer",
            exporter=privacy.newcomer_export,
            eraser=privacy.newcomer_erase,
            subjects=privacy.newcomer_subjects,
            blockers=privacy.newcomer_blockers,
        )
        register_subject("newcomer", privacy.newcomer_row)
        register_data("newcomers", ENTRIES)
