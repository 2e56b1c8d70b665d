"""A role-play's translations share its runs: the attempts allowed count runs in
every language, and an unfinished run is resumed whichever language the learner
opens the role-play in."""

import pytest
from django.contrib.messages import get_messages

from roleplays.models import RolePlayRun
from tests.roleplays.scripts import make_roleplay
from tests.roleplays.test_admin_results_language import translate
from tests.roleplays.test_roleplay_player import learner, play, start  # noqa: F401

# One learner, logged in (the runs counted below are theirs).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("learner")]


def finish_failing(client, run_url):
    play(client, run_url, ("greeting", "blame"))


def test_attempts_used_in_english_are_used_in_russian_too(client):
    page = make_roleplay(max_attempts=1)
    russian = translate(page)
    finish_failing(client, start(client, page))

    response = client.post(f"/roleplays/{russian.pk}/start/")

    assert response["Location"] == russian.url
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["You have used all the attempts at this role-play (1)."]
    assert RolePlayRun.objects.count() == 1


def test_a_run_started_in_english_is_resumed_from_the_russian_page(client):
    page = make_roleplay(max_attempts=2)
    russian = translate(page)
    first = start(client, page)

    again = start(client, russian)

    assert again == first
    assert RolePlayRun.objects.count() == 1


def test_the_russian_page_shows_the_attempts_left_after_english_runs(client):
    page = make_roleplay(max_attempts=2)
    russian = translate(page)
    finish_failing(client, start(client, page))
    finish_failing(client, start(client, russian))

    landing = client.get(russian.url)

    card = landing.context["card"]
    assert len(card["runs"]) == 2
    assert (card["attempts_left"], card["can_start"]) == (0, False)
