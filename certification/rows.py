"""Readiness rows: one per person and required course, in one query.

A person's job role says which courses they must take. Joining the staff to
their role's required courses gives one row per (person, course); each row
carries its certification record's fields through subqueries, so people who
never started a course (no record yet) still appear, as "not started".

Everything here stays a QuerySet: reports filter, count, group and page it in
the database, and exports iterate it without loading every row at once.
"""

from datetime import date

from django.db import models
from django.db.models import (
    Case,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from certification.dates import day_start
from certification.models import (
    Certificate,
    Refresher,
    RefresherStatus,
    Status,
)
from people.languages import original_language_code
from people.models import StaffProfile

EMPLOYMENT_CHOICES = ["current", "left", "all"]

# Statuses that mean "has not got there yet" for the stuck and chart views.
NOT_READY = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.AWAITING_ASSESSMENT]


def _current_code():
    certificates = Certificate.objects.filter(
        record=OuterRef("record_id"), superseded_by__isnull=True
    ).order_by("-cycle")
    return Subquery(certificates.values("code")[:1])


def status_expression(now):
    """The record's status, reading a certificate past its expiry as expired
    even before the daily sweep has run, and no record as not started (the
    rule of ``CertificationRecord.current_status``, in SQL)."""
    return Case(
        When(record_status__isnull=True, then=Value(Status.NOT_STARTED)),
        When(
            record_status=Status.CERTIFIED,
            expires_at__lte=now,
            then=Value(Status.EXPIRED),
        ),
        default=F("record_status"),
        output_field=models.CharField(),
    )


def readiness_rows(staff, *, now=None):
    """``staff`` × the live courses required of them (by job role or by an
    assignment: ``RequiredCourse``), one row each, with the record's fields,
    the current status, the due date and ``overdue``.

    Every readiness answer (reports, dashboard, API, /training/me/, the
    sweep) reads these rows; scope them with ``visible_rows``."""
    now = now or timezone.now()
    rows = staff.filter(
        required_courses__course__live=True,
        # Translations of a course count as the original: one row per course.
        required_courses__course__locale__language_code=original_language_code(),
    ).annotate(
        course_id=F("required_courses__course_id"),
        course_title=F("required_courses__course__title"),
        course_slug=F("required_courses__course__slug"),
        due_on=F("required_courses__due_on"),
        due_assigned=F("required_courses__assignment_id"),
        required_by_role=F("required_courses__by_role"),
    )
    rows = rows.annotate(
        record=FilteredRelation(
            "user__certification_records",
            condition=Q(user__certification_records__course=F("course_id")),
        ),
        activity=FilteredRelation(
            "user__course_activity",
            condition=Q(user__course_activity__course=F("course_id")),
        ),
    ).annotate(
        record_id=F("record__id"),
        record_status=F("record__status"),
        progress=Coalesce(F("record__progress"), Value(0)),
        certified_at=F("record__certified_at"),
        first_certified_at=F("record__first_certified_at"),
        expires_at=F("record__expires_at"),
        record_activity_at=F("record__last_activity_at"),
        last_seen_at=F("activity__last_seen_at"),
        refresher_due=_refresher_due(),
    )
    rows = rows.annotate(status=status_expression(now))
    rows = rows.annotate(
        overdue=Case(
            When(overdue_filter(now), then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        )
    )
    return rows.select_related(
        "user", "department", "location", "job_role", "manager__user"
    )


def visible_rows(viewer, *, now=None):
    """The rows ``viewer`` may see, by the one scope rule
    (``StaffProfile.objects.for_viewer``: HR everyone, a manager their
    reporting line and themselves, anyone else only themselves)."""
    return readiness_rows(StaffProfile.objects.for_viewer(viewer), now=now)


def _refresher_due():
    """The due day of the record's earliest refresher still to do, if any."""
    pending = Refresher.objects.filter(
        record=OuterRef("record_id"), status=RefresherStatus.PENDING
    ).order_by("change__due_on")
    return Subquery(pending.values("change__due_on")[:1])


def overdue_filter(now):
    """Overdue: still employed, not ready, and past the due date (``due_date``).

    For a first certificate the due date is the requirement's (an
    assignment's, else the hire date plus the course's deadline); for someone
    certified before, the day their certificate expired, or an assignment's
    due date if that is later."""
    today = timezone.localdate(now)
    renewal_late = Q(certified_at__isnull=False, expires_at__lt=day_start(today)) & (
        Q(due_assigned__isnull=True) | Q(due_on__isnull=True) | Q(due_on__lt=today)
    )
    first_late = Q(certified_at__isnull=True, due_on__lt=today)
    return Q(is_active=True) & ~Q(status=Status.CERTIFIED) & (renewal_late | first_late)


def due_date(row) -> date | None:
    """The day by which the row's person must be certified (again)."""
    return due_day(
        certified=row.certified_at is not None,
        expires_on=timezone.localdate(row.expires_at) if row.expires_at else None,
        due_on=row.due_on,
        assigned=row.due_assigned is not None,
        refresher_due=row.refresher_due,
    )


def due_day(
    *, certified: bool, expires_on, due_on, assigned: bool, refresher_due=None
) -> date | None:
    """The rule of ``due_date`` on plain values (the exports read local days):
    a refresher still to do after a change to the standard is due first."""
    if not certified:
        return due_on
    renewal = expires_on
    if expires_on is not None and assigned and due_on and due_on > expires_on:
        renewal = due_on
    if refresher_due is not None and (renewal is None or refresher_due < renewal):
        return refresher_due
    return renewal


def by_employment(rows, employment: str = "current"):
    """People still employed (the default), those who left, or everyone."""
    if employment == "left":
        return rows.filter(is_active=False)
    if employment == "all":
        return rows
    return rows.filter(is_active=True)


def with_certificates(rows):
    """Add the current certificate's verification code."""
    return rows.annotate(verification_code=_current_code())


def last_activity(row):
    """The later of the record's last activity and the last lesson visit."""
    moments = [m for m in (row.record_activity_at, row.last_seen_at) if m]
    return max(moments) if moments else None


def stale_since(cutoff):
    """Rows with no activity of either kind after ``cutoff``."""
    record_quiet = Q(record_activity_at__isnull=True) | Q(record_activity_at__lt=cutoff)
    lessons_quiet = Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=cutoff)
    return record_quiet & lessons_quiet
