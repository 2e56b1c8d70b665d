"""A record's first certification time, kept on the record for the reports."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0013_report_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificationrecord",
            name="first_certified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="first certified"
            ),
        ),
    ]
