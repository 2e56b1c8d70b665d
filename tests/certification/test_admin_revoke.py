"""HR revokes and reinstates certificates from the record page, with a reason."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from certification.models import CertificationRecord, Status
from certification.services import NOT_REVOKED, NOTHING_TO_REVOKE, REASON_REQUIRED
from people import roles
from tests.certification.factories import certified
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def revoke_url(record):
    return reverse("certification_records:revoke", args=[record.pk])


def reinstate_url(record):
    return reverse("certification_records:reinstate", args=[record.pk])


def inspect_url(record):
    return reverse("certification_records:inspect", args=[record.pk])


@pytest.fixture
def hr_user():
    return UserFactory(roles=[roles.HR], first_name="Helga", last_name="Rasa")


@pytest.fixture
def manager():
    return StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))


@pytest.fixture
def certificate(manager):
    return certified(StaffProfileFactory(manager=manager).user)


def test_hr_revokes_with_a_reason_and_the_history_shows_it(
    client, hr_user, certificate
):
    record = certificate.record
    client.force_login(hr_user)

    response = client.post(revoke_url(record), {"reason": "Falsified evidence."})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(record)
    record.refresh_from_db()
    certificate.refresh_from_db()
    assert record.status == Status.REVOKED
    assert certificate.revoked_at is not None
    event = record.events.get()
    assert (event.from_status, event.to_status) == (Status.CERTIFIED, Status.REVOKED)
    assert event.actor == hr_user
    page = client.get(inspect_url(record)).text
    assert "Falsified evidence." in page
    assert "Helga Rasa" in page
    assert "was revoked" in page
    assert reinstate_url(record) in page
    assert revoke_url(record) not in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_blank_reason_is_a_form_error(client, hr_user, certificate, reason):
    record = certificate.record
    client.force_login(hr_user)

    response = client.post(revoke_url(record), {"reason": reason})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [str(REASON_REQUIRED)]
    assert escape(str(REASON_REQUIRED)) in response.text
    record.refresh_from_db()
    assert record.status == Status.CERTIFIED


def test_nothing_to_revoke_is_a_form_error(client, hr_user):
    record = CertificationRecord.objects.create(
        user=StaffProfileFactory().user,
        course=certified().record.course,
        status=Status.IN_PROGRESS,
    )
    client.force_login(hr_user)

    response = client.post(revoke_url(record), {"reason": "Mistake"})

    assert response.status_code == 200
    assert str(NOTHING_TO_REVOKE) in response.text


def test_hr_reinstates_a_revoked_certificate(client, hr_user, certificate):
    record = certificate.record
    client.force_login(hr_user)
    client.post(revoke_url(record), {"reason": "Under investigation."})

    response = client.post(reinstate_url(record), {"reason": "Cleared."})

    assert response.status_code == 302
    record.refresh_from_db()
    certificate.refresh_from_db()
    assert record.status == Status.CERTIFIED
    assert certificate.revoked_at is None
    page = client.get(inspect_url(record)).text
    assert "Under investigation." in page and "Cleared." in page
    assert revoke_url(record) in page


def test_reinstating_a_record_that_is_not_revoked_is_a_form_error(
    client, hr_user, certificate
):
    client.force_login(hr_user)

    response = client.post(reinstate_url(certificate.record), {"reason": "Why not"})

    assert response.status_code == 200
    assert str(NOT_REVOKED) in response.text


def test_the_revoke_form_explains_what_happens(client, hr_user, certificate):
    client.force_login(hr_user)

    response = client.get(revoke_url(certificate.record))

    assert response.status_code == 200
    assert "public verification page" in response.text
    assert 'name="reason"' in response.text


@pytest.mark.parametrize("role", [roles.MANAGERS, roles.TRAINERS])
def test_only_hr_may_revoke_or_reinstate(client, manager, certificate, role):
    record = certificate.record
    user = manager.user if role == roles.MANAGERS else UserFactory(roles=[role])
    client.force_login(user)

    forms = [client.get(revoke_url(record)), client.get(reinstate_url(record))]
    posts = [
        client.post(revoke_url(record), {"reason": "No"}),
        client.post(reinstate_url(record), {"reason": "No"}),
    ]
    page = client.get(inspect_url(record)).text

    assert [response.status_code for response in forms + posts] == [403] * 4
    record.refresh_from_db()
    assert record.status == Status.CERTIFIED
    assert not record.events.exists()
    assert revoke_url(record) not in page


def test_a_learner_cannot_reach_the_form(client, certificate):
    client.force_login(certificate.record.user)

    response = client.post(revoke_url(certificate.record), {"reason": "Mine"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    certificate.record.refresh_from_db()
    assert certificate.record.status == Status.CERTIFIED
