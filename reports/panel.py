"""The admin home panel for HR and managers: headline numbers of their staff."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from certification.rows import visible_rows
from reports.summary import headline
from reports.urls import report_links


class TrainingPanel(Component):
    name = "training_readiness"
    order = 50
    template_name = "reports/panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        rows = visible_rows(request.user, now=now)
        return {
            "headline": headline(rows.order_by(), now),
            "links": report_links(),
        }
