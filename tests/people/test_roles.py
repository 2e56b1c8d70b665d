import pytest
from django.contrib.auth.models import Group

from people import roles
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_NAMES) <= names


@pytest.mark.parametrize("role", [roles.HR, roles.TRAINERS, roles.MANAGERS])
def test_staff_roles_reach_the_wagtail_admin(client, role):
    user = UserFactory(roles=[role])
    client.login(username=user.username, password=PASSWORD)

    response = client.get("/admin/")

    assert response.status_code == 200


def test_a_learner_is_refused_the_admin(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain, "a learner must be sent away from the admin"
    assert response.request["PATH_INFO"] != "/admin/"
    assert not user.has_perm("wagtailadmin.access_admin")


def test_only_hr_sees_all_staff():
    assert roles.sees_all_staff(UserFactory(roles=[roles.HR]))
    assert not roles.sees_all_staff(UserFactory(roles=[roles.MANAGERS]))
    assert not roles.sees_all_staff(UserFactory(roles=[roles.TRAINERS]))
    assert not roles.sees_all_staff(UserFactory())


def test_login_accepts_the_email_address_too(client):
    user = UserFactory(email="Someone@Example.com")
    assert client.login(username="someone@example.com", password=PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
