import pytest

from courses.progress import CourseOutline, ModuleEntry, Progress, Standing, Step


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


class FakeModule(ModuleEntry):
    """A module whose steps are given, not read from pages."""

    def __init__(self, steps):
        self._steps = steps

    @property
    def steps(self):
        return self._steps


def outline_of(*modules, progress=None):
    return CourseOutline(
        course=None,
        modules=[FakeModule(steps) for steps in modules],
        resume_lesson=None,
        standing=Standing(progress=progress),
    )


def test_next_step_is_the_first_step_not_done_in_course_order():
    outline = outline_of(
        [Step("lesson", "L1", "/l1/", done=True), Step("quiz", "Q1", "/q1/")],
        [Step("lesson", "L2", "/l2/")],
    )
    assert outline.next_step.title == "Q1"


def test_next_step_skips_a_quiz_waiting_for_marking():
    outline = outline_of(
        [Step("quiz", "Q1", "/q1/", pending=True), Step("roleplay", "R1", "/r1/")]
    )
    assert outline.next_step.title == "R1"


def test_no_next_step_when_every_step_is_done():
    assert outline_of([Step("lesson", "L1", "/l1/", done=True)]).next_step is None


def test_course_progress_is_the_recorded_figure_when_there_is_one():
    outline = outline_of(
        [Step("lesson", "L1", "/", done=True), Step("quiz", "Q1", "/")], progress=17
    )
    assert outline.progress.percent == 17
    assert outline.progress.steps == Progress(1, 2)
    assert not outline.progress.is_complete


def test_course_progress_without_a_record_is_the_share_of_steps_done():
    outline = outline_of([Step("lesson", "L1", "/", done=True), Step("quiz", "Q", "/")])
    assert outline.progress.percent == 50
