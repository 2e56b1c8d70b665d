from django.db import migrations

TITLE = "Service standard: practical observation"
SAFETY_GROUP = "Safety of the interaction"


def mark_safety(apps, schema_editor):
    Item = apps.get_model("certification", "ChecklistItem")
    Item.objects.filter(checklist__title=TITLE, group=SAFETY_GROUP).update(
        must_meet_standard=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0007_checklistitem_must_meet_standard"),
    ]

    operations = [migrations.RunPython(mark_safety, migrations.RunPython.noop)]
