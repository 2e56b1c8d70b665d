from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from certification import assignments, refreshers
from certification.admin_views import OBSERVE_PERMISSION
from certification.bulk_actions import AssignCourseBulkAction
from certification.nav import my_training_nav_item
from certification.person_training import PersonTrainingPanel
from certification.readiness import course_standings
from certification.viewsets import TrainingViewSetGroup
from courses.models import Clause
from people.nav import NAV_HOOK

hooks.register("training_course_standing", course_standings)
hooks.register("quizzes_open_to_learners", refreshers.refresher_quizzes)
hooks.register(NAV_HOOK, my_training_nav_item)
hooks.register("register_bulk_action", AssignCourseBulkAction)


@hooks.register("register_log_actions")
def register_assignment_log_actions(actions):
    actions.register_action(
        assignments.ASSIGN_ACTION, _("Assign a course"), _("Course assigned")
    )
    actions.register_action(
        assignments.UNASSIGN_ACTION, _("Remove an assignment"), _("Assignment removed")
    )


@hooks.register("after_publish_page")
def offer_material_change(request, page):
    """After a course, module or lesson is republished, offer to record the
    change as material for some clauses (only the trainer knows)."""
    course = refreshers.course_of_page(page)
    if course is None or not request.user.has_perm("certification.add_materialchange"):
        return
    if not refreshers.affected(course).exists():
        return  # nobody certified: nothing to refresh
    url = reverse("material_changes:add") + f"?course={course.pk}"
    messages.info(
        request,
        _("Did this change the standard for people already certified?"),
        buttons=[messages.button(url, _("Record a material change"))],
    )


@hooks.register("after_edit_snippet")
def offer_material_change_for_clause(request, instance):
    """After a clause of the standard is edited, offer the same, with the
    clause chosen (the trainer picks the course)."""
    if not isinstance(instance, Clause):
        return
    if not request.user.has_perm("certification.add_materialchange"):
        return
    url = reverse("material_changes:add") + f"?clause={instance.pk}"
    messages.info(
        request,
        _("Did this change the standard for people already certified?"),
        buttons=[messages.button(url, _("Record a material change"))],
    )


@hooks.register("quizzes_after_edit")
def offer_material_change_for_quiz(request, instance):
    """After a quiz or a question is edited, offer the same, with the
    question's clauses chosen and the course that uses the quiz."""
    if not request.user.has_perm("certification.add_materialchange"):
        return
    course, clauses = refreshers.course_and_clauses_of(instance)
    if course is None or not refreshers.affected(course).exists():
        return
    query = "&".join([f"course={course.pk}", *(f"clause={c}" for c in clauses)])
    messages.info(
        request,
        _("Did this change the standard for people already certified?"),
        buttons=[
            messages.button(
                reverse("material_changes:add") + f"?{query}",
                _("Record a material change"),
            )
        ],
    )


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("construct_staff_profile_panels")
def add_person_training_panel(request, profile, panels):
    panels.append(PersonTrainingPanel(profile))


class RecordObservationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(OBSERVE_PERMISSION)


@hooks.register("register_training_menu_item")
def register_record_observation_menu_item():
    return RecordObservationMenuItem(
        _("Record a practical observation"),
        reverse("observations:add"),
        name="record-observation",
        icon_name="plus",
        order=210,
    )
