"""Certification's part of a person's data export and erasure (``people.privacy``).

Erasing revokes every certificate still standing, so the public check says
"revoked" and shows no name, and blanks what others wrote about the person
(observation comments, reasons in the history). Records keep their status,
dates and progress, and the history keeps every row: the readiness figures,
time to certification and retention count them as before.
"""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from certification.models import (
    Assignment,
    Cause,
    Certificate,
    CertificationEvent,
    CertificationRecord,
    DigestSent,
    Observation,
    ObservationRating,
    ReminderSent,
)
from people.privacy import ERASED_REASON, register


def export_certification(profile) -> dict:
    """Records with their history, certificates, observations and e-mails sent."""
    user_id = profile.user_id
    events = CertificationEvent.objects.select_related("actor").order_by("at", "pk")
    records = (
        CertificationRecord.objects.filter(user_id=user_id)
        .select_related("course")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("course__title", "pk")
    )
    certificates = Certificate.objects.filter(record__user_id=user_id)
    observations = (
        Observation.objects.filter(learner_id=user_id)
        .select_related("course", "checklist", "observer")
        .prefetch_related("ratings")
        .order_by("observed_on", "pk")
    )
    reminders = ReminderSent.objects.filter(record__user_id=user_id)
    digests = DigestSent.objects.filter(manager_id=user_id)
    assignments = Assignment.objects.filter(person_id=profile.pk).select_related(
        "course", "created_by"
    )
    return {
        "records": [_record(record) for record in records],
        "certificates": [
            _certificate(certificate)
            for certificate in certificates.order_by("issued_at", "pk")
        ],
        "observations": [_observation(obs) for obs in observations],
        "reminders_sent": list(
            reminders.order_by("sent_at", "pk").values(
                "cycle",
                "days_before",
                "sent_at",
                course=models.F("record__course__title"),
            )
        ),
        "digests_sent": list(
            digests.order_by("sent_on", "pk").values("sent_on", "people")
        ),
        "assignments": [
            {
                "course": assignment.course.title,
                "due": assignment.due_label,
                "note": assignment.note,
                "assigned_by": _name(assignment.created_by),
                "assigned_at": assignment.created_at,
            }
            for assignment in assignments.order_by("created_at", "pk")
        ],
    }


def _record(record: CertificationRecord) -> dict:
    return {
        "course": record.course.title,
        "status": record.status,
        "progress": record.progress,
        "cycle": record.cycle,
        "certified_at": record.certified_at,
        "first_certified_at": record.first_certified_at,
        "expires_at": record.expires_at,
        "last_activity_at": record.last_activity_at,
        "revoked_reason": record.revoked_reason,
        "history": [
            {
                "at": event.at,
                "from": event.from_status,
                "to": event.to_status,
                "why": event.why,
                "by": _name(event.actor),
            }
            for event in record.events.all()
        ],
    }


def _certificate(certificate: Certificate) -> dict:
    return {
        "code": certificate.code,
        "holder": certificate.holder_name,
        "course": certificate.course_title,
        "issuer": certificate.issuer,
        "issued_at": certificate.issued_at,
        "expires_at": certificate.expires_at,
        "revoked_at": certificate.revoked_at,
        "status": certificate.public_status(),
    }


def _observation(observation: Observation) -> dict:
    return {
        "course": observation.course.title,
        "checklist": observation.checklist.title,
        "observed_on": observation.observed_on,
        "observer": _name(observation.observer),
        "passed": observation.passed,
        "comments": observation.comments,
        "ratings": [
            {
                "group": rating.group,
                "item": rating.text,
                "rating": rating.rating,
                "comment": rating.comment,
            }
            for rating in observation.ratings.all()
        ],
    }


def _name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def erase_certification(profile, actor) -> None:
    """Revoke the certificates, drop the holder's name, blank what was
    written about them; the history records each revocation."""
    user_id = profile.user_id
    _blank_history_reasons(user_id)
    certificates = Certificate.objects.filter(record__user_id=user_id)
    standing = certificates.filter(revoked_at__isnull=True)
    record_ids = set(standing.values_list("record_id", flat=True))
    standing.update(revoked_at=timezone.now())
    certificates.exclude(holder_name="").update(holder_name="")
    for record in CertificationRecord.objects.filter(pk__in=record_ids):
        CertificationEvent.objects.create(
            record=record,
            from_status=record.status,
            to_status=record.status,
            actor=actor,
            cause=Cause.ERASED,
            reason=ERASED_REASON,
        )
    records = CertificationRecord.objects.filter(user_id=user_id)
    records.exclude(revoked_reason="").update(revoked_reason=ERASED_REASON)
    observations = Observation.objects.filter(learner_id=user_id)
    observations.exclude(comments="").update(comments="")
    ratings = ObservationRating.objects.filter(observation__learner_id=user_id)
    ratings.exclude(comment="").update(comment="")
    # The course stays assigned (it counts in the due dates); the note goes.
    assignments = Assignment.objects.filter(person_id=profile.pk)
    assignments.exclude(note="").update(note="")


def _blank_history_reasons(user_id) -> None:
    """The history is append-only, but what people wrote about the person in
    it (a reason for revoking) goes with them: the one change ever made."""
    events = models.QuerySet(CertificationEvent).filter(record__user_id=user_id)
    events.exclude(reason__in=["", ERASED_REASON]).update(reason="")


register("certification", export=export_certification, erase=erase_certification)
