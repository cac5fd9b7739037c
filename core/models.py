from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import reader_language


class Located(models.Model):
    """Where a person is, as typed and as found (see core.locations.location_resolve).

    The address is private to the person and coordinators; others see at most the place name.
    Coordinates are rounded to about 100 m: nobody needs someone's front door.
    """

    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # As the person typed it ("Praga-Południe"): shown back as such, used to find the place.
    district = models.CharField(_("district"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    place_name = models.CharField(_("place"), max_length=100, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True


class Translated(models.Model):
    """Labels a coordinator types (a programme's name, a module's title): the fields hold them
    in the programme's language, `translations` in the others, as {"uk": {"name": ...},
    "en": {...}}. A reader gets their language's version, else the programme's, never another.
    """

    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def in_language(self, field: str, language: str | None = None) -> str:
        """`field` in `language` (the reader's by default), else as the programme wrote it."""
        texts = (self.translations or {}).get(reader_language(language), {})
        return str(texts.get(field) or getattr(self, field))
