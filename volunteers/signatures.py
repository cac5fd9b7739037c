"""Checking a volunteer agreement signed electronically (trusted profile or qualified
signature), with pyHanko.

A signed PDF is the PDF we made with the signature appended as an incremental update. It is
accepted when
- its first bytes are exactly our PDF (the unsigned revision is ours, unchanged),
- every signature in it is intact (the digest over its byte range matches) and the last one
  covers the entire file (nothing was appended after signing),
- every page draws what ours draws (the signing revision adds a signature, not content),
- and, when the deployment names trust roots (`AGREEMENT_SIGNATURE_TRUST_ROOTS`: the
  certificates of the trusted profile's and the qualified trust services' authorities), the
  signer's certificate chains to one of them. Without trust roots (development, tests) the
  signature is kept with `signer_trusted` false.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from core import clock


@dataclass(frozen=True)
class SignatureCheck:
    signer_name: str
    signed_on: date
    is_trusted: bool


def _refused(message: str) -> ValidationError:
    return ValidationError({"signed_pdf": message})


@cache
def _trust_roots(paths: tuple[str, ...]) -> list[x509.Certificate]:
    roots: list[x509.Certificate] = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            roots.extend(
                x509.Certificate.load(der)
                for _type, _headers, der in pem.unarmor(data, multiple=True)
            )
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def _page_contents(reader: PdfFileReader) -> list[bytes]:
    """What each page draws: its content streams, in page order."""
    found: list[bytes] = []
    stack: list[Any] = [reader.root["/Pages"]]
    while stack:
        node = stack.pop().get_object()
        if node.get("/Type") == "/Pages":
            stack.extend(reversed(list(node["/Kids"])))
            continue
        contents = node.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        streams = list(contents) if isinstance(contents, list) else [contents]
        found.append(b"".join(stream.get_object().data for stream in streams if stream is not None))
    return found


def signed_pdf_check(*, signed: bytes, original: bytes) -> SignatureCheck:
    """The signature's signer and day when `signed` is `original` signed, whole and unchanged;
    ValidationError on `signed_pdf` saying what is wrong otherwise."""
    if not signed.startswith(b"%PDF-"):
        raise _refused(_("Upload the agreement as a PDF file."))
    try:
        reader = PdfFileReader(BytesIO(signed), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as error:  # pyHanko raises many kinds on a damaged file
        raise _refused(_("The PDF file cannot be read.")) from error
    if not signatures:
        raise _refused(_("The file has no electronic signature."))
    if signed[: len(original)] != original:
        raise _refused(
            _(
                "The signed file is not the agreement made for you, or it was changed before "
                "signing."
            )
        )
    try:
        if _page_contents(reader) != _page_contents(PdfFileReader(BytesIO(original))):
            raise _refused(_("The signed file's pages differ from the agreement made for you."))
    except (KeyError, AttributeError, TypeError) as error:
        raise _refused(_("The PDF file cannot be read.")) from error
    paths = tuple(getattr(settings, "AGREEMENT_SIGNATURE_TRUST_ROOTS", ()))
    roots = _trust_roots(paths)
    statuses = []
    for signature in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=bool(roots))
        try:
            statuses.append(validate_pdf_signature(signature, context))
        except Exception as error:
            raise _refused(_("The signature cannot be checked.")) from error
    if not all(status.intact and status.valid for status in statuses):
        raise _refused(_("The signature does not match the document."))
    last = statuses[-1]
    if last.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise _refused(
            _("The signature does not cover the whole file: something was added after signing.")
        )
    if roots and not last.trusted:
        raise _refused(
            _(
                "The signature's certificate is not issued by a trusted profile or a qualified "
                "trust service."
            )
        )
    moment = last.signer_reported_dt or clock.now()
    return SignatureCheck(
        signer_name=str(signatures[-1].signer_cert.subject.human_friendly)[:300],
        signed_on=min(clock.local_date(moment), clock.today()),
        is_trusted=bool(last.trusted),
    )
