import pytest
from django.test import RequestFactory

from courses.models import TrainingIndexPage
from courses.nav import catalogue_nav_item

pytestmark = pytest.mark.django_db


def test_the_catalogue_item_follows_the_index_being_unpublished_and_renamed():
    request = RequestFactory().get("/")
    index = TrainingIndexPage.objects.get()
    assert catalogue_nav_item(request).url == "/training/"

    index.unpublish()
    assert catalogue_nav_item(request) is None

    index.slug = "learning"
    index.save_revision().publish()
    assert catalogue_nav_item(request).url == "/learning/"
