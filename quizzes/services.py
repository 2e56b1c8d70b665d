"""Writes of the quiz engine: starting, answering, submitting and marking attempts.

Every write locks the attempt's row first (``select_for_update``), so a double
submit, an answer racing a submit or two trainers marking the same essay are
served one after the other. Starts lock the learner's row instead: parallel
starts queue and then see each other's attempts, so the attempt limit holds;
the unique attempt number is the last line of defence. SQLite has no row
locks; there the lock is a write to the row (see ``lock_row``).
"""

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from people.conf import app_settings as people_settings
from people.languages import speaking_to
from people.links import absolute_url
from people.mail import send_email
from quizzes import drawing, scoring
from quizzes.conf import app_settings as quiz_settings
from quizzes.models import (
    Answer,
    AnswerClauseMark,
    Attempt,
    AttemptAllowance,
    QuestionKind,
    Quiz,
    clause_mark_rows,
    snapshot_clause_ids,
)
from quizzes.signals import attempt_finished

# Editors may open and take any quiz (to try it before learners do).
EDIT_PERMISSION = "quizzes.change_quiz"
# Functions (quizzes) -> quizzes narrowing the quizzes learners may open; the
# courses app keeps those of published modules. Without one, every quiz is open.
OPEN_QUIZZES_HOOK = "quizzes_open_to_learners"

MAX_SHORT_TEXT = 500
MAX_ESSAY_TEXT = 10_000

NO_QUESTIONS = _("This quiz has no questions yet.")
NO_ATTEMPTS_LEFT = _(
    "You have used all your attempts at this quiz. To take it again, ask your "
    "trainer or HR: they can give you extra attempts."
)
COOLING_DOWN = _("You can start another attempt at %(time)s.")
START_CONFLICT = _("Another attempt was being started at the same time. Try again.")
ATTEMPT_CLOSED = _("This attempt has already been submitted.")
TOO_LATE = _(
    "Time is up. Answers sent after the time limit are not counted; "
    "the answers saved before it have been graded."
)
UNKNOWN_QUESTION = _("That question is not part of this attempt.")
UNKNOWN_CHOICE = _("That choice does not belong to this question.")
DUPLICATE_CHOICE = _("The same choice was sent more than once.")
BAD_RESPONSE = _("That answer does not fit this question.")
TEXT_TOO_LONG = _("Answers are limited to %(limit)s characters.")
ORDER_INCOMPLETE = _("Give every item a place, each a different one.")
BAD_CONFIDENCE = _("Choose how sure you are: guessing, fairly sure or sure.")
ANSWER_LOCKED = _("You have checked this answer; it can no longer be changed.")
NO_IMMEDIATE_FEEDBACK = _("This quiz shows feedback only at the end.")
NOTHING_TO_CHECK = _("Answer the question before checking it.")
ESSAY_NOT_CHECKED = _("Essays are marked by a trainer after you submit.")
NOT_AWAITING_MARKING = _("This answer is not waiting for marking.")
POINTS_OUT_OF_RANGE = _("Give between 0 and %(max)s points.")
COMMENT_REQUIRED = _("Write a comment for the learner.")


# Reading ---------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """Whether a learner may start (or resume) an attempt at a quiz now."""

    open_attempt: Attempt | None
    used: int
    limit: int | None
    available_at: datetime | None

    @property
    def attempts_left(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.used)

    @property
    def out_of_attempts(self) -> bool:
        """Every attempt allowed, extra ones included, has been used."""
        return self.limit is not None and self.used >= self.limit

    @property
    def can_start(self) -> bool:
        return self.open_attempt is None and self.error is None

    @property
    def error(self) -> ValidationError | None:
        """Why a new attempt cannot start, or None."""
        if self.out_of_attempts:
            return ValidationError(NO_ATTEMPTS_LEFT, code="attempt_limit")
        if self.available_at is not None:
            local = timezone.localtime(self.available_at)
            return ValidationError(
                COOLING_DOWN,
                code="cooldown",
                params={"time": formats.date_format(local, "DATETIME_FORMAT")},
            )
        return None


def quizzes_open_to(user):
    """The quizzes ``user`` may open and start: every one for its editors, for
    learners only those an app publishes (through the hook: the quizzes of
    published modules, refreshers). A quiz being written, or one nothing
    publishes, is not theirs to see or practise on."""
    quizzes = Quiz.objects.all()
    if user.has_perm(EDIT_PERMISSION):
        return quizzes
    published = [hook(quizzes) for hook in hooks.get_hooks(OPEN_QUIZZES_HOOK)]
    if not published:
        return quizzes
    allowed = Q(pk__in=published[0].values("pk"))
    for more in published[1:]:
        allowed |= Q(pk__in=more.values("pk"))
    return quizzes.filter(allowed)


def availability(
    user, *, quiz: Quiz, attempts: Iterable[Attempt] | None = None, now=None
) -> Availability:
    """Attempt limit (with any extra attempts granted), cool-down and any open
    attempt of ``user`` at ``quiz``."""
    now = now or timezone.now()
    if attempts is None:
        attempts = Attempt.objects.for_user(user).filter(quiz=quiz)
    attempts = list(attempts)
    open_attempt = next((a for a in attempts if a.is_open), None)
    finished = [a.submitted_at for a in attempts if a.submitted_at]
    available_at = None
    if quiz.cooldown_minutes and finished:
        ends = max(finished) + timedelta(minutes=quiz.cooldown_minutes)
        available_at = ends if ends > now else None
    return Availability(
        open_attempt, len(attempts), attempt_limit(user, quiz), available_at
    )


def attempt_limit(user, quiz: Quiz) -> int | None:
    """How many attempts ``user`` may make at ``quiz``: its limit plus extra ones."""
    if quiz.attempt_limit is None:
        return None
    return quiz.attempt_limit + AttemptAllowance.objects.extra_for(user, quiz)


def out_of_attempts(user, *, quizzes: Iterable[Quiz]) -> list[Quiz]:
    """The quizzes at which ``user`` has used every attempt allowed, in two queries."""
    limited = {quiz.pk: quiz for quiz in quizzes if quiz.attempt_limit is not None}
    if not limited:
        return []
    used = dict(
        Attempt.objects.for_user(user)
        .filter(quiz_id__in=list(limited))
        .values("quiz_id")
        .annotate(count=Count("pk"))
        .values_list("quiz_id", "count")
    )
    extra = AttemptAllowance.objects.extra_by_quiz(user, limited.values())
    return [
        quiz
        for pk, quiz in limited.items()
        if used.get(pk, 0) >= quiz.attempt_limit + extra.get(pk, 0)
    ]


def counting_attempt(user, *, quiz: Quiz) -> Attempt | None:
    """The final graded attempt that counts for ``user`` (the quiz's grading rule)."""
    attempts = Attempt.objects.for_user(user).filter(
        quiz=quiz, status=Attempt.Status.GRADED, practice=False
    )
    return scoring.counting_attempt(attempts, quiz.grading)


def counting_attempts(user, *, quizzes: Iterable[Quiz]) -> dict[int, Attempt]:
    """The counting attempt per quiz id for several quizzes, in one query."""
    quizzes = {quiz.pk: quiz for quiz in quizzes}
    attempts = Attempt.objects.for_user(user).filter(
        quiz_id__in=list(quizzes), status=Attempt.Status.GRADED, practice=False
    )
    by_quiz: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    result = {}
    for quiz_id, rows in by_quiz.items():
        counting = scoring.counting_attempt(rows, quizzes[quiz_id].grading)
        if counting is not None:
            result[quiz_id] = counting
    return result


def is_expired(attempt: Attempt, now=None) -> bool:
    """An open attempt whose time limit has run out."""
    now = now or timezone.now()
    return attempt.is_open and attempt.deadline is not None and now > attempt.deadline


def is_checked(attempt: Attempt, answer: Answer) -> bool:
    """An answer graded while the attempt is open (immediate feedback): locked."""
    return attempt.is_open and answer.points_awarded is not None


def frozen_settings(quiz: Quiz, *, seed: int) -> dict[str, Any]:
    """The quiz settings an attempt keeps for its whole life."""
    return {
        "pass_mark": quiz.pass_mark,
        "feedback": quiz.feedback,
        "time_limit_minutes": quiz.time_limit_minutes,
        "grading": quiz.grading,
        "one_question_per_page": quiz.one_question_per_page,
        "practice": quiz.is_practice,
        "seed": seed,
    }


def preview_answers(quiz: Quiz, *, seed: int, language: str = "") -> list[Answer]:
    """The questions an attempt would show, as unsaved answers: nothing is written."""
    attempt = Attempt(
        quiz=quiz,
        number=0,
        practice=quiz.is_practice,
        settings=frozen_settings(quiz, seed=seed),
    )
    drawn = drawing.snapshots_for(quiz, rng=random.Random(seed), language=language)
    return [
        Answer(attempt=attempt, position=position, question_id=qid, snapshot=snap)
        for position, (qid, snap) in enumerate(drawn)
    ]


# Starting --------------------------------------------------------------------


def start_attempt(user, *, quiz: Quiz, language: str = "", now=None) -> Attempt:
    """Start an attempt, or return the learner's open one (limit and cool-down apply).

    An open attempt whose time ran out is graded first. Returns the attempt to
    take; raises ``ValidationError`` when no new attempt is allowed. The
    questions are shown in ``language`` where they are translated into it.
    """
    now = now or timezone.now()
    close_expired_attempts(user=user, quiz=quiz, now=now)
    try:
        return _start(user, quiz=quiz, language=language, now=now)
    except IntegrityError:
        # A start that slipped past the lock took our number; it is either
        # open (and returned now) or counts towards the limit.
        try:
            return _start(user, quiz=quiz, language=language, now=now)
        except IntegrityError:
            raise ValidationError(START_CONFLICT, code="conflict") from None


@transaction.atomic
def _start(user, *, quiz: Quiz, language: str, now) -> Attempt:
    lock_row(get_user_model(), user.pk)
    attempts = list(Attempt.objects.for_user(user).filter(quiz=quiz))
    state = availability(user, quiz=quiz, attempts=attempts, now=now)
    if state.open_attempt is not None:
        return state.open_attempt
    if state.error is not None:
        raise state.error
    seed = drawing.new_seed()
    drawn = drawing.snapshots_for(quiz, rng=random.Random(seed), language=language)
    if not drawn:
        raise ValidationError(NO_QUESTIONS, code="no_questions")
    limit = quiz.time_limit_minutes
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=max((a.number for a in attempts), default=0) + 1,
        practice=quiz.is_practice,
        settings=frozen_settings(quiz, seed=seed),
        deadline=now + timedelta(minutes=limit) if limit else None,
    )
    Answer.objects.bulk_create(
        Answer(attempt=attempt, position=position, question_id=qid, snapshot=snap)
        for position, (qid, snap) in enumerate(drawn)
    )
    return attempt


# Answering -------------------------------------------------------------------


def save_answer(
    attempt: Attempt,
    *,
    position: int,
    response: Mapping[str, Any] | None,
    confidence: int | None = None,
    now=None,
) -> Answer:
    """Save the learner's response to one question of an open attempt."""
    saved = save_answers(attempt, responses={position: (response, confidence)}, now=now)
    return saved[0]


def save_answers(
    attempt: Attempt,
    *,
    responses: Mapping[int, tuple[Mapping[str, Any] | None, int | None]],
    now=None,
) -> list[Answer]:
    """Save ``{position: (response, confidence)}`` in one go; all or nothing.

    After the deadline nothing is saved: the attempt is graded as it stood at
    its deadline and ``ValidationError(TOO_LATE)`` is raised.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(attempt.pk)
        if not is_expired(locked, now):
            return _save(locked, responses, now)
        _finish(locked, submitted_at=locked.deadline, now=now)
    _refresh(attempt, locked)
    raise ValidationError(TOO_LATE, code="too_late")


def _save(attempt: Attempt, responses, now) -> list[Answer]:
    if not attempt.is_open:
        raise ValidationError(ATTEMPT_CLOSED, code="closed")
    positions = [_position(p) for p in responses]
    answers = {a.position: a for a in attempt.answers.filter(position__in=positions)}
    if len(answers) != len(set(positions)):
        raise ValidationError(UNKNOWN_QUESTION, code="unknown_question")
    for position, (response, confidence) in responses.items():
        answer = answers[_position(position)]
        if is_checked(attempt, answer):
            raise ValidationError(ANSWER_LOCKED, code="locked")
        answer.response = validate_response(answer.snapshot, response)
        answer.confidence = _confidence(confidence) if attempt.practice else None
        answer.answered_at = now if answer.response is not None else None
    saved = list(answers.values())
    Answer.objects.bulk_update(saved, ["response", "confidence", "answered_at"])
    return sorted(saved, key=lambda a: a.position)


def _position(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            raise ValidationError(UNKNOWN_QUESTION, code="unknown_question") from None
    return value


def _confidence(value) -> int | None:
    if value in (None, ""):
        return None
    if value not in Answer.Confidence.values:
        raise ValidationError(BAD_CONFIDENCE, code="confidence")
    return value


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_response(
    snapshot: Mapping[str, Any], response: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """Check a response against the question as shown; None when it is blank.

    Returns the response in the agreed format, or raises ``ValidationError``
    for choices of another question, duplicates, wrong types and oversized text.
    """
    if response is None:
        return None
    if not isinstance(response, Mapping):
        raise ValidationError(BAD_RESPONSE, code="bad_response")
    kind = snapshot.get("kind")
    key = {
        QuestionKind.SINGLE: "choice",
        QuestionKind.MULTIPLE: "choices",
        QuestionKind.TRUE_FALSE: "value",
        QuestionKind.ORDERING: "order",
        QuestionKind.MATCHING: "pairs",
        QuestionKind.SHORT_TEXT: "text",
        QuestionKind.ESSAY: "text",
    }.get(kind)
    if key is None or set(response) - {key}:
        raise ValidationError(BAD_RESPONSE, code="bad_response")
    value = response.get(key)
    if value in (None, "", [], {}):
        return None
    ids = [choice["id"] for choice in snapshot.get("choices") or []]
    if kind == QuestionKind.SINGLE:
        _check_ids([value], ids)
    elif kind == QuestionKind.MULTIPLE:
        _check_ids(value, ids)
    elif kind == QuestionKind.TRUE_FALSE:
        if not isinstance(value, bool):
            raise ValidationError(BAD_RESPONSE, code="bad_response")
    elif kind == QuestionKind.ORDERING:
        _check_ids(value, ids)
        if len(value) != len(ids):
            raise ValidationError(ORDER_INCOMPLETE, code="order_incomplete")
    elif kind == QuestionKind.MATCHING:
        value = _check_pairs(value, ids, snapshot)
        if not value:
            return None
    else:
        value = _check_text(value, kind)
        if not value:
            return None
    return {key: value}


def _check_ids(values, ids: list[int]) -> None:
    if not isinstance(values, list) or not all(_is_id(v) for v in values):
        raise ValidationError(BAD_RESPONSE, code="bad_response")
    if any(v not in ids for v in values):
        raise ValidationError(UNKNOWN_CHOICE, code="unknown_choice")
    if len(set(values)) != len(values):
        raise ValidationError(DUPLICATE_CHOICE, code="duplicate")


def _check_pairs(pairs, ids: list[int], snapshot) -> dict[str, int]:
    if not isinstance(pairs, Mapping):
        raise ValidationError(BAD_RESPONSE, code="bad_response")
    options = [option["id"] for option in snapshot.get("right_options") or []]
    left = {str(i) for i in ids}
    cleaned = {}
    for key, value in pairs.items():
        if str(key) not in left:
            raise ValidationError(UNKNOWN_CHOICE, code="unknown_choice")
        if value is None:
            continue
        if not _is_id(value):
            raise ValidationError(BAD_RESPONSE, code="bad_response")
        if value not in options:
            raise ValidationError(UNKNOWN_CHOICE, code="unknown_choice")
        if str(key) in cleaned:
            raise ValidationError(DUPLICATE_CHOICE, code="duplicate")
        cleaned[str(key)] = value
    return cleaned


def _check_text(value, kind) -> str:
    if not isinstance(value, str):
        raise ValidationError(BAD_RESPONSE, code="bad_response")
    limit = MAX_ESSAY_TEXT if kind == QuestionKind.ESSAY else MAX_SHORT_TEXT
    if len(value) > limit:
        raise ValidationError(TEXT_TOO_LONG, code="too_long", params={"limit": limit})
    return value.strip()


def check_answer(attempt: Attempt, *, position: int, now=None) -> Answer:
    """Grade one saved answer at once (immediate feedback); it is locked after."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(attempt.pk)
        if not is_expired(locked, now):
            return _check(locked, _position(position))
        _finish(locked, submitted_at=locked.deadline, now=now)
    _refresh(attempt, locked)
    raise ValidationError(TOO_LATE, code="too_late")


def _check(attempt: Attempt, position: int) -> Answer:
    if not attempt.is_open:
        raise ValidationError(ATTEMPT_CLOSED, code="closed")
    if attempt.settings.get("feedback") != Quiz.Feedback.IMMEDIATE:
        raise ValidationError(NO_IMMEDIATE_FEEDBACK, code="no_immediate_feedback")
    answer = attempt.answers.filter(position=position).first()
    if answer is None:
        raise ValidationError(UNKNOWN_QUESTION, code="unknown_question")
    if is_checked(attempt, answer):
        return answer
    if answer.snapshot.get("kind") == QuestionKind.ESSAY:
        raise ValidationError(ESSAY_NOT_CHECKED, code="essay")
    if answer.response is None:
        raise ValidationError(NOTHING_TO_CHECK, code="blank")
    result = scoring.score_answer(answer.snapshot, answer.response)
    answer.points_awarded = result.points
    answer.is_correct = result.is_correct
    answer.save(update_fields=["points_awarded", "is_correct"])
    return answer


# Submitting ------------------------------------------------------------------


def submit_attempt(attempt: Attempt, *, now=None) -> Attempt:
    """Grade an attempt; submitting it again returns it unchanged (graded once).

    After the deadline it is graded as it stood at the deadline.
    """
    submit_attempt_once(attempt, now=now)
    return attempt


def submit_attempt_once(attempt: Attempt, *, now=None) -> bool:
    """Grade an attempt as ``submit_attempt`` does; True if this call submitted it,
    False if it had already been submitted (by another tab, or the deadline).

    The answer comes from the locked row, never from ``attempt`` as the caller
    loaded it: of two submits at the same moment exactly one is told True.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(attempt.pk)
        submitting = locked.is_open
        if submitting:
            at = min(now, locked.deadline) if locked.deadline else now
            _finish(locked, submitted_at=at, now=now)
    _refresh(attempt, locked)
    return submitting


def close_expired_attempts(*, now=None, user=None, quiz: Quiz | None = None) -> int:
    """Grade open attempts whose time ran out, as they stood at the deadline."""
    now = now or timezone.now()
    expired = Attempt.objects.in_progress().filter(deadline__lt=now)
    if user is not None:
        expired = expired.filter(user=user)
    if quiz is not None:
        expired = expired.filter(quiz=quiz)
    closed = 0
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            attempt = lock_row(Attempt, pk)
            if attempt is not None and is_expired(attempt, now):
                _finish(attempt, submitted_at=attempt.deadline, now=now)
                closed += 1
    return closed


def lock_row(model, pk):
    """The row, locked until the transaction ends (None if it is gone).

    SQLite ignores ``select_for_update``, and two transactions that read and
    then write fail with "database is locked". Writing to the row first takes
    SQLite's write lock at once, so parallel requests wait their turn instead.
    """
    if connection.vendor == "sqlite":
        key = model._meta.pk.attname
        model._default_manager.filter(pk=pk).update(**{key: F(key)})
    return model._default_manager.select_for_update().filter(pk=pk).first()


def _lock(attempt_id: int) -> Attempt:
    attempt = lock_row(Attempt, attempt_id)
    if attempt is None:
        raise Attempt.DoesNotExist
    return attempt


def _refresh(attempt: Attempt, source: Attempt) -> None:
    """Copy a locked, updated row's fields onto the caller's instance."""
    for field in Attempt._meta.concrete_fields:
        setattr(attempt, field.attname, getattr(source, field.attname))


def _finish(attempt: Attempt, *, submitted_at: datetime, now: datetime) -> None:
    """Score every answer (none saved after the deadline) and total the attempt."""
    answers = list(attempt.answers.all())
    marks = []
    deadline = attempt.deadline
    for answer in answers:
        if attempt.practice and answer.snapshot.get("kind") == QuestionKind.ESSAY:
            # Practice is ungraded: essays there are for the learner alone.
            answer.points_awarded, answer.is_correct = None, None
            answer.needs_marking = False
            continue
        late = deadline and answer.answered_at and answer.answered_at > deadline
        response = None if late else answer.response
        result = scoring.score_answer(answer.snapshot, response)
        answer.points_awarded = result.points
        answer.is_correct = result.is_correct
        answer.needs_marking = result.needs_marking
        marks.append((result.points, result.max_points))
    Answer.objects.bulk_update(
        answers, ["points_awarded", "is_correct", "needs_marking"]
    )
    attempt.submitted_at = submitted_at
    _apply_grade(attempt, marks, now=now)
    _announce(attempt)


def _apply_grade(attempt: Attempt, marks, *, now: datetime) -> None:
    result = scoring.grade(
        marks, pass_mark=attempt.settings.get("pass_mark", 0), practice=attempt.practice
    )
    attempt.score = result.score
    attempt.max_score = result.max_score
    attempt.percent = result.percent
    attempt.passed = result.passed
    if result.is_final:
        attempt.status = Attempt.Status.GRADED
        attempt.graded_at = now
        record_clause_marks(attempt)
    else:
        attempt.status = Attempt.Status.AWAITING_MARKING
    attempt.save(
        update_fields=[
            "status",
            "submitted_at",
            "graded_at",
            "score",
            "max_score",
            "percent",
            "passed",
        ]
    )


def record_clause_marks(attempt: Attempt) -> None:
    """Write a graded attempt's marks per answer and clause, for the clause
    reports (none for practice, which counts for nothing)."""
    AnswerClauseMark.objects.filter(attempt=attempt).delete()
    if attempt.practice or attempt.status != Attempt.Status.GRADED:
        return
    answers = attempt.answers.only("pk", "snapshot", "points_awarded", "is_correct")
    tagged = set().union(*(snapshot_clause_ids(a.snapshot) for a in answers))
    clauses = apps.get_model(quiz_settings.CLAUSE_MODEL)._default_manager
    existing = set(clauses.filter(pk__in=tagged).values_list("pk", flat=True))
    rows = clause_mark_rows(attempt, answers, existing)
    AnswerClauseMark.objects.bulk_create(AnswerClauseMark(**row) for row in rows)


def _announce(attempt: Attempt) -> None:
    """Tell other apps (certification) once the attempt's new state is committed.

    ``robust``: a failing listener is logged and never undoes the learner's submit.
    """
    send = partial(attempt_finished.send, sender=Attempt, attempt=attempt)
    transaction.on_commit(send, robust=True)


# Marking ---------------------------------------------------------------------


def mark_answer(
    answer: Answer, *, marker, points: Decimal | str, comment: str, now=None
) -> Answer:
    """Score one essay; marking the attempt's last essay makes its result final.

    The learner is told by e-mail once the result is final.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock(answer.attempt_id)
        answer = Answer.objects.get(pk=answer.pk)
        waiting = attempt.status == Attempt.Status.AWAITING_MARKING
        if not (answer.needs_marking and waiting):
            raise ValidationError(NOT_AWAITING_MARKING, code="not_awaiting_marking")
        worth = Decimal(answer.snapshot.get("points") or 0)
        try:
            points = scoring.quantize(Decimal(str(points)))
        except InvalidOperation:
            points = Decimal(-1)
        if not Decimal(0) <= points <= worth:
            raise ValidationError(
                POINTS_OUT_OF_RANGE, code="points", params={"max": worth}
            )
        if not comment or not comment.strip():
            raise ValidationError(COMMENT_REQUIRED, code="comment")
        answer.points_awarded = points
        answer.is_correct = points == worth
        answer.needs_marking = False
        answer.marked_by = marker
        answer.marked_at = now
        answer.marker_comment = comment.strip()
        answer.save(
            update_fields=[
                "points_awarded",
                "is_correct",
                "needs_marking",
                "marked_by",
                "marked_at",
                "marker_comment",
            ]
        )
        answers = list(attempt.answers.all())
        if not any(a.needs_marking for a in answers):
            marks = [(a.points_awarded, a.snapshot.get("points") or 0) for a in answers]
            _apply_grade(attempt, marks, now=now)
            _announce(attempt)
            transaction.on_commit(partial(tell_learner_marked, attempt.pk))
    answer.attempt = attempt
    return answer


def tell_learner_marked(attempt_id: int) -> None:
    """E-mail the learner that their attempt has been marked and is final."""
    attempt = (
        Attempt.objects.select_related("quiz", "user").filter(pk=attempt_id).first()
    )
    if attempt is None or not attempt.user.email:
        return
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "user": attempt.user,
        "review_url": absolute_url(reverse("quizzes:review", args=[attempt.pk])),
        "site_name": people_settings.SITE_NAME,
    }
    with speaking_to(attempt.user):
        subject = render_to_string("quizzes/email/marked_subject.txt", context)
        body = render_to_string("quizzes/email/marked_body.txt", context)
    send_email.enqueue(" ".join(subject.split()), body, [attempt.user.email])
