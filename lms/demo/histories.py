"""Demo histories: staff who learnt, practised, were observed and certified.

Everything goes through the apps' services, so the demo holds real attempts,
runs, observations, certificates and history events. The services run today:
quizzes and observations take the moment they happened (``now=``,
``observed_on=``), and what the other services stamp with the clock is moved
back to that moment afterwards (``back_dated``).

The people answer like real staff: each team has clauses of the standard it is
weak on, and its people answer questions tagged with them wrong more often,
picking a plausible wrong option; some fail a quiz or a role-play and pass it on
a later day; some stop learning weeks ago. So every report has a story to tell.
"""

import random
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from certification import services as certification
from certification.models import (
    Certificate,
    CertificationRecord,
    Observation,
    ObservationChecklist,
    Rating,
    Status,
)
from certification.sweep import expire_records
from courses import services as course_services
from courses.models import CoursePage, LessonCompletion, LessonPage, ModulePage
from people.models import StaffProfile
from quizzes import services as quiz_services
from quizzes.models import Answer, Attempt, Question, QuestionKind
from quizzes.scoring import full_marks_response, score_answer
from roleplays import services as roleplay_services
from roleplays.models import RolePlayPage, RolePlayRun

SEED = 20261122


# What the services stamp with the clock, by the learner's related name.
STAMPED = {
    "quiz_attempts": ["started_at"],  # the rest of an attempt takes ``now=``
    "lesson_completions": ["completed_at"],
    "lesson_visits": ["first_opened_at"],
    "course_activity": ["started_at", "last_seen_at"],
    "roleplay_runs": ["started_at", "finished_at"],
    "observations": ["created_at"],
    "certification_records": [
        "certified_at",
        "first_certified_at",
        "expires_at",
        "last_activity_at",
    ],
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


# Answering like real staff ---------------------------------------------------


def wrong_response(snapshot, rng, *, confusions: Iterable[str] = ()) -> dict | None:
    """A plausible wrong answer to a question: a real wrong option, a near miss
    in an order or a matching, the rule of a neighbouring question in a short
    text. ``None`` for an essay (the marker decides)."""
    kind = snapshot["kind"]
    choices = sorted(snapshot.get("choices") or [], key=lambda c: c["id"])
    right = full_marks_response(snapshot)
    if kind == QuestionKind.SINGLE:
        wrong = [c["id"] for c in choices if not c["is_correct"]]
        return {"choice": rng.choice(wrong)} if wrong else right
    if kind == QuestionKind.MULTIPLE:
        correct = sorted(right["choices"])
        wrong = [c["id"] for c in choices if not c["is_correct"]]
        picked = list(correct)
        if wrong and (len(correct) < 2 or rng.random() < 0.5):
            picked.append(rng.choice(wrong))  # one tempting option too many
        if len(correct) > 1 and (picked == correct or rng.random() < 0.5):
            picked.remove(rng.choice(correct))  # one forgotten
        return {"choices": sorted(set(picked))}
    if kind == QuestionKind.TRUE_FALSE:
        return {"value": not snapshot["answer_is_true"]}
    if kind == QuestionKind.ORDERING:
        order = list(right["order"])
        if len(order) > 1:
            i = rng.randrange(len(order) - 1)
            order[i], order[i + 1] = order[i + 1], order[i]  # two steps swapped
        return {"order": order}
    if kind == QuestionKind.MATCHING:
        pairs = dict(right["pairs"])
        lefts = sorted(pairs)
        if len(lefts) > 1:
            a, b = rng.sample(lefts, 2)
            pairs[a], pairs[b] = pairs[b], pairs[a]  # two moments mixed up
        return {"pairs": pairs}
    if kind == QuestionKind.SHORT_TEXT:
        return {"text": _wrong_text(snapshot, rng, confusions)}
    return None


def _wrong_text(snapshot, rng, confusions: Iterable[str]) -> str:
    """A number misremembered, or what another rule of the quiz says."""
    accepted = list(snapshot.get("accepted_answers") or [""])
    taken = {" ".join(a.lower().split()) for a in accepted}
    number = re.search(r"\d+", accepted[0])
    if number:
        value = int(number.group())
        for other in rng.sample([value * 2, max(1, value // 2), value + 5], 3):
            text = accepted[0].replace(number.group(), str(other), 1)
            if " ".join(text.lower().split()) not in taken:
                return text
    others = [c for c in confusions if " ".join(c.lower().split()) not in taken]
    if others:
        return rng.choice(sorted(others))
    words = accepted[0].split()
    return " ".join(words[: max(1, len(words) // 2)]) if len(words) > 1 else "?"


def take_quiz(
    user,
    quiz,
    *,
    trainer,
    rng,
    skill: float,
    at: datetime,
    weak: Iterable[int] = (),
    weak_skill: float | None = None,
    must_pass: bool = False,
) -> Attempt:
    """Answer a quiz at ``at``: each question right with probability ``skill``,
    or ``weak_skill`` if it is tagged with one of the ``weak`` clause ids; a
    question not answered right gets a plausible wrong answer. ``must_pass``:
    just enough wrong answers are put right to reach the pass mark."""
    weak = set(weak)
    weak_skill = skill if weak_skill is None else weak_skill
    attempt = quiz_services.start_attempt(user, quiz=quiz, now=at)
    # By question, not by position: the draw's order is random, the demo is not.
    answers = sorted(attempt.answers.all(), key=lambda a: (a.question_id, a.position))
    confusions = [
        a.snapshot["accepted_answers"][0]
        for a in answers
        if a.snapshot["kind"] == QuestionKind.SHORT_TEXT
        and a.snapshot.get("accepted_answers")
    ]
    responses, weak_essays = {}, set()
    for answer in answers:
        snapshot = answer.snapshot
        tagged_weak = bool(weak & set(snapshot.get("clause_ids") or []))
        if rng.random() < (weak_skill if tagged_weak else skill):
            response = full_marks_response(snapshot)
        elif snapshot["kind"] == QuestionKind.ESSAY:
            weak_essays.add(answer.pk)
            response = full_marks_response(snapshot)
        else:
            response = wrong_response(snapshot, rng, confusions=confusions)
        responses[answer.position] = (response, None)
    if must_pass:
        _put_right(answers, responses, weak_essays, pass_mark=quiz.pass_mark)
    quiz_services.save_answers(attempt, responses=responses, now=at)
    attempt = quiz_services.submit_attempt(attempt, now=at)
    for answer in attempt.answers.filter(needs_marking=True).order_by("question_id"):
        _mark(answer, trainer, weak=answer.pk in weak_essays, at=at)
    attempt.refresh_from_db()
    return attempt


def _put_right(answers, responses, weak_essays, *, pass_mark) -> None:
    """Put wrong answers right, first to last, until the attempt reaches
    ``pass_mark`` (an essay counts as marked in full unless it is weak)."""

    def percent():
        earned = worth = Decimal(0)
        for answer in answers:
            scored = score_answer(answer.snapshot, responses[answer.position][0])
            worth += scored.max_points
            if scored.needs_marking:
                half = (scored.max_points / 2).to_integral_value()
                earned += half if answer.pk in weak_essays else scored.max_points
            else:
                earned += scored.points
        return 100 * earned / worth if worth else Decimal(100)

    for answer in answers:
        if percent() >= pass_mark:
            return
        if answer.pk in weak_essays:
            weak_essays.discard(answer.pk)
        else:
            responses[answer.position] = (full_marks_response(answer.snapshot), None)


def _mark(answer: Answer, trainer, *, weak: bool, at: datetime) -> None:
    worth = Decimal(answer.snapshot.get("points") or 1)
    points = (worth / 2).to_integral_value() if weak else worth
    comment = "Say what you would do next." if weak else "Clear and practical."
    quiz_services.mark_answer(
        answer, marker=trainer, points=str(points), comment=comment, now=at
    )


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
        for item in checklist.items.order_by("pk")
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


# Teams and people ------------------------------------------------------------

# A team answers questions on its weak clauses right this much less often.
WEAK_CLAUSES = {"department": 2, "location": 1}


def weak_clauses(people, clause_ids: Iterable[int], rng) -> dict[str, frozenset]:
    """Each department and each location's weak clauses, ``{name: clause ids}``:
    different clauses for different teams while there are enough."""
    pool = sorted(set(clause_ids))
    weak, taken = {}, set()
    for field, count in WEAK_CLAUSES.items():
        names = sorted({str(getattr(p, field) or "") for p in people} - {""})
        for name in names:
            free = [c for c in pool if c not in taken] or pool
            chosen = frozenset(rng.sample(free, min(count, len(free))))
            taken |= chosen
            weak[name] = weak.get(name, frozenset()) | chosen
    return weak


class Learner(NamedTuple):
    """How one person learns: how often they answer right, and on their
    team's weak clauses; whether a role-play throws them the first time."""

    user: object
    skill: float
    weak: frozenset
    weak_skill: float
    nerves: float  # how likely a role-play throws them the first time

    @classmethod
    def of(cls, person, weak, rng, *, skill=(0.84, 0.97)):
        team = weak.get(str(person.department or ""), frozenset())
        team |= weak.get(str(person.location or ""), frozenset())
        return cls(
            person.user,
            rng.uniform(*skill),
            team,
            rng.uniform(0.25, 0.5),
            rng.choice([0, 0, 0.25, 0.5]),
        )


class Clock:
    """The moments of a stretch of learning, ``steps`` events from ``start`` to
    ``end``, a little unevenly; never two within the quizzes' cool-down."""

    GAP = timedelta(minutes=30)

    def __init__(self, start: datetime, end: datetime, steps: float, rng):
        self.now = start
        self.end = end
        self.step = (end - start) / max(steps, 1)
        self.rng = rng

    def later(self, weight: float = 1.0) -> datetime:
        moment = self.now + self.step * weight * self.rng.uniform(0.5, 1.5)
        self.now = max(min(moment, self.end), self.now + self.GAP)
        return self.now


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

    def clause_ids(self, at_least: int = 3) -> set[int]:
        """The clauses at least ``at_least`` of the graded quizzes' questions are
        tagged with (fewer, if too few are): enough to show a team's weakness."""
        banks = [quiz.bank_id for quiz in self.quizzes]
        tagged = Counter(
            Question.objects.filter(bank__in=banks, clauses__isnull=False)
            .values_list("clauses", flat=True)
            .order_by()
        )
        for least in range(at_least, 0, -1):
            often = {clause for clause, count in tagged.items() if count >= least}
            if len(often) >= 2 * sum(WEAK_CLAUSES.values()):
                return often
        return set(tagged)

    def steps(self, share: float = 1.0) -> float:
        """About how many sittings a learner needs for ``share`` of the course."""
        return 2 + share * (1.4 * len(self.quizzes) + 1.4 * len(self.roleplays))

    def lessons_done(self, user, share: float, *, clock: Clock):
        """Read ``share`` of the lessons in two sittings."""
        lessons = self.lessons[: round(len(self.lessons) * share)]
        half = len(lessons) // 2
        for part in (lessons[:half], lessons[half:]):
            if part:
                with back_dated(user, clock.now):
                    # In one go: the record is refreshed once, not once per lesson.
                    course_services.complete_lessons(
                        user, lessons=part, course=self.course
                    )
                clock.later()

    def quiz_passed(self, learner: Learner, quiz, *, clock: Clock, tries=None) -> bool:
        """Sit a quiz until passed, a day or so apart, a little better each
        time, passing at the last attempt allowed at the latest (unless
        ``tries`` stops them earlier: they give up)."""
        limit = quiz.attempt_limit or 3
        for number in range(1, min(limit, tries or limit) + 1):
            gain = 0.3 * (number - 1)  # they read up on what they got wrong
            with back_dated(learner.user, clock.now):
                attempt = take_quiz(
                    learner.user,
                    quiz,
                    trainer=self.trainer,
                    rng=self.rng,
                    skill=learner.skill + (1 - learner.skill) * gain,
                    weak=learner.weak,
                    weak_skill=learner.weak_skill + (1 - learner.weak_skill) * gain,
                    at=clock.now,
                    must_pass=number == limit,
                )
            clock.later(0.6 if not attempt.passed else 1.0)
            if attempt.passed:
                return True
        return False

    def roleplay_passed(self, learner: Learner, page, *, clock: Clock, give_up=False):
        """Play a role-play; someone it throws fails first and plays it again
        on a later day, unless they ``give_up``."""
        if give_up:
            plays = [False]
        elif self.rng.random() < learner.nerves and (page.max_attempts or 2) > 1:
            plays = [False, True]
        else:
            plays = [True]
        for well in plays:
            with back_dated(learner.user, clock.now):
                run = play(learner.user, page, well=well)
            clock.later()
            if run.passed:
                return True
        return False


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
        _learners(course).select_related(
            "user", "department", "location", "manager__user"
        )
    )
    weak = weak_clauses(people, journey.clause_ids(), random.Random(SEED + 1))
    plans = _assign(people, _plans(len(people)), timezone.localdate(now))
    for index, (person, plan) in enumerate(zip(people, plans, strict=True)):
        timeline = _timeline(person, plan, index, now)
        skill = (0.65, 0.85) if timeline.kind in LEARNING else (0.84, 0.97)
        learner = Learner.of(person, weak, rng, skill=skill)
        _live(person, learner, timeline, journey, hr)
    expire_records(now=now)
    # The records are refreshed again when the transaction commits, stamping
    # today as everyone's last activity: put back the last simulated moment.
    transaction.on_commit(lambda: settle_last_activity(course))
    if stdout:
        done = CertificationRecord.objects.filter(
            course=course, status=Status.CERTIFIED
        ).count()
        stdout.write(f"Histories: {len(people)} people, {done} certified.")
    return len(people)


def _learners(course):
    """The staff with histories: everyone who must take the course and has a
    manager to observe them, but the new hire (their own story) and the manager."""
    return (
        StaffProfile.objects.filter(
            required_courses__course=course, manager__isnull=False
        )
        .exclude(user__username__in=["newhire", "manager"])
        .order_by("employee_id")
    )


def settle_last_activity(course) -> int:
    """Set each history's last activity to their latest lesson, quiz, role-play
    or observation; how many records changed."""
    users = _learners(course).values("user_id")
    latest: dict[int, datetime] = {}
    sources = [
        LessonCompletion.objects.filter(user__in=users, lesson__in=_lessons(course))
        .values_list("user")
        .annotate(moment=Max("completed_at")),
        Attempt.objects.filter(user__in=users, practice=False)
        .values_list("user")
        .annotate(moment=Max("submitted_at")),
        RolePlayRun.objects.filter(user__in=users)
        .values_list("user")
        .annotate(moment=Max(Coalesce("finished_at", "started_at"))),
        Observation.objects.filter(learner__in=users, course=course)
        .values_list("learner")
        .annotate(moment=Max("created_at")),
    ]
    for rows in sources:
        for user_id, moment in rows.order_by():
            if moment and (user_id not in latest or moment > latest[user_id]):
                latest[user_id] = moment
    changed = 0
    records = CertificationRecord.objects.filter(course=course, user__in=users)
    for record_id, user_id, stamped in records.values_list(
        "pk", "user_id", "last_activity_at"
    ):
        moment = latest.get(user_id)
        if moment and stamped != moment:
            CertificationRecord.objects.filter(pk=record_id).update(
                last_activity_at=moment
            )
            changed += 1
    return changed


def _lessons(course):
    return LessonPage.objects.descendant_of(course).values("pk")


def _plans(count: int) -> list[tuple[str, int]]:
    """(kind, days ago it happened): a mix so every report has something to show."""
    kinds = [
        ("certified", 200),
        ("expiring", 350),
        ("certified", 120),
        ("awaiting", 20),
        ("expired", 420),
        ("in_progress", 3),
        ("certified", 60),
        ("expiring", 355),
        ("not_started", 0),
        ("failed_observation", 40),
        ("certified", 30),
        ("revoked", 90),
        ("stalled", 45),
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
# Plans for the still employed, with the days employed they need.
STAYING = {"stalled": 75, "awaiting": 45, "failed_observation": 60}
# Still learning: lately (in progress), or not since weeks ago (stalled).
LEARNING = {"in_progress", "stalled"}
# The days a stretch of learning takes before the observation, at most.
LEARNING_DAYS = 18


class Timeline(NamedTuple):
    kind: str
    start: datetime  # when they started learning
    stop: datetime  # when they last learnt
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
    # Someone whose story is that they stopped, or wait for their observer,
    # is still employed and has been for a while: spread over the teams, the
    # newest who qualify (seniors have had time to certify).
    staying = sorted(
        (p for p in people if not p.leave_date),
        key=lambda p: p.hire_date or date.min,
        reverse=True,
    )
    per_team = Counter()
    for i in [i for i, plan in enumerate(plans) if plan[0] in STAYING]:
        needed = STAYING[plans[i][0]]
        qualify = [
            (per_team[str(person.department)], str(person.department), rank, person)
            for rank, person in enumerate(staying)
            if person.pk not in chosen and _days_employed(person, today) >= needed
        ]
        if qualify:
            *_, person = min(qualify, key=lambda q: q[:3])
            chosen[person.pk] = plans[i]
            per_team[str(person.department)] += 1
            used.add(i)
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
        # A new hire still learning, lately (or until they left).
        kind, days_ago = "in_progress", 1 + index % 4
    if observed is not None and kind != "in_progress":
        start = max(observed - timedelta(LEARNING_DAYS), hired + timedelta(days=1))
        return Timeline(kind, start, observed - timedelta(hours=20), observed)
    if kind == "stalled":
        days_ago += 6 * (index % 4)  # not all on the same day
    stop = min(now - timedelta(days=days_ago, hours=5), end - timedelta(hours=5))
    start = max(stop - timedelta(LEARNING_DAYS), hired + timedelta(hours=9))
    if start >= stop:  # hired after the plan's day: learning since then
        start = hired + timedelta(hours=9)
        stop = max(start + timedelta(hours=4), end - timedelta(days=1))
    return Timeline(kind, start, stop, None)


def _live(person, learner: Learner, timeline: Timeline, journey, hr):
    kind = timeline.kind
    user = learner.user
    if kind == "not_started":
        return
    if kind in LEARNING:
        _learn_some(learner, timeline, journey, stalled=kind == "stalled")
        return
    clock = Clock(timeline.start, timeline.stop, journey.steps(), journey.rng)
    journey.lessons_done(user, 1.0, clock=clock)
    for quiz in journey.quizzes:
        journey.quiz_passed(learner, quiz, clock=clock)
    for page in journey.roleplays:
        journey.roleplay_passed(learner, page, clock=clock)
    if kind == "awaiting":
        return
    with back_dated(user, timeline.observed):
        passed = kind != "failed_observation"
        on = timezone.localdate(timeline.observed)
        observe(
            user,
            journey.course,
            person.manager.user,
            passed=passed,
            rng=journey.rng,
            on=on,
        )
    if kind == "revoked":
        record = CertificationRecord.objects.get(user=user, course=journey.course)
        certification.revoke_certificate(
            record,
            actor=hr,
            reason="The observation was recorded for the wrong person.",
        )


def _learn_some(learner: Learner, timeline: Timeline, journey, *, stalled: bool):
    """Part of the course: some lessons and quizzes; someone who stalled failed
    a role-play once and never went back, and may have failed a quiz twice."""
    rng = journey.rng
    share = rng.uniform(0.35, 0.7)
    quizzes = journey.quizzes[: max(1, round(len(journey.quizzes) * share))]
    steps = 2 + 1.4 * len(quizzes) + (1 if stalled else 0)
    clock = Clock(timeline.start, timeline.stop, steps, rng)
    journey.lessons_done(learner.user, share, clock=clock)
    if stalled and journey.roleplays:
        # Tried the first role-play early, failed it and never went back.
        journey.roleplay_passed(
            learner, journey.roleplays[0], clock=clock, give_up=True
        )
    for quiz in quizzes:
        if not journey.quiz_passed(learner, quiz, clock=clock, tries=2):
            return
