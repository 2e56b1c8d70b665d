"""A change to the standard: refreshers instead of waiting for the calendar.

When a trainer records that a course changed materially on some clauses,
everyone certified on it before keeps their certificate and gets a refresher:
the lessons that teach those clauses and a short quiz drawn from the
questions that test them, due on the day the trainer sets. Passing the quiz
renews their record (a new certificate cycle, in the history); the sweep
expires the record of anyone who has not by the end of the due day.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from certification import services
from certification.dates import day_start
from certification.models import (
    Cause,
    CertificationEvent,
    CertificationRecord,
    MaterialChange,
    Refresher,
    RefresherStatus,
    Status,
)
from courses import caching
from courses.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    show_clauses_in_language,
)
from courses.progress import with_urls
from people.languages import original_language, original_language_code, speaking_to
from people.links import site_url
from people.mail import send_email
from quizzes.models import Question, Quiz
from quizzes.signals import attempt_finished
from quizzes.translations import translate_quiz

DEFAULT_QUESTIONS = 5
PASS_MARK = 80


def questions_on(course, clauses):
    """The questions of the course's module quizzes that test ``clauses``."""
    modules = ModulePage.objects.live().descendant_of(course)
    banks = Quiz.objects.filter(pk__in=modules.values("quiz")).values("bank")
    return Question.objects.filter(
        original_language(), bank__in=banks, clauses__in=clauses
    ).distinct()


def lessons_on(course, clauses) -> list:
    """The course's live lessons that teach any of ``clauses``."""
    wanted = {clause.pk for clause in clauses}
    lessons = (
        LessonPage.objects.live().descendant_of(course).filter(original_language())
    )
    return [lesson for lesson in lessons if lesson.taught_clause_ids() & wanted]


def affected(course, *, now=None):
    """The records certified on ``course`` now: their holders get a refresher."""
    now = now or timezone.now()
    return CertificationRecord.objects.filter(
        course=course, status=Status.CERTIFIED, certified_at__lte=now
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


@transaction.atomic
def record_change(
    course,
    *,
    clauses,
    reason: str,
    due_on,
    questions: int = DEFAULT_QUESTIONS,
    actor=None,
    reason_translations: dict | None = None,
) -> MaterialChange:
    """Record the change and give everyone certified a refresher due on ``due_on``."""
    clauses = list(clauses)
    pool = list(questions_on(course, clauses))
    if not pool:
        raise ValidationError(
            _("No question in this course's quizzes tests these clauses."),
            code="no_questions",
        )
    quiz = _refresher_quiz(course, pool, questions)
    change = MaterialChange.objects.create(
        course=course,
        reason=reason,
        reason_translations=reason_translations or {},
        due_on=due_on,
        quiz=quiz,
        created_by=actor,
    )
    change.clauses.set(clauses)
    change.lessons.set(lessons_on(course, clauses))
    records = list(affected(course))
    Refresher.objects.bulk_create(
        Refresher(change=change, record=record) for record in records
    )
    details = {"reason": reason, "day": due_on.isoformat()}
    CertificationEvent.objects.bulk_create(
        CertificationEvent(
            record=record,
            actor=actor,
            from_status=Status.CERTIFIED,
            to_status=Status.CERTIFIED,
            cause=Cause.MATERIAL_CHANGE,
            details=details,
        )
        for record in records
    )
    transaction.on_commit(lambda: tell_learners(change))
    return change


def tell_learners(change: MaterialChange) -> int:
    """E-mail each person with a refresher what changed and by when, in their
    language; returns how many were told."""
    found = change.refreshers.select_related("record__user", "record__course")
    told = 0
    for refresher in found.filter(status=RefresherStatus.PENDING):
        user = refresher.record.user
        if not user.email:
            continue
        context = {
            "change": change,
            "user": user,
            "course_title": services.title_for_holder(refresher.record),
            "site_url": site_url(),
        }
        with speaking_to(user):
            context["reason"] = change.reason_in(get_language())
            subject = render_to_string(
                "certification/email/refresher_subject.txt", context
            )
            body = render_to_string("certification/email/refresher.txt", context)
        send_email.enqueue(" ".join(subject.split()), body, [user.email])
        told += 1
    return told


def _refresher_quiz(course, pool: list, questions: int) -> Quiz:
    """The refresher quiz, titled in the site's language, with a translation
    titled in each other language its Locale exists for (learners see the
    title in theirs; attempts belong to the original)."""
    with translation.override(original_language_code()):
        title = _("Refresher: %(course)s") % {"course": course.title}
    quiz = Quiz.objects.create(
        title=title,
        bank=pool[0].bank,
        question_count=min(questions, len(pool)),
        random_order=True,
        pass_mark=PASS_MARK,
        feedback=Quiz.Feedback.END,
    )
    quiz.pool.set(pool)
    _translate_quiz_title(quiz, course)
    return quiz


def _translate_quiz_title(quiz: Quiz, course) -> None:
    for locale in Locale.objects.exclude(language_code=original_language_code()):
        course_title = getattr(course.get_translation_or_none(locale), "title", None)
        with translation.override(locale.language_code):
            title = _("Refresher: %(course)s") % {
                "course": course_title or course.title
            }
        translate_quiz(quiz, locale.language_code, title=title)


def course_of_page(page):
    """The original course a republished course, module or lesson belongs to
    (None for other pages, or a page outside any course)."""
    page = page.specific_deferred
    if not isinstance(page, CoursePage | ModulePage | LessonPage):
        return None
    found = CoursePage.objects.ancestor_of(page, inclusive=True).first()
    if found is None:
        return None
    return CoursePage.objects.filter(
        original_language(), translation_key=found.translation_key
    ).first()


def course_and_clauses_of(item):
    """For an edited quiz or question: the original course whose module uses
    it (or its bank), and the question's clause ids."""
    if isinstance(item, Question):
        quizzes = Quiz.objects.filter(bank_id=item.bank_id)
        clauses = list(item.clauses.values_list("pk", flat=True))
    else:
        quizzes, clauses = Quiz.objects.filter(pk=item.pk), []
    module = ModulePage.objects.live().filter(quiz__in=quizzes).first()
    course = course_of_page(module) if module else None
    return course, clauses


def pending_for(user):
    """The person's refreshers still to do, soonest first."""
    return (
        Refresher.objects.filter(record__user=user, status=RefresherStatus.PENDING)
        .select_related("change__course", "change__quiz")
        .order_by("change__due_on", "pk")
    )


def shown_in_language(found: list, language: str) -> list:
    """Give each refresher the course title, clauses and lessons to show in
    ``language`` (their translations where there are, else the originals), as
    ``course_title``, ``reason_shown``, ``clauses_shown`` and ``lessons_shown``.

    A change's clauses and lessons are set when it is recorded and never
    edited, so what they show is kept with the content."""
    changes = {refresher.change_id: refresher.change for refresher in found}
    if not changes:
        return found
    shown = caching.cached(
        "refreshers-shown",
        (language, *sorted(changes)),
        lambda: _shown(list(changes.values()), language),
    )
    for refresher in found:
        course_title, clauses, lessons = shown[refresher.change_id]
        refresher.course_title = course_title
        refresher.reason_shown = refresher.change.reason_in(language)
        refresher.clauses_shown = clauses
        refresher.lessons_shown = lessons
    return found


def _shown(changes: list, language: str) -> dict:
    """Each change's course title, clauses and lessons in ``language``, by id."""
    lessons = LessonPage.objects.defer_streamfields()
    prefetch_related_objects(changes, "clauses", Prefetch("lessons", lessons))
    pages = [change.course for change in changes]
    pages += [lesson for change in changes for lesson in change.lessons.all()]
    translated = _translations(pages, language)

    def shown(page):
        return translated.get(page.translation_key, page)

    return {
        change.pk: (
            shown(change.course).title,
            show_clauses_in_language(change.clauses.all(), language),
            with_urls([shown(lesson) for lesson in change.lessons.all()]),
        )
        for change in changes
    }


def _translations(pages, language: str) -> dict:
    """Live translations of ``pages`` in ``language``, by translation key."""
    if not pages or language == original_language_code():
        return {}
    keys = {page.translation_key for page in pages}
    rows = Page.objects.live().filter(
        translation_key__in=keys, locale__language_code=language
    )
    return {page.translation_key: page for page in rows.defer_streamfields().specific()}


@receiver(attempt_finished, dispatch_uid="certification_refresher_attempt")
def on_refresher_attempt(sender, attempt, **kwargs):
    """A passed refresher quiz renews the record."""
    if attempt.practice or not attempt.passed:
        return
    found = Refresher.objects.filter(
        change__quiz_id=attempt.quiz_id,
        record__user_id=attempt.user_id,
        status=RefresherStatus.PENDING,
    )
    for refresher in found.select_related("change", "record"):
        complete(refresher, at=attempt.submitted_at or timezone.now())


@transaction.atomic
def complete(refresher: Refresher, *, at) -> None:
    """Mark the refresher done and renew the record: a new certificate cycle,
    from today, with the refresher in its history."""
    record = CertificationRecord.objects.select_for_update().get(pk=refresher.record_id)
    refresher.status, refresher.done_at = RefresherStatus.DONE, at
    refresher.save(update_fields=["status", "done_at"])
    before = record.status
    found, _result = services.evaluate_record(record, now=at)
    services.issue_certificate(record, found, now=at)
    services.log_event(
        record,
        from_status=before,
        to_status=record.status,
        cause=Cause.REFRESHER_DONE,
        details={"reason": refresher.change.reason},
    )


def expire_missed(*, now=None) -> int:
    """Expire the records of refreshers not done by the end of their due day;
    returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    late = Refresher.objects.filter(
        status=RefresherStatus.PENDING, change__due_on__lt=today
    ).select_related("change", "record")
    count = 0
    for refresher in late:
        _expire(refresher)
        count += 1
    return count


@transaction.atomic
def _expire(refresher: Refresher) -> None:
    record = CertificationRecord.objects.select_for_update().get(pk=refresher.record_id)
    refresher.status = RefresherStatus.MISSED
    refresher.save(update_fields=["status"])
    if record.status != Status.CERTIFIED:
        return
    # The last second of the due day: the certificate's expiry day is the due day.
    ended = day_start(refresher.change.due_on + timedelta(days=1)) - timedelta(
        seconds=1
    )
    if record.expires_at is None or record.expires_at > ended:
        record.expires_at = ended
        record.certificates.filter(superseded_by__isnull=True).update(expires_at=ended)
    record.status = Status.EXPIRED
    record.save(update_fields=["status", "expires_at"])
    services.log_event(
        record,
        from_status=Status.CERTIFIED,
        to_status=Status.EXPIRED,
        cause=Cause.REFRESHER_MISSED,
        details={"reason": refresher.change.reason},
    )


def refresher_quizzes(quizzes):
    """Refresher quizzes are published with their change."""
    return quizzes.filter(material_changes__isnull=False)
