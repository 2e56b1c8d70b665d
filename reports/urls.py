"""The training reports' admin URLs (namespace ``training_reports``)."""

from dataclasses import dataclass

from django.urls import path, reverse

from reports.views.choosers import manager_choices
from reports.views.clauses import ClauseReportView
from reports.views.exports import ExportListView, download_export
from reports.views.history import HistoryReportView
from reports.views.readiness import (
    ExpiringReportView,
    ReadinessReportView,
    StuckReportView,
)
from reports.views.retention import RetentionReportView
from reports.views.time_to_certification import (
    TimeToCertificationReportView,
)

app_name = "training_reports"

REPORTS = [
    ReadinessReportView,
    ExpiringReportView,
    StuckReportView,
    ClauseReportView,
    TimeToCertificationReportView,
    RetentionReportView,
    HistoryReportView,
]

urlpatterns = [pattern for report in REPORTS for pattern in report.urls()]
urlpatterns += [
    path("exports/", ExportListView.as_view(), name="exports"),
    path("exports/<int:pk>/", download_export, name="export_download"),
]
urlpatterns.append(path("managers/", manager_choices, name="manager_chooser"))


@dataclass(frozen=True)
class ReportLink:
    name: str
    label: str
    icon: str
    url: str


def report_links() -> list[ReportLink]:
    """Every report, for the menu and the dashboard panel."""
    return [
        ReportLink(
            report.url_name,
            report.page_title,
            report.header_icon,
            reverse(f"training_reports:{report.url_name}"),
        )
        for report in REPORTS
    ]
