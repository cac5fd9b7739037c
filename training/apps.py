from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """A volunteer's preparation: training modules, sessions, completions, safeguarding checks."""

    name = "training"

    def ready(self) -> None:
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from accounts.personal_data import register_personal_data
        from training import privacy
        from training.data_register import ENTRIES
        from training.models import (
            SafeguardingCheck,
            SessionSignup,
            TrainingCompletion,
            TrainingModule,
            TrainingSession,
        )

        audit_register(TrainingModule, subjects=lambda module: {"program": module.program_id})
        audit_register(TrainingSession, subjects=lambda session: {"program": session.program_id})
        audit_register(SessionSignup, subjects=lambda signup: {"volunteer": signup.volunteer_id})
        audit_register(
            TrainingCompletion,
            subjects=lambda completion: {
                "program": completion.program_id,
                "volunteer": completion.volunteer_id,
            },
        )
        # Criminal-record data (GDPR Art. 10): that a check was recorded, and by whom, only.
        audit_register(
            SafeguardingCheck,
            subjects=lambda check: {"program": check.program_id, "volunteer": check.volunteer_id},
            mask_fields=("kind", "checked_on", "expires_on"),
        )
        register_personal_data(section="training", exporter=privacy.training_export)
        register_data("training", ENTRIES)
