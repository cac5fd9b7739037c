"""The engine's reason codes as JSON and as short sentences in the reader's language.

The engine says why in codes with parameters (`matching.engine.reasons`); stored matches keep
them as `[{"code": ..., "params": {...}}]`. Sentences are made when shown, in the active
language (pl, uk or en): language names from CLDR, skill and interest labels from the
vocabulary. Consecutive reasons of one kind (needs, interests) make one sentence. A code this
module does not know, or one with parameters it cannot read, is skipped: stored reasons may be
older or newer than this code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import groupby
from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.languages import reader_language
from core.vocabulary import DAYS, SKILL_CODES, interest, language_name, skill
from matching.engine import Reason


def _json_safe(value: Any) -> Any:
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(item) for item in value]
    if hasattr(value, "item"):  # a numpy scalar
        return _json_safe(value.item())
    return str(value)


def reasons_as_json(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    """`[{"code": "shared_language", "params": {"language": "uk", "level": "B2"}}, ...]`."""
    return [{"code": reason.code, "params": _json_safe(reason.params)} for reason in reasons]


def _level(level: Any) -> str:
    return pgettext("language level", "native") if level == "native" else str(level)


def _language(code: Any, lang: str) -> str:
    return language_name(str(code), lang)


def _skill_label(code: Any, lang: str) -> str:
    return skill(code).label.in_language(lang) if code in SKILL_CODES else str(code)


def _interest_label(term: Any, lang: str) -> str:
    found = interest(str(term))
    return found.label.in_language(lang) if found else str(term).replace("_", " ")


def _day_names(days: Any) -> str:
    return ", ".join(str(WEEKDAYS[DAYS.index(day)]) for day in days if day in DAYS)


def _one(code: str, params: Mapping[str, Any], lang: str) -> str | None:
    if code == "shared_language":
        return _("Both speak %(language)s (%(level)s).") % {
            "language": _language(params["language"], lang),
            "level": _level(params["level"]),
        }
    if code == "speaks_first_language":
        return _("Speaks the newcomer's first language, %(language)s (%(level)s).") % {
            "language": _language(params["language"], lang),
            "level": _level(params["level"]),
        }
    if code == "practises_polish":
        return _("Can practise Polish with the newcomer (%(level)s).") % {
            "level": _level(params["level"])
        }
    if code == "distance_km":
        return _("%(km)s km away.") % {"km": number_format(float(params["km"]), 1)}
    if code == "online":
        return _("Offers online meetings.")
    if code == "shared_days":
        names = _day_names(params["days"])
        return _("Both free on %(days)s.") % {"days": names} if names else None
    return None


def _needs(group: list[Mapping[str, Any]], lang: str) -> str | None:
    labels = [_skill_label(params["need"], lang) for params in group]
    return _("Can help with: %(needs)s.") % {"needs": ", ".join(labels)} if labels else None


def _interests(group: list[Mapping[str, Any]], lang: str) -> str | None:
    labels = [_interest_label(params["interest"], lang) for params in group]
    if not labels:
        return None
    return ngettext(
        "Shared interest: %(interests)s.", "Shared interests: %(interests)s.", len(labels)
    ) % {"interests": ", ".join(labels)}


_GROUPED: Mapping[str, Callable[[list[Mapping[str, Any]], str], str | None]] = {
    "covers_need": _needs,
    "shared_interest": _interests,
}


def reason_sentences(reasons: Iterable[Mapping[str, Any]]) -> list[str]:
    """Sentences for reasons given as `{"code", "params"}` mappings, in the active language."""
    lang = reader_language()
    sentences: list[str] = []
    readable = (reason for reason in reasons if isinstance(reason, Mapping))
    for code, items in groupby(readable, key=lambda reason: reason.get("code")):
        params = [item.get("params") or {} for item in items]
        try:
            key = _frozen(params)
        except TypeError:
            continue
        sentences.extend(_sentences(lang, str(code), key))
    return sentences


def _frozen(value: Any) -> Any:
    """A hashable twin of JSON-like params (the cache key); TypeError for anything else."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(key), _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return ("list", *(_frozen(item) for item in value))
    hash(value)
    return value


def _thawed(value: Any) -> Any:
    if isinstance(value, tuple) and value[:1] == ("list",):
        return [_thawed(item) for item in value[1:]]
    if isinstance(value, tuple):
        return {key: _thawed(item) for key, item in value}
    return value


# Candidates share most reasons (languages, needs, days), and wording one takes gettext,
# CLDR and number formatting: worth remembering per language. Catalogs never change at run time.
@lru_cache(maxsize=8192)
def _sentences(lang: str, code: str, params: tuple[Any, ...]) -> tuple[str, ...]:
    group = _thawed(params)
    try:
        if code in _GROUPED:
            found = [_GROUPED[code](group, lang)]
        else:
            found = [_one(code, one, lang) for one in group]
    except (KeyError, TypeError, ValueError, AttributeError):
        return ()
    return tuple(sentence for sentence in found if sentence)
