"""Writes to certification records: status changes, issue, revoke, observations."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification import evidence, rules
from certification.models import (
    Cause,
    Certificate,
    CertificationEvent,
    CertificationRecord,
    CourseRequirements,
    Observation,
    ObservationChecklist,
    ObservationRating,
    Rating,
    Status,
)
from courses.models import ModulePage
from people.conf import app_settings as people_settings
from people.languages import language_for, original
from people.models import StaffProfile
from quizzes.models import AttemptAllowance, Quiz

REASON_REQUIRED = _("Give a reason: it is kept in the record's history.")
NOT_REVOKED = _("Only a revoked certificate can be reinstated.")
NOTHING_TO_REVOKE = _("There is no certificate to revoke.")
CANNOT_OBSERVE = _("You can record observations only for people in your team.")
CANNOT_OBSERVE_SELF = _("Nobody can record a practical observation of themselves.")
NOTHING_OBSERVED = _(
    "Nothing on the checklist was rated, so the observation cannot be passed. "
    "Rate what you observed, or record the result as not yet passed."
)
MUST_MEET_STANDARD = _(
    "The observation cannot be passed: every item that must meet the standard "
    "has to be rated “Meets the standard”, and these are not: %(items)s. Change "
    "the rating, or record the result as not yet passed."
)
CANNOT_GRANT = _("Only HR and trainers who can edit the quiz can grant extra attempts.")
NO_ATTEMPT_LIMIT = _("This quiz has no attempt limit, so no extra attempts are needed.")
QUIZ_NOT_IN_COURSE = _("This quiz is not one of the course's module quizzes.")
EXTRA_OUT_OF_RANGE = _("Give between 1 and %(max)s extra attempts.")
MAX_EXTRA_ATTEMPTS = 10
GRANT_PERMISSIONS = ("certification.revoke_certificate", "quizzes.change_quiz")
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


def title_for_holder(record) -> str:
    """The course's title in the holder's language, where it is translated: the
    certificate keeps it as issued."""
    translations = record.course.get_translations(inclusive=True)
    found = translations.filter(locale__language_code=language_for(record.user))
    return (found.first() or record.course).title


def log_event(
    record, *, from_status, to_status, actor=None, reason="", cause="", details=None
):
    CertificationEvent.objects.create(
        record=record,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason,
        cause=cause,
        details=details or {},
    )


@transaction.atomic
def refresh_record(
    user,
    course,
    *,
    actor=None,
    cause: str = "",
    details: dict | None = None,
    activity_at=None,
) -> CertificationRecord:
    """Re-evaluate a person's record from their evidence; issue if now complete.

    ``cause`` (a ``Cause``, with its ``details``) says what brought the change;
    ``activity_at`` is when the learner acted, if that was before now (a
    signal sent when a transaction committed). A translation of a course counts
    as its original, on which the record is kept."""
    course = original(course)
    record = _record_for_update(user, course)
    now = timezone.now()
    found, result = evaluate_record(record, now=now)
    before = record.status
    record.progress = result.progress
    # Records are refreshed when evidence arrives: that is the last activity.
    acted_at = min(activity_at or now, now)
    if record.last_activity_at is None or acted_at > record.last_activity_at:
        record.last_activity_at = acted_at
    if result.issue_now:
        issue_certificate(record, found, now=now, actor=actor)
    else:
        record.status = result.status
        record.save()
    if record.status != before:
        log_event(
            record,
            from_status=before,
            to_status=record.status,
            actor=actor,
            cause=cause,
            details=details,
        )
    return record


def evaluate_record(record, *, now) -> tuple[evidence.Evidence, rules.Readiness]:
    """The record's evidence in its current cycle, and what the rules make of it."""
    requirements = requirements_for(record.course)
    found = evidence.gather(
        record.user, record.course, requirements, since=_cycle_start(record, now)
    )
    result = rules.evaluate(
        found.requirements,
        rules.Standing.of(record),
        now=now,
        lessons_done=found.lessons_done,
        lessons_total=found.lessons_total,
        renewal_days=max(requirements.reminder_day_list, default=30),
    )
    return found, result


def _cycle_start(record, now):
    """Evidence counts from the start of the current certification cycle.

    A first certification counts everything; recertification counts only what
    was done after the previous certificate was issued.
    """
    return record.certified_at if record.certified_at else None


def issue_certificate(record, found, *, now, actor=None) -> Certificate:
    """Issue the certificate for the record's next cycle, exactly once."""
    previous = record.certificates.filter(
        superseded_by__isnull=True, revoked_at__isnull=True
    )
    previous = previous.order_by("-cycle").first()
    if record.certified_at:
        record.cycle += 1
    record.status = Status.CERTIFIED
    record.certified_at = now
    record.first_certified_at = record.first_certified_at or now
    record.expires_at = rules.expiry_for(now, record.course.validity_months)
    record.progress = 100
    record.revoked_reason = ""
    record.save()
    certificate = Certificate.objects.create(
        record=record,
        cycle=record.cycle,
        holder_name=record.user.get_full_name() or record.user.get_username(),
        course_title=title_for_holder(record),
        issuer=people_settings.SITE_NAME,
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
    log_event(
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
    log_event(
        record,
        from_status=Status.REVOKED,
        to_status=record.status,
        actor=actor,
        reason=reason,
    )
    return record


def observable_staff(observer, staff=None):
    """The people ``observer`` may observe among ``staff`` (by default those
    still employed): trainers anyone, managers their reporting line; nobody
    themselves."""
    staff = StaffProfile.objects.active() if staff is None else staff
    staff = staff.exclude(user_id=observer.pk).select_related("user")
    if observer.has_perm("certification.observe_anyone"):
        return staff
    if not observer.has_perm("certification.add_observation"):
        return staff.none()
    manager = StaffProfile.objects.filter(user=observer).only("pk").first()
    if manager is None:
        return staff.none()
    return staff.reporting_line(manager)


def can_observe(observer, learner) -> bool:
    """Whether ``observer`` may record an observation of ``learner`` (also one
    dated before they left)."""
    everyone = StaffProfile.objects.all()
    return observable_staff(observer, everyone).filter(user=learner).exists()


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
    """Save a practical assessment once: a double click or a second tab gets the
    first one back, marked ``replayed`` so it can say so.

    The observation and the record's update commit together or not at all.
    """
    if observer.pk == learner.pk:
        raise PermissionDenied(CANNOT_OBSERVE_SELF)
    if not can_observe(observer, learner):
        raise PermissionDenied(CANNOT_OBSERVE)
    if passed:
        check_passable(checklist, ratings)
    existing = Observation.objects.filter(submission_key=submission_key).first()
    if existing:
        return _replayed(existing)
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
        return _replayed(Observation.objects.get(submission_key=submission_key))
    refresh_record(
        learner,
        course,
        actor=observer,
        cause=Cause.OBSERVATION,
        details={
            "day": str(observation.observed_on),
            "passed": observation.passed,
        },
    )
    observation.replayed = False
    return observation


def _replayed(observation: Observation) -> Observation:
    observation.replayed = True
    return observation


def check_passable(
    checklist: ObservationChecklist, ratings: dict[int, tuple[int | None, str]]
) -> None:
    """Refuse a pass with nothing observed, or with an item that must meet the
    standard rated anything else."""
    items = list(checklist.items.all())
    rating = {item.pk: ratings.get(item.pk, (None, ""))[0] for item in items}
    if all(value is None for value in rating.values()):
        raise ValidationError(NOTHING_OBSERVED, code="nothing_observed")
    unmet = [
        f"“{item.text}”"
        for item in items
        if item.must_meet_standard and rating[item.pk] != Rating.MEETS
    ]
    if unmet:
        raise ValidationError(
            MUST_MEET_STANDARD,
            code="must_meet_standard",
            params={"items": "; ".join(unmet)},
        )


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


def can_grant_extra_attempts(actor) -> bool:
    """HR and trainers who can edit quizzes may grant extra attempts."""
    return actor.is_active and any(actor.has_perm(perm) for perm in GRANT_PERMISSIONS)


def course_quizzes(course):
    """The quizzes of the course's live modules."""
    modules = ModulePage.objects.live().descendant_of(course)
    return Quiz.objects.filter(modules__in=modules).distinct().order_by("title")


@transaction.atomic
def grant_extra_attempts(
    quiz: Quiz, *, course, learner, actor, extra: int, reason: str
) -> AttemptAllowance:
    """Give a learner more attempts at one of a course's quizzes; the grant is
    kept in their record's history with who and why."""
    if not can_grant_extra_attempts(actor):
        raise PermissionDenied(CANNOT_GRANT)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    if not 1 <= extra <= MAX_EXTRA_ATTEMPTS:
        raise ValidationError(
            EXTRA_OUT_OF_RANGE, code="extra_range", params={"max": MAX_EXTRA_ATTEMPTS}
        )
    if quiz.attempt_limit is None:
        raise ValidationError(NO_ATTEMPT_LIMIT, code="unlimited")
    if not course_quizzes(course).filter(pk=quiz.pk).exists():
        raise ValidationError(QUIZ_NOT_IN_COURSE, code="not_in_course")
    record = _record_for_update(learner, course)
    allowance = AttemptAllowance.objects.create(
        quiz=quiz, user=learner, extra=extra, granted_by=actor, reason=reason.strip()
    )
    log_event(
        record,
        from_status=record.status,
        to_status=record.status,
        actor=actor,
        cause=Cause.EXTRA_ATTEMPTS,
        details={"count": allowance.extra, "quiz": allowance.quiz.title},
        reason=allowance.reason,
    )
    return allowance
