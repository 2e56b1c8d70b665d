"""Demo histories: staff who learnt, practised, were observed and certified.

Everything goes through the apps' services, so the demo holds real attempts,
runs, observations, certificates and history events. The services run today:
quizzes and observations take the moment they happened (``now=``,
``observed_on=``), and what the other services stamp with the clock is moved
back to that moment afterwards (``back_dated``).
"""

import random
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from certification import services as certification
from certification.models import (
    Certificate,
    CertificationRecord,
    ObservationChecklist,
    Rating,
    Status,
)
from certification.sweep import expire_records
from courses import services as course_services
from courses.models import CoursePage, LessonPage, ModulePage
from people.models import StaffProfile
from quizzes import services as quiz_services
from quizzes.models import Attempt
from quizzes.scoring import full_marks_response
from roleplays import services as roleplay_services
from roleplays.models import RolePlayPage

SEED = 20261122


# What the services stamp with the clock, by the learner's related name.
STAMPED = {
    "quiz_attempts": ["started_at"],  # the rest of an attempt takes ``now=``
    "lesson_completions": ["completed_at"],
    "lesson_visits": ["first_opened_at"],
    "course_activity": ["started_at", "last_seen_at"],
    "roleplay_runs": ["started_at", "finished_at"],
    "observations": ["created_at"],
    "certification_records": ["certified_at", "expires_at", "last_activity_at"],
}
# ...and on the certificates of the learner's records. The records' history
# events are append-only: they keep the day the demo was loaded.
STAMPED_ON_RECORDS = {Certificate: ["issued_at", "expires_at"]}


@contextmanager
def back_dated(user, moment: datetime):
    """Move what the services stamp with the clock for ``user`` in the block
    back to ``moment``, keeping the time between the stamps."""
    since = timezone.now()
    yield
    shift = since - moment
    _back_date_turns(user, since, shift)
    for rows, names in _stamped_rows(user):
        for name in names:
            rows.filter(**{f"{name}__gte": since}).update(**{name: F(name) - shift})


def _stamped_rows(user):
    for related_name, names in STAMPED.items():
        yield getattr(user, related_name).all(), names
    for model, names in STAMPED_ON_RECORDS.items():
        yield model.objects.filter(record__user=user), names


def _back_date_turns(user, since: datetime, shift) -> None:
    """Each turn of a role-play run notes when it was played (``at``)."""
    for run in user.roleplay_runs.filter(started_at__gte=since):
        run.choices = [
            {**turn, "at": _earlier(turn["at"], shift)} if "at" in turn else turn
            for turn in run.choices
        ]
        run.save(update_fields=["choices"])


def _earlier(moment: str, shift) -> str:
    return (datetime.fromisoformat(moment) - shift).isoformat(timespec="seconds")


def take_quiz(user, quiz, *, trainer, rng, skill: float, at: datetime) -> Attempt:
    """Answer a quiz at ``at``: each question right with probability ``skill``."""
    attempt = quiz_services.start_attempt(user, quiz=quiz, now=at)
    responses = {
        answer.position: (full_marks_response(answer.snapshot), None)
        for answer in attempt.answers.all()
        if rng.random() < skill  # a question skipped earns nothing
    }
    if responses:
        quiz_services.save_answers(attempt, responses=responses, now=at)
    attempt = quiz_services.submit_attempt(attempt, now=at)
    for answer in attempt.answers.filter(needs_marking=True):
        points = answer.snapshot.get("points") or 1
        quiz_services.mark_answer(
            answer,
            marker=trainer,
            points=str(points if skill > 0.6 else 1),
            comment="Clear and practical."
            if skill > 0.6
            else "Say what you would do next.",
            now=at,
        )
    attempt.refresh_from_db()
    return attempt


def play(user, page: RolePlayPage, *, well: bool):
    """Play a role-play choosing the best (or the worst) reply at every step."""
    run = roleplay_services.start_run(user, page=page)
    while not run.is_finished:
        step = run.script().scenario.step(run.current_step)
        replies = sorted(step.replies, key=lambda r: (not r.critical, r.score))
        reply = replies[-1] if well else replies[0]
        run = roleplay_services.answer_run(
            user, run_id=run.pk, step_key=step.key, reply_key=reply.key
        )
    return run


def observe(learner, course, observer, *, passed: bool, rng, on: date):
    checklist = ObservationChecklist.objects.get(title=certification.DEFAULT_CHECKLIST)
    ratings = {
        item.pk: (Rating.MEETS if passed or rng.random() < 0.6 else Rating.NOT_YET, "")
        for item in checklist.items.all()
    }
    return certification.record_observation(
        observer,
        learner=learner,
        course=course,
        checklist=checklist,
        ratings=ratings,
        passed=passed,
        comments="Warm greeting, good distance." if passed else "Rushed the farewell.",
        observed_on=on,
        submission_key=uuid.uuid4(),
    )


class Journey:
    """What people do on their path through the course."""

    def __init__(self, course, trainer, rng):
        self.course = course
        self.trainer = trainer
        self.rng = rng
        self.lessons = list(
            LessonPage.objects.live().descendant_of(course).order_by("path")
        )
        modules = ModulePage.objects.live().child_of(course).select_related("quiz")
        self.quizzes = [m.quiz for m in modules.order_by("path") if m.quiz_id]
        self.roleplays = list(
            RolePlayPage.objects.live().descendant_of(course).order_by("path")
        )

    def lessons_done(self, user, share: float):
        # In one go: the record is refreshed once, not once per lesson.
        lessons = self.lessons[: round(len(self.lessons) * share)]
        course_services.complete_lessons(user, lessons=lessons, course=self.course)

    def quizzes_done(self, user, count: int, skill: float, *, at: datetime):
        for quiz in self.quizzes[:count]:
            take_quiz(
                user, quiz, trainer=self.trainer, rng=self.rng, skill=skill, at=at
            )

    def roleplays_done(self, user, count: int, well: bool = True):
        for page in self.roleplays[:count]:
            play(user, page, well=well)


def load_histories(course: CoursePage, stdout=None) -> int:
    """Give the demo staff a year of training history; skipped if already there."""
    if (
        CertificationRecord.objects.filter(course=course)
        .exclude(user__username="newhire")
        .exists()
    ):
        return 0
    rng = random.Random(SEED)
    users = get_user_model().objects
    trainer = users.get(username="trainer")
    hr = users.get(username="hr")
    journey = Journey(course, trainer, rng)
    now = timezone.now()
    people = list(
        StaffProfile.objects.filter(
            job_role__required_courses=course, manager__isnull=False
        )
        .exclude(user__username__in=["newhire", "manager"])
        .select_related("user", "department", "manager__user")
        .order_by("employee_id")
    )
    plans = _assign(people, _plans(len(people)), timezone.localdate(now))
    for index, (person, plan) in enumerate(zip(people, plans, strict=True)):
        _live(person, _timeline(person, plan, index, now), journey, hr)
    expire_records(now=now)
    if stdout:
        done = CertificationRecord.objects.filter(
            course=course, status=Status.CERTIFIED
        ).count()
        stdout.write(f"Histories: {len(people)} people, {done} certified.")
    return len(people)


def _plans(count: int) -> list[tuple[str, int]]:
    """(kind, days ago it happened): a mix so every report has something to show."""
    kinds = [
        ("certified", 200),
        ("expiring", 350),
        ("certified", 120),
        ("awaiting", 20),
        ("expired", 420),
        ("in_progress", 15),
        ("certified", 60),
        ("expiring", 355),
        ("not_started", 0),
        ("failed_observation", 40),
        ("certified", 30),
        ("revoked", 90),
        ("in_progress", 45),
        ("expired", 400),
    ]
    plans = [kinds[i % len(kinds)] for i in range(count)]
    # Exactly one revoked certificate: later rounds certify instead.
    first = plans.index(("revoked", 90)) if ("revoked", 90) in plans else None
    return [
        ("certified", 90) if plan[0] == "revoked" and i != first else plan
        for i, plan in enumerate(plans)
    ]


# The quickest anyone gets from hire to certificate, in days.
MIN_PACE = 14
# Days from hire to the observation that certifies, person by person: most take
# three to seven weeks, a few are quick and a few much slower.
PACES = [21, 26, 18, 34, 24, 45, 28, 16, 39, 95, 22, 52, 29, 36, 74, 25, 41, 30]
# Drivers are on the road and hard to observe; online staff sit next to their lead.
DEPARTMENT_PACE = {"Delivery and installation": 1.5, "Online orders": 0.8}
# Who leaves within months has often never settled in: they learnt slowly too.
LEAVER_PACE = 1.5
# Plans that need a year of history, with the fewest days ago that still makes
# them what they are: over 12 months old a certificate has expired; 11 months
# old, it expires within the month.
NEEDS_HISTORY = {"expired": 370, "expiring": 340}
CERTIFYING = {"certified", "revoked", "failed_observation"}


class Timeline(NamedTuple):
    kind: str
    start: datetime  # when they learnt
    observed: datetime | None  # when their practical observation took place


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _days_employed(person, today: date) -> int:
    until = min(person.leave_date or today, today)
    return (until - person.hire_date).days if person.hire_date else 10_000


def _assign(people, plans, today: date) -> list[tuple[str, int]]:
    """Pair people (in order) with plans. A plan that needs a year of history goes
    to someone employed long enough, longest-serving first; when nobody is left
    it becomes a plain certificate: nobody is certified before they were hired."""
    seniors = sorted(people, key=lambda p: p.hire_date or date.min)
    chosen, used = {}, set()
    long_plans = [i for i, plan in enumerate(plans) if plan[0] in NEEDS_HISTORY]
    for i in sorted(long_plans, key=lambda i: -NEEDS_HISTORY[plans[i][0]]):
        needed = NEEDS_HISTORY[plans[i][0]] + MIN_PACE
        for person in seniors:
            if person.pk not in chosen and _days_employed(person, today) >= needed:
                chosen[person.pk] = plans[i]
                used.add(i)
                break
    rest = iter(
        ("certified", 0) if plan[0] in NEEDS_HISTORY else plan
        for i, plan in enumerate(plans)
        if i not in used
    )
    return [chosen.get(person.pk) or next(rest) for person in people]


def _timeline(person, plan, index: int, now: datetime) -> Timeline:
    """When things happened: never before the hire date nor after leaving. Someone
    whose pace would take them past today (or past leaving) is still learning."""
    kind, days_ago = plan
    hired = _midnight(person.hire_date) if person.hire_date else now - timedelta(400)
    end = min(now, _midnight(person.leave_date)) if person.leave_date else now
    observed = None
    if kind in NEEDS_HISTORY:
        observed = max(now - timedelta(days=days_ago), hired + timedelta(MIN_PACE))
    elif kind in CERTIFYING:
        factor = DEPARTMENT_PACE.get(getattr(person.department, "name", ""), 1)
        factor *= LEAVER_PACE if person.leave_date else 1
        observed = hired + timedelta(days=round(PACES[index % len(PACES)] * factor))
        if kind == "failed_observation":
            observed = max(observed, now - timedelta(days=days_ago))
    if observed is not None and observed >= end:
        return Timeline("in_progress", hired + timedelta(days=3), None)
    if observed is not None:
        return Timeline(kind, observed - timedelta(days=10), observed)
    start = max(now - timedelta(days=days_ago + 10), hired)
    return Timeline(kind, min(start, end - timedelta(days=2)), None)


def _live(person, timeline: Timeline, journey, hr):
    kind = timeline.kind
    user = person.user
    observer = person.manager.user
    if kind == "not_started":
        return
    start = timeline.start
    with back_dated(user, start):
        if kind == "in_progress":
            journey.lessons_done(user, 0.5)
            journey.quizzes_done(user, 2, skill=0.7, at=start)
            return
        journey.lessons_done(user, 1.0)
        journey.quizzes_done(user, len(journey.quizzes), skill=1.0, at=start)
        journey.roleplays_done(user, len(journey.roleplays))
        if kind == "awaiting":
            return
    with back_dated(user, timeline.observed):
        passed = kind != "failed_observation"
        on = timezone.localdate(timeline.observed)
        observe(user, journey.course, observer, passed=passed, rng=journey.rng, on=on)
    if kind == "revoked":
        record = CertificationRecord.objects.get(user=user, course=journey.course)
        certification.revoke_certificate(
            record,
            actor=hr,
            reason="The observation was recorded for the wrong person.",
        )
