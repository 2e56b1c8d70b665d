from datetime import UTC, datetime, timedelta

import pytest

from certification.models import Status
from certification.rules import (
    OBSERVATION,
    QUIZ,
    ROLEPLAY,
    Requirement,
    Standing,
    evaluate,
    expiry_for,
    is_expiring,
    progress_percent,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def reqs(quiz=False, roleplay=False, observation=None, **extra):
    items = [
        Requirement(QUIZ, 1, "Telephone quiz", met=quiz, **extra),
        Requirement(ROLEPLAY, 2, "The late order", met=roleplay),
    ]
    if observation is not None:
        items.append(Requirement(OBSERVATION, "obs", "Practical", met=observation))
    return items


def test_nothing_done_is_not_started():
    result = evaluate(reqs(), Standing(), now=NOW, lessons_total=10)
    assert result.status == Status.NOT_STARTED
    assert result.progress == 0
    assert not result.issue_now


def test_a_lesson_read_is_in_progress():
    result = evaluate(reqs(), Standing(), now=NOW, lessons_done=1, lessons_total=10)
    assert result.status == Status.IN_PROGRESS


def test_a_failed_quiz_attempt_is_in_progress():
    result = evaluate(reqs(attempted=True), Standing(), now=NOW)
    assert result.status == Status.IN_PROGRESS


def test_all_but_the_practical_is_awaiting_assessment():
    result = evaluate(reqs(True, True, observation=False), Standing(), now=NOW)
    assert result.status == Status.AWAITING_ASSESSMENT
    assert result.next_requirement.kind == OBSERVATION


def test_meeting_the_last_requirement_issues_at_once():
    result = evaluate(reqs(True, True, observation=True), Standing(), now=NOW)
    assert result.status == Status.CERTIFIED
    assert result.issue_now
    assert result.progress == 100


def test_no_practical_needed_certifies_on_quizzes_and_roleplays():
    result = evaluate(reqs(True, True), Standing(), now=NOW)
    assert result.status == Status.CERTIFIED and result.issue_now


def test_a_course_with_no_requirements_never_certifies_by_itself():
    result = evaluate([], Standing(), now=NOW, lessons_done=3, lessons_total=3)
    assert result.status == Status.IN_PROGRESS
    assert not result.issue_now


def test_a_current_certificate_stays_certified_without_reissuing():
    standing = Standing(
        certified_at=NOW - timedelta(days=10), expires_at=NOW + timedelta(days=300)
    )
    result = evaluate(reqs(), standing, now=NOW)
    assert result.status == Status.CERTIFIED
    assert not result.issue_now


def test_a_passed_expiry_date_is_expired():
    standing = Standing(
        certified_at=NOW - timedelta(days=400), expires_at=NOW - timedelta(days=1)
    )
    assert evaluate(reqs(), standing, now=NOW).status == Status.EXPIRED


def test_recertifying_after_expiry_issues_again():
    standing = Standing(
        certified_at=NOW - timedelta(days=400), expires_at=NOW - timedelta(days=1)
    )
    result = evaluate(reqs(True, True), standing, now=NOW)
    assert result.status == Status.CERTIFIED and result.issue_now


def test_revoked_wins_over_everything():
    result = evaluate(reqs(True, True), Standing(revoked=True), now=NOW)
    assert result.status == Status.REVOKED
    assert not result.issue_now


def test_an_essay_waiting_for_marking_is_pending_not_next():
    items = [
        Requirement(QUIZ, 1, "Conflict quiz", pending=True),
        Requirement(QUIZ, 2, "Policy quiz"),
    ]
    result = evaluate(items, Standing(), now=NOW)
    assert result.status == Status.IN_PROGRESS
    assert result.next_requirement.key == 2


@pytest.mark.parametrize(
    ("done", "total", "met", "expected"),
    [(0, 0, 0, 0), (5, 10, 0, 42), (10, 10, 2, 100), (0, 10, 2, 17)],
)
def test_progress_counts_lessons_and_requirements(done, total, met, expected):
    requirements = [Requirement(QUIZ, i, "q", met=i < met) for i in range(2)]
    assert progress_percent(done, total, requirements) == expected


@pytest.mark.parametrize(
    ("issued", "months", "expected"),
    [
        (datetime(2026, 1, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 3, 15, tzinfo=UTC), 12, datetime(2027, 3, 15, tzinfo=UTC)),
        (datetime(2024, 2, 29, tzinfo=UTC), 12, datetime(2025, 2, 28, tzinfo=UTC)),
        (datetime(2026, 11, 30, tzinfo=UTC), 3, datetime(2027, 2, 28, tzinfo=UTC)),
    ],
)
def test_expiry_adds_calendar_months(issued, months, expected):
    assert expiry_for(issued, months) == expected


def test_no_validity_means_no_expiry():
    assert expiry_for(NOW, 0) is None


def test_expiring_soon_is_within_the_window_and_not_past():
    assert is_expiring(NOW + timedelta(days=29), now=NOW)
    assert not is_expiring(NOW + timedelta(days=31), now=NOW)
    assert not is_expiring(NOW - timedelta(days=1), now=NOW)
    assert not is_expiring(None, now=NOW)


def test_recertifying_early_in_the_renewal_window_issues_again():
    standing = Standing(
        certified_at=NOW - timedelta(days=340), expires_at=NOW + timedelta(days=20)
    )
    result = evaluate(reqs(True, True), standing, now=NOW, renewal_days=30)
    assert result.status == Status.CERTIFIED and result.issue_now


def test_new_evidence_long_before_expiry_does_not_reissue():
    standing = Standing(
        certified_at=NOW - timedelta(days=30), expires_at=NOW + timedelta(days=300)
    )
    result = evaluate(reqs(True, True), standing, now=NOW, renewal_days=30)
    assert result.status == Status.CERTIFIED and not result.issue_now


def test_only_the_practical_left_but_nothing_started_is_not_started():
    items = [Requirement(OBSERVATION, "obs", "Practical")]
    assert evaluate(items, Standing(), now=NOW).status == Status.NOT_STARTED
    assert evaluate(items, Standing(), now=NOW, lessons_done=1).status == (
        Status.AWAITING_ASSESSMENT
    )
