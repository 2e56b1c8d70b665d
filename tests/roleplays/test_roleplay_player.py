"""Learners play role-plays: the run lives on the server, scoring stays secret."""

import re
import uuid

import pytest
from django.contrib.messages import get_messages

from courses.models import LessonPage, ModulePage
from roleplays.models import RolePlayPage, RolePlayRun
from roleplays.services import NOT_OFFERED, RUN_FINISHED, STALE_STEP
from tests.factories import PASSWORD, UserFactory, make_course, publish
from tests.roleplays.scripts import (
    clause,
    customer,
    ending,
    make_roleplay,
    narration,
    reply,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


def start(client, page):
    response = client.post(f"/roleplays/{page.pk}/start/")
    assert response.status_code == 302, response
    return response["Location"]


def answer(client, run_url, step, reply_key, **extra):
    return client.post(run_url + "answer/", {"step": step, "reply": reply_key}, **extra)


def play(client, run_url, *moves):
    for step, reply_key in moves:
        assert answer(client, run_url, step, reply_key).status_code == 302
    return client.get(run_url)


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def html(response):
    return response.content.decode()


# Secrecy -------------------------------------------------------------------


def secret_steps(timing_marker=""):
    """Replies whose scores, feedback, targets and flags are easy to search for."""
    code = clause("TEL-4", "Own the request")
    return [
        customer(
            "opening",
            "Where is my order?",
            reply(
                "first",
                "I will check now.",
                "secret-next-alpha",
                7391,
                3,
                [code],
                feedback="SECRET-FEEDBACK-ALPHA",
            ),
            reply(
                "second",
                "Not my problem.",
                "secret-next-beta",
                -6427,
                -4,
                critical=True,
                feedback="SECRET-FEEDBACK-BETA",
            ),
        ),
        customer(
            "secret-next-alpha",
            "And when will it come?",
            reply(
                "third",
                "Tomorrow by noon.",
                "secret-end-won",
                5813,
                2,
                feedback="SECRET-FEEDBACK-GAMMA",
            ),
            reply(
                "fourth",
                "Some day.",
                "secret-end-meh",
                -2965,
                -1,
                feedback="SECRET-FEEDBACK-DELTA",
            ),
        ),
        ending("secret-next-beta", "customer_lost", False, "SECRET-DEBRIEF-LOST"),
        ending("secret-end-won", "resolved", True, "SECRET-DEBRIEF-WON"),
        ending("secret-end-meh", "escalated", False, "SECRET-DEBRIEF-MEH"),
    ]


SECRETS = [
    "7391",
    "6427",
    "5813",
    "2965",
    "SECRET-FEEDBACK",
    "SECRET-DEBRIEF",
    "secret-next",
    "secret-end",
    "critical",
    "Critical",
]


RANDOM_IDS = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # run ids
    r'|name="csrfmiddlewaretoken" value="[^"]*"'
    r'|"csrfToken": ?"[^"]*"',
    re.IGNORECASE,
)


def assert_no_secrets(content, allowed=()):
    # Random ids and tokens may contain the secret numbers by chance.
    content = RANDOM_IDS.sub("", content)
    for secret in SECRETS:
        if secret not in allowed:
            assert secret not in content, secret


@pytest.mark.parametrize("timing", ["each", "end", "both"])
def test_no_score_feedback_or_target_reaches_the_browser_before_the_reply(
    client, learner, timing
):
    page = make_roleplay(steps=secret_steps(), feedback_timing=timing)

    assert_no_secrets(html(client.get(page.url)))
    run_url = start(client, page)
    response = client.get(run_url)
    assert "I will check now." in html(response)
    assert "Not my problem." in html(response)
    assert_no_secrets(html(response))
    as_json = client.get(run_url, HTTP_ACCEPT="application/json")
    assert as_json.json()["step"] == {
        "key": "opening",
        "line": "Where is my order?",
        "replies": [
            {"key": "first", "text": "I will check now."},
            {"key": "second", "text": "Not my problem."},
        ],
    }
    assert_no_secrets(as_json.content.decode())

    # After the first reply its own feedback may show, the next step's never.
    response = play(client, run_url, ("opening", "first"))
    content = html(response)
    # The step now shown is the one key the page must send back, once.
    assert content.count("secret-next-alpha") == 1
    assert 'name="step" value="secret-next-alpha"' in content
    shown_now = {"7391", "SECRET-FEEDBACK"} if timing != "end" else set()
    visible = content.replace("SECRET-FEEDBACK-ALPHA", "").replace(
        "secret-next-alpha", ""
    )
    assert_no_secrets(visible, shown_now)
    assert ("SECRET-FEEDBACK-ALPHA" in content) is (timing != "end")
    assert ("7391" in content) is (timing != "end")
    as_json = client.get(run_url, HTTP_ACCEPT="application/json").content.decode()
    visible = as_json.replace("SECRET-FEEDBACK-ALPHA", "").replace(
        "secret-next-alpha", ""
    )
    # The chosen reply's own verdict ("critical": false) may come with its score.
    assert_no_secrets(visible, shown_now | ({"critical"} if shown_now else set()))


def test_the_lesson_embed_and_module_page_keep_the_secrets_too(client, learner):
    page = make_roleplay(steps=secret_steps())
    module = page.get_parent().specific
    lesson = LessonPage.objects.child_of(module).first()
    lesson.body.append(("roleplay", {"roleplay": page, "intro": "Try it."}))
    lesson.save_revision().publish()

    for url in (lesson.url, module.url):
        content = html(client.get(url))
        assert page.title in content
        assert_no_secrets(content)


# Playing -------------------------------------------------------------------


def test_a_learner_plays_to_a_passing_ending_and_sees_the_scorecard(client, learner):
    page = make_roleplay()
    run_url = start(client, page)

    first = client.get(run_url)
    assert "Three weeks! Where is my sofa?" in html(first)
    assert 'aria-valuenow="-2"' in html(first)  # the starting mood

    middle = play(client, run_url, ("greeting", "apologise"))
    assert "The order is stuck at the warehouse." in html(middle)
    assert "So what now?" in html(middle)
    assert 'aria-valuenow="0"' in html(middle)  # the mood moved by +2
    assert "Feedback on apologise." in html(middle)  # feedback after each reply

    result = play(client, run_url, ("offer", "own"))
    content = html(result)
    assert "Passed" in content and "Customer won back" in content
    assert "100<span" in content  # the scaled score
    assert "Debrief of won." in content
    assert "TEL-4" in content and "Own the request" in content  # scorecard
    assert "POL-1" in content
    assert "Feedback on own." in content  # the transcript with feedback

    run = RolePlayRun.objects.get()
    assert (run.outcome, run.ending, run.passed, run.scaled_score) == (
        "resolved",
        "won",
        True,
        100,
    )
    assert [turn["step"] for turn in run.choices] == ["greeting", "lookup", "offer"]


@pytest.mark.parametrize(
    ("moves", "outcome", "passed", "reason"),
    [
        ([("greeting", "policy"), ("offer", "own")], "resolved", False, "below"),
        (
            [("greeting", "apologise"), ("offer", "transfer")],
            "escalated",
            False,
            "count",
        ),
        ([("greeting", "blame")], "customer_lost", False, "critical"),
    ],
)
def test_every_kind_of_ending_shows_why_it_did_not_pass(
    client, learner, moves, outcome, passed, reason
):
    page = make_roleplay()
    run_url = start(client, page)

    content = html(play(client, run_url, *moves))

    run = RolePlayRun.objects.get()
    assert (run.outcome, run.passed) == (outcome, passed)
    assert "Not passed" in content
    assert reason in content


def test_feedback_at_the_end_waits_for_the_end(client, learner):
    page = make_roleplay(feedback_timing="end")
    run_url = start(client, page)

    middle = play(client, run_url, ("greeting", "apologise"))
    assert "Feedback on apologise." not in html(middle)
    assert "points" not in html(middle)

    result = play(client, run_url, ("offer", "own"))
    assert "Feedback on apologise." in html(result)


def test_feedback_after_each_reply_only_is_not_repeated_at_the_end(client, learner):
    page = make_roleplay(feedback_timing="each")
    run_url = start(client, page)

    assert "Feedback on apologise." in html(
        play(client, run_url, ("greeting", "apologise"))
    )
    result = html(play(client, run_url, ("offer", "own")))
    assert "Feedback on own." not in result
    assert "3 points" in result  # the scores are still shown once finished


def test_an_opening_narration_is_read_before_the_first_customer_line(client, learner):
    steps = [
        narration("scene", "A customer walks in, soaked by the rain.", "greeting"),
        customer(
            "greeting",
            "Hello?",
            reply("hi", "Good morning!", "end", 1),
            reply("ignore", "(Keep typing)", "end", -1),
        ),
        ending("end"),
    ]
    page = make_roleplay(steps=steps, pass_threshold=50)
    content = html(client.get(start(client, page)))

    assert "soaked by the rain" in content
    assert 'name="step" value="greeting"' in content


def test_reloading_and_coming_back_resume_the_same_run(client, learner):
    page = make_roleplay()
    run_url = start(client, page)
    play(client, run_url, ("greeting", "apologise"))

    assert start(client, page) == run_url  # starting again resumes
    assert client.get(run_url).status_code == 200
    assert client.get(run_url).status_code == 200  # a reload changes nothing
    assert RolePlayRun.objects.count() == 1
    assert len(RolePlayRun.objects.get().choices) == 2
    landing = html(client.get(page.url))
    assert "Resume the conversation" in landing


def test_the_player_page_is_never_cached(client, learner):
    page = make_roleplay()
    response = client.get(start(client, page))
    assert "no-store" in response["Cache-Control"]


# Bad input -----------------------------------------------------------------


def test_a_reply_not_offered_at_the_step_changes_nothing(client, learner):
    page = make_roleplay()
    run_url = start(client, page)

    response = answer(client, run_url, "greeting", "own")  # "own" is at "offer"

    assert response.status_code == 302 and response["Location"] == run_url
    assert flashed(response) == [str(NOT_OFFERED)]
    run = RolePlayRun.objects.get()
    assert (run.current_step, run.choices) == ("greeting", [])
    as_json = answer(client, run_url, "greeting", "", HTTP_ACCEPT="application/json")
    assert as_json.status_code == 400
    assert as_json.json()["error"] == str(NOT_OFFERED)
    assert as_json.json()["step"]["key"] == "greeting"


def test_a_reply_posted_twice_counts_once(client, learner):
    page = make_roleplay()
    run_url = start(client, page)

    answer(client, run_url, "greeting", "apologise")
    again = answer(client, run_url, "greeting", "apologise")

    assert flashed(again) == [str(STALE_STEP)]
    run = RolePlayRun.objects.get()
    assert run.score == 3 and len(run.choices) == 2
    assert "So what now?" in html(client.get(run_url))


def test_a_finished_run_takes_no_more_replies(client, learner):
    page = make_roleplay()
    run_url = start(client, page)
    play(client, run_url, ("greeting", "blame"))

    response = answer(client, run_url, "lost", "anything")

    assert flashed(response) == [str(RUN_FINISHED)]
    run = RolePlayRun.objects.get()
    assert (run.outcome, len(run.choices), run.passed) == ("customer_lost", 1, False)
    as_json = answer(client, run_url, "lost", "x", HTTP_ACCEPT="application/json")
    assert as_json.status_code == 409
    assert as_json.json()["finished"] is True


def test_someone_elses_run_is_not_found_and_left_alone(client, learner):
    page = make_roleplay()
    run_url = start(client, page)
    other = UserFactory()
    client.logout()
    client.login(username=other.username, password=PASSWORD)

    shown = client.get(run_url)
    posted = answer(client, run_url, "greeting", "apologise")

    assert shown.status_code == 404 and posted.status_code == 404
    assert "does not exist, or it is not yours" in html(shown)
    assert RolePlayRun.objects.get().choices == []


def test_an_unknown_run_is_not_found(client, learner):
    response = client.get(f"/roleplays/runs/{uuid.uuid4()}/")
    assert response.status_code == 404


def test_answering_needs_a_post(client, learner):
    page = make_roleplay()
    run_url = start(client, page)
    assert client.get(run_url + "answer/").status_code == 405


def test_a_run_continues_on_its_revision_after_the_scenario_is_republished(
    client, learner
):
    page = make_roleplay()
    run_url = start(client, page)
    play(client, run_url, ("greeting", "apologise"))

    # The author rewrites the scenario: new line, new keys, other scores.
    edited = RolePlayPage.objects.get(pk=page.pk)
    edited.steps = [
        customer(
            "start",
            "A completely new opening.",
            reply("new-a", "New A", "done", 1),
            reply("new-b", "New B", "done", 0),
        ),
        ending("done"),
    ]
    edited.save_revision().publish()

    stale = answer(client, run_url, "start", "new-a")  # the new version's keys
    assert flashed(stale) == [str(STALE_STEP)]
    content = html(client.get(run_url))
    assert "So what now?" in content and "A completely new opening." not in content

    result = play(client, run_url, ("offer", "own"))
    assert "Customer won back" in html(result)
    run = RolePlayRun.objects.get()
    assert (run.scaled_score, run.passed) == (100, True)
    assert (
        run.version.revision_id != RolePlayPage.objects.get(pk=page.pk).live_revision_id
    )


def test_later_edits_do_not_change_a_finished_result(client, learner):
    page = make_roleplay()
    run_url = start(client, page)
    play(client, run_url, ("greeting", "policy"), ("offer", "own"))
    before = html(client.get(run_url))

    edited = RolePlayPage.objects.get(pk=page.pk)
    edited.pass_threshold = 10
    edited.steps = edited.steps.raw_data  # unchanged steps, a new revision
    edited.save_revision().publish()

    after = html(client.get(run_url))
    run = RolePlayRun.objects.get()
    assert (run.scaled_score, run.passed) == (67, False)
    assert "pass mark 70%" in after and "Not passed" in after
    assert before.count("Deliveries take up to four weeks.") == after.count(
        "Deliveries take up to four weeks."
    )


# Attempts and starting -----------------------------------------------------


def test_the_attempt_limit_counts_finished_and_unfinished_runs(client, learner):
    page = make_roleplay(max_attempts=2)
    first = start(client, page)
    assert start(client, page) == first  # resuming uses no attempt
    play(client, first, ("greeting", "blame"))
    second = start(client, page)
    assert second != first
    play(client, second, ("greeting", "blame"))

    response = client.post(f"/roleplays/{page.pk}/start/")

    assert response.status_code == 302 and response["Location"] == page.url
    assert flashed(response) == [
        "You have used all the attempts at this role-play (2)."
    ]
    assert RolePlayRun.objects.count() == 2
    landing = html(client.get(page.url))
    assert "You have used every attempt" in landing


def test_an_unpublished_role_play_cannot_be_started(client, learner):
    page = make_roleplay()
    page.unpublish()

    assert client.post(f"/roleplays/{page.pk}/start/").status_code == 404
    assert not RolePlayRun.objects.exists()


def test_a_published_but_broken_scenario_is_not_played(client, learner):
    # Published around the editor's checks (e.g. by a script): the player refuses.
    page = make_roleplay(
        steps=[
            customer(
                "a",
                "Hi",
                reply("x", "X", "nowhere", 1),
                reply("y", "Y", "end", 0),
            ),
            ending("end"),
        ]
    )

    response = client.post(f"/roleplays/{page.pk}/start/")

    assert response["Location"] == page.url
    assert "cannot be played yet" in flashed(response)[0]
    assert "cannot be played yet" in html(client.get(page.url))
    assert not RolePlayRun.objects.exists()


def test_the_module_page_lists_role_plays_with_the_best_result(client, learner):
    course = make_course("Roles", modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    page = make_roleplay(module)
    draft = RolePlayPage(
        title="Draft one", slug="draft-one", persona_name="X", live=False
    )
    module.add_child(instance=draft)

    assert "Not started" in html(client.get(module.url))
    run_url = start(client, page)
    play(client, run_url, ("greeting", "apologise"), ("offer", "own"))

    content = html(client.get(module.url))
    assert "Late sofa" in content and "Passed · 100%" in content
    assert "Draft one" not in content


def test_the_lesson_embed_starts_the_role_play(client, learner):
    page = make_roleplay()
    module = page.get_parent().specific
    lesson = publish(
        module,
        LessonPage(
            title="With a role-play",
            slug="with-roleplay",
            body=[("roleplay", {"roleplay": page, "intro": "Practise it now."})],
        ),
    )

    content = html(client.get(lesson.url))

    assert "Practise it now." in content
    assert f'action="/roleplays/{page.pk}/start/"' in content
    assert "Start the role-play" in content


def test_purging_old_revisions_keeps_every_result(client, learner):
    from wagtail.management.commands.purge_revisions import purge_revisions

    page = make_roleplay()
    run_url = start(client, page)
    play(client, run_url, ("greeting", "apologise"), ("offer", "own"))
    edited = RolePlayPage.objects.get(pk=page.pk)
    edited.save_revision().publish()

    deleted, protected = purge_revisions()

    assert deleted >= 1 and protected == 0
    run = RolePlayRun.objects.get()
    assert run.version.revision_id is None
    content = html(client.get(run_url))
    assert "Passed" in content and "I&#x27;m sorry. Let me look now." in content


def test_deleting_a_role_play_deletes_its_runs(client, learner):
    page = make_roleplay()
    play(client, start(client, page), ("greeting", "blame"))

    RolePlayPage.objects.get(pk=page.pk).delete()

    assert not RolePlayRun.objects.exists()
