"""Taking a quiz in the browser: pages, autosave, secrecy and every bad input."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from quizzes import services, views
from quizzes.models import Answer, Attempt, Choice, QuestionKind
from tests.factories import PASSWORD, UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db

# What the factories' questions hold that must not reach the page too early.
SECRETS = [
    "Because the standard says so.",  # every explanation
    "Too slow.",  # a choice's feedback
    "twenty-four",  # an accepted answer
    "is_correct",
    "correct_order",
    "Correct answer",
]


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


def quiz_of(*kinds, **settings):
    bank = QuestionBankFactory()
    for kind in kinds or QuestionKind.values:
        make_question(bank, kind)
    return QuizFactory(bank=bank, **settings)


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.latest("pk")


def take_url(attempt, query=""):
    return reverse("quizzes:take", args=[attempt.pk]) + query


def autosave(client, attempt, position, fields):
    return client.post(
        reverse("quizzes:answer", args=[attempt.pk]),
        {"position": position, **fields},
        HTTP_ACCEPT="application/json",
    )


def page_fields(attempt, build=responses.right, skip=()):
    """The whole take page's POST for every question of ``attempt``."""
    data = {"positions": [], "page": "0"}
    for answer in attempt.answers.all():
        data["positions"].append(str(answer.position))
        if answer.position in skip:
            continue
        data.update(
            responses.form_data(
                answer.snapshot, build(answer.snapshot), answer.position
            )
        )
    return data


def html(response) -> str:
    return response.content.decode()


def without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


# The landing page and starting -----------------------------------------------


def test_landing_page_shows_the_rules_and_a_start_button(client, learner):
    quiz = quiz_of(time_limit_minutes=15, attempt_limit=3, pass_mark=75)
    response = client.get(reverse("quizzes:quiz", args=[quiz.pk]))
    assert response.status_code == 200
    page = html(response)
    assert quiz.title in page
    assert "7 questions" in page
    assert "Time limit: 15 minutes" in page
    assert "Pass mark: 75%" in page
    assert "3 attempts allowed" in page
    assert "Start the quiz" in page
    assert reverse("quizzes:preview", args=[quiz.pk]) not in page


def test_landing_page_lists_attempts_and_the_counting_result(client, learner):
    quiz = quiz_of(QuestionKind.SINGLE)
    attempt = services.start_attempt(learner, quiz=quiz)
    services.save_answer(
        attempt,
        position=0,
        response=responses.right(attempt.answers.get().snapshot),
    )
    services.submit_attempt(attempt)
    services.start_attempt(learner, quiz=quiz)

    page = html(client.get(reverse("quizzes:quiz", args=[quiz.pk])))
    assert "100%" in page
    assert "Continue your attempt" in page
    assert reverse("quizzes:review", args=[attempt.pk]) in page


def test_start_opens_the_first_question(client, learner):
    quiz = quiz_of()
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    assert response["Location"] == take_url(attempt)
    assert attempt.user == learner


def test_start_needs_a_post(client, learner):
    quiz = quiz_of()
    assert client.get(reverse("quizzes:start", args=[quiz.pk])).status_code == 405
    assert not Attempt.objects.exists()


def test_start_refused_says_why(client, learner):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=1)
    services.submit_attempt(services.start_attempt(learner, quiz=quiz))
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True)
    assert str(services.NO_ATTEMPTS_LEFT) in html(response)
    assert Attempt.objects.count() == 1


def test_unknown_quiz_is_a_404(client, learner):
    assert client.get(reverse("quizzes:quiz", args=[999])).status_code == 404
    assert client.post(reverse("quizzes:start", args=[999])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    quiz = quiz_of()
    response = client.get(reverse("quizzes:quiz", args=[quiz.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# The take page ---------------------------------------------------------------


def test_take_page_shows_every_question_without_the_answers(client, learner):
    attempt = start(client, quiz_of())
    response = client.get(take_url(attempt))
    assert response.status_code == 200
    page = html(response)
    for answer in attempt.answers.all():
        assert answer.snapshot["text"] in page
    for secret in SECRETS:
        assert secret not in page


def test_choices_are_named_by_place_never_by_id(client, learner):
    """Ids follow the authored order, which would give ordering and matching away."""
    padding = make_question(QuestionBankFactory(), QuestionKind.ORDERING)
    for n in range(40):  # push the quiz's choice ids well past the places
        Choice.objects.create(question=padding, text=f"Padding {n}", sort_order=n)
    attempt = start(client, quiz_of(QuestionKind.ORDERING, QuestionKind.MATCHING))
    page = html(client.get(take_url(attempt)))
    ids = {
        item["id"]
        for answer in attempt.answers.all()
        for item in answer.snapshot["choices"]
        + answer.snapshot.get("right_options", [])
    }
    assert min(ids) > 40
    for choice_id in ids:
        assert f'_{choice_id}"' not in page
        assert f'value="{choice_id}"' not in page
    ordering = attempt.answers.get(snapshot__kind="ordering")
    matching = attempt.answers.get(snapshot__kind="matching")
    assert f'name="q{ordering.position}-rank_0"' in page
    assert f'name="q{matching.position}-match_0"' in page


def test_ordering_items_are_shown_in_the_shuffled_order(client, learner):
    attempt = start(client, quiz_of(QuestionKind.ORDERING))
    page = html(client.get(take_url(attempt)))
    snapshot = attempt.answers.get().snapshot
    shown = [c["text"] for c in snapshot["choices"]]
    assert sorted(shown, key=page.index) == shown
    assert shown != [
        next(c["text"] for c in snapshot["choices"] if c["id"] == i)
        for i in snapshot["correct_order"]
    ]


def test_one_question_per_page(client, learner):
    attempt = start(client, quiz_of(one_question_per_page=True))
    texts = [a.snapshot["text"] for a in attempt.answers.all()]

    first = html(client.get(take_url(attempt)))
    assert texts[0] in first and texts[1] not in first

    second = html(client.get(take_url(attempt, "?q=2")))
    assert texts[1] in second and texts[0] not in second


@pytest.mark.parametrize("query", ["?q=abc", "?q=-4", "?q=999", "?q="])
def test_odd_page_numbers_are_harmless(client, learner, query):
    attempt = start(client, quiz_of(one_question_per_page=True))
    assert client.get(take_url(attempt, query)).status_code == 200


def test_reload_shows_the_same_questions_and_saved_answers(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, QuestionKind.SHORT_TEXT))
    single = attempt.answers.get(snapshot__kind="single")
    right = responses.right(single.snapshot)
    autosave(
        client,
        attempt,
        single.position,
        responses.form_data(single.snapshot, right, single.position),
    )
    short = attempt.answers.get(snapshot__kind="short_text")
    autosave(client, attempt, short.position, {f"q{short.position}-text": "half typed"})

    first = html(client.get(take_url(attempt)))
    again = html(client.get(take_url(attempt)))
    assert without_tokens(first) == without_tokens(again)
    assert 'value="half typed"' in first
    place = responses.form_data(single.snapshot, right, single.position)
    radio = re.search(
        rf'<input type="radio" name="q{single.position}-choice" '
        rf'value="{place[f"q{single.position}-choice"]}"[^>]*>',
        first,
    )
    assert " checked" in radio.group(0)


def test_someone_elses_attempt_is_a_404(client, learner):
    other = UserFactory()
    quiz = quiz_of(QuestionKind.SINGLE)
    theirs = services.start_attempt(other, quiz=quiz)
    for name in ("quizzes:take", "quizzes:submit", "quizzes:review"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(take_url(theirs), page_fields(theirs)).status_code == 404
    assert client.post(reverse("quizzes:submit", args=[theirs.pk])).status_code == 404
    response = autosave(client, theirs, 0, {"q0-choice": "1"})
    assert response.status_code == 404
    assert "error" in response.json()
    theirs.refresh_from_db()
    assert theirs.is_open
    assert theirs.answers.get().response is None


# Autosave --------------------------------------------------------------------


def test_autosave_saves_one_answer_and_reports_progress(client, learner):
    attempt = start(client, quiz_of())
    answer = attempt.answers.get(snapshot__kind="matching")
    right = responses.right(answer.snapshot)
    response = autosave(
        client,
        attempt,
        answer.position,
        responses.form_data(answer.snapshot, right, answer.position),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True
    assert (body["answered_count"], body["total"]) == (1, 7)
    assert set(body) == {
        "saved",
        "position",
        "answered",
        "answered_count",
        "total",
        "saved_at",
    }
    answer.refresh_from_db()
    assert answer.response == right
    assert answer.points_awarded is None  # nothing is graded until submit


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("single", {"choice": "999999"}, services.UNKNOWN_CHOICE),
        ("single", {"choice": "abc"}, services.UNKNOWN_CHOICE),
        ("true_false", {"value": "maybe"}, services.UNKNOWN_CHOICE),
        ("short_text", {"text": "x" * 501}, "500 characters"),
        ("essay", {"text": "x" * 10_001}, "10000 characters"),
    ],
)
def test_autosave_refuses_bad_answers_with_a_message(
    client, learner, kind, fields, message
):
    attempt = start(client, quiz_of())
    answer = attempt.answers.get(snapshot__kind=kind)
    autosave(
        client,
        attempt,
        answer.position,
        responses.form_data(
            answer.snapshot, responses.right(answer.snapshot), answer.position
        ),
    )
    prefixed = {f"q{answer.position}-{k}": v for k, v in fields.items()}

    response = autosave(client, attempt, answer.position, prefixed)

    assert response.status_code == 400
    assert str(message) in response.json()["error"]
    answer.refresh_from_db()
    assert answer.response == responses.right(answer.snapshot)  # nothing lost


def test_autosave_refuses_duplicate_choices(client, learner):
    attempt = start(client, quiz_of(QuestionKind.MULTIPLE))
    response = autosave(client, attempt, 0, {"q0-choices": ["0", "0"]})
    assert response.status_code == 400
    assert str(services.DUPLICATE_CHOICE) in response.json()["error"]


def test_autosave_refuses_two_items_in_one_place(client, learner):
    attempt = start(client, quiz_of(QuestionKind.ORDERING))
    items = range(len(attempt.answers.get().snapshot["choices"]))
    fields = {f"q0-rank_{index}": "1" for index in items}
    response = autosave(client, attempt, 0, fields)
    assert response.status_code == 400
    assert str(services.ORDER_INCOMPLETE) in response.json()["error"]


def test_autosave_refuses_a_choice_of_another_question(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, QuestionKind.MULTIPLE))
    single = attempt.answers.get(snapshot__kind="single")
    multiple = attempt.answers.get(snapshot__kind="multiple")
    # The multiple-choice question's last choice: a place the single one lacks.
    foreign = str(len(multiple.snapshot["choices"]) - 1)
    assert len(single.snapshot["choices"]) <= int(foreign)
    for value in (foreign, str(multiple.snapshot["choices"][0]["id"])):
        response = autosave(
            client, attempt, single.position, {f"q{single.position}-choice": value}
        )
        assert response.status_code == 400
        assert str(services.UNKNOWN_CHOICE) in response.json()["error"]


@pytest.mark.parametrize("position", ["7", "-1", "abc", "", "99999999"])
def test_autosave_refuses_unknown_questions(client, learner, position):
    attempt = start(client, quiz_of())
    response = autosave(client, attempt, position, {})
    assert response.status_code == 400
    assert response.json()["error"] == str(services.UNKNOWN_QUESTION)


def test_autosave_without_a_position_is_refused(client, learner):
    attempt = start(client, quiz_of())
    response = client.post(reverse("quizzes:answer", args=[attempt.pk]), {})
    assert response.status_code == 400


def test_autosave_after_submit_points_to_the_result(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE))
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    response = autosave(client, attempt, 0, {})
    assert response.status_code == 409
    assert response.json()["redirect"] == reverse("quizzes:review", args=[attempt.pk])


def test_autosave_after_the_deadline_is_refused_and_the_attempt_graded(client, learner):
    attempt = start(
        client,
        quiz_of(QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, time_limit_minutes=5),
    )
    first = attempt.answers.get(position=0)
    autosave(
        client,
        attempt,
        0,
        responses.form_data(first.snapshot, responses.right(first.snapshot), 0),
    )
    Answer.objects.filter(attempt=attempt).update(
        answered_at=timezone.now() - timedelta(minutes=1)
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )

    response = autosave(client, attempt, 1, {"q1-value": "true"})

    assert response.status_code == 409
    assert response.json()["error"] == str(services.TOO_LATE)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.percent == 50
    assert attempt.answers.get(position=1).response is None


def test_autosave_needs_a_post(client, learner):
    attempt = start(client, quiz_of())
    assert client.get(reverse("quizzes:answer", args=[attempt.pk])).status_code == 405


# The form without JavaScript -------------------------------------------------


def test_saving_the_whole_page(client, learner):
    attempt = start(client, quiz_of())
    data = page_fields(attempt)
    data["action"] = "save"
    response = client.post(take_url(attempt), data)
    assert response.status_code == 302
    for answer in attempt.answers.all():
        assert answer.response == responses.right(answer.snapshot)


def test_a_bad_answer_keeps_the_others_and_says_what_is_wrong(client, learner):
    attempt = start(client, quiz_of())
    single = attempt.answers.get(snapshot__kind="single")
    data = page_fields(attempt)
    data[f"q{single.position}-choice"] = "424242"
    data["action"] = "finish"

    response = client.post(take_url(attempt), data)

    assert response.status_code == 400
    page = html(response)
    assert str(services.UNKNOWN_CHOICE) in page
    assert "could not be saved" in page
    for answer in attempt.answers.exclude(pk=single.pk):
        assert answer.response == responses.right(answer.snapshot)
    assert Answer.objects.get(pk=single.pk).response is None
    attempt.refresh_from_db()
    assert attempt.is_open


def test_unknown_positions_in_the_form_are_refused(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE))
    response = client.post(
        take_url(attempt), {"positions": ["0", "12"], "q0-choice": "1"}
    )
    assert response.status_code == 400
    assert str(services.UNKNOWN_QUESTION) in html(response)
    assert attempt.answers.get().response is None


def test_blank_or_garbage_form_posts_are_harmless(client, learner):
    attempt = start(client, quiz_of())
    assert client.post(take_url(attempt), {}).status_code == 302
    assert (
        client.post(take_url(attempt), {"positions": "x", "page": "y"}).status_code
        == 400
    )
    assert (
        client.post(take_url(attempt), {"action": "next", "page": "zz"}).status_code
        == 302
    )


def test_one_per_page_navigation_saves_as_it_goes(client, learner):
    attempt = start(
        client,
        quiz_of(
            QuestionKind.SINGLE,
            QuestionKind.TRUE_FALSE,
            QuestionKind.SHORT_TEXT,
            one_question_per_page=True,
        ),
    )
    first = attempt.answers.get(position=0)
    data = {"positions": ["0"], "page": "1", "action": "next"}
    data.update(responses.form_data(first.snapshot, responses.right(first.snapshot), 0))

    response = client.post(take_url(attempt), data)
    assert response["Location"] == take_url(attempt, "?q=2")
    assert Answer.objects.get(pk=first.pk).response is not None

    back = client.post(
        take_url(attempt), {"positions": ["1"], "page": "2", "action": "previous"}
    )
    assert back["Location"] == take_url(attempt, "?q=1")
    jump = client.post(take_url(attempt), {"page": "1", "goto": "3"})
    assert jump["Location"] == take_url(attempt, "?q=3")
    finish = client.post(take_url(attempt), {"page": "3", "action": "finish"})
    assert finish["Location"] == reverse("quizzes:submit", args=[attempt.pk])


def test_timed_take_page_shows_the_time_left(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, time_limit_minutes=20))
    page = html(client.get(take_url(attempt)))
    assert 'role="timer"' in page
    assert "data-remaining=" in page
    assert "20:00" in page or "19:59" in page


def test_take_page_after_the_deadline_closes_the_attempt(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, time_limit_minutes=5))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(take_url(attempt))
    assert response["Location"] == reverse("quizzes:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED


def test_form_post_after_the_deadline_is_not_counted(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, time_limit_minutes=5))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(take_url(attempt), page_fields(attempt), follow=True)
    assert str(services.TOO_LATE) in html(response)
    assert attempt.answers.get().response is None


# Feedback after each question ------------------------------------------------


def test_checking_an_answer_shows_its_feedback_only(client, learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.SHORT_TEXT, feedback="immediate")
    attempt = start(client, quiz)
    single = attempt.answers.get(snapshot__kind="single")
    data = page_fields(attempt, build=responses.wrong, skip={1 - single.position})
    data["check"] = str(single.position)

    response = client.post(take_url(attempt), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#q{single.position + 1}")

    page = html(client.get(take_url(attempt)))
    assert "Too slow." in page  # the picked choice's feedback
    assert "Because the standard says so." in page  # its explanation
    assert "Correct answer" in page
    assert "twenty-four" not in page  # the other question stays secret
    assert f'name="check" value="{single.position}"' not in page  # locked


def test_a_checked_answer_cannot_be_changed(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, feedback="immediate"))
    answer = attempt.answers.get()
    wrong = responses.wrong(answer.snapshot)
    autosave(client, attempt, 0, responses.form_data(answer.snapshot, wrong, 0))
    client.post(take_url(attempt), {"check": "0"})

    right = responses.form_data(answer.snapshot, responses.right(answer.snapshot), 0)
    response = autosave(client, attempt, 0, right)
    assert response.status_code == 409
    assert response.json()["error"] == str(services.ANSWER_LOCKED)
    client.post(take_url(attempt), {"positions": ["0"], **right, "action": "save"})
    assert Answer.objects.get(pk=answer.pk).response == wrong


def test_check_without_immediate_feedback_is_refused(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE))
    response = client.post(take_url(attempt), {"check": "0"}, follow=True)
    assert str(services.NO_IMMEDIATE_FEEDBACK) in html(response)
    assert "Because the standard says so." not in html(response)


# Submitting ------------------------------------------------------------------


def test_submit_asks_first_and_lists_unanswered_questions(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, QuestionKind.TRUE_FALSE))
    first = attempt.answers.get(position=0)
    autosave(
        client,
        attempt,
        0,
        responses.form_data(first.snapshot, responses.right(first.snapshot), 0),
    )
    response = client.get(reverse("quizzes:submit", args=[attempt.pk]))
    page = html(response)
    assert "1 question is not answered yet." in page
    assert "#q2" in page
    attempt.refresh_from_db()
    assert attempt.is_open


def test_submit_grades_and_shows_the_result(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE, pass_mark=100))
    client.post(take_url(attempt), {**page_fields(attempt), "action": "save"})
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "quizzes:review", args=[attempt.pk]
    )
    page = html(response)
    assert "You passed" in page
    assert "100%" in page


def test_a_second_submit_grades_once(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE))
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    graded_at = Attempt.objects.get(pk=attempt.pk).graded_at
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), follow=True)
    assert "already been submitted" in html(response)
    assert Attempt.objects.get(pk=attempt.pk).graded_at == graded_at


def test_two_tabs_submitting_at_once_are_told_apart(client, learner, monkeypatch):
    attempt = start(client, quiz_of(QuestionKind.SINGLE))
    # Both tabs read the attempt while it was open, before either submit committed.
    tabs = [Attempt.objects.select_related("quiz").get(pk=attempt.pk) for _ in "ab"]
    monkeypatch.setattr(views, "_own_attempt", lambda request, pk: tabs.pop(0))
    gradings = []
    finish = services._finish
    monkeypatch.setattr(
        services, "_finish", lambda *a, **kw: gradings.append(1) or finish(*a, **kw)
    )
    url = reverse("quizzes:submit", args=[attempt.pk])

    # What each request said (the last message: the first's is still unread).
    told = [str(list(get_messages(client.post(url).wsgi_request))[-1]) for _tab in "ab"]

    assert told == [str(views.SUBMITTED), str(views.ALREADY_SUBMITTED)]
    assert len(gradings) == 1


def test_take_and_submit_pages_of_a_finished_attempt_go_to_the_result(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE))
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    review = reverse("quizzes:review", args=[attempt.pk])
    assert client.get(take_url(attempt))["Location"] == review
    assert (
        client.get(reverse("quizzes:submit", args=[attempt.pk]))["Location"] == review
    )


def test_review_of_an_open_attempt_goes_back_to_it(client, learner):
    attempt = start(client, quiz_of(QuestionKind.SINGLE))
    response = client.get(reverse("quizzes:review", args=[attempt.pk]))
    assert response["Location"] == take_url(attempt)


# The review page -------------------------------------------------------------


def finish(client, quiz, build=responses.right):
    attempt = start(client, quiz)
    client.post(take_url(attempt), {**page_fields(attempt, build), "action": "save"})
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    return attempt


def test_review_at_the_end_shows_answers_feedback_and_explanations(client, learner):
    quiz = quiz_of(*[k for k in QuestionKind.values if k != "essay"], feedback="end")
    attempt = finish(client, quiz, responses.wrong)
    page = html(client.get(reverse("quizzes:review", args=[attempt.pk])))
    assert "Because the standard says so." in page
    assert "Too slow." in page
    assert "Correct answer" in page
    assert "Correct order" in page
    assert "Thank you for waiting" in page
    assert "twenty-four" in page


def test_review_with_feedback_never_shows_the_score_only(client, learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.SHORT_TEXT, feedback="never")
    attempt = finish(client, quiz, responses.wrong)
    page = html(client.get(reverse("quizzes:review", args=[attempt.pk])))
    assert "0%" in page
    for secret in SECRETS:
        assert secret not in page


def test_review_waiting_for_marking(client, learner):
    attempt = finish(client, quiz_of(QuestionKind.SINGLE, QuestionKind.ESSAY))
    page = html(client.get(reverse("quizzes:review", args=[attempt.pk])))
    assert "Waiting for marking" in page
    assert "we will e-mail you" in page


# Preview ---------------------------------------------------------------------


def test_preview_shows_the_quiz_to_editors_without_saving(client):
    trainer = UserFactory(roles=["Trainers"])
    client.login(username=trainer.username, password=PASSWORD)
    quiz = quiz_of(one_question_per_page=True)
    url = reverse("quizzes:preview", args=[quiz.pk])

    first = client.get(url)
    assert first.status_code == 302 and "?seed=" in first["Location"]
    page = client.get(first["Location"])
    assert page.status_code == 200
    assert "Nothing you do here is saved" in html(page)
    assert "Because the standard says so." not in html(page)
    shown = client.get(first["Location"] + "&answers=1")
    assert "Because the standard says so." in html(shown)
    assert not Attempt.objects.exists()


def test_preview_is_for_editors_only(client, learner):
    quiz = quiz_of()
    assert client.get(reverse("quizzes:preview", args=[quiz.pk])).status_code == 403


def test_preview_of_an_empty_quiz(client):
    trainer = UserFactory(roles=["Trainers"])
    client.login(username=trainer.username, password=PASSWORD)
    quiz = QuizFactory()
    response = client.get(reverse("quizzes:preview", args=[quiz.pk]) + "?seed=1")
    assert response.status_code == 200
    assert "No questions yet" in html(response)
