"""Register of personal data of the six months' models (see accounts.data_register)."""

from accounts.data_register import Entries, operational, special

_ROW = operational("row identity", "as long as the row")
_PROGRAM = operational("the programme the row belongs to")

ENTRIES: Entries = {
    "CheckIn": {
        "id": _ROW,
        "program": _PROGRAM,
        "match": operational("which match"),
        "date": operational("monitoring; statistics by month"),
        "duration_minutes": operational("statistics: check-in hours"),
        "mode": operational("monitoring"),
        "topics": operational("monitoring"),
        "note": special("what the person wrote (free text: may hold health or family data)"),
        "satisfaction": operational("monitoring"),
        "by": operational("who logged it"),
        "created_at": operational("when logged"),
    },
    "SurveyResponse": {
        "id": _ROW,
        "program": _PROGRAM,
        "match": operational("which match"),
        "respondent": operational("who answered"),
        "number": operational("which survey"),
        "rating": operational("monitoring"),
        "note": special("what the person wrote to the coordinator (free text)"),
        "created_at": operational("when answered"),
    },
}
