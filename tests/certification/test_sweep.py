from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from certification.models import CertificationRecord, Status
from certification.sweep import run_sweep
from tests.certification.factories import certified
from tests.factories import JobRoleFactory, StaffProfileFactory, make_course

pytestmark = pytest.mark.django_db


def sweep():
    call_command("certification_sweep", stdout=StringIO())


def test_the_sweep_expires_records_past_their_date_once():
    certificate = certified(days_left=-1)

    sweep()
    sweep()

    record = CertificationRecord.objects.get(pk=certificate.record_id)
    assert record.status == Status.EXPIRED
    assert record.events.filter(to_status=Status.EXPIRED).count() == 1
    assert certificate.public_status() == "expired"


def test_a_reminder_goes_out_30_days_before_expiry_and_only_once():
    certificate = certified(days_left=29)

    sweep()
    sweep()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [certificate.record.user.email]
    assert "29 days" in mail.outbox[0].subject
    assert certificate.record.course.title in mail.outbox[0].subject


def test_the_7_day_reminder_follows_the_30_day_one():
    certificate = certified(days_left=29)
    sweep()
    record = certificate.record
    record.expires_at = timezone.now() + timedelta(days=6)
    record.save()

    sweep()
    sweep()

    assert [m.subject for m in mail.outbox][-1].endswith("6 days")
    assert len(mail.outbox) == 2


def test_a_late_first_sweep_sends_only_the_most_urgent_reminder():
    certified(days_left=5)

    sweep()
    sweep()

    assert len(mail.outbox) == 1
    assert "5 days" in mail.outbox[0].subject


def test_no_reminder_long_before_expiry():
    certified(days_left=200)
    sweep()
    assert mail.outbox == []


def test_managers_get_one_digest_of_overdue_people():
    role = JobRoleFactory(name="Cashier")
    course = make_course("Cash desk service", modules=1, lessons=1)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    manager = StaffProfileFactory(user__email="boss@example.com")
    late = StaffProfileFactory(
        manager=manager, job_role=role, hire_date=date.today() - timedelta(days=90)
    )
    StaffProfileFactory(manager=manager, job_role=role, hire_date=date.today())

    sweep()
    sweep()

    digests = [m for m in mail.outbox if m.to == ["boss@example.com"]]
    assert len(digests) == 1
    assert late.employee_id in digests[0].body
    assert "1 person" in digests[0].subject


def test_the_sweep_closes_the_accounts_of_leavers():
    leaver = StaffProfileFactory(leave_date=date.today() - timedelta(days=1))

    report = run_sweep()

    leaver.refresh_from_db()
    leaver.user.refresh_from_db()
    assert report.leavers == 1
    assert not leaver.is_active and not leaver.user.is_active


def test_the_sweep_runs_as_a_background_task():
    from certification.tasks import certification_sweep

    certified(days_left=-3)
    result = certification_sweep.enqueue()

    assert "1 records expired" in result.return_value
