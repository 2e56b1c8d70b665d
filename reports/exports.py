"""Exports past a size run as a background task: the file goes to the default
storage under a private path, and the person who asked is told by e-mail (and
on their "Your exports" page) when it is ready."""

import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from people.conf import app_settings as people_settings
from people.links import absolute_url
from people.mail import send_email
from reports.models import Export

logger = logging.getLogger(__name__)

# Exports of more rows than this run in the background.
DEFAULT_BACKGROUND_ROWS = 20_000
SPOOL_LIMIT = 1024 * 1024


def background_rows() -> int:
    """``TRAINING_EXPORT_BACKGROUND_ROWS``, read when used (tests override it)."""
    return getattr(settings, "TRAINING_EXPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


def is_large(rows) -> bool:
    """More rows than a web request should export (counted up to the limit
    only, so a huge export costs no full count)."""
    limit = background_rows()
    return rows.order_by().values("pk")[: limit + 1].count() > limit


def queue_export(view, export_format: str) -> Export:
    """Record the export ``view``'s request asks for and queue its task."""
    from reports.tasks import build_export

    request = view.request
    query = request.GET.copy()
    query.pop("export", None)
    export = Export.objects.create(
        user=request.user,
        report=view.url_name,
        title=str(view.page_title),
        export_format=export_format,
        query=query.urlencode(),
        language=translation.get_language() or "",
    )
    # A database queue keeps the task with the row (both or neither are saved).
    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


def report_view(export: Export):
    """The report's view, set up as for the request that asked for the export."""
    from reports.urls import REPORTS

    view_class = next(view for view in REPORTS if view.url_name == export.report)
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(export.query)
    request.user = export.user
    request.path = reverse(f"training_reports:{export.report}")
    view = view_class()
    view.setup(request)
    return view


def write_export(export: Export) -> None:
    """Write the export's file (as the report's own export would be) to the
    default storage, and mark it ready."""
    with translation.override(export.language or None):
        view = report_view(export)
        counted = Counted(view.export_rows())
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT) as output:
            if export.export_format == view.FORMAT_XLSX:
                view.write_xlsx(counted, output)
            else:
                for chunk in view.stream_csv(counted):
                    output.write(chunk)
            output.seek(0)
            name = f"{view.get_filename()}.{export.export_format}"
            export.file.save(name, File(output), save=False)
    export.rows = counted.rows
    export.status = Export.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "rows", "status", "finished_at"])


class Counted:
    """The rows, counting them as they go by."""

    def __init__(self, rows):
        self.source = rows
        self.rows = 0

    def __iter__(self):
        for row in self.source:
            self.rows += 1
            yield row


def run_export(export_id: int) -> str:
    """Prepare one queued export and e-mail its owner the link."""
    export = Export.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != Export.Status.QUEUED:
        return "nothing to do"
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING)
    try:
        write_export(export)
    except Exception:
        logger.exception("Export %s failed", export.pk)
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED, finished_at=timezone.now()
        )
        raise
    tell_owner(export)
    return f"{export.rows} rows"


def tell_owner(export: Export) -> None:
    """E-mail the person who asked for the export its download link."""
    user = export.user
    if not user.email:
        return
    context = {
        "export": export,
        "user": user,
        "download_url": absolute_url(export.get_absolute_url()),
        "exports_url": absolute_url(reverse("training_reports:exports")),
        "site_name": people_settings.SITE_NAME,
    }
    with translation.override(export.language or None):
        subject = render_to_string("reports/email/export_ready_subject.txt", context)
        body = render_to_string("reports/email/export_ready_body.txt", context)
    send_email.enqueue(" ".join(subject.split()), body, [user.email])
