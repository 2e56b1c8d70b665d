"""People never certified on a course required of them are reminded before
its due date (14 and 3 days by default), once each, in their language; after
the due date their manager's digest names it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from certification import assignments
from certification.dates import show_day
from certification.models import DueReminderSent
from certification.sweep import run_sweep
from people.languages import remember_language
from tests.certification.factories import certified
from tests.factories import StaffProfileFactory, make_course

pytestmark = pytest.mark.django_db


def sweep():
    call_command("certification_sweep", stdout=StringIO())


@pytest.fixture
def phone():
    return make_course("Phone manners", modules=1, lessons=1)


def assigned(course, days, **person):
    """Someone with ``course`` assigned, due in ``days`` days."""
    person.setdefault("user__first_name", "Ilze")
    profile = StaffProfileFactory(**person)
    due = timezone.localdate() + timedelta(days=days)
    assignments.assign(course, target="person", person=profile, due_on=due)
    return profile


def to(profile):
    return [message for message in mail.outbox if message.to == [profile.user.email]]


def test_a_reminder_goes_out_14_days_before_the_due_date_once(phone):
    ilze = assigned(phone, 14)

    sweep()
    sweep()

    [message] = to(ilze)
    assert message.subject == "“Phone manners” is due in 14 days"
    due = show_day(timezone.localdate() + timedelta(days=14))
    assert f"Please complete “Phone manners” and be certified by {due}." in (
        message.body
    )
    assert "Hello Ilze," in message.body
    assert "/training/me/" in message.body


def test_the_3_day_reminder_follows_the_14_day_one(phone):
    ilze = assigned(phone, 14)
    now = timezone.now()

    run_sweep(now=now)
    run_sweep(now=now + timedelta(days=5))  # 9 days left: nothing new
    run_sweep(now=now + timedelta(days=11))
    run_sweep(now=now + timedelta(days=12))

    assert [message.subject for message in to(ilze)] == [
        "“Phone manners” is due in 14 days",
        "“Phone manners” is due in 3 days",
    ]


def test_a_late_first_sweep_sends_only_the_most_urgent_reminder(phone):
    ilze = assigned(phone, 2)

    sweep()
    sweep()

    assert [message.subject for message in to(ilze)] == [
        "“Phone manners” is due in 2 days"
    ]
    assert set(DueReminderSent.objects.values_list("days_before", flat=True)) == {
        14,
        3,
    }


def test_no_reminder_long_before_the_due_date_or_after_it(phone):
    early = assigned(phone, 30)
    late = assigned(phone, -1)

    sweep()

    assert to(early) == [] and to(late) == []


def test_no_reminder_to_someone_certified_before(phone):
    ilze = assigned(phone, 14)
    certified(ilze.user, phone, days_left=300)

    sweep()

    assert to(ilze) == []


def test_no_reminder_to_a_leaver(phone):
    gone = assigned(phone, 14, is_active=False)
    leaving = assigned(phone, 14, leave_date=timezone.localdate())

    sweep()

    assert to(gone) == [] and to(leaving) == []


def test_the_reminder_speaks_the_persons_language(phone):
    olga = assigned(phone, 3, user__first_name="Ольга")
    remember_language(olga.user, "ru")

    sweep()

    [message] = to(olga)
    assert "Здравствуйте, Ольга!" in message.body
    assert "Hello" not in message.body


def test_a_job_roles_course_is_reminded_too(course, role):
    hired = timezone.localdate() - timedelta(days=60 - 3)  # default deadline: 60
    newcomer = StaffProfileFactory(job_role=role, hire_date=hired)

    sweep()

    [message] = to(newcomer)
    assert message.subject == "“Service standard” is due in 3 days"


def test_the_days_are_a_setting(phone, settings):
    settings.DUE_REMINDER_DAYS = [7]
    not_yet = assigned(phone, 10)
    soon = assigned(phone, 7)

    sweep()

    assert to(not_yet) == []
    assert [m.subject for m in to(soon)] == ["“Phone manners” is due in 7 days"]


def test_a_bad_days_setting_is_a_check_error(settings):
    from certification.conf import check_settings

    settings.DUE_REMINDER_DAYS = "14"

    assert "certification.E003" in [error.id for error in check_settings()]


def test_after_the_due_date_the_managers_digest_names_it(phone):
    boss = StaffProfileFactory(user__email="boss@example.com")
    late = assigned(phone, -2, manager=boss)

    sweep()

    [digest] = [m for m in mail.outbox if m.to == ["boss@example.com"]]
    due = show_day(timezone.localdate() - timedelta(days=2))
    assert f"{late.employee_id}): Phone manners" in digest.body
    assert f"due {due}" in digest.body
    assert to(late) == []
