from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from certification import (
    admin_assignments,
    admin_refreshers,
    assignments,
    refreshers,
)
from certification.admin_views import OBSERVE_PERMISSION
from certification.bulk_actions import AssignCourseBulkAction
from certification.nav import my_training_nav_item
from certification.person_training import PersonTrainingPanel
from certification.readiness import course_standings
from certification.viewsets import TrainingViewSetGroup
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


# After a course page, a clause, a quiz or a question is changed: offer to
# record a change to the standard (only the trainer knows if it is material).
hooks.register("after_publish_page", admin_refreshers.after_publish_page)
# With a task queue, the due dates of the people a course reaches follow it.
hooks.register("after_publish_page", admin_assignments.after_course_published)
hooks.register("after_unpublish_page", admin_assignments.after_course_unpublished)
hooks.register("after_edit_snippet", admin_refreshers.after_edit_clause)
hooks.register("quizzes_after_edit", admin_refreshers.after_edit_quiz)


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
