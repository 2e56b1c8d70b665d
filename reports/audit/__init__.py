"""The training history: who did what, when, to whom, read from several logs
as one list.

Each source (certification events, practical observations, the staff log,
and Wagtail's log of API tokens and assignments) gives the same four columns:
source, id, moment and kind. Their UNION ALL is filtered, ordered and
paginated in the database, as Wagtail's site history does over its log
models; only the rows of one page (or one chunk of an export) are then read in
full, one query per source. The scope is the reports' one rule: HR sees every
entry, anyone else only entries about the staff they may see, and none of the
entries about no person (API tokens, an assignment to a whole department).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Q, Value

from people import roles
from people.models import StaffProfile
from reports.audit.entries import (
    ERASE_ACTION,
    NOBODY,
    SYSTEM,
    Entry,
    Kind,
    name_of,
)
from reports.audit.sources import SOURCES, Source

__all__ = [
    "ERASE_ACTION",
    "NOBODY",
    "SYSTEM",
    "Criteria",
    "Entry",
    "Kind",
    "actors",
    "entries_in_chunks",
    "history",
    "name_of",
    "read_entries",
]

COLUMNS = ("h_source", "h_id", "h_at", "h_kind")


@dataclass(frozen=True)
class Criteria:
    """What the history is narrowed to; empty values narrow nothing."""

    kinds: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    actor: object = None  # a user, or NOBODY for the entries the system made
    department: object = None
    person: str = ""  # words of a name or employee ID
    course: object = None


def scoped_rows(source: Source, viewer, criteria: Criteria):
    """The source's rows that ``viewer`` may see and ``criteria`` keeps, with
    their kind; None when none can be."""
    wanted = set(criteria.kinds)
    if wanted and not wanted & set(source.kinds):
        return None
    sees_all = roles.sees_all_staff(viewer)
    about_people = bool(criteria.department or criteria.person) or not sees_all
    if (source.person is None and about_people) or (
        source.course is None and criteria.course
    ):
        return None
    rows = source.rows().annotate(h_kind=source.kind())
    if wanted:
        rows = rows.filter(h_kind__in=wanted)
    at = source.at
    if criteria.since:
        rows = rows.filter(**{f"{at}__gte": criteria.since})
    if criteria.until:
        rows = rows.filter(**{f"{at}__lte": criteria.until})
    if criteria.actor == NOBODY:
        rows = rows.filter(**{f"{source.actor}__isnull": True})
    elif criteria.actor:
        rows = rows.filter(**{source.actor: criteria.actor})
    if criteria.course:
        rows = source.for_course(rows, criteria.course)
    if about_people:
        people = people_about(viewer, criteria, sees_all)
        rows = rows.filter(**{f"{source.person}__in": people.values("pk")})
    return rows


def people_about(viewer, criteria: Criteria, sees_all: bool):
    """The staff whose entries are kept: those ``viewer`` may see, of the
    chosen department, matching the words searched for."""
    people = StaffProfile.objects.all()
    if not sees_all:
        people = StaffProfile.objects.for_viewer(viewer)
    if criteria.department:
        people = people.filter(department=criteria.department)
    if criteria.person:
        people = people.search(criteria.person)
    return people


def history(viewer, criteria: Criteria = Criteria()) -> models.QuerySet:
    """Every entry ``viewer`` may see that ``criteria`` keeps, newest first:
    rows of ``COLUMNS`` (source, id, moment, kind), one UNION ALL query."""
    parts = []
    for index, source in enumerate(SOURCES):
        rows = scoped_rows(source, viewer, criteria)
        if rows is not None:
            parts.append(_columns(rows, index, source))
    if not parts:  # no log can match: an empty list of the same columns
        first = SOURCES[0]
        rows = first.rows().annotate(h_kind=first.kind()).none()
        parts = [_columns(rows, 0, first)]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-h_at", "-h_source", "-h_id")


def _columns(rows, index: int, source: Source):
    """A source's rows as the history's columns (``COLUMNS``)."""
    rows = rows.annotate(
        h_source=Value(index, output_field=models.IntegerField()),
        h_id=F("pk"),
        h_at=F(source.at),
    )
    return rows.values(*COLUMNS).order_by()


def actors(viewer) -> models.QuerySet:
    """The people who made an entry ``viewer`` may see: the actor filter's
    choices."""
    match = Q()
    for source in SOURCES:
        rows = scoped_rows(source, viewer, Criteria())
        if rows is not None:
            match |= Q(pk__in=rows.values(source.actor))
    if not match:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(match).order_by("last_name", "first_name")


def read_entries(rows: Iterable[dict]) -> list[Entry]:
    """The entries of history rows (one page), in their order: one query per
    source among them."""
    rows = list(rows)
    wanted = defaultdict(list)
    for row in rows:
        wanted[row["h_source"]].append(row["h_id"])
    found = {
        (index, pk): entry
        for index, pks in wanted.items()
        for pk, entry in SOURCES[index].entries(pks).items()
    }
    # An entry gone between the two queries (a person deleted) is left out.
    keys = [(row["h_source"], row["h_id"]) for row in rows]
    return [found[key] for key in keys if key in found]


def entries_in_chunks(rows: Iterable[dict], size: int) -> Iterator[Entry]:
    """Every entry of ``rows``, read ``size`` at a time: memory stays flat."""
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield from read_entries(chunk)
