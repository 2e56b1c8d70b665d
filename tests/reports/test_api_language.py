"""A person's language in the JSON API: read with readiness, written by PUT/PATCH."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from people.languages import preferred_language, remember_language
from people.models import StaffProfile
from tests.certification.factories import certified
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSON = {"first_name": "Ilze", "last_name": "Liepa"}


@pytest.fixture
def hr_token():
    _token, plaintext = APIToken.create_token(
        user=UserFactory(roles=["HR"]), name="HR system"
    )
    return {"Authorization": f"Bearer {plaintext}"}


def send(client, method, employee_id, body, headers):
    call = getattr(client, method)
    return call(
        f"/api/v1/people/{employee_id}",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def language_of(employee_id):
    return preferred_language(StaffProfile.objects.get(employee_id=employee_id).user)


def test_readiness_shows_each_persons_language(client, hr_token, role, course):
    anna = StaffProfileFactory(job_role=role, employee_id="E1")
    StaffProfileFactory(job_role=role, employee_id="E2")
    remember_language(anna.user, "ru")

    listed = client.get("/api/v1/readiness", headers=hr_token).json()["items"]
    single = client.get("/api/v1/people/E1/readiness", headers=hr_token).json()

    assert {item["employee_id"]: item["language"] for item in listed} == {
        "E1": "ru",
        "E2": "",
    }
    assert [item["language"] for item in single] == ["ru"]


def test_a_learner_sees_their_own_language(client, role, course):
    person = StaffProfileFactory(job_role=role)
    remember_language(person.user, "lv")
    client.force_login(person.user)

    [item] = client.get("/api/v1/me/readiness").json()

    assert item["language"] == "lv"


def test_put_sets_the_language_and_replaces_it_when_left_out(client, hr_token):
    created = send(client, "put", "E10", {**PERSON, "language": "lv"}, hr_token)
    assert created.status_code == 201, created.content
    assert language_of("E10") == "lv"

    changed = send(client, "put", "E10", {**PERSON, "language": "ru"}, hr_token)
    assert changed.status_code == 200
    assert language_of("E10") == "ru"

    replaced = send(client, "put", "E10", PERSON, hr_token)
    assert replaced.status_code == 200
    assert language_of("E10") == ""

    send(client, "put", "E10", {**PERSON, "language": "en"}, hr_token)
    send(client, "put", "E10", {**PERSON, "language": None}, hr_token)
    assert language_of("E10") == ""


def test_patch_changes_the_language_only_when_sent(client, hr_token):
    person = StaffProfileFactory(employee_id="E11")
    remember_language(person.user, "ru")

    other = send(client, "patch", "E11", {"department": "Tills"}, hr_token)
    assert other.status_code == 200, other.content
    assert language_of("E11") == "ru"

    changed = send(client, "patch", "E11", {"language": "lv"}, hr_token)
    assert changed.status_code == 200
    assert language_of("E11") == "lv"

    cleared = send(client, "patch", "E11", {"language": None}, hr_token)
    assert cleared.status_code == 200
    assert language_of("E11") == ""


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("bad", ["de", "RU", "Russian", 7, ["ru"]])
def test_a_language_outside_the_three_is_a_422(client, hr_token, method, bad):
    person = StaffProfileFactory(employee_id="E12")
    remember_language(person.user, "ru")

    response = send(client, method, "E12", {**PERSON, "language": bad}, hr_token)

    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"]
    assert body["errors"]["language"]
    assert language_of("E12") == "ru"


def test_the_openapi_document_lists_the_languages(client, hr_token):
    document = client.get("/api/v1/openapi.json", headers=hr_token).json()
    schemas = document["components"]["schemas"]

    for name in ("StaffIn", "StaffChanges"):
        field = schemas[name]["properties"]["language"]
        enums = [each.get("enum") for each in field["anyOf"] if "enum" in each]
        assert enums == [["en", "ru", "lv", ""]], name
        assert {"type": "null"} in field["anyOf"]
    item = schemas["ReadinessItem"]
    assert item["properties"]["language"]["enum"] == ["en", "ru", "lv", ""]
    assert "language" in item["required"]


@pytest.mark.parametrize("size", [5, 50])
def test_listing_languages_is_a_fixed_number_of_queries(client, role, course, size):
    client.force_login(UserFactory(roles=["HR"]))
    for number in range(size):
        person = StaffProfileFactory(job_role=role)
        certified(person.user, course)
        remember_language(person.user, ("ru", "lv", "en")[number % 3])

    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/readiness").json()

    assert data["count"] == size
    assert {item["language"] for item in data["items"]} == {"ru", "lv", "en"}
    assert len(queries) <= 12
