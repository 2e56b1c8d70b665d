"""The throwaway database a benchmark runs in, as ``tests.perf.run`` sets it up."""

import os
import time
from contextlib import contextmanager
from io import StringIO


@contextmanager
def throwaway_database(*, quick: bool = False, name: str = ""):
    """Choose the database (``run.choose_database``), set Django up, create a
    ``test_<name>`` database, migrate it and run ``setup_training`` (as the
    tests do), print what was chosen and the machine's load, and drop the
    database afterwards."""
    from tests.perf.run import PG_URL, choose_database

    note = choose_database()
    if name and os.environ.get("DATABASE_URL") == PG_URL:
        # A name of its own: two benchmarks at once must not drop each
        # other's test database.
        os.environ["DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    # No setup_test_environment(): its template instrumentation slows every page.
    started = time.perf_counter()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("setup_training", stdout=StringIO())
        print(
            f"Database: {connection.vendor} {connection.settings_dict['NAME']} "
            f"(throwaway; chosen: {note})"
        )
        print(f"CPUs: {os.cpu_count()}, load average: {load_average()}")
        if connection.vendor != "postgresql":
            print("Note: the targets are for PostgreSQL; SQLite figures differ.")
        if quick:
            print("Quick run: a tenth of the sizes.")
        print(f"Migrated in {time.perf_counter() - started:.1f} s")
        yield connection
    finally:
        connection.close()
        teardown_databases(databases, verbosity=0)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f} (1, 5, 15 min)"
