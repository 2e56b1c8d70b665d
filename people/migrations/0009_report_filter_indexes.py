"""Indexes for the reports' filters on staff: hire dates, and leavers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_drop_user_name_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="staffprofile",
            index=models.Index(fields=["hire_date"], name="staff_hire_date_idx"),
        ),
        migrations.AddIndex(
            model_name="staffprofile",
            index=models.Index(
                condition=models.Q(("is_active", False)),
                fields=["leave_date"],
                name="staff_leavers_idx",
            ),
        ),
    ]
