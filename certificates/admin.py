from __future__ import annotations

from django.contrib import admin

from certificates.models import Certificate, CertificateBatch, PublicRecognitionConsent


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ["serial", "kind", "holder_name", "program", "issued_on", "revoked_at"]
    list_filter = ["kind", "program"]
    search_fields = ["serial", "holder_name"]
    # The signed content is read-only here: an edit would only break the signature.
    readonly_fields = [
        "program", "volunteer", "kind", "match", "subject_key", "serial", "holder_name",
        "program_name", "program_city", "title", "details", "issuer_name", "issued_by",
        "issued_on", "issued_at", "key_id", "signature", "revoked_at", "revoked_by",
        "revocation_reason", "status_index",
    ]  # fmt: skip

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False


@admin.register(PublicRecognitionConsent)
class PublicRecognitionConsentAdmin(admin.ModelAdmin[PublicRecognitionConsent]):
    list_display = ["volunteer", "program", "given_at", "withdrawn_at"]
    readonly_fields = ["program", "volunteer", "given_at", "withdrawn_at"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(admin.ModelAdmin[CertificateBatch]):
    list_display = ["pk", "program", "session", "status", "processed", "total", "issued"]
    readonly_fields = [field.name for field in CertificateBatch._meta.fields]
