"""Register of personal data of newcomers' models (see accounts.data_register)."""

from accounts.data_register import WHILE_PROFILE, Entries, identifying, operational, special

_ROW = operational("row identity", "as long as the row")
_LOCATION = "matching by distance; only the district is shown to others"

ENTRIES: Entries = {
    "NewcomerProfile": {
        "id": _ROW,
        "address": identifying(_LOCATION),
        "city": identifying(_LOCATION),
        "postal_code": identifying(_LOCATION),
        "place_name": operational("the district or town: matching and statistics by district"),
        "lat": identifying(_LOCATION + " (rounded to about 100 m)"),
        "lon": identifying(_LOCATION + " (rounded to about 100 m)"),
        "user": operational("the account, once the person has one"),
        "program": operational("the programme the person belongs to"),
        "full_name": identifying("the person's name until they have an account"),
        "full_name_latin": identifying("the name in Latin letters, to read and search it"),
        "country_of_origin": special("context for matching (can reveal ethnic origin)"),
        "languages": operational("matching on a shared language"),
        "first_language": operational("matching and statistics by first language"),
        "interests": identifying("matching on interests (free words allowed)"),
        "arrived_on": identifying("context for the coordinator"),
        "contact_email": identifying("reaching the person"),
        "contact_phone": identifying("reaching the person"),
        "contact_channel": identifying("how the person wants to be reached"),
        "registered_by": operational("which coordinator registered the person", WHILE_PROFILE),
        "safeguarding_hold": operational("kept out of matching during a safeguarding review"),
        "created_at": operational("when registered"),
        "updated_at": operational("when changed", WHILE_PROFILE),
    },
    "SupportRequest": {
        "id": _ROW,
        "program": operational("the programme"),
        "newcomer": operational("whose request"),
        "needs": operational("matching; statistics by need"),
        "modes": operational("matching"),
        "days": operational("matching"),
        "urgency": operational("queue order"),
        "notes": special("what the coordinator should know (free text: may hold health data)"),
        "involves_minors": special("the help involves children: safeguarding rule"),
        "status": operational("the queue; statistics"),
        "waiting_since": operational("queue order; statistics"),
        "created_by": operational("who opened it (the person or a coordinator)"),
        "created_at": operational("statistics: requests received"),
        "updated_at": operational("when changed; the retention sweep's clock"),
    },
}
