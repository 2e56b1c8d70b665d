import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_auth_pages_show_the_site_name_not_the_host(client, settings):
    html = client.get("/accounts/login/").content.decode()

    assert settings.WAGTAIL_SITE_NAME in html


def test_password_reset_mail_names_the_site(client, settings):
    UserFactory(email="someone@example.com")

    client.post("/accounts/password_reset/", {"email": "someone@example.com"})

    assert len(mail.outbox) == 1
    assert settings.WAGTAIL_SITE_NAME in mail.outbox[0].body + mail.outbox[0].subject
