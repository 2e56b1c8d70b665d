"""The API's error contract under hostile or sloppy input: every error is JSON
with a ``message``, bad employee IDs never reach the database, and an HR
system may send null for an empty value."""

import json

import pytest
from wagtail.models import APIToken

from people.models import StaffProfile
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_token():
    hr = UserFactory(roles=["HR"])
    _token, plaintext = APIToken.create_token(user=hr, name="HR system")
    return {"Authorization": f"Bearer {plaintext}"}


def send(client, method, url, body=None, raw=None, **headers):
    data = raw if raw is not None else json.dumps(body)
    call = getattr(client, method)
    return call(url, data=data, content_type="application/json", headers=headers)


PERSON = {"first_name": "Ilze", "last_name": "Liepa"}


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.parametrize(
    "bad_id",
    [
        "E555%20",  # trailing space
        "%20E555",
        "E5%0055",
        "%00",
        "E555%0A",
        "E" + "9" * 40,  # longer than an employee ID may be
        "a%20b",
    ],
)
def test_an_invalid_employee_id_is_refused_before_any_change(client, hr_token, bad_id):
    StaffProfileFactory(employee_id="E555", user__first_name="Old")

    put = send(client, "put", f"/api/v1/people/{bad_id}", PERSON, **hr_token)
    get = client.get(f"/api/v1/people/{bad_id}/readiness", headers=hr_token)

    assert_json_error(put, 422)
    assert put.json()["errors"]["employee_id"]
    assert_json_error(get, 422)
    assert StaffProfile.objects.get(employee_id="E555").user.first_name == "Old"
    assert StaffProfile.objects.count() == 1


def test_null_means_empty_wherever_the_csv_allows_an_empty_cell(client, hr_token):
    manager = StaffProfileFactory(employee_id="M1")
    body = {
        **PERSON,
        "email": None,
        "department": None,
        "location": None,
        "job_role": None,
        "manager_employee_id": None,
        "hire_date": None,
        "leave_date": None,
    }

    response = send(client, "put", "/api/v1/people/E600", body, **hr_token)

    assert response.status_code == 201, response.content
    person = StaffProfile.objects.get(employee_id="E600")
    assert person.manager is None and person.hire_date is None
    assert person.user.email == "" and person.department is None
    assert not manager.direct_reports.exists()


def test_null_is_still_refused_for_a_required_name(client, hr_token):
    response = send(
        client,
        "put",
        "/api/v1/people/E601",
        {"first_name": None, "last_name": "B"},
        **hr_token,
    )
    assert_json_error(response, 422)
    assert not StaffProfile.objects.filter(employee_id="E601").exists()


def test_put_replaces_and_patch_changes_only_what_it_sends(client, hr_token):
    full = {
        **PERSON,
        "email": "ilze@example.com",
        "department": "Sales floor",
        "hire_date": "2026-10-01",
    }
    send(client, "put", "/api/v1/people/E602", full, **hr_token)

    patched = send(
        client, "patch", "/api/v1/people/E602", {"department": "Tills"}, **hr_token
    )

    assert patched.status_code == 200, patched.content
    assert patched.json() == {"employee_id": "E602", "created": False, "active": True}
    person = StaffProfile.objects.get(employee_id="E602")
    assert person.department.name == "Tills"
    assert person.user.email == "ilze@example.com"
    assert str(person.hire_date) == "2026-10-01"

    cleared = send(client, "patch", "/api/v1/people/E602", {"email": None}, **hr_token)
    assert cleared.status_code == 200
    assert StaffProfile.objects.get(employee_id="E602").user.email == ""

    replaced = send(client, "put", "/api/v1/people/E602", PERSON, **hr_token)
    assert replaced.status_code == 200
    person = StaffProfile.objects.get(employee_id="E602")
    assert person.department is None and person.hire_date is None


def test_patch_of_an_unknown_person_is_a_404(client, hr_token):
    response = send(
        client, "patch", "/api/v1/people/E603", {"department": "X"}, **hr_token
    )
    assert_json_error(response, 404)
    assert not StaffProfile.objects.filter(employee_id="E603").exists()


def test_patch_with_bad_data_changes_nothing(client, hr_token):
    StaffProfileFactory(employee_id="E604", hire_date="2026-01-05")
    response = send(
        client,
        "patch",
        "/api/v1/people/E604",
        {"hire_date": "05/01/2026"},
        **hr_token,
    )
    assert_json_error(response, 400)
    assert str(StaffProfile.objects.get(employee_id="E604").hire_date) == "2026-01-05"


def test_only_hr_patches_people(client):
    person = StaffProfileFactory(employee_id="E605")
    client.force_login(person.user)
    response = send(client, "patch", "/api/v1/people/E605", {"first_name": "Me"})
    assert_json_error(response, 403)


@pytest.mark.parametrize(
    "raw", ["{", "not json", '{"first_name": "A", "last_name": ', "[1, 2]", '"x"']
)
def test_an_unreadable_body_is_a_json_error_with_a_message(client, hr_token, raw):
    response = send(client, "put", "/api/v1/people/E606", raw=raw, **hr_token)
    assert response.status_code in (400, 422)
    assert_json_error(response, response.status_code)
    assert not StaffProfile.objects.filter(employee_id="E606").exists()


def test_a_write_without_credentials_is_a_401_not_a_csrf_error(client):
    response = send(client, "put", "/api/v1/people/E607", PERSON)
    assert_json_error(response, 401)


def test_a_session_write_without_a_csrf_token_is_refused(client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory(roles=["HR"]))
    response = send(csrf_client, "put", "/api/v1/people/E608", PERSON)
    assert_json_error(response, 403)
    assert not StaffProfile.objects.filter(employee_id="E608").exists()


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/", "/api/v1/nothing-here", "/api/v2/readiness"]
)
def test_an_unknown_api_path_is_a_json_404(client, hr_token, path):
    assert_json_error(client.get(path, headers=hr_token), 404)


def test_a_wrong_method_is_a_json_405(client, hr_token):
    response = client.delete("/api/v1/readiness", headers=hr_token)
    assert_json_error(response, 405)


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "course=no-such-course",
        "department=No%20such%20department",
        "employment=sometimes",
        "limit=0",
        "limit=100000",
        "offset=-1",
        "offset=99999999999999999999999",
        "expires_before=0001-01-01",
        "expires_before=31.12.2026",
        # Numbers are not dates (a lenient parser reads them as Unix time).
        "expires_before=0.0",
        "expires_before=1700000000",
        "department=a%00b",
        "course=a%00b",
    ],
)
def test_unknown_or_hostile_filter_values_are_a_422(client, hr_token, query):
    response = client.get(f"/api/v1/readiness?{query}", headers=hr_token)
    assert_json_error(response, 422)


def test_the_openapi_document_declares_the_error_answers(client, hr_token):
    document = client.get("/api/v1/openapi.json", headers=hr_token).json()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert "401" in declared, (method, path, declared)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in declared, (method, path)
            if "{employee_id}" in path:
                assert "404" in declared, (method, path)
            if path != "/api/v1/me/readiness":
                assert "403" in declared, (method, path)


def test_the_openapi_document_says_what_a_missing_field_means(client, hr_token):
    document = client.get("/api/v1/openapi.json", headers=hr_token).json()
    put = document["paths"]["/api/v1/people/{employee_id}"]["put"]
    patch = document["paths"]["/api/v1/people/{employee_id}"]["patch"]
    assert "missing" in put["description"].lower()
    assert "only" in patch["description"].lower()


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_the_api_documents_need_a_login_or_a_token(client, hr_token, path):
    anonymous = client.get(path)
    assert anonymous.status_code == 401
    assert client.get(path, headers=hr_token).status_code == 200
    client.force_login(UserFactory())
    assert client.get(path).status_code == 200
