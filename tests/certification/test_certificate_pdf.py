"""The certificate PDF: names in any alphabet, long titles wrapped, revoked and
superseded certificates stamped, links to the site's real address."""

import io
from datetime import timedelta
from urllib.parse import quote

import pypdf
import pytest
import zxingcpp
from django.core import mail
from django.utils import timezone
from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from wagtail.models import Site

from certification.certificates import render_pdf, wrap
from certification.sweep import send_reminders
from lms.demo.site import set_up_site
from tests.certification.factories import certified
from tests.factories import StaffProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "Customer service standard for telephone, counter and home visits: greeting, "
    "listening, complaints, safety and farewells."
)
PAGE_WIDTH, _PAGE_HEIGHT = landscape(A4)


def person(first, last):
    return StaffProfileFactory(user__first_name=first, user__last_name=last).user


def download(client, certificate, user):
    client.force_login(user)
    return client.get(f"/certificates/{certificate.code}/download/")


def pdf_text(data: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


def placed_text(data: bytes) -> list[tuple[float, float, str]]:
    """Every piece of text on the page with its x position and font size."""
    pieces = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            pieces.append((tm[4] * cm[0] + cm[4], font_size * scale, text.strip()))

    pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return pieces


# File names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "fallback", "utf8"),
    [
        (
            "Jānis",
            "Bērziņš",
            "certificate-Janis-Berzins-",
            "certificate-Jānis-Bērziņš-",
        ),
        ("Анна", "Кузнецова", "certificate-holder-", "certificate-Анна-Кузнецова-"),
    ],
)
def test_the_download_names_the_file_in_ascii_and_in_utf8(
    client, first, last, fallback, utf8
):
    certificate = certified(person(first, last))

    header = download(client, certificate, certificate.record.user)[
        "Content-Disposition"
    ]

    assert header.isascii()
    assert header == (
        f'attachment; filename="{fallback}{certificate.code}.pdf"; '
        f"filename*=UTF-8''{quote(f'{utf8}{certificate.code}.pdf', safe='')}"
    )


def test_an_ascii_name_needs_no_second_file_name(client):
    certificate = certified(person("Anna", "Smith"))

    header = download(client, certificate, certificate.record.user)[
        "Content-Disposition"
    ]

    assert (
        header
        == f'attachment; filename="certificate-Anna-Smith-{certificate.code}.pdf"'
    )


# Layout -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "holder",
    [
        "Jānis Bērziņš",
        "Анна Кузнецова",
        "Anna-Marija Kristīne Bērziņa-Kalniņa-Ozoliņa Jaunzeme-Vītoliņa Strautmane",
    ],
)
def test_long_names_and_titles_wrap_inside_the_page(holder):
    course = make_course(LONG_TITLE, modules=1, lessons=1)
    assert len(LONG_TITLE) == 120
    certificate = certified(person(*holder.split(" ", 1)), course)

    data = render_pdf(certificate)
    text = pdf_text(data)

    words = " ".join(text.split())
    for word in [*holder.split(), *LONG_TITLE.split()]:
        assert word in words
    title_lines = [line for line in text.splitlines() if line and line in LONG_TITLE]
    assert len(title_lines) >= 2, "the 120-character title is split over lines"
    for x, size, piece in placed_text(data):
        width = pdfmetrics.stringWidth(piece, "CertBold", size)
        assert x >= 0 and x + width <= PAGE_WIDTH, piece


def test_a_word_longer_than_a_line_is_broken():
    lines = wrap("W" * 200, "CertBold", 20, 300)

    assert "".join(lines) == "W" * 200
    assert all(pdfmetrics.stringWidth(line, "CertBold", 20) <= 300 for line in lines)


# Revoked and superseded ----------------------------------------------------------


def test_a_current_certificate_has_no_stamp():
    text = pdf_text(render_pdf(certified()))

    assert "REVOKED" not in text and "SUPERSEDED" not in text


def test_a_revoked_certificate_downloads_stamped_for_hr(client):
    certificate = certified(revoked_at=timezone.now())

    response = download(client, certificate, UserFactory(roles=["HR"]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "REVOKED" in text
    assert "was revoked by the issuer and is not valid" in text


def test_the_holder_of_a_revoked_certificate_is_told_why_not(client):
    certificate = certified(revoked_at=timezone.now())

    response = download(client, certificate, certificate.record.user)

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "was revoked, so it can no longer be downloaded" in response.content.decode()


def test_a_superseded_certificate_downloads_stamped(client):
    old = certified(days_left=10)
    user, course = old.record.user, old.record.course
    new = certified(user, course, cycle=old.cycle + 1)
    old.superseded_by = new
    old.save()

    response = download(client, old, user)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "SUPERSEDED" in text
    assert "A newer certificate has replaced this one" in text
    assert "SUPERSEDED" not in pdf_text(download(client, new, user).content)


# The site's address -------------------------------------------------------------


@pytest.fixture
def site_on_port_8123(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    return set_up_site("http://127.0.0.1:8123")


def test_the_demo_site_takes_the_address_it_is_served_on(site_on_port_8123):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert site.site_name


def test_the_qr_code_and_verify_link_use_the_sites_port(site_on_port_8123):
    certificate = certified()
    data = render_pdf(certificate)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    images = [Image.open(io.BytesIO(image.data)) for image in page.images]

    decoded = [r.text for image in images for r in zxingcpp.read_barcodes(image)]

    url = f"http://127.0.0.1:8123/verify/{certificate.code}/"
    assert decoded == [url]
    assert url in " ".join(pdf_text(data).split())


def test_the_reminder_links_to_the_sites_port(site_on_port_8123):
    certified(days_left=20)

    send_reminders(now=timezone.now() + timedelta(seconds=1))

    assert "http://127.0.0.1:8123/training/me/" in mail.outbox[0].body
