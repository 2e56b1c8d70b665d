import uuid

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
SNIPPET_PERMISSIONS = ["add_clause", "change_clause", "delete_clause", "view_clause"]
INTRO = "<p>Learn our customer-service standard, practise it, and get certified.</p>"


def encode_step(number):
    """One four-character step of a treebeard path (base 36)."""
    text = ""
    while number:
        number, digit = divmod(number, 36)
        text = ALPHABET[digit] + text
    return text.rjust(4, "0")


def create_training_index(apps, schema_editor):
    """Put the catalogue at /training/ under the default site's home page."""
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TrainingIndexPage = apps.get_model("courses", "TrainingIndexPage")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or TrainingIndexPage.objects.exists():
        return
    home = Page.objects.get(pk=site.root_page_id)
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    content_type, _created = ContentType.objects.get_or_create(
        app_label="courses", model="trainingindexpage"
    )
    now = timezone.now()
    index = TrainingIndexPage.objects.create(
        title="Training",
        draft_title="Training",
        slug="training",
        intro=INTRO,
        content_type=content_type,
        path=home.path + encode_step(number),
        depth=home.depth + 1,
        numchild=0,
        url_path=home.url_path + "training/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())
    grant_trainers(apps, index)


def grant_trainers(apps, index):
    """Trainers edit and publish everything under the training index."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    trainers = Group.objects.get(name="Trainers")
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=trainers, page_id=index.pk, permission=permission
        )
    trainers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses", codename__in=SNIPPET_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("people", "0002_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_training_index, migrations.RunPython.noop)
    ]
