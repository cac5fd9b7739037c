"""Everything that writes certificates: issuing (one and in bulk), revoking, consent.

Issuing checks eligibility, then gets-or-creates the certificate on its unique key
(volunteer, kind, subject_key): the insert runs in a savepoint and a unique violation means
someone issued the same certificate a moment earlier, so theirs is returned. No
check-then-insert decides anything; the database does.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from accounts.audit import acting_as, audited_update
from accounts.models import User
from accounts.notifications import notification_queue
from certificates.models import (
    BatchStatus,
    Certificate,
    CertificateBatch,
    CertificateKind,
    OpinionRequest,
    OpinionStatus,
    PublicRecognitionConsent,
)
from certificates.serials import serial_display, serial_new
from certificates.signing import certificate_sign
from certificates.status_lists import status_index_allocate, status_revoke
from commitments.hours import minutes_logged
from commitments.models import CheckIn
from core import clock
from core.languages import SUPPORTED_LANGUAGES, reader_language
from core.links import site_url
from core.tasks import job_claim, job_fail
from matching.models import Match, MatchStatus
from training.models import SessionSignup, TrainingSession
from training.selectors import training_overview
from volunteers.models import VolunteerProfile

logger = logging.getLogger(__name__)


class CertificateConflict(Exception):
    """The certificate's state does not allow the action (409)."""


@dataclass(frozen=True)
class Subject:
    """What a certificate is for: its unique key and the content it prints."""

    key: str
    title: str
    details: dict[str, Any]
    match: Match | None = None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def training_subject(volunteer: VolunteerProfile, *, today: date | None = None) -> Subject:
    """The volunteer's valid completions of every required module; ValidationError if not."""
    overview = training_overview(volunteer, today=today, sessions=0)
    if overview.missing:
        language = reader_language()
        titles = ", ".join(module.title_in(language) for module in overview.missing)
        raise ValidationError(
            {"volunteer": _("The required training is not complete: %(modules)s.") % {
                "modules": titles
            }}
        )  # fmt: skip
    if not volunteer.is_trained:
        raise ValidationError({"volunteer": _("The volunteer is not trained yet.")})
    today = today or clock.today()
    latest: dict[int, Any] = {}
    for completion in overview.completions:  # newest first
        module = completion.module
        is_valid = completion.expires_on is None or completion.expires_on >= today
        if module.is_required and module.is_active and is_valid:
            latest.setdefault(module.pk, completion)
    if not latest:
        raise ValidationError(
            {"volunteer": _("The programme has no required training modules to certify.")}
        )
    completions = sorted(latest.values(), key=lambda item: (item.module.position, item.module_id))
    modules = [
        {
            "id": completion.module_id,
            "titles": {
                language: completion.module.title_in(language) for language in SUPPORTED_LANGUAGES
            },
            "completed_on": completion.completed_on.isoformat(),
        }
        for completion in completions
    ]
    fingerprint = ";".join(f"{item['id']}@{item['completed_on']}" for item in modules)
    return Subject(key=f"training:{_digest(fingerprint)}", title="", details={"modules": modules})


def commitment_subject(volunteer: VolunteerProfile, match: Match | None) -> Subject:
    if match is None:
        raise ValidationError({"match": _("Name the completed match this certificate is for.")})
    if match.volunteer_id != volunteer.pk:
        raise ValidationError({"match": _("This match is not the volunteer's.")})
    if match.status != MatchStatus.COMPLETED:
        raise ValidationError(
            {"match": _("The commitment is not completed yet (the match is %(status)s).") % {
                "status": match.get_status_display()
            }}
        )  # fmt: skip
    started_on = match.started_on
    ended_on = match.ended_on or match.commitment_ends_on
    if started_on is None or ended_on is None:
        raise ValidationError({"match": _("The match has no start or end date.")})
    span = relativedelta(ended_on, started_on)
    return Subject(
        key=f"match:{match.pk}",
        title="",
        details={
            "started_on": started_on.isoformat(),
            "ended_on": ended_on.isoformat(),
            "months": span.years * 12 + span.months,
        },
        match=match,
    )


def recognition_subject(title: str) -> Subject:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the title of the award.")})
    return Subject(key=f"recognition:{_digest(title.casefold())}", title=title, details={})


# The matches a volunteer served in: approved, whatever happened next.
SERVED = (MatchStatus.ACTIVE, MatchStatus.COMPLETED, MatchStatus.ENDED)


def service_record(volunteer: VolunteerProfile) -> dict[str, Any]:
    """What the volunteer did (art. 44 sec. 4): each pairing's dates, the help asked for and
    the minutes of its check-ins, and all the minutes (`commitments.hours`: added up first,
    made hours once). A pairing still running has no end date yet."""
    matches = list(
        Match.objects.filter(volunteer=volunteer, status__in=SERVED, started_on__isnull=False)
        .select_related("request")
        .order_by("started_on", "pk")
    )
    pairings = [
        {
            "started_on": match.started_on.isoformat(),  # type: ignore[union-attr]
            "ended_on": _ended_on(match),
            "needs": list(match.request.needs),
            "minutes": minutes_logged(CheckIn.objects.filter(match=match)),
        }
        for match in matches
    ]
    return {
        "pairings": pairings,
        "minutes": minutes_logged(CheckIn.objects.filter(match__in=matches)),
        "as_of": clock.today().isoformat(),
    }


def _ended_on(match: Match) -> str | None:
    if match.status == MatchStatus.ACTIVE:
        return None
    ended_on = match.ended_on or match.commitment_ends_on
    return ended_on.isoformat() if ended_on else None


def service_confirmation_subject(volunteer: VolunteerProfile) -> Subject:
    """The confirmation of the service so far. Asking again with nothing new returns the one
    already issued (its key is the record without the day it was asked on)."""
    record = service_record(volunteer)
    if not record["pairings"]:
        raise ValidationError(
            {"volunteer": _("There is no service to confirm yet: no pairing has started.")}
        )
    content = {key: value for key, value in record.items() if key != "as_of"}
    key = _digest(json.dumps(content, sort_keys=True))
    return Subject(key=f"service_confirmation:{key}", title="", details=record)


def opinion_subject(request: OpinionRequest, text: str) -> Subject:
    text = "\n".join(line.strip() for line in text.strip().splitlines()).strip()
    if not text:
        raise ValidationError({"text": _("Write the opinion.")})
    if len(text) > OPINION_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep the opinion under %(limit)d characters.") % {
                "limit": OPINION_MAX_LENGTH
            }}
        )  # fmt: skip
    record = service_record(request.volunteer)
    return Subject(key=f"opinion:{request.pk}", title="", details={**record, "text": text})


OPINION_MAX_LENGTH = 4000


def subject_for(
    *, volunteer: VolunteerProfile, kind: str, match: Match | None = None, title: str = ""
) -> Subject:
    """What a certificate of `kind` would be for; ValidationError naming what is missing."""
    if kind == CertificateKind.TRAINING:
        return training_subject(volunteer)
    if kind == CertificateKind.COMMITMENT:
        return commitment_subject(volunteer, match)
    if kind == CertificateKind.RECOGNITION:
        return recognition_subject(title)
    if kind == CertificateKind.SERVICE_CONFIRMATION:
        return service_confirmation_subject(volunteer)
    if kind == CertificateKind.OPINION:
        raise ValidationError(
            {"kind": _("An opinion is written from the volunteer's request for one.")}
        )
    raise ValidationError({"kind": _("Unknown kind of certificate.")})


def verify_url_of(certificate: Certificate) -> str:
    return site_url("certificate-verify-page", serial_display(certificate.serial))


def certificate_issue(
    *,
    volunteer: VolunteerProfile,
    kind: str,
    by: User | None,
    match: Match | None = None,
    title: str = "",
    subject: Subject | None = None,
) -> tuple[Certificate, bool]:
    """Issue a certificate, or return the one already issued for the same subject.

    Returns (certificate, created). The holder is told by e-mail when it is created. `by` is
    None for what the programme issues at once on the volunteer's own request (the
    confirmation of service): the programme is then named as the issuer.
    """
    with transaction.atomic():
        return _issue(
            volunteer=volunteer, kind=kind, by=by, match=match, title=title, subject=subject
        )


def _issue(
    *,
    volunteer: VolunteerProfile,
    kind: str,
    by: User | None,
    match: Match | None,
    title: str,
    subject: Subject | None,
) -> tuple[Certificate, bool]:
    subject = subject or subject_for(volunteer=volunteer, kind=kind, match=match, title=title)
    existing = Certificate.objects.filter(
        volunteer=volunteer, kind=kind, subject_key=subject.key
    ).first()
    if existing is not None:
        return existing, False
    volunteer = VolunteerProfile.objects.select_related("user", "program").get(pk=volunteer.pk)
    now = timezone.now()
    certificate = Certificate(
        program=volunteer.program,
        volunteer=volunteer,
        kind=kind,
        match=subject.match,
        subject_key=subject.key,
        serial=serial_new(),
        holder_name=volunteer.user.full_name,
        program_name=volunteer.program.name,
        program_city=volunteer.program.city,
        title=subject.title,
        details=subject.details,
        issuer_name=(by.full_name or by.email) if by is not None else volunteer.program.name,
        issued_by=by,
        issued_on=clock.local_date(now),
        issued_at=now,
        status_index=status_index_allocate(program_id=volunteer.program_id),
    )
    certificate_sign(certificate)
    try:
        with transaction.atomic():
            certificate.save(force_insert=True)
    except IntegrityError:
        # Issued by someone else meanwhile: theirs stands. (A serial collision, 2^-100,
        # would find nothing here and surface as the error it is.)
        concurrent = Certificate.objects.filter(
            volunteer=volunteer, kind=kind, subject_key=subject.key
        ).first()
        if concurrent is None:
            raise
        return concurrent, False
    notification_queue(
        user=volunteer.user,
        kind="certificate_issued",
        key=f"certificate_issued:{certificate.pk}",
        template="certificate_issued",
        context={"certificate": certificate, "verify_url": verify_url_of(certificate)},
    )
    return certificate, True


def service_confirmation_issue(*, volunteer: VolunteerProfile) -> tuple[Certificate, bool]:
    """The confirmation of service the volunteer asks for, issued at once by the programme."""
    return certificate_issue(
        volunteer=volunteer, kind=CertificateKind.SERVICE_CONFIRMATION, by=None
    )


def opinion_request(*, volunteer: VolunteerProfile) -> tuple[OpinionRequest, bool]:
    """Ask the programme for an opinion about the service; the open request when there is
    one. Returns (request, created)."""
    if not service_record(volunteer)["pairings"]:
        raise ValidationError(
            {
                "volunteer": _(
                    "There is no service to give an opinion on yet: no pairing has started."
                )
            }
        )
    existing = OpinionRequest.objects.filter(
        volunteer=volunteer, status=OpinionStatus.REQUESTED
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return OpinionRequest.objects.create(
                program_id=volunteer.program_id, volunteer=volunteer, requested_at=clock.now()
            ), True
    except IntegrityError:  # asked twice at once: the first stands
        return OpinionRequest.objects.get(
            volunteer=volunteer, status=OpinionStatus.REQUESTED
        ), False


@transaction.atomic
def opinion_issue(*, request: OpinionRequest, text: str, by: User) -> Certificate:
    """Issue the opinion a coordinator wrote for an open request; the request is answered."""
    locked = (
        OpinionRequest.objects.select_for_update().select_related("volunteer").get(pk=request.pk)
    )
    if locked.status != OpinionStatus.REQUESTED:
        raise CertificateConflict(_("This opinion has already been issued."))
    subject = opinion_subject(locked, text)
    certificate, _created = certificate_issue(
        volunteer=locked.volunteer, kind=CertificateKind.OPINION, by=by, subject=subject
    )
    OpinionRequest.objects.filter(pk=locked.pk).update(
        status=OpinionStatus.ISSUED, certificate=certificate
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    """Revoke with a reason, and set its bit in the published status list in the same
    transaction; the holder is told. Revoking twice is a conflict."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    revoked = audited_update(
        Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True),
        event="revoked",
        actor=by,
        revoked_at=timezone.now(),
        revoked_by=by,
        revocation_reason=reason,
    )
    if not revoked:
        raise CertificateConflict(_("This certificate is already revoked."))
    certificate = Certificate.objects.select_related("volunteer__user").get(pk=certificate.pk)
    status_revoke(program_id=certificate.program_id, index=_status_index_given(certificate))
    notification_queue(
        user=certificate.volunteer.user,
        kind="certificate_revoked",
        key=f"certificate_revoked:{certificate.pk}",
        template="certificate_revoked",
        context={"certificate": certificate, "verify_url": verify_url_of(certificate)},
    )
    return certificate


def _status_index_given(certificate: Certificate) -> int:
    """The certificate's status list entry, allocated now if it has none (inside the caller's
    transaction); a concurrent request that gave it one first wins."""
    if certificate.status_index is None:
        index = status_index_allocate(program_id=certificate.program_id)
        given = Certificate.objects.filter(pk=certificate.pk, status_index__isnull=True).update(
            status_index=index
        )
        if given:
            certificate.status_index = index
        else:
            certificate.refresh_from_db(fields=["status_index"])
    return cast(int, certificate.status_index)  # set above, or by the request that won


def certificate_status_index_ensure(*, certificate: Certificate) -> Certificate:
    """Give a status list entry to a certificate the previous release issued while this one
    was being deployed (every other certificate got its entry when it was issued)."""
    if certificate.status_index is None:
        with transaction.atomic():
            _status_index_given(certificate)
    return certificate


@transaction.atomic
def recognition_consent_set(
    *, volunteer: VolunteerProfile, is_given: bool
) -> PublicRecognitionConsent | None:
    """Give or withdraw the consent to appear on the public ambassadors page."""
    now = timezone.now()
    consent = (
        PublicRecognitionConsent.objects.select_for_update().filter(volunteer=volunteer).first()
    )
    if is_given:
        if consent is None:
            return PublicRecognitionConsent.objects.create(
                program_id=volunteer.program_id, volunteer=volunteer, given_at=now
            )
        if not consent.is_given:
            consent.given_at, consent.withdrawn_at = now, None
            consent.save(update_fields=["given_at", "withdrawn_at"])
        return consent
    if consent is not None and consent.is_given:
        consent.withdrawn_at = now
        consent.save(update_fields=["withdrawn_at"])
    return consent


@transaction.atomic
def batch_start(*, session: TrainingSession, by: User) -> CertificateBatch:
    """A job issuing training certificates to everyone who attended `session`."""
    batch = CertificateBatch.objects.create(
        program_id=session.program_id, session=session, created_by=by
    )
    from certificates.tasks import batch_execute_task

    transaction.on_commit(lambda: batch_execute_task.delay(batch.pk))
    return batch


def batch_execute(*, batch_id: int) -> bool:
    """Issue the batch's certificates, one transaction each, counting progress as it goes.

    A second delivery of the task finds the batch no longer pending and does nothing; a batch
    left running by a worker that died is taken over after the task's time limit, and since
    issuing is idempotent, finishing it issues nothing twice.
    """
    with scopes_disabled():
        if not job_claim(CertificateBatch.objects.all(), batch_id, processed=0, issued=0):
            return False
        batch = CertificateBatch.objects.select_related("created_by").get(pk=batch_id)
    try:
        with scope(program=[batch.program_id]), acting_as(batch.created_by):
            _batch_steps(batch)
    except Exception as error:
        logger.exception("certificate batch %s failed", batch_id)
        with scopes_disabled():
            job_fail(CertificateBatch.objects.all(), batch_id, error)
        return False
    return True


def _batch_steps(batch: CertificateBatch) -> None:
    attendees = list(
        VolunteerProfile.objects.filter(
            pk__in=SessionSignup.objects.filter(session_id=batch.session_id, attended=True).values(
                "volunteer_id"
            )
        )
        .select_related("user")
        .order_by("pk")
    )
    CertificateBatch.objects.filter(pk=batch.pk).update(total=len(attendees))
    issued = already_issued = 0
    skipped: list[dict[str, Any]] = []
    issuer = batch.created_by
    for position, volunteer in enumerate(attendees, start=1):
        try:
            if issuer is None:
                raise ValidationError({"issued_by": _("The coordinator's account is gone.")})
            _certificate, created = certificate_issue(
                volunteer=volunteer, kind=CertificateKind.TRAINING, by=issuer
            )
        except ValidationError as refusal:
            skipped.append(
                {
                    "volunteer": volunteer.pk,
                    "full_name": volunteer.user.full_name,
                    "reasons": refusal.message_dict,
                }
            )
        else:
            issued += created
            already_issued += not created
        CertificateBatch.objects.filter(pk=batch.pk).update(
            processed=position, issued=issued, already_issued=already_issued, skipped=skipped
        )
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, finished_at=timezone.now()
    )
