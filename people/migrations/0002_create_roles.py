from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")

# (app label, model, codename) granted to each role. Later apps add their own.
ROLE_PERMISSIONS = {
    "Learners": [],
    "Trainers": [
        ADMIN_ACCESS,
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    "Managers": [
        ADMIN_ACCESS,
        ("people", "staffprofile", "view_staffprofile"),
    ],
    "HR": [
        ADMIN_ACCESS,
        ("people", "staffprofile", "view_staffprofile"),
        ("people", "staffprofile", "add_staffprofile"),
        ("people", "staffprofile", "change_staffprofile"),
        ("people", "staffprofile", "view_all_staff"),
        ("people", "department", "view_department"),
        ("people", "department", "add_department"),
        ("people", "department", "change_department"),
        ("people", "location", "view_location"),
        ("people", "location", "add_location"),
        ("people", "location", "change_location"),
        ("people", "jobrole", "view_jobrole"),
        ("people", "jobrole", "add_jobrole"),
        ("people", "jobrole", "change_jobrole"),
    ],
}


def ensure_permissions(apps):
    """Permissions are normally made after migrating; make them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, codename in wanted:
            permission = Permission.objects.get(
                content_type__app_label=app_label,
                content_type__model=model,
                codename=codename,
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
