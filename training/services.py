"""Everything that writes training: modules, sessions, sign-ups, attendance and completions.

A volunteer's `is_trained` is derived here and nowhere else: every required, active module of
their programme has a completion that has not expired. It is recomputed set-based whenever
the inputs change (a completion, a module made required, a new module) and every morning
(completions expire with time).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audited_update
from accounts.models import Program, User
from accounts.services import program_pool_changed, program_training_changed
from accounts.verification import is_email_confirmed
from core import clock
from training.defaults import DEFAULT_MODULES
from training.models import SessionSignup, TrainingCompletion, TrainingModule, TrainingSession
from volunteers.models import VolunteerProfile, VolunteerStatus
from volunteers.services import volunteer_statuses_derive

MODULE_FIELDS = (
    "title", "description", "translations", "is_required", "validity_months", "delivery",
    "position", "is_active",
)  # fmt: skip
SESSION_FIELDS = (
    "starts_at", "duration_minutes", "place", "online_link", "trainer", "capacity",
)  # fmt: skip


def expiry_of(module: TrainingModule, completed_on: date) -> date | None:
    if module.validity_months is None:
        return None
    return completed_on + relativedelta(months=module.validity_months)


def _refresh_program(program_id: int) -> None:
    training_status_refresh(volunteers=VolunteerProfile.objects.filter(program_id=program_id))


@transaction.atomic
def module_create(*, program: Program, data: dict[str, Any]) -> TrainingModule:
    """A new module; a required one makes everyone untrained until they complete it."""
    if TrainingModule.objects.filter(program=program, title=data["title"]).exists():
        raise ValidationError({"title": _("This programme already has a module with this title.")})
    module = TrainingModule.objects.create(
        program=program, **{field: data[field] for field in MODULE_FIELDS if field in data}
    )
    _refresh_program(program.pk)
    return module


@transaction.atomic
def module_update(*, module: TrainingModule, data: dict[str, Any]) -> TrainingModule:
    """Change a module; making it required, optional or retired re-derives who is trained."""
    title = data.get("title", module.title)
    duplicate = TrainingModule.objects.filter(program_id=module.program_id, title=title)
    if duplicate.exclude(pk=module.pk).exists():
        raise ValidationError({"title": _("This programme already has a module with this title.")})
    for field in MODULE_FIELDS:
        if field in data:
            setattr(module, field, data[field])
    module.save()
    _refresh_program(module.program_id)
    return module


@transaction.atomic
def modules_add_defaults(*, program: Program) -> list[TrainingModule]:
    """Add the typical modules a programme starts with; those already there are kept as is."""
    existing = set(TrainingModule.objects.filter(program=program).values_list("title", flat=True))
    created = [
        TrainingModule.objects.create(program=program, position=position, **fields)
        for position, fields in enumerate(DEFAULT_MODULES, start=1)
        if fields["title"] not in existing
    ]
    if created:
        _refresh_program(program.pk)
    return created


def session_schedule(*, module: TrainingModule, data: dict[str, Any], by: User) -> TrainingSession:
    if not data.get("place") and not data.get("online_link"):
        raise ValidationError({"place": _("Give a place or an online link.")})
    return TrainingSession.objects.create(
        program_id=module.program_id,
        module=module,
        created_by=by,
        **{field: data[field] for field in SESSION_FIELDS if field in data},
    )


@transaction.atomic
def session_sign_up(*, session: TrainingSession, volunteer: VolunteerProfile) -> SessionSignup:
    """Take a place in a future session; signing up twice keeps the one place.

    The session row is locked so the last place cannot be given twice.
    """
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.program_id != volunteer.program_id:
        raise ValidationError({"session": _("This session belongs to another programme.")})
    existing = SessionSignup.objects.filter(session=session, volunteer=volunteer).first()
    if existing is not None:
        return existing
    if session.starts_at <= timezone.now():
        raise ValidationError({"session": _("This session has already started.")})
    if not is_email_confirmed(volunteer.user):  # the trainer's list would show them
        raise ValidationError(
            {"session": _("Confirm your e-mail address first: follow the link we sent you.")}
        )
    if SessionSignup.objects.filter(session=session).count() >= session.capacity:
        raise ValidationError({"session": _("This session is full.")})
    return SessionSignup.objects.create(session=session, volunteer=volunteer)


def session_cancel_sign_up(*, session: TrainingSession, volunteer: VolunteerProfile) -> None:
    if session.starts_at <= timezone.now():
        raise ValidationError({"session": _("This session has already started.")})
    SessionSignup.objects.filter(session=session, volunteer=volunteer).delete()


@transaction.atomic
def attendance_mark(
    *,
    session: TrainingSession,
    attended_volunteer_ids: Iterable[int],
    by: User,
    walk_in_volunteer_ids: Iterable[int] = (),
) -> list[TrainingCompletion]:
    """Mark the whole list at once: the listed came, every other signed-up volunteer did not.

    Walk-ins (volunteers of the programme who came without a place) join the list as present,
    whatever the places left: they were in the room. Those who came complete the module on
    the session's day. Marking again corrects the list: completions of those no longer marked
    present are withdrawn.
    """
    session = (
        TrainingSession.objects.select_for_update().select_related("module").get(pk=session.pk)
    )
    if session.starts_at > timezone.now():
        raise ValidationError({"attended": _("Attendance can be marked once the session began.")})
    walk_ins = set(walk_in_volunteer_ids)
    if walk_ins:
        known = set(
            VolunteerProfile.objects.filter(program_id=session.program_id, pk__in=walk_ins)
            .exclude(status=VolunteerStatus.WITHDRAWN)
            .values_list("pk", flat=True)
        )
        if walk_ins - known:
            raise ValidationError(
                {
                    "walk_ins": _("Not a volunteer of this programme: %(ids)s.")
                    % {"ids": sorted(walk_ins - known)}
                }
            )
        for volunteer_id in sorted(walk_ins):
            SessionSignup.objects.get_or_create(session=session, volunteer_id=volunteer_id)
    present = set(attended_volunteer_ids) | walk_ins
    signups = SessionSignup.objects.filter(session=session)
    unknown = present - set(signups.values_list("volunteer_id", flat=True))
    if unknown:
        raise ValidationError(
            {"attended": _("Not signed up for this session: %(ids)s.") % {"ids": sorted(unknown)}}
        )
    audited_update(signups.filter(volunteer_id__in=present), event="attendance", attended=True)
    audited_update(signups.exclude(volunteer_id__in=present), event="attendance", attended=False)
    TrainingCompletion.objects.filter(session=session).exclude(volunteer_id__in=present).delete()
    session.attendance_marked_at = timezone.now()
    session.save(update_fields=["attendance_marked_at"])
    completed_on = clock.local_date(session.starts_at)
    entries = [
        CompletionEntry(volunteer_id=volunteer_id, module=session.module, completed_on=completed_on)
        for volunteer_id in sorted(present)
    ]
    stored = _completions_store(entries, by=by, session=session)
    program_training_changed(program_id=session.program_id)
    # Everyone on the list: those marked absent may have lost a completion.
    training_status_refresh(
        volunteers=VolunteerProfile.objects.filter(pk__in=signups.values("volunteer_id"))
    )
    return stored


@dataclass(frozen=True)
class CompletionEntry:
    volunteer_id: int
    module: TrainingModule
    completed_on: date


@transaction.atomic
def completions_record(*, entries: Sequence[CompletionEntry], by: User) -> list[TrainingCompletion]:
    """Record completions all-or-nothing; an entry already recorded returns the stored row.

    Entries were validated by the caller (volunteer and module of the same, visible
    programme; no date in the future); here they are only written.
    """
    stored = _completions_store(entries, by=by, session=None)
    for program_id in sorted({entry.module.program_id for entry in entries}):
        program_training_changed(program_id=program_id)
    volunteer_ids = {entry.volunteer_id for entry in entries}
    training_status_refresh(volunteers=VolunteerProfile.objects.filter(pk__in=volunteer_ids))
    return stored


def _completions_store(
    entries: Sequence[CompletionEntry], *, by: User, session: TrainingSession | None
) -> list[TrainingCompletion]:
    stored = []
    for entry in entries:
        completion, _created = TrainingCompletion.objects.get_or_create(
            volunteer_id=entry.volunteer_id,
            module=entry.module,
            completed_on=entry.completed_on,
            defaults={
                "program_id": entry.module.program_id,
                "expires_on": expiry_of(entry.module, entry.completed_on),
                "session": session,
                "recorded_by": by,
            },
        )
        stored.append(completion)
    return stored


def training_status_refresh(
    *, volunteers: QuerySet[VolunteerProfile], today: date | None = None
) -> int:
    """Re-derive `is_trained` (and the status that follows) for `volunteers`; set-based.

    Returns how many volunteers changed. Two UPDATEs per programme, whatever its size.
    """
    today = today or clock.today()
    changed = 0
    program_ids = sorted(set(volunteers.values_list("program_id", flat=True)))
    for program_id in program_ids:
        required = TrainingModule.objects.filter(
            program_id=program_id, is_required=True, is_active=True
        )
        valid_required = (
            TrainingCompletion.objects.filter(
                volunteer=OuterRef("pk"), module__in=required.values("pk")
            )
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .values("volunteer")
            .annotate(modules=Count("module", distinct=True))
            .values("modules")
        )
        counted = volunteers.filter(program_id=program_id).annotate(
            valid_modules=Coalesce(Subquery(valid_required), 0)
        )
        required_count = required.count()
        trained_ids = counted.filter(valid_modules__gte=required_count).values("pk")
        in_program = VolunteerProfile.objects.filter(pk__in=volunteers.values("pk"))
        now_trained = audited_update(
            in_program.filter(pk__in=trained_ids, is_trained=False),
            event="training_status",
            is_trained=True,
            updated_at=Now(),
        )
        now_untrained = audited_update(
            in_program.filter(program_id=program_id, is_trained=True).exclude(pk__in=trained_ids),
            event="training_status",
            is_trained=False,
            updated_at=Now(),
        )
        # A status can follow alone (one that disagreed with training or matches, e.g. after
        # an edit in the admin): the pool and the reports' supply read it, so it bumps too.
        derived = volunteer_statuses_derive(volunteers=volunteers.filter(program_id=program_id))
        if now_trained or now_untrained or derived:
            changed += now_trained + now_untrained
            program_pool_changed(program_id=program_id)
    return changed
