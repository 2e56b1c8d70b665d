"""A certificate issued just after local midnight shows the same calendar day
everywhere: admin, PDF, verify page and JSON, reminder e-mail and exports."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from certification.certificates import render_pdf
from certification.dates import days_until, iso_day, local_day, show_day
from certification.models import Certificate, CertificationRecord, Status
from certification.sweep import send_reminders
from tests.factories import StaffProfileFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("riga"),
]

RIGA = ZoneInfo("Europe/Riga")
# 00:30 in Riga is 22:30 UTC the day before.
ISSUED = datetime(2026, 12, 2, 0, 30, tzinfo=RIGA)
EXPIRES = datetime(2027, 12, 2, 0, 30, tzinfo=RIGA)


@pytest.fixture
def riga():
    with override_settings(TIME_ZONE="Europe/Riga"):
        yield


@pytest.fixture
def certificate(course, role):
    profile = StaffProfileFactory(
        user__first_name="Līga", user__last_name="Ozola", job_role=role
    )
    record = CertificationRecord.objects.create(
        user=profile.user,
        course=course,
        status=Status.CERTIFIED,
        progress=100,
        certified_at=ISSUED,
        first_certified_at=ISSUED,
        expires_at=EXPIRES,
    )
    return Certificate.objects.create(
        record=record,
        cycle=record.cycle,
        holder_name="Līga Ozola",
        course_title=course.title,
        issuer="Brightline Home",
        issued_at=ISSUED,
        expires_at=EXPIRES,
    )


def test_the_utc_day_is_the_day_before():
    assert ISSUED.astimezone(ZoneInfo("UTC")).day == 1


def test_helpers_give_the_local_day_for_people_and_machines():
    assert local_day(ISSUED).isoformat() == "2026-12-02"
    assert show_day(ISSUED) == "2 Dec 2026"
    assert iso_day(ISSUED) == "2026-12-02"
    assert iso_day(None) is None
    assert show_day(None) == ""


def test_the_admin_record_page_shows_the_local_day(hr, certificate):
    url = reverse("certification_records:inspect", args=[certificate.record.pk])

    page = hr.get(url).content.decode()

    assert "2 Dec 2026" in page
    assert "2 Dec 2027" in page
    assert "1 Dec 2026" not in page


def test_the_pdf_shows_the_local_day(certificate):
    text = pypdf.PdfReader(io.BytesIO(render_pdf(certificate))).pages[0].extract_text()

    assert "Issued: 2 Dec 2026" in text
    assert "Valid until: 2 Dec 2027" in text


def test_the_verify_page_shows_the_local_day(client, certificate):
    page = client.get(f"/verify/{certificate.code}/").content.decode()

    assert '<time datetime="2026-12-02">2 Dec 2026</time>' in page
    assert '<time datetime="2027-12-02">2 Dec 2027</time>' in page


def test_the_verify_json_gives_the_local_day_in_iso_8601(client, certificate):
    data = client.get(f"/verify/{certificate.code}.json").json()

    assert data["issued_on"] == "2026-12-02"
    assert data["expires_on"] == "2027-12-02"


def test_the_csv_export_gives_the_local_day(hr, certificate):
    response = hr.get("/admin/training/reports/readiness/", {"export": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )

    assert [(row["Certified"], row["Expires"]) for row in rows] == [
        ("2026-12-02", "2027-12-02")
    ]


def test_the_reminder_says_the_calendar_days_left_and_the_local_day(certificate):
    record = certificate.record
    # Runs out at 00:30 on 28 December, local time (22:30 UTC on the 27th).
    record.expires_at = datetime(2026, 12, 28, 0, 30, tzinfo=RIGA)
    record.save()
    now = datetime(2026, 12, 2, 12, 0, tzinfo=RIGA)

    assert send_reminders(now=now) == 1

    message = mail.outbox[0]
    assert message.subject.endswith("expires in 26 days")
    assert "runs out on 28 Dec 2026" in message.body
    assert days_until(record.expires_at, now=now) == 26


def test_a_reminder_for_tomorrow_says_one_day(certificate):
    record = certificate.record
    record.expires_at = datetime(2026, 12, 3, 0, 30, tzinfo=RIGA)
    record.save()

    send_reminders(now=datetime(2026, 12, 2, 23, 0, tzinfo=RIGA))

    assert mail.outbox[0].subject.endswith("expires in 1 day")


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "2 Dec 2026"),
        ("ru", "2 декабря 2026"),
        ("lv", "02.12.2026"),
    ],
)
def test_a_day_is_written_as_each_language_writes_it(language, shown):
    from django.utils import translation

    with translation.override(language):
        assert show_day(ISSUED) == shown
