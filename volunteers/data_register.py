"""Register of personal data of volunteers' models (see accounts.data_register)."""

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
_AGREEMENT = (
    "the volunteer agreement (art. 44 of the Act on public benefit activity and volunteering)"
)
_LOCATION = "matching by distance; only the district is shown to others"

ENTRIES: Entries = {
    "VolunteerProfile": {
        "id": _ROW,
        "address": identifying(_LOCATION),
        "city": identifying(_LOCATION),
        "postal_code": identifying(_LOCATION),
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
        "safeguarding_hold": operational("kept out of matching during a safeguarding review"),
        "policy_read_version": operational("the safeguarding policy version they confirmed"),
        "minors_check_valid_until": special(
            "work with children: derived from safeguarding checks", WHILE_PROFILE
        ),
        "active_matches": operational("capacity", WHILE_PROFILE),
        "created_at": operational("statistics: volunteers registered in a year"),
        "updated_at": operational("matching's snapshot freshness", WHILE_PROFILE),
    },
    "AgreementTerms": {
        "id": _ROW,
        "program": _PROGRAM,
        "organisation_name": operational("the agreement's party", WHILE_PROGRAM),
        "organisation_address": operational("the agreement's party", WHILE_PROGRAM),
        "krs": operational("the agreement's party", WHILE_PROGRAM),
        "nip": operational("the agreement's party", WHILE_PROGRAM),
        "regon": operational("the agreement's party", WHILE_PROGRAM),
        "signatory": identifying("who signs agreements for the organisation", WHILE_PROGRAM),
        "text_pl": operational("the agreement's text", WHILE_PROGRAM),
        "text_uk": operational("the agreement's text", WHILE_PROGRAM),
        "text_en": operational("the agreement's text", WHILE_PROGRAM),
        "is_required_before_matching": operational("programme rule", WHILE_PROGRAM),
        "version": operational("which text an agreement was made from", WHILE_PROGRAM),
        "updated_at": operational("when the terms last changed", WHILE_PROGRAM),
    },
    "VolunteerAgreement": {
        "id": _ROW,
        "program": _PROGRAM,
        "volunteer": operational("whose agreement", WHILE_PROFILE),
        "version": operational("which text the agreement was made from"),
        "language": operational("the volunteer's language beside Polish"),
        "content": identifying(_AGREEMENT + " (the filled text: names, e-mail, help offered)"),
        "made_at": operational("when the agreement was made"),
        "document": identifying(_AGREEMENT + " (the PDF)"),
        "document_sha256": operational("checking that the signed PDF is ours"),
        "status": operational("whether the agreement is signed (matching may require it)"),
        "signed_on": operational("when it was signed (art. 44: the written agreement)"),
        "signed_how": operational("on paper or electronically"),
        "signed_for_program_by": identifying("who signed for the programme"),
        "signer_name": identifying("the electronic signature's signer"),
        "signer_trusted": operational("whether the signer's certificate chains to trust roots"),
        "signed_document": identifying(_AGREEMENT + " (the signed PDF, with the certificate)"),
        "recorded_by": operational("who recorded the signature (the audit trail too)"),
    },
}
