"""/training/me/: every requirement with its state, the certificate, weak clauses."""

import uuid
from decimal import Decimal

import pytest

from certification import services
from certification.models import (
    CertificationRecord,
    ObservationChecklist,
    Rating,
    Status,
)
from courses.models import ModulePage
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory, make_course
from tests.quizzes.factories import (
    AttemptFactory,
    ClauseFactory,
    QuestionBankFactory,
    QuizFactory,
    answer,
    make_question,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    profile = StaffProfileFactory()
    client.login(username=profile.user.username, password=PASSWORD)
    return profile.user


@pytest.fixture
def course_with_quiz():
    course = make_course("Telephone standard", modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    module.quiz = QuizFactory(title="Telephone quiz", pass_mark=80)
    module.save_revision().publish()
    return course


def passed_attempt(user, quiz):
    return AttemptFactory(user=user, quiz=quiz, percent=Decimal("90"), passed=True)


def observe(learner, course):
    checklist = ObservationChecklist.objects.get(title=services.DEFAULT_CHECKLIST)
    services.record_observation(
        UserFactory(roles=["Trainers"]),
        learner=learner,
        course=course,
        checklist=checklist,
        ratings={item.pk: (Rating.MEETS, "") for item in checklist.items.all()},
        passed=True,
        submission_key=uuid.uuid4(),
    )


def test_the_page_lists_each_requirement_with_its_state(
    client, learner, course_with_quiz
):
    page = client.get("/training/me/").context["page"]

    item = page.courses[0]
    kinds = [(r.kind, r.met) for r in item.readiness.requirements]
    assert kinds == [("quiz", False), ("observation", False)]
    html = client.get("/training/me/").content.decode()
    assert "Pass the quiz of" in html
    assert "Practical observation" in html
    assert "0 of 2 requirements met" in html


def test_a_passed_quiz_shows_as_met_and_the_practical_is_next(
    client, learner, course_with_quiz
):
    quiz = ModulePage.objects.get().quiz
    passed_attempt(learner, quiz)

    item = client.get("/training/me/").context["page"].courses[0]

    assert [r.met for r in item.readiness.requirements] == [True, False]
    assert item.readiness.next_requirement.kind == "observation"


def test_once_certified_the_certificate_and_its_expiry_show(
    client, learner, course_with_quiz
):
    quiz = ModulePage.objects.get().quiz
    passed_attempt(learner, quiz)
    observe(learner, course_with_quiz)

    response = client.get("/training/me/")

    record = CertificationRecord.objects.get(user=learner)
    assert record.status == Status.CERTIFIED
    certificate = record.certificates.get()
    html = response.content.decode()
    assert certificate.code in html
    assert f"/certificates/{certificate.code}/download/" in html
    assert "Your certificate" in html
    assert list(certificate.quiz_attempts.all()) == [quiz.attempts.get()]


def test_weakest_clauses_come_from_quiz_answers(client, learner):
    weak = ClauseFactory(code="TEL-1", title="Answer within three rings")
    strong = ClauseFactory(code="TEL-2", title="Greet with your name")
    bank = QuestionBankFactory()
    question_weak = make_question(bank, "single", clauses=[weak])
    question_strong = make_question(bank, "single", clauses=[strong])
    attempt = AttemptFactory(user=learner, quiz=QuizFactory(bank=bank))
    answer(attempt, question_weak, position=0, awarded=0)
    answer(attempt, question_strong, position=1, awarded=question_strong.points)

    page = client.get("/training/me/").context["page"]

    assert [clause.code for clause, _score in page.weakest] == ["TEL-1"]
    assert "Answer within three rings" in client.get("/training/me/").content.decode()


def test_someone_elses_results_never_show(client, learner, course_with_quiz):
    other = UserFactory()
    quiz = ModulePage.objects.get().quiz
    passed_attempt(other, quiz)

    item = client.get("/training/me/").context["page"].courses[0]

    assert not item.readiness.requirements[0].met
