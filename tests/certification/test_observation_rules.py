"""The service refuses what the observation form refuses, whoever calls it."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certification import services
from certification.models import Observation, ObservationChecklist, Rating
from people import roles
from tests.factories import StaffProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist():
    return ObservationChecklist.objects.get(title=services.DEFAULT_CHECKLIST)


@pytest.fixture
def course():
    return make_course("Service basics", modules=1, lessons=1)


def all_meet(checklist):
    return {item.pk: (Rating.MEETS, "") for item in checklist.items.all()}


def observe(observer, learner, course, checklist, ratings, *, passed=True):
    return services.record_observation(
        observer,
        learner=learner,
        course=course,
        checklist=checklist,
        ratings=ratings,
        passed=passed,
        submission_key=uuid.uuid4(),
    )


@pytest.mark.parametrize("role", ["superuser", "trainer"])
def test_observing_oneself_is_refused_even_with_observe_anyone(checklist, course, role):
    if role == "superuser":
        user = UserFactory(is_superuser=True)
    else:
        user = UserFactory(roles=[roles.TRAINERS])
    StaffProfileFactory(user=user)

    assert user.has_perm("certification.observe_anyone")
    assert not services.can_observe(user, user)
    with pytest.raises(PermissionDenied) as refused:
        observe(user, user, course, checklist, all_meet(checklist))
    assert str(refused.value) == str(services.CANNOT_OBSERVE_SELF)
    assert not Observation.objects.exists()


def test_nothing_observed_cannot_be_passed(checklist, course):
    trainer = UserFactory(roles=[roles.TRAINERS])
    learner = StaffProfileFactory().user

    with pytest.raises(ValidationError) as refused:
        observe(trainer, learner, course, checklist, {})

    assert refused.value.code == "nothing_observed"
    assert refused.value.messages == [str(services.NOTHING_OBSERVED)]
    assert not Observation.objects.exists()


def test_an_item_that_must_meet_the_standard_blocks_a_pass(checklist, course):
    trainer = UserFactory(roles=[roles.TRAINERS])
    learner = StaffProfileFactory().user
    ratings = all_meet(checklist)
    safety = checklist.items.get(must_meet_standard=True)
    ratings[safety.pk] = (Rating.PARTLY, "Turned away from a shouting customer.")

    with pytest.raises(ValidationError) as refused:
        observe(trainer, learner, course, checklist, ratings)
    saved = observe(trainer, learner, course, checklist, ratings, passed=False)

    assert refused.value.code == "must_meet_standard"
    assert saved.passed is False
    assert saved.ratings.get(item=safety).rating == Rating.PARTLY
