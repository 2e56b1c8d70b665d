"""Failed logins: too many for one account, or from one address, pause logging in."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PAUSED = "too many failed attempts to log in"
CACHE = "axes.handlers.cache.AxesCacheHandler"
DATABASE = "axes.handlers.database.AxesDatabaseHandler"


@pytest.fixture(autouse=True, params=[CACHE, DATABASE], ids=["cache", "database"])
def handler(request, settings):
    """Every rule holds with Redis (the cache) and without it (the database)."""
    settings.AXES_HANDLER = request.param
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return request.param


@pytest.fixture
def ann():
    return UserFactory(username="ann", email="Ann.Berzina@example.com")


def log_in(client, username, password, *, address="192.0.2.1", url=SITE_LOGIN):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, *, address="192.0.2.1", url=SITE_LOGIN):
    for _ in range(times):
        response = log_in(client, username, "wrong", address=address, url=url)
        assert response.status_code in (200, 429)


def addresses(count, *, prefix="198.51.100"):
    return [f"{prefix}.{n}" for n in range(1, count + 1)]


def assert_paused(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert PAUSED in html
    assert "15 minutes" in html
    assert "/accounts/password_reset/" in html
    assert response["Retry-After"] == str(15 * 60)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_many_wrong_passwords_pause_even_the_right_one(client, ann, url):
    fail(client, "ann", 25, url=url)

    response = log_in(client, "ann", PASSWORD, url=url)

    assert_paused(response)
    assert "_auth_user_id" not in client.session


def test_the_admin_pause_is_a_page_in_the_admin_look(client, ann):
    fail(client, "ann", 10, url=ADMIN_LOGIN)

    html = log_in(client, "ann", PASSWORD, url=ADMIN_LOGIN).content.decode()

    assert "wagtailadmin/css/core.css" in html
    assert "Logging in is paused" in html
    assert 'href="/admin/login/"' in html


def test_a_wrong_password_before_the_limit_only_says_so(client, ann):
    fail(client, "ann", 8)

    response = log_in(client, "ann", "wrong")

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_wrong_passwords_for_many_accounts_pause_the_address(client, ann):
    for n in range(10):
        log_in(client, f"guess{n}", "wrong")

    assert_paused(log_in(client, "ann", PASSWORD))
    assert log_in(client, "ann", PASSWORD, address="192.0.2.99").status_code == 302


def test_wrong_passwords_from_many_addresses_pause_the_account(client, ann):
    for address in addresses(10):
        log_in(client, "ann", "wrong", address=address)

    assert_paused(log_in(client, "ann", PASSWORD, address="192.0.2.99"))
    UserFactory(username="ben")
    assert log_in(client, "ben", PASSWORD, address="192.0.2.99").status_code == 302


def test_the_e_mail_and_the_username_count_as_one_account(client, ann):
    spellings = ["ann", "ANN.BERZINA@example.com", "Ann", "ann.berzina@EXAMPLE.COM"]
    for n, address in enumerate(addresses(10)):
        log_in(client, spellings[n % len(spellings)], "wrong", address=address)

    assert_paused(log_in(client, "ann", PASSWORD, address="192.0.2.99"))
    assert_paused(
        log_in(client, "ann.berzina@example.com", PASSWORD, address="192.0.2.98")
    )


def test_logging_in_forgets_the_failures_before_it(client, ann):
    fail(client, "ann", 9)
    assert log_in(client, "ann", PASSWORD).status_code == 302
    client.logout()

    fail(client, "ann", 9)

    assert log_in(client, "ann", PASSWORD).status_code == 302


def test_the_pause_ends_after_the_cool_off(client, ann, handler, monkeypatch):
    fail(client, "ann", 10)
    assert_paused(log_in(client, "ann", PASSWORD))

    cool_off = timedelta(minutes=15, seconds=1)
    if handler == CACHE:
        now = time.time
        monkeypatch.setattr(time, "time", lambda: now() + cool_off.total_seconds())
    else:
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off)

    assert log_in(client, "ann", PASSWORD).status_code == 302
