"""The short two-question survey: its signed link, and what an answer does.

A survey link carries the match, the person asked and the survey's number, signed with
SECRET_KEY (django.core.signing, its own salt): no password is needed to answer, since many
newcomers struggle with them, yet the link answers only for the person it was sent to. A link
older than SURVEY_LINK_MAX_AGE is refused politely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.models import User
from commitments.checkins import LOW_SATISFACTION, flag_low_satisfaction
from commitments.models import SurveyResponse
from core.links import signed_site_urls
from matching.models import Match, MatchStatus
from matching.services import MatchConflict, refuse_if_paused

SURVEY_SALT = "matching.survey"
SURVEY_LINK_MAX_AGE = timedelta(days=90)


class SurveyLinkInvalid(Exception):
    """The link was altered or is not a survey link."""


class SurveyLinkExpired(SurveyLinkInvalid):
    """The link is genuine but older than SURVEY_LINK_MAX_AGE."""


@dataclass(frozen=True)
class SurveyLink:
    match_id: int
    respondent_id: int
    number: int


def survey_token(*, match: Match, respondent: User, number: int) -> str:
    return signing.dumps(
        {"m": match.pk, "u": respondent.pk, "n": number}, salt=SURVEY_SALT, compress=True
    )


def survey_url(*, match: Match, respondent: User, number: int) -> str:
    """The absolute address of survey `number` of `match`, answerable only as `respondent`."""
    return survey_urls()(match.pk, respondent.pk, number)


def survey_urls() -> Callable[[int, int, int], str]:
    """`survey_url` for many (match id, respondent id, number): the address is reversed and
    the signer made once (a sweep writes one into every invitation)."""
    url_of = signed_site_urls("survey-page", salt=SURVEY_SALT)
    return lambda match_id, respondent_id, number: url_of(
        {"m": match_id, "u": respondent_id, "n": number}
    )


def survey_link_read(token: str) -> SurveyLink:
    """What a token names; raises SurveyLinkExpired or SurveyLinkInvalid."""
    try:
        payload = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise SurveyLinkExpired from error
    except signing.BadSignature as error:
        raise SurveyLinkInvalid from error
    try:
        return SurveyLink(
            match_id=int(payload["m"]), respondent_id=int(payload["u"]), number=int(payload["n"])
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SurveyLinkInvalid from error


class SurveyAlreadyAnswered(Exception):
    """This person answered this survey of this match already; the first answer stands."""


ANSWERABLE_STATUSES = (MatchStatus.ACTIVE, MatchStatus.COMPLETED)


def survey_match_for(link: SurveyLink) -> tuple[Match, User]:
    """The match and the person a link names, across programmes (the person may not be signed
    in); raises SurveyLinkInvalid when the person is no longer one of the match's two."""
    with scopes_disabled():
        match = (
            Match.objects.select_related("program", "volunteer__user", "newcomer__user")
            .filter(pk=link.match_id)
            .first()
        )
    if match is None:
        raise SurveyLinkInvalid
    people = {match.volunteer.user_id: match.volunteer.user}
    if match.newcomer.user is not None:
        people[match.newcomer.user.pk] = match.newcomer.user
    respondent = people.get(link.respondent_id)
    if respondent is None or not respondent.is_active:
        raise SurveyLinkInvalid
    return match, respondent


def survey_is_answered(*, match: Match, respondent: User, number: int) -> bool:
    return SurveyResponse.objects.filter(match=match, respondent=respondent, number=number).exists()


@transaction.atomic
def survey_answer(
    *,
    match: Match,
    respondent: User,
    number: int,
    rating: int,
    note: str = "",
    wants_contact: bool = False,
) -> SurveyResponse:
    """Store `respondent`'s answer to survey `number` of `match`, once.

    The rating becomes the match's `last_satisfaction`; a rating of 1 or 2, or a respondent
    who asks the coordinator to get in touch, flags the match `low_satisfaction` with the note
    and e-mails the programme's coordinators. Raises SurveyAlreadyAnswered on a second answer
    (the first stands), MatchConflict when the match ended early or never started (MatchPaused
    while its contact is paused), and
    ValidationError on `rating` outside 1..5.
    """
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Choose from 1 to 5.")]})
    note = (note or "").strip()[:1000]
    current = (
        Match.objects.select_for_update(of=("self",))
        .select_related("program", "volunteer__user", "newcomer__user")
        .get(pk=match.pk)
    )
    if current.status not in ANSWERABLE_STATUSES:
        raise MatchConflict(_("This pairing has ended, so the survey is closed."))
    refuse_if_paused(current)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                program_id=current.program_id,
                match=current,
                respondent=respondent,
                number=number,
                rating=rating,
                note=note,
            )
    except IntegrityError:
        raise SurveyAlreadyAnswered from None
    current.last_satisfaction = rating
    update_fields = ["last_satisfaction", "updated_at"]
    if rating <= LOW_SATISFACTION or wants_contact:
        flag_low_satisfaction(
            match=current,
            by=respondent,
            rating=rating,
            note=note,
        )
        update_fields += ["attention", "attention_note", "attention_at"]
    current.save(update_fields=update_fields)
    return response
