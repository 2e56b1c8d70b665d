"""Recording practical observations in the admin, their listing, and the
checklists and certification rules that trainers edit."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from certification.admin_forms import NOT_IN_FUTURE, REMINDER_DAYS_INVALID
from certification.admin_views import NO_CHECKLIST
from certification.models import (
    CertificationRecord,
    CourseRequirements,
    Observation,
    ObservationChecklist,
    Rating,
    Status,
)
from certification.services import (
    CANNOT_OBSERVE,
    CANNOT_OBSERVE_SELF,
    DEFAULT_CHECKLIST,
    MUST_MEET_STANDARD,
    NOTHING_OBSERVED,
)
from people import roles
from tests.factories import StaffProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

RECORD_URL = reverse("observations:add")
INDEX_URL = reverse("observations:index")
# Session, user, permissions, menu, the filters' choices, count and one page
# (measured: HR 12, a manager 13, a trainer 14).
LISTING_QUERIES = 15


@pytest.fixture
def course():
    # Lessons only: the practical observation is all that certification needs.
    return make_course("Service basics", modules=1, lessons=1)


@pytest.fixture
def checklist():
    return ObservationChecklist.objects.get(title=DEFAULT_CHECKLIST)


@pytest.fixture
def trainer():
    return UserFactory(roles=[roles.TRAINERS], first_name="Toms", last_name="Liepa")


@pytest.fixture
def team():
    manager = StaffProfileFactory(
        employee_id="MGR", user=UserFactory(roles=[roles.MANAGERS])
    )
    direct = StaffProfileFactory(employee_id="DIRECT", manager=manager)
    indirect = StaffProfileFactory(employee_id="INDIRECT", manager=direct)
    outsider = StaffProfileFactory(employee_id="OUTSIDER")
    return manager, direct, indirect, outsider


def observation_data(learner, course, checklist, *, key=None, passed="passed"):
    data = {
        "learner": learner.pk,
        "course": course.pk,
        "observed_on": timezone.localdate().isoformat(),
        "passed": passed,
        "comments": "Calm and friendly with a difficult customer.",
        "submission_key": str(key or uuid.uuid4()),
    }
    for item in checklist.items.all():
        data[f"rating_{item.pk}"] = str(Rating.MEETS.value)
        data[f"comment_{item.pk}"] = ""
    return data


def learner_choices(response):
    form = response.context["start_form"]
    return {profile.employee_id for profile in form.fields["learner"].queryset}


def test_a_trainer_may_choose_any_employed_person(client, trainer, team):
    StaffProfileFactory(employee_id="LEFT", is_active=False)
    client.force_login(trainer)

    response = client.get(RECORD_URL)

    assert response.status_code == 200
    assert {"MGR", "DIRECT", "INDIRECT", "OUTSIDER"} <= learner_choices(response)
    assert "LEFT" not in learner_choices(response)


def test_a_manager_may_choose_only_their_line(client, team):
    manager, *_others = team
    client.force_login(manager.user)

    response = client.get(RECORD_URL)

    assert learner_choices(response) == {"DIRECT", "INDIRECT"}
    assert "OUTSIDER" not in response.text


def test_the_checklist_of_the_course_is_shown_in_its_groups(
    client, trainer, team, course, checklist
):
    _manager, direct, *_others = team
    client.force_login(trainer)

    response = client.get(RECORD_URL, {"learner": direct.pk, "course": course.pk})

    html = response.text
    assert response.status_code == 200
    for group in set(checklist.items.values_list("group", flat=True)):
        assert escape(group) in html
    assert "Meets the standard" in html and "Not observed" in html
    assert 'name="submission_key"' in html
    assert str(response.context["form"]["submission_key"].value()) in html


def test_an_observation_completes_certification(
    client, trainer, team, course, checklist
):
    _manager, direct, *_others = team
    client.force_login(trainer)

    response = client.post(
        RECORD_URL, observation_data(direct, course, checklist), follow=True
    )

    record = CertificationRecord.objects.get(user=direct.user, course=course)
    assert record.status == Status.CERTIFIED
    assert response.redirect_chain[-1][0] == reverse(
        "certification_records:inspect", args=[record.pk]
    )
    assert "is now certified" in response.text
    observation = Observation.objects.get()
    assert observation.observer == trainer
    assert observation.ratings.count() == checklist.items.count()
    assert set(observation.ratings.values_list("rating", flat=True)) == {Rating.MEETS}
    assert observation.certificates.get().record == record


def test_a_failed_observation_says_the_person_is_not_certified_yet(
    client, trainer, team, course, checklist
):
    _manager, direct, *_others = team
    client.force_login(trainer)

    response = client.post(
        RECORD_URL,
        observation_data(direct, course, checklist, passed="not_yet"),
        follow=True,
    )

    record = CertificationRecord.objects.get(user=direct.user, course=course)
    assert record.status != Status.CERTIFIED
    assert "is not certified" in response.text


def test_unrated_items_are_saved_as_not_observed(
    client, trainer, team, course, checklist
):
    _manager, direct, *_others = team
    data = observation_data(direct, course, checklist)
    first = checklist.items.first()
    data[f"rating_{first.pk}"] = ""
    data[f"comment_{first.pk}"] = "No customer needed help with safety today."
    client.force_login(trainer)

    client.post(RECORD_URL, data)

    rating = Observation.objects.get().ratings.get(item=first)
    assert rating.rating is None
    assert rating.comment.startswith("No customer")


def test_a_double_submit_saves_once(client, trainer, team, course, checklist):
    _manager, direct, *_others = team
    data = observation_data(direct, course, checklist, key=uuid.uuid4())
    client.force_login(trainer)

    first = client.post(RECORD_URL, data)
    second = client.post(RECORD_URL, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Observation.objects.count() == 1
    record = CertificationRecord.objects.get(user=direct.user, course=course)
    assert record.certificates.count() == 1


def test_the_second_of_two_submits_hears_it_was_already_saved(
    client, trainer, team, course, checklist
):
    _manager, direct, *_others = team
    data = observation_data(direct, course, checklist, key=uuid.uuid4())
    client.force_login(trainer)

    client.post(RECORD_URL, data, follow=True)
    second = client.post(RECORD_URL, data, follow=True)

    said = [str(message) for message in second.context["messages"]]
    assert any("already been saved" in message for message in said), said
    assert not any("now certified" in message for message in said), said


def test_a_manager_observes_their_own_team(client, team, course, checklist):
    manager, _direct, indirect, _outsider = team
    client.force_login(manager.user)

    response = client.post(RECORD_URL, observation_data(indirect, course, checklist))

    assert response.status_code == 302
    assert Observation.objects.get().learner == indirect.user


def test_a_manager_posting_someone_outside_their_team_gets_a_form_error(
    client, team, course, checklist
):
    manager, _direct, _indirect, outsider = team
    client.force_login(manager.user)

    posted = client.post(RECORD_URL, observation_data(outsider, course, checklist))
    prefilled = client.get(RECORD_URL, {"learner": outsider.pk, "course": course.pk})

    assert posted.status_code == 200
    assert str(CANNOT_OBSERVE) in posted.text
    assert str(CANNOT_OBSERVE) in prefilled.text
    assert not Observation.objects.exists()
    assert not CertificationRecord.objects.filter(user=outsider.user).exists()


def test_nonsense_in_the_form_is_a_form_error(client, trainer, team, course, checklist):
    _manager, direct, *_others = team
    client.force_login(trainer)
    data = observation_data(direct, course, checklist)

    bad_learner = client.post(RECORD_URL, {**data, "learner": "not-a-number"})
    future = client.post(
        RECORD_URL,
        {
            **data,
            "observed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    no_result = client.post(RECORD_URL, {**data, "passed": ""})

    assert bad_learner.status_code == future.status_code == no_result.status_code
    assert bad_learner.status_code == 200
    assert str(NOT_IN_FUTURE) in future.text
    assert "Say whether the learner passed." in no_result.text
    assert not Observation.objects.exists()


def test_a_course_without_a_checklist_says_so(client, trainer, team, course):
    _manager, direct, *_others = team
    CourseRequirements.objects.create(course=course, checklist=None)
    client.force_login(trainer)

    response = client.get(RECORD_URL, {"learner": direct.pk, "course": course.pk})

    assert response.status_code == 200
    assert escape(str(NO_CHECKLIST)) in response.text


def test_hr_cannot_record_observations_and_learners_cannot_reach_it(client, team):
    _manager, direct, *_others = team
    client.force_login(UserFactory(roles=[roles.HR]))
    as_hr = client.get(RECORD_URL)
    client.force_login(direct.user)
    as_learner = client.get(RECORD_URL)

    assert as_hr.status_code == 403
    assert as_learner.status_code == 302
    assert as_learner["Location"].startswith(reverse("wagtailadmin_login"))


def make_observations(course, checklist, manager, count):
    observer = UserFactory(roles=[roles.TRAINERS])
    for _ in range(count):
        learner = StaffProfileFactory(manager=manager).user
        CertificationRecord.objects.create(user=learner, course=course)
        observation = Observation.objects.create(
            learner=learner,
            course=course,
            checklist=checklist,
            observer=observer,
            passed=True,
            submission_key=uuid.uuid4(),
        )
        observation.ratings.create(group="Safety", text="Keeps safe", rating=2)


def test_the_observation_list_is_scoped_like_the_records(
    client, team, course, checklist
):
    manager, direct, _indirect, outsider = team
    for profile in (direct, outsider):
        make_observations(course, checklist, profile, 1)
    client.force_login(manager.user)

    response = client.get(INDEX_URL)

    learners = {
        o.learner.staff_profile.manager_id for o in response.context["object_list"]
    }
    assert learners == {direct.pk}
    record = CertificationRecord.objects.get(
        user=response.context["object_list"][0].learner
    )
    assert reverse("certification_records:inspect", args=[record.pk]) in response.text
    assert RECORD_URL in response.text


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("role", ["hr", "manager", "trainer"])
def test_observation_listing_queries_do_not_grow(
    client, course, checklist, size, role, django_assert_max_num_queries
):
    manager = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    make_observations(course, checklist, manager, size)
    viewer = {
        "hr": UserFactory(roles=[roles.HR]),
        "manager": manager.user,
        "trainer": UserFactory(roles=[roles.TRAINERS]),
    }[role]
    client.force_login(viewer)

    with django_assert_max_num_queries(LISTING_QUERIES):
        response = client.get(INDEX_URL)

    assert len(response.context["object_list"]) == size


# Checklists and certification rules


def test_a_trainer_builds_a_checklist_with_items(client, trainer):
    client.force_login(trainer)
    data = {
        "title": "Phone manners",
        "description": "Listen to three calls.",
        "pass_rule": "",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, (group, text) in enumerate(
        [("Greeting", "Names the company"), ("Closing", "Thanks the caller")]
    ):
        data.update(
            {
                f"items-{index}-group": group,
                f"items-{index}-text": text,
                f"items-{index}-ORDER": str(index + 1),
                f"items-{index}-DELETE": "",
                f"items-{index}-id": "",
            }
        )

    response = client.post(reverse("observation_checklists:add"), data)

    assert response.status_code == 302
    checklist = ObservationChecklist.objects.get(title="Phone manners")
    assert list(checklist.items.values_list("group", "text")) == [
        ("Greeting", "Names the company"),
        ("Closing", "Thanks the caller"),
    ]


def test_a_checklist_in_use_is_not_deleted(client, checklist, course):
    CourseRequirements.objects.create(course=course, checklist=checklist)
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(
        reverse("observation_checklists:delete", args=[checklist.pk]), follow=True
    )

    assert ObservationChecklist.objects.filter(pk=checklist.pk).exists()
    assert "cannot be deleted" in response.text


def rules_data(course, checklist, reminder_days):
    return {
        "course": course.pk,
        "module_quizzes": "on",
        "observation_required": "on",
        "checklist": checklist.pk,
        "deadline_days": "45",
        "reminder_days": reminder_days,
    }


@pytest.mark.parametrize("reminder_days", ["30,abc", "0", "-7", "", "30;7", "7.5"])
def test_reminder_days_must_be_positive_whole_numbers(
    client, trainer, course, checklist, reminder_days
):
    client.force_login(trainer)

    response = client.post(
        reverse("certification_rules:add"),
        rules_data(course, checklist, reminder_days),
    )

    assert response.status_code == 200
    assert not CourseRequirements.objects.exists()
    errors = response.context["form"].errors["reminder_days"]
    assert errors in ([str(REMINDER_DAYS_INVALID)], ["This field is required."])


def test_a_trainer_sets_a_courses_rules(client, trainer, course, checklist):
    client.force_login(trainer)

    created = client.post(
        reverse("certification_rules:add"), rules_data(course, checklist, "7, 30,30")
    )
    rules = CourseRequirements.objects.get(course=course)
    edited = client.post(
        reverse("certification_rules:edit", args=[rules.pk]),
        {**rules_data(course, checklist, "60"), "observation_required": ""},
    )

    assert created.status_code == edited.status_code == 302
    rules.refresh_from_db()
    assert rules.reminder_days == "60"
    assert rules.observation_required is False
    assert rules.deadline_days == 45


def test_one_set_of_rules_per_course(client, trainer, course, checklist):
    CourseRequirements.objects.create(course=course, checklist=checklist)
    client.force_login(trainer)

    response = client.post(
        reverse("certification_rules:add"), rules_data(course, checklist, "30")
    )

    assert response.status_code == 200
    assert CourseRequirements.objects.count() == 1
    assert "course" in response.context["form"].errors


def test_hr_reads_the_rules_but_cannot_change_them(client, course, checklist):
    rules = CourseRequirements.objects.create(course=course, checklist=checklist)
    client.force_login(UserFactory(roles=[roles.HR]))

    listing = client.get(reverse("certification_rules:index"))
    edit = client.get(reverse("certification_rules:edit", args=[rules.pk]))

    assert listing.status_code == 200
    assert "Service basics" in listing.text
    assert edit.status_code == 302


# What a pass requires, and who may be observed


def safety_item(checklist):
    return checklist.items.get(group="Safety of the interaction")


def test_the_default_checklist_requires_safety_to_meet_the_standard(checklist):
    assert list(checklist.items.filter(must_meet_standard=True)) == [
        safety_item(checklist)
    ]


def test_a_pass_with_nothing_observed_is_refused_and_the_input_kept(
    client, trainer, team, course, checklist
):
    _manager, direct, *_others = team
    data = observation_data(direct, course, checklist)
    for item in checklist.items.all():
        data[f"rating_{item.pk}"] = ""
    first = checklist.items.first()
    data[f"comment_{first.pk}"] = "Only watched the queue."
    client.force_login(trainer)

    response = client.post(RECORD_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["passed"] == [str(NOTHING_OBSERVED)]
    assert escape(str(NOTHING_OBSERVED)) in response.text
    assert "Only watched the queue." in response.text
    assert "Calm and friendly with a difficult customer." in response.text
    assert data["submission_key"] in response.text
    assert not Observation.objects.exists()
    assert not CertificationRecord.objects.filter(status=Status.CERTIFIED).exists()


@pytest.mark.parametrize("rating", [Rating.PARTLY, Rating.NOT_YET, None])
def test_a_pass_with_safety_below_the_standard_is_refused(
    client, trainer, team, course, checklist, rating
):
    _manager, direct, *_others = team
    data = observation_data(direct, course, checklist)
    safety = safety_item(checklist)
    data[f"rating_{safety.pk}"] = "" if rating is None else str(rating.value)
    client.force_login(trainer)

    response = client.post(RECORD_URL, data)

    assert response.status_code == 200
    expected = str(MUST_MEET_STANDARD) % {"items": f"“{safety.text}”"}
    assert response.context["form"].errors["passed"] == [expected]
    form = response.context["form"]
    assert form[f"rating_{safety.pk}"].value() == data[f"rating_{safety.pk}"]
    assert not Observation.objects.exists()


@pytest.mark.parametrize("what", ["nothing_observed", "safety_not_met"])
def test_a_not_yet_result_is_saved_whatever_the_ratings(
    client, trainer, team, course, checklist, what
):
    _manager, direct, *_others = team
    data = observation_data(direct, course, checklist, passed="not_yet")
    if what == "nothing_observed":
        for item in checklist.items.all():
            data[f"rating_{item.pk}"] = ""
    else:
        data[f"rating_{safety_item(checklist).pk}"] = str(Rating.NOT_YET.value)
    client.force_login(trainer)

    response = client.post(RECORD_URL, data)

    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.passed is False
    record = CertificationRecord.objects.get(user=direct.user, course=course)
    assert record.status != Status.CERTIFIED


def test_a_trainer_marks_an_item_that_must_meet_the_standard(
    client, trainer, checklist
):
    client.force_login(trainer)
    items = list(checklist.items.all())
    data = {
        "title": checklist.title,
        "description": checklist.description,
        "pass_rule": checklist.pass_rule,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data.update(
            {
                f"items-{index}-id": str(item.pk),
                f"items-{index}-group": item.group,
                f"items-{index}-text": item.text,
                f"items-{index}-ORDER": str(index + 1),
                f"items-{index}-DELETE": "",
            }
        )
    # The first item must now meet the standard; safety no longer.
    data["items-0-must_meet_standard"] = "on"

    response = client.post(
        reverse("observation_checklists:edit", args=[checklist.pk]), data
    )

    assert response.status_code == 302
    assert list(checklist.items.filter(must_meet_standard=True)) == [items[0]]


@pytest.mark.parametrize("who", ["trainer", "superuser"])
def test_a_trainer_or_superuser_cannot_observe_themselves(
    client, course, checklist, who
):
    if who == "trainer":
        user = UserFactory(roles=[roles.TRAINERS])
    else:
        user = UserFactory(is_superuser=True)
    own = StaffProfileFactory(employee_id="SELF", user=user)
    StaffProfileFactory(employee_id="OTHER")
    client.force_login(user)

    choices = client.get(RECORD_URL)
    prefilled = client.get(RECORD_URL, {"learner": own.pk, "course": course.pk})
    posted = client.post(RECORD_URL, observation_data(own, course, checklist))

    assert "OTHER" in learner_choices(choices)
    assert "SELF" not in learner_choices(choices)
    assert posted.status_code == prefilled.status_code == 200
    assert escape(str(CANNOT_OBSERVE_SELF)) in posted.text
    assert escape(str(CANNOT_OBSERVE_SELF)) in prefilled.text
    assert not Observation.objects.exists()
    assert not CertificationRecord.objects.filter(user=user).exists()


def test_a_manager_cannot_observe_themselves(client, team, course, checklist):
    manager, *_others = team
    client.force_login(manager.user)

    response = client.post(RECORD_URL, observation_data(manager, course, checklist))

    assert response.status_code == 200
    assert escape(str(CANNOT_OBSERVE_SELF)) in response.text
    assert not Observation.objects.exists()


def test_the_record_of_ones_own_offers_no_observation(client, course):
    trainer = StaffProfileFactory(user=UserFactory(is_superuser=True)).user
    own = CertificationRecord.objects.create(user=trainer, course=course)
    other = CertificationRecord.objects.create(
        user=StaffProfileFactory().user, course=course
    )
    client.force_login(trainer)

    own_page = client.get(reverse("certification_records:inspect", args=[own.pk]))
    other_page = client.get(reverse("certification_records:inspect", args=[other.pk]))

    assert RECORD_URL + "?learner=" not in own_page.text
    assert RECORD_URL + "?learner=" in other_page.text


def test_an_observer_reading_latvian_sees_the_latvian_checklist(
    client, trainer, team, course, checklist
):
    from wagtail.models import Locale

    from certification.models import ChecklistItem
    from people.languages import remember_language

    latvian = ObservationChecklist.objects.create(
        translation_key=checklist.translation_key,
        locale=Locale.objects.get_or_create(language_code="lv")[0],
        title="Praktiskais novērtējums",
    )
    for item in checklist.items.all():
        ChecklistItem.objects.create(
            checklist=latvian,
            sort_order=item.sort_order,
            group=f"LV {item.group}",
            text=f"LV {item.text}",
            must_meet_standard=item.must_meet_standard,
        )
    _manager, direct, *_others = team
    remember_language(trainer, "lv")
    client.force_login(trainer)

    page = client.get(RECORD_URL, {"learner": direct.pk, "course": course.pk}).text
    client.post(RECORD_URL, observation_data(direct, course, checklist))

    assert "Praktiskais novērtējums" in page
    for item in checklist.items.all():
        assert escape(f"LV {item.text}") in page
    observation = Observation.objects.get()
    assert observation.checklist == checklist  # the ratings are the original's
    assert observation.ratings.count() == checklist.items.count()
