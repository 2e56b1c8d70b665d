"""“Forgot your password?” reaches imported staff, who start without a password."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from people import imports
from people.models import StaffProfile
from tests.factories import StaffProfileFactory

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password_reset/"
NEW_PASSWORD = "a-first-password-42"


def import_staff(tmp_path, *rows):
    path = tmp_path / "staff.csv"
    path.write_text("\n".join([",".join(imports.HEADER), *rows]) + "\n")
    call_command("import_staff", str(path), stdout=None)


def link_in(message) -> str:
    """The path of the set-password link in an e-mail."""
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)[1]


def set_password(client, link: str, password: str = NEW_PASSWORD):
    form = client.get(link, follow=True)
    assert form.context["validlink"], "the link should work"
    return client.post(
        form.request["PATH_INFO"],
        {"new_password1": password, "new_password2": password},
    )


def test_an_imported_person_sets_a_first_password_with_forgot_password(
    client, tmp_path
):
    import_staff(tmp_path, "E001,Ann,Lee,ann@example.com,Sales,Riga,Clerk,,,")
    user = StaffProfile.objects.get(employee_id="E001").user
    assert not user.has_usable_password()

    client.post(RESET_URL, {"email": "ANN@example.com"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.com"]
    done = set_password(client, link_in(mail.outbox[0]))
    assert done.status_code == 302
    assert client.login(username="ann@example.com", password=NEW_PASSWORD)


@pytest.mark.parametrize(
    "left",
    [{"is_active": False}, {"user__is_active": False}],
    ids=["profile closed", "account closed"],
)
def test_someone_who_has_left_gets_no_link(client, left):
    StaffProfileFactory(user__email="gone@example.com", **left)

    response = client.post(RESET_URL, {"email": "gone@example.com"})

    # The page does not tell whether the address is known.
    assert response.status_code == 302
    assert mail.outbox == []


def test_one_email_address_gets_only_a_few_mails_an_hour(client):
    StaffProfileFactory(user__email="ilze@example.com")

    answers = [client.post(RESET_URL, {"email": "ilze@example.com"}) for _ in range(6)]

    assert [answer.status_code for answer in answers] == [302] * 6
    assert len(mail.outbox) == 3


def test_an_address_asking_too_often_is_told_to_wait(client):
    StaffProfileFactory(user__email="ilze@example.com")
    emails = [f"someone{n}@example.com" for n in range(10)]
    for email in emails:
        client.post(RESET_URL, {"email": email})

    refused = client.post(RESET_URL, {"email": "ilze@example.com"})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mail.outbox) == 0
