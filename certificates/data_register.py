"""Register of personal data of certificates' models (see accounts.data_register)."""

from accounts.data_register import WHILE_PROGRAM, Entries, identifying, operational, special

_ROW = operational("row identity", "as long as the row")
_PRINTED = "as printed and signed; kept while the certificate exists"
_HOLDER = "while the certificate exists; emptied on the holder's erasure"

ENTRIES: Entries = {
    "Certificate": {
        "id": _ROW,
        "program": operational("the issuing programme", _PRINTED),
        "volunteer": operational("the holder", _PRINTED),
        "kind": operational("what kind; statistics", _PRINTED),
        "match": operational("the commitment it certifies", _PRINTED),
        "subject_key": operational("one certificate per subject", _PRINTED),
        "serial": operational("public verification", _PRINTED),
        "holder_name": identifying("the holder's name as printed", _HOLDER),
        "program_name": operational("as printed", _PRINTED),
        "program_city": operational("as printed", _PRINTED),
        "title": operational("the award's title, as printed", _PRINTED),
        "details": operational("what was achieved (modules, dates)", _PRINTED),
        "issuer_name": identifying("the coordinator who issued it, as printed", _PRINTED),
        "issued_by": operational("audit: which coordinator", _PRINTED),
        "issued_on": operational("as printed; statistics", _PRINTED),
        "issued_at": operational("when", _PRINTED),
        "key_id": operational("which key signed it", _PRINTED),
        "signature": operational("proves the content", _PRINTED),
        "revoked_at": operational("revocation; statistics", _PRINTED),
        "revoked_by": operational("audit: which coordinator", _PRINTED),
        "revocation_reason": special("coordinators' note, seen by the holder", _PRINTED),
        "status_index": operational(
            "its entry in the public revocation list (a position, no personal data)",
            "while the certificate exists; the position is never given to another",
        ),
    },
    # The published list holds one bit per certificate and nothing about anyone.
    "StatusList": {
        "id": _ROW,
        "program": operational("whose list", WHILE_PROGRAM),
        "purpose": operational("what the bits mean (revocation)", WHILE_PROGRAM),
        "allocated": operational("entries handed out, so none is given twice", WHILE_PROGRAM),
        "permutation_key": operational("scatters entries over the list (secret)", WHILE_PROGRAM),
        "bits": operational("the published bits: revoked or not", WHILE_PROGRAM),
        "changed_at": operational("when a bit last changed (the list's date)", WHILE_PROGRAM),
    },
    "PublicRecognitionConsent": {
        "id": _ROW,
        "program": operational("the programme", _HOLDER),
        "volunteer": operational("whose consent", _HOLDER),
        "given_at": operational("proof of consent", _HOLDER),
        "withdrawn_at": operational("withdrawal (set on erasure)", _HOLDER),
    },
    "CertificateBatch": {
        "id": _ROW,
        "program": operational("the programme", WHILE_PROGRAM),
        "session": operational("which session's attendees", WHILE_PROGRAM),
        "status": operational("job state", WHILE_PROGRAM),
        "created_by": operational("which coordinator started it", WHILE_PROGRAM),
        "created_at": operational("job state", WHILE_PROGRAM),
        "started_at": operational("job state", WHILE_PROGRAM),
        "finished_at": operational("job state", WHILE_PROGRAM),
        "total": operational("job result", WHILE_PROGRAM),
        "processed": operational("job result", WHILE_PROGRAM),
        "issued": operational("job result", WHILE_PROGRAM),
        "already_issued": operational("job result", WHILE_PROGRAM),
        "skipped": identifying(
            "who could not be certified and why (names)", "an erased person is removed"
        ),
        "error": operational("job failure (a technical message)", WHILE_PROGRAM),
    },
    "OpinionRequest": {
        "id": _ROW,
        "program": operational("the programme", _HOLDER),
        "volunteer": operational("who asked for an opinion (art. 44 sec. 5)", _HOLDER),
        "requested_at": operational("when they asked", _HOLDER),
        "status": operational("whether the opinion was issued", _HOLDER),
        "certificate": operational("the opinion issued", _HOLDER),
    },
}
