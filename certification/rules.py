"""Readiness: a pure function of a person's evidence and a course's rules.

Nothing here touches the database, so every rule is tested on plain values.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from certification.models import Status

QUIZ = "quiz"
ROLEPLAY = "roleplay"
OBSERVATION = "observation"


@dataclass(frozen=True)
class Requirement:
    """One thing a course asks for, and whether this person has done it."""

    kind: str  # quiz, roleplay or observation
    key: int | str
    title: str
    met: bool = False
    pending: bool = False  # done, waiting for a trainer (an essay to mark)
    attempted: bool = False
    url: str = ""
    blocked: bool = False  # out of attempts: a trainer or HR can give more


@dataclass(frozen=True)
class Standing:
    """Where a person stands before this evaluation (from their record)."""

    certified_at: datetime | None = None
    expires_at: datetime | None = None
    revoked: bool = False

    @classmethod
    def of(cls, record) -> "Standing":
        """The standing a record (or no record yet: None) gives."""
        if record is None:
            return cls()
        return cls(
            certified_at=record.certified_at,
            expires_at=record.expires_at,
            revoked=record.status == Status.REVOKED,
        )


@dataclass(frozen=True)
class Readiness:
    status: str
    progress: int
    requirements: list[Requirement] = field(default_factory=list)
    issue_now: bool = False

    @property
    def next_requirement(self) -> Requirement | None:
        return next(
            (r for r in self.requirements if not (r.met or r.pending or r.blocked)),
            None,
        )

    @property
    def met_count(self) -> int:
        return sum(r.met for r in self.requirements)


def progress_percent(lessons_done: int, lessons_total: int, requirements) -> int:
    """Lessons and requirements together, as a whole percentage."""
    total = lessons_total + len(requirements)
    if not total:
        return 0
    done = lessons_done + sum(r.met for r in requirements)
    return min(100, round(100 * done / total))


def evaluate(
    requirements: list[Requirement],
    standing: Standing,
    *,
    now: datetime,
    lessons_done: int = 0,
    lessons_total: int = 0,
    renewal_days: int = 30,
) -> Readiness:
    """The status a record should have now, and whether to issue a certificate.

    While a certificate is current, evidence newer than it renews it only in
    the last ``renewal_days`` before expiry (early recertification).
    """
    progress = progress_percent(lessons_done, lessons_total, requirements)
    if standing.revoked:
        return Readiness(Status.REVOKED, progress, requirements)
    all_met = bool(requirements) and all(r.met for r in requirements)
    current = standing.expires_at is None or standing.expires_at > now
    if standing.certified_at and current:
        renew = all_met and is_expiring(
            standing.expires_at, now=now, within_days=renewal_days
        )
        return Readiness(Status.CERTIFIED, 100, requirements, issue_now=renew)
    if all_met:
        return Readiness(Status.CERTIFIED, 100, requirements, issue_now=True)
    if standing.certified_at:
        return Readiness(Status.EXPIRED, progress, requirements)
    started = lessons_done > 0 or any(
        r.met or r.attempted or r.pending for r in requirements
    )
    practical = [r for r in requirements if r.kind == OBSERVATION]
    others_met = all(r.met for r in requirements if r.kind != OBSERVATION)
    if started and practical and others_met and not all(r.met for r in practical):
        return Readiness(Status.AWAITING_ASSESSMENT, progress, requirements)
    status = Status.IN_PROGRESS if started else Status.NOT_STARTED
    return Readiness(status, progress, requirements)


def expiry_for(issued_at: datetime, validity_months: int) -> datetime | None:
    """When a certificate issued at ``issued_at`` runs out (None: never)."""
    if not validity_months:
        return None
    month = issued_at.month - 1 + validity_months
    year = issued_at.year + month // 12
    month = month % 12 + 1
    day = min(issued_at.day, _days_in_month(year, month))
    return issued_at.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    first_of_next = datetime(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - timedelta(days=1)).day


def is_expiring(
    expires_at: datetime | None, *, now: datetime, within_days: int = 30
) -> bool:
    """Certified but running out within ``within_days``."""
    return expires_at is not None and now < expires_at <= now + timedelta(
        days=within_days
    )
