"""Indexes for the reports at scale: the expiring report's order (expiry across
statuses), and a record's first certificate read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0012_translatable"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(
                fields=["record", "issued_at"], name="certificate_first_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="certificationrecord",
            index=models.Index(fields=["expires_at"], name="record_expiry_idx"),
        ),
    ]
