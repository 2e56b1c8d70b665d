"""The filters the training reports share: who (department, location, role,
manager), which course, which status, which hire dates."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from certification.models import Status
from certification.rows import by_employment
from courses.models import CoursePage
from people.languages import original_language
from people.models import Department, JobRole, Location, StaffProfile

EMPLOYMENT_CHOICES = [
    ("all", _("Everyone, including leavers")),
    ("left", _("Only people who have left")),
]
CHART_BY_CHOICES = [
    ("department", _("Department")),
    ("location", _("Location")),
    ("job_role", _("Job role")),
]


def courses(request):
    return CoursePage.objects.live().filter(original_language()).order_by("title")


PLACEHOLDER = _("Type a name or employee ID")
LISTED_LINE = 1000


class ManagerChooser(forms.Widget):
    """A search box that asks ``training_reports:manager_chooser`` for a few
    managers as one types, and keeps the chosen one's id in a hidden field:
    a ``<select>`` of every manager would weigh more than the report."""

    template_name = "reports/manager_chooser.html"

    class Media:
        js = ["reports/manager-chooser.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["label"] = self.label_of(value)
        context["widget"]["url"] = reverse("training_reports:manager_chooser")
        context["widget"]["placeholder"] = PLACEHOLDER
        return context

    def label_of(self, value):
        """The chosen manager's name, looked up among the field's (scoped)
        choices: an id from outside the viewer's line shows no name."""
        choices = getattr(self, "choices", None)
        if value in (None, "") or not hasattr(choices, "queryset"):
            return ""
        try:
            profile = choices.queryset.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            return ""
        return str(profile) if profile else ""


def managers(request):
    """People with reports whom the viewer may see: a manager's choices stay
    inside their own reporting line."""
    if request is None:
        return StaffProfile.objects.none()
    visible = StaffProfile.objects.for_viewer(request.user)
    has_reports = Exists(StaffProfile.objects.filter(manager=OuterRef("pk")))
    return (
        visible.filter(has_reports)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


class PeopleFilterSet(WagtailFilterSet):
    """Who: filters on the staff behind every row."""

    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all()
    )
    location = django_filters.ModelChoiceFilter(
        label=_("Location"), queryset=Location.objects.all()
    )
    job_role = django_filters.ModelChoiceFilter(
        label=_("Job role"), queryset=JobRole.objects.all()
    )
    manager = django_filters.ModelChoiceFilter(
        label=_("Manager"),
        queryset=managers,
        method="filter_manager",
        widget=ManagerChooser,
        help_text=_("Everyone in this manager's reporting line."),
    )
    hired_from = django_filters.DateFilter(
        label=_("Hired on or after"),
        field_name="hire_date",
        lookup_expr="gte",
        widget=AdminDateInput,
    )
    hired_to = django_filters.DateFilter(
        label=_("Hired on or before"),
        field_name="hire_date",
        lookup_expr="lte",
        widget=AdminDateInput,
    )

    class Meta:
        model = StaffProfile
        fields = []

    def filter_manager(self, queryset, name, value):
        # A line of up to LISTED_LINE people goes in as their ids: PostgreSQL
        # cannot guess how many rows the recursive query gives, and would
        # join every row of the report before keeping the few in the line.
        return queryset.filter(pk__in=self.line_of(value))

    @cached_property
    def lines(self):
        return {}  # manager pk: their line, read once however often filtered

    def line_of(self, manager):
        if manager.pk not in self.lines:
            line = StaffProfile.objects.reporting_line(manager).order_by()
            line = line.values_list("pk", flat=True)
            ids = list(line[: LISTED_LINE + 1])
            self.lines[manager.pk] = ids if len(ids) <= LISTED_LINE else line
        return self.lines[manager.pk]


class RowFilterSet(PeopleFilterSet):
    """Who, plus which course and status: for person × course rows."""

    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=courses, method="filter_course"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status"
    )
    employment = django_filters.ChoiceFilter(
        label=_("Employment"),
        choices=EMPLOYMENT_CHOICES,
        empty_label=_("Still employed"),
        method="filter_employment",
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("employment"):
            queryset = by_employment(queryset, "current")
        return queryset

    def filter_course(self, queryset, name, value):
        return queryset.filter(course_id=value.pk)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def keep(self, queryset, name, value):
        return queryset  # a choice the view reads (chart grouping, day window)

    def filter_employment(self, queryset, name, value):
        return by_employment(queryset, value)


class ReadinessFilterSet(RowFilterSet):
    chart_by = django_filters.ChoiceFilter(
        label=_("Chart by"),
        choices=CHART_BY_CHOICES,
        empty_label=_("Department"),
        method="keep",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=True) if value else queryset


class DaysFilterSet(RowFilterSet):
    """Rows with a "within N days" window, e.g. expiring soon or stuck."""

    days = django_filters.NumberFilter(
        label=_("Days"),
        method="keep",
        min_value=1,
        max_value=730,
    )
