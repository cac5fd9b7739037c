from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Located(models.Model):
    """Where a person is, as typed and as found (see core.locations.location_resolve).

    The address is private to the person and coordinators; others see at most the place name.
    Coordinates are rounded to about 100 m: nobody needs someone's front door.
    """

    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    place_name = models.CharField(_("place"), max_length=100, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True
