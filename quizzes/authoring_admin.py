"""Admin for authoring: question banks, quizzes, import and export, item analysis."""


def register_authoring(hooks) -> None:
    """Register the authoring views with Wagtail's hooks."""
