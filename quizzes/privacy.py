"""The quizzes' part of a person's data export and erasure (``people.privacy``).

Erasing removes the learner's own words (short-text and essay answers) and what
markers and HR wrote about them; points, statuses, confidence and dates stay, so
item analysis and the clause figures count the attempts as before.
"""

from django.db.models import Prefetch

from people.privacy import register
from quizzes.models import Answer, Attempt, AttemptAllowance


def export_quizzes(profile) -> dict:
    """Every attempt with its answers, and the extra attempts granted."""
    answers = Answer.objects.select_related("marked_by").order_by("position")
    attempts = (
        Attempt.objects.filter(user_id=profile.user_id)
        .select_related("quiz")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("started_at", "pk")
    )
    allowances = (
        AttemptAllowance.objects.filter(user_id=profile.user_id)
        .select_related("quiz", "granted_by")
        .order_by("created_at", "pk")
    )
    return {
        "attempts": [_attempt(attempt) for attempt in attempts],
        "extra_attempts": [
            {
                "quiz": allowance.quiz.title,
                "extra": allowance.extra,
                "granted_at": allowance.created_at,
                "granted_by": _name(allowance.granted_by),
                "reason": allowance.reason,
            }
            for allowance in allowances
        ],
    }


def _attempt(attempt: Attempt) -> dict:
    return {
        "quiz": attempt.quiz.title,
        "number": attempt.number,
        "practice": attempt.practice,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "graded_at": attempt.graded_at,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "answers": [_answer(answer) for answer in attempt.answers.all()],
    }


def _answer(answer: Answer) -> dict:
    snapshot = answer.snapshot if isinstance(answer.snapshot, dict) else {}
    return {
        "position": answer.position + 1,
        "question": snapshot.get("text", ""),
        "kind": snapshot.get("kind", ""),
        "answer": answer_in_words(snapshot, answer.response),
        "confidence": answer.confidence,
        "answered_at": answer.answered_at,
        "points": answer.points_awarded,
        "out_of": snapshot.get("points"),
        "correct": answer.is_correct,
        "marked_by": _name(answer.marked_by),
        "marker_comment": answer.marker_comment,
    }


def answer_in_words(snapshot: dict, response):
    """The response as the learner saw it: the texts of the choices they
    picked rather than their ids (the formats of ``quizzes.models.Answer``)."""
    if not isinstance(response, dict):
        return response
    texts = {str(c.get("id")): c.get("text") for c in snapshot.get("choices") or []}
    options = {
        str(o.get("id")): o.get("text") for o in snapshot.get("right_options") or []
    }
    if "text" in response:
        return response["text"]
    if "choice" in response:
        return texts.get(str(response["choice"]))
    for key in ("choices", "order"):
        if key in response:
            return [texts.get(str(value)) for value in response[key] or []]
    if "pairs" in response:
        pairs = response["pairs"] or {}
        return {texts.get(str(k)): options.get(str(v)) for k, v in pairs.items()}
    return response.get("value", response)


def _name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def erase_quizzes(profile, actor) -> None:
    """Blank the learner's written answers and the comments about them."""
    answers = Answer.objects.filter(attempt__user_id=profile.user_id)
    written = list(answers.filter(response__has_key="text").exclude(response__text=""))
    for answer in written:
        answer.response = {**answer.response, "text": ""}
    Answer.objects.bulk_update(written, ["response"])
    answers.exclude(marker_comment="").update(marker_comment="")
    allowances = AttemptAllowance.objects.filter(user_id=profile.user_id)
    allowances.exclude(reason="").update(reason="")


register("quizzes", export=export_quizzes, erase=erase_quizzes)
