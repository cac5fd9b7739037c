"""Two programmes with one of everything, for the authorisation matrix and privacy tests.

Warszawa (`program`) holds the cast of tests/conftest.py by the same names: the volunteer Anna
Kowalska, the newcomer Олена Ковальчук and their coordinator; Kraków (`other_program`) holds
the outsider and a mirror of everything. In each programme:

- `mine`: the volunteer's active match with the newcomer (check-in, request with notes),
  the newcomer's second, open request, the volunteer's training certificate;
- `peer`: another volunteer's active match and proposed match, another newcomer's open request
  and another certificate, so a participant can be shown what is not theirs;
- the programme's training module, an upcoming session with the volunteer signed up, a
  completion, a safeguarding check, a certificate batch, a matching run, a published impact
  report, a recognition consent, and an unclaimed newcomer profile with its claim token.

Rows are written through the services where they keep invariants (proposals, approvals,
check-ins, certificates, reports) and directly elsewhere. Every name, e-mail address, address
and note is distinctive, so a test can look for them in any answer (`Secrets`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from knox.models import AuthToken

from accounts.models import Membership, Program, Role, User
from certificates.models import (
    Certificate,
    CertificateBatch,
    OpinionRequest,
    PublicRecognitionConsent,
)
from certificates.services import certificate_issue
from commitments.checkins import check_in_log
from commitments.models import CheckIn
from commitments.surveys import survey_token
from core import clock
from matching import services as matching_services
from matching.concern_links import concern_token
from matching.models import Match, MatchingRun
from newcomers.models import NewcomerProfile, SupportRequest
from newcomers.services import claim_token
from reports.models import PublishedReport
from reports.services import report_publish
from safeguarding.models import Concern
from safeguarding.services import concern_raise
from tests.factories import ProgramFactory, UserFactory, member
from tests.matching.matches_cast import KRAKOW, NEAR_WARSAW, WARSAW, open_request, ready_volunteer
from tests.volunteers.agreement_cast import terms_for
from training.models import (
    SafeguardingCheck,
    SessionSignup,
    TrainingCompletion,
    TrainingModule,
    TrainingSession,
)
from volunteers.agreements import agreement_make
from volunteers.models import VolunteerProfile

# Who asks. `outsider` coordinates the other programme; `deactivated` coordinated this one
# until their account was switched off (their token and session outlived it).
ANONYMOUS = "anonymous"
VOLUNTEER = "volunteer"
NEWCOMER = "newcomer"
COORDINATOR = "coordinator"
OUTSIDER = "outsider"
STAFF = "staff"
DEACTIVATED = "deactivated"
ROLES = (ANONYMOUS, VOLUNTEER, NEWCOMER, COORDINATOR, OUTSIDER, STAFF, DEACTIVATED)


@dataclass
class Side:
    """The objects a URL or a body can name, as seen from one side.

    `mine` is the programme's cast's own (the volunteer's match, the newcomer's request),
    `peer` the same programme's objects of other people, `other` the other programme's.
    """

    program: Program
    coordinator: User  # and its safeguarding lead
    volunteer: VolunteerProfile
    newcomer: NewcomerProfile
    match: Match  # active
    proposed_match: Match
    matched_request: SupportRequest  # the active match's, with notes
    request: SupportRequest  # open
    check_in: CheckIn
    module: TrainingModule
    session: TrainingSession
    certificate: Certificate
    batch: CertificateBatch
    opinion_request: OpinionRequest
    run: MatchingRun
    report: PublishedReport
    unclaimed: NewcomerProfile
    claim_token: str
    survey_token: str
    concern: Concern
    concern_token: str

    @property
    def slug(self) -> str:
        return self.program.slug

    @property
    def serial(self) -> str:
        return self.certificate.serial_display


@dataclass
class Secrets:
    """What someone outside a programme (or outside a match) must never read."""

    of_program: set[str] = field(default_factory=set)  # anyone outside the programme
    of_peers: set[str] = field(default_factory=set)  # the programme's participants, too
    kept_from_volunteer: set[str] = field(default_factory=set)  # their newcomer's private data


@dataclass
class World:
    mine: Side
    peer: Side
    other: Side
    users: dict[str, User]
    tokens: dict[str, str]
    secrets: dict[str, Secrets]  # by programme slug
    sessions: dict[str, str] = field(default_factory=dict)  # session keys, by role

    def side(self, name: str) -> Side:
        return {"mine": self.mine, "peer": self.peer, "other": self.other}[name]


def _days_ago(days: int) -> date:
    return clock.today() - timedelta(days=days)


def _programme(
    program: Program,
    *,
    coordinator: User,
    volunteer_user: User,
    newcomer_user: User,
    names: dict[str, str],
    at: tuple[float, float],
    near: tuple[float, float],
) -> tuple[Side, Side, Secrets]:
    """One programme's objects, as its cast's own side and its peers' side."""
    year = clock.today().year
    module = TrainingModule.objects.create(
        program=program, title=f"Podstawy {program.slug}", is_required=True
    )
    volunteer = ready_volunteer(
        program, user=volunteer_user, at=at, capacity=2, bio=names["volunteer_bio"]
    )
    peer_volunteer = ready_volunteer(program, names["peer_volunteer"], at=at, capacity=3)
    for profile in (volunteer, peer_volunteer):
        TrainingCompletion.objects.create(
            program=program, volunteer=profile, module=module, completed_on=_days_ago(40)
        )
    SafeguardingCheck.objects.create(
        program=program,
        volunteer=volunteer,
        kind="criminal_record",
        checked_on=_days_ago(30),
        expires_on=_days_ago(30) + timedelta(days=3 * 365),
        verified_by=coordinator,
    )
    session = TrainingSession.objects.create(
        program=program,
        module=module,
        starts_at=timezone.now() + timedelta(days=7),
        place=f"Centrum {program.city}",
        capacity=20,
    )
    SessionSignup.objects.create(session=session, volunteer=volunteer)

    newcomer_fields = {
        "at": near,
        "contact_email": names["newcomer_contact_email"],
        "contact_phone": names["newcomer_phone"],
        "contact_channel": "email",
        "address": names["newcomer_address"],
    }
    matched_request = open_request(
        program,
        names["newcomer"],
        user=newcomer_user,
        newcomer=newcomer_fields,
        notes=names["request_notes"],
    )
    newcomer = matched_request.newcomer
    match = matching_services.match_approve(
        match=matching_services.match_propose(
            request=matched_request, volunteer=volunteer, by=coordinator
        ),
        by=coordinator,
        started_on=_days_ago(30),
    )
    check_in = check_in_log(
        match=match,
        by=newcomer_user,
        data={
            "date": _days_ago(3),
            "duration_minutes": 60,
            "mode": "in_person",
            "topics": ["admin_procedures"],
            "note": names["check_in_note"],
            "satisfaction": 5,
        },
    )
    request = SupportRequest.objects.create(
        program=program,
        newcomer=newcomer,
        needs=["housing"],
        modes=["in_person"],
        days=["mon"],
        notes=names["second_request_notes"],
    )

    peer_newcomer_user = member(program, Role.NEWCOMER, full_name=names["peer_newcomer"])
    peer_matched = open_request(
        program,
        names["peer_newcomer"],
        user=peer_newcomer_user,
        newcomer={"at": near},
        notes=names["peer_request_notes"],
    )
    peer_match = matching_services.match_approve(
        match=matching_services.match_propose(
            request=peer_matched, volunteer=peer_volunteer, by=coordinator
        ),
        by=coordinator,
        started_on=_days_ago(20),
    )
    peer_check_in = CheckIn.objects.create(
        program=program,
        match=peer_match,
        date=_days_ago(2),
        duration_minutes=30,
        note=names["peer_check_in_note"],
        by=peer_newcomer_user,
    )
    waiting = open_request(
        program, names["waiting_newcomer"], newcomer={"at": near}, notes=names["waiting_notes"]
    )
    proposed_match = matching_services.match_propose(
        request=waiting, volunteer=peer_volunteer, by=coordinator
    )
    unclaimed = NewcomerProfile.objects.create(
        program=program, full_name=names["unclaimed"], contact_email=names["unclaimed_email"]
    )

    certificate, _created = certificate_issue(volunteer=volunteer, kind="training", by=coordinator)
    peer_certificate, _created = certificate_issue(
        volunteer=peer_volunteer, kind="training", by=coordinator
    )
    batch = CertificateBatch.objects.create(
        program=program, session=session, created_by=coordinator
    )
    # Both volunteers' agreements exist, so their PDFs can be asked for.
    terms_for(program, coordinator)
    agreement_make(volunteer=volunteer)
    agreement_make(volunteer=peer_volunteer)
    run = MatchingRun.objects.create(program=program, started_by=coordinator)
    PublicRecognitionConsent.objects.create(
        program=program, volunteer=volunteer, given_at=timezone.now()
    )
    report = report_publish(program=program, year=year, by=coordinator)

    mine = Side(
        program=program,
        coordinator=coordinator,
        volunteer=volunteer,
        newcomer=newcomer,
        match=match,
        proposed_match=proposed_match,
        matched_request=matched_request,
        request=request,
        check_in=check_in,
        module=module,
        session=session,
        certificate=certificate,
        batch=batch,
        opinion_request=OpinionRequest.objects.create(
            program=program, volunteer=volunteer, requested_at=timezone.now()
        ),
        run=run,
        report=report,
        unclaimed=unclaimed,
        claim_token=claim_token(unclaimed),
        survey_token=survey_token(match=match, respondent=volunteer_user, number=1),
        # Not urgent: the pair's contact goes on (a paused match would change other rows).
        concern=concern_raise(
            by=newcomer_user,
            match=match,
            category="boundaries",
            description=names["concern"],
        ),
        concern_token=concern_token(match_id=match.pk, user_id=volunteer_user.pk),
    )
    peer = Side(
        **{
            **mine.__dict__,
            "volunteer": peer_volunteer,
            "newcomer": peer_matched.newcomer,
            "match": peer_match,
            "matched_request": peer_matched,
            "request": waiting,
            "check_in": peer_check_in,
            "certificate": peer_certificate,
            "survey_token": survey_token(
                match=peer_match, respondent=peer_volunteer.user, number=1
            ),
        }
    )
    peers = {
        names["peer_volunteer"],
        names["peer_newcomer"],
        names["waiting_newcomer"],
        names["unclaimed"],
        names["unclaimed_email"],
        names["peer_request_notes"],
        names["peer_check_in_note"],
        names["waiting_notes"],
        names["concern"],
        peer_volunteer.user.email,
        peer_newcomer_user.email,
    }
    kept_from_volunteer = {
        names["newcomer"].split(" ", 1)[1],  # the surname
        names["newcomer_address"],
        names["newcomer_phone"],
        names["request_notes"],
        names["second_request_notes"],
        newcomer_user.email,
    }
    outside = (
        peers
        | kept_from_volunteer
        | {
            names["volunteer"],
            names["newcomer"],
            names["volunteer_bio"],
            names["check_in_note"],
            names["newcomer_contact_email"],
            volunteer_user.email,
            coordinator.email,
        }
    )
    secrets = Secrets(of_program=outside, of_peers=peers, kept_from_volunteer=kept_from_volunteer)
    return mine, peer, secrets


WARSZAWA_NAMES = {
    "volunteer": "Anna Kowalska",
    "volunteer_bio": "Lubię szachy i długie spacery po Pradze",
    "newcomer": "Олена Ковальчук",
    "newcomer_address": "ul. Tajna 17/4",
    "newcomer_phone": "+48 600 111 222",
    "newcomer_contact_email": "olena.kontakt@example.org",
    "request_notes": "Notatka poufna: sprawa w urzędzie wojewódzkim",
    "second_request_notes": "Notatka poufna: szuka mieszkania na Woli",
    "check_in_note": "Spotkanie w urzędzie przy Marszałkowskiej",
    "peer_volunteer": "Witold Sąsiedzki",
    "peer_newcomer": "Iryna Bondarenko",
    "peer_request_notes": "Notatka poufna: zdrowie dziecka",
    "peer_check_in_note": "Rozmowa o przedszkolu na Bemowie",
    "waiting_newcomer": "Taras Melnyczuk",
    "waiting_notes": "Notatka poufna: czeka od dawna",
    "unclaimed": "Natalia Nieodebrana",
    "unclaimed_email": "natalia.nieodebrana@example.org",
    "concern": "Zgłoszenie poufne: prosił o pożyczkę na Mokotowie",
}
KRAKOW_NAMES = {
    "volunteer": "Kazimierz Wawelski",
    "volunteer_bio": "Oprowadzam po Kazimierzu",
    "newcomer": "Оксана Дніпровська",
    "newcomer_address": "ul. Floriańska 99/1",
    "newcomer_phone": "+48 700 333 444",
    "newcomer_contact_email": "oksana.kontakt@example.org",
    "request_notes": "Notatka poufna: Kraków, sprawa pobytowa",
    "second_request_notes": "Notatka poufna: Kraków, praca w Nowej Hucie",
    "check_in_note": "Spotkanie na Rynku Głównym",
    "peer_volunteer": "Bożena Podgórska",
    "peer_newcomer": "Mykola Zaporizkyi",
    "peer_request_notes": "Notatka poufna: Kraków, szkoła",
    "peer_check_in_note": "Rozmowa przy Sukiennicach",
    "waiting_newcomer": "Daria Lwowska",
    "waiting_notes": "Notatka poufna: Kraków, czeka",
    "unclaimed": "Halina Nieobecna",
    "unclaimed_email": "halina.nieobecna@example.org",
    "concern": "Zgłoszenie poufne: Kraków, nocleg w Podgórzu",
}


def build_world() -> World:
    """Both programmes, the seven callers and an API token for each signed-in one."""
    program = ProgramFactory.create(
        slug="warszawa", name="Ambasadorzy Powitania Warszawa", city="Warszawa"
    )
    other_program = ProgramFactory.create(
        slug="krakow", name="Krakowscy Ambasadorzy", city="Kraków"
    )
    users = {
        COORDINATOR: member(program, Role.COORDINATOR, full_name="Agnieszka Wiśniewska"),
        OUTSIDER: member(other_program, Role.COORDINATOR, full_name="Tomasz Zieliński"),
        VOLUNTEER: member(program, Role.VOLUNTEER, full_name=WARSZAWA_NAMES["volunteer"]),
        NEWCOMER: member(
            program, Role.NEWCOMER, full_name=WARSZAWA_NAMES["newcomer"], preferred_language="uk"
        ),
        STAFF: UserFactory.create(is_staff=True, full_name="Operator"),
        DEACTIVATED: member(program, Role.COORDINATOR, full_name="Jerzy Odwołany"),
    }
    mine, peer, warszawa = _programme(
        program,
        coordinator=users[COORDINATOR],
        volunteer_user=users[VOLUNTEER],
        newcomer_user=users[NEWCOMER],
        names=WARSZAWA_NAMES,
        at=WARSAW,
        near=NEAR_WARSAW,
    )
    other_volunteer = member(other_program, Role.VOLUNTEER, full_name=KRAKOW_NAMES["volunteer"])
    other_newcomer = member(other_program, Role.NEWCOMER, full_name=KRAKOW_NAMES["newcomer"])
    other, _other_peer, krakow = _programme(
        other_program,
        coordinator=users[OUTSIDER],
        volunteer_user=other_volunteer,
        newcomer_user=other_newcomer,
        names=KRAKOW_NAMES,
        at=KRAKOW,
        near=(KRAKOW[0] + 0.005, KRAKOW[1]),
    )
    krakow.of_program.add(users[OUTSIDER].email)
    # The programmes' coordinators are their safeguarding leads: the matrix's coordinator
    # reads concerns (one who is not a lead: tests/safeguarding).
    Membership.objects.filter(user__in=[users[COORDINATOR], users[OUTSIDER]]).update(
        is_safeguarding_lead=True
    )
    # With an address to fall back on, so the last lead may be removed (asked first).
    for each in (program, other_program):
        Program.directory.filter(pk=each.pk).update(safeguarding_email=f"ochrona@{each.slug}.pl")
    tokens = {role: AuthToken.objects.create(user)[1] for role, user in users.items()}
    deactivated = users[DEACTIVATED]
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    return World(
        mine=mine,
        peer=peer,
        other=other,
        users=users,
        tokens=tokens,
        secrets={program.slug: warszawa, other_program.slug: krakow},
    )
