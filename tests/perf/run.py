"""Benchmarks: `make bench` runs each and prints its figures.

Everything goes through the public views with Django's test client, logged in as
HR, so the figures are what users get:

1. Exports stream with flat memory: the readiness report's CSV and XLSX export
   (``/admin/training/reports/readiness/?export=csv|xlsx``) at 1,000 and at
   10,000 rows, each downloaded to the end; rows per second (untraced); the
   peak of Python's memory (tracemalloc) over the request and download, and how
   much the process's maximum resident size grew (2,000 rows too, where the
   peak levels off).
   Flat means the 10k peak is nowhere near 10× the 1k.
2. The readiness report page (first page of results, headline and chart) for
   10,000 people: the median of 7 runs after a warm-up, and its query count.
3. The clause heat map page over the same 10,000 people with 6 graded quiz
   answers each: median time and query count.

Which database: ``DATABASE_URL`` when set; else PostgreSQL at 127.0.0.1:5432 as
``postgres`` (trust auth) when it answers, i.e.
``postgres://postgres@127.0.0.1:5432/bench_lms``; else SQLite, with a note (the
page target is about PostgreSQL). ``BENCH_DB=sqlite`` forces SQLite. Like
Django's test runner, the run creates a throwaway database (``test_<name>``;
SQLite in memory) with the ``lms.settings.test`` settings and drops it at the end,
so no real data is read or touched. After each bulk load it runs ``ANALYZE``, as
autovacuum would soon after a big import: without statistics PostgreSQL plans for
empty tables and the report queries take several times longer. It does not call
``setup_test_environment()``, whose template instrumentation slows every page.
``python -m tests.perf.run --quick`` runs at a tenth of the sizes, to check the
benchmarks themselves. The machine's load is printed: timings on a busy machine
are higher and vary.
"""

import gc
import os
import sys
import time

PG_URL = "postgres://postgres@127.0.0.1:5432/bench_lms"
SMALL, LARGE = 1_000, 10_000
PAGE_TARGET = 0.3  # seconds: "well under a second" with room to spare
READINESS = "/admin/training/reports/readiness/"
CLAUSES = "/admin/training/reports/clauses/"


def choose_database() -> str:
    """Set DATABASE_URL for this run; return a note on the choice."""
    if os.environ.get("BENCH_DB") == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        return "SQLite (BENCH_DB=sqlite)"
    if os.environ.get("DATABASE_URL"):
        return "DATABASE_URL"
    try:
        import psycopg

        psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2
        ).close()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else error
        return f"SQLite: PostgreSQL at 127.0.0.1:5432 not reachable ({reason})"
    os.environ["DATABASE_URL"] = PG_URL
    return "PostgreSQL at 127.0.0.1:5432 (found running)"


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def bench_export_memory(world, client, small: int, large: int) -> None:
    from reports.views.base import EXPORT_CHUNK
    from tests.perf.data import add_staff, analyze
    from tests.perf.measure import download, export_memory

    sizes = (small, 2 * small, large)
    print(f"\n1. Readiness export memory ({', '.join(f'{n:,}' for n in sizes)} rows)")
    results = {}
    for size in sizes:
        add_staff(world, size - world.staff)
        analyze()
        for fmt in ("csv", "xlsx"):
            url = f"{READINESS}?export={fmt}"
            if size == small:
                download(client, url)  # warm-up: imports, templates, connection
            gc.collect()
            started = time.perf_counter()
            download(client, url)
            rate = size / (time.perf_counter() - started)
            memory = export_memory(client, url)
            results[fmt, size] = memory
            print(
                f"   {fmt.upper():4} {size:>6,} rows: {rate:>7,.0f} rows/s; peak "
                f"{mib(memory.peak):>9} (Python, tracemalloc), max RSS "
                f"+{mib(memory.rss_growth):>9}, file {mib(memory.size):>8}, "
                f"{memory.queries} queries, {memory.seconds:5.1f} s traced"
            )
    for fmt in ("csv", "xlsx"):
        ratio = results[fmt, large].peak / max(1, results[fmt, small].peak)
        plateau = results[fmt, large].peak / max(1, results[fmt, 2 * small].peak)
        verdict = "flat" if ratio < 2 else "GROWS with the rows"
        print(
            f"   {fmt.upper():4} peak at {large:,} rows is {ratio:.2f}× the peak at "
            f"{small:,} and {plateau:.2f}× the peak at {2 * small:,} ({verdict}; "
            f"rows grew {large // small}×)"
        )
    print(
        f"   The peak is the rows the export iterates in chunks of {EXPORT_CHUNK:,}: "
        "one chunk up to that many rows, at most about two (the next one loading) "
        "beyond. Max RSS only grows past the process's earlier peak (the bulk "
        "load), so +0 means the export stayed under it."
    )


def print_timing(label, timing, rows, what="rows") -> None:
    verdict = "within" if timing.median <= PAGE_TARGET else "OVER"
    print(
        f"   {label}\n      {rows:,} {what}, {timing.queries} queries, "
        f"{timing.size // 1024} KiB of HTML: median {ms(timing.median)} "
        f"(fastest {ms(timing.fastest)}, slowest {ms(timing.slowest)}), of which "
        f"{ms(timing.database)} waiting on the database and {ms(timing.cpu)} of "
        f"Python CPU; {verdict} the {ms(PAGE_TARGET)} budget"
    )
    print("      slowest queries:")
    for seconds, sql in timing.slowest_queries:
        print(f"      {ms(seconds):>7}  {sql[:100]}{'…' if len(sql) > 100 else ''}")


def bench_readiness_page(world, client) -> None:
    from certification.rows import readiness_rows
    from people.models import StaffProfile
    from tests.perf.measure import page_timing

    rows = readiness_rows(StaffProfile.objects.all()).count()
    print(f"\n2. Readiness report page ({world.staff:,} people)")
    print_timing(READINESS, page_timing(client, READINESS), rows)


def bench_clause_page(world, client) -> None:
    from tests.perf.data import add_quiz_answers, analyze
    from tests.perf.hr_api import fill_clause_marks
    from tests.perf.measure import page_timing

    started = time.perf_counter()
    answers = add_quiz_answers(world)
    fill_clause_marks()  # what grading writes; the answers were written in bulk
    analyze()
    took = time.perf_counter() - started
    print(
        f"\n3. Clause heat map page ({world.staff:,} people, {answers:,} graded "
        f"answers, written in {took:.1f} s)"
    )
    print_timing(CLAUSES, page_timing(client, CLAUSES), answers, "answers")
    url = f"{CLAUSES}?group_by=manager"
    print_timing(url, page_timing(client, url), answers, "answers")


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    small, large = (SMALL // 10, LARGE // 10) if quick else (SMALL, LARGE)
    from tests.perf.database import throwaway_database

    # The training index and groups (setup_training), as every page needs.
    with throwaway_database(quick=quick):
        from tests.perf.data import hr_client, make_world

        world = make_world()
        client = hr_client()
        bench_export_memory(world, client, small, large)
        bench_readiness_page(world, client)
        bench_clause_page(world, client)


if __name__ == "__main__":
    main()
