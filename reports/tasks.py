"""Background tasks of the reports (django-tasks)."""

from django_tasks import task

from reports.exports import run_export


@task()
def build_export(export_id: int) -> str:
    """Prepare a large export and e-mail its owner the link."""
    return run_export(export_id)
