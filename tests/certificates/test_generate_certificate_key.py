"""`manage.py generate_certificate_key` prints a key that the settings accept."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from certificates.keys import multikey_of, private_key_from_setting, signing_key


def test_the_printed_key_signs_and_its_public_key_is_printed_for_rotation() -> None:
    output = StringIO()

    call_command("generate_certificate_key", stdout=output)

    lines = output.getvalue().splitlines()
    seed = lines[0].removeprefix("CERTIFICATE_SIGNING_KEY=")
    public = lines[1].rsplit(" ", 1)[-1]
    assert multikey_of(private_key_from_setting(seed).public_key()) == public
    with override_settings(CERTIFICATE_SIGNING_KEY=seed):
        assert signing_key().key_id == public
        assert signing_key().is_development is False


def test_the_embedded_default_is_the_published_development_key() -> None:
    assert signing_key().is_development is True
