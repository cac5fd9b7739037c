"""Register of personal data of reports' models (see accounts.data_register)."""

from accounts.data_register import WHILE_PROGRAM, Entries, identifying, operational

_ROW = operational("row identity", "as long as the row")
_BATCH = "deleted when confirmed, or after 24 hours"

ENTRIES: Entries = {
    "PublishedReport": {
        "id": _ROW,
        "program": operational("the programme", WHILE_PROGRAM),
        "year": operational("the year", WHILE_PROGRAM),
        "figures": identifying(
            "the published figures (suppressed below 5) and the consenting ambassadors' first "
            "names and districts",
            "while published; an erased volunteer is removed from the ambassadors",
        ),
        "published_at": operational("when", WHILE_PROGRAM),
        "published_by": operational("audit: which coordinator", WHILE_PROGRAM),
    },
    "ImportBatch": {
        "id": _ROW,
        "program": operational("the programme", _BATCH),
        "kind": operational("volunteers or newcomers", _BATCH),
        "file_name": operational("the uploaded file's name", _BATCH),
        "content": identifying("the uploaded rows (names, contacts)", _BATCH),
        "created_by": operational("which coordinator uploaded it", _BATCH),
        "created_at": operational("the 24-hour clock", _BATCH),
    },
}
