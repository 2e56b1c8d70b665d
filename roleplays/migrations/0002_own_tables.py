"""The role-play tables take this app's names, and so do their content types
(pages, revisions and permissions point at the same rows)."""

from django.db import migrations

MODELS = ["roleplaypage", "roleplayversion", "roleplayrun"]


def move_content_types(apps, schema_editor, source="courses", target="roleplays"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label=target, model__in=MODELS).values_list(
            "model", flat=True
        )
    )
    ContentType.objects.filter(app_label=source, model__in=MODELS).exclude(
        model__in=taken
    ).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="roleplays", target="courses")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0008_roleplays_app"),
        ("roleplays", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="roleplaypage", table=None),
        migrations.AlterModelTable(name="roleplayversion", table=None),
        migrations.AlterModelTable(name="roleplayrun", table=None),
        migrations.RenameIndex(
            model_name="roleplayrun",
            new_name="roleplays_r_page_id_6160e7_idx",
            old_name="courses_rol_page_id_85b2c6_idx",
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
