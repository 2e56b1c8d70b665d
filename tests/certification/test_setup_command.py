from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Site

from certification.defaults import CHECKLIST_ITEMS
from certification.models import ChecklistItem, ObservationChecklist
from certification.services import DEFAULT_CHECKLIST
from courses.models import TrainingIndexPage
from people import roles

pytestmark = pytest.mark.django_db

UP_TO_DATE = (
    "Roles: 4 up to date.\n"
    "Training index: already there at /training/.\n"
    "Default checklist: already there.\n"
)


def set_up():
    out = StringIO()
    call_command("setup_training", stdout=out)
    return out.getvalue()


def held(group):
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


def counts():
    return (
        Group.objects.count(),
        Group.permissions.through.objects.count(),
        GroupPagePermission.objects.count(),
        Page.objects.count(),
        ObservationChecklist.objects.count(),
        ChecklistItem.objects.count(),
    )


@pytest.fixture
def bare_site():
    """A site that has migrated but never run the setup."""
    Group.objects.filter(name__in=roles.ROLE_NAMES).delete()
    TrainingIndexPage.objects.get().delete()
    ObservationChecklist.objects.filter(title=DEFAULT_CHECKLIST).delete()


def test_setup_creates_the_roles_index_and_checklist(bare_site):
    output = set_up()

    assert output == (
        "Roles: 4 created.\n"
        "Training index: created at /training/.\n"
        "Default checklist: created.\n"
    )
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_NAMES)
    assert TrainingIndexPage.objects.count() == 1
    assert ObservationChecklist.objects.filter(title=DEFAULT_CHECKLIST).count() == 1


def test_running_the_setup_again_changes_nothing(bare_site):
    set_up()
    before = counts()

    assert set_up() == UP_TO_DATE
    assert set_up() == UP_TO_DATE
    assert counts() == before


def test_the_test_database_is_set_up_already():
    assert set_up() == UP_TO_DATE


def test_roles_get_exactly_the_permissions_of_the_map():
    managers = Group.objects.get(name=roles.MANAGERS)
    managers.permissions.add(Group.permissions.field.related_model.objects.first())
    hr = Group.objects.get(name=roles.HR)
    hr.permissions.remove(*hr.permissions.filter(codename="view_all_staff"))

    assert set_up().startswith("Roles: 2 updated, 2 up to date.\n")
    for name in roles.ROLE_NAMES:
        wanted = roles.permissions_of(name)
        assert held(Group.objects.get(name=name)) == set(wanted), name
    # The example site installs wagtail-localize: trainers send pages for translation.
    assert "wagtail_localize.submit_translation" in roles.permissions_of(roles.TRAINERS)


def test_an_optional_permission_is_left_out_where_its_app_is_not_installed(
    monkeypatch,
):
    monkeypatch.setattr(roles.apps, "is_installed", lambda name: False)

    assert (
        roles.permissions_of(roles.TRAINERS) == roles.ROLE_PERMISSIONS[roles.TRAINERS]
    )


def test_trainers_edit_and_publish_under_the_training_index():
    index = TrainingIndexPage.objects.get()
    trainers = Group.objects.get(name=roles.TRAINERS)
    GroupPagePermission.objects.filter(group=trainers).delete()

    assert set_up().startswith("Roles: 1 updated, 3 up to date.\n")
    granted = GroupPagePermission.objects.filter(group__name__in=roles.ROLE_NAMES)
    assert {(grant.group.name, grant.page_id) for grant in granted} == {
        (roles.TRAINERS, index.pk)
    }
    assert set(granted.values_list("permission__codename", flat=True)) == set(
        roles.TRAINING_INDEX_PERMISSIONS[roles.TRAINERS]
    )


def test_the_index_is_a_live_child_of_the_default_site_root(bare_site):
    set_up()

    index = TrainingIndexPage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert index.live and not index.has_unpublished_changes
    assert index.get_parent().pk == site.root_page_id
    assert index.slug == "training"
    assert index.get_url() == "/training/"
    assert index.intro.startswith("<p>Learn our customer-service standard")


def test_the_default_checklist_holds_the_standard_and_safety_must_meet_it(
    bare_site,
):
    set_up()

    checklist = ObservationChecklist.objects.get(title=DEFAULT_CHECKLIST)
    items = list(checklist.items.order_by("sort_order"))
    assert [(i.group, i.text, i.must_meet_standard) for i in items] == CHECKLIST_ITEMS
    assert [i.group for i in items if i.must_meet_standard] == [
        "Safety of the interaction"
    ]


def test_without_a_default_site_the_roles_and_checklist_are_still_made(bare_site):
    Site.objects.all().delete()

    assert set_up() == (
        "Roles: 4 created.\n"
        "Training index: none, and no default site to add it to.\n"
        "Default checklist: created.\n"
    )
    assert not TrainingIndexPage.objects.exists()
