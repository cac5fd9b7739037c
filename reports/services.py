"""Everything reports writes: published impact reports and confirmed imports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Program, Role, User
from accounts.notifications import notification_queue
from accounts.services import membership_grant
from accounts.verification import confirmation_url
from newcomers.models import ContactChannel, NewcomerProfile
from newcomers.services import newcomer_profile_update, newcomer_register_on_behalf
from reports.impact import consenting_ambassadors, public_figures
from reports.imports import CREATE, ImportReport, RowResult, import_check
from reports.models import ImportBatch, ImportKind, PublishedReport
from reports.statistics import program_statistics
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_profile_get_or_create, volunteer_profile_update

IMPORT_BATCH_HOURS = 24


@transaction.atomic
def report_publish(*, program: Program, year: int, by: User) -> PublishedReport:
    """Publish (or refresh) the impact report of `program` for `year` as a snapshot."""
    statistics = program_statistics(program=program, year=year)
    figures = {
        **public_figures(statistics),
        "program": {"name": program.name, "city": program.city, "slug": program.slug},
        "ambassadors": consenting_ambassadors(program, year),
    }
    report, _created = PublishedReport.objects.update_or_create(
        program=program,
        year=year,
        defaults={"figures": figures, "published_at": timezone.now(), "published_by": by},
    )
    return report


def report_unpublish(*, program: Program, year: int) -> bool:
    """Take a published report off the public pages; False when none was published."""
    deleted, _details = PublishedReport.objects.filter(program=program, year=year).delete()
    return bool(deleted)


# Imports ------------------------------------------------------------------------------------


class ImportRejected(Exception):
    """A confirmed import with rejected rows: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("rows rejected")
        self.report = report

    @property
    def message(self) -> str:
        count = self.report.summary["reject"]
        return ngettext(
            "%(count)d row was rejected; nothing was imported.",
            "%(count)d rows were rejected; nothing was imported.",
            count,
        ) % {"count": count}


@transaction.atomic
def import_batch_stage(
    *, program: Program, kind: str, text: str, file_name: str, by: User
) -> ImportBatch:
    """Keep an upload for its confirmation; forget batches nobody confirmed in time."""
    ImportBatch.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=IMPORT_BATCH_HOURS)
    ).delete()
    return ImportBatch.objects.create(
        program=program, kind=kind, content=text, file_name=file_name[:200], created_by=by
    )


def import_commit(*, program: Program, kind: str, text: str, by: User) -> ImportReport:
    """Check the file again and, when no row is rejected, write every row in one transaction.

    Raises ImportRejected (nothing written) when a row is rejected, and ValidationError on
    `file` when the data changed under the import (e.g. someone registered meanwhile).
    New volunteers get an account without a password and an invitation to set one.
    """
    report = import_check(program=program, kind=kind, text=text)
    if report.has_rejects:
        raise ImportRejected(report)
    try:
        with transaction.atomic():
            for row in report.rows:
                if kind == ImportKind.VOLUNTEERS:
                    _import_volunteer(program, row)
                else:
                    _import_newcomer(program, row, by)
    except IntegrityError:
        raise ValidationError(
            {"file": [_("The data changed while importing; nothing was imported. Try again.")]}
        ) from None
    return report


def import_batch_commit(*, batch: ImportBatch, by: User) -> ImportReport:
    """Confirm a staged upload; the batch is deleted once written."""
    report = import_commit(program=batch.program, kind=batch.kind, text=batch.content, by=by)
    batch.delete()
    return report


def _profile_changes(row: RowResult, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: row.data[name] for name in fields if name in row.data}


def _import_volunteer(program: Program, row: RowResult) -> None:
    changes = _profile_changes(row, ("full_name", "languages", "skills", "capacity", "location"))
    if row.action == CREATE:
        user = User(email=row.email, full_name=row.data["full_name"])
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=row.email, primary=True, verified=False)
        membership_grant(user=user, program=program, role=Role.VOLUNTEER)
        profile = volunteer_profile_get_or_create(user=user)
        volunteer_profile_update(profile=profile, data=changes)
        _invite(user, program)
        return
    if row.target_id is not None:
        profile = VolunteerProfile.objects.select_related("user").get(pk=row.target_id)
    else:
        profile = volunteer_profile_get_or_create(user=User.objects.get(pk=row.data["user_id"]))
    volunteer_profile_update(profile=profile, data=changes)


def _import_newcomer(program: Program, row: RowResult, by: User) -> None:
    changes = _profile_changes(
        row,
        (
            "full_name", "contact_email", "contact_phone", "languages", "first_language",
            "country_of_origin", "location",
        ),
    )  # fmt: skip
    if row.action == CREATE:
        if changes.get("contact_email"):
            changes["contact_channel"] = ContactChannel.EMAIL
        elif changes.get("contact_phone"):
            changes["contact_channel"] = ContactChannel.PHONE
        newcomer_register_on_behalf(program=program, data=changes, by=by)
        return
    profile = NewcomerProfile.objects.select_related("user").get(pk=cast(int, row.target_id))
    newcomer_profile_update(profile=profile, data=changes)


def _invite(user: User, program: Program) -> None:
    notification_queue(
        user=user,
        kind="import-invite",
        key=f"import-invite:{user.pk}",
        template="import_invitation",
        context={
            "program": program,
            # Following it confirms the address, then leads on to choosing a password.
            "invitation_url": confirmation_url(user),
            "valid_days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
        },
    )
