import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.test import Client as DjangoClient
from django.utils import translation

from tests.factories import JobRoleFactory, UserFactory, make_course

# Tests that build something slow once (the install test's wheel and site, the
# loaded demo) run first: pytest-xdist gives each worker a first batch of
# consecutive tests, so these share their fixtures on one worker while the other
# worker gets on with the rest.
FIRST = ("tests/install/", "tests/lms/test_load_demo.py")
# The longest of the tests that come last (those that commit, which pytest-django
# runs after the others): started first among them, it does not end the run alone.
LONGEST_LAST = "tests/e2e/test_languages.py"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(FIRST))
    longest = [item for item in items if item.nodeid.startswith(LONGEST_LAST)]
    rest = [item for item in items if item not in longest]
    at = next((n for n, item in enumerate(rest) if _commits(item)), len(rest))
    items[:] = rest[:at] + longest + rest[at:]


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as a site has it after ``migrate`` and ``setup_training``.

    Each test's transaction rolls back to it; the browser tests
    (``serialized_rollback``) restore it, so it is serialized again here.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        call_command("setup_training", stdout=StringIO())
        for database in connections.all():
            if hasattr(database, "_test_serialized_contents"):
                contents = database.creation.serialize_db_to_string()
                database._test_serialized_contents = contents


class Client(DjangoClient):
    """Django's test client, whose ``login`` passes a request as a login page does.

    django-axes (the failed-login limits) refuses to authenticate without one.
    """

    def login(self, **credentials):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        return super().login(request=request, **credentials)


@pytest.fixture
def client():
    return Client()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language, whatever an earlier request chose
    (Django keeps the last activated language in the thread)."""
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_reference_index():
    """Saving pages and snippets does not update Wagtail's reference index (the
    "usage" of an object): a sixth of the time it takes to build a course, and
    no test reads it."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with disable_reference_index_auto_update():
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Forget earlier tests' rate limits and failed logins."""
    cache.clear()


@pytest.fixture
def expected_vendor():
    """The database vendor CI asked for (EXPECT_DB_VENDOR), if any."""
    return os.environ.get("EXPECT_DB_VENDOR", "")


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and real concurrency)")


# One course a job role requires, and a client logged in as HR: the
# certification, reports and API tests share them.


@pytest.fixture
def role():
    return JobRoleFactory(name="Sales consultant")


@pytest.fixture
def course(role):
    course = make_course("Service standard", modules=1, lessons=1)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    return course


@pytest.fixture
def hr(client):
    client.force_login(UserFactory(roles=["HR"]))
    return client
