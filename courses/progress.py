"""Learner progress through courses, derived from lesson completions.

The outline functions read a whole course in a fixed number of queries; the
arithmetic on top of them is pure and tested without a database.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import F, Q
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

from courses import caching
from courses.models import (
    CourseActivity,
    CoursePage,
    LessonCompletion,
    LessonPage,
    ModulePage,
)
from courses.practice import registered_practice
from people.languages import (
    default_locale_id,
    original_language,
    original_language_code,
)
from quizzes import scoring as quiz_scoring
from quizzes.models import Attempt, AttemptAllowance, Quiz


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return round(100 * self.done / self.total)

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def is_started(self) -> bool:
        return self.done > 0

    def __add__(self, other: "Progress") -> "Progress":
        return Progress(self.done + other.done, self.total + other.total)


@dataclass
class LessonEntry:
    page: LessonPage
    done: bool
    number: int = 0


@dataclass
class QuizResult:
    """A learner's standing on one quiz: the attempt that counts, or none yet."""

    quiz: Quiz
    state: str = "not_started"  # in_progress, awaiting_marking, passed, failed
    percent: float | None = None
    attempts: int = 0
    counting: Attempt | None = None
    out_of_attempts: bool = False  # not passed, and every attempt allowed used

    @property
    def passed(self) -> bool:
        return self.state == "passed"


@dataclass(frozen=True)
class PracticeEntry:
    """A page of practice another app adds to a module (a role-play, say)."""

    page: object
    kind: str
    passed: bool = False


@dataclass(frozen=True)
class Step:
    """One thing on a learner's path through a course, in course order."""

    kind: str  # lesson, quiz, or the kind of a practice page (roleplay)
    title: str
    url: str
    done: bool = False
    pending: bool = False  # done, waiting for a trainer (an essay to mark)
    blocked: bool = False  # out of attempts: a trainer or HR can give more

    @property
    def open(self) -> bool:
        return not (self.done or self.pending or self.blocked)


@dataclass
class ModuleEntry:
    page: ModulePage
    number: int
    lessons: list[LessonEntry] = field(default_factory=list)
    quiz_result: QuizResult | None = None
    practice: list[PracticeEntry] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        """The module's lessons, then its quiz, then its practice pages."""
        steps = [
            Step("lesson", entry.page.title, entry.page.url or "", done=entry.done)
            for entry in self.lessons
        ]
        result = self.quiz_result
        if result is not None:
            steps.append(
                Step(
                    "quiz",
                    result.quiz.title,
                    reverse("quizzes:quiz", args=[result.quiz.pk]),
                    done=result.passed,
                    pending=result.state == "awaiting_marking",
                    blocked=result.out_of_attempts,
                )
            )
        steps += [
            Step(entry.kind, entry.page.title, entry.page.url or "", done=entry.passed)
            for entry in self.practice
        ]
        return steps

    @property
    def progress(self) -> Progress:
        steps = self.steps
        return Progress(sum(step.done for step in steps), len(steps))

    @property
    def next_step(self) -> "Step | None":
        return next((step for step in self.steps if step.open), None)

    @property
    def estimated_minutes(self) -> int:
        return self.page.estimated_minutes


@dataclass(frozen=True)
class CourseProgress:
    """The course's one progress figure (0-100) and the learner's steps."""

    percent: int
    steps: Progress

    @property
    def is_complete(self) -> bool:
        return self.percent >= 100

    @property
    def is_started(self) -> bool:
        return self.percent > 0 or self.steps.is_started


@dataclass(frozen=True)
class Standing:
    """What certification says of a learner's course: the recorded progress
    figure, and which of its practice pages count (None: all of them)."""

    progress: int | None = None
    practice_keys: frozenset | None = None  # translation keys of the pages
    required: bool = False  # by the learner's job role or an assignment
    due_on: date | None = None  # the first certificate's due date, if required
    assigned: bool = False  # required by an assignment HR made


@dataclass
class CourseOutline:
    course: CoursePage
    modules: list[ModuleEntry]
    resume_lesson: LessonPage | None
    required: bool = False
    started: bool = False
    standing: Standing = field(default_factory=Standing)

    @property
    def lessons(self) -> list[LessonEntry]:
        return [entry for module in self.modules for entry in module.lessons]

    @property
    def steps(self) -> list[Step]:
        return [step for module in self.modules for step in module.steps]

    @property
    def next_step(self) -> Step | None:
        """The first step open (not done, waiting for marking or out of
        attempts), in course order."""
        return next((step for step in self.steps if step.open), None)

    @property
    def progress(self) -> CourseProgress:
        """The recorded figure where there is one; else the share of steps done."""
        steps = self.steps
        done = Progress(sum(step.done for step in steps), len(steps))
        recorded = self.standing.progress
        return CourseProgress(done.percent if recorded is None else recorded, done)

    @property
    def estimated_minutes(self) -> int:
        return sum(module.estimated_minutes for module in self.modules)

    @property
    def lesson_progress(self) -> Progress:
        """Lessons only (the course's progress also counts module quizzes)."""
        return Progress(sum(entry.done for entry in self.lessons), len(self.lessons))

    @property
    def next_quiz(self) -> ModuleEntry | None:
        """The first module whose lessons are done but whose quiz is not passed."""
        for module in self.modules:
            result = module.quiz_result
            lessons_done = all(entry.done for entry in module.lessons)
            if result and not result.passed and lessons_done:
                return module
        return None

    def module_of(self, lesson: LessonPage) -> ModuleEntry | None:
        for module in self.modules:
            if any(entry.page.pk == lesson.pk for entry in module.lessons):
                return module
        return None

    def neighbours(
        self, lesson: LessonPage
    ) -> tuple[LessonPage | None, LessonPage | None]:
        """The lessons before and after ``lesson`` in course order."""
        pages = [entry.page for entry in self.lessons]
        ids = [page.pk for page in pages]
        if lesson.pk not in ids:
            return None, None
        position = ids.index(lesson.pk)
        before = pages[position - 1] if position > 0 else None
        after = pages[position + 1] if position + 1 < len(pages) else None
        return before, after


def _lessons_under(root) -> list[LessonPage]:
    """The live lessons under a course or index, in course order (cached)."""
    return caching.cached("lessons", (root.pk,), lambda: _read_lessons(root))


def with_urls(pages: list) -> list:
    """``pages``, each with its address worked out, to be kept with it."""
    pages = list(pages)
    for page in pages:
        page.get_url_parts()
    return pages


def _read_lessons(root) -> list[LessonPage]:
    return with_urls(
        LessonPage.objects.live()
        .descendant_of(root)
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "translation_key",
            "locale_id",
        )
        .order_by("path")
    )


def _modules_under(root) -> list[ModulePage]:
    """The live modules under a course or index with their quizzes (cached)."""
    return caching.cached("modules", (root.pk,), lambda: _read_modules(root))


def _read_modules(root) -> list[ModulePage]:
    modules = ModulePage.objects.live().descendant_of(root).select_related("quiz")
    return with_urls(list(modules.order_by("path")))


def published_quizzes(quizzes):
    """Of ``quizzes``, those a published module uses as its quiz or practice quiz."""
    modules = ModulePage.objects.live()
    return quizzes.filter(
        Q(pk__in=modules.values("quiz")) | Q(pk__in=modules.values("practice_quiz"))
    )


def quiz_results(user, quizzes, *, since=None) -> dict[int, QuizResult]:
    """Each quiz's result for ``user`` (attempts after ``since``), in one query."""
    quizzes = {quiz.pk: quiz for quiz in quizzes}
    results = {pk: QuizResult(quiz=quiz) for pk, quiz in quizzes.items()}
    if not user.is_authenticated or not quizzes:
        return results
    # Attempts are kept on the original quiz: a translation's result is its.
    keys = {quiz.translation_key for quiz in quizzes.values()}
    attempts = Attempt.objects.filter(
        user=user, quiz__translation_key__in=keys, practice=False
    ).annotate(quiz_key=F("quiz__translation_key"))
    if since is not None:
        attempts = attempts.filter(started_at__gt=since)
    by_key: dict = {}
    for attempt in attempts:
        by_key.setdefault(attempt.quiz_key, []).append(attempt)
    for quiz_id, quiz in quizzes.items():
        if quiz.translation_key in by_key:
            results[quiz_id] = _quiz_result(quiz, by_key[quiz.translation_key])
    _mark_out_of_attempts(user, results)
    return results


def _mark_out_of_attempts(user, results) -> None:
    """Flag quizzes not passed whose every allowed attempt, extra ones
    included, is used (one query, only when some quiz has reached its limit)."""
    at_limit = [
        result
        for result in results.values()
        if not result.passed
        and result.quiz.attempt_limit is not None
        and result.attempts >= result.quiz.attempt_limit
    ]
    if not at_limit:
        return
    extra = AttemptAllowance.objects.extra_by_quiz(user, [r.quiz for r in at_limit])
    for result in at_limit:
        allowed = result.quiz.attempt_limit + extra.get(result.quiz.pk, 0)
        result.out_of_attempts = result.attempts >= allowed


def _quiz_result(quiz, attempts) -> QuizResult:
    graded = [a for a in attempts if a.status == Attempt.Status.GRADED]
    counting = quiz_scoring.counting_attempt(graded, quiz.grading)
    if counting is not None and counting.passed:
        state = "passed"
    elif any(a.status == Attempt.Status.AWAITING_MARKING for a in attempts):
        state = "awaiting_marking"
    elif any(a.is_open for a in attempts):
        state = "in_progress"
    else:
        state = "failed" if counting is not None else "not_started"
    percent = (
        float(counting.percent) if counting is not None and counting.percent else None
    )
    return QuizResult(
        quiz=quiz,
        state=state,
        percent=percent,
        attempts=len(attempts),
        counting=counting,
    )


def _done_keys(user, lessons) -> set:
    """Translation keys of the lessons ``user`` completed, in any language."""
    if not user.is_authenticated or not lessons:
        return set()
    keys = {lesson.translation_key for lesson in lessons}
    return set(
        LessonCompletion.objects.filter(
            user=user, lesson__translation_key__in=keys
        ).values_list("lesson__translation_key", flat=True)
    )


def _activity(user, courses) -> dict:
    """The learner's activity row of each course, by course id, whichever
    translation of the course it was recorded on."""
    if not user.is_authenticated or not courses:
        return {}
    keys = {course.translation_key for course in courses}
    rows = CourseActivity.objects.filter(
        user=user, course__translation_key__in=keys
    ).annotate(course_key=F("course__translation_key"))
    by_key = {row.course_key: row for row in rows}
    return {
        course.pk: by_key[course.translation_key]
        for course in courses
        if course.translation_key in by_key
    }


STANDING_HOOK = "training_course_standing"


def standings(user, courses) -> dict[int, Standing]:
    """What certification says of each course (through the hook it registers).

    Certification keeps its records on the original of each course, so a
    translation gets its original's standing."""
    found: dict[int, Standing] = {}
    if not user.is_authenticated or not courses:
        return found
    default_id = default_locale_id()
    if all(course.locale_id == default_id for course in courses):
        originals = {course.translation_key: course.pk for course in courses}
    else:
        originals = dict(
            CoursePage.objects.filter(
                original_language(),
                translation_key__in={course.translation_key for course in courses},
            ).values_list("translation_key", "pk")
        )
    ids = list(originals.values())
    for hook in hooks.get_hooks(STANDING_HOOK):
        by_original = hook(user, ids)
        for course in courses:
            original_id = originals.get(course.translation_key)
            if original_id in by_original:
                found[course.pk] = by_original[original_id]
    return found


def _practice_under(user, root, known=None) -> tuple[list[PracticeEntry], set]:
    """Every registered app's practice pages under ``root``, and those passed
    (``known``: the translation keys passed, by kind, for the kinds a caller
    has read already)."""
    entries, passed = [], set()
    known = known or {}
    for practice in registered_practice():
        pages = caching.cached(
            "practice",
            (practice.kind, root.pk),
            lambda p=practice: with_urls(p.pages_under(root)),
        )
        entries += [PracticeEntry(page=page, kind=practice.kind) for page in pages]
        if practice.kind in known:
            keys = known[practice.kind]
            passed |= {page.pk for page in pages if page.translation_key in keys}
        elif user.is_authenticated and pages:
            passed |= set(practice.passed_ids(user, pages))
    return entries, passed


def _build_outline(
    course, modules, lessons, done, activity, quizzes, practice=(), standing=None
) -> CourseOutline:
    standing = standing or Standing()
    practice, passed = practice or ([], set())
    counted = [
        entry
        for entry in practice
        if standing.practice_keys is None
        or entry.page.translation_key in standing.practice_keys
    ]
    entries = []
    for number, module in enumerate(modules, start=1):
        entry = ModuleEntry(page=module, number=number)
        entry.quiz_result = quizzes.get(module.quiz_id) if module.quiz_id else None
        entry.lessons = [
            LessonEntry(page=lesson, done=lesson.translation_key in done)
            for lesson in lessons
            if lesson.path.startswith(module.path)
        ]
        entry.practice = [
            PracticeEntry(page=item.page, kind=item.kind, passed=item.page.pk in passed)
            for item in counted
            if item.page.path.startswith(module.path)
        ]
        entries.append(entry)
    all_lessons = [item for entry in entries for item in entry.lessons]
    for number, item in enumerate(all_lessons, start=1):
        item.number = number
    # Resume at the first lesson not done in course order, not the last visited.
    resume = next((item.page for item in all_lessons if not item.done), None)
    return CourseOutline(
        course=course,
        modules=entries,
        resume_lesson=resume,
        started=activity is not None or any(item.done for item in all_lessons),
        standing=standing,
    )


def course_outline(
    user, course: CoursePage, *, practice=True, activity=True, required=True
) -> CourseOutline:
    """A course's modules, lessons, quizzes and (unless asked not to) practice
    pages, whether the learner has started and whether their role requires
    the course, with the user's progress, in a fixed number of queries."""
    lessons = _lessons_under(course)
    done = _done_keys(user, lessons)
    activity = _activity(user, [course]).get(course.pk) if activity else None
    modules = _modules_under(course)
    quizzes = quiz_results(user, [m.quiz for m in modules if m.quiz_id])
    found = _practice_under(user, course) if practice else ([], set())
    standing = standings(user, [course]).get(course.pk)
    outline = _build_outline(
        course, modules, lessons, done, activity, quizzes, found, standing
    )
    outline.required = bool(required and standing and standing.required)
    return outline


def course_of(page) -> CoursePage:
    """The course ``page`` is in, looked up once per page instance (a lesson's
    visit hook and its context both need it while serving one request)."""
    if "_course" not in page.__dict__:

        def read():
            return CoursePage.objects.ancestor_of(page).get()

        # A new page in preview has no id yet (and may not be saved as it is).
        found = caching.cached("course-of", (page.pk,), read) if page.pk else read()
        page._course = found
    return page._course


def module_outline(user, module: ModulePage) -> dict:
    """A module page's course outline and its own entry in it."""
    outline = course_outline(user, course_of(module))
    entry = next((m for m in outline.modules if m.page.pk == module.pk), None)
    return {"course": outline, "module": entry}


def lesson_outline(user, lesson: LessonPage) -> dict:
    """Everything a lesson page shows around the lesson itself (its module's
    lessons and the course's progress figure: practice pages and whether the
    course was started or is required are not needed)."""
    outline = course_outline(
        user, course_of(lesson), practice=False, activity=False, required=False
    )
    previous, following = outline.neighbours(lesson)
    module_entry = outline.module_of(lesson)
    done = any(entry.done for entry in outline.lessons if entry.page.pk == lesson.pk)
    return {
        "course": outline,
        "module": module_entry,
        "previous": previous,
        "next": following,
        "done": done,
    }


def catalogue_courses(index) -> list[CoursePage]:
    """The live courses under ``index``, in tree order (kept with the content)."""
    return caching.cached("courses", (index.pk,), lambda: _read_courses(index))


def catalogue_for(user, index, *, standing=None, passed=None) -> list[CourseOutline]:
    """Every live course under ``index`` with the user's progress; required first.

    ``standing`` (by course id) saves asking the standing hook, and ``passed``
    (practice kind → translation keys of the pages the user passed) asking
    which practice pages they passed, for a caller that has read them."""
    courses = catalogue_courses(index)
    lessons = _lessons_under(index)
    modules = _modules_under(index)
    done = _done_keys(user, lessons)
    activity = _activity(user, courses)
    quizzes = quiz_results(user, [m.quiz for m in modules if m.quiz_id])
    practice, passed = _practice_under(user, index, passed)
    found = standings(user, courses) if standing is None else standing
    outlines = []
    for course in courses:
        outline = _build_outline(
            course,
            [m for m in modules if m.path.startswith(course.path)],
            [lesson for lesson in lessons if lesson.path.startswith(course.path)],
            done,
            activity.get(course.pk),
            quizzes,
            ([i for i in practice if i.page.path.startswith(course.path)], passed),
            found.get(course.pk),
        )
        outline.required = outline.standing.required
        outlines.append(outline)
    outlines.sort(key=lambda outline: not outline.required)
    return outlines


def _read_courses(index) -> list[CoursePage]:
    return with_urls(
        CoursePage.objects.live()
        .child_of(index)
        .select_related("hero_image")
        .prefetch_related("hero_image__renditions")
        .order_by("path")
    )


def show_in_language(outlines: list[CourseOutline], language: str) -> dict:
    """Swap the outlines' pages for their live translations in ``language``, for
    showing (kept with the content); ``{original's id: translation}``. Call it
    last: progress, records and evidence stay keyed on the original pages the
    outlines were built from."""
    pages = []
    for outline in outlines:
        pages += [outline.course, outline.resume_lesson]
        for module in outline.modules:
            pages += [module.page, *(entry.page for entry in module.lessons)]
            pages += [entry.page for entry in module.practice]
    keys = {page.translation_key for page in pages if page is not None}
    if not keys or language == original_language_code():
        return {}
    found = caching.cached(
        "translations", (language, _digest(keys)), lambda: _translations(keys, language)
    )
    if not found:
        return {}

    def shown(page):
        return found.get(page.translation_key, page) if page is not None else None

    for outline in outlines:
        outline.course = shown(outline.course)
        outline.resume_lesson = shown(outline.resume_lesson)
        for module in outline.modules:
            module.page = shown(module.page)
            for entry in module.lessons:
                entry.page = shown(entry.page)
            module.practice = [
                replace(entry, page=shown(entry.page)) for entry in module.practice
            ]
    return {
        page.pk: found[page.translation_key]
        for page in pages
        if page is not None and page.translation_key in found
    }


def _digest(keys) -> str:
    """A short name for a set of translation keys, for a cache key."""
    joined = ",".join(sorted(map(str, keys))).encode()
    return hashlib.sha1(joined, usedforsecurity=False).hexdigest()


def _translations(keys, language: str) -> dict:
    """The live pages of ``keys`` in ``language``, by translation key, with
    their addresses and without their stream fields (only titles and links are
    shown)."""
    pages = (
        Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language)
        .defer_streamfields()
        .specific()
    )
    return {page.translation_key: page for page in with_urls(pages)}
