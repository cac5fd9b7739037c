"""Register of personal data of matching's models (see accounts.data_register)."""

from accounts.data_register import (
    UNTIL_CLOSED,
    WHILE_PROGRAM,
    Entries,
    identifying,
    operational,
    special,
)

_ROW = operational("row identity", "as long as the row")
_PROGRAM = operational("the programme the row belongs to")
_STATE = operational("the match's lifecycle; statistics")
_AUDIT = operational("audit: which coordinator acted")

ENTRIES: Entries = {
    "Match": {
        "id": _ROW,
        "program": _PROGRAM,
        "request": operational("which request"),
        "volunteer": operational("who mentors"),
        "newcomer": operational("who is supported"),
        "status": _STATE,
        "score": operational("the engine's score when proposed"),
        "breakdown": operational("the engine's score components"),
        "reasons": identifying("the engine's reasons (languages, distance)", UNTIL_CLOSED),
        "run": operational("the matching run that proposed it"),
        "proposed_by": _AUDIT,
        "proposed_at": _STATE,
        "decided_by": _AUDIT,
        "decided_at": _STATE,
        "started_on": _STATE,
        "commitment_ends_on": _STATE,
        "last_check_in_on": _STATE,
        "health": _STATE,
        "ended_on": _STATE,
        "reason": special("coordinators' note: why it was rejected or ended"),
        "end_reason": operational("why it ended, from a list; statistics"),
        "last_satisfaction": operational("monitoring"),
        "attention": operational("monitoring: why a coordinator should look"),
        "attention_note": special("what the person wrote when asking for a change"),
        "attention_at": operational("monitoring"),
        "paused_at": operational("contact paused for a safeguarding review (no reason kept)"),
        "updated_at": operational("when changed"),
    },
    "MatchDecision": {
        "id": _ROW,
        "match": operational("which match"),
        "action": operational("audit: what was decided"),
        "by": _AUDIT,
        "at": operational("audit: when"),
        "note": special("coordinators' note with the decision"),
    },
    "PairExclusion": {
        "id": _ROW,
        "program": _PROGRAM,
        "volunteer": operational("never propose this pair again"),
        "newcomer": operational("never propose this pair again"),
        "source": operational("why: from a list"),
        "reason": special("coordinators' note"),
        "created_by": _AUDIT,
        "created_at": operational("when"),
    },
    "MatchingRun": {
        "id": _ROW,
        "program": _PROGRAM,
        "status": operational("job state", WHILE_PROGRAM),
        "is_exact": operational("job setting", WHILE_PROGRAM),
        "started_by": operational("which coordinator started it", WHILE_PROGRAM),
        "created_at": operational("job state", WHILE_PROGRAM),
        "started_at": operational("job state", WHILE_PROGRAM),
        "finished_at": operational("job state", WHILE_PROGRAM),
        "stage": operational("job state", WHILE_PROGRAM),
        "progress": operational("job state", WHILE_PROGRAM),
        "requests_considered": operational("job result", WHILE_PROGRAM),
        "volunteers_considered": operational("job result", WHILE_PROGRAM),
        "proposals": operational("job result", WHILE_PROGRAM),
        "total_score": operational("job result", WHILE_PROGRAM),
        "solver_seconds": operational("job result", WHILE_PROGRAM),
        "error": operational("job failure (a technical message)", WHILE_PROGRAM),
    },
}
