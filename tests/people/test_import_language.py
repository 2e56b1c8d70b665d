"""The staff import's optional ``language`` column: the person's own language."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.users.models import UserProfile

from people import imports, roles
from people.languages import preferred_language, remember_language
from people.models import StaffProfile
from tests.factories import UserFactory
from tests.people.test_import_staff import row as staff_row

pytestmark = pytest.mark.django_db

HEADER = ",".join(imports.HEADER)
WITH_LANGUAGE = f"{HEADER},language"


def row(employee_id="E001", language=None, **values):
    """A CSV line for one person; ``language`` adds the trailing cell."""
    line = staff_row(employee_id, **values)
    return line if language is None else f"{line},{language}"


def write_csv(tmp_path, *lines, header=WITH_LANGUAGE):
    path = tmp_path / "staff.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return str(path)


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_staff", path, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(path):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_staff", path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def language_of(employee_id):
    return preferred_language(StaffProfile.objects.get(employee_id=employee_id).user)


def test_the_column_sets_each_new_persons_language(tmp_path):
    path = write_csv(
        tmp_path,
        row("E001", "ru"),
        row("E002", " LV "),
        row("E003", "en"),
        row("E004", ""),
    )

    out = run_import(path)

    assert "4 created" in out
    languages = {each: language_of(each) for each in ("E001", "E002", "E003", "E004")}
    assert languages == {"E001": "ru", "E002": "lv", "E003": "en", "E004": ""}
    # Someone new without a language gets no profile row for nothing.
    user = StaffProfile.objects.get(employee_id="E004").user
    assert not UserProfile.objects.filter(user=user).exists()


def test_a_changed_language_is_an_update_and_an_empty_cell_keeps_it(tmp_path):
    run_import(write_csv(tmp_path, row("E001", "ru"), row("E002", "lv")))

    out = run_import(write_csv(tmp_path, row("E001", "lv"), row("E002", "")))

    assert "0 created, 1 updated, 1 unchanged" in out
    assert (language_of("E001"), language_of("E002")) == ("lv", "lv")


def test_the_same_language_again_is_unchanged(tmp_path):
    path = write_csv(tmp_path, row("E001", "ru"))
    run_import(path)

    out = run_import(path)

    assert "0 created, 0 updated, 1 unchanged" in out


def test_a_language_chosen_in_the_admin_counts_as_the_current_one(tmp_path):
    run_import(write_csv(tmp_path, row("E001"), header=HEADER))
    remember_language(StaffProfile.objects.get(employee_id="E001").user, "lv")

    out = run_import(write_csv(tmp_path, row("E001", "lv")))

    assert "1 unchanged" in out


def test_a_bad_language_is_refused_with_its_line_and_nothing_is_applied(tmp_path):
    run_import(write_csv(tmp_path, row("E001", "ru")))
    path = write_csv(
        tmp_path, row("E001", "lv"), row("E002", "de"), row("E003", "Russian")
    )

    errors = run_failing(path)

    assert "line 3: Language “de” is not one of: en, ru, lv." in errors
    assert "line 4: Language “Russian” is not one of: en, ru, lv." in errors
    assert "line 2" not in errors
    assert language_of("E001") == "ru"
    assert list(StaffProfile.objects.values_list("employee_id", flat=True)) == ["E001"]


def test_a_dry_run_reports_the_change_and_applies_nothing(tmp_path):
    run_import(write_csv(tmp_path, row("E001", "ru")))

    out = run_import(write_csv(tmp_path, row("E001", "lv")), "--dry-run")

    assert "line 2: update E001 (language)" in out
    assert "0 to create, 1 to update" in out
    assert language_of("E001") == "ru"


def test_a_ten_column_file_still_imports_and_keeps_languages(tmp_path):
    run_import(write_csv(tmp_path, row("E001", "ru")))

    out = run_import(write_csv(tmp_path, row("E001"), row("E002"), header=HEADER))

    assert "1 created, 0 updated, 1 unchanged" in out
    assert (language_of("E001"), language_of("E002")) == ("ru", "")


def test_a_row_without_its_language_cell_is_the_wrong_width(tmp_path):
    errors = run_failing(write_csv(tmp_path, row("E001", "ru"), row("E002")))

    assert "line 3: The row has 10 values; the header has 11." in errors


def test_a_wrong_header_mentions_the_optional_column(tmp_path):
    header = WITH_LANGUAGE.replace("language", "lang")

    errors = run_failing(write_csv(tmp_path, row("E001", "ru"), header=header))

    assert "line 1: The header has unknown columns: lang." in errors
    assert f"must be exactly: {HEADER} (optionally followed by ,language)" in errors


def test_language_before_the_last_column_is_refused(tmp_path):
    names = [*imports.HEADER]
    names.insert(3, "language")

    errors = run_failing(write_csv(tmp_path, row("E001", "ru"), header=",".join(names)))

    assert "The header must be exactly" in errors


@pytest.mark.parametrize("size", [5, 40])
def test_planning_reads_the_languages_in_a_fixed_number_of_queries(tmp_path, size):
    lines = [row(f"E{n:03d}", "ru") for n in range(size)]
    run_import(write_csv(tmp_path, *lines))
    changed = [row(f"E{n:03d}", "lv") for n in range(size)]
    content = "\n".join([WITH_LANGUAGE, *changed]).encode()

    with CaptureQueriesContext(connection) as queries:
        plan = imports.plan_staff_csv(io.BytesIO(content))

    assert plan.counts.updated == size
    assert all(row.changes == ["language"] for row in plan.rows)
    assert len(queries) <= 8


def test_the_admin_preview_shows_a_language_change(client, tmp_path):
    run_import(write_csv(tmp_path, row("E001", "ru"), row("E002", "ru")))
    client.force_login(UserFactory(roles=[roles.HR]))
    content = "\n".join([WITH_LANGUAGE, row("E001", "lv"), row("E002", "ru")])
    upload = SimpleUploadedFile("staff.csv", content.encode(), content_type="text/csv")

    response = client.post(reverse("people:import_staff"), {"file": upload})

    assert response.status_code == 200
    assert "0 to create, 1 to update, 1 unchanged" in response.text
    [changed] = response.context["changed_rows"]
    assert (changed.employee_id, changed.change_labels) == ("E001", ["Language"])
    assert "Update: Language" in response.text
    assert language_of("E001") == "ru"

    token = response.context["confirm_form"].initial["token"]
    client.post(reverse("people:import_staff"), {"token": token})

    assert language_of("E001") == "lv"


def test_the_admin_preview_lists_a_bad_language_with_its_line(client):
    client.force_login(UserFactory(roles=[roles.HR]))
    content = "\n".join([WITH_LANGUAGE, row("E001", "ru"), row("E002", "fr")])
    upload = SimpleUploadedFile("staff.csv", content.encode(), content_type="text/csv")

    response = client.post(reverse("people:import_staff"), {"file": upload})

    errors = response.context["plan"].errors
    assert [(error.line, error.code) for error in errors] == [(3, "bad_language")]
    assert "Language “fr” is not one of: en, ru, lv." in response.text
    assert not StaffProfile.objects.exists()
