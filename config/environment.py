"""Strict reading of settings from the environment.

django-environ parses values leniently (``DEBUG=maybe`` reads as false); a city's operator who
mistypes a variable should learn it at start-up, so every reader here fails with the
variable's name and what it expected.
"""

from __future__ import annotations

import warnings
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

SUPPORTED_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = env.str(name, default=None)
    return None if value is None else value.strip()


def read_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {value!r}.")


def read_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}: expected at least {minimum}, got {number}.")
    return number


def read_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def read_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def read_choice(name: str, default: str, choices: set[str]) -> str:
    value = read_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}: expected one of {', '.join(sorted(choices))}, got {value!r}."
        )
    return value


def read_database(name: str, default: str) -> dict[str, Any]:
    value = read_str(name, default)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config: dict[str, Any] = environ.Env.db_url_config(value)
    except Exception as error:  # environ raises several kinds for a malformed URL
        raise ImproperlyConfigured(
            f"{name}: cannot read database URL {value!r} ({error})."
        ) from None
    if config.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"{name}: expected a postgres:// or sqlite:/// URL, got {value!r}."
        )
    return config


def read_timezone(name: str, default: str) -> str:
    import zoneinfo

    value = read_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}: unknown time zone {value!r}.") from None
    return value


SUPPORTED_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.redis.RedisCache",
}


def read_cache(name: str, default: str) -> dict[str, Any]:
    """A cache URL (django-environ's cache_url): `redis://host:6379/1` or `locmemcache://`."""
    value = read_str(name, default)
    try:
        config: dict[str, Any] = environ.Env.cache_url_config(value)
    except Exception as error:  # environ raises several kinds for a malformed URL
        raise ImproperlyConfigured(f"{name}: cannot read cache URL {value!r} ({error}).") from None
    if config.get("BACKEND") not in SUPPORTED_CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"{name}: expected a redis:// or locmemcache:// URL, got {value!r}."
        )
    return config
