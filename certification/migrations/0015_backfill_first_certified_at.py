"""Fill ``first_certified_at`` of records certified before the field existed:
the earliest of each record's certificates, in one UPDATE."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery


def backfill_first_certified(apps, schema_editor):
    """Set each record that has certificates and no first date to its earliest
    certificate's issue time (one statement; the certificates are read by
    ``certificate_first_idx``)."""
    Record = apps.get_model("certification", "CertificationRecord")
    Certificate = apps.get_model("certification", "Certificate")
    certificates = Certificate.objects.filter(record=OuterRef("pk"))
    earliest = certificates.order_by("issued_at").values("issued_at")[:1]
    Record.objects.filter(Exists(certificates), first_certified_at__isnull=True).update(
        first_certified_at=Subquery(earliest)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0014_record_first_certified_at"),
    ]

    operations = [
        migrations.RunPython(backfill_first_certified, migrations.RunPython.noop),
    ]
