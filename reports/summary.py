"""Headline numbers and chart counts over readiness rows, each in one query."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from certification.models import Status
from certification.rows import NOT_READY, overdue_filter, stale_since

EXPIRING_DAYS = 30
STUCK_DAYS = 14

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


def counts_by(rows, field) -> dict[str, dict[str, int]]:
    """``{group name: {status: count}}``, e.g. per department, in one query."""
    grouped = (
        rows.order_by()
        .values(f"{field}__name", "status")
        .annotate(count=Count("pk"))
        .values_list(f"{field}__name", "status", "count")
    )
    result: dict[str, dict[str, int]] = {}
    for name, status, count in grouped:
        result.setdefault(name or "—", {})[status] = count
    return result
