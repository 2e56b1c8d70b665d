import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from lms.views import server_error
from people import roles
from tests.factories import PASSWORD, UserFactory

LOGIN_URL = "/accounts/login/"


@pytest.fixture
def learner(db):
    return UserFactory(
        username="jdoe", first_name="Jane", last_name="Doe", email="jane@example.com"
    )


def assert_logged_in(client, user):
    assert client.session.get("_auth_user_id") == str(user.pk)


def assert_logged_out(client):
    assert "_auth_user_id" not in client.session


# Login and logout


def test_login_page_renders_the_form_with_a_csrf_token(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert "Username, employee ID or e-mail" in content
    assert 'href="/accounts/password_reset/"' in content
    assert "Forgot your password?" in content


def test_login_page_keeps_next_in_a_hidden_field(client, db):
    response = client.get(LOGIN_URL, {"next": "/training/me/"})

    assert '<input type="hidden" name="next" value="/training/me/">' in (
        response.content.decode()
    )


def test_login_page_has_no_site_navigation_for_anonymous_users(client, db):
    content = client.get(LOGIN_URL).content.decode()

    assert 'href="/training/me/"' not in content
    assert "Log out" not in content


def test_wrong_password_shows_an_error_and_stays_on_the_page(client, learner):
    response = client.post(
        LOGIN_URL, {"username": "jdoe", "password": "wrong", "next": "/training/me/"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Please enter a correct" in content
    assert 'value="/training/me/"' in content
    assert_logged_out(client)


def test_empty_login_form_marks_the_missing_fields(client, db):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in content
    assert 'id="id_username_error"' in content


def test_correct_login_redirects_to_the_catalogue(client, learner):
    response = client.post(LOGIN_URL, {"username": "jdoe", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/training/"
    assert_logged_in(client, learner)


def test_login_redirects_to_next(client, learner):
    response = client.post(
        LOGIN_URL,
        {"username": "jdoe", "password": PASSWORD, "next": "/training/me/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/training/me/"


def test_login_ignores_a_next_on_another_site(client, learner):
    response = client.post(
        LOGIN_URL,
        {"username": "jdoe", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/training/"


def test_login_accepts_the_email_address(client, learner):
    response = client.post(
        LOGIN_URL, {"username": "Jane@Example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert_logged_in(client, learner)


def test_logout_by_post_ends_the_session(client, learner):
    client.force_login(learner)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert_logged_out(client)


def test_logout_by_get_is_refused(client, learner):
    client.force_login(learner)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert_logged_in(client, learner)


def test_anonymous_visit_of_the_catalogue_redirects_to_login(client, db):
    response = client.get("/training/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/training/"


# Password reset and change


def test_password_reset_sends_a_link_that_sets_a_new_password(client, learner):
    response = client.post("/accounts/password_reset/", {"email": "jane@example.com"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jane@example.com"]
    assert "Your username is jdoe." in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link

    # Django swaps the token in the link for one kept in the session.
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    assert 'name="new_password1"' in response.content.decode()

    new_password = "a-brand-new-passphrase-42"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"
    assert client.login(username="jdoe", password=new_password)


def test_password_reset_done_page_renders(client, db):
    response = client.get("/accounts/password_reset/done/")

    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing(client, db):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_with_a_bad_link_says_so(client, learner):
    response = client.get("/accounts/reset/MQ/not-a-token/")

    assert response.status_code == 200
    assert not response.context["validlink"]
    assert "This link no longer works" in response.content.decode()


def test_password_change_page_renders_for_a_logged_in_user(client, learner):
    client.force_login(learner)

    response = client.get("/accounts/password_change/")

    assert response.status_code == 200
    assert 'name="old_password"' in response.content.decode()


# The page frame


@pytest.mark.parametrize("role", [roles.TRAINERS, roles.HR])
def test_header_links_to_the_admin_for_trainers_and_hr(client, db, role):
    client.force_login(UserFactory(roles=[role]))

    content = client.get("/accounts/password_change/").content.decode()

    assert 'href="/admin/"' in content


def test_header_hides_the_admin_link_from_a_learner(client, learner):
    client.force_login(learner)

    content = client.get("/accounts/password_change/").content.decode()

    assert 'href="/admin/"' not in content


def test_header_shows_the_name_navigation_and_a_logout_form(client, learner):
    client.force_login(learner)

    content = client.get("/accounts/password_change/").content.decode()

    assert "Jane Doe" in content
    assert 'href="/training/"' in content
    assert 'href="/training/me/"' in content
    logout_form = re.search(
        r'<form method="post" action="/accounts/logout/">(.*?)</form>', content, re.S
    )
    assert logout_form
    assert 'name="csrfmiddlewaretoken"' in logout_form.group(1)


def test_page_language_follows_the_active_language(client, db):
    content = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="lv").content.decode()

    assert '<html lang="lv"' in content


def test_messages_render_as_alerts_with_roles():
    messages = [
        Message(constants.SUCCESS, "Quiz submitted."),
        Message(constants.ERROR, "Time is up."),
    ]

    html = render_to_string("training/includes/messages.html", {"messages": messages})

    assert 'class="alert alert--success" role="status"' in html
    assert 'class="alert alert--error" role="alert"' in html


def test_unknown_url_shows_the_friendly_404_page(client, learner):
    client.force_login(learner)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert "We couldn’t find that page" in content
    assert 'href="/training/"' in content


def test_server_error_page_renders_without_a_request_or_database():
    # No `db` fixture: any query here would fail the test.
    with translation.override("en"):
        response = server_error(None)

    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert 'href="/static/training/training.css"' in content


@pytest.mark.parametrize(
    "path",
    [
        "training/training.css",
        "training/training.js",
        "training/favicon.svg",
        "lms/css/errors.css",
    ],
)
def test_static_files_are_found(path):
    assert finders.find(path)
