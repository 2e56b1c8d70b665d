"""Background tasks (django-tasks), for sites that schedule work that way."""

import threading
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django_tasks import TaskResultStatus, task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.exceptions import TaskException

from certification import assignments
from certification.refreshers import expire_missed
from certification.sweep import run_sweep


@task()
def certification_sweep() -> str:
    """The daily sweep as a task (missed refreshers first, as the command
    does); the result is the sweep's one-line report."""
    expire_missed()
    return str(run_sweep())


@task()
def sync_required_courses(
    *,
    course_ids: Sequence[int] = (),
    job_role_ids: Sequence[int] = (),
    department_ids: Sequence[int] = (),
    location_ids: Sequence[int] = (),
    staff_ids: Sequence[int] = (),
) -> int:
    """Bring in step the required courses of everyone a change to these
    reached (``assignments.reached``, worked out when the task runs); returns
    how many rows changed. Running it again changes nothing."""
    people = assignments.reached(
        course_ids=course_ids,
        job_role_ids=job_role_ids,
        department_ids=department_ids,
        location_ids=location_ids,
        staff_ids=staff_ids,
    )
    return assignments.sync(people)


def runs_in_background() -> bool:
    """Whether tasks wait for a worker (a task queue) rather than run at once."""
    return not isinstance(sync_required_courses.get_backend(), ImmediateBackend)


def sync_later(**reached: Sequence[int]) -> None:
    """Bring in step the required courses of everyone a change to ``reached``
    (the task's arguments) reached: at once where tasks run at once, otherwise
    by one ``sync_required_courses`` task when the transaction commits,
    however many changes it made."""
    if not runs_in_background():
        # In the request, as the change is made, its errors with it.
        sync_required_courses.call(**reached)
        return
    connection = transaction.get_connection()
    # This transaction's task, if a change made it already: Django keeps the
    # callbacks waiting for the commit in ``run_on_commit`` (and drops those of
    # a savepoint rolled back).
    pending = next(
        (
            callback
            for _savepoints, callback, _robust in connection.run_on_commit
            if isinstance(callback, _PendingSync) and not callback.enqueued
        ),
        None,
    )
    if pending is not None:
        pending.add(reached)
        return
    pending = _PendingSync()
    pending.add(reached)
    # The change is saved whatever happens to the queue: a failure to enqueue
    # is logged, not shown to the person who made the change.
    transaction.on_commit(pending, robust=True)


class _PendingSync:
    """Everyone a transaction's changes reached, enqueued as one task when it
    commits (a change of a savepoint later rolled back only adds work)."""

    def __init__(self):
        self.reached = defaultdict(set)
        self.enqueued = False  # a test's capture runs it and leaves it listed

    def add(self, reached: dict) -> None:
        for name, ids in reached.items():
            self.reached[name].update(ids)

    def __call__(self) -> None:
        self.enqueued = True
        arguments = {name: sorted(ids) for name, ids in self.reached.items() if ids}
        if not arguments or _waiting_task_covers(arguments):
            return
        result = sync_required_courses.enqueue(**arguments)
        _last_task.arguments, _last_task.result_id = arguments, result.id


# The last sync this thread enqueued. Publishing a course commits its job roles
# and then says it is published, two transactions: the second need not queue
# the same sync again while the first still waits for a worker.
_last_task = threading.local()


def _waiting_task_covers(arguments: dict) -> bool:
    """Whether the last sync this thread enqueued reaches everyone
    ``arguments`` does and has not started: it reads what it syncs from when it
    starts, after the change that asks again was committed."""
    last = getattr(_last_task, "arguments", None)
    if last is None:
        return False
    if any(not set(ids) <= set(last.get(name, ())) for name, ids in arguments.items()):
        return False
    try:
        result = sync_required_courses.get_result(_last_task.result_id)
    except (NotImplementedError, TaskException):
        return False  # a queue that cannot tell, or another queue since
    return result.status == TaskResultStatus.READY
