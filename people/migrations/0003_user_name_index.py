"""Staff lists and reports sort people by last and first name; auth_user is
Django's table, so its index is made here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_create_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS people_user_name_idx "
            "ON auth_user (last_name, first_name)",
            "DROP INDEX IF EXISTS people_user_name_idx",
        )
    ]
