"""The learner's own readiness page: every course, requirement and certificate."""

from dataclasses import dataclass, field, replace

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from certification import evidence, refreshers, rules
from certification.clauses import ClauseScore, clause_scores, weakest
from certification.models import (
    Certificate,
    CertificationRecord,
    CourseRequirements,
    RequiredCourse,
    Status,
)
from certification.rows import due_date, readiness_rows
from certification.services import requirements_for
from courses import caching
from courses.models import (
    Clause,
    CoursePage,
    TrainingIndexPage,
    show_clauses_in_language,
)
from courses.progress import (
    CourseOutline,
    Standing,
    catalogue_courses,
    catalogue_for,
    show_in_language,
)
from people.languages import original_language
from people.models import StaffProfile
from quizzes.models import Answer
from roleplays.models import RolePlayRun
from roleplays.practice import ROLEPLAY_PRACTICE
from roleplays.scenario.play import Turn, clause_scorecard

RECENT_ANSWERS = 500


@dataclass
class CourseReadiness:
    outline: CourseOutline
    record: CertificationRecord | None
    readiness: rules.Readiness
    certificate: Certificate | None = None
    expiring: bool = False
    row: object = None  # the readiness row, for a course the job role requires

    @property
    def course(self):
        return self.outline.course

    @property
    def status(self) -> str:
        """The status every report and the API give (the readiness rows')."""
        if self.row is not None:
            return self.row.status
        return self.record.current_status if self.record else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def due_date(self):
        return due_date(self.row) if self.row is not None else None

    @property
    def overdue(self) -> bool:
        return bool(self.row is not None and self.row.overdue)

    @property
    def is_ready(self) -> bool:
        return self.status == Status.CERTIFIED

    @property
    def next_step(self):
        """The first lesson, quiz or role-play not done, in course order; else
        the first requirement still open (e.g. the practical observation)."""
        return self.outline.next_step or self.readiness.next_requirement

    @property
    def practice_modules(self) -> list:
        """The course's modules that offer an ungraded practice quiz."""
        modules = self.outline.modules
        return [module for module in modules if module.page.practice_quiz_id]


@dataclass
class ReadinessPage:
    courses: list[CourseReadiness] = field(default_factory=list)
    weakest: list[tuple[Clause, ClauseScore]] = field(default_factory=list)
    refreshers: list = field(default_factory=list)  # after changes to the standard

    @property
    def next_up(self) -> CourseReadiness | None:
        """The first required course that is not ready, else the first not ready."""
        pending = [item for item in self.courses if not item.is_ready]
        required = [item for item in pending if item.outline.required]
        return (required or pending or [None])[0]


def readiness_page(user) -> ReadinessPage:
    index = caching.cached("original-index", (), _original_index)
    courses = catalogue_courses(index) if index else []
    records = _records(user)
    requirements = _requirements([course.pk for course in courses])
    now = timezone.now()
    staff_rows = list(readiness_rows(StaffProfile.objects.filter(user=user), now=now))
    # The rows are the courses required of the person (by job role or assignment).
    standing = _standings(
        {course_id: record.progress for course_id, record in records.items()},
        [course.pk for course in courses],
        {
            row.course_id: (row.due_on, row.due_assigned is not None)
            for row in staff_rows
        },
    )
    runs = _finished_runs(user)
    # A role-play passed is a finished run passed: no second read of the runs.
    passed = {ROLEPLAY_PRACTICE.kind: {run.page_key for run in runs if run.passed}}
    outlines = (
        catalogue_for(user, index, standing=standing, passed=passed) if index else []
    )
    claims = []
    for outline in outlines:
        record = records.get(outline.course.pk)
        rules_for = requirements.get(outline.course.pk) or requirements_for(
            outline.course
        )
        since = record.certified_at if record and not record.is_ready else None
        claims.append(evidence.Claim(outline.course, rules_for, outline, since))
    found = evidence.gather_many(user, claims, runs=runs)
    rows = {row.course_id: row for row in staff_rows}
    page = ReadinessPage()
    for outline in outlines:
        record = records.get(outline.course.pk)
        item = _course_readiness(outline, record, found, now)
        item.row = rows.get(outline.course.pk)
        page.courses.append(item)
    page.weakest = weakest_clauses(user, runs=runs)
    page.refreshers = refreshers.shown_in_language(
        list(refreshers.pending_for(user)), get_language()
    )
    # Shown in the reader's language; the figures above belong to the originals.
    shown = show_in_language([item.outline for item in page.courses], get_language())
    if shown:
        for item in page.courses:
            _retitle(item, shown)
    return page


def _original_index():
    return TrainingIndexPage.objects.live().filter(original_language()).first()


def _requirements(course_ids: list[int]) -> dict:
    """Each course's requirements row with its role-plays (kept with the content)."""

    def read():
        rows = CourseRequirements.objects.filter(course__in=course_ids)
        return {row.course_id: row for row in rows.prefetch_related("roleplays")}

    return caching.cached("requirements", tuple(course_ids), read)


def _retitle(item: CourseReadiness, shown: dict) -> None:
    """The requirements named after the translated modules and role-plays."""
    quizzes = {m.page.quiz_id: m.page for m in item.outline.modules if m.page.quiz_id}
    item.readiness.requirements[:] = [
        _retitled(requirement, quizzes, shown)
        for requirement in item.readiness.requirements
    ]


def _retitled(requirement, quizzes: dict, shown: dict):
    if requirement.kind == rules.QUIZ and requirement.key in quizzes:
        title = evidence.QUIZ_REQUIREMENT % {"module": quizzes[requirement.key].title}
    elif requirement.kind == rules.ROLEPLAY and requirement.key in shown:
        title = evidence.ROLEPLAY_REQUIREMENT % {"title": shown[requirement.key].title}
    else:
        return requirement
    return replace(requirement, title=title)


def _course_readiness(outline, record, found, now) -> CourseReadiness:
    evidence_for = found[outline.course.pk]
    result = rules.evaluate(
        evidence_for.requirements,
        rules.Standing.of(record),
        now=now,
        lessons_done=evidence_for.lessons_done,
        lessons_total=evidence_for.lessons_total,
    )
    certificate = getattr(record, "current_certificate", None)
    expiring = bool(record and rules.is_expiring(record.expires_at, now=now))
    return CourseReadiness(outline, record, result, certificate, expiring)


def _records(user) -> dict:
    """The person's records by course id, each with its current certificate
    (the last cycle's, not superseded) as ``current_certificate`` when there is
    one, in one query."""
    current = FilteredRelation(
        "certificates", condition=Q(certificates__superseded_by__isnull=True)
    )
    rows = CertificationRecord.objects.filter(user=user).annotate(
        current_certificate=current
    )
    rows = rows.select_related("current_certificate")
    # Should a record have two, the later cycle's row comes last and stays.
    ordered = rows.order_by("course_id", "current_certificate__cycle")
    return {row.course_id: row for row in ordered}


def _finished_runs(user) -> list:
    """The person's finished role-play runs with their scripts, newest first,
    with the translation key of the role-play as ``page_key``."""
    runs = RolePlayRun.objects.filter(user=user, finished_at__isnull=False)
    runs = runs.select_related("version").annotate(page_key=F("page__translation_key"))
    return list(runs.order_by("-finished_at"))


def weakest_clauses(
    user, *, limit: int = 3, runs=None
) -> list[tuple[Clause, ClauseScore]]:
    """The clauses this person gets wrong most, from quiz answers and role-plays
    (``runs``: their finished runs, when read already)."""
    runs = _finished_runs(user) if runs is None else runs
    results = list(_quiz_clause_results(user)) + list(_roleplay_clause_results(runs))
    worst = weakest(clause_scores(results), limit=limit)
    clauses = _clauses_shown(sorted(score.clause_id for score in worst))
    return [(clauses[s.clause_id], s) for s in worst if s.clause_id in clauses]


def _clauses_shown(ids: list[int]) -> dict:
    """Clauses by id, in the reader's language (kept with the content)."""
    if not ids:
        return {}

    def read():
        clauses = Clause.objects.in_bulk(ids)
        show_clauses_in_language(clauses.values())
        return clauses

    return caching.cached("clauses", (get_language(), *ids), read)


def _quiz_clause_results(user):
    answers = (
        Answer.objects.filter(
            attempt__user=user,
            attempt__practice=False,
            attempt__status="graded",
            points_awarded__isnull=False,
        )
        .order_by("-attempt__started_at")
        .values_list("snapshot", "points_awarded")[:RECENT_ANSWERS]
    )
    for snapshot, points in answers:
        share = float(points) / max(1, int(snapshot.get("points") or 1))
        for clause_id in snapshot.get("clause_ids") or []:
            yield int(clause_id), share


def _roleplay_clause_results(runs):
    scripts = {}
    for run in runs:
        if run.version_id not in scripts:
            scripts[run.version_id] = run.version.script()
        turns = [Turn.from_dict(turn) for turn in run.choices]
        for tally in clause_scorecard(scripts[run.version_id].scenario, turns):
            yield from [(tally.clause, 1.0)] * tally.good
            yield from [(tally.clause, 0.0)] * tally.poor


def course_standings(user, course_ids) -> dict[int, Standing]:
    """The recorded progress figure, whether the course is required of the
    user and by when, and the role-plays that count, per course, in one query
    (registered as courses' standing hook); the requirements are kept with
    the content.

    A course gets its requirements row the first time a record is evaluated,
    so a course without one has no record yet: nothing done, no role-plays."""
    records = CertificationRecord.objects.filter(user=user, course=OuterRef("pk"))
    required = RequiredCourse.objects.filter(staff__user=user, course=OuterRef("pk"))
    rows = (
        CoursePage.objects.filter(pk__in=list(course_ids))
        .annotate(
            progress=Subquery(records.values("progress")[:1]),
            required=Exists(required),
            due_on=Subquery(required.values("due_on")[:1]),
            assignment=Subquery(required.values("assignment")[:1]),
        )
        .values_list("pk", "progress", "required", "due_on", "assignment")
    )
    progress, due = {}, {}
    for course_id, figure, is_required, due_on, assignment in rows:
        if figure is not None:
            progress[course_id] = figure
        if is_required:
            due[course_id] = (due_on, assignment is not None)
    return _standings(progress, course_ids, due)


def _standings(progress: dict, course_ids, required: dict) -> dict[int, Standing]:
    """Each course's standing from its recorded ``progress`` (by course id;
    absent without a record), the courses ``required`` of the person (course
    id → due date and whether an assignment requires it) and the role-plays
    its requirements count."""
    practice = _counted_roleplays(list(course_ids))
    return {
        course_id: Standing(
            progress=progress.get(course_id) or 0,
            practice_keys=practice.get(course_id, frozenset()),
            required=course_id in required,
            due_on=required.get(course_id, (None, False))[0],
            assigned=required.get(course_id, (None, False))[1],
        )
        for course_id in course_ids
    }


def _counted_roleplays(course_ids: list[int]) -> dict[int, frozenset]:
    """The translation keys of the role-plays each course's requirements count,
    for the courses that have a requirements row (kept with the content)."""

    def read():
        return {
            course_id: frozenset(page.translation_key for page in row.roleplays.all())
            for course_id, row in _requirements(course_ids).items()
        }

    return caching.cached("counted-roleplays", tuple(course_ids), read)
