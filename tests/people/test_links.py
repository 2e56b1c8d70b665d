"""Links that leave the browser use the site's real address."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from people.links import absolute_url, site_url
from quizzes.services import tell_learner_marked
from tests.quizzes.factories import AttemptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_site():
    return Site.objects.get(is_default_site=True)


def test_a_fresh_install_uses_the_site_url_setting(settings, default_site):
    settings.SITE_URL = "https://training.example.com/"
    assert (default_site.hostname, default_site.port) == ("localhost", 80)

    assert site_url() == "https://training.example.com"


@pytest.mark.parametrize(
    ("hostname", "port", "expected"),
    [
        ("127.0.0.1", 8123, "http://127.0.0.1:8123"),
        ("training.example.com", 443, "https://training.example.com"),
        ("localhost", 8000, "http://localhost:8000"),
    ],
)
def test_a_real_host_on_the_default_site_wins(
    settings, default_site, hostname, port, expected
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    default_site.hostname, default_site.port = hostname, port
    default_site.save()

    assert site_url() == expected
    assert absolute_url("/training/me/") == f"{expected}/training/me/"


def test_the_marked_email_links_to_the_sites_port(default_site):
    default_site.hostname, default_site.port = "127.0.0.1", 8123
    default_site.save()
    attempt = AttemptFactory(user__email="learner@example.com")

    tell_learner_marked(attempt.pk)

    review = reverse("quizzes:review", args=[attempt.pk])
    assert f"http://127.0.0.1:8123{review}" in mail.outbox[0].body
