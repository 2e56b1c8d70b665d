"""The default checklist and the roles' certification permissions were made here;
``manage.py setup_training`` makes them now (``certification.defaults``,
``people.roles``). Databases that ran this keep their checklist."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_observation_and_revoke_permissions"),
        ("people", "0002_create_roles"),
    ]

    operations = [
        migrations.RunPython(
            migrations.RunPython.noop, migrations.RunPython.noop, elidable=True
        )
    ]
