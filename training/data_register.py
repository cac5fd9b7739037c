"""Register of personal data of training's models (see accounts.data_register)."""

from accounts.data_register import (
    WHILE_PROFILE,
    WHILE_PROGRAM,
    Entries,
    identifying,
    operational,
    special,
)

_ROW = operational("row identity", "as long as the row")
_PROGRAM = operational("the programme the row belongs to", "as long as the row")

ENTRIES: Entries = {
    "TrainingModule": {
        "id": _ROW,
        "program": _PROGRAM,
        "title": operational("the course", WHILE_PROGRAM),
        "description": operational("the course", WHILE_PROGRAM),
        "translations": operational("the course in other languages", WHILE_PROGRAM),
        "is_required": operational("training rule", WHILE_PROGRAM),
        "validity_months": operational("training rule", WHILE_PROGRAM),
        "delivery": operational("the course", WHILE_PROGRAM),
        "position": operational("order", WHILE_PROGRAM),
        "is_active": operational("training rule", WHILE_PROGRAM),
        "created_at": operational("when created", WHILE_PROGRAM),
    },
    "TrainingSession": {
        "id": _ROW,
        "program": _PROGRAM,
        "module": operational("what is taught", WHILE_PROGRAM),
        "starts_at": operational("when", WHILE_PROGRAM),
        "duration_minutes": operational("how long", WHILE_PROGRAM),
        "place": operational("where (a venue, not a home)", WHILE_PROGRAM),
        "online_link": operational("where online", WHILE_PROGRAM),
        "trainer": identifying("who teaches (a name)", WHILE_PROGRAM),
        "capacity": operational("places", WHILE_PROGRAM),
        "attendance_marked_at": operational("attendance state", WHILE_PROGRAM),
        "created_by": operational("which coordinator scheduled it", WHILE_PROGRAM),
        "created_at": operational("when created", WHILE_PROGRAM),
    },
    "SessionSignup": {
        "id": _ROW,
        "session": operational("which session"),
        "volunteer": operational("who signed up"),
        "attended": operational("attendance: training completion"),
        "created_at": operational("when"),
    },
    "TrainingCompletion": {
        "id": _ROW,
        "program": _PROGRAM,
        "volunteer": operational("whose completion"),
        "module": operational("which module"),
        "completed_on": operational("training status and statistics"),
        "expires_on": operational("training status and statistics"),
        "session": operational("recorded from attendance"),
        "recorded_by": operational("audit: which coordinator recorded it"),
        "created_at": operational("when recorded"),
    },
    "SafeguardingCheck": {
        "id": _ROW,
        "program": _PROGRAM,
        "volunteer": special("whose check (criminal-record data, GDPR Art. 10)", WHILE_PROFILE),
        "kind": special("which register was checked", WHILE_PROFILE),
        "checked_on": special("when the coordinator saw the result", WHILE_PROFILE),
        "expires_on": special("until when work with children is allowed", WHILE_PROFILE),
        "verified_by": operational("audit: which coordinator saw it", WHILE_PROFILE),
        "created_at": operational("when recorded", WHILE_PROFILE),
    },
}
