"""HR's API token permissions were granted here; ``manage.py setup_training`` grants
them now (``people.roles``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_staffprofile_invited_at"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            migrations.RunPython.noop, migrations.RunPython.noop, elidable=True
        )
    ]
