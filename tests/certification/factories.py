import itertools
from datetime import timedelta

from django.utils import timezone

from certification.models import Certificate, CertificationRecord, Status
from tests.factories import StaffProfileFactory, make_course

COURSE_NUMBERS = itertools.count(1)


def certified(user=None, course=None, *, days_left=300, **fields) -> Certificate:
    """A certified record with its current certificate."""
    user = user or StaffProfileFactory().user
    course = course or make_course(
        f"Course {next(COURSE_NUMBERS)}", modules=1, lessons=1
    )
    now = timezone.now()
    record, _created = CertificationRecord.objects.update_or_create(
        user=user,
        course=course,
        defaults={
            "status": Status.CERTIFIED,
            "progress": 100,
            "certified_at": now - timedelta(days=30),
            "first_certified_at": now - timedelta(days=30),
            "expires_at": now + timedelta(days=days_left),
        },
    )
    fields.setdefault("cycle", record.cycle)
    return Certificate.objects.create(
        record=record,
        holder_name=user.get_full_name() or user.username,
        course_title=course.title,
        issuer="Brightline Home",
        issued_at=record.certified_at,
        expires_at=record.expires_at,
        **fields,
    )
