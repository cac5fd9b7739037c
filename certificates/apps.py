from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"

    def ready(self) -> None:
        from accounts.home import register_home_section
        from certificates.home import resident_tasks

        register_home_section("volunteer", "partials/home_resident.html", resident_tasks)
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from accounts.personal_data import register_personal_data
        from certificates import privacy
        from certificates.data_register import ENTRIES
        from certificates.models import Certificate, PublicRecognitionConsent

        # Batches are jobs: each certificate they issue is logged on its own.
        audit_register(
            Certificate,
            subjects=lambda certificate: {
                "program": certificate.program_id,
                "volunteer": certificate.volunteer_id,
                "match": certificate.match_id,
            },
            mask_fields=("revocation_reason",),
            # The signature follows from the content; the status list entry is bookkeeping
            # (revocation itself is logged as the change of `revoked_at`).
            exclude_fields=("signature", "status_index"),
        )
        audit_register(
            PublicRecognitionConsent,
            subjects=lambda consent: {
                "program": consent.program_id,
                "volunteer": consent.volunteer_id,
            },
        )
        register_personal_data(
            section="certificates",
            exporter=privacy.certificates_export,
            eraser=privacy.certificates_erase,
        )
        register_data("certificates", ENTRIES)
