from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    """The six months after approval: check-ins, surveys, the daily sweep, ending early."""

    name = "commitments"

    def ready(self) -> None:
        from accounts.home import register_home_section
        from commitments.home import newcomer_requests

        register_home_section("newcomer", "partials/home_newcomer.html", newcomer_requests)
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from accounts.personal_data import register_personal_data
        from commitments import privacy
        from commitments.data_register import ENTRIES
        from commitments.models import CheckIn, SurveyResponse

        audit_register(
            CheckIn,
            subjects=lambda check_in: {"program": check_in.program_id, "match": check_in.match_id},
            mask_fields=("note",),
        )
        audit_register(
            SurveyResponse,
            subjects=lambda response: {
                "program": response.program_id,
                "match": response.match_id,
                "user": response.respondent_id,
            },
            mask_fields=("note",),
        )
        register_personal_data(
            section="commitments",
            exporter=privacy.commitments_export,
            eraser=privacy.commitments_erase,
        )
        register_data("commitments", ENTRIES)
