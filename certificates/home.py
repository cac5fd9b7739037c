"""The resident's home as a task list (GOV.UK pattern): where they stand and what is next.

profile → training (n of m, the next session) → safeguarding checks when needed → waiting to
be matched → matched (the pair's page) → certificate. Here, on the top floor, because the
steps span volunteers, training, matching and certificates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.verification import is_email_confirmed
from certificates.models import Certificate
from core.clock import today
from matching.models import Match, MatchStatus
from training.selectors import training_overview
from volunteers.agreements import agreement_current, terms_of
from volunteers.models import AgreementStatus, VolunteerAgreement, VolunteerProfile

# Help with these involves children (school enrolment, classes): the two safeguarding
# checks come first (matching refuses requests with children otherwise).
SKILLS_WITH_CHILDREN = frozenset({"education"})

DONE, IN_PROGRESS, TO_DO, WAITING, CANNOT_START = (
    "done", "in_progress", "to_do", "waiting", "cannot_start",
)  # fmt: skip


@dataclass(frozen=True)
class Task:
    name: str
    status: str  # one of the five above: the tag's colour
    status_text: str
    hint: str = ""
    url: str = ""


def _status_text(status: str) -> str:
    return {
        DONE: _("Completed"),
        IN_PROGRESS: _("In progress"),
        TO_DO: _("To do"),
        WAITING: _("Waiting"),
        CANNOT_START: _("Cannot start yet"),
    }[status]


def _task(name: str, status: str, hint: str = "", url: str = "") -> Task:
    return Task(name, status, _status_text(status), hint, url)


def resident_tasks(membership: Membership) -> dict[str, Any]:
    volunteer = (
        VolunteerProfile.objects.filter(user_id=membership.user_id, program=membership.program)
        .select_related("user")
        .first()
    )
    tasks: list[Task] = []
    profile_url = reverse("volunteer-profile-page")
    profile_done = bool(volunteer and volunteer.languages and (volunteer.city or volunteer.lat))
    if not is_email_confirmed(membership.user):
        tasks.append(
            _task(
                _("Confirm your e-mail address"),
                TO_DO,
                _("Follow the link we sent you. Until then coordinators cannot see you."),
            )
        )
    tasks.append(
        _task(
            _("Your profile"),
            DONE if profile_done else (IN_PROGRESS if volunteer else TO_DO),
            _("The languages you speak, what you can help with, where and when."),
            profile_url,
        )
    )
    training_done = False
    needs_checks = False
    checks_done = False
    if volunteer is not None:
        overview = training_overview(volunteer, today=today())
        required = len(overview.missing) + len(
            {
                completion.module_id
                for completion in overview.completions
                if completion.module.is_required
                and completion.module.is_active
                and (completion.expires_on is None or completion.expires_on >= today())
            }
        )
        done = required - len(overview.missing)
        training_done = volunteer.is_trained
        signed_up = [s for s in overview.next_sessions if s.pk in overview.signed_up_session_ids]
        if signed_up:
            session = signed_up[0]
            next_step = _("Your next session: %(title)s, %(date)s.") % {
                "title": session.module.in_language("title"),
                "date": _date_words(session.starts_at.date()),
            }
        elif overview.next_sessions and not training_done:
            next_step = _("Choose a session on the training page.")
        else:
            next_step = ""
        hint = _("%(done)s of %(required)s required modules done.") % {
            "done": done,
            "required": required,
        }
        tasks.append(
            _task(
                _("Training"),
                DONE if training_done else (IN_PROGRESS if done or signed_up else TO_DO),
                f"{hint} {next_step}".strip(),
                reverse("volunteer-training-page"),
            )
        )
        needs_checks = bool(SKILLS_WITH_CHILDREN & set(volunteer.skills)) or bool(overview.checks)
        if needs_checks:
            valid_until = volunteer.minors_check_valid_until
            checks_done = valid_until is not None and valid_until >= today()
            tasks.append(
                _task(
                    _("Safeguarding checks"),
                    DONE if checks_done else TO_DO,
                    (
                        _("Valid until %(date)s.") % {"date": _date_words(valid_until)}
                        if checks_done and valid_until
                        else _(
                            "Help with children needs both checks: a coordinator will tell "
                            "you how to get them."
                        )
                    ),
                    reverse("volunteer-training-page"),
                )
            )
    else:
        tasks.append(_task(_("Training"), CANNOT_START, _("Complete your profile first.")))
    ready = profile_done and training_done and (checks_done or not needs_checks)
    if volunteer is not None and terms_of(volunteer.program_id) is not None:
        tasks.append(_agreement_task(agreement_current(volunteer)))
    matches = (
        list(
            Match.objects.filter(volunteer=volunteer, status__in=(MatchStatus.ACTIVE,
                                                                  MatchStatus.COMPLETED))
            .select_related("newcomer__user")
            .order_by("-started_on", "-pk")
        )
        if volunteer
        else []
    )  # fmt: skip
    active = [match for match in matches if match.status == MatchStatus.ACTIVE]
    if active:
        tasks.append(_task(_("Waiting to be matched"), DONE))
        for match in active:
            tasks.append(
                _task(
                    _("Your pair: %(name)s") % {"name": match.newcomer.first_name},
                    IN_PROGRESS,
                    _("Log your meetings and see what is next on your pair's page."),
                    reverse("participant-match-page", args=[match.pk]),
                )
            )
    else:
        tasks.append(
            _task(
                _("Waiting to be matched"),
                WAITING if ready else CANNOT_START,
                (
                    _("A coordinator will pair you with a newcomer and e-mail you.")
                    if ready
                    else _("First complete the steps above.")
                ),
            )
        )
    has_certificate = (
        Certificate.objects.filter(volunteer=volunteer).exists() if volunteer else False
    )
    tasks.append(
        _task(
            _("Certificate"),
            DONE if has_certificate else CANNOT_START,
            (
                _("Download it or share it as a digital credential.")
                if has_certificate
                else _("After six months together with your pair.")
            ),
            reverse("volunteer-certificates-page") if has_certificate else "",
        )
    )
    return {"tasks": tasks, "matches_url": reverse("participant-matches-page")}


def _agreement_task(agreement: VolunteerAgreement | None) -> Task:
    """The written agreement Polish law asks for (art. 44): made at the first match, or
    earlier on request; signed on paper with the coordinator or electronically."""
    url = reverse("volunteer-agreement-page")
    if agreement is None:
        return _task(
            _("Your volunteer agreement"),
            WAITING,
            _("It is made when you are first matched; you can read it now."),
            url,
        )
    if agreement.status == AgreementStatus.SIGNED and agreement.signed_on:
        return _task(
            _("Your volunteer agreement"),
            DONE,
            _("Signed on %(date)s.") % {"date": _date_words(agreement.signed_on)},
            url,
        )
    return _task(
        _("Your volunteer agreement"),
        TO_DO,
        _("Sign it on paper with your coordinator, or electronically on its page."),
        url,
    )


def _date_words(day: date) -> str:
    return date_format(day, "DATE_FORMAT")
