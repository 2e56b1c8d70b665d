"""The certificate PDF: it opens, names the holder, and its QR code verifies."""

import io

import pypdf
import pytest
import zxingcpp
from PIL import Image

from certification.certificates import render_pdf, verify_url, write_zip
from tests.certification.factories import certified
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    profile = StaffProfileFactory(user__first_name="Jānis", user__last_name="Bērziņš")
    return certified(profile.user)


def pdf_images(data: bytes):
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    return [Image.open(io.BytesIO(image.data)) for image in page.images]


def test_the_pdf_opens_and_names_the_holder_and_course(certificate):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(certificate)))
    text = reader.pages[0].extract_text()

    assert len(reader.pages) == 1
    assert "Jānis Bērziņš" in text
    assert certificate.course_title in text
    assert certificate.code in text


def test_the_qr_code_decodes_to_the_verify_page(certificate, settings):
    settings.SITE_URL = "https://training.example.com"
    images = pdf_images(render_pdf(certificate))

    decoded = [
        result.text for image in images for result in zxingcpp.read_barcodes(image)
    ]

    assert decoded == [f"https://training.example.com/verify/{certificate.code}/"]
    assert decoded[0] == verify_url(certificate.code)


def test_the_holder_downloads_their_own_certificate(client, certificate):
    client.force_login(certificate.record.user)

    response = client.get(f"/certificates/{certificate.code}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert certificate.code in response["Content-Disposition"]


def test_a_learner_cannot_open_someone_elses_certificate(client, certificate):
    other = UserFactory()
    client.login(username=other.username, password=PASSWORD)

    response = client.get(f"/certificates/{certificate.code}/download/")

    assert response.status_code == 404


def test_hr_downloads_anyones_certificate(client, certificate):
    client.force_login(UserFactory(roles=["HR"]))

    assert client.get(f"/certificates/{certificate.code}/download/").status_code == 200


def test_a_manager_downloads_their_reports_certificates_only(client, certificate):
    manager = StaffProfileFactory()
    profile = certificate.record.user.staff_profile
    profile.manager = manager
    profile.save()
    outsider = certified()
    client.force_login(manager.user)

    assert client.get(f"/certificates/{certificate.code}/download/").status_code == 200
    assert client.get(f"/certificates/{outsider.code}/download/").status_code == 404


def test_a_zip_holds_one_pdf_per_certificate(certificate):
    second = certified()
    buffer = io.BytesIO()

    write_zip([certificate, second], buffer)

    import zipfile

    with zipfile.ZipFile(buffer) as archive:
        names = archive.namelist()
        assert len(names) == 2
        assert all(archive.read(name).startswith(b"%PDF") for name in names)
        assert any(certificate.code in name for name in names)
