"""Races on PostgreSQL with real threads: submits, starts, answers and marking."""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from wagtail.models import Locale

from quizzes import services
from quizzes.models import Attempt, AttemptAllowance, QuestionKind
from tests.factories import UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _default_locale(transactional_db):
    """A transactional test starts from an emptied database: banks and quizzes
    are translatable and need the default language's locale."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)


THREADS = 8


def run_together(target, count=THREADS):
    """Call ``target(i)`` from ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker(index):
        try:
            barrier.wait()
            results.append(target(index))
        except Exception as error:  # collected for the test to inspect
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def quiz_of(*kinds, **settings):
    bank = QuestionBankFactory()
    for kind in kinds:
        make_question(bank, kind)
    return QuizFactory(bank=bank, **settings)


def answered_attempt(quiz, learner):
    attempt = services.start_attempt(learner, quiz=quiz)
    services.save_answers(
        attempt,
        responses={
            a.position: (responses.right(a.snapshot), None)
            for a in attempt.answers.all()
        },
    )
    return attempt


def test_double_submit_grades_once(on_postgres, monkeypatch):
    attempt = answered_attempt(
        quiz_of(QuestionKind.SINGLE, QuestionKind.ORDERING), UserFactory()
    )
    gradings = []
    finish = services._finish

    def counted_finish(*args, **kwargs):
        gradings.append(1)
        return finish(*args, **kwargs)

    monkeypatch.setattr(services, "_finish", counted_finish)

    results, errors = run_together(
        lambda _i: services.submit_attempt(Attempt.objects.get(pk=attempt.pk))
    )

    assert errors == []
    assert len(gradings) == 1
    assert {r.graded_at for r in results} == {
        Attempt.objects.get(pk=attempt.pk).graded_at
    }
    assert {r.percent for r in results} == {100}


def test_of_parallel_submits_exactly_one_is_told_it_submitted(on_postgres):
    attempt = answered_attempt(quiz_of(QuestionKind.SINGLE), UserFactory())
    # Every tab loaded the attempt while it was open.
    tabs = [Attempt.objects.get(pk=attempt.pk) for _ in range(THREADS)]

    told, errors = run_together(lambda i: services.submit_attempt_once(tabs[i]))

    assert errors == []
    assert sorted(told) == [False] * (THREADS - 1) + [True]
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.GRADED


def test_parallel_starts_of_one_learner_open_one_attempt(on_postgres):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=5)
    learner = UserFactory()
    results, errors = run_together(
        lambda _i: services.start_attempt(learner, quiz=quiz)
    )
    assert errors == []
    assert len({attempt.pk for attempt in results}) == 1
    assert Attempt.objects.filter(user=learner).count() == 1


def test_parallel_starts_never_exceed_the_attempt_limit(on_postgres):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=3)
    learner = UserFactory()

    def keep_starting(_index):
        started = 0
        while True:
            try:
                attempt = services.start_attempt(learner, quiz=quiz)
            except ValidationError as error:
                assert error.code == "attempt_limit"
                return started
            started += 1
            services.submit_attempt(attempt)

    _results, errors = run_together(keep_starting)

    assert errors == []
    numbers = sorted(
        Attempt.objects.filter(user=learner).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3]


def test_parallel_starts_never_exceed_the_limit_with_extra_attempts(on_postgres):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=1)
    learner = UserFactory()
    services.submit_attempt(services.start_attempt(learner, quiz=quiz))
    AttemptAllowance.objects.create(quiz=quiz, user=learner, extra=2, reason="Ill.")

    def keep_starting(_index):
        while True:
            try:
                attempt = services.start_attempt(learner, quiz=quiz)
            except ValidationError as error:
                assert error.code == "attempt_limit"
                return
            services.submit_attempt(attempt)

    _results, errors = run_together(keep_starting)

    assert errors == []
    numbers = sorted(
        Attempt.objects.filter(user=learner).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3]


def test_answers_racing_a_submit_are_either_graded_or_refused(on_postgres):
    quiz = quiz_of(*[QuestionKind.TRUE_FALSE] * 4)
    attempt = services.start_attempt(UserFactory(), quiz=quiz)
    answers = list(attempt.answers.all())

    def act(index):
        if index == 0:
            return services.submit_attempt(Attempt.objects.get(pk=attempt.pk))
        answer = answers[(index - 1) % len(answers)]
        try:
            return services.save_answer(
                Attempt.objects.get(pk=attempt.pk),
                position=answer.position,
                response=responses.right(answer.snapshot),
            )
        except ValidationError as error:
            assert error.code == "closed"
            return None

    _results, errors = run_together(act, count=5)

    assert errors == []
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    for answer in attempt.answers.all():
        # Every saved answer was graded with the attempt: none slipped in after.
        assert answer.points_awarded == (1 if answer.response else 0)
    assert attempt.score == sum(a.points_awarded for a in attempt.answers.all())


def test_two_trainers_marking_one_essay_mark_it_once(on_postgres):
    attempt = answered_attempt(quiz_of(QuestionKind.ESSAY), UserFactory())
    attempt = services.submit_attempt(attempt)
    essay = attempt.answers.get()
    trainers = [UserFactory(roles=["Trainers"]) for _ in range(4)]
    mail.outbox = []

    def mark(index):
        return services.mark_answer(
            essay, marker=trainers[index], points=index + 1, comment=f"By {index}"
        )

    results, errors = run_together(mark, count=4)

    assert len(results) == 1
    assert [e.code for e in errors] == ["not_awaiting_marking"] * 3
    essay.refresh_from_db()
    assert essay.marked_by == results[0].marked_by
    assert Attempt.objects.get(pk=attempt.pk).is_final
    assert len(mail.outbox) == 1
