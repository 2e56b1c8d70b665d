import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import imports, roles
from people.models import StaffProfile
from people.views import SESSION_KEY
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("people:import_staff")
HEADER = ",".join(imports.HEADER)
GOOD_CSV = "\n".join(
    [
        HEADER,
        "E001,Ann,Lee,ann@example.com,Sales,Riga,Clerk,M01,2024-01-15,",
        "M01,May,Ozols,may@example.com,Sales,Riga,Team lead,,2020-05-01,",
    ]
)


def upload(content, name="staff.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=[roles.HR]))
    return client


def preview(client, content):
    return client.post(IMPORT_URL, {"file": upload(content)})


def test_hr_sees_the_upload_form(hr_client):
    response = hr_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "csrfmiddlewaretoken" in response.text


def test_preview_shows_what_would_change_and_applies_nothing(hr_client):
    response = preview(hr_client, GOOD_CSV)

    assert response.status_code == 200
    assert response.context["counts"].created == 2
    assert "2 to create, 0 to update" in response.text
    assert "E001" in response.text
    assert response.text.count("csrfmiddlewaretoken") == 2
    assert not StaffProfile.objects.exists()


def test_confirming_the_preview_applies_it(hr_client):
    token = preview(hr_client, GOOD_CSV).context["confirm_form"].initial["token"]

    response = hr_client.post(IMPORT_URL, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:index")
    ann = StaffProfile.objects.get(employee_id="E001")
    assert ann.manager.employee_id == "M01"
    assert SESSION_KEY not in hr_client.session
    listing = hr_client.get(response["Location"])
    assert "2 created" in listing.text


def test_confirming_with_a_stale_token_applies_nothing(hr_client):
    preview(hr_client, GOOD_CSV)

    response = hr_client.post(IMPORT_URL, {"token": "forged"}, follow=True)

    assert "The preview has expired" in response.text
    assert not StaffProfile.objects.exists()


def test_confirming_rechecks_the_file_against_the_database(hr_client):
    token = preview(hr_client, GOOD_CSV).context["confirm_form"].initial["token"]
    StaffProfileFactory(employee_id="OTHER", user__email="ann@example.com")

    response = hr_client.post(IMPORT_URL, {"token": token})

    assert response.status_code == 200
    assert "already belongs to another user" in response.text
    assert not StaffProfile.objects.filter(employee_id="E001").exists()


def test_bad_file_shows_each_line_error_and_applies_nothing(hr_client):
    content = GOOD_CSV + "\nE002,,Kim,not-an-email,,,,,2024-02-30,\n"

    response = preview(hr_client, content)

    assert response.status_code == 200
    errors = [(error.line, error.code) for error in response.context["plan"].errors]
    assert errors == [(4, "required"), (4, "bad_email"), (4, "bad_date")]
    assert "First name is required." in response.text
    assert "confirm_form" not in response.context
    assert not StaffProfile.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8\xff", "not UTF-8"),
        (b"name,email\nAnn,ann@example.com\n", "The header must be exactly"),
        (b"   \n", "The file is empty."),
        (b'employee_id,"unclosed\n', "The header"),
    ],
)
def test_garbage_files_are_refused_without_an_error_page(hr_client, content, message):
    response = preview(hr_client, content)

    assert response.status_code == 200
    assert message in response.text
    assert not StaffProfile.objects.exists()


def test_empty_upload_is_refused(hr_client):
    response = hr_client.post(IMPORT_URL, {"file": upload(b"")})

    assert response.status_code == 200
    assert "The submitted file is empty." in response.text


def test_post_without_a_file_is_refused(hr_client):
    response = hr_client.post(IMPORT_URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_manager_is_refused(client):
    client.force_login(UserFactory(roles=[roles.MANAGERS]))

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload(GOOD_CSV)}).status_code == 403
    assert not StaffProfile.objects.exists()


def test_learner_is_refused(client):
    client.force_login(UserFactory())

    response = client.post(IMPORT_URL, {"file": upload(GOOD_CSV)})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not StaffProfile.objects.exists()


def test_import_needs_a_csrf_token(hr_client):
    hr_client.handler.enforce_csrf_checks = True

    response = preview(hr_client, GOOD_CSV)

    assert response.status_code == 403
    assert not StaffProfile.objects.exists()


def test_import_appears_in_the_people_menu_for_hr_only(client):
    client.force_login(UserFactory(roles=[roles.HR]))
    hr_home = client.get(reverse("wagtailadmin_home"))
    client.force_login(UserFactory(roles=[roles.MANAGERS]))
    manager_home = client.get(reverse("wagtailadmin_home"))

    assert IMPORT_URL in hr_home.text
    assert IMPORT_URL not in manager_home.text
