"""The JSON API: readiness for learners, managers, HR and the HR system."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from certification.models import Status
from people.models import StaffProfile
from tests.certification.factories import certified
from tests.factories import (
    StaffProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(role, course):
    """A manager with two reports, one certified; and an outsider."""
    manager = StaffProfileFactory(job_role=role)
    manager.user.groups.add(*UserFactory(roles=["Managers"]).groups.all())
    done = StaffProfileFactory(manager=manager, job_role=role, employee_id="E100")
    StaffProfileFactory(manager=manager, job_role=role, employee_id="E101")
    StaffProfileFactory(job_role=role, employee_id="E900")
    certified(done.user, course)
    return manager


def test_no_login_is_a_401_with_a_message(client):
    response = client.get("/api/v1/readiness")
    assert response.status_code == 401
    assert response.json()["message"]


def test_a_learner_gets_their_own_readiness(client, team, course):
    learner = StaffProfile.objects.get(employee_id="E100").user
    client.force_login(learner)

    items = client.get("/api/v1/me/readiness").json()

    assert [(i["employee_id"], i["course"], i["status"]) for i in items] == [
        ("E100", course.slug, Status.CERTIFIED)
    ]
    assert items[0]["verification_code"]
    assert items[0]["progress"] == 100


def test_a_learner_may_not_list_readiness(client, team):
    client.force_login(StaffProfile.objects.get(employee_id="E101").user)
    response = client.get("/api/v1/readiness")
    assert response.status_code == 403
    assert response.json()["message"]


def test_a_manager_lists_only_their_team(client, team):
    client.force_login(team.user)

    data = client.get("/api/v1/readiness").json()

    # Their reporting line, and themselves: their own role requires the course.
    assert data["count"] == 3
    statuses = {item["employee_id"]: item["status"] for item in data["items"]}
    assert statuses == {
        "E100": "certified",
        "E101": "not_started",
        team.employee_id: "not_started",
    }


def test_hr_lists_everyone_and_filters(client, team, course):
    client.force_login(UserFactory(roles=["HR"]))

    everyone = client.get("/api/v1/readiness").json()
    certified_only = client.get("/api/v1/readiness", {"status": "certified"}).json()
    by_course = client.get(
        "/api/v1/readiness", {"course": course.slug, "limit": 2}
    ).json()
    expiring = client.get("/api/v1/readiness", {"expires_before": "2000-01-01"}).json()

    assert everyone["count"] == 4
    assert [i["employee_id"] for i in certified_only["items"]] == ["E100"]
    assert by_course["count"] == 4 and len(by_course["items"]) == 2
    assert expiring["count"] == 0


def test_bad_filter_values_are_a_422_with_field_messages(client, team):
    client.force_login(UserFactory(roles=["HR"]))
    response = client.get("/api/v1/readiness", {"expires_before": "not-a-date"})
    assert response.status_code == 422
    assert "expires_before" in response.json()["errors"]


def test_one_persons_readiness_respects_the_reporting_line(client, team):
    client.force_login(team.user)

    assert client.get("/api/v1/people/E100/readiness").status_code == 200
    assert client.get("/api/v1/people/E900/readiness").status_code == 404
    assert client.get("/api/v1/people/NOPE/readiness").status_code == 404


def test_the_hr_system_uses_a_bearer_token(client, team):
    hr = UserFactory(roles=["HR"])
    _token, plaintext = APIToken.create_token(user=hr, name="HR system")

    response = client.get(
        "/api/v1/readiness", headers={"Authorization": f"Bearer {plaintext}"}
    )
    wrong = client.get(
        "/api/v1/readiness", headers={"Authorization": "Bearer wagtail_nope"}
    )

    assert response.status_code == 200 and response.json()["count"] == 4
    assert wrong.status_code == 401


def put(client, employee_id, body, **headers):
    return client.put(
        f"/api/v1/people/{employee_id}",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_hr_creates_then_updates_a_person_with_the_import_rules(client, team):
    hr = UserFactory(roles=["HR"])
    _token, plaintext = APIToken.create_token(user=hr, name="HR system")
    auth = {"Authorization": f"Bearer {plaintext}"}
    body = {
        "first_name": "Ilze",
        "last_name": "Liepa",
        "email": "ilze@example.com",
        "department": "Sales floor",
        "job_role": "Sales consultant",
        "manager_employee_id": team.employee_id,
        "hire_date": "2026-10-01",
    }

    created = put(client, "E555", body, **auth)
    updated = put(client, "E555", {**body, "leave_date": "2026-11-01"}, **auth)

    assert created.status_code == 201 and created.json()["created"] is True
    assert updated.status_code == 200 and updated.json()["active"] is False
    person = StaffProfile.objects.get(employee_id="E555")
    assert person.manager == team and person.department.name == "Sales floor"


def test_bad_staff_data_is_a_400_and_saves_nothing(client, team):
    client.force_login(UserFactory(roles=["HR"]))

    response = put(
        client,
        "E556",
        {
            "first_name": "A",
            "last_name": "B",
            "hire_date": "31/12/2026",
            "manager_employee_id": "X",
        },
    )

    assert response.status_code == 400
    messages = " ".join(response.json()["errors"]["body"])
    assert "date" in messages.lower() and "X" in messages
    assert not StaffProfile.objects.filter(employee_id="E556").exists()


def test_a_missing_field_is_a_422(client, team):
    client.force_login(UserFactory(roles=["HR"]))
    response = put(client, "E557", {"first_name": "Only"})
    assert response.status_code == 422
    assert "last_name" in json.dumps(response.json()["errors"])


def test_only_hr_upserts_people(client, team):
    client.force_login(team.user)
    response = put(client, "E558", {"first_name": "A", "last_name": "B"})
    assert response.status_code == 403
    assert not StaffProfile.objects.filter(employee_id="E558").exists()


def test_the_openapi_document_describes_every_endpoint(client):
    from openapi_spec_validator import validate

    client.force_login(UserFactory())
    document = client.get("/api/v1/openapi.json").json()

    validate(document)  # raises with the first problem if the document is invalid
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        "/api/v1/me/readiness",
        "/api/v1/readiness",
        "/api/v1/people/{employee_id}/readiness",
        "/api/v1/people/{employee_id}",
    }


@pytest.mark.parametrize("size", [5, 50])
def test_listing_readiness_is_a_fixed_number_of_queries(client, role, course, size):
    client.force_login(UserFactory(roles=["HR"]))
    for _ in range(size):
        certified(StaffProfileFactory(job_role=role).user, course)

    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/readiness").json()

    assert data["count"] == size
    assert len(queries) <= 12


def test_the_interactive_docs_load_their_assets_from_our_own_server(client):
    client.force_login(UserFactory(roles=["HR"]))

    page = client.get("/api/v1/docs").content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in page
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert addresses and all(address.startswith("/") for address in addresses)
