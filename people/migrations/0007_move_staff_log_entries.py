"""Staff members' history moves from Wagtail's shared log to their own, so that
it can be shown only to those who may see the person."""

from django.db import migrations

# Fields both log entry tables share (all of Wagtail's BaseLogEntry).
SHARED_FIELDS = [
    "content_type_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
]
BATCH_SIZE = 1000


def staff_content_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label="people", model="staffprofile").first()


def copy_in_batches(source, make_entry, target):
    batch = []
    for entry in source.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        batch.append(make_entry(entry))
        if len(batch) == BATCH_SIZE:
            target.objects.bulk_create(batch)
            batch = []
    target.objects.bulk_create(batch)
    source.delete()


def shared(entry):
    return {name: getattr(entry, name) for name in SHARED_FIELDS}


def forwards(apps, schema_editor):
    content_type = staff_content_type(apps)
    if content_type is None:
        return
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    StaffLogEntry = apps.get_model("people", "StaffLogEntry")
    copy_in_batches(
        ModelLogEntry.objects.filter(content_type=content_type),
        lambda entry: StaffLogEntry(staff_id=int(entry.object_id), **shared(entry)),
        StaffLogEntry,
    )


def backwards(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    StaffLogEntry = apps.get_model("people", "StaffLogEntry")
    copy_in_batches(
        StaffLogEntry.objects.all(),
        lambda entry: ModelLogEntry(object_id=str(entry.staff_id), **shared(entry)),
        ModelLogEntry,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_stafflogentry"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
