"""Run by the host site's Python: the people and the course the checks visit.

Uses the plugin's models and services only (the host has no factory_boy), and
prints what it made as JSON for host_checks.py.
"""

import json
import sys
from datetime import date, timedelta

import django

PASSWORD = "correct-horse-battery"


def make_staff(username, employee_id, *, role=None):
    """A staff member as the HR import makes one, with a password and a role."""
    from django.contrib.auth.models import Group

    from people.services import StaffData, upsert_staff

    profile, _created = upsert_staff(
        StaffData(
            employee_id=employee_id,
            first_name=username.title(),
            last_name="Tester",
            email=f"{username}@example.com",
            department="Front desk",
            hire_date=date(2024, 1, 8),
        ),
        username=username,
    )
    user = profile.user
    user.set_password(PASSWORD)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_quiz():
    from quizzes.models import Choice, Question, QuestionBank, QuestionKind, Quiz

    bank = QuestionBank.objects.create(name="Telephone")
    question = Question.objects.create(
        bank=bank,
        kind=QuestionKind.SINGLE,
        text="How many rings before you answer?",
        explanation="Callers hang up after about four rings.",
        points=1,
    )
    Choice.objects.create(
        question=question, sort_order=0, text="Three", is_correct=True
    )
    Choice.objects.create(question=question, sort_order=1, text="Five")
    return Quiz.objects.create(title="Telephone check", bank=bank)


def make_course(quiz):
    """A published course with one module (holding ``quiz``) and one lesson."""
    from courses.models import CoursePage, LessonPage, ModulePage, TrainingIndexPage

    course = publish(
        TrainingIndexPage.objects.get(),
        CoursePage(title="Customer service standard", slug="customer-service"),
    )
    module = publish(
        course,
        ModulePage(title="Module 1", slug="module-1", objectives="Greet", quiz=quiz),
    )
    lesson = publish(
        module,
        LessonPage(
            title="Answering the phone",
            slug="answering-the-phone",
            body=[
                ("heading", {"text": "Answering the phone"}),
                ("text", "<p>Pick up before the third ring.</p>"),
            ],
        ),
    )
    return course, lesson


def certify(user, course):
    """A certified record and its certificate, as certification issues them."""
    from django.utils import timezone

    from certification.models import Certificate, CertificationRecord, Status

    now = timezone.now()
    record, _created = CertificationRecord.objects.update_or_create(
        user=user,
        course=course,
        defaults={
            "status": Status.CERTIFIED,
            "progress": 100,
            "certified_at": now - timedelta(days=30),
            "first_certified_at": now - timedelta(days=30),
            "expires_at": now + timedelta(days=300),
        },
    )
    return Certificate.objects.create(
        record=record,
        cycle=record.cycle,
        holder_name=user.get_full_name(),
        course_title=course.title,
        issuer="Host site",
        issued_at=record.certified_at,
        expires_at=record.expires_at,
    )


def main():
    django.setup()
    from people import roles

    learner = make_staff("learner", "E00001")
    make_staff("trainer", "E00002", role=roles.TRAINERS)
    make_staff("hr", "E00003", role=roles.HR)
    certified = make_staff("holder", "E00004")
    quiz = make_quiz()
    course, lesson = make_course(quiz)
    certificate = certify(certified, course)
    made = {
        "password": PASSWORD,
        "learner": learner.username,
        "course_title": course.title,
        "lesson_url": lesson.url,
        "quiz_id": quiz.pk,
        "certificate_code": certificate.code,
        "holder_name": certificate.holder_name,
    }
    with open(sys.argv[1], "w") as out:
        json.dump(made, out)


if __name__ == "__main__":
    main()
