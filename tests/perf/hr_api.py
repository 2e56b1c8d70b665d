"""Benchmark: the readiness API list, the CSV export and the clause heat map at
scale.

In a throwaway database set up as ``tests.perf.run`` does (PostgreSQL when it
answers), through the public views with Django's test client, logged in as HR:

1. The clause heat map at 10,000 staff with 6 graded quiz answers each: the
   clause marks are filled by the migration's backfill (its time is printed),
   then the page's median time and query count, grouped by department and by
   manager; and at 1,000 staff for the query count.
2. ``GET /api/v1/readiness`` at 10,000 and 100,000 staff × 5 courses (50,000
   and 500,000 rows): the first page, the deepest offset served (1,000) and
   the last page reached by cursor (the ``next`` of the page before it), each
   the median of 7 and its query count, with ``EXPLAIN ANALYZE`` of the
   deep page's query and the indexes it uses.
3. The readiness CSV export of one course (100,000 rows at the larger size):
   rows per second (a plain run), then the peak of Python's memory over the
   whole download (tracemalloc, a second run), against the same export of a
   tenth of the rows: flat means about the same peak.

It ends with each target: the figure, the target and whether it holds.

    python -m tests.perf.hr_api [--quick]

``--quick`` runs at a tenth of the sizes. ``run(quick)`` returns the targets as
(what, figure, target, holds) tuples.
"""

import re
import sys
import time

SIZES = (10_000, 100_000)
HEAT_SIZES = (1_000, 10_000)
COURSES = 5
API_TARGET = 0.2  # seconds, median, at any depth
EXPORT_TARGET = 20_000  # rows per second
HEAT_TARGET = 0.5  # seconds, median (a report page)
QUERY_TARGET = 20
LIMIT = 100
RUNS = 7

API = "/api/v1/readiness"
READINESS = "/admin/training/reports/readiness/"
CLAUSES = "/admin/training/reports/clauses/"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


# The heat map ------------------------------------------------------------------


def fill_clause_marks() -> tuple[int, float]:
    """Fill the clause marks of the answers written in bulk, with the function
    the migration runs; the marks written and the seconds it took."""
    import importlib

    from django.apps import apps

    from quizzes.models import AnswerClauseMark

    backfill = importlib.import_module("quizzes.migrations.0007_backfill_clause_marks")
    started = time.perf_counter()
    backfill.backfill_clause_marks(apps, None)
    return AnswerClauseMark.objects.count(), time.perf_counter() - started


def bench_heat_map(world, client, sizes) -> dict:
    from tests.perf.data import add_quiz_answers, add_staff, analyze
    from tests.perf.measure import page_timing

    results = {}
    for size in sizes:
        add_staff(world, size - world.staff)
        answers = add_quiz_answers(world) if size == sizes[0] else 0
        if size != sizes[0]:
            answers = add_more_answers(world)
        marks, took = fill_clause_marks()
        analyze()
        print(
            f"\n1. Clause heat map at {size:,} staff: {answers:,} new graded "
            f"answers, {marks:,} clause marks in all (backfill took {took:.1f} s)"
        )
        for label, url in (("by department", CLAUSES), ("by manager", manager_url())):
            timing = page_timing(client, url)
            results[size, label] = timing
            print(
                f"   {label:<14} median {ms(timing.median):>7} "
                f"(fastest {ms(timing.fastest)}, slowest {ms(timing.slowest)}), "
                f"{timing.queries} queries, {timing.size // 1024} KiB, "
                f"{ms(timing.database)} in the database"
            )
            for seconds, sql in timing.slowest_queries[:1]:
                print(f"      slowest query {ms(seconds):>7}  {sql[:80]}…")
    return results


def manager_url() -> str:
    return f"{CLAUSES}?group_by=manager"


def add_more_answers(world) -> int:
    """Graded answers for the staff who have none yet (the data helper writes
    one attempt for everyone, so it runs once; later staff get theirs here)."""
    from decimal import Decimal

    from django.utils import timezone

    from courses.models import Clause
    from quizzes.models import Answer, Attempt, Quiz
    from tests.perf.data import BATCH, SNAPSHOT

    quiz = Quiz.objects.get(title="Benchmark quiz")
    tags = list(Clause.objects.filter(code__startswith="STD-").order_by("code"))
    now = timezone.now()
    users = world_users_without_attempts()
    attempts = Attempt.objects.bulk_create(
        (
            Attempt(
                quiz=quiz,
                user_id=user_id,
                number=1,
                status=Attempt.Status.GRADED,
                submitted_at=now,
                graded_at=now,
            )
            for user_id in users
        ),
        batch_size=BATCH,
    )
    Answer.objects.bulk_create(
        (
            Answer(
                attempt=attempt,
                position=position,
                snapshot={
                    **SNAPSHOT,
                    "points": 1 + position % 2,
                    "clause_ids": [tags[(attempt.pk + position) % len(tags)].pk],
                },
                points_awarded=Decimal(position % 2),
            )
            for attempt in attempts
            for position in range(6)
        ),
        batch_size=BATCH,
    )
    return 6 * len(attempts)


def world_users_without_attempts() -> list[int]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        staff_profile__isnull=False, quiz_attempts__isnull=True
    )
    return list(users.values_list("pk", flat=True))


# The API -------------------------------------------------------------------------


def cursor_before_last_page(count: int) -> str:
    """The ``next`` cursor that leads to the last page, as the API writes it."""
    from certification.rows import readiness_rows
    from people.models import StaffProfile
    from reports.api import _cursor, _ordered

    rows = _ordered(readiness_rows(StaffProfile.objects.filter(is_active=True)))
    row = rows[count - LIMIT - 1]
    return _cursor(row)


def explain_deep_page(client, url) -> list[str]:
    """EXPLAIN ANALYZE of the page's item query (the one with LIMIT)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        client.get(url)
    sql, params = next(
        (s, p) for s, p in statements if "LIMIT" in s and "employee_id" in s
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        return [line for (line,) in cursor.fetchall()]


INDEX_USE = re.compile(
    r"(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)"
)


def bench_api(client, size) -> dict:
    from tests.perf.measure import page_timing

    first = client.get(API, {"limit": LIMIT}).json()
    count = first["count"]
    pages = {
        "offset 0": f"{API}?limit={LIMIT}",
        "offset 1,000 (deepest)": f"{API}?limit={LIMIT}&offset=1000",
        "last page by cursor": (
            f"{API}?limit={LIMIT}&cursor={cursor_before_last_page(count)}"
        ),
    }
    print(f"\n2. API list at {size:,} staff × {COURSES} courses ({count:,} rows)")
    results = {}
    for label, url in pages.items():
        timing = page_timing(client, url, runs=RUNS)
        results[label] = timing
        print(
            f"   {label:<23} median {ms(timing.median):>7} (fastest "
            f"{ms(timing.fastest)}, slowest {ms(timing.slowest)}), "
            f"{timing.queries} queries"
        )
        for seconds, sql in timing.slowest_queries[:2]:
            print(f"      {ms(seconds):>7}  {sql[:90]}…")
    last = client.get(pages["last page by cursor"]).json()
    assert last["next"] is None and len(last["items"]) == LIMIT, "not the last page"
    plan = explain_deep_page(client, pages["last page by cursor"])
    if plan:
        used = sorted(set(INDEX_USE.findall("\n".join(plan))))
        took = next((line for line in plan if "Execution Time" in line), "?")
        print(f"   EXPLAIN ANALYZE of the last page: {took.strip()}; indexes: {used}")
    return results


# The export ----------------------------------------------------------------------


def bench_export(client, course_id, rows) -> dict:
    from django.test import override_settings

    from tests.perf.measure import download, export_memory

    url = f"{READINESS}?export=csv&course={course_id}&employment=all"
    small = f"{url}&department={department_ids()[0]}"
    results = {}
    # Streamed in the request here: the background threshold is for web workers.
    with override_settings(TRAINING_EXPORT_BACKGROUND_ROWS=10**9):
        download(client, small)  # warm-up
        started = time.perf_counter()
        size = download(client, url)
        seconds = time.perf_counter() - started
        memory = export_memory(client, url)
        small_memory = export_memory(client, small)
    results["rate"] = rows / seconds
    results["peak"] = memory.peak
    results["peak_ratio"] = memory.peak / max(1, small_memory.peak)
    print(
        f"\n3. Readiness CSV export of one course ({rows:,} rows, {mib(size)}): "
        f"{seconds:.2f} s, {results['rate']:,.0f} rows/s; peak Python memory "
        f"{mib(memory.peak)} ({memory.queries} queries), "
        f"{mib(small_memory.peak)} for a twelfth of the rows "
        f"({results['peak_ratio']:.2f}×)"
    )
    return results


def department_ids() -> list[int]:
    from people.models import Department

    return list(Department.objects.order_by("pk").values_list("pk", flat=True))


def course_rows(course) -> int:
    from certification.rows import readiness_rows
    from people.models import StaffProfile

    return (
        readiness_rows(StaffProfile.objects.all()).filter(course_id=course.pk).count()
    )


# Verdicts ------------------------------------------------------------------------


def verdicts(heat, api, export, sizes, heat_sizes) -> list[tuple]:
    rows = []
    for (size, label), timing in heat.items():
        if size == heat_sizes[-1]:
            rows.append(
                (
                    f"heat map at {size:,} staff, {label}",
                    ms(timing.median),
                    f"< {ms(HEAT_TARGET)}",
                    timing.median < HEAT_TARGET,
                )
            )
    for label in ("by department", "by manager"):
        counts = [heat[size, label].queries for size in heat_sizes]
        rows.append(
            (
                f"heat map queries {label}, {heat_sizes[0]:,} → {heat_sizes[-1]:,}",
                " → ".join(map(str, counts)),
                "same",
                len(set(counts)) == 1,
            )
        )
    for label in api[sizes[-1]]:
        timing = api[sizes[-1]][label]
        rows.append(
            (
                f"API {label} at {sizes[-1] * COURSES:,} rows",
                ms(timing.median),
                f"< {ms(API_TARGET)}",
                timing.median < API_TARGET,
            )
        )
        counts = [api[size][label].queries for size in sizes]
        rows.append(
            (
                f"API {label} queries, {sizes[0]:,} → {sizes[-1]:,} staff",
                " → ".join(map(str, counts)),
                "same",
                len(set(counts)) == 1,
            )
        )
    rows.append(
        (
            f"CSV export rows/s ({export['rows']:,} rows)",
            f"{export['rate']:,.0f}",
            f"≥ {EXPORT_TARGET:,}",
            export["rate"] >= EXPORT_TARGET,
        )
    )
    rows.append(
        (
            "CSV export peak memory vs 1/12 of the rows",
            f"{mib(export['peak'])} ({export['peak_ratio']:.2f}×)",
            "< 2×",
            export["peak_ratio"] < 2,
        )
    )
    return rows


def print_verdicts(rows) -> None:
    print("\nTargets (figure | target | holds):")
    for what, figure, target, holds in rows:
        print(f"   {what:<58} {figure:>24} | {target:<10} | {'yes' if holds else 'NO'}")


def run(quick: bool) -> list[tuple]:
    from tests.perf.database import load_average, throwaway_database

    sizes = tuple(size // 10 for size in SIZES) if quick else SIZES
    heat_sizes = tuple(size // 10 for size in HEAT_SIZES) if quick else HEAT_SIZES
    with throwaway_database(quick=quick):
        from tests.perf.data import add_staff, analyze, hr_client, make_world

        world = make_world(courses=COURSES)
        client = hr_client()
        heat = bench_heat_map(world, client, heat_sizes)
        api = {}
        for size in sizes:
            took = add_staff(world, size - world.staff)
            analyze()
            print(
                f"\n(loaded to {size:,} staff in {took:.1f} s; load {load_average()})"
            )
            api[size] = bench_api(client, size)
        course = world.courses[-1]
        export = bench_export(client, course.pk, rows := course_rows(course))
        export["rows"] = rows
        results = verdicts(heat, api, export, sizes, heat_sizes)
        print_verdicts(results)
        print(f"Load average at the end: {load_average()}")
        return results


if __name__ == "__main__":
    run("--quick" in sys.argv[1:])
