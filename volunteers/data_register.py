"""Register of personal data of volunteers' models (see accounts.data_register)."""

from accounts.data_register import (
    WHILE_PROFILE,
    Entries,
    identifying,
    operational,
    special,
)

_ROW = operational("row identity", "as long as the row")
_PROGRAM = operational("the programme the row belongs to", "as long as the row")
_LOCATION = "matching by distance; only the district is shown to others"

ENTRIES: Entries = {
    "VolunteerProfile": {
        "id": _ROW,
        "address": identifying(_LOCATION),
        "city": identifying(_LOCATION),
        "postal_code": identifying(_LOCATION),
        "district": identifying(_LOCATION),
        "place_name": operational("the district or town: matching and statistics"),
        "lat": identifying(_LOCATION + " (rounded to about 100 m)"),
        "lon": identifying(_LOCATION + " (rounded to about 100 m)"),
        "user": operational("whose profile", WHILE_PROFILE),
        "program": _PROGRAM,
        "languages": operational("matching on a shared language"),
        "skills": operational("matching on needs"),
        "interests": identifying("matching on interests (free words allowed)"),
        "support_roles": operational("ways to help besides mentoring"),
        "max_distance_km": operational("matching", WHILE_PROFILE),
        "hours_per_week": operational("matching", WHILE_PROFILE),
        "days": operational("matching", WHILE_PROFILE),
        "modes": operational("matching", WHILE_PROFILE),
        "capacity": operational("matching", WHILE_PROFILE),
        "bio": identifying("what the volunteer tells about themselves"),
        "status": operational("whether the volunteer can be matched (withdrawn on erasure)"),
        "is_trained": operational("derived from training; matching and statistics"),
        "minors_check_valid_until": special(
            "work with children: derived from safeguarding checks", WHILE_PROFILE
        ),
        "active_matches": operational("capacity", WHILE_PROFILE),
        "created_at": operational("statistics: volunteers registered in a year"),
        "updated_at": operational("matching's snapshot freshness", WHILE_PROFILE),
    },
}
