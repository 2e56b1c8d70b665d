"""The trainers' quiz permissions were granted here; ``manage.py setup_training``
grants them now (``people.roles``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("people", "0002_create_roles"),
    ]

    operations = [
        migrations.RunPython(
            migrations.RunPython.noop, migrations.RunPython.noop, elidable=True
        )
    ]
