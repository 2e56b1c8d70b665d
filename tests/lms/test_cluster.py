"""Several app servers on one PostgreSQL and one Redis (`make cluster`).

The tests that start processes share the test database with them, so they need
PostgreSQL (and Redis for the servers) and are skipped, with the reason, without
them. They are transactional: other processes see only committed rows. One
cluster (.ci/cluster: two gunicorn servers, two task workers) serves this
module's tests; the last test stops it.
"""

import email
import email.policy
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.templatetags.static import static
from django.test import Client
from django_tasks_db.models import DBTaskResult

from certification.models import RequiredCourse
from certification.tasks import sync_required_courses
from people.mail import send_email
from tests.certification.factories import certified
from tests.certification.test_resync_task import (
    publish_for_roles,
    required,
    staff_in,
    use_queue,
)
from tests.factories import (
    PASSWORD,
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAIL_TASK = "people.mail.send_email"
SEPARATOR = "\n" + "-" * 79 + "\n"  # between messages in the file backend's files
START_TIMEOUT = 180  # seconds: migrate, collectstatic, two servers and two workers
TIMEOUT = 60


def database_url() -> str:
    """The test database, as the other processes reach it."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = quote(db["PASSWORD"] or "")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}:{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def reachable_redis() -> str:
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {url} (sessions and the cache of the servers)")
    return url


def process_env(folder: Path, **settings) -> dict[str, str]:
    """Production settings for another process on the test database, its
    e-mails written as files to ``folder / "mail"``."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url(),
        CONN_MAX_AGE="0",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(folder / "mail"),
        MEDIA_ROOT=str(folder / "media"),
        PYTHONUNBUFFERED="1",
        **settings,
    )
    return env


def run_together(env: dict[str, str], *commands: list[str]) -> None:
    """Run manage.py commands at the same time; fail if any fails."""
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for command in commands
    ]
    for process in processes:
        output, _ = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, output


def sent_mail(folder: Path) -> list[email.message.EmailMessage]:
    """Every message the file backend wrote to ``folder``."""
    messages = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for text in path.read_text().split(SEPARATOR):
            if text.strip():
                messages.append(
                    email.message_from_string(text, policy=email.policy.default)
                )
    return messages


def recipients(messages, addresses) -> list[str]:
    """The recipients among ``addresses`` of ``messages``, one per message."""
    return sorted(m["To"] for m in messages if m["To"] in addresses)


def wait_until(condition, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.3)
    pytest.fail(f"gave up waiting for {what} after {timeout} s")


def mail_tasks_done(count: int) -> bool:
    tasks = DBTaskResult.objects.filter(task_path=MAIL_TASK)
    return tasks.count() == count and not tasks.exclude(status="SUCCESSFUL").exists()


def sweep_due(prefix: str) -> set[str]:
    """People the sweep must write to: holders of certificates that expire soon
    (a reminder each) and managers of people overdue (a digest each)."""
    holders = [
        StaffProfileFactory(user__email=f"{prefix}-holder{n}@example.com").user
        for n in range(12)
    ]
    course = make_course("Cluster course", modules=1, lessons=1)
    for days_left, holder in enumerate(holders, start=3):
        certified(holder, course, days_left=days_left)
    role = JobRoleFactory(name=f"{prefix} cashier")
    required = make_course(f"{prefix} cash desk", modules=1, lessons=1)
    required.required_for_roles.add(role)
    required.save_revision().publish()
    managers = [
        StaffProfileFactory(user__email=f"{prefix}-manager{n}@example.com")
        for n in range(4)
    ]
    hired = date.today() - timedelta(days=90)  # past the 60 days to certify
    for manager in managers:
        StaffProfileFactory(manager=manager, job_role=role, hire_date=hired)
    return {user.email for user in holders} | {m.user.email for m in managers}


class Page:
    """A plain HTTP answer: what a browser without JavaScript would get."""

    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()
        self.text = self.body.decode(errors="replace")

    def cookies(self) -> dict[str, str]:
        found = {}
        for header in self.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
        return found


def fetch(url: str, *, cookies=None, data=None, headers=None) -> Page:
    """One request, redirects not followed; cookies sent whatever their flags."""
    parts = urlsplit(url)
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        body = urlencode(data)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        conn.request("POST" if data else "GET", parts.path, body=body, headers=sent)
        return Page(conn.getresponse())
    finally:
        conn.close()


def post_form(url: str, fields: dict, cookies: dict | None = None) -> Page:
    """Open the form at ``url`` and post ``fields`` with its CSRF token."""
    cookies = dict(cookies or {})
    form = fetch(url, cookies=cookies)
    assert form.status == 200, form.text[:500]
    cookies.update(form.cookies())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    return fetch(url, cookies=cookies, data={"csrfmiddlewaretoken": token[1], **fields})


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free ports."""
    for _ in range(50):
        first = 20000 + secrets.randbelow(30000)
        if all(_free(port) for port in range(first, first + count)):
            return first
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class Cluster:
    def __init__(self, folder: Path, env: dict[str, str], ports: range):
        self.folder = folder
        self.env = env
        self.urls = [f"http://127.0.0.1:{port}" for port in ports]
        self.log = folder / "cluster.log"
        self.process = None

    def start(self) -> None:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, ".ci/cluster"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while "Ctrl-C stops them all" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the cluster did not start:\n{self.output()[-3000:]}")
            time.sleep(0.3)

    def output(self) -> str:
        return self.log.read_text()

    def pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"\(pid (\d+)\)", self.output())]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # as Ctrl-C does
        return self.process.wait(timeout=TIMEOUT)

    @property
    def mail(self) -> Path:
        return self.folder / "mail"


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: the servers share the test database")
        redis_url = reachable_redis()
        folder = tmp_path_factory.mktemp("cluster")
        first = free_ports(2)
        env = process_env(
            folder,
            REDIS_URL=redis_url,
            SERVERS="2",
            PORT=str(first),
            WEB_CONCURRENCY="1",
            TASK_WORKERS="2",
            TASKS_BACKEND="database",  # the script sets it too; the tests' commands
            STATIC_ROOT=str(folder / "static"),
        )
        running = Cluster(folder, env, range(first, first + 2))
        running.start()
        yield running
        running.stop()


# The other processes see only committed rows; each test starts from the
# database as setup_training leaves it (an earlier test may have emptied it).
shared_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def postgres_only(django_db_setup, django_db_blocker):
    """Skips before the database is set up for the test (module scope comes
    first): a serialized rollback on SQLite would fail instead."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (row locks and real concurrency)")


@shared_database
def test_the_sweep_on_two_servers_at_once_sends_each_email_once(cluster):
    due = sweep_due("cluster")

    run_together(cluster.env, ["certification_sweep"], ["certification_sweep"])
    wait_until(lambda: mail_tasks_done(len(due)), "the task workers")

    assert recipients(sent_mail(cluster.mail), due) == sorted(due)


@shared_database
def test_two_sweeps_at_once_without_a_queue_send_each_email_once(
    postgres_only, tmp_path
):
    due = sweep_due("direct")
    env = process_env(tmp_path, TASKS_BACKEND="immediate")

    run_together(env, ["certification_sweep"], ["certification_sweep"])

    assert recipients(sent_mail(tmp_path / "mail"), due) == sorted(due)


@shared_database
def test_a_login_on_one_server_holds_on_the_other(cluster, settings):
    user = StaffProfileFactory().user
    # A hash the servers' settings know (the tests' fast one is not among them).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user.set_password(PASSWORD)
    user.save()
    first, second = cluster.urls

    login = post_form(
        f"{first}/accounts/login/", {"username": user.username, "password": PASSWORD}
    )
    assert login.status == 302, login.text[:500]
    session = {"sessionid": login.cookies()["sessionid"]}
    page = fetch(f"{second}/training/me/", cookies=session)

    assert page.status == 200
    assert user.get_full_name() in page.text
    assert fetch(f"{second}/training/me/").status == 302  # not without the cookie


def test_the_servers_serve_static_files_for_a_year(cluster):
    page = fetch(f"{cluster.urls[0]}/accounts/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.text)

    answer = fetch(cluster.urls[1] + stylesheet[1], headers={"Accept-Encoding": "gzip"})

    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "immutable" in answer.headers["Cache-Control"]


@shared_database
def test_a_password_reset_is_mailed_by_the_task_worker(cluster):
    user = UserFactory(email="forgetful@example.com")

    answer = post_form(
        f"{cluster.urls[1]}/accounts/password_reset/", {"email": user.email}
    )
    assert answer.status == 302, answer.text[:500]
    wait_until(lambda: mail_tasks_done(1), "the task worker")

    [message] = [m for m in sent_mail(cluster.mail) if m["To"] == user.email]
    assert "/accounts/reset/" in message.get_content()


def test_ctrl_c_stops_every_server_and_worker(cluster):
    # Last: it stops the cluster the tests above share.
    pids = cluster.pids()
    assert len(pids) == 4  # two servers, two workers

    assert cluster.stop() == 0
    for url in cluster.urls:
        with pytest.raises(OSError):
            fetch(url + "/accounts/login/")
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


# In this process ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_queued_email_waits_for_the_worker(settings):
    settings.TASKS = DATABASE_QUEUE

    result = send_email.enqueue("Hello", "Body", ["someone@example.com"])

    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_email_queued_in_a_transaction_that_rolls_back_is_dropped(settings):
    settings.TASKS = DATABASE_QUEUE
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email.enqueue("Hello", "Body", ["someone@example.com"])
        raise RuntimeError("the write failed")

    assert not DBTaskResult.objects.exists()


def test_whitenoise_serves_collected_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--noinput", verbosity=0)

    url = static("training/training.css")
    answer = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert url != "/static/training/training.css"  # the name holds a hash
    assert answer.status_code == 200
    assert answer["Content-Encoding"] == "gzip"
    assert "immutable" in answer["Cache-Control"]


# Required courses re-synced by the worker: the publish request's two
# transactions queue one task, and two workers syncing the same people at once
# both succeed (real commits and row locks).


@shared_database
def test_publishing_in_the_admin_queues_one_task_over_its_transactions(
    postgres_only, client, settings
):
    role = JobRoleFactory(name="Cashier")
    people = staff_in(role, 3)
    course = make_course("Till etiquette", modules=1, lessons=1)
    user = UserFactory(roles=["Trainers"])
    client.login(username=user.username, password=PASSWORD)
    use_queue(settings, DATABASE_QUEUE)

    response = publish_for_roles(client, course, [role])

    assert response.status_code == 302
    queued = DBTaskResult.objects.filter(task_path=sync_required_courses.module_path)
    assert queued.count() == 1
    assert required(people, course) == {}


@shared_database
def test_two_workers_syncing_the_same_people_at_once_both_succeed(postgres_only):
    role = JobRoleFactory(name="Cashier")
    people = staff_in(role, 30)
    courses = [make_course(f"Course {n}", modules=1, lessons=1) for n in range(2)]
    RequiredCourse.objects.all().delete()
    for course in courses:
        course.required_for_roles.through.objects.create(
            coursepage=course, jobrole=role
        )  # no signal: the two workers below do the syncing
    barrier = threading.Barrier(2)
    errors = []

    def worker(course):
        try:
            barrier.wait()
            sync_required_courses.call(course_ids=[course.pk])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=[course]) for course in courses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for course in courses:
        assert len(required(people, course)) == 30
