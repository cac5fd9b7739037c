"""Register of personal data of safeguarding's models (see accounts.data_register)."""

from accounts.data_register import WHILE_PROFILE, Entries, operational, special

# Case records follow the law's retention, not the ordinary one (docs/safeguarding.md).
CASE = (
    "kept for the programme's concern retention (10 years by default) after closing; not "
    "removed by erasure or the ordinary retention sweep: the lead decides"
)
_ROW = operational("row identity", CASE)

ENTRIES: Entries = {
    "Concern": {
        "id": _ROW,
        "program": operational("the programme whose leads handle it", CASE),
        "match": operational("the match it is about", CASE),
        "about": special("whom it is about", CASE),
        "about_volunteer": special("whom it is about (to hold them out of matching)", CASE),
        "about_newcomer": special("whom it is about (to hold them out of matching)", CASE),
        "raised_by": special("who raised it (never shown to the person it is about)", CASE),
        "for_newcomer": special("raised by a coordinator for the match's newcomer", CASE),
        "category": special("what kind of harm", CASE),
        "description": special("what happened, in the reporter's words", CASE),
        "urgent": operational("whether contact paused at once", CASE),
        "status": operational("the case's progress; counts in the yearly report", CASE),
        "outcome": special("what the lead decided", CASE),
        "pauses": operational("whether raising it paused contact", CASE),
        "created_at": operational("when raised; counts in the yearly report", CASE),
        "updated_at": operational("when changed", CASE),
        "closed_at": operational("when closed; counts in the yearly report", CASE),
    },
    "ConcernAction": {
        "id": _ROW,
        "concern": operational("which case", CASE),
        "kind": operational("what was done", CASE),
        "value": special("the new status or the outcome", CASE),
        "note": special("the lead's note", CASE),
        "by": special("who acted", CASE),
        "at": operational("when", CASE),
    },
    "SafeguardingPolicy": {
        "id": operational("row identity", "while the programme exists"),
        "program": operational("whose policy", "while the programme exists"),
        "text_pl": operational("the policy (no personal data)", "while the programme exists"),
        "text_uk": operational("the policy (no personal data)", "while the programme exists"),
        "text_en": operational("the policy (no personal data)", "while the programme exists"),
        "version": operational("which version volunteers confirm", "while the programme exists"),
        "updated_by": operational("which lead changed it", "while the programme exists"),
        "updated_at": operational("when changed", "while the programme exists"),
    },
    "PolicyReading": {
        "id": operational("row identity", WHILE_PROFILE),
        "program": operational("the programme", WHILE_PROFILE),
        "volunteer": operational("who confirmed reading the policy", WHILE_PROFILE),
        "version": operational("which version (required before a first match)", WHILE_PROFILE),
        "read_on": operational("when (required before a first match)", WHILE_PROFILE),
        "created_at": operational("when recorded", WHILE_PROFILE),
    },
}
