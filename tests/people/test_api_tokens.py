"""HR creates and revokes the HR system's API tokens in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from people import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("wagtailusers_api_tokens:index")
ADD_URL = reverse("wagtailusers_api_tokens:add")


def readiness(client, token: str):
    return client.get("/api/v1/readiness", headers={"Authorization": f"Bearer {token}"})


def test_hr_creates_a_token_that_works_until_they_revoke_it(client):
    hr = UserFactory(roles=[roles.HR])
    client.force_login(hr)
    assert INDEX_URL in client.get(reverse("wagtailadmin_home")).text

    created = client.post(ADD_URL, {"name": "HR system", "user": hr.pk})

    assert created.status_code == 200
    plaintext = created.context["token"]
    assert plaintext in created.text
    token = APIToken.objects.get(name="HR system")
    assert token.user == hr
    assert plaintext not in {token.key_hash, token.prefix}
    listing = client.get(INDEX_URL)
    assert "HR system" in listing.text
    assert plaintext not in listing.text

    client.logout()
    assert readiness(client, plaintext).status_code == 200

    client.force_login(hr)
    revoked = client.post(reverse("wagtailusers_api_tokens:delete", args=[token.pk]))
    client.logout()

    assert revoked.status_code == 302
    assert readiness(client, plaintext).status_code == 401


def test_hr_makes_tokens_only_for_themselves(client):
    hr = UserFactory(roles=[roles.HR])
    admin = UserFactory(is_superuser=True)
    client.force_login(hr)

    response = client.post(ADD_URL, {"name": "Borrowed", "user": admin.pk})

    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not APIToken.objects.exists()


def test_an_admin_creates_a_token_for_an_hr_user(client):
    hr = UserFactory(roles=[roles.HR])
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(ADD_URL, {"name": "HR system", "user": hr.pk})

    assert readiness(client, response.context["token"]).status_code == 200
    assert APIToken.objects.get().user == hr


@pytest.mark.parametrize("role", [roles.TRAINERS, roles.MANAGERS])
def test_trainers_and_managers_cannot_reach_api_tokens(client, role):
    client.force_login(UserFactory(roles=[role]))

    listing = client.get(INDEX_URL)
    add = client.post(ADD_URL, {"name": "Mine", "user": 1})

    # Wagtail refuses with a redirect to the dashboard and a message.
    assert listing.status_code == 302
    assert listing["Location"] == reverse("wagtailadmin_home")
    assert add.status_code == 302
    assert INDEX_URL not in client.get(reverse("wagtailadmin_home")).text
    assert not APIToken.objects.exists()


def test_a_learner_cannot_reach_api_tokens(client):
    client.force_login(UserFactory())

    response = client.get(INDEX_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
