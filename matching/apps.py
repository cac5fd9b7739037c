from django.apps import AppConfig

DERIVED_MATCH_FIELDS = (
    "updated_at", "breakdown", "reasons", "health", "last_check_in_on", "last_satisfaction",
)  # fmt: skip


class MatchingConfig(AppConfig):
    name = "matching"

    def ready(self) -> None:
        from accounts.audit import audit_register
        from accounts.data_register import register_data
        from accounts.personal_data import register_personal_data, register_subject
        from matching import privacy
        from matching.data_register import ENTRIES
        from matching.models import Match, MatchDecision, PairExclusion

        # Matching runs are jobs, not decisions: their proposals are MatchDecision rows.
        audit_register(
            Match,
            subjects=lambda match: {
                "program": match.program_id,
                "match": match.pk,
                "volunteer": match.volunteer_id,
                "newcomer": match.newcomer_id,
            },
            # Coordinators' free-text notes: why a pairing ended or needs attention.
            mask_fields=("reason", "attention_note"),
            # Derived, not decided: health follows the check-in calendar (the sweep's e-mails
            # record its flags); the last check-in and satisfaction copy audited check-ins and
            # survey answers; the rest is the engine's bookkeeping.
            exclude_fields=DERIVED_MATCH_FIELDS,
        )
        audit_register(
            MatchDecision,
            subjects=lambda decision: {"match": decision.match_id},
            mask_fields=("note",),
        )
        audit_register(
            PairExclusion,
            subjects=lambda exclusion: {
                "program": exclusion.program_id,
                "volunteer": exclusion.volunteer_id,
                "newcomer": exclusion.newcomer_id,
            },
            mask_fields=("reason",),
        )
        register_personal_data(
            section="matching",
            exporter=privacy.matching_export,
            eraser=privacy.matching_erase,
            subjects=privacy.matching_subjects,
            blockers=privacy.matching_blockers,
        )
        register_subject("match", privacy.match_row)
        register_data("matching", ENTRIES)
