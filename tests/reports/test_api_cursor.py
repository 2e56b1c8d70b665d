"""Paging the readiness list: by offset for the first 1,000 rows, by cursor
(keyset pagination) at any depth, every row once, in order, in the caller's
scope."""

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from tests.certification.factories import certified
from tests.factories import StaffProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

LIST = "/api/v1/readiness"


@pytest.fixture
def two_courses(role, course):
    second = make_course("Store safety", modules=1, lessons=1)
    second.required_for_roles.add(role)
    second.save_revision().publish()
    return course, second


def add_staff(role, count, **fields):
    return [
        StaffProfileFactory(job_role=role, employee_id=f"E{n:04d}", **fields)
        for n in range(count)
    ]


def walk(client, limit, **params):
    """Every page from the first, following ``next``; the items and the
    queries each page took."""
    response = client.get(LIST, {"limit": limit, **params})
    items, queries = [], []
    while True:
        assert response.status_code == 200, response.content
        page = response.json()
        items += page["items"]
        if page["next"] is None:
            assert page["next_cursor"] is None
            return items, queries
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["next"])
        queries.append(len(captured))


def keys(items):
    return [(item["employee_id"], item["course"]) for item in items]


def test_a_cursor_walk_returns_every_row_once_in_order(hr, role, two_courses):
    """At 7 and at 40 people (14 and 80 rows): every row once, in order, and
    each page the same number of queries, however deep and however many."""
    page_queries = []
    for first, size in ((0, 7), (7, 40)):
        profiles = [
            StaffProfileFactory(job_role=role, employee_id=f"E{n:04d}")
            for n in range(first, size)
        ]
        for profile in profiles[::3]:
            certified(profile.user, two_courses[0])

        items, queries = walk(hr, 3)

        expected = sorted(
            (f"E{n:04d}", course.slug) for n in range(size) for course in two_courses
        )
        assert keys(items) == expected
        page_queries += queries
    assert len(set(page_queries)) == 1 and page_queries[0] <= 12


def test_the_same_walk_by_offset_and_by_cursor_agree(hr, role, two_courses):
    add_staff(role, 5)

    by_cursor, _queries = walk(hr, 4)
    by_offset = []
    for offset in range(0, 10, 4):
        page = hr.get(LIST, {"limit": 4, "offset": offset}).json()
        by_offset += page["items"]

    assert keys(by_cursor) == keys(by_offset)
    assert len(by_cursor) == 10


def test_next_keeps_the_filters(hr, role, two_courses):
    add_staff(role, 4)
    first, _second = two_courses

    items, _queries = walk(hr, 1, course=first.slug)

    assert {item["course"] for item in items} == {first.slug}
    assert len(items) == 4


def test_the_count_is_on_the_first_page_only(hr, role, course):
    add_staff(role, 3)

    first = hr.get(LIST, {"limit": 2}).json()
    second = hr.get(first["next"]).json()
    by_offset = hr.get(LIST, {"limit": 2, "offset": 2}).json()

    assert first["count"] == by_offset["count"] == 3
    assert second["count"] is None and len(second["items"]) == 1


def test_the_last_page_has_no_next(hr, role, course):
    add_staff(role, 2)

    page = hr.get(LIST, {"limit": 2}).json()

    assert len(page["items"]) == 2 and page["count"] == 2
    assert page["next"] is None and page["next_cursor"] is None


def test_a_managers_cursor_walk_sees_only_their_reporting_line(client, role, course):
    manager = StaffProfileFactory(job_role=role, employee_id="M000")
    manager.user.groups.add(*UserFactory(roles=["Managers"]).groups.all())
    add_staff(role, 6, manager=manager)
    StaffProfileFactory(job_role=role, employee_id="E0003x")  # outside the line
    StaffProfileFactory(job_role=role, employee_id="Z999")
    client.force_login(manager.user)

    items, _queries = walk(client, 2)

    assert [item["employee_id"] for item in items] == [
        *(f"E{n:04d}" for n in range(6)),
        "M000",
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        signing.dumps(["E0001", "x", 1], salt="another-salt"),
        signing.dumps(["E0001", "x", 1], salt="reports.api.readiness-cursor")[:-2]
        + "xx",
        signing.dumps(["E0001", 5], salt="reports.api.readiness-cursor"),
        signing.dumps(["E0001", "x", "1"], salt="reports.api.readiness-cursor"),
        signing.dumps({"a": 1}, salt="reports.api.readiness-cursor"),
        "a b",
        "x" * 500,
    ],
    # Named, not by value: a signed value has the time in it, and the workers of
    # a parallel run must collect the same test names.
    ids=[
        "garbage",
        "other-salt",
        "tampered",
        "too-short",
        "wrong-type",
        "not-a-list",
        "space",
        "too-long",
    ],
)
def test_a_bad_cursor_is_a_422_with_a_message(hr, role, course, cursor):
    add_staff(role, 2)

    response = hr.get(LIST, {"cursor": cursor})

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]
    assert "cursor" in response.json()["errors"]


def test_a_deep_offset_is_refused_with_a_message_naming_the_cursor(hr, course):
    response = hr.get(LIST, {"offset": 1_001})
    allowed = hr.get(LIST, {"offset": 1_000})

    assert response.status_code == 422
    message = response.json()["message"]
    assert "1,000" in message and "cursor" in message
    assert response.json()["errors"]["offset"] == [message]
    assert allowed.status_code == 200 and allowed.json()["items"] == []


def test_a_cursor_and_an_offset_together_are_refused(hr, role, course):
    add_staff(role, 3)
    cursor = hr.get(LIST, {"limit": 1}).json()["next_cursor"]

    response = hr.get(LIST, {"cursor": cursor, "offset": 1})

    assert response.status_code == 422
    assert "cursor" in response.json()["errors"]


def test_the_hr_system_follows_next_with_its_token(client, role, course):
    add_staff(role, 3)
    _token, plaintext = APIToken.create_token(
        user=UserFactory(roles=["HR"]), name="HR system"
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plaintext}"

    items, _queries = walk(client, 2)

    assert len(items) == 3


def test_the_openapi_document_describes_the_cursor_and_the_offset_bound(hr):
    document = hr.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/readiness"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    page = document["components"]["schemas"]["ReadinessPage"]["properties"]

    assert parameters["offset"]["schema"]["maximum"] == 1_000
    assert "cursor" in parameters
    assert {"next", "next_cursor"} <= set(page)
