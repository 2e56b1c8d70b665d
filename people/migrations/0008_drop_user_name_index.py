"""Drop the index 0003 once made on auth_user (last and first name).

The apps are installed into a site that owns its user table, which may be a custom
user model's, so no migration of theirs changes it. A site that wants staff sorted
by name faster can index its own user table. Going back does not recreate it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_move_staff_log_entries"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS people_user_name_idx",
            migrations.RunSQL.noop,
        )
    ]
