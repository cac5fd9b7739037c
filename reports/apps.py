from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from accounts.personal_data import register_personal_data
        from reports import privacy
        from reports.data_register import ENTRIES
        from reports.models import PublishedReport

        # Import batches are not audited: their content is personal data kept for a day, and
        # the profiles a confirmed import writes are logged one by one.
        audit_register(
            PublishedReport,
            subjects=lambda report: {"program": report.program_id},
            exclude_fields=("figures",),
        )
        register_personal_data(
            section="published_reports",
            exporter=privacy.reports_export,
            eraser=privacy.reports_erase,
        )
        register_data("reports", ENTRIES)
