"""The demo: built through the services, rich enough for every page and every
report, its histories in the past without patching the clock, and idempotent.

Loading the demo takes a while, so the module loads it once (``demo``): once per
pytest-xdist worker that runs some of these tests.
"""

import random
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale

from certification.models import (
    Assignment,
    Cause,
    Certificate,
    CertificationRecord,
    MaterialChange,
    RefresherStatus,
    RequiredCourse,
    Status,
)
from certification.rows import last_activity, readiness_rows
from courses import services as course_services
from courses.models import (
    Clause,
    CourseActivity,
    CoursePage,
    LessonCompletion,
    LessonPage,
    LessonVisit,
    ModulePage,
)
from courses.progress import course_outline
from lms.demo import drawings
from lms.demo.histories import back_dated, take_quiz
from people.models import Department, StaffProfile
from quizzes.models import Answer, Attempt, QuestionKind
from reports.summary import stuck_filter
from reports.views.clauses import FEW_ANSWERS, TEAMS, heat_map
from roleplays.models import RolePlayPage, RolePlayRun
from tests.factories import UserFactory, make_course, publish_quiz
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db


def near(moment, expected):
    return abs(moment - expected) < timedelta(minutes=1)


def test_back_dated_moves_what_the_services_stamped_in_the_block():
    course = make_course("Phone", modules=1, lessons=2)
    first, second = LessonPage.objects.descendant_of(course).order_by("path")
    user = UserFactory()
    course_services.complete_lessons(user, lessons=[first], course=course)
    moment = timezone.now() - timedelta(days=100)

    with back_dated(user, moment):
        course_services.complete_lessons(user, lessons=[second], course=course)

    today = timezone.now()
    completions = LessonCompletion.objects.filter(user=user)
    assert near(completions.get(lesson=first).completed_at, today)
    assert near(completions.get(lesson=second).completed_at, moment)
    visits = LessonVisit.objects.filter(user=user)
    assert near(visits.get(lesson=first).first_opened_at, today)
    assert near(visits.get(lesson=second).first_opened_at, moment)
    activity = CourseActivity.objects.get(user=user, course=course)
    assert near(activity.started_at, today)
    assert near(activity.last_seen_at, moment)


def test_a_quiz_taken_in_the_past_is_stamped_then_throughout():
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.TRUE_FALSE)
    quiz = QuizFactory(bank=bank, time_limit_minutes=15)
    publish_quiz(quiz)
    user, trainer = UserFactory(), UserFactory(roles=["Trainers"])
    moment = timezone.now() - timedelta(days=200)

    with back_dated(user, moment):
        attempt = take_quiz(
            user, quiz, trainer=trainer, rng=random.Random(1), skill=1, at=moment
        )

    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert near(attempt.started_at, moment)
    assert attempt.submitted_at == attempt.graded_at == moment
    assert attempt.deadline == moment + timedelta(minutes=15)
    assert [a.answered_at for a in attempt.answers.all()] == [moment]


# The demo's story, loaded once for the module --------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once and rolled back after the module. What runs when
    load_demo's transaction commits (the records' refresh) runs too."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        yield timezone.now()
        transaction.set_rollback(True)


@pytest.mark.parametrize("language", ["ru", "lv"])
def test_the_demo_course_is_in_russian_and_latvian(client, demo, language):
    english = CoursePage.objects.get(
        slug="customer-service-standard", locale__language_code="en"
    )
    locale = Locale.objects.get(language_code=language)
    course = english.get_translation(locale)

    lessons = LessonPage.objects.live().descendant_of(english).order_by("path")
    translated = LessonPage.objects.live().descendant_of(course).order_by("path")
    assert [page.translation_key for page in translated] == [
        page.translation_key for page in lessons
    ]
    assert all(a.title != b.title for a, b in zip(lessons, translated, strict=True))
    assert RolePlayPage.objects.live().descendant_of(course).count() == (
        RolePlayPage.objects.live().descendant_of(english).count()
    )
    clauses = Clause.objects.filter(locale=locale)
    assert clauses.count() == Clause.objects.filter(locale=english.locale).count()
    for module in ModulePage.objects.child_of(english):
        bank = module.quiz.bank.get_translation(locale)
        assert bank.questions.count() == module.quiz.bank.questions.count()
    client.login(username="newhire", password="service-demo")
    client.post("/i18n/setlang/", {"language": language, "next": "/training/"})
    page = client.get(lessons[0].url, follow=True)
    assert page.redirect_chain[-1][0] == translated[0].url
    assert translated[0].title in page.text


def history_records():
    return CertificationRecord.objects.exclude(
        user__username__in=["newhire", "manager"]
    )


def test_each_team_has_its_own_weak_clauses(demo):
    heat = heat_map(
        StaffProfile.objects.filter(is_active=True),
        Clause.objects.filter(locale__language_code="en").order_by("code"),
        team=TEAMS["department"],
        start=demo - timedelta(days=365),
        end=demo + timedelta(days=1),
    )
    judged = [cell for cell in heat.cells if cell.answers >= FEW_ANSWERS]
    weak = {}
    for cell in judged:
        if cell.percent < 70:
            weak.setdefault(cell.team, set()).add(cell.clause.code)
    assert len(weak) >= 2, weak
    assert len({frozenset(codes) for codes in weak.values()}) >= 2, weak
    # ...and weak cells stand out: most of the map is good.
    good = [cell for cell in judged if cell.percent >= 80]
    assert len(good) > len(judged) / 2
    assert any(cell.percent < 100 for cell in good)


def test_wrong_answers_are_real_wrong_options_never_blanks(demo):
    answers = Answer.objects.filter(
        attempt__practice=False, attempt__user__in=history_records().values("user")
    )
    assert not answers.filter(response__isnull=True).exists()
    wrong = [
        a for a in answers.filter(is_correct=False) if a.snapshot["kind"] == "single"
    ]
    assert len(wrong) >= 10
    for answer in wrong:
        choices = {c["id"]: c for c in answer.snapshot["choices"]}
        assert not choices[answer.response["choice"]]["is_correct"]


def test_some_fail_a_quiz_and_pass_it_on_a_later_day(demo):
    passed_later = 0
    for failed in Attempt.objects.filter(practice=False, passed=False):
        passed_later += Attempt.objects.filter(
            user=failed.user_id,
            quiz=failed.quiz_id,
            passed=True,
            submitted_at__date__gt=failed.submitted_at.date(),
        ).exists()
    assert passed_later >= 5


def test_some_fail_a_roleplay_then_pass_it_and_a_few_give_up(demo):
    failed = RolePlayRun.objects.finished().filter(
        passed=False, user__in=history_records().values("user")
    )
    retried = [
        run
        for run in failed
        if RolePlayRun.objects.filter(
            user=run.user_id,
            page=run.page_id,
            passed=True,
            started_at__date__gt=run.finished_at.date(),
        ).exists()
    ]
    assert len(retried) >= 3
    gave_up = {run.user_id for run in failed} - {run.user_id for run in retried}
    assert gave_up


def test_some_stopped_learning_weeks_ago_and_show_as_stuck(demo):
    rows = readiness_rows(StaffProfile.objects.all(), now=demo)
    stuck = rows.filter(stuck_filter(demo))
    stalled = [
        row
        for row in stuck.filter(status=Status.IN_PROGRESS)
        if last_activity(row) < demo - timedelta(days=14)
    ]
    assert len(stalled) >= 2
    waiting = stuck.filter(status=Status.AWAITING_ASSESSMENT)
    assert waiting.exists()


def test_last_activity_is_the_simulated_one_not_the_day_of_loading(demo):
    records = history_records().filter(last_activity_at__isnull=False)
    assert records.count() >= 30
    assert not records.filter(last_activity_at__gt=demo - timedelta(hours=1)).exists()
    for record in records:
        runs = record.user.roleplay_runs.filter(finished_at__isnull=False)
        latest = max(
            [
                *record.user.quiz_attempts.values_list("submitted_at", flat=True),
                *runs.values_list("finished_at", flat=True),
                *record.user.observations.values_list("created_at", flat=True),
                *record.user.lesson_completions.values_list("completed_at", flat=True),
            ]
        )
        assert record.last_activity_at == latest, record.user


def test_the_story_counts(demo):
    records = CertificationRecord.objects.all()
    assert records.filter(status=Status.CERTIFIED).count() >= 15
    assert records.filter(status=Status.EXPIRED).count() >= 3
    assert records.filter(status=Status.REVOKED).count() == 1
    assert records.filter(status=Status.AWAITING_ASSESSMENT).count() >= 2
    soon = demo + timedelta(days=30)
    assert records.filter(status=Status.CERTIFIED, expires_at__lte=soon).count() >= 2
    days = [
        (
            certificate.issued_at.date()
            - certificate.record.user.staff_profile.hire_date
        ).days
        for certificate in Certificate.objects.filter(cycle=1).select_related(
            "record__user__staff_profile"
        )
    ]
    assert min(days) <= 30 < 60 <= max(days)


# The demo as a whole: users, staff, course, and loading it again

DEMO_USERNAMES = ["newhire", "trainer", "manager", "hr", "admin"]


def load():
    call_command("load_demo", stdout=StringIO())


def counts():
    return (
        get_user_model().objects.count(),
        StaffProfile.objects.count(),
        Department.objects.count(),
        sum(group.user_set.count() for group in Group.objects.all()),
        LessonPage.objects.count(),
        Clause.objects.count(),
        LessonCompletion.objects.count(),
        Attempt.objects.count(),
        CertificationRecord.objects.count(),
        Certificate.objects.count(),
        Assignment.objects.count(),
        RequiredCourse.objects.count(),
        MaterialChange.objects.count(),
        get_image_model().objects.count(),
    )


def test_the_demo_has_users_staff_course_and_histories(client, demo):

    # Users and staff
    assert StaffProfile.objects.count() >= 40
    assert Department.objects.count() >= 3
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password="service-demo"), username
    assert get_user_model().objects.get(username="admin").is_superuser
    manager = StaffProfile.objects.get(user__username="manager")
    line = StaffProfile.objects.reporting_line(manager)
    assert line.filter(user__username="newhire").exists()
    assert line.count() >= 8
    leavers = StaffProfile.objects.filter(leave_date__isnull=False)
    assert leavers.exists() and not leavers.filter(user__is_active=True).exists()
    from wagtail.models import Site

    assert (
        Site.objects.get(is_default_site=True).site_name == "Service Standard Academy"
    )

    # The course: seven modules, each with a lesson tagged with clauses and a quiz
    course = CoursePage.objects.get(
        slug="customer-service-standard", locale__language_code="en"
    )
    modules = ModulePage.objects.child_of(course).live()
    assert modules.count() == 7
    for module in modules:
        lessons = LessonPage.objects.child_of(module).live()
        assert lessons.exists(), module.title
        assert all(lesson.taught_clause_ids() for lesson in lessons), module.title
        assert module.quiz is not None and module.quiz.bank.questions.count() >= 8
    assert Clause.objects.filter(course=course, locale=course.locale).count() >= 20

    # The new hire has started but not finished
    newhire = get_user_model().objects.get(username="newhire")
    progress = course_outline(newhire, course).progress
    assert progress.is_started and not progress.is_complete

    # Histories: certified, expiring soon, expired, exactly one revoked
    records = CertificationRecord.objects.filter(course=course)
    soon = timezone.now() + timezone.timedelta(days=30)
    assert records.filter(status=Status.CERTIFIED).count() >= 5
    assert records.filter(status=Status.CERTIFIED, expires_at__lte=soon).exists()
    assert records.filter(status=Status.EXPIRED).exists()
    assert records.filter(status=Status.REVOKED).count() == 1
    assert records.filter(status=Status.AWAITING_ASSESSMENT).exists()
    assert line.filter(
        user__certification_records__status=Status.AWAITING_ASSESSMENT
    ).exists()


def test_the_demo_has_assignments_due_soon_and_past_due(demo):
    assert Assignment.objects.count() >= 3
    rows = readiness_rows(StaffProfile.objects.filter(is_active=True))
    assigned = rows.filter(due_assigned__isnull=False)
    today = timezone.localdate()
    assert assigned.filter(due_on__gt=today, overdue=False).exists()
    late = assigned.filter(overdue=True, required_by_role=False)
    assert set(late.values_list("job_role__name", flat=True)) == {"Store manager"}


def test_the_demo_has_a_change_to_the_standard_half_way(demo):
    change = MaterialChange.objects.get()
    statuses = list(change.refreshers.values_list("status", flat=True))
    assert statuses.count(RefresherStatus.DONE) == 4
    assert statuses.count(RefresherStatus.PENDING) >= 5
    assert change.lessons.exists()
    done = change.refreshers.filter(status=RefresherStatus.DONE).first()
    assert done.record.events.filter(cause=Cause.REFRESHER_DONE).exists()
    assert set(change.reason_translations) == {"ru", "lv"}
    assert "12 часов" in change.reason_in("ru")


def test_the_demo_has_one_erased_leaver(demo):
    from lms.demo.leavers import ERASED_LEAVER
    from people.models import StaffLogEntry
    from people.privacy import ERASE_ACTION, erased_staff

    [erased] = erased_staff().select_related("user")
    assert erased.leave_date and not erased.is_active
    assert (erased.user.first_name, erased.user.email) == ("", "")
    assert not StaffProfile.objects.filter(employee_id=ERASED_LEAVER).exists()
    assert StaffLogEntry.objects.filter(staff=erased, action=ERASE_ACTION).count() == 1


def test_loading_the_demo_again_duplicates_nothing(demo):
    first = counts()
    load()
    assert counts() == first
    # One image for each drawing's file: the English, Russian and Latvian ones.
    assert get_image_model().objects.count() == len(drawings.files())
