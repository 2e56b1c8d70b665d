from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import Clause


class ClauseFilterSet(WagtailFilterSet):
    class Meta:
        model = Clause
        fields = ["course"]


class ClauseViewSet(SnippetViewSet):
    model = Clause
    icon = "list-ol"
    menu_label = _("Clauses of the standard")
    menu_name = "clauses"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["code", "title", "course"]
    list_filter = None
    filterset_class = ClauseFilterSet
    search_fields = ["code", "title", "description"]
    ordering = ["code"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Clause.objects.select_related("course")
