from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Manager, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program
from certificates.serials import serial_display
from matching.models import Match
from training.models import TrainingSession
from volunteers.models import VolunteerProfile


class CertificateKind(models.TextChoices):
    TRAINING = "training", _("Completed training")
    COMMITMENT = "commitment", _("Completed commitment")
    RECOGNITION = "recognition", _("Recognition")
    # Art. 44 sec. 4-5 of the Act on public benefit activity and volunteering: on the
    # volunteer's request, a written confirmation of the service and an opinion about it.
    SERVICE_CONFIRMATION = "service_confirmation", _("Confirmation of service")
    OPINION = "opinion", _("Opinion on the service")


class Certificate(models.Model):  # type: ignore[django-manager-missing]
    """A certificate as it was issued: what it says is copied here and signed.

    The holder's name, the programme, the issuer and what was achieved (`details`) are kept as
    printed, so a later change of a profile changes no certificate; `signature` covers them
    (see `certificates.signing`), so a row edited in the database no longer verifies.

    `subject_key` names what the certificate is for, and one volunteer gets one certificate of
    a kind per subject: `match:<id>` for a commitment; `training:<digest>` for training, the
    digest of the completions it rests on (so a renewal years later, with new completions, is a
    new certificate, and issuing again for the same completions returns the first);
    `recognition:<digest>` of the award's title.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="certificates")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    # No reverse accessor: matching (a lower floor) has no business with certificates.
    match = models.ForeignKey(
        Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_key = models.CharField(max_length=100)
    serial = models.CharField(_("serial"), max_length=21, unique=True)
    holder_name = models.CharField(_("holder's name"), max_length=150)
    program_name = models.CharField(_("programme"), max_length=200)
    program_city = models.CharField(_("city"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Training: {"modules": [{"id", "titles": {"pl", "uk", "en"}, "completed_on"}]};
    # commitment: {"started_on", "ended_on", "months"}; recognition: {};
    # service_confirmation: {"pairings": [{"started_on", "ended_on", "is_ongoing", "needs",
    # "minutes"}], "minutes", "as_of"}; opinion: the same plus {"text"}.
    details = models.JSONField(default=dict, blank=True)
    issuer_name = models.CharField(_("issued by"), max_length=150)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("issued at"))
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=100)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Seen by coordinators and the holder, never by the public verification.
    revocation_reason = models.TextField(_("reason for revocation"), max_length=1000, blank=True)
    # Its entry in the programme's revocation status list (`certificates.status_lists`):
    # allocated once at issue, never reused, public in the credential's `credentialStatus`.
    # NULL only for one the previous release issued while this one was being deployed; it
    # gets its entry when first needed (a later release makes the column NOT NULL).
    status_index = models.PositiveIntegerField(_("status list index"), editable=False, null=True)

    objects: ClassVar[Manager[Certificate]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["program", "issued_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "kind", "subject_key"], name="certificate_once_per_subject"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
            ),
            models.UniqueConstraint(
                fields=["program", "status_index"], name="certificate_status_index_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.serial_display}"

    @property
    def serial_display(self) -> str:
        return serial_display(self.serial)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")


class StatusList(models.Model):  # type: ignore[django-manager-missing]
    """A programme's W3C Bitstring Status List: one bit per certificate, set when it is revoked,
    published as a signed BitstringStatusListCredential (`certificates.status_lists`).

    `allocated` counts the entries handed out; the n-th goes to a scattered index (a keyed
    permutation of each block of 131,072, so an index tells nothing of when it was issued or
    how many were). Bits are only ever set; `changed_at` is when one last changed, the list
    credential's date, so an unchanged list is the same document.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="status_lists")
    purpose = models.CharField(
        max_length=20, choices=StatusPurpose.choices, default=StatusPurpose.REVOCATION
    )
    allocated = models.PositiveIntegerField(default=0)
    permutation_key = models.BinaryField(max_length=32)
    # Index 0 is the most significant bit of the first byte; whole blocks of 16 KiB.
    bits = models.BinaryField()
    changed_at = models.DateTimeField()

    objects: ClassVar[Manager[StatusList]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.UniqueConstraint(fields=["program", "purpose"], name="status_list_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} status list of programme {self.program_id}"


class PublicRecognitionConsent(models.Model):  # type: ignore[django-manager-missing]
    """A volunteer's own yes to appear on the programme's public "our ambassadors" page.

    Asked for separately from everything else and withdrawable at any time: withdrawing keeps
    the row (when it was given and withdrawn) and takes the person off the page at once.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="recognition_consents"
    )
    volunteer = models.OneToOneField(
        VolunteerProfile, on_delete=models.CASCADE, related_name="recognition_consent"
    )
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects: ClassVar[Manager[PublicRecognitionConsent]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("consent to public recognition")
        verbose_name_plural = _("consents to public recognition")

    def __str__(self) -> str:
        return f"recognition consent of volunteer {self.volunteer_id}"

    @property
    def is_given(self) -> bool:
        return self.withdrawn_at is None


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CertificateBatch(models.Model):  # type: ignore[django-manager-missing]
    """Training certificates for everyone who attended a session, issued by a Celery task."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="certificate_batches"
    )
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="certificate_batches"
    )
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    already_issued = models.PositiveIntegerField(default=0)
    # [{"volunteer": id, "full_name": ..., "reasons": {"field": [message]}}] of the ineligible.
    skipped = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    objects: ClassVar[Manager[CertificateBatch]] = ScopedManager(program="program")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"certificate batch #{self.pk} ({self.status})"

    @property
    def progress(self) -> int:
        """Per cent done."""
        if self.status == BatchStatus.DONE:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0


class OpinionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")


class OpinionRequest(models.Model):  # type: ignore[django-manager-missing]
    """A volunteer's request for an opinion about their service (art. 44 sec. 5), which a
    coordinator writes and issues as a certificate of kind `opinion`. One open request per
    volunteer at a time."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="opinion_requests"
    )
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.REQUESTED
    )
    certificate = models.OneToOneField(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[Manager[OpinionRequest]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("request for an opinion")
        verbose_name_plural = _("requests for an opinion")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(status="requested"),
                name="opinion_request_one_open_per_volunteer",
            )
        ]

    def __str__(self) -> str:
        return f"opinion request #{self.pk} of volunteer {self.volunteer_id}"
