"""Headline numbers and chart counts over readiness rows, each in one query."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from certification.models import Status
from certification.rows import NOT_READY, overdue_filter, stale_since

EXPIRING_DAYS = 30
STUCK_DAYS = 14
# PostgreSQL settings for a report's queries, for its transaction only. The
# default working memory (4 MB) makes a grouping over 500,000 rows sort on disk;
# and compiling each query to machine code (JIT) costs about a second, more than
# it saves on queries like these. PostgreSQL cannot guess how few groups a
# grouping of readiness rows makes, and at the default cost of passing a row
# between processes (0.1) it groups 500,000 rows in one process; at 0.01 it
# lets two workers share the join and grouping.
REPORT_SETTINGS = {"work_mem": "64MB", "jit": "off", "parallel_tuple_cost": "0.01"}

# The chart's four groups; each names the statuses it counts.
READINESS_GROUPS = [
    ("ready", _("Ready"), [Status.CERTIFIED]),
    ("in_progress", _("In progress"), [Status.IN_PROGRESS, Status.AWAITING_ASSESSMENT]),
    ("not_started", _("Not started"), [Status.NOT_STARTED]),
    ("expired", _("Expired or revoked"), [Status.EXPIRED, Status.REVOKED]),
]


def expiring_filter(now, days=EXPIRING_DAYS):
    return Q(
        status=Status.CERTIFIED,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=days),
    )


def stuck_filter(now, days=STUCK_DAYS):
    """Not ready, employed, hired long enough ago, and quiet for ``days`` days."""
    cutoff = now - timedelta(days=days)
    hired_long_ago = Q(hire_date__isnull=True) | Q(hire_date__lte=cutoff.date())
    return (
        Q(status__in=NOT_READY, is_active=True) & hired_long_ago & stale_since(cutoff)
    )


@contextmanager
def room_to_count():
    """Run a report's queries with ``REPORT_SETTINGS`` on PostgreSQL, for this
    transaction only."""
    if connection.vendor != "postgresql":
        yield
        return
    if connection.in_atomic_block:
        # Already in a transaction (a test, ATOMIC_REQUESTS): the settings last
        # until it ends.
        set_report_settings()
        yield
        return
    with transaction.atomic():
        set_report_settings()
        yield


def set_report_settings():
    settings = ", ".join("set_config(%s, %s, true)" for _name in REPORT_SETTINGS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {settings}", [*sum(REPORT_SETTINGS.items(), ())])


@dataclass(frozen=True)
class Headline:
    total: int
    ready: int
    expiring: int
    overdue: int
    stuck: int

    @property
    def ready_percent(self) -> int | None:
        if not self.total:
            return None
        return round(100 * self.ready / self.total)


def headline(rows, now) -> Headline:
    """Ready share, expiring in 30 days, overdue and stuck, for active staff."""
    counts = rows.filter(is_active=True).aggregate(
        total=Count("pk"),
        ready=Count("pk", filter=Q(status=Status.CERTIFIED)),
        expiring=Count("pk", filter=expiring_filter(now)),
        overdue=Count("pk", filter=overdue_filter(now)),
        stuck=Count("pk", filter=stuck_filter(now)),
    )
    return Headline(**counts)


@dataclass(frozen=True)
class StatusCounts:
    """One query's worth of counts over readiness rows: per group and status
    (for a chart), every row (for the paginator) and, when asked for, the
    headline of the employed among them."""

    by_group: dict[str, dict[str, int]]
    total: int
    headline: Headline | None = None


def status_counts(rows, field, now=None) -> StatusCounts:
    """Rows counted by ``field`` (e.g. department), status and employment in
    one query; with ``now``, the headline's counts come with them, so that a
    report scans its rows once for chart, headline and page count."""
    extra = {}
    if now is not None:
        extra = {
            "expiring": Count("pk", filter=expiring_filter(now)),
            "overdue": Count("pk", filter=overdue_filter(now)),
            "stuck": Count("pk", filter=stuck_filter(now)),
        }
    grouped = (
        rows.order_by()
        .values(f"{field}__name", "status", "is_active")
        .annotate(count=Count("pk"), **extra)
    )
    by_group: dict[str, dict[str, int]] = {}
    sums = dict.fromkeys(["total", "ready", "expiring", "overdue", "stuck"], 0)
    for group in grouped:
        counts = by_group.setdefault(group[f"{field}__name"] or "—", {})
        counts[group["status"]] = counts.get(group["status"], 0) + group["count"]
        if group["is_active"] and now is not None:
            sums["total"] += group["count"]
            sums["ready"] += group["count"] * (group["status"] == Status.CERTIFIED)
            for name in ("expiring", "overdue", "stuck"):
                sums[name] += group[name]
    total = sum(sum(counts.values()) for counts in by_group.values())
    return StatusCounts(by_group, total, Headline(**sums) if now is not None else None)
