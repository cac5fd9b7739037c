"""The agreement tests' cast: a programme's terms, and a signer with a self-made certificate.

Trust is not what these tests are about (a deployment names its trust roots in
`AGREEMENT_SIGNATURE_TRUST_ROOTS`); that the signature covers our whole, unchanged PDF is.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from io import BytesIO
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from accounts.models import Program, User
from volunteers.agreement_model_text import model_text
from volunteers.agreements import terms_save
from volunteers.models import AgreementTerms


def terms_for(program: Program, by: User, **fields: object) -> AgreementTerms:
    values: dict[str, object] = {
        "organisation_name": "Fundacja Witajcie",
        "organisation_address": "ul. Marszałkowska 1, 00-001 Warszawa",
        "krs": "0000123456",
        "nip": "5250001234",
        "regon": "",
        "signatory": "Maria Zielińska, prezeska zarządu",
        "text_pl": model_text("pl"),
        "text_uk": model_text("uk"),
        "text_en": model_text("en"),
        **fields,
    }
    return terms_save(program=program, by=by, **values)


KEY_USAGE = dict.fromkeys(
    (
        "key_encipherment", "data_encipherment", "key_agreement", "crl_sign",
        "encipher_only", "decipher_only",
    ),
    False,
) | {"digital_signature": True, "content_commitment": True, "key_cert_sign": True}  # fmt: skip


@cache
def _key_and_certificate(directory: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Anna Kowalska"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path = Path(directory) / "signer-key.pem"
    certificate_path = Path(directory) / "signer.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(certificate_path)


def signer_files(directory: Path) -> tuple[str, str]:
    """A self-made signing key and certificate (PEM files), made once per directory."""
    directory.mkdir(parents=True, exist_ok=True)
    return _key_and_certificate(str(directory))


def signed(document: bytes, directory: Path) -> bytes:
    """`document` signed as pyHanko signs: an incremental update covering the whole file."""
    key_path, certificate_path = signer_files(directory)
    signer = signers.SimpleSigner.load(key_path, certificate_path)
    assert signer is not None
    output = BytesIO()
    writer = IncrementalPdfFileWriter(BytesIO(document))
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name="Volunteer"),
        signer=signer,
        output=output,
    )
    return output.getvalue()
