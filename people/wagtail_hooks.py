from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from people.bulk_actions import InviteBulkAction
from people.models import StaffLogEntry, StaffProfile
from people.nav import NAV_HOOK, admin_nav_item
from people.privacy import ERASE_ACTION, EXPORT_ACTION
from people.privacy_views import ErasePersonView, PersonalDataView
from people.services import IMPORT_ACTION, INVITE_ACTION
from people.views import IMPORT_PERMISSION, InviteStaffView, StaffImportView
from people.viewsets import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()


@hooks.register("register_admin_urls")
def register_people_urls():
    urls = [
        path("import/", StaffImportView.as_view(), name="import_staff"),
        path("staff/<int:pk>/invite/", InviteStaffView.as_view(), name="invite_staff"),
        path(
            "staff/<int:pk>/personal-data/",
            PersonalDataView.as_view(),
            name="export_personal_data",
        ),
        path(
            "staff/<int:pk>/erase/",
            ErasePersonView.as_view(),
            name="erase_personal_data",
        ),
    ]
    return [path("people/", include((urls, "people"), namespace="people"))]


class StaffImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_people_menu_item")
def register_staff_import_menu_item():
    return StaffImportMenuItem(
        _("Import staff"),
        reverse("people:import_staff"),
        name="import-staff",
        icon_name="upload",
        order=10,
    )


hooks.register("register_bulk_action", InviteBulkAction)
hooks.register(NAV_HOOK, admin_nav_item)


@hooks.register("register_log_actions")
def register_staff_log_actions(actions):
    actions.register_model(StaffProfile, StaffLogEntry)
    actions.register_action(INVITE_ACTION, _("Invite"), _("Invitation sent"))
    actions.register_action(
        EXPORT_ACTION, _("Personal data export"), _("Personal data exported")
    )
    actions.register_action(ERASE_ACTION, _("Erasure"), _("Personal data erased"))
    actions.register_action(
        IMPORT_ACTION, _("Staff import"), _("Created or changed by staff import")
    )
