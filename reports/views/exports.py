"""The person's own large exports: a list with their state, and the download."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import ListView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from reports.models import Export
from reports.views.base import can_view_reports

SHOWN = 30  # the newest exports listed


class ExportListView(WagtailAdminTemplateMixin, ListView):
    """Your exports: the newest first, each downloadable once ready."""

    page_title = _("Your exports")
    header_icon = "download"
    template_name = "reports/exports.html"
    context_object_name = "exports"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return defaults.permission_denied(request, None)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # The page's own name ends the trail, and heads the page.
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_queryset(self):
        return Export.objects.for_user(self.request.user)[:SHOWN]


def download_export(request, pk: int):
    """The file, for the person who asked for it only (anyone else: 404)."""
    if not can_view_reports(request.user):
        return defaults.permission_denied(request, None)
    export = Export.objects.for_user(request.user).filter(pk=pk).first()
    if export is None or not export.is_ready:
        raise Http404(_("No export of yours has this number, or it is not ready."))
    name = export.file.name.rsplit("/", 1)[-1]
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
