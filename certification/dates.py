"""Certificate dates: calendar days in the site's time zone, shown one way.

A moment (an aware datetime) becomes the day it is in ``TIME_ZONE``; people read
that day as e.g. "2 Dec 2026", machines as ISO 8601 ("2026-12-02").
"""

from datetime import date, datetime, time

from django.utils import formats, timezone
from django.utils.translation import get_language

DAY_FORMAT = "j M Y"
# How each language writes a day in running text: Russian with the month in
# the genitive ("22 января 2027"); Latvian in figures ("22.01.2027"), which
# read right in any case a sentence puts the date in.
DAY_FORMATS = {"ru": "j E Y", "lv": "d.m.Y"}


def local_day(value: datetime | date | None) -> date | None:
    """The calendar day of ``value`` in the site's time zone."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localdate(value)
        return value.date()
    return value


def show_day(value: datetime | date | None) -> str:
    """The local day for people in the active language, e.g. "2 Dec 2026",
    "2 декабря 2026", "02.12.2026"."""
    day = local_day(value)
    if not day:
        return ""
    language = (get_language() or "").split("-")[0]
    return formats.date_format(day, DAY_FORMATS.get(language, DAY_FORMAT))


def iso_day(value: datetime | date | None) -> str | None:
    """The local day for machines, e.g. "2026-12-02"."""
    day = local_day(value)
    return day.isoformat() if day else None


def days_until(value: datetime | date, *, now: datetime | None = None) -> int:
    """Calendar days from today to the local day of ``value`` (negative if past)."""
    return (local_day(value) - timezone.localdate(now)).days


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
