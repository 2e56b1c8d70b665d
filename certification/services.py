"""Writes to certification records: status changes, issue, revoke, observations."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification import evidence, rules
from certification.models import (
    Certificate,
    CertificationEvent,
    CertificationRecord,
    CourseRequirements,
    Observation,
    ObservationChecklist,
    ObservationRating,
    Status,
)
from people.models import StaffProfile

REASON_REQUIRED = _("Give a reason: it is kept in the record's history.")
NOT_REVOKED = _("Only a revoked certificate can be reinstated.")
NOTHING_TO_REVOKE = _("There is no certificate to revoke.")
CANNOT_OBSERVE = _("You can record observations only for people in your team.")
DEFAULT_CHECKLIST = "Service standard: practical observation"


def requirements_for(course) -> CourseRequirements:
    """The course's requirements, created with the defaults the first time."""
    found = (
        CourseRequirements.objects.filter(course=course)
        .select_related("checklist")
        .first()
    )
    if found:
        return found
    checklist = ObservationChecklist.objects.filter(title=DEFAULT_CHECKLIST).first()
    try:
        with transaction.atomic():
            return CourseRequirements.objects.create(course=course, checklist=checklist)
    except IntegrityError:
        return CourseRequirements.objects.get(course=course)


def _record_for_update(user, course) -> CertificationRecord:
    CertificationRecord.objects.get_or_create(user=user, course=course)
    return CertificationRecord.objects.select_for_update().get(user=user, course=course)


def _log(record, *, from_status, to_status, actor=None, reason=""):
    CertificationEvent.objects.create(
        record=record,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def refresh_record(
    user, course, *, actor=None, reason: str = "", activity_at=None
) -> CertificationRecord:
    """Re-evaluate a person's record from their evidence; issue if now complete.

    ``activity_at`` is when the learner acted, if that was before now (a
    signal sent when a transaction committed)."""
    record = _record_for_update(user, course)
    now = timezone.now()
    requirements = requirements_for(course)
    found = evidence.gather(user, course, requirements, since=_cycle_start(record, now))
    result = rules.evaluate(
        found.requirements,
        rules.Standing.of(record),
        now=now,
        lessons_done=found.lessons_done,
        lessons_total=found.lessons_total,
        renewal_days=max(requirements.reminder_day_list, default=30),
    )
    before = record.status
    record.progress = result.progress
    # Records are refreshed when evidence arrives: that is the last activity.
    acted_at = min(activity_at or now, now)
    if record.last_activity_at is None or acted_at > record.last_activity_at:
        record.last_activity_at = acted_at
    if result.issue_now:
        _issue(record, found, now=now, actor=actor)
    else:
        record.status = result.status
        record.save()
    if record.status != before:
        _log(
            record,
            from_status=before,
            to_status=record.status,
            actor=actor,
            reason=reason,
        )
    return record


def _cycle_start(record, now):
    """Evidence counts from the start of the current certification cycle.

    A first certification counts everything; recertification counts only what
    was done after the previous certificate was issued.
    """
    return record.certified_at if record.certified_at else None


def _issue(record, found, *, now, actor=None) -> Certificate:
    """Issue the certificate for the record's next cycle, exactly once."""
    previous = record.certificates.filter(
        superseded_by__isnull=True, revoked_at__isnull=True
    )
    previous = previous.order_by("-cycle").first()
    if record.certified_at:
        record.cycle += 1
    record.status = Status.CERTIFIED
    record.certified_at = now
    record.expires_at = rules.expiry_for(now, record.course.validity_months)
    record.progress = 100
    record.revoked_reason = ""
    record.save()
    certificate = Certificate.objects.create(
        record=record,
        cycle=record.cycle,
        holder_name=record.user.get_full_name() or record.user.get_username(),
        course_title=record.course.title,
        issuer=settings.WAGTAIL_SITE_NAME,
        issued_at=now,
        expires_at=record.expires_at,
        observation=found.observation,
    )
    evidence.attach(certificate, found)
    if previous:
        previous.superseded_by = certificate
        previous.save(update_fields=["superseded_by"])
    return certificate


@transaction.atomic
def revoke_certificate(record, *, actor, reason: str) -> CertificationRecord:
    """HR withdraws a certificate; the reason stays private to the history."""
    if not actor.has_perm("certification.revoke_certificate"):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    record = CertificationRecord.objects.select_for_update().get(pk=record.pk)
    current = record.certificates.filter(
        superseded_by__isnull=True, revoked_at__isnull=True
    )
    current = current.first()
    if current is None:
        raise ValidationError(NOTHING_TO_REVOKE, code="nothing_to_revoke")
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    before = record.status
    record.status = Status.REVOKED
    record.revoked_reason = reason.strip()
    record.save()
    _log(
        record, from_status=before, to_status=Status.REVOKED, actor=actor, reason=reason
    )
    return record


@transaction.atomic
def reinstate_certificate(record, *, actor, reason: str) -> CertificationRecord:
    """HR undoes a revocation: the last certificate is valid again if unexpired."""
    if not actor.has_perm("certification.revoke_certificate"):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    record = CertificationRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != Status.REVOKED:
        raise ValidationError(NOT_REVOKED, code="not_revoked")
    latest = (
        record.certificates.filter(superseded_by__isnull=True)
        .order_by("-cycle")
        .first()
    )
    if latest:
        latest.revoked_at = None
        latest.save(update_fields=["revoked_at"])
    now = timezone.now()
    expired = record.expires_at is not None and record.expires_at <= now
    record.status = Status.EXPIRED if expired else Status.CERTIFIED
    record.revoked_reason = ""
    record.save()
    _log(
        record,
        from_status=Status.REVOKED,
        to_status=record.status,
        actor=actor,
        reason=reason,
    )
    return record


def can_observe(observer, learner) -> bool:
    """Trainers observe anyone; managers only the people in their reporting line."""
    if observer.has_perm("certification.observe_anyone"):
        return True
    if not observer.has_perm("certification.add_observation"):
        return False
    manager = StaffProfile.objects.filter(user=observer).first()
    if manager is None:
        return False
    return StaffProfile.objects.reporting_line(manager).filter(user=learner).exists()


@transaction.atomic
def record_observation(
    observer,
    *,
    learner,
    course,
    checklist: ObservationChecklist,
    ratings: dict[int, tuple[int | None, str]],
    passed: bool,
    comments: str = "",
    observed_on: date | None = None,
    submission_key: uuid.UUID,
) -> Observation:
    """Save a practical assessment once (a double click returns the first one).

    The observation and the record's update commit together or not at all.
    """
    if not can_observe(observer, learner):
        raise PermissionDenied(CANNOT_OBSERVE)
    existing = Observation.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            observation = _save_observation(
                observer,
                learner,
                course,
                checklist,
                ratings,
                passed,
                comments,
                observed_on,
                submission_key,
            )
    except IntegrityError:
        return Observation.objects.get(submission_key=submission_key)
    refresh_record(
        learner, course, actor=observer, reason=_observation_reason(observation)
    )
    return observation


def _save_observation(
    observer, learner, course, checklist, ratings, passed, comments, observed_on, key
) -> Observation:
    observation = Observation.objects.create(
        learner=learner,
        course=course,
        checklist=checklist,
        observer=observer,
        observed_on=observed_on or timezone.localdate(),
        passed=passed,
        comments=comments,
        submission_key=key,
    )
    items = checklist.items.prefetch_related("clauses")
    ObservationRating.objects.bulk_create(
        ObservationRating(
            observation=observation,
            item=item,
            group=item.group,
            text=item.text,
            clause_ids=[clause.pk for clause in item.clauses.all()],
            rating=ratings.get(item.pk, (None, ""))[0],
            comment=ratings.get(item.pk, (None, ""))[1],
        )
        for item in items
    )
    return observation


def _observation_reason(observation) -> str:
    verdict = "passed" if observation.passed else "not passed"
    return f"Practical observation on {observation.observed_on}: {verdict}."
