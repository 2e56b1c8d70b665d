"""Writes for role-plays: starting and answering runs, importing steps."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Clause
from people.languages import original_language
from roleplays import scenario as sc
from roleplays.admin_forms import describe
from roleplays.models import RolePlayPage, RolePlayRun, RolePlayVersion
from roleplays.signals import roleplay_finished
from roleplays.twee import parse_twee

ATTEMPTS_USED = _("You have used all the attempts at this role-play (%(limit)d).")
NOT_LIVE = _("This role-play is not published.")
NOT_PLAYABLE = _(
    "This role-play is being fixed by its author and cannot be played yet."
)
RUN_FINISHED = _("This run is already finished: here is its result.")
STALE_STEP = _(
    "That step was already answered (perhaps in another tab or window). "
    "Here is where your conversation is now."
)
NOT_OFFERED = _("That reply is not one of the choices at this step: pick one below.")
BROKEN_RUN = _("This run cannot go on: its scenario has a broken link.")
IMPORT_INVALID = _("The file has problems; nothing was imported.")


class RunNotFound(Exception):
    """No run with that id belongs to the user."""


def _now_iso() -> str:
    return timezone.now().isoformat(timespec="seconds")


def _store(run: RolePlayRun, script, position: sc.Position) -> None:
    """Copy a position onto the run (and the result, when it reached an ending)."""
    known = len(run.choices)
    new_turns = [turn.as_dict() | {"at": _now_iso()} for turn in position.turns[known:]]
    run.choices = [*run.choices, *new_turns]
    run.current_step = position.step
    run.mood = position.mood
    run.score = position.score
    run.critical = position.critical
    if sc.is_finished(script.scenario, position):
        result = sc.result(script.scenario, position, script.threshold)
        run.finished_at = timezone.now()
        run.scaled_score = result.scaled
        run.outcome = result.outcome
        run.ending = result.ending
        run.passed = result.passed


def start_run(user, *, page: RolePlayPage) -> RolePlayRun:
    """The user's unfinished run of ``page``, or a new one on its live revision.

    Runs in every language count towards the attempts allowed, and an unfinished
    run started in another language is resumed (in the language it started in).
    """
    runs = RolePlayRun.objects.of_user(user).of_roleplay(page)
    unfinished = runs.unfinished().first()
    if unfinished:
        return unfinished
    if page.max_attempts and runs.count() >= page.max_attempts:
        # The run counted may be one another tab started a moment ago: resume it.
        unfinished = runs.unfinished().first()
        if unfinished:
            return unfinished
        raise ValidationError(
            ATTEMPTS_USED, code="attempts_used", params={"limit": page.max_attempts}
        )
    revision = page.live_revision
    if not page.live or revision is None:
        raise ValidationError(NOT_LIVE, code="not_live")
    version = RolePlayVersion.objects.filter(revision=revision).first()
    if version is None:
        version = RolePlayVersion(
            page=page, revision=revision, content=RolePlayVersion.content_of(revision)
        )
    script = version.script()
    if not script.analysis().is_playable:
        raise ValidationError(NOT_PLAYABLE, code="not_playable")
    if version.pk is None:
        version, _created = RolePlayVersion.objects.get_or_create(
            revision=revision, defaults={"page": page, "content": version.content}
        )
    position = sc.begin(script.scenario, script.starting_mood)
    run = RolePlayRun(user=user, page=page, version=version, revision=revision)
    _store(run, script, position)
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:
        # A second tab started the same run a moment ago: carry on with that one.
        return runs.unfinished().get()
    return run


@transaction.atomic
def answer_run(user, *, run_id, step_key: str, reply_key: str) -> RolePlayRun:
    """Apply the reply ``reply_key`` to the step ``step_key`` of the user's run.

    The row is locked, and the step the page showed must still be the run's
    current step, so a reply posted twice (or from an old tab) counts once.
    """
    run = (
        RolePlayRun.objects.select_for_update(of=("self",))
        .select_related("version")
        .filter(pk=run_id, user=user)
        .first()
    )
    if run is None:
        raise RunNotFound(run_id)
    if run.is_finished:
        raise ValidationError(RUN_FINISHED, code="finished")
    if step_key != run.current_step:
        raise ValidationError(STALE_STEP, code="stale")
    script = run.script()
    try:
        position = sc.choose(script.scenario, run.position, reply_key)
    except sc.PlayError as error:
        if error.code == "not_offered":
            raise ValidationError(NOT_OFFERED, code="not_offered") from error
        raise ValidationError(BROKEN_RUN, code=error.code) from error
    _store(run, script, position)
    run.save()
    if run.is_finished:
        # Certification listens: a passed role-play may complete a requirement.
        transaction.on_commit(
            lambda: roleplay_finished.send(sender=RolePlayRun, run=run)
        )
    return run


def read_twee(text: str, *, pass_threshold: int):
    """A Twee 3 file's scenario, checked as publishing checks it.

    Returns the parsed file (``TweeImport``); raises a ValidationError listing
    every problem of the file (by line) and of the scenario it describes.
    """
    # Replies name the original clauses, whatever the language of the file.
    originals = Clause.objects.filter(original_language())
    clause_ids = dict(originals.values_list("code", "pk"))
    parsed = parse_twee(text, clause_ids=clause_ids)
    problems = list(parsed.problems)
    if not problems:
        analysis = sc.analyse(parsed.scenario, pass_threshold)
        problems = [describe(p, pass_threshold) for p in analysis.errors]
    if problems:
        raise ValidationError([ValidationError(str(p)) for p in problems])
    return parsed


def import_twee(user, *, page: RolePlayPage, text: str):
    """Replace the steps of ``page``'s draft with a Twee 3 file's; all or nothing.

    Returns the new draft revision; raises a ValidationError as ``read_twee``.
    """
    draft = page.get_latest_revision_as_object()
    parsed = read_twee(text, pass_threshold=draft.pass_threshold)
    draft.steps = sc.scenario_to_raw(parsed.scenario)
    draft.start_step = parsed.scenario.start_key
    with transaction.atomic():
        return draft.save_revision(user=user, log_action=True)
