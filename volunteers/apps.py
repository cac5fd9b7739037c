from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"

    def ready(self) -> None:
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from accounts.personal_data import register_personal_data, register_subject
        from volunteers import privacy
        from volunteers.data_register import ENTRIES
        from volunteers.models import AgreementTerms, VolunteerAgreement, VolunteerProfile

        audit_register(
            VolunteerProfile,
            subjects=lambda profile: {
                "program": profile.program_id,
                "volunteer": profile.pk,
                "user": profile.user_id,
            },
            # Safeguarding: when the clearance for work with minors ends says what was seen.
            mask_fields=("minors_check_valid_until",),
            # Derived: the load counts audited matches, `is_trained` audited completions.
            # A safeguarding hold is recorded in the case's own record: the person's history,
            # which they read, must not show that a concern exists.
            exclude_fields=(
                "created_at",
                "updated_at",
                "active_matches",
                "is_trained",
                "safeguarding_hold",
            ),
        )
        # Signing records: who recorded which signature, when, and how.
        audit_register(
            VolunteerAgreement,
            subjects=lambda agreement: {
                "program": agreement.program_id,
                "volunteer": agreement.volunteer_id,
            },
            exclude_fields=("content", "document", "signed_document"),
        )
        audit_register(
            AgreementTerms,
            subjects=lambda terms: {"program": terms.program_id},
            exclude_fields=("text_pl", "text_uk", "text_en", "updated_at"),
        )
        register_personal_data(
            section="volunteering",
            exporter=privacy.volunteer_export,
            eraser=privacy.volunteer_erase,
            subjects=privacy.volunteer_subjects,
        )
        register_subject("volunteer", privacy.volunteer_row)
        register_data("volunteers", ENTRIES)
