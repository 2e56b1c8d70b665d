"""Background tasks (django-tasks), for sites that schedule work that way."""

from django_tasks import task

from certification.sweep import run_sweep


@task()
def certification_sweep() -> str:
    """The daily sweep as a task; the result is the sweep's one-line report."""
    return str(run_sweep())
