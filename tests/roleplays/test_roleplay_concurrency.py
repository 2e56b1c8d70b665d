"""Replies and starts arriving at the same moment are applied once (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from roleplays.models import RolePlayRun
from roleplays.services import answer_run, start_run
from tests.factories import UserFactory
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_tree():
    """The root and training index, which a flush removes."""
    from wagtail.models import Locale, Page

    from courses.models import TrainingIndexPage

    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    if not TrainingIndexPage.objects.exists():
        root.add_child(instance=TrainingIndexPage(title="Training", slug="training"))


def at_once(count, work):
    """Run ``work`` in ``count`` threads released together; their outcomes."""
    barrier, outcomes = threading.Barrier(count), []

    def target():
        barrier.wait()
        try:
            outcomes.append(work())
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_reply_posted_twice_at_once_counts_once(on_postgres):
    user = UserFactory()
    run = start_run(user, page=make_roleplay())

    outcomes = at_once(
        4,
        lambda: (
            answer_run(
                user, run_id=run.pk, step_key="greeting", reply_key="apologise"
            ).current_step
        ),
    )

    assert sorted(outcomes) == ["offer", "stale", "stale", "stale"]
    run.refresh_from_db()
    assert run.score == 3
    assert [turn["step"] for turn in run.choices] == ["greeting", "lookup"]


def test_starts_at_once_make_one_run_within_the_attempt_limit(on_postgres):
    user = UserFactory()
    page = make_roleplay(max_attempts=1)

    outcomes = at_once(4, lambda: start_run(user, page=page).pk)

    assert len(set(outcomes)) == 1
    assert RolePlayRun.objects.filter(user=user, page=page).count() == 1
