"""What cannot be undone asks first: revoking, publishing and taking down the impact report,
and ending a pairing early each show what will happen and who will be told, with a warning
button for what takes something away; nothing changes until the coordinator confirms."""

from __future__ import annotations

from accounts.models import Program, User
from reports.models import PublishedReport
from tests.certificates.certificates_cast import issued, trained_resident
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, ready_volunteer


def test_revoking_asks_first_and_the_state_column_holds_only_the_state(
    program: Program, coordinator: User
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    client = signed_in(coordinator, language="en")
    address = f"/coordinators/certificates/{certificate.pk}/revoke/"

    listing = client.get("/coordinators/certificates/").content.decode()
    asked = client.get(address)

    assert "<textarea" not in listing.split("Issued certificates")[-1]
    assert f'class="button-danger" href="{address}"' in listing
    page = asked.content.decode()
    assert "Revoke this certificate?" in page
    assert "gets an e-mail with your reason." in page
    assert 'class="button-danger">Revoke the certificate</button>' in page
    certificate.refresh_from_db()
    assert not certificate.is_revoked

    without_reason = client.post(address, {})
    assert without_reason.status_code == 400
    assert '<p class="error-message" id="id_reason_error">' in without_reason.content.decode()

    client.post(address, {"reason": "Issued by mistake"})
    certificate.refresh_from_db()
    assert certificate.is_revoked
    after = client.get("/coordinators/certificates/").content.decode()
    assert f'href="{address}"' not in after
    assert "Revoked on" in after


def test_publishing_the_impact_report_asks_first(program: Program, coordinator: User) -> None:
    client = signed_in(coordinator, language="en")
    query = {"program": program.slug, "year": "2026", "action": "publish"}

    dashboard = client.get("/coordinators/dashboard/", {"program": program.slug, "year": "2026"})
    asked = client.get("/coordinators/dashboard/publish/", query)

    assert "/coordinators/dashboard/publish/?program=" in dashboard.content.decode()
    page = asked.content.decode()
    assert "Publish the impact report?" in page
    assert "become public at once" in page
    assert not PublishedReport.objects.exists()

    client.post("/coordinators/dashboard/publish/", query)
    assert PublishedReport.objects.filter(program=program, year=2026).exists()

    down = client.get("/coordinators/dashboard/publish/", {**query, "action": "unpublish"})
    assert 'class="button-danger">Take it down</button>' in down.content.decode()
    assert PublishedReport.objects.exists()


def test_the_dashboard_has_no_label_without_a_field(program: Program, coordinator: User) -> None:
    page = signed_in(coordinator, language="en").get("/coordinators/dashboard/").content.decode()
    imports = signed_in(coordinator, language="en").get("/coordinators/import/").content.decode()

    # One programme: chosen for the coordinator, so no "Programme:" label over nothing.
    assert "Programme:</label>" not in page
    assert "Programme:</label>" not in imports


def test_a_confirmation_is_only_for_the_programmes_coordinators(
    program: Program, coordinator: User, outsider: User
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    foreign = signed_in(outsider).get(f"/coordinators/certificates/{certificate.pk}/revoke/")

    assert foreign.status_code == 404


def test_ending_early_says_what_happens_and_that_nobody_is_e_mailed(
    program: Program, coordinator: User
) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    page = (
        signed_in(coordinator, language="en")
        .get(f"/coordinators/matches/{match.pk}/end/")
        .content.decode()
    )

    assert "What will happen" in page
    assert "Nobody is e-mailed: tell the volunteer and the newcomer yourself." in page
    assert 'class="button-danger">End the pairing</button>' in page
