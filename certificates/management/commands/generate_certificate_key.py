"""Print a new Ed25519 key for signing certificates, and how to install it."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand

from certificates.keys import multikey_of, seed_of


class Command(BaseCommand):
    help = (
        "Generate an Ed25519 certificate signing key. Keep the private key secret "
        "(CERTIFICATE_SIGNING_KEY); when rotating, add the old key's public key to "
        "CERTIFICATE_PREVIOUS_KEYS so certificates it signed keep verifying."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key = Ed25519PrivateKey.generate()
        self.stdout.write(f"CERTIFICATE_SIGNING_KEY={seed_of(key)}")
        self.stdout.write(
            f"# public key (its id; list it in CERTIFICATE_PREVIOUS_KEYS after a "
            f"rotation): {multikey_of(key.public_key())}"
        )
