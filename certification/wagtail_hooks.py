from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from certification.admin_views import OBSERVE_PERMISSION
from certification.person_training import PersonTrainingPanel
from certification.readiness import course_standings
from certification.reports import urls as report_urls
from certification.reports.base import can_view_reports
from certification.reports.panel import TrainingPanel
from certification.reports.urls import report_links
from certification.viewsets import TrainingViewSetGroup

hooks.register("training_course_standing", course_standings)


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


# ---------------------------------------------------------------------------
# Reports: a "Reports" submenu of Training, their URLs and the dashboard panel


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


def report_menu_items():
    return [
        ReportMenuItem(
            link.label,
            link.url,
            name=f"report-{link.name}",
            icon_name=link.icon,
            order=order,
        )
        for order, link in enumerate(report_links())
    ]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("training/reports/", include(report_urls, namespace="training_reports"))
    ]


@hooks.register("register_training_menu_item")
def register_reports_menu():
    return SubmenuMenuItem(
        _("Reports"),
        Menu(items=report_menu_items()),
        name="training-reports",
        icon_name="table",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_training_panel(request, panels):
    if can_view_reports(request.user):
        panels.insert(0, TrainingPanel())
