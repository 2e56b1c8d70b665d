"""Background tasks (django-tasks), for sites that schedule work that way."""

from django_tasks import task

from certification.refreshers import expire_missed
from certification.sweep import run_sweep


@task()
def certification_sweep() -> str:
    """The daily sweep as a task (missed refreshers first, as the command
    does); the result is the sweep's one-line report."""
    expire_missed()
    return str(run_sweep())
