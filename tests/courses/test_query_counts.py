"""Pages stay within a fixed number of queries as the content grows tenfold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PASSWORD, UserFactory, lessons_of, make_course

pytestmark = pytest.mark.django_db
CEILING = 10  # whatever the size, a learner page makes at most this many


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


def count_queries(client, url):
    # A first visit records the learner's place (and /training/me/ a course's
    # requirements), which changes what the second reads: measure the third.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def first_module_url(course):
    return course.get_children().first().url


@pytest.mark.parametrize(
    ("url_of", "small", "large"),
    [
        (lambda course: lessons_of(course)[1].url, (1, 3), (1, 30)),
        (first_module_url, (1, 3), (1, 30)),
        (lambda course: course.url, (1, 3), (10, 3)),
    ],
    ids=["lesson", "module", "course"],
)
def test_page_queries_do_not_grow_with_content(client, learner, url_of, small, large):
    small_url = url_of(make_course("Small", *small))
    large_url = url_of(make_course("Large", *large))

    assert count_queries(client, large_url) == count_queries(client, small_url)
    assert count_queries(client, large_url) <= CEILING


@pytest.mark.parametrize(
    ("url", "context_key"), [("/training/", "entries"), ("/training/me/", "page")]
)
def test_catalogue_queries_do_not_grow_with_courses(
    client, learner, url, context_key, django_assert_max_num_queries
):
    make_course("Course 0", modules=2, lessons=2)
    bound = count_queries(client, url)
    for n in range(1, 10):
        make_course(f"Course {n}", modules=2, lessons=2)
    client.get(url)
    client.get(url)

    with django_assert_max_num_queries(bound):
        response = client.get(url)

    listed = response.context[context_key]
    assert len(listed if context_key == "entries" else listed.courses) == 10
    assert bound <= CEILING
