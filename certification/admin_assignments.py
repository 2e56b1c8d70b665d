"""HR's assignments in the admin: assign a course to a person, a department,
a location or a job role with a due date, after a preview of who it reaches."""

import hashlib
import json

import django_filters
from django import forms
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.widgets import AdminDateInput

from certification import assignments
from certification.models import (
    Assignment,
    CertificationRecord,
    DueFrom,
    RequiredCourse,
    Status,
    Target,
)
from certification.tasks import runs_in_background
from courses.models import CoursePage
from people.languages import original_language
from people.models import StaffProfile

PREVIEW_PEOPLE = 20
TARGET_FIELDS = {
    Target.PERSON: "employee_id",
    Target.DEPARTMENT: "department",
    Target.LOCATION: "location",
    Target.JOB_ROLE: "job_role",
}
NO_SUCH_PERSON = _("No staff member has this employee ID.")
# Said after a change that re-syncs many people's required courses by a task.
SYNC_UNDER_WAY = _(
    "Required courses and due dates are being updated in the background; the "
    "reports show the change within a few minutes."
)


def assignable_courses():
    return CoursePage.objects.live().filter(original_language()).order_by("title")


# The due rule and note: all an assignment's edit form changes.
DUE_FIELDS = ["due_from", "due_on", "due_days", "note"]
# Who a new assignment is for (the person by employee ID, a form-only field).
WHO_FIELDS = ["target", "department", "location", "job_role"]
# What ``assignments.assign`` takes besides the course and the target.
ASSIGNED_VALUES = ["person", *WHO_FIELDS[1:], *DUE_FIELDS]


class AssignmentDueForm(WagtailAdminModelForm):
    """An assignment's due date and note; who it is for stays (remove the
    assignment and make another to change that)."""

    class Meta:
        model = Assignment
        fields = DUE_FIELDS
        widgets = {"due_from": forms.RadioSelect, "due_on": AdminDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_from"].choices = DueFrom.choices
        self.fields["due_days"].help_text = _(
            "For a due date counted from the hire date or from today."
        )

    def clean(self):
        data = super().clean()
        if data.get("due_from") == DueFrom.DATE:
            data["due_days"] = None
            if not data.get("due_on"):
                self.add_error("due_on", _("Enter the due date."))
        elif data.get("due_from"):
            data["due_on"] = None
            if data.get("due_days") is None:
                self.add_error("due_days", _("Enter the number of days."))
        return data


class AssignmentForm(AssignmentDueForm):
    """A new assignment: the course, who, and when it is due."""

    employee_id = forms.CharField(label=_("Employee ID"), max_length=64, required=False)

    class Meta(AssignmentDueForm.Meta):
        fields = ["course", *WHO_FIELDS, *DUE_FIELDS]
        widgets = {**AssignmentDueForm.Meta.widgets, "target": forms.RadioSelect}

    field_order = ["course", "target", "employee_id", *WHO_FIELDS[1:], *DUE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = assignable_courses()
        self.fields["target"].choices = Target.choices

    def clean(self):
        data = super().clean()
        self._clean_target(data)
        return data

    def _clean_target(self, data) -> None:
        target = data.get("target")
        for kind, name in TARGET_FIELDS.items():
            if kind != target:
                data[name] = None if name != "employee_id" else ""
        if target == Target.PERSON:
            self.instance.person = self._person(data.get("employee_id", ""))
        elif target in TARGET_FIELDS and not data.get(TARGET_FIELDS[target]):
            self.add_error(TARGET_FIELDS[target], _("Choose who the course is for."))
        self.instance.target = target or ""

    def _person(self, employee_id: str):
        employee_id = employee_id.strip()
        if not employee_id:
            self.add_error("employee_id", _("Enter the person's employee ID."))
            return None
        person = StaffProfile.objects.filter(employee_id=employee_id).first()
        if person is None:
            self.add_error("employee_id", NO_SUCH_PERSON)
        return person


class Preview:
    """Who a new assignment reaches, before it is made."""

    def __init__(self, assignment: Assignment):
        self.assignment = assignment
        people = assignments.affected(assignment).filter(is_active=True)
        self.count = people.count()
        certified = CertificationRecord.objects.filter(
            course=assignment.course, status=Status.CERTIFIED
        )
        self.certified = people.filter(user__in=certified.values("user")).count()
        required = RequiredCourse.objects.filter(course=assignment.course)
        self.required = people.filter(pk__in=required.values("staff")).count()
        shown = people.select_related("user", "department", "job_role")
        self.people = [
            (person, assignment.due_for(person.hire_date))
            for person in shown.order_by("user__last_name", "employee_id")[
                :PREVIEW_PEOPLE
            ]
        ]

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.people))

    @property
    def summary(self) -> str:
        return ngettext(
            "“%(course)s” will be required of %(count)s person.",
            "“%(course)s” will be required of %(count)s people.",
            self.count,
        ) % {"course": self.assignment.course.title, "count": self.count}


class PreviewFirstMixin:
    """A create view that shows who the change reaches first: a valid form is
    previewed, and only a form posted back unchanged with the preview's
    fingerprint is saved."""

    def make_preview(self, form):
        raise NotImplementedError

    def confirm_label(self, preview) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        if self.request.POST.get("confirmed") != fingerprint(form):
            self.form = form
            return self.render_to_response(
                self.get_context_data(form=form, preview=self.make_preview(form))
            )
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = kwargs.get("preview")
        context["preview"] = preview
        if preview is not None:
            context["fingerprint"] = fingerprint(kwargs["form"])
            context["submit_button_label"] = self.confirm_label(preview)
        else:
            context["submit_button_label"] = _("Preview")
        context["submit_button_active_label"] = context["submit_button_label"]
        return context


def fingerprint(form) -> str:
    """What the preview showed, so a changed form is previewed again."""
    data = {name: str(value) for name, value in form.cleaned_data.items()}
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class AssignmentCreateView(PreviewFirstMixin, generic.CreateView):
    """Fill in the form, see who it reaches, then confirm."""

    template_name = "certification/admin/assignment_create.html"

    def make_preview(self, form):
        return Preview(form.instance)

    def confirm_label(self, preview) -> str:
        return ngettext(
            "Assign to %(count)s person",
            "Assign to %(count)s people",
            preview.count,
        ) % {"count": preview.count}

    def save_instance(self):
        values = {name: getattr(self.form.instance, name) for name in ASSIGNED_VALUES}
        return assignments.assign(
            self.form.instance.course,
            target=self.form.instance.target,
            actor=self.request.user,
            **values,
        )

    def get_success_message(self, instance):
        message = _("“%(course)s” assigned to %(target)s.") % {
            "course": instance.course.title,
            "target": instance.target_name,
        }
        return with_sync_note(message, instance)


class AssignmentEditView(generic.EditView):
    def get_success_message(self):
        return with_sync_note(super().get_success_message(), self.object)


class AssignmentDeleteView(generic.DeleteView):
    def delete_action(self):
        assignments.unassign(self.object, actor=self.request.user)

    def get_page_subtitle(self):
        return str(self.object)

    def get_success_message(self):
        return with_sync_note(super().get_success_message(), self.object)


def with_sync_note(message: str, assignment: Assignment) -> str:
    """``message``, saying the due dates follow when a task brings the many
    people an assignment reaches in step (one person's are at once)."""
    if assignment.target == Target.PERSON or not runs_in_background():
        return message
    return f"{message} {SYNC_UNDER_WAY}"


def after_course_published(request, page) -> None:
    if page.live and page.scheduled_revision is None:  # now, not scheduled
        _say_sync_under_way(request, page)


def after_course_unpublished(request, page) -> None:
    _say_sync_under_way(request, page)


def _say_sync_under_way(request, page) -> None:
    """Say, with a task queue, that the due dates follow a course's change, if
    it is required of anyone."""
    if not runs_in_background() or not isinstance(page.specific_deferred, CoursePage):
        return
    reached = StaffProfile.objects.filter(assignments.staff_for_courses([page.pk]))
    if reached.exists():
        messages.info(request, SYNC_UNDER_WAY)


class AssignmentFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=assignable_courses()
    )
    target = django_filters.ChoiceFilter(label=_("Assigned to"), choices=Target.choices)

    class Meta:
        model = Assignment
        fields = ["course", "target"]


def _reached():
    """How many people still employed each assignment reaches, in SQL."""

    def counted(field):
        people = StaffProfile.objects.filter(
            is_active=True, **{field: OuterRef(f"{field}_id")}
        )
        people = people.order_by().values(field).annotate(total=Count("pk"))
        return Subquery(people.values("total")[:1], output_field=IntegerField())

    return Coalesce(
        counted("department"),
        counted("location"),
        counted("job_role"),
        Value(0),
    )


class AssignmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.select_related(
            "course", "person__user", "department", "location", "job_role", "created_by"
        ).annotate(group_size=_reached())


def people_reached(assignment) -> int:
    if assignment.target == Target.PERSON:
        return 1
    return assignment.group_size
