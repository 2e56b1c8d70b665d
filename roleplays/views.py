"""The role-play player: a landing page, the dialogue one step at a time, the result.

The server keeps the run. A page shows the current step's customer line and the
texts of its replies, nothing more: scores, feedback, mood changes, critical flags
and next steps of replies reach the browser only once the learner has chosen.
Every answer is a POST that redirects to the run, so reloading, going back and
forward, or answering from an old tab never applies a reply twice.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.images import get_image_model

from courses.models import Clause, CoursePage, ModulePage, show_clauses_in_language
from roleplays import scenario as sc
from roleplays import services as services
from roleplays.models import RolePlayPage, RolePlayRun, Script

RUN_MISSING = _("This role-play run does not exist, or it is not yours.")
MOOD_LABELS = {
    "furious": _("Furious"),
    "upset": _("Upset"),
    "neutral": _("Neutral"),
    "pleased": _("Pleased"),
    "delighted": _("Delighted"),
}
OUTCOME_LABELS = {
    "resolved": _("Customer won back"),
    "escalated": _("Escalated"),
    "customer_lost": _("Customer lost"),
}


def mood(value: int, before: int | None = None) -> dict:
    band = sc.mood_band(value)
    span = sc.MOOD_MAX - sc.MOOD_MIN
    return {
        "value": value,
        "band": band,
        "label": MOOD_LABELS[band],
        "percent": round(100 * (value - sc.MOOD_MIN) / span),
        "change": None if before is None else value - before,
        "min": sc.MOOD_MIN,
        "max": sc.MOOD_MAX,
    }


def persona(script: Script) -> dict:
    """The customer's name, role, initials and picture (one query for a picture)."""
    image = None
    if script.persona_image_id:
        image = get_image_model().objects.filter(pk=script.persona_image_id).first()
    initials = "".join(part[0] for part in script.persona_name.split()[:2]).upper()
    return {
        "name": script.persona_name,
        "role": script.persona_role,
        "initials": initials or "?",
        "image": image,
    }


def _verdict(reply: sc.Reply) -> str:
    if reply.critical or reply.score < 0:
        return "poor"
    return "good" if reply.score > 0 else "neutral"


def transcript(script: Script, turns, *, with_feedback: bool, with_scores: bool):
    """What was said so far: narration, and each customer line with the reply."""
    entries, before = [], script.starting_mood
    for turn in turns:
        step = script.scenario.step(turn.step)
        if step is None:
            continue
        if not turn.reply:
            entries.append({"kind": "narration", "text": step.text})
            continue
        reply = step.reply(turn.reply)
        entry = {
            "kind": "exchange",
            "step": step.key,
            "customer": step.text,
            "reply": reply.text if reply else turn.reply,
            "mood": mood(turn.mood, before),
        }
        if reply and (with_feedback or with_scores):
            entry["verdict"] = _verdict(reply)
            entry["critical"] = reply.critical
        if reply and with_scores:
            entry["score"] = reply.score
        if reply and with_feedback:
            entry["feedback"] = reply.feedback
        entries.append(entry)
        before = turn.mood
    return entries


def current_step(script: Script, run: RolePlayRun) -> dict | None:
    """The step waiting for a reply: the customer's line and the replies' texts."""
    step = script.scenario.step(run.current_step)
    if step is None or step.kind != sc.CUSTOMER:
        return None
    replies = [{"key": reply.key, "text": reply.text} for reply in step.replies]
    return {"key": step.key, "line": step.text, "replies": replies}


def run_result(script: Script, run: RolePlayRun) -> dict:
    """The end of a finished run: outcome, score, the reasons, the clause scorecard."""
    ending = script.scenario.step(run.ending)
    reasons = []
    if run.critical:
        reasons.append(_("You chose a critical reply, which fails the role-play."))
    if (run.scaled_score or 0) < script.threshold:
        reasons.append(_("Your score is below the pass mark."))
    if ending is not None and not ending.counts_as_pass:
        reasons.append(_("This ending does not count as a pass."))
    tallies = sc.clause_scorecard(script.scenario, run.turns)
    clauses = Clause.objects.in_bulk([tally.clause for tally in tallies])
    show_clauses_in_language(clauses.values())
    scorecard = [
        {
            "clause": clauses[tally.clause],
            "good": tally.good,
            "poor": tally.poor,
            "percent": round(100 * tally.good / tally.total) if tally.total else 0,
        }
        for tally in tallies
        if tally.clause in clauses
    ]
    scorecard.sort(key=lambda row: row["clause"].code)
    moods = [script.starting_mood] + [turn.mood for turn in run.turns if turn.reply]
    step = 100 / max(1, len(moods) - 1)
    points = [(round(n * step, 1), sc.MOOD_MAX - mood) for n, mood in enumerate(moods)]
    return {
        "outcome": run.outcome,
        "outcome_label": OUTCOME_LABELS.get(run.outcome, run.outcome),
        "debrief": ending.text if ending else "",
        "scaled": run.scaled_score,
        "threshold": script.threshold,
        "passed": run.passed,
        "reasons": [] if run.passed else reasons,
        "scorecard": scorecard,
        "moods": moods,
        "mood_points": " ".join(f"{x},{y}" for x, y in points),
        "mood_labels": [MOOD_LABELS[sc.mood_band(m)] for m in moods],
    }


def _ancestors(page) -> dict:
    """The course and module a role-play sits under, for breadcrumbs (two queries)."""
    return {
        "course": CoursePage.objects.ancestor_of(page).first(),
        "module": ModulePage.objects.ancestor_of(page).first(),
    }


def roleplay_cards(user, pages) -> list[dict]:
    """Role-plays as a learner sees them in a lesson or module (one query): runs
    in every language of each role-play count."""
    runs_by_key = {page.translation_key: [] for page in pages}
    runs = (
        RolePlayRun.objects.of_user(user)
        .filter(page__translation_key__in=[page.translation_key for page in pages])
        .annotate(key=F("page__translation_key"))
        .only("id", "page_id", "finished_at", "passed", "scaled_score", "outcome")
    )
    for run in runs:
        runs_by_key[run.key].append(run)
    cards = []
    for page in pages:
        runs = runs_by_key[page.translation_key]
        finished = [run for run in runs if run.is_finished]
        unfinished = next((run for run in runs if not run.is_finished), None)
        limit = page.max_attempts
        cards.append(
            {
                "page": page,
                "runs": runs,
                "best": max(finished, key=lambda run: run.rank, default=None),
                "unfinished": unfinished,
                "attempts_left": max(0, limit - len(runs)) if limit else None,
                "can_start": bool(unfinished) or not limit or len(runs) < limit,
            }
        )
    return cards


def roleplay_card(user, page: RolePlayPage) -> dict:
    return roleplay_cards(user, [page])[0]


def landing_context(request, page: RolePlayPage) -> dict:
    """The role-play page: briefing, customer, the learner's runs, or a preview."""
    script = page.script()
    analysis = script.analysis()
    context = {
        **_ancestors(page),
        "persona": persona(script),
        "mood": mood(script.starting_mood),
        "playable": analysis.is_playable,
        "card": roleplay_card(request.user, page),
        "outcome_labels": OUTCOME_LABELS,
    }
    clause_ids = {
        pk for step in script.scenario.steps for r in step.replies for pk in r.clauses
    }
    context["clauses"] = show_clauses_in_language(
        Clause.objects.filter(pk__in=clause_ids).order_by("code")
    )
    if getattr(request, "is_preview", False):
        context["storyboard"] = script.scenario.steps
        context["analysis"] = analysis
    return context


def _missing(request):
    context = {"message": RUN_MISSING}
    return render(request, "roleplays/run_missing.html", context, status=404)


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@login_required
@require_POST
def start_run(request, pk):
    """Start (or resume) a run of a published role-play."""
    page = get_object_or_404(RolePlayPage.objects.live(), pk=pk)
    try:
        run = services.start_run(request.user, page=page)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(page.url)
    return redirect(run)


def _play_context(run: RolePlayRun, script: Script) -> dict:
    finished = run.is_finished
    feedback_now = script.feedback_at_end if finished else script.feedback_during_play
    entries = transcript(
        script,
        run.turns,
        with_feedback=feedback_now,
        with_scores=finished or script.feedback_during_play,
    )
    last = next((e for e in reversed(entries) if e["kind"] == "exchange"), None)
    return {
        "run": run,
        "script": script,
        "mood": last["mood"] if last else mood(run.mood),
        "entries": entries,
        "feedback_now": feedback_now,
        "step": None if finished else current_step(script, run),
        "result": run_result(script, run) if finished else None,
    }


def _json(context: dict, status: int = 200, error: str = "") -> JsonResponse:
    """The run as JSON, keeping exactly the secrets the page keeps."""
    result = context["result"]
    if result:
        result = {
            **result,
            "scorecard": [
                {
                    **row,
                    "clause": {
                        "code": row["clause"].code,
                        "title": row["clause"].title,
                    },
                }
                for row in result["scorecard"]
            ],
        }
    data = {
        "run": str(context["run"].pk),
        "finished": context["run"].is_finished,
        "mood": context["mood"],
        "transcript": context["entries"],
        "step": context["step"],
        "result": result,
    }
    if error:
        data["error"] = error
    return JsonResponse(data, status=status, json_dumps_params={"default": str})


def _own_run(request, run_id):
    return (
        RolePlayRun.objects.of_user(request.user)
        .select_related("version", "page")
        .filter(pk=run_id)
        .first()
    )


@login_required
@require_GET
def play(request, run_id):
    """The run as it stands: the next customer line and replies, or the result."""
    run = _own_run(request, run_id)
    if run is None:
        return _missing(request)
    script = run.script()
    context = _play_context(run, script)
    if _wants_json(request):
        return _json(context)
    context.update(
        page=run.page,
        persona=persona(script),
        card=roleplay_card(request.user, run.page) if run.is_finished else None,
        **_ancestors(run.page),
    )
    return render(request, "roleplays/player.html", context)


@login_required
@require_POST
def answer(request, run_id):
    """Apply the learner's reply to the step they saw, then show the run again."""
    try:
        run = services.answer_run(
            request.user,
            run_id=run_id,
            step_key=request.POST.get("step", ""),
            reply_key=request.POST.get("reply", ""),
        )
    except services.RunNotFound:
        if _wants_json(request):
            return JsonResponse({"error": str(RUN_MISSING)}, status=404)
        return _missing(request)
    except ValidationError as error:
        message = error.messages[0]
        if _wants_json(request):
            run = _own_run(request, run_id)
            status = 400 if error.code == "not_offered" else 409
            return _json(_play_context(run, run.script()), status, message)
        if error.code == "not_offered":
            messages.error(request, message)
        else:
            messages.warning(request, message)
        return redirect("roleplays:run", run_id)
    if _wants_json(request):
        return _json(_play_context(run, run.script()))
    return redirect(run)
