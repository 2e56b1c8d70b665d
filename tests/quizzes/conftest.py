import pytest


@pytest.fixture(autouse=True)
def _quizzes_on_their_own(monkeypatch):
    """These tests use the quizzes app as a site without courses would: every
    quiz is open to learners, whether or not a published module uses it (the
    courses rule is tested in tests/courses/test_quiz_visibility.py)."""
    monkeypatch.setattr("quizzes.services.OPEN_QUIZZES_HOOK", "no-such-hook")
