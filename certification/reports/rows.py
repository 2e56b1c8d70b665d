"""Readiness rows for reports: one per person and required course, in one query.

A person's job role says which courses they must take. Joining the staff to
their role's required courses gives one row per (person, course); each row
carries its certification record's fields through subqueries, so people who
never started a course (no record yet) still appear, as "not started".

Everything here stays a QuerySet: reports filter, count, group and page it in
the database, and exports iterate it without loading every row at once.
"""

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

from certification.models import Certificate, Status

# Statuses that mean "has not got there yet" for the stuck and chart views.
NOT_READY = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.AWAITING_ASSESSMENT]


def _first_certified():
    certificates = Certificate.objects.filter(
        record__user=OuterRef("user_id"), record__course=OuterRef("course_id")
    ).order_by("issued_at")
    return Subquery(certificates.values("issued_at")[:1])


def _current_code():
    certificates = Certificate.objects.filter(
        record__user=OuterRef("user_id"),
        record__course=OuterRef("course_id"),
        superseded_by__isnull=True,
    ).order_by("-cycle")
    return Subquery(certificates.values("code")[:1])


def status_expression(now):
    """The record's status, reading a certificate past its expiry as expired
    even before the daily sweep has run, and no record as not started."""
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
    """``staff`` (a StaffProfile queryset already scoped to the viewer) × the live
    courses their job role requires, with each row's record fields annotated."""
    now = now or timezone.now()
    rows = staff.filter(job_role__required_courses__live=True).annotate(
        course_id=F("job_role__required_courses__id"),
        course_title=F("job_role__required_courses__title"),
        course_slug=F("job_role__required_courses__slug"),
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
        expires_at=F("record__expires_at"),
        record_activity_at=F("record__last_activity_at"),
        last_seen_at=F("activity__last_seen_at"),
    )
    rows = rows.annotate(status=status_expression(now))
    return rows.select_related(
        "user", "department", "location", "job_role", "manager__user"
    )


def with_certificates(rows):
    """Add the first certificate's date and the current verification code."""
    return rows.annotate(
        first_certified_at=_first_certified(), verification_code=_current_code()
    )


def last_activity(row):
    """The later of the record's last activity and the last lesson visit."""
    moments = [m for m in (row.record_activity_at, row.last_seen_at) if m]
    return max(moments) if moments else None


def stale_since(cutoff):
    """Rows with no activity of either kind after ``cutoff``."""
    record_quiet = Q(record_activity_at__isnull=True) | Q(record_activity_at__lt=cutoff)
    lessons_quiet = Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=cutoff)
    return record_quiet & lessons_quiet
