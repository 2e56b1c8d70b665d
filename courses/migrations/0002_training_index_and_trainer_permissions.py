"""The training index and the trainers' permissions were made here;
``manage.py setup_training`` makes them now, through Wagtail's page API. Databases
that ran this keep their page."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("people", "0002_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            migrations.RunPython.noop, migrations.RunPython.noop, elidable=True
        )
    ]
