from django.db import connection


def test_suite_runs_on_the_database_ci_asked_for(expected_vendor, db):
    # .ci/run sets EXPECT_DB_VENDOR so a misread DATABASE_URL cannot pass silently.
    if expected_vendor:
        assert connection.vendor == expected_vendor
    else:
        assert connection.vendor in {"sqlite", "postgresql"}
