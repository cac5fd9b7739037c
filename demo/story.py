"""The demo's story: what a programme looks like after months of work, so every coordinator
page has something to show on a first run (`make run`).

Per programme, with its own residents and newcomers (the first-run people stay as they were:
open requests to match by hand): requests waiting, one long and one with a note; a request
paused for want of an answer; a proposal to review; active pairs, one at risk, one with
check-ins and a survey answer; a completed pair with its certificate; volunteer agreements
signed; a training certificate issued and one revoked; a training session that took place
(attendance marked, a walk-in included) besides the upcoming one; a resident whose yearly
training and checks lapse within 30 days; and a published impact report for the current year.
Made through the services, once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import Program, Role, User
from accounts.services import membership_grant
from certificates.services import certificate_issue, certificate_revoke, recognition_consent_set
from commitments.checkins import check_in_log
from commitments.surveys import survey_answer
from commitments.sweep import commitments_sweep
from core import clock
from matching.models import Match, MatchStatus
from matching.services import match_approve, match_propose
from newcomers.models import RequestStatus, SupportRequest
from newcomers.services import newcomer_register_on_behalf, request_open
from reports.services import report_publish
from training.checks import safeguarding_check_record
from training.models import CheckKind, SessionSignup, TrainingModule
from training.services import CompletionEntry, attendance_mark, completions_record, session_schedule
from volunteers.agreements import agreement_make, agreement_sign_on_paper
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_profile_get_or_create, volunteer_profile_update

# (e-mail, name, languages, skills, district) of each programme's story residents.
STORY_RESIDENTS: dict[str, tuple[tuple[str, str, dict[str, str], list[str], str], ...]] = {
    "warszawa": (
        ("ewa.zajac@example.org", "Ewa Zając", {"pl": "native", "uk": "C1"},
         ["admin_procedures", "healthcare"], "Mokotów"),
        ("marek.wrobel@example.org", "Marek Wróbel", {"pl": "native", "uk": "B2", "ru": "B2"},
         ["job_search", "housing"], "Wola"),
        ("julia.krol@example.org", "Julia Król", {"pl": "native", "uk": "B2", "en": "C1"},
         ["education", "social_contacts"], "Bielany"),
    ),
    "krakow": (
        ("adam.mazur@example.org", "Adam Mazur", {"pl": "native", "uk": "B2"},
         ["admin_procedures", "housing"], "Podgórze"),
        ("ola.pawlak@example.org", "Ola Pawlak", {"pl": "native", "uk": "C1", "en": "B2"},
         ["job_search", "healthcare"], "Krowodrza"),
        ("kamil.nowicki@example.org", "Kamil Nowicki", {"pl": "native", "ru": "B2", "uk": "B1"},
         ["social_contacts", "education"], "Nowa Huta"),
    ),
}  # fmt: skip

# (name, needs) of the newcomers a coordinator registered: completed, at risk, active, proposal,
# paused (no answer to "Do you still need help?").
STORY_NEWCOMERS: dict[str, tuple[tuple[str, list[str]], ...]] = {
    "warszawa": (
        ("Оксана Мельник", ["admin_procedures"]),
        ("Дмитро Коваленко", ["job_search"]),
        ("Марія Ткаченко", ["social_contacts"]),
        ("Богдан Лисенко", ["housing"]),
        ("Наталія Шевчук", ["education"]),
    ),
    "krakow": (
        ("Світлана Гончаренко", ["admin_procedures"]),
        ("Юрій Савченко", ["job_search"]),
        ("Галина Кравець", ["social_contacts"]),
        ("Тарас Бойко", ["housing"]),
        ("Олег Мороз", ["education"]),
    ),
}

# Done this many days ago, what is valid for 12 months lapses in about two weeks.
LAPSING_DAYS_AGO = 350

NOTE = "Potrzebuję numeru PESEL dla siebie i mojej 7-letniej córki; mówię trochę po polsku."


def demo_story(program: Program, coordinator: User, password: str) -> None:
    """The story of `program`, once: nothing happens when it already has matches."""
    if Match.objects.filter(program=program).exists():
        return
    today = clock.today()
    modules = list(TrainingModule.objects.filter(program=program).order_by("pk"))
    # The second resident's yearly training and checks were a year ago: they lapse within
    # 30 days (the coordinators' "Training and checks lapsing").
    residents = [
        _resident(
            program, coordinator, password, modules, *person,
            done_days_ago=LAPSING_DAYS_AGO if position == 1 else 300,
        )
        for position, person in enumerate(STORY_RESIDENTS[program.slug])
    ]  # fmt: skip
    requests = [
        _request(program, coordinator, name, needs) for name, needs in STORY_NEWCOMERS[program.slug]
    ]
    first, second, third = residents

    # Waiting: the first-run requests, one for long and with a note.
    waiting = list(
        SupportRequest.objects.filter(
            program=program, status="open", newcomer__user__isnull=False
        ).order_by("pk")
    )
    for days, request in zip((41, 12, 3), waiting, strict=False):
        changes: dict[str, Any] = {"waiting_since": timezone.now() - timedelta(days=days)}
        if days == 41:
            changes["notes"] = NOTE
        audited_update(
            SupportRequest.objects.filter(pk=request.pk), event="demo", actor=coordinator,
            **changes,
        )  # fmt: skip

    # Paused: asked after weeks of waiting whether help is still needed, no answer in 14 days
    # (what `newcomers.waiting.still_needed_sweep` does; the newcomer can reopen it).
    audited_update(
        SupportRequest.objects.filter(pk=requests[4].pk), event="demo", actor=coordinator,
        status=RequestStatus.PAUSED, waiting_since=timezone.now() - timedelta(days=75),
        still_needed_asked_on=today - timedelta(days=20), paused_on=today - timedelta(days=6),
    )  # fmt: skip

    # Six months done; quiet for weeks (the sweep flags it at risk); going well.
    completed = match_approve(
        match=match_propose(request=requests[0], volunteer=first, by=coordinator),
        by=coordinator,
        started_on=today - timedelta(days=200),
    )
    # Met every month of the six (what completing asks for).
    ends_on = completed.commitment_ends_on or today
    day = completed.started_on or today
    while day + timedelta(days=20) < ends_on:
        day += timedelta(days=20)
        check_in_log(
            match=completed,
            by=first.user,
            data={
                "date": day, "duration_minutes": 60, "mode": "in_person",
                "topics": list(requests[0].needs), "note": "", "satisfaction": 4,
            },
        )  # fmt: skip
    match_approve(
        match=match_propose(request=requests[1], volunteer=second, by=coordinator),
        by=coordinator,
        started_on=today - timedelta(days=60),
    )
    going_well = match_approve(
        match=match_propose(request=requests[2], volunteer=third, by=coordinator),
        by=coordinator,
        started_on=today - timedelta(days=45),
    )
    for days_ago, minutes, note in ((38, 90, "Urząd dzielnicy, wniosek"), (9, 60, "Kawa")):
        check_in_log(
            match=going_well,
            by=third.user,
            data={
                "date": today - timedelta(days=days_ago), "duration_minutes": minutes,
                "mode": "in_person", "topics": list(requests[2].needs), "note": note,
                "satisfaction": 5,
            },
        )  # fmt: skip
    survey_answer(match=going_well, respondent=third.user, number=1, rating=5)
    commitments_sweep(as_of=today)
    completed.refresh_from_db()

    # The story residents signed their volunteer agreements on paper (the first-run ones
    # have not yet: the candidates page says so).
    for resident in residents:
        agreement, _made = agreement_make(volunteer=resident)
        agreement_sign_on_paper(
            agreement=agreement, signed_on=today, signed_for_program_by="Marta Lis", by=coordinator
        )

    # A proposal to review (the first resident is free again).
    match_propose(request=requests[3], volunteer=first, by=coordinator)

    # Certificates: a commitment completed, a training one, and one revoked.
    if completed.status == MatchStatus.COMPLETED:
        certificate_issue(volunteer=first, kind="commitment", match=completed, by=coordinator)
    certificate_issue(volunteer=third, kind="training", by=coordinator)
    mistaken, _created = certificate_issue(volunteer=second, kind="training", by=coordinator)
    certificate_revoke(
        certificate=mistaken, reason="Wystawiony omyłkowo przed końcem szkolenia.", by=coordinator
    )
    for volunteer in (first, third):
        recognition_consent_set(volunteer=volunteer, is_given=True)

    # A session that took place: two signed up, one came, plus a walk-in.
    if modules:
        held = session_schedule(
            module=modules[-1],
            data={
                "starts_at": timezone.now() - timedelta(days=16),
                "place": f"{program.city}, Biblioteka Publiczna",
                "trainer": "Marta Lis",
                "capacity": 12,
            },
            by=coordinator,
        )
        for volunteer in (first, second):
            SessionSignup.objects.get_or_create(session=held, volunteer=volunteer)
        attendance_mark(
            session=held,
            attended_volunteer_ids=[first.pk],
            walk_in_volunteer_ids=[third.pk],
            by=coordinator,
        )

    report_publish(program=program, year=today.year, by=coordinator)


def _resident(
    program: Program,
    coordinator: User,
    password: str,
    modules: list[TrainingModule],
    email: str,
    name: str,
    languages: dict[str, str],
    skills: list[str],
    district: str,
    *,
    done_days_ago: int,
) -> VolunteerProfile:
    """A trained resident whose training and safeguarding checks were done `done_days_ago`."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "preferred_language": "pl"}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    membership_grant(user=user, program=program, role=Role.VOLUNTEER)
    profile = volunteer_profile_get_or_create(user=user)
    today = clock.today()
    volunteer_profile_update(
        profile=profile,
        data={
            "languages": languages, "skills": skills, "interests": ["cooking"],
            "location": {"city": program.city, "address": district},
            "days": ["mon", "wed", "sat"], "modes": ["in_person", "online"],
            "hours_per_week": 3, "capacity": 2, "max_distance_km": 20,
        },
    )  # fmt: skip
    completions_record(
        entries=[
            CompletionEntry(profile.pk, module, today - timedelta(days=done_days_ago))
            for module in modules
        ],
        by=coordinator,
    )
    for kind in CheckKind.values:
        safeguarding_check_record(
            volunteer=profile,
            kind=kind,
            checked_on=today - timedelta(days=done_days_ago),
            by=coordinator,
        )
    profile.refresh_from_db()
    return profile


def _request(program: Program, coordinator: User, name: str, needs: list[str]) -> SupportRequest:
    newcomer = newcomer_register_on_behalf(
        program=program,
        data={
            "full_name": name, "languages": {"uk": "native", "pl": "A2"},
            "first_language": "uk", "country_of_origin": "UA",
            "contact_phone": "+48 600 100 200", "contact_channel": "phone",
            "location": {"city": program.city},
        },
        by=coordinator,
    )  # fmt: skip
    return request_open(
        newcomer=newcomer,
        data={"needs": needs, "modes": ["in_person", "online"], "days": ["mon", "sat"],
              "urgency": "normal"},
        by=coordinator,
    )  # fmt: skip
