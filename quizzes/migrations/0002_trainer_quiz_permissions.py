from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINERS = "Trainers"
CONTENT_ACTIONS = ("add", "change", "delete", "view")
# Trainers author the content, and view and change attempts to mark and analyse.
TRAINER_PERMISSIONS = [
    *(
        (model, f"{action}_{model}")
        for model in (
            "questionbank",
            "category",
            "question",
            "choice",
            "quiz",
            "categorydraw",
        )
        for action in CONTENT_ACTIONS
    ),
    *(
        (model, f"{action}_{model}")
        for model in ("attempt", "answer")
        for action in ("view", "change")
    ),
]


def trainer_permissions(apps):
    """The permissions, made first: Django normally makes them after migrating."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label="quizzes",
            content_type__model=model,
            codename=codename,
        )
        for model, codename in TRAINER_PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    trainers, _created = Group.objects.get_or_create(name=TRAINERS)
    trainers.permissions.add(*trainer_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trainers = Group.objects.filter(name=TRAINERS).first()
    if trainers is None:
        return
    trainers.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="quizzes",
            codename__in=[codename for _model, codename in TRAINER_PERMISSIONS],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("people", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
