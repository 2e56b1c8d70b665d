"""Learner pages under gunicorn: requests per second, before and now, and many
learners at once.

1. The demo is loaded once into a throwaway SQLite file by this tree. The same
   file is then served by gunicorn (2 workers, the example site's settings with
   debug off) twice: from a checkout of an earlier commit (``BENCH_BASELINE``,
   by default the last commit before the page caches; a git worktree under
   /tmp) and from this tree. Each serves the demo learner's pages: the lesson
   page at concurrency 1 and 4, then each other learner page at concurrency 1,
   for a fixed time; requests per second and the median and 95th percentile
   latency are printed side by side, with the lesson's ratio against its target
   (5x). The older code reads the newer schema: its tables are all there.
2. Many learners (on PostgreSQL when it answers): 50 simulated learners, each
   with a session of their own, walk the catalogue, a course, its lessons and
   their own page with 2-5 s between requests for 60 s against gunicorn; then,
   with no pause, 8 at once for 15 s (throughput at saturation).

``python -m tests.perf.learner [--quick]``; ``make bench`` runs it after the HR
benchmarks. ``--quick`` runs each measurement for a fraction of the time.
"""

import http.client
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = os.environ.get("BENCH_BASELINE", "e97384e")
LESSON_TARGET = 5.0  # times today's main
LOAD_P95_TARGET = 0.250  # seconds
LEARNERS = 50
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SETTINGS = """
from lms.settings.base import *

DEBUG = False
SECRET_KEY = "benchmark-only"
ALLOWED_HOSTS = ["127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True  # no collectstatic for a benchmark
"""
# Run in the served tree: sessions for the learners, printed as user=session.
SESSIONS = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
User = get_user_model()
for name in sys.argv[1:]:
    user = User.objects.get(username=name)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "people.backends.UsernameOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(name, session.session_key)
"""
# Learners for the load test, made like the demo's staff but in bulk.
LOAD_LEARNERS = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from people.models import JobRole, StaffProfile
User = get_user_model()
role = JobRole.objects.filter(required_courses__isnull=False).first()
for n in range(int(sys.argv[1])):
    user, _ = User.objects.get_or_create(username=f"learner-{n}")
    user.set_unusable_password()
    user.save()
    StaffProfile.objects.get_or_create(
        user=user, defaults={"employee_id": f"B{n:05}", "job_role": role}
    )
"""


@dataclass
class Tally:
    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    errors: int = 0
    statuses: dict = field(default_factory=dict)

    def add(self, status: int, seconds: float) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status == 200:
            self.latencies.append(seconds)
        else:
            self.errors += 1

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


class Server:
    """gunicorn serving ``tree`` with the benchmark settings."""

    def __init__(self, tree: Path, env: dict, workers: int = 2):
        self.tree, self.env, self.workers = tree, env, workers
        self.port = free_port()
        self.process = None

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "lms.wsgi",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=self.tree,
            env=self.env,
            start_new_session=True,
        )
        wait_for_port(self.port)
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def site_env(tree: Path, database_url: str, settings_dir: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=f"{settings_dir}{os.pathsep}{tree}",
        SITE_URL="http://127.0.0.1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_in(tree: Path, env: dict, *argv: str) -> str:
    """Run Python with ``argv`` in ``tree``; its output, or an error with its
    messages."""
    result = subprocess.run(
        [sys.executable, *argv],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{' '.join(argv)[:80]} failed:\n{result.stderr}")
    return result.stdout


def manage(tree: Path, env: dict, *args: str) -> str:
    return run_in(tree, env, "manage.py", *args)


def run_script(tree: Path, env: dict, script: str, *args: str) -> str:
    return run_in(tree, env, "-c", script, *args)


def load_demo(env: dict) -> float:
    started = time.perf_counter()
    manage(ROOT, env, "migrate", "--noinput", "-v0")
    manage(ROOT, env, "setup_training")
    manage(ROOT, env, "load_demo")
    return time.perf_counter() - started


def sessions(tree: Path, env: dict, names: list[str]) -> dict[str, str]:
    lines = run_script(tree, env, SESSIONS, *names).split()
    return dict(zip(lines[::2], lines[1::2], strict=True))


def baseline_tree(commit: str) -> Path | None:
    """A worktree of ``commit``, made once under /tmp; None without git."""
    target = Path(tempfile.gettempdir()) / f"lms-bench-{commit}"
    if (target / "manage.py").exists():
        return target
    result = subprocess.run(
        ["git", "worktree", "add", "--detach", "--force", str(target), commit],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        print(f"   (no checkout of {commit}: {result.stderr.strip()})")
        return None
    return target


def get(connection, path: str, cookie: str) -> int:
    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = connection.getresponse()
    response.read()
    return response.status


def timed_get(port: int, connection, path: str, cookie: str):
    """GET ``path``: the connection to go on with (a new one after a failure),
    the status (0 when the request failed) and the seconds it took."""
    started = time.perf_counter()
    try:
        status = get(connection, path, cookie)
    except (OSError, http.client.HTTPException):
        connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        status = 0
    return connection, status, time.perf_counter() - started


def final_path(port: int, path: str, cookie: str) -> str:
    """Where ``path`` leads the learner (a page in their language, say)."""
    for _ in range(5):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location")
        connection.close()
        if response.status not in (301, 302) or not location:
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            return path
        path = location
    return path


def hammer(port: int, paths: list[str], cookies: list[str], clients: int, seconds):
    """``clients`` threads request ``paths`` in turn without pause."""
    tally = Tally()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie = cookies[number % len(cookies)]
        turn = number
        while time.monotonic() < stop:
            path = paths[turn % len(paths)]
            turn += 1
            connection, status, took = timed_get(port, connection, path, cookie)
            with lock:
                tally.add(status, took)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.seconds = time.perf_counter() - started
    return tally


def learner_pages(port: int, cookie: str) -> dict[str, str]:
    """The demo learner's pages, at the addresses they end up at."""
    lesson = "/training/customer-service-standard/telephone/the-first-seconds/"
    pages = {
        "lesson": lesson,
        "module": "/training/customer-service-standard/telephone/",
        "course": "/training/customer-service-standard/",
        "catalogue": "/training/",
        "my training": "/training/me/",
    }
    return {name: final_path(port, path, cookie) for name, path in pages.items()}


def rate_line(name: str, clients: int, tallies: dict) -> str:
    cells = []
    for label, tally in tallies.items():
        cells.append(
            f"{label}: {tally.rate:6.1f}/s (median {tally.median * 1000:5.1f} ms, "
            f"p95 {tally.percentile(0.95) * 1000:5.1f} ms"
            + (f", {tally.errors} errors" if tally.errors else "")
            + ")"
        )
    return f"   {name:<12} x{clients}  " + "  |  ".join(cells)


def bench_before_and_now(quick: bool) -> list[tuple]:
    seconds = 3 if quick else 10
    results = []
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as scratch:
        scratch = Path(scratch)
        (scratch / "bench_settings.py").write_text(SETTINGS)
        database_url = f"sqlite:///{scratch / 'demo.sqlite3'}"
        env = site_env(ROOT, database_url, scratch)
        print(f"\n4. Learner pages under gunicorn (2 workers, SQLite, {seconds} s)")
        print(f"   Demo loaded in {load_demo(env):.0f} s")
        trees = {"now": ROOT}
        older = baseline_tree(BASELINE)
        if older is not None:
            trees = {f"{BASELINE}": older, "now": ROOT}
        figures: dict[tuple, dict] = {}
        for label, tree in trees.items():
            tree_env = site_env(tree, database_url, scratch)
            cookie = sessions(ROOT, env, ["newhire"])["newhire"]
            with Server(tree, tree_env) as server:
                pages = learner_pages(server.port, cookie)
                hammer(server.port, list(pages.values()), [cookie], 1, 1)  # warm
                for clients in (1, 4):
                    figures[("lesson", clients)] = figures.get(("lesson", clients), {})
                    figures[("lesson", clients)][label] = hammer(
                        server.port, [pages["lesson"]], [cookie], clients, seconds
                    )
                for name, path in pages.items():
                    if name == "lesson":
                        continue
                    figures.setdefault((name, 1), {})[label] = hammer(
                        server.port, [path], [cookie], 1, max(2, seconds // 2)
                    )
        for (name, clients), tallies in figures.items():
            print(rate_line(name, clients, tallies))
        if older is not None:
            for clients in (1, 4):
                tallies = figures[("lesson", clients)]
                ratio = tallies["now"].rate / max(0.01, tallies[BASELINE].rate)
                holds = ratio >= LESSON_TARGET
                print(
                    f"   lesson x{clients}: {ratio:.1f}x the requests/s of {BASELINE} "
                    f"(target {LESSON_TARGET:.0f}x): "
                    f"{'holds' if holds else 'NOT MET'}"
                )
                results.append((f"lesson page x{clients}", ratio, holds))
    return results


def postgres_url(name: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=2) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        print(f"   (PostgreSQL not reachable: {error}; using SQLite)")
        return None
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=2) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def walk(port: int, pages: list[str], cookie: str, stop: float, tally, lock):
    """One learner: a page, then 2-5 s of reading, until ``stop``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    turn = random.randrange(len(pages))
    time.sleep(random.uniform(0, 3))
    while time.monotonic() < stop:
        path = pages[turn % len(pages)]
        connection, status, took = timed_get(port, connection, path, cookie)
        with lock:
            tally.add(status, took)
        turn += 1
        time.sleep(random.uniform(2, 5))


def bench_many_learners(quick: bool) -> list[tuple]:
    seconds = 15 if quick else 60
    name = "bench_learners"
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as scratch:
        scratch = Path(scratch)
        (scratch / "bench_settings.py").write_text(SETTINGS)
        database_url = postgres_url(name) or f"sqlite:///{scratch / 'load.sqlite3'}"
        vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        env = site_env(ROOT, database_url, scratch)
        print(
            f"\n5. {LEARNERS} learners at once ({vendor}, gunicorn with 4 workers, "
            f"2-5 s between requests, {seconds} s)"
        )
        try:
            print(f"   Demo loaded in {load_demo(env):.0f} s")
            run_script(ROOT, env, LOAD_LEARNERS, str(LEARNERS))
            names = [f"learner-{n}" for n in range(LEARNERS)]
            cookies = list(sessions(ROOT, env, names).values())
            with Server(ROOT, env, workers=4) as server:
                pages = list(learner_pages(server.port, cookies[0]).values())
                hammer(server.port, pages, cookies, 2, 2)  # warm
                tally, lock = Tally(), threading.Lock()
                stop = time.monotonic() + seconds
                threads = [
                    threading.Thread(
                        target=walk,
                        args=(server.port, pages, cookie, stop, tally, lock),
                    )
                    for cookie in cookies
                ]
                started = time.perf_counter()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                tally.seconds = time.perf_counter() - started
                saturated = hammer(server.port, pages, cookies, 8, seconds // 4)
        finally:
            if vendor == "PostgreSQL":
                drop_postgres(name)
    p95 = tally.percentile(0.95)
    holds = tally.errors == 0 and p95 <= LOAD_P95_TARGET
    print(
        f"   {len(tally.latencies):,} requests, {tally.errors} errors: median "
        f"{tally.median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (target: 0 errors "
        f"and p95 under {LOAD_P95_TARGET * 1000:.0f} ms): "
        f"{'holds' if holds else 'NOT MET'}"
    )
    print(
        f"   Saturation (8 at once, no pause): {saturated.rate:.0f} requests/s, "
        f"median {saturated.median * 1000:.0f} ms, p95 "
        f"{saturated.percentile(0.95) * 1000:.0f} ms, {saturated.errors} errors"
    )
    return [("50 learners p95", p95, holds)]


def run(quick: bool = False) -> list[tuple]:
    if shutil.which("git") is None:
        print("   (git not found: no figure for the earlier commit)")
    print(f"CPUs: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    return bench_before_and_now(quick) + bench_many_learners(quick)


if __name__ == "__main__":
    run(quick="--quick" in sys.argv[1:])
