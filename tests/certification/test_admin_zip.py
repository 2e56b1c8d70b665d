"""HR downloads the current certificates of the records listing's filter as a ZIP."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.admin_views import NO_CERTIFICATES
from people import roles
from tests.certification.factories import certified
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

ZIP_URL = reverse("certification_records:zip")
INDEX_URL = reverse("certification_records:index")


@pytest.fixture
def hr_user():
    return UserFactory(roles=[roles.HR])


@pytest.fixture
def sales():
    return DepartmentFactory(name="Sales")


def archive_names(response) -> list[str]:
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            assert archive.read(name).startswith(b"%PDF")
        return sorted(archive.namelist())


def test_one_pdf_per_current_certificate_of_the_filter(client, hr_user, sales):
    first = certified(StaffProfileFactory(department=sales).user)
    second = certified(StaffProfileFactory(department=sales).user, days_left=20)
    # Renewed: the old certificate is superseded and stays out of the ZIP.
    old = certified(StaffProfileFactory(department=sales).user, days_left=5)
    record = old.record
    record.cycle = 2
    record.save()
    renewed = certified(record.user, record.course, cycle=2)
    old.superseded_by = renewed
    old.save()
    revoked = certified(StaffProfileFactory(department=sales).user)
    revoked.revoked_at = timezone.now()
    revoked.save()
    elsewhere = certified(StaffProfileFactory().user)
    client.force_login(hr_user)

    response = client.get(ZIP_URL, {"department": sales.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    names = archive_names(response)
    assert len(names) == 3
    codes = {first.code, second.code, renewed.code}
    assert {code for code in codes if any(code in name for name in names)} == codes
    for excluded in (old, revoked, elsewhere):
        assert not any(excluded.code in name for name in names)


def test_the_zip_follows_the_other_filters_and_the_search(client, hr_user):
    soon = certified(
        StaffProfileFactory(user__first_name="Zane", user__last_name="Soon").user,
        days_left=10,
    )
    later = certified(
        StaffProfileFactory(user__first_name="Liene", user__last_name="Later").user,
        days_left=300,
    )
    client.force_login(hr_user)

    expiring = archive_names(client.get(ZIP_URL, {"expiring": "true"}))
    searched = archive_names(client.get(ZIP_URL, {"q": "liene"}))
    by_course = archive_names(client.get(ZIP_URL, {"course": later.record.course_id}))

    assert [soon.code in name for name in expiring] == [True]
    assert [later.code in name for name in searched] == [True]
    assert [later.code in name for name in by_course] == [True]


def test_an_empty_selection_gets_a_message_not_an_empty_zip(client, hr_user, sales):
    certified(StaffProfileFactory().user)
    client.force_login(hr_user)

    response = client.get(ZIP_URL, {"department": sales.pk}, follow=True)

    assert response.redirect_chain[-1][0] == f"{INDEX_URL}?department={sales.pk}"
    assert response["Content-Type"].startswith("text/html")
    assert "nothing to download" in response.text


@pytest.mark.parametrize("role", [roles.MANAGERS, roles.TRAINERS])
def test_only_hr_may_download(client, role):
    manager = StaffProfileFactory(user=UserFactory(roles=[role]))
    certified(StaffProfileFactory(manager=manager).user)
    certified(StaffProfileFactory().user)
    client.force_login(manager.user)

    response = client.get(ZIP_URL)

    assert response.status_code == 403


def test_a_learner_cannot_download(client):
    certificate = certified()
    client.force_login(certificate.record.user)

    response = client.get(ZIP_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_listing_offers_the_zip_of_its_filter_to_hr_only(client, hr_user, sales):
    manager = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    certified(StaffProfileFactory(manager=manager, department=sales).user)
    client.force_login(hr_user)
    as_hr = client.get(INDEX_URL, {"department": sales.pk, "p": "1"}).text
    client.force_login(manager.user)
    as_manager = client.get(INDEX_URL).text

    assert f'href="{ZIP_URL}?department={sales.pk}"' in as_hr
    assert "Download certificates (ZIP)" in as_hr
    assert ZIP_URL not in as_manager
    assert str(NO_CERTIFICATES)[:20] not in as_hr


def test_invalid_filters_download_nothing(client, hr_user):
    certified(StaffProfileFactory().user)
    client.force_login(hr_user)

    response = client.get(ZIP_URL, {"department": "not-a-department"})

    assert response.status_code == 302
    assert response["Location"] == INDEX_URL
