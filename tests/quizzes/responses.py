"""Responses built from an answer's snapshot: the right one, a wrong one, a blank.

They follow the agreed response format, so tests can answer whatever an
attempt happened to draw and shuffle.
"""

from quizzes.models import QuestionKind
from quizzes.scoring import full_marks_response


def right(snapshot: dict) -> dict:
    """The response that earns full points."""
    return full_marks_response(snapshot)


def wrong(snapshot: dict) -> dict:
    """A response that earns nothing (for essays: one that still needs marking)."""
    kind = snapshot["kind"]
    choices = snapshot.get("choices") or []
    if kind == QuestionKind.SINGLE:
        return {"choice": next(c["id"] for c in choices if not c["is_correct"])}
    if kind == QuestionKind.MULTIPLE:
        return {"choices": [c["id"] for c in choices if not c["is_correct"]]}
    if kind == QuestionKind.TRUE_FALSE:
        return {"value": not snapshot["answer_is_true"]}
    if kind == QuestionKind.ORDERING:
        return {"order": list(reversed(snapshot["correct_order"]))}
    if kind == QuestionKind.MATCHING:
        options = [o["id"] for o in snapshot["right_options"]]
        text = {o["id"]: o["text"] for o in snapshot["right_options"]}
        pairs = {}
        for c in choices:
            pairs[str(c["id"])] = next(o for o in options if text[o] != c["match"])
        return {"pairs": pairs}
    if kind == QuestionKind.SHORT_TEXT:
        return {"text": "no idea"}
    return {"text": "Something."}


def form_data(snapshot: dict, response: dict, position: int) -> dict:
    """The POST fields the take page sends for ``response`` to one question.

    The page names choices, items and options by where they are shown.
    """
    prefix = f"q{position}-"
    kind = snapshot["kind"]
    at = {c["id"]: str(i) for i, c in enumerate(snapshot.get("choices") or [])}
    option_at = {
        o["id"]: str(i) for i, o in enumerate(snapshot.get("right_options") or [])
    }
    if kind == QuestionKind.SINGLE:
        return {f"{prefix}choice": at[response["choice"]]}
    if kind == QuestionKind.MULTIPLE:
        return {f"{prefix}choices": [at[i] for i in response["choices"]]}
    if kind == QuestionKind.TRUE_FALSE:
        return {f"{prefix}value": "true" if response["value"] else "false"}
    if kind == QuestionKind.ORDERING:
        return {
            f"{prefix}rank_{at[item]}": str(place)
            for place, item in enumerate(response["order"], start=1)
        }
    if kind == QuestionKind.MATCHING:
        return {
            f"{prefix}match_{at[int(left)]}": option_at[right]
            for left, right in response["pairs"].items()
        }
    return {f"{prefix}text": response["text"]}
