"""A person's language: chosen on any page, remembered on their profile, and used
for their pages, their e-mails and their certificate."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.users.models import UserProfile

from people.languages import preferred_language, remember_language
from people.services import send_invitation
from tests.certification.factories import certified
from tests.factories import (
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)

pytestmark = pytest.mark.django_db


def in_language(code, text, *args):
    """``text`` as the catalogue of ``code`` has it; never the English itself."""
    with translation.override(code):
        translated = ngettext(text, *args) if args else gettext(text)
    assert translated != text, f"{text!r} has no {code} translation"
    return translated


def switch(client, code, next_url="/training/"):
    return client.post("/i18n/setlang/", {"language": code, "next": next_url})


def test_the_login_page_offers_each_language_in_its_own_name(client):
    page = client.get("/accounts/login/").text

    assert 'action="/i18n/setlang/"' in page
    for code, name in (("en", "English"), ("ru", "Русский"), ("lv", "Latviešu")):
        assert f'value="{code}"' in page
        assert name in page


def test_a_visitor_switches_the_login_page_to_russian(client):
    response = switch(client, "ru", "/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    page = client.get("/accounts/login/").text
    assert '<html lang="ru"' in page
    assert in_language("ru", "Log in") in page


def test_a_visitor_without_a_choice_gets_their_browsers_language(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="lv,en;q=0.5").text

    assert '<html lang="lv"' in page
    assert in_language("lv", "Log in") in page


def test_a_persons_choice_is_kept_and_follows_them_to_another_browser(client):
    learner = UserFactory()
    client.force_login(learner)

    switch(client, "lv")

    assert UserProfile.objects.get(user=learner).preferred_language == "lv"
    elsewhere = type(client)()  # no language cookie, a Russian browser
    elsewhere.force_login(learner)
    page = elsewhere.get("/training/me/", HTTP_ACCEPT_LANGUAGE="ru").text
    assert '<html lang="lv"' in page
    assert in_language("lv", "Log out") in page


def test_a_language_the_site_does_not_offer_changes_nothing(client):
    learner = UserFactory()
    remember_language(learner, "ru")
    client.force_login(learner)

    switch(client, "de")

    assert UserProfile.objects.get(user=learner).preferred_language == "ru"


def test_a_choice_made_in_the_admins_account_page_is_read_at_once(client):
    learner = UserFactory()
    client.force_login(learner)
    assert '<html lang="en"' in client.get("/training/me/").text  # now cached

    profile = UserProfile.get_for_user(learner)
    profile.preferred_language = "ru"
    profile.save()

    assert preferred_language(learner) == "ru"
    assert '<html lang="ru"' in client.get("/training/me/").text


def test_the_admin_speaks_the_persons_language(client):
    hr = UserFactory(roles=["HR"])
    remember_language(hr, "ru")
    client.force_login(hr)

    page = client.get("/admin/training/reports/readiness/").text

    assert '<html lang="ru"' in page
    assert in_language("ru", "Readiness") in page


# E-mails ------------------------------------------------------------------------


def test_the_invitation_is_written_in_the_persons_language(
    django_capture_on_commit_callbacks,
):
    profile = StaffProfileFactory(user__email="anna@example.com")
    profile.user.set_unusable_password()
    profile.user.save()
    remember_language(profile.user, "ru")

    with django_capture_on_commit_callbacks(execute=True):
        send_invitation(profile, actor=UserFactory(roles=["HR"]))

    [message] = mail.outbox
    expected = in_language(
        "ru", "You are invited to %(site_name)s: choose your password"
    ) % {"site_name": settings.WAGTAIL_SITE_NAME}
    assert message.subject == expected


def test_without_a_choice_the_invitation_uses_the_sites_language(
    django_capture_on_commit_callbacks,
):
    profile = StaffProfileFactory(user__email="ann@example.com")
    profile.user.set_unusable_password()
    profile.user.save()

    with (
        translation.override("lv"),  # the HR person's own page language
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_invitation(profile, actor=UserFactory(roles=["HR"]))

    [message] = mail.outbox
    assert message.subject.startswith("You are invited to")


def test_the_password_reset_link_comes_in_the_language_of_the_page(client):
    profile = StaffProfileFactory(user__email="janis@example.com")
    switch(client, "lv", "/accounts/password_reset/")

    client.post("/accounts/password_reset/", {"email": "janis@example.com"})

    [message] = mail.outbox
    expected = in_language("lv", "Choose a new password for %(site_name)s") % {
        "site_name": settings.WAGTAIL_SITE_NAME
    }
    assert message.subject == expected
    assert profile.user.email in message.to


def test_a_reminder_is_written_in_the_holders_language():
    certificate = certified(days_left=29)
    remember_language(certificate.record.user, "lv")

    call_command("certification_sweep", stdout=StringIO())

    [message] = mail.outbox
    expected = in_language(
        "lv",
        "Your %(course)s certificate expires in %(days)s day",
        "Your %(course)s certificate expires in %(days)s days",
        29,
    ) % {"course": certificate.record.course.title, "days": 29}
    assert message.subject == expected


def test_a_managers_digest_is_written_in_the_managers_language():
    role = JobRoleFactory(name="Cashier")
    course = make_course("Cash desk service", modules=1, lessons=1)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    manager = StaffProfileFactory(user__email="boss@example.com")
    remember_language(manager.user, "ru")
    StaffProfileFactory(
        manager=manager, job_role=role, hire_date=date.today() - timedelta(days=90)
    )

    call_command("certification_sweep", stdout=StringIO())

    [digest] = [m for m in mail.outbox if m.to == ["boss@example.com"]]
    expected = in_language(
        "ru",
        "%(counter)s person in your team is overdue on training",
        "%(counter)s people in your team are overdue on training",
        1,
    ) % {"counter": 1}
    assert digest.subject == expected
