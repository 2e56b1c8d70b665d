"""Wagtail's history of staff members follows the one scope rule: a manager sees
the log entries about their reporting line, HR about everyone."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from people import roles
from people.models import StaffLogEntry, StaffProfile
from people.services import INVITE_ACTION
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_HISTORY_URL = reverse("wagtailadmin_reports:site_history")
SITE_HISTORY_RESULTS_URL = reverse("wagtailadmin_reports:site_history_results")
OUTSIDER_NAME = "Ilze Outsiderson"
REPORT_NAME = "Rudolfs Reportson"
# Session, user, permissions, scope, filters' choices and one page of entries.
REPORT_QUERIES = 33


@pytest.fixture
def hr_user():
    return UserFactory(roles=[roles.HR])


@pytest.fixture
def logged(hr_user):
    """A manager, their report and an outsider, each report and outsider with an
    edit and an invitation in the log."""
    manager = StaffProfileFactory(
        employee_id="MGR", user=UserFactory(roles=[roles.MANAGERS])
    )
    report = StaffProfileFactory(
        employee_id="E100",
        manager=manager,
        user=UserFactory(first_name="Rudolfs", last_name="Reportson"),
    )
    outsider = StaffProfileFactory(
        employee_id="E900",
        user=UserFactory(first_name="Ilze", last_name="Outsiderson"),
    )
    for profile in (report, outsider):
        log(profile, "wagtail.edit", user=hr_user)
        log(profile, INVITE_ACTION, user=hr_user)
    return manager, report, outsider


def test_staff_log_entries_are_kept_apart_from_other_models(logged):
    _manager, report, _outsider = logged

    assert log_registry.get_log_model_for_model(StaffProfile) is StaffLogEntry
    assert StaffLogEntry.objects.filter(staff=report).count() == 2
    assert not ModelLogEntry.objects.filter(label__contains=REPORT_NAME).exists()


@pytest.mark.parametrize(
    "params",
    [{}, {"export": "csv"}],
    ids=["page", "csv"],
)
def test_manager_sees_history_only_of_their_reporting_line(client, logged, params):
    manager, _report, _outsider = logged
    client.force_login(manager.user)

    response = client.get(SITE_HISTORY_URL, params)
    text = response.getvalue().decode() if params else response.text

    assert response.status_code == 200
    assert REPORT_NAME in text
    assert "E100" in text
    assert OUTSIDER_NAME not in text
    assert "E900" not in text


def test_manager_filters_offer_only_what_they_may_see(client, logged):
    manager, _report, outsider = logged
    log(outsider, "wagtail.create")
    client.force_login(manager.user)

    response = client.get(SITE_HISTORY_URL)
    filters = response.context["filters"].form.fields

    actions = {action for action, _label in filters["action"].choices}
    assert actions == {"wagtail.edit", INVITE_ACTION}
    types = {ct.model_class() for ct in filters["object_type"].queryset}
    assert types == {StaffProfile}


def test_manager_does_not_find_an_outsider_by_name(client, logged):
    manager, _report, _outsider = logged
    client.force_login(manager.user)

    response = client.get(SITE_HISTORY_RESULTS_URL, {"label": "Outsiderson"})

    assert response.status_code == 200
    assert OUTSIDER_NAME not in response.text


def test_staff_history_is_hidden_from_staff_without_a_staff_permission(logged):
    _manager, report, _outsider = logged
    # A trainer reaches the admin but holds no permission on staff, so not
    # even the log entries about themselves are shown.
    trainer = StaffProfileFactory(
        employee_id="T1", manager=report, user=UserFactory(roles=[roles.TRAINERS])
    )
    log(trainer, "wagtail.edit", user=trainer.user)

    assert not StaffLogEntry.objects.viewable_by_user(trainer.user).exists()


def test_hr_sees_everyone_and_filters_by_type_action_and_name(client, hr_user, logged):
    _manager, _report, outsider = logged
    client.force_login(hr_user)

    everything = client.get(SITE_HISTORY_URL)
    content_types = everything.context["filters"].form.fields["object_type"]
    staff_type = next(
        ct for ct in content_types.queryset if ct.model_class() is StaffProfile
    )
    by_filters = client.get(
        SITE_HISTORY_RESULTS_URL,
        {
            "object_type": staff_type.pk,
            "action": INVITE_ACTION,
            "label": "Outsiderson",
        },
    )
    export = client.get(SITE_HISTORY_URL, {"export": "csv"})

    assert OUTSIDER_NAME in everything.text
    assert REPORT_NAME in everything.text
    entries = list(by_filters.context["object_list"])
    assert [(entry.staff_id, entry.action) for entry in entries] == [
        (outsider.pk, INVITE_ACTION)
    ]
    assert OUTSIDER_NAME in export.getvalue().decode()


def test_hr_sees_the_history_of_someone_who_was_deleted(client, hr_user, logged):
    _manager, _report, outsider = logged
    client.force_login(hr_user)
    outsider_pk = outsider.pk
    outsider.delete()
    log_entries = StaffLogEntry.objects.filter(staff_id=outsider_pk)

    response = client.get(SITE_HISTORY_URL)

    assert log_entries.count() == 2
    assert OUTSIDER_NAME in response.text


def test_history_page_of_an_outsider_is_refused_to_a_manager(client, logged):
    manager, report, outsider = logged
    client.force_login(manager.user)

    for profile in (outsider, report):
        response = client.get(reverse("staff:history", args=[profile.pk]))
        assert response.status_code in (302, 403, 404)
        assert OUTSIDER_NAME not in response.text


def test_hr_opens_a_persons_history_page(client, hr_user, logged):
    _manager, _report, outsider = logged
    client.force_login(hr_user)

    response = client.get(reverse("staff:history", args=[outsider.pk]))

    assert response.status_code == 200
    actions = {entry.action for entry in response.context["object_list"]}
    assert actions == {"wagtail.edit", INVITE_ACTION}


def test_adding_and_editing_in_the_admin_is_logged_for_the_person(client, hr_user):
    client.force_login(hr_user)

    client.post(
        reverse("staff:add"),
        {"employee_id": "NEW1", "first_name": "New", "last_name": "Hire"},
    )
    profile = StaffProfile.objects.get(employee_id="NEW1")
    client.post(
        reverse("staff:edit", args=[profile.pk]),
        {"first_name": "New", "last_name": "Name", "hire_date": "2024-01-15"},
    )

    entries = StaffLogEntry.objects.filter(staff=profile).order_by("timestamp", "pk")
    assert [entry.action for entry in entries] == ["wagtail.create", "wagtail.edit"]
    assert all(entry.user == hr_user for entry in entries)
    assert not ModelLogEntry.objects.for_instance(profile).exists()


@pytest.mark.parametrize("size", [2, 12])
def test_manager_report_queries_do_not_grow_with_history(
    client, hr_user, size, django_assert_max_num_queries
):
    manager = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    for _ in range(size):
        log(StaffProfileFactory(manager=manager), "wagtail.edit", user=hr_user)
        log(StaffProfileFactory(), "wagtail.edit", user=hr_user)
    client.force_login(manager.user)

    with django_assert_max_num_queries(REPORT_QUERIES):
        response = client.get(SITE_HISTORY_URL)

    assert len(response.context["object_list"]) == size


MOVE_MIGRATION = import_module("people.migrations.0007_move_staff_log_entries")


def test_migration_moves_staff_history_out_of_the_shared_log_and_back(hr_user):
    person = StaffProfileFactory(
        user=UserFactory(first_name="Ilze", last_name="Outsiderson")
    )
    department = person.department
    first = log(person, "wagtail.edit", user=hr_user)
    second = log(person, INVITE_ACTION, user=hr_user)
    log(department, "wagtail.edit", user=hr_user)
    # History written before staff had their own log.
    StaffLogEntry.objects.all().delete()
    for entry in (first, second):
        ModelLogEntry.objects.create(
            content_type=entry.content_type,
            object_id=str(person.pk),
            label=entry.label,
            action=entry.action,
            timestamp=entry.timestamp,
            user=hr_user,
        )

    MOVE_MIGRATION.forwards(django_apps, None)

    moved = StaffLogEntry.objects.for_instance(person)
    assert [(e.action, e.label, e.user) for e in moved] == [
        (INVITE_ACTION, str(person), hr_user),
        ("wagtail.edit", str(person), hr_user),
    ]
    remaining = ModelLogEntry.objects.all()
    assert [entry.label for entry in remaining] == [str(department)]

    MOVE_MIGRATION.backwards(django_apps, None)

    assert not StaffLogEntry.objects.exists()
    restored = ModelLogEntry.objects.for_instance(person)
    assert [entry.action for entry in restored] == [INVITE_ACTION, "wagtail.edit"]
