import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.test import Client as DjangoClient


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


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
