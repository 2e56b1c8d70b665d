"""The public certificate check: what it shows, what it never shows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.certification.factories import certified
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    profile = StaffProfileFactory(
        employee_id="E4242",
        user__first_name="Līga",
        user__last_name="Ozoliņa",
        user__email="liga.private@example.com",
    )
    return certified(profile.user)


def test_anyone_can_check_a_certificate_without_logging_in(client, certificate):
    response = client.get(f"/verify/{certificate.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Līga Ozoliņa" in html
    assert certificate.course_title in html
    assert "Brightline Home" in html
    assert "Valid" in html


def test_the_check_never_shows_private_details(client, certificate):
    record = certificate.record
    record.revoked_reason = "Falsified the observation form"
    record.save()

    for url in [f"/verify/{certificate.code}/", f"/verify/{certificate.code}.json"]:
        body = client.get(url).content.decode()
        assert "liga.private@example.com" not in body
        assert "E4242" not in body
        assert "Falsified" not in body
        assert "progress" not in body.lower()
        assert "score" not in body.lower()


def test_the_json_check_has_exactly_the_public_fields(client, certificate):
    data = client.get(f"/verify/{certificate.code}.json").json()

    assert set(data) == {
        "code",
        "holder",
        "course",
        "issuer",
        "status",
        "status_label",
        "issued_on",
        "expires_on",
    }
    assert data["status"] == "valid"
    assert data["holder"] == "Līga Ozoliņa"


def test_the_check_is_not_indexed(client, certificate):
    response = client.get(f"/verify/{certificate.code}/")

    assert "noindex" in response["X-Robots-Tag"]
    assert 'name="robots" content="noindex' in response.content.decode()


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_an_unknown_code_is_a_404(client, suffix):
    response = client.get(f"/verify/K7QF-9XMB-2HTD-WC4R{suffix}")

    assert response.status_code == 404


def test_a_typed_code_in_lower_case_leads_to_the_certificate(client, certificate):
    sloppy = certificate.code.lower().replace("-", "")

    response = client.get(f"/verify/{sloppy}/")

    assert response.status_code == 301
    assert response["Location"] == f"/verify/{certificate.code}/"


def test_the_code_form_sends_a_typed_code_to_its_page(client, certificate):
    response = client.get("/verify/", {"code": certificate.code.lower()})

    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code}/"


def test_the_code_form_explains_a_malformed_code(client):
    response = client.get("/verify/", {"code": "nonsense"})

    assert response.status_code == 400
    assert "No certificate has this code" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "revoked"),
    ],
)
def test_the_check_says_expired_or_revoked(client, certificate, change, status):
    for field, value in change.items():
        setattr(certificate, field, value)
    certificate.save()

    assert client.get(f"/verify/{certificate.code}.json").json()["status"] == status


def test_an_older_certificate_says_superseded(client, certificate):
    newer = certified(certificate.record.user, certificate.record.course, cycle=2)
    certificate.superseded_by = newer
    certificate.save()

    assert (
        client.get(f"/verify/{certificate.code}.json").json()["status"] == "superseded"
    )
    assert client.get(f"/verify/{newer.code}.json").json()["status"] == "valid"


def test_checks_are_rate_limited_per_address(client, certificate, settings):
    settings.VERIFY_RATE_LIMIT = 3
    statuses = [
        client.get(f"/verify/{certificate.code}.json").status_code for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]
    other = client.get(f"/verify/{certificate.code}.json", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_a_new_forwarded_for_header_each_time_does_not_escape_the_limit(
    client, certificate, settings
):
    settings.VERIFY_RATE_LIMIT = 3
    statuses = [
        client.get(
            f"/verify/{certificate.code}.json", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_client(
    client, certificate, settings
):
    settings.VERIFY_RATE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1

    def check(forwarded_for):
        return client.get(
            f"/verify/{certificate.code}.json",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code

    # The client may prepend anything; the proxy appends what it saw.
    statuses = [check(f"198.51.100.{n}, 203.0.113.7") for n in range(5)]

    assert statuses == [200, 200, 200, 429, 429]
    assert check("203.0.113.8") == 200


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_a_limited_check_says_when_to_come_back(client, certificate, settings, suffix):
    settings.VERIFY_RATE_LIMIT = 1
    client.get(f"/verify/{certificate.code}{suffix}")

    response = client.get(f"/verify/{certificate.code}{suffix}")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60


def test_anonymous_visitors_still_cannot_see_anything_else(client, certificate):
    assert client.get("/training/").status_code == 302
    assert client.get(f"/certificates/{certificate.code}/download/").status_code == 302


def test_a_logged_in_user_sees_the_same_public_page(client, certificate):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)

    assert client.get(f"/verify/{certificate.code}/").status_code == 200
