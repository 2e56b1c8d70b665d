"""The learner's side of quizzes: landing page, taking, submitting and reviewing.

Every view finds attempts through ``Attempt.objects.for_user(request.user)``,
so someone else's attempt is a 404. The take page and the autosave answers
never carry right answers, feedback or explanations, except for a question
the learner has checked when the quiz gives feedback after each question.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from people.languages import in_active_language, original
from quizzes import drawing, scoring, services
from quizzes.forms import AnswerForm
from quizzes.models import Answer, Attempt, QuestionKind, Quiz

PREVIEW_PERMISSION = services.EDIT_PERMISSION

SAVED = _("Your answers are saved.")
NOT_SAVED = _("Some answers could not be saved. See the questions marked below.")
SUBMITTED = _("Your answers have been submitted.")
SUBMITTED_FOR_MARKING = _(
    "Your answers have been submitted. A trainer will mark your written answers; "
    "you will get an e-mail when your result is final."
)
ALREADY_SUBMITTED = _("This attempt had already been submitted; here is its result.")
ATTEMPT_NOT_FOUND = _("There is no such attempt of yours.")
RESUMED = _("Welcome back: your attempt is as you left it.")

HINTS = {
    QuestionKind.SINGLE: _("Choose one answer."),
    QuestionKind.MULTIPLE: _("Choose every answer that applies."),
    QuestionKind.TRUE_FALSE: _("Is this statement true or false?"),
    QuestionKind.ORDERING: _("Put the items in order: give each a place, 1 is first."),
    QuestionKind.MATCHING: _("Match each item on the left with one on the right."),
    QuestionKind.SHORT_TEXT: _("Type a short answer; capitals and spaces are ignored."),
    QuestionKind.ESSAY: _("Write your answer. A trainer marks it after you submit."),
}
PARTIAL_HINT = {QuestionKind.MULTIPLE, QuestionKind.ORDERING, QuestionKind.MATCHING}
PARTIAL_CREDIT_HINT = _("A partly right answer earns part of the points.")

JSON_STATUS = {
    "too_late": 409,
    "closed": 409,
    "locked": 409,
}


# Helpers ---------------------------------------------------------------------


def _own_attempt(request, pk) -> Attempt:
    queryset = Attempt.objects.for_user(request.user).select_related("quiz")
    return get_object_or_404(queryset, pk=pk)


def _answers(attempt: Attempt) -> list[Answer]:
    answers = list(attempt.answers.all())
    for answer in answers:
        answer.attempt = attempt
    return answers


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _error_code(error: ValidationError) -> str | None:
    return getattr(error, "code", None) or next(
        (e.code for e in error.error_list if e.code), None
    )


def _int(value, default=None):
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _close_if_expired(request, attempt: Attempt) -> bool:
    """Grade an attempt whose time ran out; True (with a message) if it was."""
    if not services.is_expired(attempt):
        return False
    services.submit_attempt(attempt)
    messages.warning(request, services.TOO_LATE)
    return True


@dataclass
class PageQuestion:
    """One question on a page: the form to answer it, or its feedback."""

    answer: Answer
    number: int
    form: AnswerForm | None = None
    feedback: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def kind(self):
        return self.answer.snapshot.get("kind")

    @property
    def text(self):
        return self.answer.snapshot.get("text", "")

    @property
    def points(self):
        return self.answer.snapshot.get("points")

    @property
    def is_answered(self):
        return self.answer.response is not None

    @property
    def can_check(self):
        return self.kind != QuestionKind.ESSAY

    @property
    def hint(self):
        hint = HINTS.get(self.kind, "")
        if self.answer.snapshot.get("partial_credit") and self.kind in PARTIAL_HINT:
            return f"{hint} {PARTIAL_CREDIT_HINT}"
        return hint


def _page_number(request, answers: list[Answer]) -> int:
    """The question (1-based) a one-per-page attempt shows: ?q=, else the first open."""
    count = len(answers)
    wanted = _int(request.GET.get("q"))
    if wanted is None:
        wanted = next(
            (a.position + 1 for a in answers if a.response is None), 1 if count else 0
        )
    return max(1, min(wanted, count)) if count else 0


def _take_context(
    attempt, answers, *, page, forms=None, preview=False, solutions=False
):
    settings = attempt.settings
    one_per_page = bool(settings.get("one_question_per_page"))
    shown = answers[page - 1 : page] if one_per_page and page else answers
    forms = forms or {}
    questions = []
    for answer in shown:
        question = PageQuestion(answer=answer, number=answer.position + 1)
        if not preview and services.is_checked(attempt, answer):
            question.feedback = review_item(answer)
        else:
            question.form = forms.get(answer.position) or AnswerForm(
                answer=answer, practice=attempt.practice
            )
            if question.form.is_bound:
                question.errors = [
                    str(message)
                    for messages_ in question.form.errors.values()
                    for message in messages_
                ]
            if preview and solutions:
                question.feedback = review_item(answer)
        questions.append(question)
    answered = sum(1 for a in answers if a.response is not None)
    total = len(answers)
    return {
        "attempt": attempt,
        "quiz": in_active_language(attempt.quiz),
        "questions": questions,
        "answers": answers,
        "one_per_page": one_per_page,
        "page": page,
        "total": total,
        "answered": answered,
        "answered_percent": round(100 * answered / total) if total else 0,
        "immediate": settings.get("feedback") == Quiz.Feedback.IMMEDIATE,
        "practice": attempt.practice,
        "remaining_seconds": _remaining(attempt),
        "remaining_label": clock(_remaining(attempt)),
        "preview": preview,
        "solutions": solutions,
    }


def _remaining(attempt: Attempt) -> int | None:
    """Whole seconds left before the deadline, or None without a time limit."""
    if not attempt.deadline:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


def clock(seconds: int | None) -> str:
    """Seconds as a countdown reads: 9:05, or 1:02:03 past an hour."""
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


# Landing page and start ------------------------------------------------------


def _open_quiz(user, pk) -> Quiz:
    """The original of quiz ``pk`` (itself or the quiz it translates), when
    ``user`` may open it. A translation is open when its original is: modules
    name the original, and the landing page links to the reader's translation."""
    quiz = original(get_object_or_404(Quiz, pk=pk))
    return get_object_or_404(services.quizzes_open_to(user), pk=quiz.pk)


@login_required
def quiz_detail(request, pk):
    """The quiz's rules, the learner's attempts so far, and start or resume."""
    # Attempts belong to the original quiz, whichever translation was opened.
    quiz = _open_quiz(request.user, pk)
    services.close_expired_attempts(user=request.user, quiz=quiz)
    attempts = list(
        Attempt.objects.for_user(request.user).filter(quiz=quiz).order_by("-number")
    )
    state = services.availability(request.user, quiz=quiz, attempts=attempts)
    counting = scoring.counting_attempt(
        [a for a in attempts if a.is_final and not a.practice], quiz.grading
    )
    context = {
        "quiz": in_active_language(quiz),
        "attempts": attempts,
        "state": state,
        "counting": counting,
        "question_total": drawing.questions_per_attempt(quiz),
        "can_preview": request.user.has_perm(PREVIEW_PERMISSION),
    }
    return render(request, "quizzes/quiz_detail.html", context)


@login_required
@require_POST
def start(request, pk):
    """Start an attempt (or resume the open one) and go to its first question."""
    quiz = _open_quiz(request.user, pk)
    before = services.availability(request.user, quiz=quiz).open_attempt
    try:
        attempt = services.start_attempt(
            request.user, quiz=quiz, language=translation.get_language()
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("quizzes:quiz", pk=quiz.pk)
    if before is not None and before.pk == attempt.pk:
        messages.info(request, RESUMED)
    return redirect("quizzes:take", pk=attempt.pk)


# Taking ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def take(request, pk):
    """Answer the questions: one per page or all on one page, as frozen at start."""
    attempt = _own_attempt(request, pk)
    if not attempt.is_open or _close_if_expired(request, attempt):
        return redirect("quizzes:review", pk=attempt.pk)
    answers = _answers(attempt)
    if request.method == "POST":
        return _take_post(request, attempt, answers)
    page = _page_number(request, answers)
    context = _take_context(attempt, answers, page=page)
    return render(request, "quizzes/take.html", context)


def _take_post(request, attempt: Attempt, answers: list[Answer]):
    by_position = {a.position: a for a in answers}
    positions = [_int(p) for p in request.POST.getlist("positions")]
    page = _int(request.POST.get("page"), 0)
    if any(p not in by_position for p in positions):
        messages.error(request, services.UNKNOWN_QUESTION)
        context = _take_context(attempt, answers, page=_clamp(page, answers))
        return render(request, "quizzes/take.html", context, status=400)

    forms, responses = {}, {}
    for position in dict.fromkeys(positions):
        answer = by_position[position]
        if services.is_checked(attempt, answer):
            continue
        form = AnswerForm(request.POST, answer=answer, practice=attempt.practice)
        forms[position] = form
        if form.is_valid():
            responses[position] = (form.response, form.confidence)
    try:
        if responses:
            for saved in services.save_answers(attempt, responses=responses):
                by_position[saved.position].response = saved.response
                by_position[saved.position].confidence = saved.confidence
    except ValidationError as error:
        if _error_code(error) in ("too_late", "closed"):
            messages.warning(request, _error_text(error))
            return redirect("quizzes:review", pk=attempt.pk)
        messages.error(request, _error_text(error))
        return _rerender(request, attempt, answers, page, forms)

    if any(form.errors for form in forms.values()):
        messages.error(request, NOT_SAVED)
        return _rerender(request, attempt, answers, page, forms)
    return _after_save(request, attempt, answers, page)


def _rerender(request, attempt, answers, page, forms):
    """The same page again with the learner's input and what was wrong with it."""
    page = _clamp(page, answers)
    context = _take_context(attempt, answers, page=page, forms=forms)
    return render(request, "quizzes/take.html", context, status=400)


def _clamp(page, answers) -> int:
    return max(1, min(page or 1, len(answers))) if answers else 0


def _after_save(request, attempt: Attempt, answers: list[Answer], page: int):
    """Go where the learner asked: next, previous, a question, check or finish."""
    take_url = reverse("quizzes:take", args=[attempt.pk])
    check = request.POST.get("check")
    if check is not None:
        position = _int(check, -1)
        try:
            services.check_answer(attempt, position=position)
        except ValidationError as error:
            if _error_code(error) in ("too_late", "closed"):
                messages.warning(request, _error_text(error))
                return redirect("quizzes:review", pk=attempt.pk)
            messages.error(request, _error_text(error))
        target = position + 1 if attempt.settings.get("one_question_per_page") else None
        query = f"?q={target}" if target else ""
        return redirect(f"{take_url}{query}#q{position + 1}")
    action = request.POST.get("action", "save")
    goto = _int(request.POST.get("goto"))
    if action == "finish":
        return redirect("quizzes:submit", pk=attempt.pk)
    if goto is not None:
        return redirect(f"{take_url}?q={_clamp(goto, answers)}")
    if action == "next":
        return redirect(f"{take_url}?q={_clamp(page + 1, answers)}")
    if action == "previous":
        return redirect(f"{take_url}?q={_clamp(page - 1, answers)}")
    messages.success(request, SAVED)
    return redirect(f"{take_url}?q={page}" if page else take_url)


@login_required
@require_POST
def autosave(request, pk):
    """Save one answer as the learner goes (fetch); answers JSON, never the key."""
    attempt = (
        Attempt.objects.for_user(request.user).select_related("quiz").filter(pk=pk)
    ).first()
    if attempt is None:
        return JsonResponse({"error": str(ATTEMPT_NOT_FOUND)}, status=404)
    review_url = reverse("quizzes:review", args=[attempt.pk])
    if not attempt.is_open:
        return JsonResponse(
            {"error": str(services.ATTEMPT_CLOSED), "redirect": review_url},
            status=409,
        )
    position = _int(request.POST.get("position"))
    answer = (
        attempt.answers.filter(position=position).first()
        if position is not None and 0 <= position < 32768
        else None
    )
    if answer is None:
        return JsonResponse({"error": str(services.UNKNOWN_QUESTION)}, status=400)
    answer.attempt = attempt
    form = AnswerForm(request.POST, answer=answer, practice=attempt.practice)
    if not form.is_valid():
        errors = [str(m) for messages_ in form.errors.values() for m in messages_]
        return JsonResponse(
            {"error": " ".join(errors), "errors": form.errors.get_json_data()},
            status=400,
        )
    try:
        saved = services.save_answer(
            attempt,
            position=position,
            response=form.response,
            confidence=form.confidence,
        )
    except ValidationError as error:
        code = _error_code(error)
        body = {"error": _error_text(error), "code": code}
        if code in ("too_late", "closed"):
            body["redirect"] = review_url
        return JsonResponse(body, status=JSON_STATUS.get(code, 400))
    counts = attempt.answers.aggregate(
        total=Count("pk"), answered=Count("pk", filter=Q(response__isnull=False))
    )
    return JsonResponse(
        {
            "saved": True,
            "position": saved.position,
            "answered": saved.response is not None,
            "answered_count": counts["answered"],
            "total": counts["total"],
            "saved_at": timezone.now().isoformat(),
        }
    )


# Submitting and review -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    """Confirm (listing unanswered questions), then grade; submitting twice is safe."""
    attempt = _own_attempt(request, pk)
    if request.method == "POST":
        late = services.is_expired(attempt)
        # Decided on the locked row: of two tabs submitting at once, one is told.
        submitted = services.submit_attempt_once(attempt)
        if not submitted or late:
            messages.info(request, ALREADY_SUBMITTED)
        elif attempt.status == Attempt.Status.AWAITING_MARKING:
            messages.success(request, SUBMITTED_FOR_MARKING)
        else:
            messages.success(request, SUBMITTED)
        return redirect("quizzes:review", pk=attempt.pk)
    if not attempt.is_open or _close_if_expired(request, attempt):
        return redirect("quizzes:review", pk=attempt.pk)
    answers = _answers(attempt)
    unanswered = [a.position + 1 for a in answers if a.response is None]
    context = {
        "attempt": attempt,
        "quiz": in_active_language(attempt.quiz),
        "total": len(answers),
        "unanswered": unanswered,
        "one_per_page": bool(attempt.settings.get("one_question_per_page")),
        "remaining_seconds": _remaining(attempt),
        "remaining_label": clock(_remaining(attempt)),
    }
    return render(request, "quizzes/submit.html", context)


@login_required
def review(request, pk):
    """The result, with answers, feedback and explanations as the quiz allows."""
    attempt = _own_attempt(request, pk)
    if attempt.is_open and not _close_if_expired(request, attempt):
        return redirect("quizzes:take", pk=attempt.pk)
    answers = _answers(attempt)
    feedback = attempt.settings.get("feedback")
    show_answers = feedback != Quiz.Feedback.NEVER
    calibration = None
    if attempt.practice:
        calibration = scoring.calibrate(
            [
                (a.position + 1, a.is_correct, a.confidence)
                for a in answers
                if a.response is not None
            ]
        )
    waiting = sum(1 for a in answers if a.needs_marking)
    context = {
        "attempt": attempt,
        "quiz": in_active_language(attempt.quiz),
        "items": [review_item(a) for a in answers] if show_answers else [],
        "show_answers": show_answers,
        "calibration": calibration,
        "total": len(answers),
        "answered": sum(1 for a in answers if a.response is not None),
        "correct": sum(1 for a in answers if a.is_correct),
        "waiting": waiting,
        "state": services.availability(request.user, quiz=attempt.quiz),
    }
    return render(request, "quizzes/review.html", context)


@login_required
def preview(request, pk):
    """The quiz as a learner sees it, for its editors; nothing is saved."""
    if not request.user.has_perm(PREVIEW_PERMISSION):
        raise PermissionDenied
    quiz = get_object_or_404(Quiz, pk=pk)
    seed = _int(request.GET.get("seed"))
    if seed is None or not 0 <= seed < 2**31:
        return redirect(
            f"{reverse('quizzes:preview', args=[quiz.pk])}?seed={drawing.new_seed()}"
        )
    answers = services.preview_answers(quiz, seed=seed)
    attempt = answers[0].attempt if answers else None
    if attempt is None:
        attempt = Attempt(quiz=quiz, settings=services.frozen_settings(quiz, seed=seed))
    if quiz.time_limit_minutes:
        attempt.deadline = timezone.now() + timedelta(minutes=quiz.time_limit_minutes)
    solutions = request.GET.get("answers") == "1"
    page = _page_number(request, answers)
    context = _take_context(
        attempt, answers, page=page, preview=True, solutions=solutions
    )
    context["seed"] = seed
    context["random_seed"] = random.Random().randrange(2**31)
    return render(request, "quizzes/take.html", context)


# What the learner sees after answering ---------------------------------------


def review_item(answer: Answer) -> dict[str, Any]:
    """One answer laid out for feedback: the learner's answer beside the right one."""
    snapshot = answer.snapshot
    response = answer.response or {}
    kind = snapshot.get("kind")
    points = int(snapshot.get("points") or 0)
    earned = answer.points_awarded
    item: dict[str, Any] = {
        "answer": answer,
        "number": answer.position + 1,
        "kind": kind,
        "text": snapshot.get("text", ""),
        "explanation": snapshot.get("explanation", ""),
        "points": points,
        "earned": earned,
        "state": _state(answer),
        "answered": answer.response is not None,
        "confidence": answer.get_confidence_display() if answer.confidence else "",
    }
    choices = snapshot.get("choices") or []
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        picked = set(response.get("choices") or []) | {response.get("choice")}
        item["rows"] = [
            {
                "text": c["text"],
                "picked": c["id"] in picked,
                "correct": bool(c.get("is_correct")),
                "feedback": c.get("feedback", "") if c["id"] in picked else "",
            }
            for c in choices
        ]
    elif kind == QuestionKind.TRUE_FALSE:
        truth = snapshot.get("answer_is_true")
        value = response.get("value")
        item["rows"] = [
            {"text": _("True"), "picked": value is True, "correct": truth is True},
            {"text": _("False"), "picked": value is False, "correct": truth is False},
        ]
    elif kind == QuestionKind.ORDERING:
        text = {c["id"]: c["text"] for c in choices}
        correct = snapshot.get("correct_order") or []
        given = response.get("order") or []
        # As scored: a step is right when it sits next to the step that truly
        # comes before or after it.
        pairs = set(zip(correct, correct[1:], strict=False))
        item["given_order"] = [
            {
                "text": text.get(i, ""),
                "in_place": (index > 0 and (given[index - 1], i) in pairs)
                or (index + 1 < len(given) and (i, given[index + 1]) in pairs),
            }
            for index, i in enumerate(given)
        ]
        item["correct_order"] = [text.get(i, "") for i in correct]
    elif kind == QuestionKind.MATCHING:
        options = {o["id"]: o["text"] for o in snapshot.get("right_options") or []}
        pairs = response.get("pairs") or {}
        item["pairs"] = [
            {
                "left": c["text"],
                "given": options.get(pairs.get(str(c["id"])), ""),
                "correct": c.get("match", ""),
                "ok": options.get(pairs.get(str(c["id"]))) == c.get("match"),
            }
            for c in choices
        ]
    else:
        item["given_text"] = response.get("text", "")
        item["accepted"] = snapshot.get("accepted_answers") or []
        item["marker_comment"] = answer.marker_comment
        item["marked"] = answer.marked_at is not None
    return item


def _state(answer: Answer) -> str:
    if answer.needs_marking:
        return "awaiting"
    if answer.points_awarded is None:
        return "unscored" if answer.response is not None else "unanswered"
    if answer.response is None:
        return "unanswered"
    if answer.is_correct:
        return "correct"
    if answer.points_awarded > 0:
        return "partial"
    return "incorrect"
