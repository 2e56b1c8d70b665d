import pytest

from courses.progress import Progress, next_lesson


@pytest.mark.parametrize(
    ("done", "total", "percent"),
    [(0, 0, 0), (0, 4, 0), (1, 3, 33), (2, 3, 67), (3, 3, 100)],
)
def test_progress_percent(done, total, percent):
    assert Progress(done, total).percent == percent


def test_progress_is_complete_only_when_every_item_is_done():
    assert Progress(3, 3).is_complete
    assert not Progress(2, 3).is_complete
    assert not Progress(0, 0).is_complete


def test_progress_adds_up():
    assert Progress(1, 2) + Progress(2, 5) == Progress(3, 7)


def test_next_lesson_starts_at_the_first_for_a_new_learner():
    assert next_lesson(["a", "b", "c"], set()) == "a"


def test_next_lesson_resumes_an_unfinished_last_lesson():
    assert next_lesson(["a", "b", "c"], {"a"}, last="c") == "c"


def test_next_lesson_moves_past_a_finished_last_lesson():
    assert next_lesson(["a", "b", "c"], {"a", "b"}, last="b") == "c"


def test_next_lesson_wraps_round_to_a_skipped_lesson():
    assert next_lesson(["a", "b", "c"], {"b", "c"}, last="c") == "a"


def test_next_lesson_is_none_when_everything_is_done():
    assert next_lesson(["a", "b"], {"a", "b"}, last="b") is None


def test_next_lesson_ignores_a_last_lesson_no_longer_in_the_course():
    assert next_lesson(["a", "b"], {"a"}, last="gone") == "b"


def test_next_lesson_of_an_empty_course_is_none():
    assert next_lesson([], set()) is None
