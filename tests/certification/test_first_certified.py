"""A record keeps when it was first certified: set by the first certificate,
kept through renewals and revocations, backfilled for older records."""

import importlib
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from certification import services
from certification.models import (
    Certificate,
    CertificationRecord,
    ObservationChecklist,
    Rating,
    Status,
)
from certification.sweep import expire_records
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module(
    "certification.migrations.0015_backfill_first_certified_at"
)
TIME = "/admin/training/reports/time_to_certification/"


@pytest.fixture
def trainer():
    return UserFactory(roles=["Trainers"])


def observe(trainer, learner, course):
    """A passed observation: with no quizzes to pass, it certifies."""
    checklist = ObservationChecklist.objects.get(title=services.DEFAULT_CHECKLIST)
    ratings = {item.pk: (Rating.MEETS, "") for item in checklist.items.all()}
    services.record_observation(
        trainer,
        learner=learner,
        course=course,
        checklist=checklist,
        ratings=ratings,
        passed=True,
        submission_key=uuid.uuid4(),
    )
    return CertificationRecord.objects.get(user=learner, course=course)


def back_date(record, days):
    """Move the record's certificate ``days`` back, past its expiry."""
    then = timezone.now() - timedelta(days=days)
    CertificationRecord.objects.filter(pk=record.pk).update(
        certified_at=then,
        first_certified_at=then,
        expires_at=then + timedelta(days=365),
    )
    Certificate.objects.filter(record=record).update(
        issued_at=then, expires_at=then + timedelta(days=365)
    )
    return then


def test_issuing_the_first_certificate_sets_first_certified_at(course, trainer):
    learner = StaffProfileFactory().user
    before = CertificationRecord.objects.create(user=learner, course=course)
    assert before.first_certified_at is None

    record = observe(trainer, learner, course)

    certificate = record.certificates.get()
    assert record.status == Status.CERTIFIED
    assert record.first_certified_at == certificate.issued_at == record.certified_at


def test_a_renewal_keeps_the_first_certified_at(course, trainer):
    learner = StaffProfileFactory().user
    first = back_date(observe(trainer, learner, course), days=400)
    expire_records(now=timezone.now())

    record = observe(trainer, learner, course)

    assert record.cycle == 2 and record.certificates.count() == 2
    assert record.certified_at > first
    assert record.first_certified_at == first


def test_revoking_and_reinstating_keep_the_first_certified_at(course, trainer):
    learner = StaffProfileFactory().user
    record = observe(trainer, learner, course)
    first, hr = record.first_certified_at, UserFactory(roles=["HR"])

    services.revoke_certificate(record, actor=hr, reason="Complaint")
    revoked = CertificationRecord.objects.get(pk=record.pk)
    services.reinstate_certificate(revoked, actor=hr, reason="Cleared")

    record.refresh_from_db()
    assert revoked.first_certified_at == first == record.first_certified_at


def old_record(course, *issued_days_ago):
    """A record as it was before the field: certificates, no first date."""
    learner = StaffProfileFactory().user
    record = CertificationRecord.objects.create(
        user=learner, course=course, status=Status.CERTIFIED
    )
    issued = [timezone.now() - timedelta(days=days) for days in issued_days_ago]
    for cycle, moment in enumerate(issued, start=1):
        Certificate.objects.create(
            record=record,
            cycle=cycle,
            holder_name=learner.get_full_name(),
            course_title=course.title,
            issuer="Brightline Home",
            issued_at=moment,
        )
    return record, issued


def test_the_backfill_sets_the_earliest_certificate_of_old_records(course):
    renewed, renewed_at = old_record(course, 500, 100)
    once, once_at = old_record(course, 20)
    never, _none = old_record(course)

    backfill.backfill_first_certified(apps, None)

    for record in (renewed, once, never):
        record.refresh_from_db()
    assert renewed.first_certified_at == renewed_at[0]
    assert once.first_certified_at == once_at[0]
    assert never.first_certified_at is None


def test_the_backfill_leaves_a_first_date_already_set_alone(course):
    record, _issued = old_record(course, 50)
    kept = timezone.now() - timedelta(days=900)
    CertificationRecord.objects.filter(pk=record.pk).update(first_certified_at=kept)

    backfill.backfill_first_certified(apps, None)

    record.refresh_from_db()
    assert record.first_certified_at == kept


def test_the_time_report_reads_the_date_issuing_set(hr, role, course, trainer):
    hired = timezone.localdate() - timedelta(days=12)
    profile = StaffProfileFactory(hire_date=hired, job_role=role)
    observe(trainer, profile.user, course)

    response = hr.get(TIME)

    summary = response.context["summary"]
    assert (summary.certified, summary.median) == (1, 12)
