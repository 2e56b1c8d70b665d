"""A person's evidence for their courses, read in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.models import Observation
from certification.rules import OBSERVATION, QUIZ, ROLEPLAY, Requirement
from courses.progress import course_outline, quiz_results
from roleplays.models import RolePlayRun

QUIZ_REQUIREMENT = gettext_lazy("Pass the quiz of “%(module)s”")
ROLEPLAY_REQUIREMENT = gettext_lazy("Pass the role-play “%(title)s”")


@dataclass
class Evidence:
    requirements: list[Requirement] = field(default_factory=list)
    lessons_done: int = 0
    lessons_total: int = 0
    quiz_attempts: list = field(default_factory=list)
    roleplay_runs: list = field(default_factory=list)
    observation: Observation | None = None


@dataclass
class Claim:
    """What to gather for one course: its rules, its outline, counted since when."""

    course: object
    requirements: object
    outline: object
    since: datetime | None = None


def gather(user, course, requirements, *, since=None, outline=None) -> Evidence:
    """Everything that counts toward ``course`` for ``user`` since ``since``."""
    outline = outline or course_outline(user, course)
    claim = Claim(course, requirements, outline, since)
    return gather_many(user, [claim])[course.pk]


def gather_many(user, claims: list[Claim], *, runs=None) -> dict[int, Evidence]:
    """Evidence for several courses at once: a few queries whatever their number
    (``runs``: the person's finished runs with ``page_key``, newest first, when
    read already)."""
    runs = _runs(user, claims) if runs is None else runs
    observations = _observations(user, claims)
    found = {}
    for claim in claims:
        lessons = claim.outline.lesson_progress
        evidence = Evidence(lessons_done=lessons.done, lessons_total=lessons.total)
        if claim.requirements.module_quizzes:
            _quizzes(evidence, user, claim)
        _roleplays(evidence, claim, runs)
        if claim.requirements.observation_required:
            _observation(evidence, claim, observations)
        found[claim.course.pk] = evidence
    return found


def _quizzes(found, user, claim):
    modules = [module for module in claim.outline.modules if module.page.quiz_id]
    if claim.since is None:
        results = {m.page.quiz_id: m.quiz_result for m in modules if m.quiz_result}
    else:
        quizzes = [module.page.quiz for module in modules]
        results = quiz_results(user, quizzes, since=claim.since)
    for module in modules:
        result = results[module.page.quiz_id]
        found.requirements.append(
            Requirement(
                QUIZ,
                module.page.quiz_id,
                QUIZ_REQUIREMENT % {"module": module.page.title},
                met=result.passed,
                pending=result.state == "awaiting_marking",
                attempted=result.attempts > 0,
                url=reverse("quizzes:quiz", args=[module.page.quiz_id]),
                blocked=result.out_of_attempts,
            )
        )
        if result.passed and result.counting is not None:
            found.quiz_attempts.append(result.counting)


def _required_pages(claim):
    pages = (page for page in claim.requirements.roleplays.all() if page.live)
    return sorted(pages, key=lambda page: page.path)


def _runs(user, claims) -> list:
    """Finished runs of the required role-plays, in any of their translations."""
    keys = {page.translation_key for claim in claims for page in _required_pages(claim)}
    if not keys:
        return []
    runs = RolePlayRun.objects.filter(user=user, page__translation_key__in=keys)
    runs = runs.annotate(page_key=F("page__translation_key"))
    return list(runs.filter(finished_at__isnull=False).order_by("-finished_at"))


def _roleplays(found, claim, runs):
    for page in _required_pages(claim):
        mine = [
            run
            for run in runs
            if run.page_key == page.translation_key
            and (claim.since is None or run.finished_at > claim.since)
        ]
        passed = next((run for run in mine if run.passed), None)
        found.requirements.append(
            Requirement(
                ROLEPLAY,
                page.pk,
                ROLEPLAY_REQUIREMENT % {"title": page.title},
                met=passed is not None,
                attempted=bool(mine),
                url=page.url or "",
            )
        )
        if passed:
            found.roleplay_runs.append(passed)


def _observations(user, claims) -> list:
    courses = [
        claim.course.pk for claim in claims if claim.requirements.observation_required
    ]
    if not courses:
        return []
    rows = Observation.objects.filter(learner=user, course_id__in=courses)
    return list(rows.order_by("-observed_on", "-created_at"))


def _observation(found, claim, observations):
    found.observation = next(
        (
            row
            for row in observations
            if row.course_id == claim.course.pk
            and (claim.since is None or row.created_at > claim.since)
        ),
        None,
    )
    found.requirements.append(
        Requirement(
            OBSERVATION,
            "observation",
            _("Practical observation by a trainer or your manager"),
            met=bool(found.observation and found.observation.passed),
            attempted=found.observation is not None,
        )
    )


def attach(certificate, found: Evidence) -> None:
    """Store the evidence with an issued certificate."""
    certificate.quiz_attempts.set(found.quiz_attempts)
    certificate.roleplay_runs.set(found.roleplay_runs)
