"""A step of the player costs the same number of queries at 5 and at 50 steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roleplays.models import RolePlayRun
from tests.factories import PASSWORD, UserFactory
from tests.roleplays.scripts import chain_steps, make_roleplay

pytestmark = pytest.mark.django_db
# Session, user, the run with its version and page, breadcrumbs, the page's
# site; the answer adds the locked read and the write.
GET_BOUND = 8
POST_BOUND = 6


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


def run_url(client, size):
    page = make_roleplay(steps=chain_steps(size), title=f"Chain {size}")
    response = client.post(f"/roleplays/{page.pk}/start/")
    return response["Location"]


def advance(client, url, steps):
    for n in range(steps):
        client.post(url + "answer/", {"step": f"s{n}", "reply": "good"})


def measure(client, url, step):
    client.get(url)  # warm the caches a first request fills (site root paths)
    with CaptureQueriesContext(connection) as get_queries:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as post_queries:
        response = client.post(url + "answer/", {"step": f"s{step}", "reply": "good"})
        assert response.status_code == 302
    return len(get_queries), len(post_queries)


@pytest.mark.parametrize("size", [5, 50])
def test_a_player_step_uses_a_fixed_number_of_queries(
    client, learner, size, django_assert_max_num_queries
):
    url = run_url(client, size)
    advance(client, url, 3)  # a transcript to show, a few steps in

    client.get(url)
    with django_assert_max_num_queries(GET_BOUND):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(POST_BOUND):
        client.post(url + "answer/", {"step": "s3", "reply": "good"})
    assert RolePlayRun.objects.get(page__title=f"Chain {size}").current_step == "s4"


def test_query_counts_are_equal_at_5_and_50_steps(client, learner):
    small, large = run_url(client, 5), run_url(client, 50)
    advance(client, small, 3)
    advance(client, large, 3)

    assert measure(client, small, 3) == measure(client, large, 3)


def test_the_result_page_uses_a_fixed_number_of_queries(client, learner):
    counts = []
    for size in (5, 50):
        url = run_url(client, size)
        advance(client, url, size)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert "Passed" in client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= GET_BOUND + 3
