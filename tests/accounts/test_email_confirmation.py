"""A volunteer or newcomer who signs up is visible to nobody else until they confirm their address.

Each test signs people up the way they do it (the page or the API), reads the link from the
welcome e-mail, and looks at what the coordinator sees before and after following it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification, Program, User
from matching.snapshot import snapshot_get
from newcomers.models import SupportRequest
from tests.clients import signed_in
from tests.confirming import confirm, confirmation_link, sign_up_on_the_page
from tests.factories import UserFactory
from tests.matching.pool_cast import WARSAW, asking, mentor
from tests.training.training_cast import module, session
from tests.unchanged import nothing_changes
from volunteers.models import VolunteerProfile

SignIn = Callable[[User], APIClient]
PASSWORD = "spacer-po-wisle-2027"


def register(api: APIClient, program: Program, role: str, email: str, name: str) -> User:
    response = api.post(
        "/api/v1/auth/register/",
        {
            "email": email,
            "password": PASSWORD,
            "role": role,
            "program": program.slug,
            "full_name": name,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return User.objects.get(email=email)


def resident_with_profile(api: APIClient, program: Program, email: str, name: str) -> User:
    """Signs up through the API and becomes a trained mentor of the pool_cast shape."""
    user = register(api, program, "volunteer", email, name)
    lat, lon = WARSAW
    VolunteerProfile.objects.create(
        user=user,
        program=program,
        languages={"pl": "native", "uk": "B2"},
        skills=["admin_procedures"],
        lat=lat,
        lon=lon,
        max_distance_km=10,
        days=["mon"],
        modes=["in_person"],
        capacity=1,
        is_trained=True,
        status="ready",
    )
    return user


def volunteer_names(client: APIClient) -> list[str]:
    return [row["full_name"] for row in client.get("/api/v1/volunteers/").json()["results"]]


def candidate_names(client: APIClient, request: SupportRequest) -> list[str]:
    response = client.get(f"/api/v1/requests/{request.pk}/candidates/")
    assert response.status_code == 200
    return [row["volunteer"]["full_name"] for row in response.json()]


def test_the_welcome_e_mail_carries_the_link_and_me_says_whether_it_was_followed(
    api: APIClient, program: Program
) -> None:
    ewa = register(api, program, "volunteer", "ewa@example.org", "Ewa Maj")

    before = signed_in(ewa).get("/api/v1/auth/me/").json()["email_confirmed"]
    confirm(ewa)
    after = signed_in(ewa).get("/api/v1/auth/me/").json()["email_confirmed"]

    assert (before, after) == (False, True)
    assert Notification.objects.filter(user=ewa).count() == 1  # one message, not two


def test_an_unconfirmed_volunteer_is_no_candidate_and_in_no_list_until_confirmed(
    api: APIClient, program: Program, coordinator: User
) -> None:
    mentor(program, "Anna Kowalska")
    ewa = resident_with_profile(api, program, "ewa@example.org", "Ewa Maj")
    request = asking(program)
    client = signed_in(coordinator)

    hidden = (volunteer_names(client), candidate_names(client, request))
    detail = client.get(f"/api/v1/volunteers/{ewa.volunteer_profile.pk}/")
    pool_before = snapshot_get(program.pk)
    confirm(ewa)

    assert hidden == (["Anna Kowalska"], ["Anna Kowalska"])
    assert detail.status_code == 404
    assert pool_before is not None  # the snapshot existed: confirming had to make it stale
    assert sorted(volunteer_names(client)) == ["Anna Kowalska", "Ewa Maj"]
    assert sorted(candidate_names(client, request)) == ["Anna Kowalska", "Ewa Maj"]


def test_a_manual_proposal_cannot_name_an_unconfirmed_volunteer(
    api: APIClient, program: Program, coordinator: User
) -> None:
    ewa = resident_with_profile(api, program, "ewa@example.org", "Ewa Maj")
    request = asking(program)

    client = signed_in(coordinator)
    with nothing_changes():
        response = client.post(
            "/api/v1/matches/",
            {"request": request.pk, "volunteer": ewa.volunteer_profile.pk},
            format="json",
        )

    assert response.status_code == 400
    assert list(response.json()) == ["volunteer"]


def test_a_newcomers_own_request_waits_unseen_until_they_confirm(
    api: APIClient, program: Program, coordinator: User
) -> None:
    olena = register(api, program, "newcomer", "olena@example.org", "Олена Ковальчук")
    newcomer_client = signed_in(olena)
    newcomer_client.patch(
        "/api/v1/newcomers/me/",
        {"languages": [{"code": "uk", "level": "native"}], "location": {"city": "Warszawa"}},
        format="json",
    )
    opened = newcomer_client.post(
        "/api/v1/requests/", {"needs": ["housing"], "modes": ["in_person"]}, format="json"
    )
    assert opened.status_code == 201, opened.json()
    request_id = opened.json()["id"]
    client = signed_in(coordinator)

    listed_before = [row["id"] for row in client.get("/api/v1/requests/").json()["results"]]
    detail_before = client.get(f"/api/v1/requests/{request_id}/").status_code
    newcomers_before = client.get("/api/v1/newcomers/").json()["count"]
    own_view = [row["id"] for row in newcomer_client.get("/api/v1/requests/").json()["results"]]
    confirm(olena)

    assert (listed_before, detail_before, newcomers_before) == ([], 404, 0)
    assert own_view == [request_id]  # the newcomer always sees what they asked
    assert [row["id"] for row in client.get("/api/v1/requests/").json()["results"]] == [request_id]
    assert client.get(f"/api/v1/requests/{request_id}/").status_code == 200


def test_a_newcomer_registered_by_a_coordinator_is_visible_at_once(
    program: Program, coordinator: User
) -> None:
    client = signed_in(coordinator)

    created = client.post(
        "/api/v1/newcomers/",
        {
            "full_name": "Nino Beridze",
            "languages": [{"code": "ka", "level": "native"}],
            "contact_phone": "+48 600 100 200",
        },
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert [row["full_name"] for row in client.get("/api/v1/newcomers/").json()["results"]] == [
        "Nino Beridze"
    ]


def test_a_matching_run_leaves_unconfirmed_newcomers_requests_alone(
    api: APIClient,
    program: Program,
    coordinator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor(program, "Anna Kowalska")
    mentor(program, "Piotr Nowak")
    nino = asking(program, "Nino Beridze")
    olena = register(api, program, "newcomer", "olena@example.org", "Олена Ковальчук")
    own = asking(program, "Олена Ковальчук")
    own.newcomer.user = olena
    own.newcomer.save()

    with django_capture_on_commit_callbacks(execute=True):  # the run's task, eagerly
        run = signed_in(coordinator).post(
            "/api/v1/matching-runs/", {"program": program.slug}, format="json"
        )

    assert run.status_code == 202, run.json()
    proposed = SupportRequest.objects.filter(matches__status="proposed").values_list(
        "pk", flat=True
    )
    assert list(proposed) == [nino.pk]  # Olena's waits until she confirms


def test_an_unconfirmed_volunteer_cannot_take_a_training_place_yet(
    api: APIClient, program: Program
) -> None:
    ewa = resident_with_profile(api, program, "ewa@example.org", "Ewa Maj")
    upcoming = session(module(program))

    client = signed_in(ewa)
    with nothing_changes():
        refused = client.post(f"/api/v1/training/sessions/{upcoming.pk}/signup/")
    confirm(ewa)
    accepted = signed_in(ewa).post(f"/api/v1/training/sessions/{upcoming.pk}/signup/")

    assert refused.status_code == 400
    assert list(refused.json()) == ["session"]
    assert accepted.status_code == 201


@pytest.mark.django_db(transaction=True)
def test_signing_up_on_the_page_sends_one_welcome_with_the_link_and_home_asks_for_it(
    client: Client, program: Program
) -> None:
    response = sign_up_on_the_page(client, program, language="uk")
    # Signing up turned the pages to Ukrainian (#18); she switches to English to read on.
    client.cookies["django_language"] = "en"
    marta = User.objects.get(email="marta@example.org")
    home_before = client.get("/home/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    sent = [message for message in mail.outbox if "marta@example.org" in message.to]
    link = confirmation_link(marta)
    assert link in sent[0].body
    client.post(link)
    home_after = client.get("/home/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert response.status_code == 302
    assert len(sent) == 1
    assert sent[0].subject.startswith("Ласкаво просимо")  # in her language
    assert "Please confirm your e-mail address" in home_before
    assert "Send the link again" in home_before
    assert "Please confirm your e-mail address" not in home_after


def test_the_link_expires_after_a_week(api: APIClient, program: Program) -> None:
    ewa = register(api, program, "volunteer", "ewa@example.org", "Ewa Maj")
    link = confirmation_link(ewa)
    eight_days_later = (timezone.now() + timedelta(days=8)).timestamp()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: eight_days_later)
        expired = Client().post(link)

    assert expired.status_code == 404
    assert not EmailAddress.objects.filter(user=ewa, verified=True).exists()


def test_staff_confirming_in_the_admin_make_the_volunteer_a_candidate_at_once(
    api: APIClient,
    program: Program,
    coordinator: User,
    settings: Any,
) -> None:
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = False  # the second factor has its tests
    ewa = resident_with_profile(api, program, "ewa@example.org", "Ewa Maj")
    request = asking(program)
    before = candidate_names(signed_in(coordinator), request)  # a snapshot without her
    admin = Client()
    admin.force_login(UserFactory.create(is_staff=True, is_superuser=True))

    response = admin.post(
        "/admin/account/emailaddress/",
        {
            "action": "make_verified",
            "_selected_action": [EmailAddress.objects.get(user=ewa).pk],
        },
    )

    assert response.status_code == 302
    assert before == []
    assert candidate_names(signed_in(coordinator), request) == ["Ewa Maj"]


def test_an_address_unconfirmed_or_removed_later_hides_the_person_again(
    api: APIClient, program: Program, coordinator: User
) -> None:
    """The lists read a flag mirrored from the addresses, and the candidates a snapshot of the
    pool: every change of an address must reach both."""
    ewa = resident_with_profile(api, program, "ewa@example.org", "Ewa Maj")
    confirm(ewa)
    request = asking(program)
    client = signed_in(coordinator)
    seen = (volunteer_names(client), candidate_names(client, request))
    address = EmailAddress.objects.get(user=ewa)

    address.verified = False  # as staff can in the admin
    address.save()
    unverified = (volunteer_names(client), candidate_names(client, request))
    address.verified = True
    address.save()
    verified_again = (volunteer_names(client), candidate_names(client, request))
    address.delete()  # as an erasure does

    assert seen == (["Ewa Maj"], ["Ewa Maj"])
    assert unverified == ([], [])
    assert verified_again == (["Ewa Maj"], ["Ewa Maj"])
    assert (volunteer_names(client), candidate_names(client, request)) == ([], [])
    assert not User.objects.get(pk=ewa.pk).email_confirmed


def test_an_old_copy_of_the_person_saved_later_keeps_the_confirmation(
    api: APIClient, program: Program, coordinator: User
) -> None:
    ewa = resident_with_profile(api, program, "ewa@example.org", "Ewa Maj")
    loaded_before = User.objects.get(pk=ewa.pk)  # e.g. a password change under way
    confirm(ewa)

    loaded_before.set_password("nowe-haslo-nad-wisla-2027")
    loaded_before.save()

    assert User.objects.get(pk=ewa.pk).email_confirmed
    assert volunteer_names(signed_in(coordinator)) == ["Ewa Maj"]


def test_an_address_moved_to_another_person_takes_the_confirmation_along(
    program: Program,
) -> None:
    ewa = UserFactory.create()
    jan = UserFactory.create(verified_email=False)
    address = EmailAddress.objects.get(user=ewa)

    address.user, address.primary = jan, False  # staff can in the admin
    address.save()

    assert not User.objects.get(pk=ewa.pk).email_confirmed
    assert User.objects.get(pk=jan.pk).email_confirmed


def test_mirroring_again_repairs_a_confirmation_the_flag_missed(
    api: APIClient, program: Program, coordinator: User
) -> None:
    """As after a deploy: the previous release confirmed an address without the receivers."""
    ewa = resident_with_profile(api, program, "ewa@example.org", "Ewa Maj")
    EmailAddress.objects.filter(user=ewa).update(verified=True)  # no receiver runs
    hidden = volunteer_names(signed_in(coordinator))
    out = StringIO()

    call_command("mirror_email_confirmations", stdout=out)

    assert hidden == []
    assert volunteer_names(signed_in(coordinator)) == ["Ewa Maj"]
    assert out.getvalue().startswith("1 people")
