"""HR creates and revokes the API tokens the HR system uses (Wagtail's APIToken)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

API_TOKEN_PERMISSIONS = [
    "view_apitoken",
    "add_apitoken",
    "change_apitoken",
    "delete_apitoken",
]


def token_permissions(apps):
    """The permissions, made first: Django normally makes them after migrating."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="wagtailcore",
        content_type__model="apitoken",
        codename__in=API_TOKEN_PERMISSIONS,
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    hr, _created = Group.objects.get_or_create(name="HR")
    hr.permissions.add(*token_permissions(apps))


def withdraw(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hr = Group.objects.filter(name="HR").first()
    if hr is not None:
        hr.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="wagtailcore",
                codename__in=API_TOKEN_PERMISSIONS,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_staffprofile_invited_at"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, withdraw)]
