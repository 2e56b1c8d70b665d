"""What a site starts with: the role groups, the training index and the default
observation checklist. ``manage.py setup_training`` writes them; each function changes
only what differs, so running it again changes nothing."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.coreutils import get_content_languages
from wagtail.models import GroupPagePermission, Locale, Page, Site

from certification.models import ChecklistItem, ObservationChecklist
from certification.services import DEFAULT_CHECKLIST
from courses.models import TrainingIndexPage
from people import roles

CREATED = "created"
UPDATED = "updated"
UP_TO_DATE = "up to date"

MISSING_PERMISSIONS = (
    "These permissions do not exist: %(names)s. Run manage.py migrate first, "
    "with the Wagtail apps they belong to installed."
)

INDEX_TITLE = "Training"
INDEX_SLUG = "training"
INDEX_INTRO = (
    "<p>Learn our customer-service standard, practise it, and get certified.</p>"
)

CHECKLIST_DESCRIPTION = (
    "Watch the learner serve real customers for at least 20 minutes."
)
CHECKLIST_PASS_RULE = (
    "Pass when no item is rated 'Not yet' and safety meets the standard."
)
# The six standardised behaviour parameters of the service standard:
# (group, what the observer sees or hears, must meet the standard to pass).
# Each item is one behaviour an observer can see or time; the figures are the demo
# company's (three rings, ten seconds, 30 seconds on hold, 0.7 to 1.2 m).
CHECKLIST_ITEMS = [
    (
        "Facial expression and gestures",
        "Smiles and makes eye contact when greeting",
        False,
    ),
    (
        "Facial expression and gestures",
        "Faces the customer, arms uncrossed; walks them to a shelf instead of pointing",
        False,
    ),
    (
        "Vocabulary and speech formulas",
        "Uses the set greeting, apology and farewell phrases",
        False,
    ),
    (
        "Vocabulary and speech formulas",
        "Says none of the banned phrases ('I don't know', 'not my department', "
        "'calm down')",
        False,
    ),
    (
        "Vocabulary and speech formulas",
        "On the phone, greets with the company's name, the branch and own name",
        False,
    ),
    (
        "Proxemics: distance",
        "Serves at 0.7 to 1.2 m; steps back without comment if the customer comes "
        "closer",
        False,
    ),
    (
        "Appearance",
        "Uniform clean; name badge worn on the left and readable",
        False,
    ),
    (
        "Appearance",
        "At most one ring per hand and small earrings; no scent noticeable at "
        "serving distance",
        False,
    ),
    (
        "Speed and duration of service",
        "Greets every customer within ten seconds of them arriving, even when busy",
        False,
    ),
    (
        "Speed and duration of service",
        "Answers the phone within three rings",
        False,
    ),
    (
        "Speed and duration of service",
        "Asks before putting a caller on hold and is back within 30 seconds",
        False,
    ),
    (
        "Speed and duration of service",
        "Answers a question or walks the customer to a colleague and introduces "
        "them; never sends them to ask elsewhere",
        False,
    ),
    (
        "Speed and duration of service",
        "Gives each promise (call-back, delivery, reply) a time, notes it in the "
        "order, and keeps it",
        False,
    ),
    (
        "Safety of the interaction",
        "Keeps the counter or an arm's length and a clear way out; calls the duty "
        "manager at the first threat",
        True,
    ),
]


@transaction.atomic
def set_up_roles(*, index: Page | None = None) -> dict[str, str]:
    """Give each role group exactly its permissions in ``people.roles`` (and on the
    training ``index``); what happened to each: created, updated or up to date."""
    permissions = _permissions_named(
        {name for role in roles.ROLE_NAMES for name in roles.permissions_of(role)}
        | {
            f"wagtailcore.{codename}"
            for codenames in roles.TRAINING_INDEX_PERMISSIONS.values()
            for codename in codenames
        }
    )
    outcomes = {}
    for name in roles.ROLE_NAMES:
        wanted = roles.permissions_of(name)
        group, created = Group.objects.get_or_create(name=name)
        changed = _set_permissions(group, {permissions[perm] for perm in wanted})
        if index is not None:
            on_index = roles.TRAINING_INDEX_PERMISSIONS.get(name, [])
            changed |= _set_page_permissions(
                group, index, {permissions[f"wagtailcore.{perm}"] for perm in on_index}
            )
        outcomes[name] = CREATED if created else UPDATED if changed else UP_TO_DATE
    return outcomes


@transaction.atomic
def set_up_locales() -> list[str]:
    """A Wagtail locale for each content language, when the site translates
    content (``WAGTAIL_I18N_ENABLED``); the language codes created."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    created = []
    for code, _name in get_content_languages().items():
        if Locale.objects.get_or_create(language_code=code)[1]:
            created.append(code)
    return created


def set_up_training_index() -> tuple[TrainingIndexPage | None, bool]:
    """The training index, added under the default site's root page and published if
    there is none; and whether it was created. None without a default site."""
    index = TrainingIndexPage.objects.first()
    if index is not None:
        return index, False
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None, False
    index = TrainingIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO)
    site.root_page.add_child(instance=index)
    index.save_revision().publish()
    return index, True


@transaction.atomic
def set_up_default_checklist() -> tuple[ObservationChecklist, bool]:
    """The default observation checklist, created if there is none by its title; and
    whether it was created."""
    checklist = ObservationChecklist.objects.filter(title=DEFAULT_CHECKLIST).first()
    if checklist is not None:
        return checklist, False
    checklist = ObservationChecklist(
        title=DEFAULT_CHECKLIST,
        description=CHECKLIST_DESCRIPTION,
        pass_rule=CHECKLIST_PASS_RULE,
        items=[
            ChecklistItem(
                group=group, text=text, must_meet_standard=must, sort_order=order
            )
            for order, (group, text, must) in enumerate(CHECKLIST_ITEMS)
        ],
    )
    checklist.save()
    return checklist, True


def _permissions_named(names: set[str]) -> dict[str, Permission]:
    """The permissions called "app_label.codename", by that name."""
    found = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.filter(
            content_type__app_label__in={name.split(".")[0] for name in names},
            codename__in={name.split(".")[1] for name in names},
        ).select_related("content_type")
    }
    missing = sorted(names - found.keys())
    if missing:
        raise ImproperlyConfigured(MISSING_PERMISSIONS % {"names": ", ".join(missing)})
    return found


def _set_permissions(group: Group, wanted: set[Permission]) -> bool:
    if set(group.permissions.all()) == wanted:
        return False
    group.permissions.set(wanted)
    return True


def _set_page_permissions(group: Group, page: Page, wanted: set[Permission]) -> bool:
    held = GroupPagePermission.objects.filter(group=group, page=page)
    have = {grant.permission for grant in held.select_related("permission")}
    removed, _by_model = held.exclude(permission__in=wanted).delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission)
        for permission in wanted - have
    )
    return bool(removed or wanted - have)
