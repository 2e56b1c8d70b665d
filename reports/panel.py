"""The admin home panel for HR and managers: headline numbers of their staff.

The numbers count every readiness row the viewer may see (500,000 of them at
100,000 staff × 5 courses, about half a second), so they are kept in the cache
for ``PANEL_SECONDS``: the home page opens at once, and the reports behind
each number count afresh.
"""

from django.core.cache import cache
from django.utils import timezone
from wagtail.admin.ui.components import Component

from certification.rows import visible_rows
from people import roles
from reports.summary import headline, room_to_count
from reports.urls import report_links

PANEL_SECONDS = 60


def panel_key(user) -> str:
    """Everyone who sees all staff shares the numbers; others have their own."""
    scope = "all" if roles.sees_all_staff(user) else f"user-{user.pk}"
    return f"reports:panel:{scope}"


def panel_headline(user):
    def count():
        now = timezone.now()
        with room_to_count():
            return headline(visible_rows(user, now=now).order_by(), now)

    return cache.get_or_set(panel_key(user), count, PANEL_SECONDS)


class TrainingPanel(Component):
    name = "training_readiness"
    order = 50
    template_name = "reports/panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {"headline": panel_headline(request.user), "links": report_links()}
