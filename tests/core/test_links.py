"""Links reversed once for many e-mails read exactly as links reversed one by one."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import override_settings

from commitments.surveys import SURVEY_SALT, survey_link_read, survey_urls
from core.links import signed_site_urls, site_url, site_urls
from matching.concern_links import CONCERN_SALT, concern_link_read, concern_urls


@override_settings(SITE_URL="https://witaj.example.pl:8443/app")
@pytest.mark.parametrize("match_id", [1, 9, 918273645, 2_000_000_001])
def test_a_page_reversed_once_gives_each_ids_own_address(match_id: int) -> None:
    assert site_urls("participant-match-page")(match_id) == site_url(
        "participant-match-page", match_id
    )


@override_settings(SITE_URL="https://witaj.example.pl")
def test_a_signed_link_made_in_bulk_is_the_link_signing_makes_and_reads_back() -> None:
    url = signed_site_urls("concern-link-page", salt=CONCERN_SALT)({"m": 12, "u": 34})

    token = url.removeprefix("https://witaj.example.pl/").split("/")[-2]
    assert url == site_url("concern-link-page", token=token)
    assert signing.loads(token, salt=CONCERN_SALT) == {"m": 12, "u": 34}
    # Its payload is what `signing.dumps` writes (the rest is the time and the signature).
    assert (
        token.split(":")[0]
        == signing.dumps({"m": 12, "u": 34}, salt=CONCERN_SALT, compress=True).split(":")[0]
    )


def test_the_sweeps_concern_and_survey_links_open_for_the_person_they_name() -> None:
    concern = concern_urls()(77, 88).rstrip("/").rsplit("/", 1)[-1]
    survey = survey_urls()(77, 88, 3).rstrip("/").rsplit("/", 1)[-1]

    link = concern_link_read(concern)
    assert (link.match_id, link.user_id) == (77, 88)
    answered = survey_link_read(survey)
    assert (answered.match_id, answered.respondent_id, answered.number) == (77, 88, 3)
    with pytest.raises(signing.BadSignature):
        signing.loads(survey, salt=CONCERN_SALT)
    assert signing.loads(survey, salt=SURVEY_SALT) == {"m": 77, "u": 88, "n": 3}
