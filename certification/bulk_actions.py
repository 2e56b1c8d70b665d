"""The staff listing's bulk action that assigns a course to the people ticked."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from certification.admin_assignments import (
    AssignmentDueForm,
    assignable_courses,
    fingerprint,
)
from certification.person_assignments import assign_to_person
from people.bulk_actions import InviteBulkAction
from people.models import StaffProfile
from people.views import refuse

ASSIGN_PERMISSION = "certification.add_assignment"


class AssignCourseForm(AssignmentDueForm):
    """The course, its due rule and a note; who it is for is the selection."""

    class Meta(AssignmentDueForm.Meta):
        fields = ["course", *AssignmentDueForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = assignable_courses()


class AssignCourseBulkAction(BulkAction):
    """Require a course of each person ticked (one assignment each), after a
    preview of their due dates."""

    display_name = _("Assign a course")
    action_type = "assign_course"
    aria_label = _("Require a course of the selected people, with a due date")
    template_name = "certification/admin/bulk_assign.html"
    models = [StaffProfile]
    action_priority = 20
    form_class = AssignCourseForm
    # The invitations' selection: the ticked people, or the filtered listing.
    chosen_staff = InviteBulkAction.chosen_staff

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ASSIGN_PERMISSION):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def get_actionable_objects(self):
        """People still employed; those who left are named and skipped."""
        employed, left = [], []
        for profile in self.chosen_staff().order_by("user__last_name", "pk"):
            (employed if profile.is_active else left).append(profile)
        return employed, {"left": left}

    def form_valid(self, form):
        if self.request.POST.get("confirmed") != fingerprint(form):
            return self.render_to_response(
                self.get_context_data(form=form, preview=form.instance)
            )
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rule = kwargs.get("preview")
        if rule is not None:
            context["fingerprint"] = fingerprint(kwargs["form"])
            context["due_dates"] = [
                (entry["item"], rule.due_for(entry["item"].hire_date))
                for entry in context["items"]
            ]
        return context

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        return {
            "actor": self.request.user,
            "course": data["course"],
            "due_from": data["due_from"],
            "due_on": data["due_on"],
            "due_days": data["due_days"],
            "note": data["note"],
        }

    @classmethod
    def execute_action(cls, objects, *, actor, course, **due_and_note):
        for person in objects:
            assign_to_person(person, course, actor=actor, **due_and_note)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "“%(course)s” assigned to %(count)d person.",
            "“%(course)s” assigned to %(count)d people.",
            num_parent_objects,
        ) % {
            "course": self.cleaned_form.cleaned_data["course"].title,
            "count": num_parent_objects,
        }
