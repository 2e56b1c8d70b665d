"""What the hire-cohort reports share: their filters, columns and small
helpers. The reports are in ``time_to_certification`` and ``retention``."""

from datetime import timedelta
from statistics import median

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from certification.dates import local_day, show_day
from reports.filters import PeopleFilterSet, courses

# Days from hire to first certificate, as (low, high); None: open-ended.
DAY_BINS = [(0, 14), (15, 30), (31, 45), (46, 60), (61, 90), (91, None)]
WINDOW = 30  # "certified within their first 30 days"
MARKS = (90, 180)  # still employed this many days after hire?
SMALL_GROUP = 10  # below this many people a share is shown but not to be trusted
CERTIFIED, NOT_CERTIFIED = "certified", "not_certified"
GROUP_LABELS = {
    CERTIFIED: _("Certified within 30 days"),
    NOT_CERTIFIED: _("Not certified within 30 days"),
}
YES, NO, NOT_YET = _("Yes"), _("No"), _("Not yet")


def days_between(hired, moment):
    """Whole days from the hire date to a moment's local day."""
    return (local_day(moment) - hired).days if hired and moment else None


def middle(values):
    return median(values) if values else None


def percent(part, whole):
    return round(100 * part / whole) if whole else None


class DashColumn(Column):
    """A column that shows a dash, not a blank, for no value."""

    empty_value_display = "—"

    def get_value(self, instance):
        value = super().get_value(instance)
        return "" if value is None else value


class PlainDateColumn(DashColumn):
    """A date (not a moment) shown as e.g. "12 Dec 2026", on one line."""

    def __init__(self, name, **kwargs):
        kwargs.setdefault("classname", "w-whitespace-nowrap")
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return show_day(super().get_value(instance))


HIRED = PlainDateColumn(
    "hire_date", label=_("Hire date"), accessor="hire_date", sort_key="hire_date"
)


# Filters ---------------------------------------------------------------------


class TimeToCertificationFilterSet(PeopleFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=courses, method="filter_course"
    )
    employment = django_filters.ChoiceFilter(
        label=_("Employment"),
        choices=[
            ("employed", _("Still employed")),
            ("left", _("Only people who have left")),
        ],
        empty_label=_("Everyone, including leavers"),
        method="filter_employment",
    )

    def filter_course(self, queryset, name, value):
        return queryset.filter(course_id=value.pk)

    def filter_employment(self, queryset, name, value):
        return queryset.filter(is_active=value == "employed")


def default_period(today):
    """Hired in the last 12 months, up to 90 days ago: everyone's 90-day mark
    has passed."""
    return {
        "hired_from": today - timedelta(days=365),
        "hired_to": today - timedelta(days=MARKS[0]),
    }


class RetentionFilterSet(PeopleFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=courses,
        method="keep",
        help_text=_(
            "Certified on this course; any course their role requires if empty."
        ),
    )

    def __init__(self, data=None, *args, **kwargs):
        # The hire dates default to the period; a date cleared in the form
        # (sent empty) means no limit.
        defaults = default_period(timezone.localdate())
        data = data.copy() if data is not None else None
        if data is not None:
            for name, day in defaults.items():
                data.setdefault(name, day.isoformat())
        super().__init__(data, *args, **kwargs)
        for name, day in defaults.items():
            self.filters[name].extra["initial"] = day

    def keep(self, queryset, name, value):
        return queryset  # the view reads the course: it decides what counts


def chosen(view, name):
    if view.filters and view.filters.is_valid():
        return view.filters.form.cleaned_data.get(name)
    return None
