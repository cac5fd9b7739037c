"""What an archive checks in a PDF, read with pypdf: the fonts its pages use and whether each
is embedded, and the document information (title, author, subject, language, date)."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

EMBEDDED_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class Font:
    name: str
    subtype: str
    font_file: str | None  # which /FontFile* holds the embedded program, None if none


def _dictionary(value: Any) -> DictionaryObject:
    """`value` (or what it refers to) as a dictionary; empty when absent."""
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _fonts_in(resources: Any, found: dict[str, Font]) -> None:
    resources = _dictionary(resources)
    for font in _dictionary(resources.get("/Font")).values():
        font = font.get_object()
        descriptor_holder = font
        if font.get("/Subtype") == "/Type0":  # a composite font describes its descendant
            descriptor_holder = font["/DescendantFonts"][0].get_object()
        descriptor = descriptor_holder.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else DictionaryObject()
        font_file = next((key for key in EMBEDDED_FONT_FILES if key in descriptor), None)
        found[str(font["/BaseFont"])] = Font(
            name=str(font["/BaseFont"]), subtype=str(font["/Subtype"]), font_file=font_file
        )
    for xobject in _dictionary(resources.get("/XObject")).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts_in(xobject.get("/Resources"), found)


def fonts_of(document: bytes) -> list[Font]:
    """Every font any page (or form on it) refers to in its resources."""
    found: dict[str, Font] = {}
    for page in PdfReader(BytesIO(document)).pages:
        _fonts_in(page.get("/Resources"), found)
    return sorted(found.values(), key=lambda font: font.name)


def information_of(document: bytes) -> dict[str, str]:
    """The document information and the catalogue's /Lang."""
    reader = PdfReader(BytesIO(document))
    information = {key: str(value) for key, value in (reader.metadata or {}).items()}
    information["/Lang"] = str(_dictionary(reader.trailer["/Root"]).get("/Lang", ""))
    return information


def text_of(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(document)).pages)
