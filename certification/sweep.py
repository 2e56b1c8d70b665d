"""The periodic sweep: expire records, remind people (of certificates running
out, and of courses due that they were never certified on), tell managers who
is overdue.

Every e-mail is recorded, and queued, in one transaction: running the sweep
twice, or on two servers at once, never sends anything twice. With the
database task queue the e-mail is a row of that transaction, which the worker
sends once.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from certification import services
from certification.conf import app_settings
from certification.dates import days_until, local_day
from certification.models import (
    Cause,
    CertificationEvent,
    CertificationRecord,
    CourseRequirements,
    DigestSent,
    DueReminderSent,
    ReminderSent,
    Status,
)
from certification.rows import due_date, readiness_rows
from people.languages import speaking_to
from people.links import site_url
from people.mail import send_email
from people.models import StaffProfile
from people.services import deactivate_leavers

DIGEST_EVERY_DAYS = 7
DEFAULT_REMINDERS = [30, 7]
DEFAULT_DEADLINE = 60


@dataclass
class SweepReport:
    leavers: int = 0
    expired: int = 0
    reminders: int = 0
    due_reminders: int = 0
    digests: int = 0
    overdue: dict = field(default_factory=dict)

    def __str__(self):
        return (
            f"{self.leavers} leavers closed, {self.expired} records expired, "
            f"{self.reminders} reminders, {self.due_reminders} due date reminders "
            f"and {self.digests} manager digests sent"
        )


def run_sweep(*, now=None) -> SweepReport:
    """Run every part of the sweep; safe to run again at once."""
    now = now or timezone.now()
    report = SweepReport()
    report.leavers = deactivate_leavers(today=timezone.localdate(now))
    report.expired = expire_records(now=now)
    report.reminders = send_reminders(now=now)
    report.due_reminders = send_due_reminders(now=now)
    report.digests = send_manager_digests(now=now)
    return report


def expire_records(*, now) -> int:
    """Expire certificates past their date. Progress then counts the
    requirements again from the last certification; the sweep never issues
    a certificate."""
    due = CertificationRecord.objects.filter(
        status=Status.CERTIFIED, expires_at__lte=now
    )
    count = 0
    for record_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            record = CertificationRecord.objects.select_for_update().get(pk=record_id)
            if record.status != Status.CERTIFIED or record.expires_at > now:
                continue  # another sweep got here first
            record.status = Status.EXPIRED
            _found, result = services.evaluate_record(record, now=now)
            record.progress = result.progress
            record.save(update_fields=["status", "progress", "updated_at"])
            CertificationEvent.objects.create(
                record=record,
                from_status=Status.CERTIFIED,
                to_status=Status.EXPIRED,
                cause=Cause.EXPIRED,
                details={"day": local_day(record.expires_at).isoformat()},
            )
            count += 1
    return count


def _reminder_days(course_ids) -> dict[int, list[int]]:
    rows = CourseRequirements.objects.filter(course_id__in=course_ids)
    days = {row.course_id: row.reminder_day_list for row in rows}
    return {
        course_id: days.get(course_id) or DEFAULT_REMINDERS for course_id in course_ids
    }


def send_reminders(*, now) -> int:
    """One e-mail per threshold crossed (the most urgent only, if several)."""
    horizon = now + timedelta(days=max(DEFAULT_REMINDERS + [365]))
    records = list(
        CertificationRecord.objects.filter(
            status=Status.CERTIFIED, expires_at__gt=now, expires_at__lte=horizon
        ).select_related("user", "course")
    )
    thresholds = _reminder_days({record.course_id for record in records})
    sent = 0
    for record in records:
        days_left = days_until(record.expires_at, now=now)
        crossed = [d for d in thresholds[record.course_id] if days_left <= d]
        if crossed and record.user.email and _remind(record, crossed, days_left):
            sent += 1
    return sent


def _remind(record, crossed: list[int], days_left: int) -> bool:
    """E-mail the holder once per threshold, saying how many days are left."""
    urgent = min(crossed)
    try:
        with transaction.atomic():
            if ReminderSent.objects.filter(
                record=record, cycle=record.cycle, days_before=urgent
            ).exists():
                return False
            # A parallel sweep that got past the check above fails here (the
            # unique constraint); get_or_create would hand it the other's row.
            ReminderSent.objects.create(
                record=record, cycle=record.cycle, days_before=urgent
            )
            for days in crossed:
                ReminderSent.objects.get_or_create(
                    record=record, cycle=record.cycle, days_before=days
                )
            context = {"record": record, "days": days_left, "site_url": site_url()}
            with speaking_to(record.user):
                subject = render_to_string(
                    "certification/email/reminder_subject.txt", context
                )
                body = render_to_string("certification/email/reminder.txt", context)
            send_email.enqueue(subject.strip(), body, [record.user.email])
    except IntegrityError:
        return False  # a parallel sweep recorded it first
    return True


def due_soon(*, now):
    """Readiness rows of people still employed, never certified on a course
    required of them, whose due date is within the furthest reminder."""
    today = timezone.localdate(now)
    furthest = max(app_settings.DUE_REMINDER_DAYS, default=-1)
    staff = StaffProfile.objects.filter(is_active=True, user__is_active=True)
    return readiness_rows(staff, now=now).filter(
        certified_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=furthest),
    )


def send_due_reminders(*, now) -> int:
    """Remind people a course is due, ``DUE_REMINDER_DAYS`` before its due
    date: once per threshold (the most urgent only, if several)."""
    thresholds = app_settings.DUE_REMINDER_DAYS
    today = timezone.localdate(now)
    sent = 0
    for row in due_soon(now=now).order_by("pk", "course_id"):
        days_left = (row.due_on - today).days
        crossed = [days for days in thresholds if days_left <= days]
        if crossed and row.user.email and _remind_due(row, crossed, days_left):
            sent += 1
    return sent


def _remind_due(row, crossed: list[int], days_left: int) -> bool:
    """E-mail the person once per threshold, in their language."""
    key = {"staff_id": row.pk, "course_id": row.course_id, "due_on": row.due_on}
    try:
        with transaction.atomic():
            if DueReminderSent.objects.filter(**key, days_before=min(crossed)).exists():
                return False
            # As in _remind: a parallel sweep past the check fails here.
            DueReminderSent.objects.create(**key, days_before=min(crossed))
            for days in crossed:
                DueReminderSent.objects.get_or_create(**key, days_before=days)
            context = {"row": row, "days": days_left, "site_url": site_url()}
            with speaking_to(row.user):
                subject = render_to_string(
                    "certification/email/due_reminder_subject.txt", context
                )
                body = render_to_string("certification/email/due_reminder.txt", context)
            send_email.enqueue(" ".join(subject.split()), body, [row.user.email])
    except IntegrityError:
        return False
    return True


def overdue_by_manager(*, now) -> dict:
    """For each manager, the rows of their direct reports that are overdue
    (the readiness rows' one rule: employed, not ready, past the due date)."""
    staff = StaffProfile.objects.filter(manager__isnull=False)
    rows = readiness_rows(staff, now=now).filter(overdue=True)
    overdue = {}
    for row in rows.order_by("manager_id", "user__last_name", "course_title"):
        row.status_label = Status(row.status).label
        row.due_date = due_date(row)
        overdue.setdefault(row.manager.user, []).append(row)
    return overdue


def send_manager_digests(*, now) -> int:
    today = timezone.localdate(now)
    recent = today - timedelta(days=DIGEST_EVERY_DAYS - 1)
    sent = 0
    for manager, rows in overdue_by_manager(now=now).items():
        if not manager.email or not manager.is_active:
            continue
        try:
            with transaction.atomic():
                if DigestSent.objects.filter(
                    manager=manager, sent_on__gte=recent
                ).exists():
                    continue
                DigestSent.objects.create(
                    manager=manager, sent_on=today, people=len(rows)
                )
                context = {
                    "manager": manager,
                    "rows": rows,
                    "site_url": site_url(),
                }
                with speaking_to(manager):
                    subject = render_to_string(
                        "certification/email/digest_subject.txt", context
                    )
                    body = render_to_string("certification/email/digest.txt", context)
                send_email.enqueue(subject.strip(), body, [manager.email])
                sent += 1
        except IntegrityError:
            continue
    return sent
