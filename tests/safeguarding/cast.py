"""A programme with a lead, an active pair and a second, waiting newcomer, for the
safeguarding tests."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Membership, Program, Role, User
from matching.models import Match
from newcomers.models import SupportRequest
from tests.factories import member
from tests.matching.matches_cast import active, open_request, ready_volunteer
from volunteers.models import VolunteerProfile


@dataclass
class Pair:
    program: Program
    lead: User
    coordinator: User  # not a safeguarding lead
    volunteer: User
    newcomer: User
    profile: VolunteerProfile
    match: Match


def lead_of(program: Program, name: str = "Lena Opiekuńcza") -> User:
    user = member(program, Role.COORDINATOR, full_name=name)
    Membership.objects.filter(user=user, program=program).update(is_safeguarding_lead=True)
    return user


def pair_in(program: Program, *, coordinator: User, volunteer: User, newcomer: User) -> Pair:
    lead = lead_of(program)
    profile = ready_volunteer(program, user=volunteer, capacity=2)
    request = open_request(program, user=newcomer)
    match = active(request, profile, coordinator)
    return Pair(program, lead, coordinator, volunteer, newcomer, profile, match)


def waiting_request(program: Program, name: str = "Taras Melnyczuk") -> SupportRequest:
    return open_request(program, name)
