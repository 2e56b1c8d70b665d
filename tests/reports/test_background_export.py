"""Exports past TRAINING_EXPORT_BACKGROUND_ROWS run as a background task: the
file is written to the default storage, the person is sent its link, and only
they can download it."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone

from certification.dates import local_day
from certification.rows import due_date, last_activity, visible_rows
from courses.models import CourseActivity
from reports.models import Export
from tests.certification.factories import certified
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

READINESS = "/admin/training/reports/readiness/"
EXPORTS = "/admin/training/reports/exports/"


@pytest.fixture
def staff(role, course):
    people = [StaffProfileFactory(job_role=role, employee_id=f"E{n}") for n in range(5)]
    certified(people[0].user, course)
    return people


@pytest.fixture
def hr_user():
    return UserFactory(roles=["HR"], email="hr@example.com", first_name="Hanna")


@pytest.fixture
def small_limit(settings):
    settings.TRAINING_EXPORT_BACKGROUND_ROWS = 3


def export_in_background(client, fmt, capture, **params):
    with capture(execute=True):
        response = client.get(READINESS, {**params, "export": fmt})
    return response


def test_a_large_export_is_queued_then_downloadable_by_its_owner(
    client, staff, hr_user, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(hr_user)

    response = export_in_background(client, "csv", django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == EXPORTS
    page = client.get(EXPORTS)
    assert "being prepared in the background" in page.content.decode()
    export = Export.objects.get()
    assert export.user == hr_user and export.status == Export.Status.READY
    assert export.rows == 5
    assert export.file.name.startswith("private/training-exports/")
    assert export.get_absolute_url() in page.content.decode()

    download = client.get(export.get_absolute_url())
    content = b"".join(download.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert download["Content-Disposition"].startswith("attachment")
    assert rows[0][:2] == ["Employee ID", "Name"]
    assert sorted(row[0] for row in rows[1:]) == [f"E{n}" for n in range(5)]


def test_the_owner_is_emailed_the_link(
    client, staff, hr_user, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(hr_user)

    export_in_background(client, "xlsx", django_capture_on_commit_callbacks)

    export = Export.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hr@example.com"]
    assert "Readiness" in message.subject
    link = next(line for line in message.body.splitlines() if "/exports/" in line)
    assert link.startswith("http") and link.endswith(export.get_absolute_url())
    sheet = openpyxl.load_workbook(export.file.open("rb")).active
    assert len(list(sheet.iter_rows())) == 6


def test_nobody_else_downloads_it(
    client, staff, hr_user, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(hr_user)
    export_in_background(client, "csv", django_capture_on_commit_callbacks)
    export = Export.objects.get()

    client.force_login(UserFactory(roles=["HR"]))
    other_hr = client.get(export.get_absolute_url())
    listing = client.get(EXPORTS)
    client.force_login(UserFactory())
    learner = client.get(export.get_absolute_url())
    client.logout()
    anonymous = client.get(export.get_absolute_url())

    assert other_hr.status_code == 404
    assert export.get_absolute_url() not in listing.content.decode()
    assert learner.status_code in (302, 403)
    assert anonymous.status_code == 302


def test_a_managers_background_export_keeps_their_scope(
    client, role, course, small_limit, django_capture_on_commit_callbacks
):
    manager = StaffProfileFactory(job_role=role, employee_id="M1")
    manager.user.groups.add(*UserFactory(roles=["Managers"]).groups.all())
    for n in range(4):
        StaffProfileFactory(job_role=role, manager=manager, employee_id=f"E{n}")
    StaffProfileFactory(job_role=role, employee_id="X9")
    client.force_login(manager.user)

    export_in_background(client, "csv", django_capture_on_commit_callbacks)

    export = Export.objects.get()
    rows = list(csv.reader(io.StringIO(export.file.open("rb").read().decode())))
    assert sorted(row[0] for row in rows[1:]) == ["E0", "E1", "E2", "E3", "M1"]


def test_the_filters_of_the_page_apply_to_the_background_export(
    client, staff, hr_user, settings, django_capture_on_commit_callbacks
):
    settings.TRAINING_EXPORT_BACKGROUND_ROWS = 0
    client.force_login(hr_user)

    export_in_background(
        client, "csv", django_capture_on_commit_callbacks, status="certified"
    )

    export = Export.objects.get()
    rows = list(csv.reader(io.StringIO(export.file.open("rb").read().decode())))
    assert [row[0] for row in rows[1:]] == ["E0"]


def test_a_small_export_still_downloads_at_once(client, staff, hr_user):
    client.force_login(hr_user)

    response = client.get(READINESS, {"export": "csv"})

    assert response.status_code == 200 and response.streaming
    assert not Export.objects.exists()


def test_an_unknown_export_is_a_404(client, hr_user):
    client.force_login(hr_user)
    assert client.get(f"{EXPORTS}999999/").status_code == 404


def test_the_csv_reads_the_same_days_as_the_readiness_rules(
    client, role, course, hr_user
):
    """The export reads plain values, its days computed in the database: they
    match the rules the pages use (``due_date``, ``last_activity``)."""
    today = timezone.localdate()
    certified(StaffProfileFactory(job_role=role, employee_id="C1").user, course)
    late = StaffProfileFactory(
        job_role=role, employee_id="N1", hire_date=today - timedelta(days=90)
    )
    StaffProfileFactory(job_role=role, employee_id="N2", hire_date=None)
    CourseActivity.objects.create(
        user=late.user, course=course, last_seen_at=timezone.now()
    )
    client.force_login(hr_user)

    response = client.get(READINESS, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    for row in visible_rows(hr_user):
        due = due_date(row)
        seen = local_day(last_activity(row))
        assert cells[row.employee_id]["Due"] == (due.isoformat() if due else "")
        assert cells[row.employee_id]["Last activity"] == (
            seen.isoformat() if seen else ""
        )
    assert cells["N1"]["Overdue"] == "True" and cells["C1"]["Status"] == "Certified"
    assert cells["N1"]["Last activity"] == today.isoformat()


def test_the_exports_page_is_headed_by_its_own_name(client, hr_user):
    client.force_login(hr_user)

    html = client.get(EXPORTS).content.decode()

    # The header shows the last step of the breadcrumb trail (the <h1> is for
    # screen readers only): that step must be the page, not "Home".
    trail = html[html.index("data-w-breadcrumbs-target") :]
    trail = trail[: trail.index("</ol>")]
    assert trail.rstrip().rsplit("<li", 1)[-1].count("Your exports") == 1
