"""HR ticks people on the staff listing and assigns them a course: a form, a
preview of each person's due date, then one assignment per person."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import Assignment, DueFrom, RequiredCourse, Target
from people import roles
from tests.conftest import Client
from tests.factories import StaffProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

URL = reverse("wagtail_bulk_action", args=["people", "staffprofile", "assign_course"])


def url_for(*people, **query):
    ids = "&".join(f"id={person.pk}" for person in people)
    extra = "".join(f"&{name}={value}" for name, value in query.items())
    return f"{URL}?{ids}{extra}"


@pytest.fixture
def phone():
    return make_course("Phone manners", modules=1, lessons=1)


@pytest.fixture
def hr_user():
    return UserFactory(roles=[roles.HR])


@pytest.fixture
def as_hr(client, hr_user):
    client.force_login(hr_user)
    return client


def hired(first_name, day, **kwargs):
    return StaffProfileFactory(
        user__first_name=first_name, user__last_name="Lee", hire_date=day, **kwargs
    )


def form(course, /, **values):
    return {"course": course.pk, "due_from": "hire", "due_days": "30", **values}


def test_hr_previews_the_due_dates_then_assigns_one_per_person(as_hr, hr_user, phone):
    ann = hired("Ann", date(2026, 1, 1))
    bob = hired("Bob", date(2026, 2, 1))
    gone = hired("Gus", date(2025, 1, 1), is_active=False)
    url = url_for(ann, bob, gone)

    start = as_hr.get(url)
    preview = as_hr.post(url, form(phone))
    confirmed = preview.context["fingerprint"]
    done = as_hr.post(url, {**form(phone), "confirmed": confirmed}, follow=True)

    assert start.status_code == 200
    assert "Ann Lee" in start.text and "Preview" in start.text
    assert "These people have left" in start.text and "Gus Lee" in start.text
    assert [(p.employee_id, due) for p, due in preview.context["due_dates"]] == [
        (ann.employee_id, date(2026, 1, 31)),
        (bob.employee_id, date(2026, 3, 3)),
    ]
    assert "31 Jan 2026" in preview.text and "Assign to 2 people" in preview.text
    assert "“Phone manners” assigned to 2 people." in done.text
    made = Assignment.objects.filter(target=Target.PERSON).order_by("person__pk")
    assert [(a.person, a.due_from, a.due_days, a.created_by) for a in made] == [
        (ann, DueFrom.HIRE, 30, hr_user),
        (bob, DueFrom.HIRE, 30, hr_user),
    ]
    assert RequiredCourse.objects.get(staff=ann).due_on == date(2026, 1, 31)
    assert not RequiredCourse.objects.filter(staff=gone).exists()


def test_nothing_is_assigned_before_the_preview_is_confirmed(as_hr, phone):
    ann = hired("Ann", date(2026, 1, 1))
    url = url_for(ann)

    preview = as_hr.post(url, form(phone))
    changed = as_hr.post(
        url, {**form(phone, due_days="60"), "confirmed": preview.context["fingerprint"]}
    )

    assert preview.status_code == changed.status_code == 200
    assert [due for _p, due in changed.context["due_dates"]] == [date(2026, 3, 2)]
    assert not Assignment.objects.exists()


def test_assigning_again_moves_the_due_date_instead_of_adding_one(as_hr, phone):
    ann = hired("Ann", date(2026, 1, 1))
    url = url_for(ann)
    for due_on in ("2026-05-01", "2026-06-01"):
        values = form(phone, due_from="date", due_on=due_on, due_days="")
        preview = as_hr.post(url, values)
        as_hr.post(url, {**values, "confirmed": preview.context["fingerprint"]})

    [assignment] = Assignment.objects.filter(person=ann)
    assert assignment.due_on == date(2026, 6, 1)
    assert RequiredCourse.objects.get(staff=ann).due_on == date(2026, 6, 1)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"due_from": "date", "due_on": "", "due_days": ""}, "due_on"),
        ({"due_from": "hire", "due_days": ""}, "due_days"),
        ({"due_days": "-4"}, "due_days"),
        ({"course": "999999"}, "course"),
    ],
)
def test_bad_input_is_a_form_error(as_hr, phone, values, field):
    ann = hired("Ann", date(2026, 1, 1))

    response = as_hr.post(url_for(ann), form(phone, **values))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "due_dates" not in response.context
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("role", [roles.MANAGERS, roles.TRAINERS, roles.LEARNERS])
def test_only_hr_may_assign_in_bulk(client, phone, role):
    ann = hired("Ann", date(2026, 1, 1))
    client.force_login(UserFactory(roles=[role]))

    shown = client.get(url_for(ann))
    posted = client.post(url_for(ann), {**form(phone), "confirmed": "x"})

    assert shown.status_code in (302, 403) and posted.status_code in (302, 403)
    assert not Assignment.objects.exists()


def test_the_form_is_csrf_protected(hr_user, phone):
    ann = hired("Ann", date(2026, 1, 1))
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_user)

    page = client.get(url_for(ann))
    refused = client.post(url_for(ann), form(phone))

    assert 'name="csrfmiddlewaretoken"' in page.text
    assert refused.status_code == 403


def test_selecting_everyone_assigns_to_the_filtered_listing(as_hr, phone):
    ann = hired("Ann", date(2026, 1, 1))
    other = hired("Bob", date(2026, 1, 1))
    url = f"{URL}?id=all&department={ann.department_id}"

    preview = as_hr.post(url, form(phone))
    as_hr.post(url, {**form(phone), "confirmed": preview.context["fingerprint"]})

    assert list(Assignment.objects.values_list("person", flat=True)) == [ann.pk]
    assert not Assignment.objects.filter(person=other).exists()


@pytest.mark.parametrize("size", [2, 8])
def test_the_preview_is_a_fixed_number_of_queries(as_hr, phone, size):
    people = [hired(f"P{n}", date(2026, 1, 1) + timedelta(days=n)) for n in range(size)]
    url = url_for(*people)
    as_hr.post(url, form(phone))  # warm the caches (site, permissions)

    with CaptureQueriesContext(connection) as queries:
        response = as_hr.post(url, form(phone))

    assert len(response.context["due_dates"]) == size
    assert len(queries.captured_queries) <= 14  # the same for 2 and 8 people
