"""The deployment's Ed25519 signing key, the keys it used before, and their encodings.

`CERTIFICATE_SIGNING_KEY` holds the private key (the 32-byte seed in base64, or a PKCS#8 PEM);
`CERTIFICATE_PREVIOUS_KEYS` lists the public keys of retired signing keys as Multikey strings
(`z6Mk...`), so certificates signed before a rotation still verify. A key's id is its public
key as a Multikey string: every certificate stores the id it was signed with, and
verification trusts only ids of the current and the listed previous keys.

Without a configured key, settings (DEBUG on: the first-run set-up and tests) put in a
published development key: everything works with no environment at all, and its signatures
are worthless, so production (DEBUG off) has no default and refuses to sign without a key.
`python manage.py generate_certificate_key` prints a new key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Multicodec prefixes of Ed25519 keys in Multikey form (varint 0xed and 0x1300).
ED25519_PUBLIC_PREFIX = b"\xed\x01"
ED25519_SECRET_PREFIX = b"\x80\x26"
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# The seed in settings' _DEVELOPMENT_CERTIFICATE_KEY, published in the repository.
_DEVELOPMENT_SEED = hashlib.sha256(
    b"welcome-ambassador: development certificate key, published, never for production"
).digest()


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = _BASE58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58btc_decode(text: str) -> bytes:
    number = 0
    for character in text:
        index = _BASE58_ALPHABET.find(character)
        if index < 0:
            raise ValueError(f"Not a base58btc character: {character!r}.")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_ones = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_ones + body


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def multikey_of(key: Ed25519PublicKey) -> str:
    """The public key as a Multikey `publicKeyMultibase` (`z6Mk...`)."""
    return "z" + base58btc_encode(ED25519_PUBLIC_PREFIX + public_key_bytes(key))


def public_key_from_multikey(multikey: str) -> Ed25519PublicKey:
    if not multikey.startswith("z"):
        raise ValueError("A Multikey string starts with z (base58btc).")
    raw = base58btc_decode(multikey[1:])
    if len(raw) != 34 or not raw.startswith(ED25519_PUBLIC_PREFIX):
        raise ValueError("Not an Ed25519 public key in Multikey form.")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_from_multikey(multikey: str) -> Ed25519PrivateKey:
    raw = base58btc_decode(multikey[1:]) if multikey.startswith("z") else b""
    if len(raw) != 34 or not raw.startswith(ED25519_SECRET_PREFIX):
        raise ValueError("Not an Ed25519 secret key in Multikey form.")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def private_key_from_setting(value: str) -> Ed25519PrivateKey:
    """Read CERTIFICATE_SIGNING_KEY: a PKCS#8 PEM, or the 32-byte seed in (url-safe) base64."""
    text = value.strip()
    if text.startswith("-----BEGIN"):
        loaded = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError("The PEM key is not an Ed25519 key.")
        return loaded
    try:
        seed = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_") + "==")
    except (binascii.Error, ValueError):
        raise ValueError("Expected a PEM key or a base64 Ed25519 seed.") from None
    if len(seed) != 32:
        raise ValueError("An Ed25519 seed is 32 bytes.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def seed_of(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    key_id: str  # the public key as a Multikey string
    is_development: bool

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


@cache
def _signing_key(configured: str) -> SigningKey:
    if not configured:
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEY: required when DEBUG is false "
            "(python manage.py generate_certificate_key makes one)."
        )
    try:
        private_key = private_key_from_setting(configured)
    except ValueError as error:
        raise ImproperlyConfigured(f"CERTIFICATE_SIGNING_KEY: {error}") from None
    return SigningKey(
        private_key=private_key,
        key_id=multikey_of(private_key.public_key()),
        is_development=seed_of(private_key)
        == seed_of(Ed25519PrivateKey.from_private_bytes(_DEVELOPMENT_SEED)),
    )


def signing_key() -> SigningKey:
    """The key new signatures are made with."""
    return _signing_key(settings.CERTIFICATE_SIGNING_KEY)


@cache
def _previous_keys(configured: tuple[str, ...]) -> dict[str, Ed25519PublicKey]:
    keys = {}
    for multikey in configured:
        try:
            keys[multikey] = public_key_from_multikey(multikey)
        except ValueError as error:
            raise ImproperlyConfigured(f"CERTIFICATE_PREVIOUS_KEYS: {error}") from None
    return keys


def trusted_public_keys() -> dict[str, Ed25519PublicKey]:
    """Key id -> public key for every key whose signatures verify: current and previous."""
    current = signing_key()
    return {
        **_previous_keys(tuple(settings.CERTIFICATE_PREVIOUS_KEYS)),
        current.key_id: current.public_key,
    }


def signature_is_valid(*, key_id: str, signature: bytes, data: bytes) -> bool:
    public_key = trusted_public_keys().get(key_id)
    if public_key is None:
        return False
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
