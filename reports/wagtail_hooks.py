"""What the reports app adds to the admin: the report URLs, a "Reports" submenu
of the Training menu, and the headline panel on the admin home page."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from reports import urls as report_urls
from reports.panel import TrainingPanel
from reports.urls import report_links
from reports.views.base import can_view_reports


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
