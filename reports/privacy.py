"""The reports' part of a person's data export and erasure (``people.privacy``).

The exports a person asked for are theirs: listed in the export, deleted with
their files on erasure (after the erasure commits, so a rollback keeps them).
"""

from functools import partial

from django.db import transaction

from people.privacy import register
from reports.models import Export


def export_reports(profile) -> dict:
    exports = Export.objects.for_user(profile.user_id).order_by("created_at", "pk")
    return {
        "exports_requested": list(
            exports.values(
                "report",
                "title",
                "export_format",
                "query",
                "status",
                "rows",
                "created_at",
                "finished_at",
            )
        )
    }


def erase_reports(profile, actor) -> None:
    exports = Export.objects.for_user(profile.user_id)
    files = [export.file for export in exports.exclude(file="")]
    exports.delete()
    for file in files:
        transaction.on_commit(partial(file.storage.delete, file.name))


register("reports", export=export_reports, erase=erase_reports)
