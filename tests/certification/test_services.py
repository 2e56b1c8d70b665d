import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certification import services
from certification.models import (
    Certificate,
    CertificationEvent,
    CertificationRecord,
    Observation,
    ObservationChecklist,
    Rating,
    Status,
)
from tests.factories import StaffProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course("Service basics", modules=1, lessons=2)


@pytest.fixture
def checklist():
    return ObservationChecklist.objects.get(title=services.DEFAULT_CHECKLIST)


@pytest.fixture
def trainer():
    return UserFactory(roles=["Trainers"])


def observe(observer, learner, course, checklist, passed=True, key=None):
    ratings = {item.pk: (Rating.MEETS, "") for item in checklist.items.all()}
    return services.record_observation(
        observer,
        learner=learner,
        course=course,
        checklist=checklist,
        ratings=ratings,
        passed=passed,
        comments="Calm and friendly",
        submission_key=key or uuid.uuid4(),
    )


def test_the_default_checklist_holds_the_six_behaviour_parameters(checklist):
    groups = set(checklist.items.values_list("group", flat=True))
    assert len(groups) == 6
    assert "Safety of the interaction" in groups


def test_a_new_record_starts_not_started(course):
    learner = StaffProfileFactory().user

    record = services.refresh_record(learner, course)

    assert record.status == Status.NOT_STARTED
    assert record.progress == 0


def test_a_passed_observation_that_completes_the_course_issues_at_once(
    course, checklist, trainer
):
    learner = StaffProfileFactory().user

    observe(trainer, learner, course, checklist)

    record = CertificationRecord.objects.get(user=learner, course=course)
    assert record.status == Status.CERTIFIED
    certificate = record.certificates.get()
    assert certificate.observation.learner == learner
    assert certificate.holder_name == learner.get_full_name()
    assert certificate.expires_at == record.expires_at
    assert record.events.last().to_status == Status.CERTIFIED


def test_a_failed_observation_does_not_certify(course, checklist, trainer):
    learner = StaffProfileFactory().user

    observe(trainer, learner, course, checklist, passed=False)

    record = CertificationRecord.objects.get(user=learner, course=course)
    assert record.status != Status.CERTIFIED
    assert not Certificate.objects.exists()


def test_a_double_clicked_observation_is_saved_once(course, checklist, trainer):
    learner = StaffProfileFactory().user
    key = uuid.uuid4()

    first = observe(trainer, learner, course, checklist, key=key)
    second = observe(trainer, learner, course, checklist, key=key)

    assert first.pk == second.pk
    assert Observation.objects.count() == 1
    assert Certificate.objects.count() == 1


def test_a_manager_observes_their_team_but_nobody_else(course, checklist):
    manager = StaffProfileFactory()
    manager.user.groups.add(*UserFactory(roles=["Managers"]).groups.all())
    report = StaffProfileFactory(manager=manager)
    outsider = StaffProfileFactory()

    observe(manager.user, report.user, course, checklist)
    with pytest.raises(PermissionDenied):
        observe(manager.user, outsider.user, course, checklist)

    assert Observation.objects.filter(learner=outsider.user).count() == 0


def test_a_learner_cannot_record_observations(course, checklist):
    learner = StaffProfileFactory().user
    with pytest.raises(PermissionDenied):
        observe(learner, StaffProfileFactory().user, course, checklist)


def test_history_rows_cannot_be_changed_or_deleted(course, checklist, trainer):
    learner = StaffProfileFactory().user
    observe(trainer, learner, course, checklist)
    event = CertificationEvent.objects.first()

    event.reason = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        CertificationEvent.objects.update(reason="rewritten")
    with pytest.raises(ValidationError):
        CertificationEvent.objects.all().delete()
    assert CertificationEvent.objects.filter(reason="rewritten").count() == 0


def test_hr_revokes_with_a_reason_and_reinstates(course, checklist, trainer):
    learner = StaffProfileFactory().user
    observe(trainer, learner, course, checklist)
    record = CertificationRecord.objects.get(user=learner)
    hr = UserFactory(roles=["HR"])

    services.revoke_certificate(
        record, actor=hr, reason="Observation form was not signed"
    )

    record.refresh_from_db()
    assert record.status == Status.REVOKED
    assert record.certificates.get().public_status() == "revoked"
    services.reinstate_certificate(record, actor=hr, reason="Signed copy found")
    record.refresh_from_db()
    assert record.status == Status.CERTIFIED
    assert record.certificates.get().public_status() == "valid"
    assert [e.to_status for e in record.events.all()][-2:] == [
        Status.REVOKED,
        Status.CERTIFIED,
    ]


def test_revoking_needs_a_reason_and_the_hr_role(course, checklist, trainer):
    learner = StaffProfileFactory().user
    observe(trainer, learner, course, checklist)
    record = CertificationRecord.objects.get(user=learner)

    with pytest.raises(ValidationError):
        services.revoke_certificate(
            record, actor=UserFactory(roles=["HR"]), reason="  "
        )
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(record, actor=trainer, reason="Because")
    record.refresh_from_db()
    assert record.status == Status.CERTIFIED


def test_reinstating_a_record_that_is_not_revoked_is_refused(
    course, checklist, trainer
):
    learner = StaffProfileFactory().user
    observe(trainer, learner, course, checklist)
    record = CertificationRecord.objects.get(user=learner)

    with pytest.raises(ValidationError):
        services.reinstate_certificate(
            record, actor=UserFactory(roles=["HR"]), reason="x"
        )


def test_recertifying_after_expiry_issues_a_new_certificate_and_keeps_history(
    course, checklist, trainer
):
    from datetime import timedelta

    from django.utils import timezone

    from certification.sweep import expire_records

    learner = StaffProfileFactory().user
    observe(trainer, learner, course, checklist)
    record = CertificationRecord.objects.get(user=learner)
    long_ago = timezone.now() - timedelta(days=400)
    CertificationRecord.objects.filter(pk=record.pk).update(
        certified_at=long_ago, expires_at=long_ago + timedelta(days=365)
    )
    Certificate.objects.filter(record=record).update(
        issued_at=long_ago, expires_at=long_ago + timedelta(days=365)
    )
    expire_records(now=timezone.now())

    observe(trainer, learner, course, checklist)

    record.refresh_from_db()
    old, new = record.certificates.order_by("cycle")
    assert record.status == Status.CERTIFIED and record.cycle == 2
    assert old.public_status() == "superseded" and new.public_status() == "valid"
    assert old.superseded_by == new
    history = [e.to_status for e in record.events.all()]
    assert history[-3:] == [Status.CERTIFIED, Status.EXPIRED, Status.CERTIFIED]


def test_new_evidence_long_before_expiry_does_not_issue_again(
    course, checklist, trainer
):
    learner = StaffProfileFactory().user
    observe(trainer, learner, course, checklist)

    observe(trainer, learner, course, checklist)

    assert Certificate.objects.filter(record__user=learner).count() == 1


def test_evidence_arriving_records_the_last_activity(course, checklist, trainer):
    learner = StaffProfileFactory().user

    observe(trainer, learner, course, checklist, passed=False)

    record = CertificationRecord.objects.get(user=learner)
    assert record.last_activity_at is not None


def test_last_activity_is_when_the_learner_acted_not_when_the_record_was_refreshed(
    course,
):
    from datetime import timedelta

    from django.utils import timezone

    learner = StaffProfileFactory().user
    acted = timezone.now() - timedelta(days=3)

    record = services.refresh_record(learner, course, activity_at=acted)
    assert record.last_activity_at == acted

    older = services.refresh_record(learner, course, activity_at=acted - timedelta(1))
    assert older.last_activity_at == acted  # an older event never moves it back

    later = services.refresh_record(learner, course)
    assert later.last_activity_at > acted
