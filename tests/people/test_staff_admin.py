import pytest
from django.urls import reverse

from people import roles
from people.models import StaffProfile
from tests.factories import (
    DepartmentFactory,
    StaffProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("staff:index")
# Session, user, permissions, filters' choices, count and one page of staff.
LISTING_QUERIES = 14


@pytest.fixture
def hr_user():
    return UserFactory(roles=[roles.HR])


@pytest.fixture
def team():
    """A manager, someone reporting to them, someone reporting to that person,
    and an outsider in another branch."""
    manager = StaffProfileFactory(
        employee_id="MGR", user=UserFactory(roles=[roles.MANAGERS])
    )
    direct = StaffProfileFactory(employee_id="DIRECT", manager=manager)
    indirect = StaffProfileFactory(employee_id="INDIRECT", manager=direct)
    outsider = StaffProfileFactory(employee_id="OUTSIDER")
    return manager, direct, indirect, outsider


def listed_ids(response):
    return {profile.employee_id for profile in response.context["object_list"]}


def test_hr_sees_everyone(client, hr_user, team):
    client.force_login(hr_user)

    response = client.get(INDEX_URL)

    assert response.status_code == 200
    assert listed_ids(response) == {"MGR", "DIRECT", "INDIRECT", "OUTSIDER"}
    assert reverse("people:import_staff") in response.text


def test_manager_sees_only_their_reporting_line(client, team):
    manager, _direct, _indirect, _outsider = team
    client.force_login(manager.user)

    response = client.get(INDEX_URL)

    assert response.status_code == 200
    assert listed_ids(response) == {"MGR", "DIRECT", "INDIRECT"}
    assert "OUTSIDER" not in response.text
    assert reverse("people:import_staff") not in response.text


def test_manager_cannot_open_someone_outside_their_line(client, team):
    manager, direct, _indirect, outsider = team
    client.force_login(manager.user)

    inside = client.get(reverse("staff:inspect", args=[direct.pk]))
    outside = client.get(reverse("staff:inspect", args=[outsider.pk]))
    edit = client.get(reverse("staff:edit", args=[direct.pk]))

    assert inside.status_code == 200
    assert outside.status_code == 404
    # Wagtail refuses with a redirect to the dashboard and a message.
    assert edit.status_code == 302
    assert edit["Location"] == reverse("wagtailadmin_home")


def test_learner_is_refused(client, team):
    learner = StaffProfileFactory(employee_id="LEARNER")
    client.force_login(learner.user)

    response = client.get(INDEX_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_anonymous_visitor_is_sent_to_log_in(client, team):
    response = client.get(INDEX_URL)

    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_search_finds_by_full_name_employee_id_and_email(client, hr_user):
    ann = StaffProfileFactory(
        employee_id="E100",
        user__first_name="Ann",
        user__last_name="Ozola",
        user__email="ann.o@example.com",
    )
    StaffProfileFactory(employee_id="E200", user__first_name="Bob")
    client.force_login(hr_user)

    for query in ["ann ozola", "E100", "ann.o@"]:
        response = client.get(INDEX_URL, {"q": query})
        assert listed_ids(response) == {ann.employee_id}, query


def test_filters_by_department_and_employment(client, hr_user):
    sales = DepartmentFactory(name="Sales")
    StaffProfileFactory(employee_id="S1", department=sales)
    StaffProfileFactory(employee_id="S2", department=sales, is_active=False)
    StaffProfileFactory(employee_id="X1")
    client.force_login(hr_user)

    by_department = client.get(INDEX_URL, {"department": sales.pk})
    employed = client.get(INDEX_URL, {"department": sales.pk, "is_active": "true"})

    assert listed_ids(by_department) == {"S1", "S2"}
    assert listed_ids(employed) == {"S1"}


def test_hr_edits_a_person_through_the_same_rules(client, hr_user):
    boss = StaffProfileFactory(employee_id="BOSS")
    person = StaffProfileFactory(employee_id="E1", manager=boss)
    client.force_login(hr_user)
    form = {
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann@example.com",
        "department": person.department_id,
        "location": person.location_id,
        "job_role": person.job_role_id,
        "manager": "",
        "hire_date": "2024-01-15",
        "leave_date": "",
    }

    saved = client.post(reverse("staff:edit", args=[person.pk]), form)
    turned = client.post(
        reverse("staff:edit", args=[boss.pk]),
        {**form, "email": "", "manager": person.pk},
    )

    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.user.get_full_name() == "Ann Lee"
    assert person.manager is None
    assert person.employee_id == "E1"
    # E1 no longer reports to BOSS, so BOSS may now report to E1.
    assert turned.status_code == 302
    boss.refresh_from_db()
    assert boss.manager == person


def test_edit_form_refuses_a_manager_cycle(client, hr_user):
    boss = StaffProfileFactory(employee_id="BOSS")
    person = StaffProfileFactory(employee_id="E1", manager=boss)
    client.force_login(hr_user)

    response = client.post(
        reverse("staff:edit", args=[boss.pk]),
        {
            "first_name": "Big",
            "last_name": "Boss",
            "manager": person.pk,
            "hire_date": "2020-01-01",
        },
    )

    assert response.status_code == 200
    assert "form a cycle" in response.text
    boss.refresh_from_db()
    assert boss.manager is None


def test_hr_adds_a_person(client, hr_user):
    client.force_login(hr_user)

    response = client.post(
        reverse("staff:add"),
        {"employee_id": "NEW1", "first_name": "New", "last_name": "Hire"},
    )

    assert response.status_code == 302
    profile = StaffProfile.objects.get(employee_id="NEW1")
    assert profile.user.username == "NEW1"
    assert profile.user.groups.filter(name=roles.LEARNERS).exists()


def make_staff(count):
    manager = StaffProfileFactory()
    for _ in range(count):
        StaffProfileFactory(manager=manager)


@pytest.mark.parametrize("size", [5, 50])
def test_listing_queries_do_not_grow_with_staff(
    client, hr_user, size, django_assert_max_num_queries
):
    make_staff(size)
    client.force_login(hr_user)

    with django_assert_max_num_queries(LISTING_QUERIES):
        response = client.get(INDEX_URL)

    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(size + 1, 50)


@pytest.mark.parametrize("size", [5, 50])
def test_managers_listing_queries_do_not_grow_with_staff(
    client, size, django_assert_max_num_queries
):
    boss = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    for _ in range(size):
        StaffProfileFactory(manager=boss)
    client.force_login(boss.user)

    with django_assert_max_num_queries(LISTING_QUERIES):
        response = client.get(INDEX_URL)

    assert response.status_code == 200


def test_hr_opens_the_forms_and_the_small_listings(client, hr_user, team):
    _manager, direct, _indirect, _outsider = team
    client.force_login(hr_user)

    urls = [
        reverse("staff:add"),
        reverse("staff:edit", args=[direct.pk]),
        reverse("staff:inspect", args=[direct.pk]),
        reverse("department:index"),
        reverse("location:index"),
        reverse("jobrole:index"),
    ]

    for url in urls:
        assert client.get(url).status_code == 200, url


def test_yes_and_no_read_as_words_never_true_false_or_none(client, hr_user):
    person = StaffProfileFactory(employee_id="S1", leave_date=None)
    client.force_login(hr_user)

    listing = client.get(INDEX_URL, {"is_active": "true"}).text
    page = client.get(reverse("staff:inspect", args=[person.pk])).text

    for text in (listing, page):
        assert ">True<" not in text and ">False<" not in text
        assert ">None<" not in text
    assert "Yes" in page
