import os

import pytest
from django.db import connection


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def expected_vendor():
    """The database vendor CI asked for (EXPECT_DB_VENDOR), if any."""
    return os.environ.get("EXPECT_DB_VENDOR", "")


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and real concurrency)")
