"""This made an index on auth_user. The apps leave the site's user table alone (it
may be a custom user model's), and 0008 drops the index where it was made."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_create_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            migrations.RunPython.noop, migrations.RunPython.noop, elidable=True
        )
    ]
