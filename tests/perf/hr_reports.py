"""Benchmark: the HR report pages and the admin home panel at 10,000 and 100,000
staff × 5 courses (50,000 and 500,000 readiness rows).

Each page is fetched through the public views with Django's test client, logged
in as HR (and once as a manager), in a throwaway database set up as
``tests.perf.run`` does (PostgreSQL when it answers). For each page and size it
prints the median of 7 runs after a warm-up, the query count and the size of the
HTML; then each target: the figure, the target, and whether it holds. At the
larger size it runs ``EXPLAIN (ANALYZE)`` on the slowest query of every page and
filter and names the indexes the plan uses (``--plans`` prints whole plans).

    python -m tests.perf.hr_reports [--quick] [--plans]

``--quick`` runs at a tenth of the sizes. ``run(quick)`` returns the targets as
(what, figure, target, holds) tuples for ``make bench``.
"""

import re
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta

SIZES = (10_000, 100_000)
COURSES = 5
PAGE_TARGET = 0.5  # seconds, median
PANEL_TARGET = 0.2
QUERY_TARGET = 20
SIZE_GROWTH = 1.2  # the page at the larger size at most this much bigger
RUNS = 7

REPORTS = "/admin/training/reports/"
PAGES = [
    ("readiness", f"{REPORTS}readiness/"),
    ("expiring", f"{REPORTS}expiring/"),
    ("stuck", f"{REPORTS}stuck/"),
    ("retention", f"{REPORTS}retention/"),
    ("time to certification", f"{REPORTS}time_to_certification/"),
    ("cohorts (every hire month)", f"{REPORTS}retention/?hired_from=&hired_to="),
    ("admin home panel", "/admin/"),
]
PANEL = "admin home panel"
COLD_PANEL = "admin home panel, numbers not cached"


@dataclass(frozen=True)
class Figure:
    median: float
    queries: int
    size: int
    slowest: tuple[float, str, object]  # seconds, SQL, params


class SlowestQuery:
    """Keeps the slowest statement of a request, with its parameters."""

    def __init__(self):
        self.count, self.slowest = 0, (0.0, "", None)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.count += 1
            if took > self.slowest[0]:
                self.slowest = (took, sql, params)


def fetch(client, url) -> int:
    from tests.perf.measure import download

    return download(client, url)


def measure(client, url, runs=RUNS, *, warm_up=True) -> Figure:
    from django.db import connection

    if warm_up:
        fetch(client, url)  # templates, URL resolver, connection, cache
    walls, log, size = [], None, 0
    for _run in range(runs):
        log = SlowestQuery()
        with connection.execute_wrapper(log):
            started = time.perf_counter()
            size = fetch(client, url)
            walls.append(time.perf_counter() - started)
    return Figure(statistics.median(walls), log.count, size, log.slowest)


def explain(sql, params) -> list[str]:
    """The plan of one query, run with the settings the reports use."""
    from django.db import connection

    from reports.summary import room_to_count

    if connection.vendor != "postgresql":
        return []
    with room_to_count(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        return [line for (line,) in cursor.fetchall()]


INDEX_USE = re.compile(
    r"(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)"
)


def indexes_used(plan: list[str]) -> list[str]:
    return sorted({name for line in plan for name in INDEX_USE.findall(line)})


def execution_time(plan: list[str]) -> str:
    for line in plan:
        if line.startswith("Execution Time"):
            return line.split(":", 1)[1].strip()
    return "?"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def print_figure(label, figure: Figure) -> None:
    print(
        f"   {label:<40} median {ms(figure.median):>8}, {figure.queries:>2} queries, "
        f"{figure.size / 1024:6.1f} KiB; slowest query {ms(figure.slowest[0])}"
    )


def print_plan(label, figure: Figure, *, whole: bool) -> None:
    _took, sql, params = figure.slowest
    plan = explain(sql, params)
    if not plan:
        return
    used = ", ".join(indexes_used(plan)) or "none (sequential scans)"
    print(f"   EXPLAIN ANALYZE {label}: {execution_time(plan)}; indexes: {used}")
    if whole:
        for line in plan:
            print(f"      {line}")


def filters(world) -> list[tuple[str, str]]:
    """Each filter the readiness reports offer, with a value from the world."""
    readiness = PAGES[0][1]
    department, location = world.departments[1].pk, world.locations[2].pk
    course, manager = world.courses[-1].pk, world.managers[1]
    recent = (date.today() - timedelta(days=90)).isoformat()
    return [
        ("department", f"{readiness}?department={department}"),
        ("location", f"{readiness}?location={location}"),
        ("job role", f"{readiness}?job_role={world.role.pk}"),
        ("manager (reporting line)", f"{readiness}?manager={manager}"),
        ("course", f"{readiness}?course={course}"),
        ("status", f"{readiness}?status=in_progress"),
        ("overdue", f"{readiness}?overdue=on"),
        ("hired in the last 90 days", f"{readiness}?hired_from={recent}"),
        ("leavers", f"{readiness}?employment=left"),
        ("expiring in 60 days", f"{PAGES[1][1]}?days=60"),
        ("stuck for 30 days", f"{PAGES[2][1]}?days=30"),
        ("time, one course", f"{PAGES[4][1]}?course={course}"),
        ("retention, one department", f"{PAGES[3][1]}?department={department}"),
    ]


def manager_client(world):
    """A client logged in as the manager of the first 24 people."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from people import roles
    from people.models import StaffProfile

    user = StaffProfile.objects.get(pk=world.managers[0]).user
    user.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, roles.MANAGERS]))
    client = Client()
    client.force_login(user)
    return client


def chooser_url(world) -> str:
    from django.urls import reverse

    return reverse("training_reports:manager_chooser") + "?q=Last0000"


def cold_panel(client) -> Figure:
    """The home page with the panel's numbers not cached yet."""
    from django.core.cache import cache

    cache.clear()
    return measure(client, PAGES[-1][1], runs=1, warm_up=False)


def measure_size(world, client, *, plans: bool, large: bool) -> dict:
    results = {}
    for label, url in PAGES:
        figure = measure(client, url)
        results[label] = figure
        print_figure(label, figure)
        if large:
            print_plan(label, figure, whole=plans and label == "readiness")
    results[COLD_PANEL] = cold_panel(client)
    print_figure(COLD_PANEL, results[COLD_PANEL])
    if large:
        print("   Filters (HR):")
        for label, url in filters(world):
            figure = measure(client, url, runs=3)
            print_figure(label, figure)
            print_plan(label, figure, whole=plans)
        print("   As a manager (24 people in their line):")
        manager = manager_client(world)
        for label, url in [PAGES[0], PAGES[4], PAGES[6]]:
            print_figure(label, measure(manager, url, runs=3))
    try:
        chooser = measure(client, chooser_url(world), runs=5)
    except Exception as error:  # noqa: BLE001 - the chooser may be absent
        print(f"   manager chooser: {error}")
    else:
        results["manager chooser"] = chooser
        print_figure("manager chooser (search)", chooser)
    return results


def verdicts(results: dict, sizes) -> list[tuple]:
    """(what, figure, target, holds) for every target."""
    small, large = sizes
    rows = []
    for label, _url in PAGES:
        target = PANEL_TARGET if label == PANEL else PAGE_TARGET
        for size in sizes:
            figure = results[size][label]
            rows.append(
                (
                    f"{label} at {size:,} staff: median",
                    ms(figure.median),
                    f"< {ms(target)}",
                    figure.median < target,
                )
            )
            rows.append(
                (
                    f"{label} at {size:,} staff: queries",
                    str(figure.queries),
                    f"<= {QUERY_TARGET}",
                    figure.queries <= QUERY_TARGET,
                )
            )
        if label == PANEL:
            rows += cold_rows(results, sizes)
        grew = results[large][label].size / max(1, results[small][label].size)
        rows.append(
            (
                f"{label}: page size {small:,} -> {large:,} staff",
                f"{results[small][label].size / 1024:.0f} -> "
                f"{results[large][label].size / 1024:.0f} KiB (x{grew:.2f})",
                f"x <= {SIZE_GROWTH}",
                grew <= SIZE_GROWTH,
            )
        )
    return rows


def cold_rows(results, sizes) -> list[tuple]:
    """The panel keeps its numbers for a minute: the first view counts them."""
    return [
        (
            f"{COLD_PANEL} at {size:,} staff",
            ms(results[size][COLD_PANEL].median),
            f"< {ms(PANEL_TARGET)}",
            results[size][COLD_PANEL].median < PANEL_TARGET,
        )
        for size in sizes
    ]


def print_verdicts(rows) -> None:
    print("\nTargets (figure | target | holds):")
    for what, figure, target, holds in rows:
        print(f"   {what:<58} {figure:>24} | {target:<10} | {'yes' if holds else 'NO'}")


def run(quick: bool, *, plans: bool = False) -> list[tuple]:
    from tests.perf.database import load_average, throwaway_database

    sizes = tuple(size // 10 for size in SIZES) if quick else SIZES
    with throwaway_database(quick=quick, name="bench_hr_reports"):
        from tests.perf.data import add_staff, analyze, hr_client, make_world

        world = make_world(courses=COURSES)
        client = hr_client()
        results = {}
        for size in sizes:
            took = add_staff(world, size - world.staff, leavers=True)
            started = time.perf_counter()
            analyze()
            print(
                f"\nHR reports at {size:,} staff × {COURSES} courses "
                f"({size * COURSES:,} person × course rows): loaded in {took:.1f} s, "
                f"VACUUM ANALYZE {time.perf_counter() - started:.1f} s, "
                f"load average {load_average()}"
            )
            results[size] = measure_size(
                world, client, plans=plans, large=size == sizes[-1]
            )
        rows = verdicts(results, sizes)
        print_verdicts(rows)
        return rows


if __name__ == "__main__":
    run("--quick" in sys.argv[1:], plans="--plans" in sys.argv[1:])
