"""Admin for trainers who mark essays: the marking queue."""


def register_marking(hooks) -> None:
    """Register the marking views with Wagtail's hooks."""
