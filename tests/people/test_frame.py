"""The learner pages' frame: training/base.html, its menu and its tags."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from people.nav import NavItem, current_item
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CATALOGUE = NavItem("catalogue", "Catalogue", "/training/", order=10)
MY_TRAINING = NavItem("my_training", "My training", "/training/me/", order=20)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/training/", CATALOGUE),
        ("/training/service/lesson-1/", CATALOGUE),
        ("/training/me/", MY_TRAINING),
        ("/quizzes/4/", None),
    ],
)
def test_the_longest_matching_address_is_the_current_item(path, expected):
    assert current_item([CATALOGUE, MY_TRAINING], path) == expected


def render(source, path="/training/me/", user=None):
    request = RequestFactory().get(path)
    request.user = user or UserFactory()
    return Template("{% load training %}" + source).render(
        Context({"request": request})
    )


def test_the_menu_marks_the_page_and_leaves_out_the_admin_for_learners():
    html = render(
        "{% training_nav as items %}"
        "{% for item in items %}{{ item.name }}={{ item.current }};{% endfor %}"
    )

    assert html == "catalogue=;my_training=page;"


def test_the_menu_offers_the_admin_to_those_who_may_open_it():
    html = render(
        "{% training_nav as items %}{% for item in items %}{{ item.url }} {% endfor %}",
        user=UserFactory(is_superuser=True),
    )

    assert html.split() == ["/training/", "/training/me/", "/admin/"]


def test_training_url_names_the_catalogue_from_the_page_tree():
    assert render("{% training_url 'catalogue' %}") == "/training/"
    assert render("{% training_url 'nothing' '/home/' %}") == "/home/"


def test_site_name_comes_from_the_settings(settings):
    settings.WAGTAIL_SITE_NAME = "Front Desk School"

    assert render("{% training_site_name %}") == "Front Desk School"


def test_the_login_page_is_the_plugins_and_has_its_stylesheet(client):
    response = client.get("/accounts/login/")

    names = [template.name for template in response.templates]
    assert names[:2] == ["registration/login.html", "training/base.html"]
    assert 'href="/static/training/training.css"' in response.content.decode()
