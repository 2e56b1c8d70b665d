"""The role-plays' part of a person's data export (``people.privacy``).

A run holds the replies the learner picked from the script, none of their own
words, so erasure leaves runs as they are: scores and outcomes keep counting.
"""

from people.privacy import register
from roleplays.models import RolePlayRun


def export_roleplays(profile) -> dict:
    """Every run, with the replies chosen in the words the script gave them."""
    runs = (
        RolePlayRun.objects.filter(user_id=profile.user_id)
        .select_related("version")
        .order_by("started_at", "pk")
    )
    return {"runs": [_run(run) for run in runs]}


def _run(run: RolePlayRun) -> dict:
    script = run.script()
    return {
        "roleplay": script.title,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "outcome": run.outcome,
        "ending": run.ending,
        "passed": run.passed,
        "score": run.score,
        "scaled_score": run.scaled_score,
        "choices": [_turn(script, turn) for turn in run.turns],
    }


def _turn(script, turn) -> dict:
    step = script.scenario.step(turn.step)
    reply = step.reply(turn.reply) if step and turn.reply else None
    return {
        "step": turn.step,
        "reply": turn.reply,
        "reply_text": reply.text if reply else "",
    }


register("roleplays", export=export_roleplays)
