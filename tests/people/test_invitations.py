"""HR invites people to set their first password, one by one or in bulk."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from people import roles
from people.models import StaffProfile
from people.services import INVITATION_LEFT, INVITATION_NO_EMAIL
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-first-password-42"


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=[roles.HR]))
    return client


def newcomer(employee_id="E100", **kwargs) -> StaffProfile:
    """Someone imported from the HR system: an e-mail address, no password."""
    kwargs.setdefault("user__first_name", "Ann")
    kwargs.setdefault("user__last_name", "Lee")
    kwargs.setdefault("user__email", f"{employee_id.lower()}@example.com")
    password = kwargs.pop("password", None)
    profile = StaffProfileFactory(employee_id=employee_id, **kwargs)
    profile.user.set_password(password)  # None: an unusable password
    profile.user.save()
    return profile


def invite_url(profile):
    return reverse("people:invite_staff", args=[profile.pk])


def inspect_url(profile):
    return reverse("staff:inspect", args=[profile.pk])


def link_in(message) -> str:
    return re.search(r"(https?://\S+/accounts/reset/\S+/)", message.body)[1]


def bulk_url(**query):
    url = reverse("wagtail_bulk_action", args=["people", "staffprofile", "invite"])
    return url, query


def test_hr_invites_a_person_from_their_page(
    hr_client, settings, django_capture_on_commit_callbacks
):
    ann = newcomer()
    page = hr_client.get(inspect_url(ann))
    assert "Send invitation" in page.text
    assert invite_url(ann) in page.text
    confirm = hr_client.get(invite_url(ann))
    assert confirm.status_code == 200
    assert "No invitation has been sent yet." in confirm.text

    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(invite_url(ann), follow=True)

    assert response.redirect_chain == [(inspect_url(ann), 302)]
    assert "An invitation to set a password was sent to Ann Lee" in response.text
    assert "Re-send invitation" in response.text
    assert "Invitation sent" in response.text
    ann.refresh_from_db()
    assert ann.invited_at is not None
    [message] = mail.outbox
    assert message.to == ["e100@example.com"]
    assert settings.WAGTAIL_SITE_NAME in message.subject
    assert link_in(message).startswith(f"{settings.SITE_URL}/accounts/reset/")
    assert ann.user.username in message.body


def test_the_invitation_link_sets_a_password_once(
    client, hr_client, django_capture_on_commit_callbacks
):
    ann = newcomer()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(invite_url(ann))
    path = re.sub(r"^https?://[^/]+", "", link_in(mail.outbox[0]))
    client.logout()

    form = client.get(path, follow=True)
    assert form.context["validlink"]
    client.post(
        form.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = client.get(path, follow=True)

    assert client.login(username="e100@example.com", password=NEW_PASSWORD)
    assert not again.context["validlink"]
    assert "This link no longer works" in again.text


def test_hr_can_send_the_invitation_again(
    hr_client, django_capture_on_commit_callbacks
):
    ann = newcomer()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(invite_url(ann))
    first = StaffProfile.objects.get(pk=ann.pk).invited_at

    confirm = hr_client.get(invite_url(ann))
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(invite_url(ann))

    assert "The last invitation was sent on" in confirm.text
    assert len(mail.outbox) == 2
    assert StaffProfile.objects.get(pk=ann.pk).invited_at > first


def test_the_invitation_is_in_the_persons_history(
    hr_client, django_capture_on_commit_callbacks
):
    ann = newcomer()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(invite_url(ann))

    history = hr_client.get(reverse("staff:history", args=[ann.pk]))

    assert history.status_code == 200
    assert "Invitation sent" in history.text


@pytest.mark.parametrize(
    ("person", "message"),
    [
        ({"is_active": False}, INVITATION_LEFT),
        ({"user__is_active": False}, INVITATION_LEFT),
        ({"user__email": ""}, INVITATION_NO_EMAIL),
    ],
    ids=["left", "account closed", "no e-mail"],
)
def test_some_people_cannot_be_invited_and_hr_is_told_why(
    hr_client, django_capture_on_commit_callbacks, person, message
):
    ann = newcomer(**person)
    expected = str(message % {"name": "Ann Lee"})

    confirm = hr_client.get(invite_url(ann))
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(invite_url(ann), follow=True)

    assert expected in confirm.text
    assert "Send the invitation" not in confirm.text
    assert expected in response.text
    assert mail.outbox == []
    assert StaffProfile.objects.get(pk=ann.pk).invited_at is None


def test_someone_who_set_a_password_is_not_invited(
    hr_client, django_capture_on_commit_callbacks
):
    ann = newcomer(password="chosen-already-1")

    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(invite_url(ann), follow=True)

    assert "Ann Lee has already set a password" in response.text
    assert mail.outbox == []


def test_only_hr_may_invite(client, django_capture_on_commit_callbacks):
    manager = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    ann = newcomer(manager=manager)
    client.force_login(manager.user)

    page = client.get(inspect_url(ann))
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(invite_url(ann))
    bulk = client.get(*bulk_url(id=[ann.pk]))

    assert page.status_code == 200
    assert invite_url(ann) not in page.text
    assert "bulk-action-checkbox" not in client.get(reverse("staff:index")).text
    assert refused.status_code == 403
    assert bulk.status_code == 403
    assert mail.outbox == []


def test_a_learner_cannot_reach_the_invitation(client):
    ann = newcomer()
    client.force_login(newcomer("E200", password="learner-password-1").user)

    response = client.post(invite_url(ann))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert mail.outbox == []


def test_hr_invites_the_ticked_people_in_bulk(
    hr_client, django_capture_on_commit_callbacks
):
    ann, bob = newcomer("E100"), newcomer("E101", user__first_name="Bob")
    gone = newcomer("E102", user__first_name="Gus", is_active=False)
    assert "bulk-action-checkbox" in hr_client.get(reverse("staff:index")).text
    url, query = bulk_url(id=[ann.pk, bob.pk, gone.pk])

    confirm = hr_client.get(url, query)
    with django_capture_on_commit_callbacks(execute=True):
        done = hr_client.post(
            f"{url}?id={ann.pk}&id={bob.pk}&id={gone.pk}", follow=True
        )

    assert confirm.status_code == 200
    assert "Ann Lee (e100@example.com)" in confirm.text
    assert "Bob Lee (e101@example.com)" in confirm.text
    assert "Gus Lee has left, so they cannot be invited." in confirm.text
    assert "2 invitations sent." in done.text
    assert sorted(message.to[0] for message in mail.outbox) == [
        "e100@example.com",
        "e101@example.com",
    ]
    assert StaffProfile.objects.get(pk=gone.pk).invited_at is None


def test_selecting_everyone_invites_the_filtered_listing(
    hr_client, django_capture_on_commit_callbacks
):
    sales = DepartmentFactory(name="Sales")
    newcomer("E100", department=sales, user__last_name="Ozola")
    newcomer("E101", department=sales, user__last_name="Berzina")
    newcomer("E102")  # another department
    url, _query = bulk_url()

    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(f"{url}?id=all&department={sales.pk}&q=ozola")

    assert [message.to for message in mail.outbox] == [["e100@example.com"]]


def test_selecting_everyone_with_bad_filters_invites_nobody(
    hr_client, django_capture_on_commit_callbacks
):
    newcomer("E100")
    url, _query = bulk_url()

    confirm = hr_client.get(f"{url}?id=all&department=nonsense")
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(f"{url}?id=all&department=nonsense")

    assert confirm.status_code == 200
    assert "Go back" in confirm.text
    assert mail.outbox == []
