"""The certification records in the Training admin: who sees which, filters, the
record page, and a fixed number of queries whatever the number of records."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from certification.models import (
    CertificationEvent,
    CertificationRecord,
    Observation,
    ObservationChecklist,
    Status,
)
from certification.services import DEFAULT_CHECKLIST
from people import roles
from tests.certification.factories import certified
from tests.factories import (
    DepartmentFactory,
    LocationFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("certification_records:index")
# Session, user, permissions, menu, the filters' choices, count and one page
# (measured: HR 15, a manager 16, a trainer 17).
LISTING_QUERIES = 18
# The same, plus the record, its certificates, observations, ratings, history.
INSPECT_QUERIES = 15


def inspect_url(record):
    return reverse("certification_records:inspect", args=[record.pk])


def listed_ids(response):
    return {
        record.user.staff_profile.employee_id
        for record in response.context["object_list"]
    }


@pytest.fixture
def course():
    return make_course("Service basics", modules=1, lessons=1)


@pytest.fixture
def hr_user():
    return UserFactory(roles=[roles.HR])


@pytest.fixture
def team(course):
    """A manager, a direct report, their report, and an outsider, all with a
    record on the course."""
    manager = StaffProfileFactory(
        employee_id="MGR", user=UserFactory(roles=[roles.MANAGERS])
    )
    direct = StaffProfileFactory(employee_id="DIRECT", manager=manager)
    indirect = StaffProfileFactory(employee_id="INDIRECT", manager=direct)
    outsider = StaffProfileFactory(employee_id="OUTSIDER")
    for profile in (direct, indirect, outsider):
        CertificationRecord.objects.create(
            user=profile.user, course=course, status=Status.IN_PROGRESS, progress=40
        )
    return manager, direct, indirect, outsider


def course_editor(*courses):
    """Someone who may edit only ``courses`` (and see records in the admin)."""
    group = Group.objects.create(name=f"Editors {courses[0].slug}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_certificationrecord"),
    )
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    for course in courses:
        GroupPagePermission.objects.create(
            group=group, page=course, permission=change_page
        )
    user = UserFactory()
    user.groups.add(group)
    return user


def test_hr_sees_every_record(client, hr_user, team):
    client.force_login(hr_user)

    response = client.get(INDEX_URL)

    assert response.status_code == 200
    assert listed_ids(response) == {"DIRECT", "INDIRECT", "OUTSIDER"}


def test_manager_sees_their_line_directly_and_indirectly_and_nobody_else(client, team):
    manager, _direct, _indirect, outsider = team
    client.force_login(manager.user)

    response = client.get(INDEX_URL)
    outside = client.get(
        inspect_url(CertificationRecord.objects.get(user=outsider.user))
    )

    assert response.status_code == 200
    assert listed_ids(response) == {"DIRECT", "INDIRECT"}
    assert "OUTSIDER" not in response.text
    assert outside.status_code == 404


def test_trainer_sees_only_records_on_courses_they_can_edit(client, course, team):
    other = make_course("Phone manners", modules=1, lessons=1)
    elsewhere = StaffProfileFactory(employee_id="ELSEWHERE")
    other_record = CertificationRecord.objects.create(user=elsewhere.user, course=other)
    trainer = course_editor(course)
    client.force_login(trainer)

    response = client.get(INDEX_URL)

    assert listed_ids(response) == {"DIRECT", "INDIRECT", "OUTSIDER"}
    assert client.get(inspect_url(other_record)).status_code == 404


def test_the_trainers_group_sees_every_course(client, team):
    client.force_login(UserFactory(roles=[roles.TRAINERS]))

    response = client.get(INDEX_URL)

    assert listed_ids(response) == {"DIRECT", "INDIRECT", "OUTSIDER"}


def test_learner_is_refused(client, team):
    _manager, direct, _indirect, _outsider = team
    client.force_login(direct.user)

    response = client.get(INDEX_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_records_cannot_be_added_edited_or_deleted_by_hand(client, hr_user, team):
    for name in ("add", "edit", "delete", "history", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"certification_records:{name}", args=[1])
    client.force_login(hr_user)

    response = client.get(INDEX_URL)

    assert "/training/records/new/" not in response.text
    assert client.get("/admin/training/records/new/").status_code == 404


def test_the_listing_shows_each_column(client, hr_user, course):
    profile = StaffProfileFactory(
        employee_id="E123",
        user__first_name="Anna",
        user__last_name="Ozola",
        department=DepartmentFactory(name="Front desk"),
        location=LocationFactory(name="Riga"),
    )
    certified(profile.user, course, days_left=100)
    client.force_login(hr_user)

    html = client.get(INDEX_URL).text

    for text in ("Anna Ozola", "E123", "Front desk", "Riga", "Service basics"):
        assert text in html
    assert "Certified" in html
    assert "100%" in html


def test_filters(client, hr_user, course):
    sales = DepartmentFactory(name="Sales")
    riga = LocationFactory(name="Riga")
    other = make_course("Phone manners", modules=1, lessons=1)
    soon = certified(
        StaffProfileFactory(employee_id="SOON", department=sales).user,
        course,
        days_left=10,
    )
    certified(
        StaffProfileFactory(employee_id="LATER", location=riga).user,
        course,
        days_left=200,
    )
    CertificationRecord.objects.create(
        user=StaffProfileFactory(employee_id="NEW", department=sales).user,
        course=other,
        status=Status.IN_PROGRESS,
    )
    client.force_login(hr_user)

    def ids(**query):
        return listed_ids(client.get(INDEX_URL, query))

    assert ids(course=other.pk) == {"NEW"}
    assert ids(status=Status.CERTIFIED) == {"SOON", "LATER"}
    assert ids(department=sales.pk) == {"SOON", "NEW"}
    assert ids(location=riga.pk) == {"LATER"}
    job_role = soon.record.user.staff_profile.job_role
    assert ids(job_role=job_role.pk) == {"SOON"}
    assert ids(expiring="true") == {"SOON"}
    assert ids(expiring="false") == {"LATER", "NEW"}


def test_search_by_name_and_employee_id(client, hr_user, course):
    anna = StaffProfileFactory(
        employee_id="E100", user__first_name="Anna", user__last_name="Ozola"
    )
    bob = StaffProfileFactory(employee_id="E200", user__first_name="Bob")
    for profile in (anna, bob):
        CertificationRecord.objects.create(user=profile.user, course=course)
    client.force_login(hr_user)

    for query in ["anna ozola", "E100", "ozo"]:
        response = client.get(INDEX_URL, {"q": query})
        assert listed_ids(response) == {"E100"}, query


def test_ordering_by_expiry(client, hr_user, course):
    for employee_id, days in (("LATE", 300), ("EARLY", 20), ("MIDDLE", 100)):
        certified(
            StaffProfileFactory(employee_id=employee_id).user, course, days_left=days
        )
    client.force_login(hr_user)

    response = client.get(INDEX_URL, {"ordering": "expires_at"})

    order = [r.user.staff_profile.employee_id for r in response.context["object_list"]]
    assert order == ["EARLY", "MIDDLE", "LATE"]


def make_records(course, manager, count):
    for _ in range(count):
        profile = StaffProfileFactory(manager=manager)
        certificate = certified(profile.user, course)
        CertificationEvent.objects.create(
            record=certificate.record,
            from_status=Status.AWAITING_ASSESSMENT,
            to_status=Status.CERTIFIED,
            reason="Practical observation passed.",
        )


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("role", ["hr", "manager", "trainer"])
def test_listing_queries_do_not_grow_with_records(
    client, course, hr_user, size, role, django_assert_max_num_queries
):
    manager = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    make_records(course, manager, size)
    viewer = {
        "hr": hr_user,
        "manager": manager.user,
        "trainer": UserFactory(roles=[roles.TRAINERS]),
    }[role]
    client.force_login(viewer)

    with django_assert_max_num_queries(LISTING_QUERIES):
        response = client.get(INDEX_URL, {"expiring": "false"})

    assert len(response.context["object_list"]) == size


@pytest.mark.parametrize("size", [1, 10])
def test_inspect_queries_do_not_grow_with_history(
    client, course, hr_user, size, django_assert_max_num_queries
):
    checklist = ObservationChecklist.objects.get(title=DEFAULT_CHECKLIST)
    certificate = certified(StaffProfileFactory().user, course)
    record = certificate.record
    for number in range(size):
        CertificationEvent.objects.create(
            record=record,
            from_status=Status.CERTIFIED,
            to_status=Status.CERTIFIED,
            reason=f"Event {number}",
        )
        observation = Observation.objects.create(
            learner=record.user,
            course=course,
            checklist=checklist,
            passed=True,
            submission_key=f"00000000-0000-0000-0000-{number:012d}",
        )
        observation.ratings.create(group="Safety", text=f"Item {number}", rating=2)
    client.force_login(hr_user)

    with django_assert_max_num_queries(INSPECT_QUERIES):
        response = client.get(inspect_url(record))

    assert response.status_code == 200
    assert f"Event {size - 1}" in response.text
    assert f"Item {size - 1}" in response.text


def test_inspect_shows_the_record_its_certificates_and_history(client, course, hr_user):
    profile = StaffProfileFactory(
        employee_id="E777", user__first_name="Ieva", user__last_name="Kalna"
    )
    old = certified(profile.user, course, days_left=10)
    record = old.record
    record.cycle = 2
    record.save()
    new = certified(profile.user, course, days_left=700, cycle=2)
    old.superseded_by = new
    old.save()
    CertificationEvent.objects.create(
        record=record,
        actor=hr_user,
        from_status=Status.CERTIFIED,
        to_status=Status.CERTIFIED,
        reason="Recertified after the refresher.",
    )
    client.force_login(hr_user)

    response = client.get(inspect_url(record))

    html = response.text
    assert response.status_code == 200
    assert "Ieva Kalna" in html and "E777" in html
    assert f"/verify/{new.code}/" in html
    assert f"/certificates/{new.code}/download/" in html
    assert old.code in html
    assert "Superseded" in html
    assert "Recertified after the refresher." in html
    assert hr_user.get_full_name() in html


def test_inspect_offers_an_observation_to_managers_and_trainers(client, team, course):
    manager, direct, _indirect, _outsider = team
    record = CertificationRecord.objects.get(user=direct.user)
    prefill = (
        f"{reverse('observations:add')}?learner={direct.pk}&amp;course={course.pk}"
    )

    client.force_login(manager.user)
    as_manager = client.get(inspect_url(record)).text
    client.force_login(UserFactory(roles=[roles.HR]))
    as_hr = client.get(inspect_url(record)).text

    assert prefill in as_manager
    assert "Record an observation" not in as_hr


def test_the_training_menu_groups_the_views(client, hr_user, team):
    trainer = UserFactory(roles=[roles.TRAINERS])
    client.force_login(trainer)

    html = client.get(reverse("wagtailadmin_home")).text

    assert "Training" in html
    for url in (
        INDEX_URL,
        reverse("observations:index"),
        reverse("observations:add"),
        reverse("observation_checklists:index"),
        reverse("certification_rules:index"),
    ):
        assert url in html, url


def test_expiring_filter_leaves_out_expired_certificates(client, hr_user, course):
    past = certified(StaffProfileFactory(employee_id="PAST").user, course)
    CertificationRecord.objects.filter(pk=past.record_id).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    certified(StaffProfileFactory(employee_id="SOON").user, course, days_left=5)
    client.force_login(hr_user)

    response = client.get(INDEX_URL, {"expiring": "true"})

    assert listed_ids(response) == {"SOON"}
