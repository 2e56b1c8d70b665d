"""Trainers author role-plays in the admin: checks, results, Twee import and export."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import ModulePage
from roleplays.models import RolePlayPage, RolePlayRun
from roleplays.services import answer_run, start_run
from tests.factories import PASSWORD, UserFactory, make_course
from tests.roleplays.scripts import (
    clause,
    customer,
    make_roleplay,
    reply,
    sofa_steps,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=["Trainers"])
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def module():
    course = make_course("Authoring", modules=1, lessons=0)
    return ModulePage.objects.child_of(course).get()


def admin_access_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def items(*values):
    """Form data for a ListBlock."""
    data = {"count": str(len(values))}
    for index, value in enumerate(values):
        data[str(index)] = {
            "value": value,
            "deleted": "",
            "order": str(index),
            "id": str(uuid.uuid4()),
        }
    return data


def steps_form(steps):
    """The editor's form data for steps written as in tests.roleplays.scripts."""
    blocks = []
    for block_type, value in steps:
        if block_type == "customer_step":
            replies = [
                {
                    **r,
                    "score": str(r["score"]),
                    "mood_change": str(r["mood_change"]),
                    "critical": "on" if r["critical"] else "",
                    "clauses": items(*(str(c.pk) for c in r["clauses"])),
                }
                for r in value["replies"]
            ]
            value = {**value, "replies": items(*replies)}
        elif block_type == "ending":
            value = {**value, "counts_as_pass": "on" if value["counts_as_pass"] else ""}
        blocks.append((block_type, value))
    return streamfield(blocks)


def page_form(steps, **fields):
    return nested_form_data(
        {
            "title": "Late sofa",
            "slug": "late-sofa",
            "briefing": rich_text("<p>A customer calls.</p>"),
            "persona_name": "Maria",
            "persona_role": "Waiting for a sofa",
            "starting_mood": "-2",
            "pass_threshold": "70",
            "feedback_timing": "both",
            "max_attempts": "0",
            "start_step": "",
            "steps": steps_form(steps),
            **fields,
        }
    )


def add(client, module, data, action="action-publish"):
    url = f"/admin/pages/add/roleplays/roleplaypage/{module.pk}/"
    return client.post(url, {**data, action: action.removeprefix("action-")})


def broken_steps():
    """An unknown next key and a critical reply that can still pass."""
    steps = sofa_steps()
    steps[0][1]["replies"][2]["next"] = "won"  # the critical "blame" reply
    steps[2][1]["replies"][1]["next"] = "nowhere"
    return steps


# Checks on save -------------------------------------------------------------


def test_a_trainer_publishes_a_sound_role_play(client, trainer, module):
    response = add(client, module, page_form(sofa_steps()))

    assert response.status_code == 302, response.content[:3000]
    page = RolePlayPage.objects.get(slug="late-sofa")
    assert page.live
    assert [step.key for step in page.script().scenario.steps] == [
        "greeting",
        "lookup",
        "offer",
        "won",
        "escalated",
        "lost",
    ]
    assert page.script().scenario.step("greeting").replies[0].clauses == (
        clause("TEL-4").pk,
    )


def test_blocking_problems_stop_publishing_and_are_listed(client, trainer, module):
    response = add(client, module, page_form(broken_steps()))

    assert response.status_code == 200
    assert not RolePlayPage.objects.exists()
    content = response.content.decode()
    assert "Reply “transfer” of step “offer” leads to “nowhere”" in content
    assert "Critical reply “blame” of step “greeting” can still lead to" in content


def test_a_draft_with_problems_can_be_saved_and_shows_them(client, trainer, module):
    response = add(client, module, page_form(broken_steps()), action="action-save")

    assert response.status_code == 302
    page = RolePlayPage.objects.get(slug="late-sofa")
    assert not page.live
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Must fix before publishing: 2 problems" in edit
    assert "leads to “nowhere”, which is not a step key" in edit

    published = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**page_form(broken_steps()), "action-publish": "publish"},
    )
    assert published.status_code == 200
    assert not RolePlayPage.objects.get(pk=page.pk).live


def test_the_editor_shows_the_endings_table(client, trainer, module):
    page = make_roleplay(module)

    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert "Ready to publish" in edit
    assert "Path scores run from -3 to 6 points" in edit
    assert "<code>won</code>" in edit and "3 (67%)" in edit and "6 (100%)" in edit
    assert "<code>lost</code>" in edit and "-3 (0%)" in edit


def test_warnings_do_not_stop_publishing(client, trainer, module):
    steps = [
        *sofa_steps(),
        customer("spare", "Unused", reply("a", "A", "won", 1), reply("b", "B", "lost")),
    ]
    response = add(client, module, page_form(steps))

    assert response.status_code == 302
    page = RolePlayPage.objects.get(slug="late-sofa")
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Step “spare” cannot be reached from the start." in edit


def test_a_preview_shows_the_whole_script_to_the_author(client, trainer, module):
    url = f"/admin/pages/add/roleplays/roleplaypage/{module.pk}/preview/"
    posted = client.post(url, page_form(sofa_steps()))
    assert posted.json()["is_valid"] is True

    content = client.get(url).content.decode()

    assert "Author preview: the whole script" in content
    assert "That&#x27;s the courier&#x27;s fault." in content and "+3" in content


def test_role_plays_go_only_under_modules(client, trainer, module):
    course = module.get_parent()
    response = client.get(f"/admin/pages/add/roleplays/roleplaypage/{course.pk}/")
    assert response.status_code in {302, 403}


# Results ----------------------------------------------------------------------


def play_runs(page, count):
    """``count`` learners: alternately a pass and a critical failure."""
    for n in range(count):
        user = UserFactory()
        run = start_run(user, page=page)
        moves = [("greeting", "apologise"), ("offer", "own")]
        if n % 2:
            moves = [("greeting", "blame")]
        for step, key in moves:
            run = answer_run(user, run_id=run.pk, step_key=step, reply_key=key)
    start_run(UserFactory(), page=page)  # and one still playing


def test_trainers_see_runs_pass_rate_endings_and_most_chosen_replies(
    client, trainer, module
):
    page = make_roleplay(module)
    play_runs(page, 4)

    response = client.get(f"/admin/roleplays/{page.pk}/results/")

    assert response.status_code == 200
    results = response.context["results"]
    assert (results["total"], results["finished"], results["unfinished"]) == (5, 4, 1)
    assert (results["passed"], results["pass_rate"], results["critical"]) == (2, 50, 2)
    assert {(e["key"], e["count"]) for e in results["endings"]} == {
        ("won", 2),
        ("lost", 2),
    }
    greeting = results["steps"][0]
    counts = {r.key: (r.count, r.most_chosen) for r in greeting.replies}
    assert counts == {
        "apologise": (2, True),
        "policy": (0, False),
        "blame": (2, True),
    }
    content = response.content.decode()
    assert "50%" in content and "most chosen" in content


def test_a_trainer_reviews_one_learners_run(client, trainer, module):
    page = make_roleplay(module)
    play_runs(page, 1)
    run = RolePlayRun.objects.filter(finished_at__isnull=False).get()

    response = client.get(f"/admin/roleplays/{page.pk}/runs/{run.pk}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "I&#x27;m sorry. Let me look now." in content
    assert "Feedback on apologise." in content and "Passed" in content


def test_results_queries_do_not_grow_with_runs(client, trainer, module):
    small = make_roleplay(module, title="Small one")
    large = make_roleplay(module, title="Large one")
    play_runs(small, 2)
    play_runs(large, 20)

    def count(page):
        client.get(f"/admin/roleplays/{page.pk}/results/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/admin/roleplays/{page.pk}/results/").status_code == 200
        return len(queries)

    assert count(small) == count(large)


def test_the_role_play_index_lists_what_the_trainer_can_edit(client, trainer, module):
    page = make_roleplay(module)
    play_runs(page, 2)

    content = client.get("/admin/roleplays/").content.decode()

    assert "Late sofa" in content and "Authoring" not in content.split("<main")[0]
    assert f"/admin/roleplays/{page.pk}/results/" in content


def test_the_index_counts_runs_and_names_each_module(client, trainer, module):
    page = make_roleplay(module)
    play_runs(page, 4)  # 2 passes, 2 critical failures, 1 unfinished

    response = client.get("/admin/roleplays/")
    export = client.get("/admin/roleplays/?export=csv")
    rows = b"".join(export.streaming_content).decode().splitlines()

    assert response.status_code == 200
    assert rows[0].lstrip("\ufeff") == (
        "Role-play,Module,Published,Runs,Finished,Passed"
    )
    assert rows[1:] == [f"Late sofa,{module.title},True,5,4,2"]
    assert "50%" in response.content.decode()


def test_the_index_lists_only_role_plays_the_user_may_edit(client, module):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    mine = make_roleplay(module, title="Mine")
    other_course = make_course("Elsewhere", modules=1, lessons=0)
    make_roleplay(ModulePage.objects.child_of(other_course).get(), title="Not mine")
    group = Group.objects.create(name="Course editors")
    group.permissions.add(*admin_access_permissions())
    GroupPagePermission.objects.create(
        group=group, page=module.get_parent(), permission_type="change"
    )
    editor = UserFactory()
    editor.groups.add(group)
    client.login(username=editor.username, password=PASSWORD)

    content = client.get("/admin/roleplays/").content.decode()

    assert "Mine" in content and "Not mine" not in content
    assert f"/admin/roleplays/{mine.pk}/results/" in content


def test_the_index_queries_do_not_grow_with_role_plays(client, trainer, module):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/roleplays/").status_code == 200
        return len(captured)

    make_roleplay(module, title="First")
    one = queries()
    for n in range(5):
        play_runs(make_roleplay(module, title=f"More {n}"), 2)

    assert queries() == one


def test_the_editor_links_to_results_export_and_import(client, trainer, module):
    page = make_roleplay(module)

    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    listing = client.get(f"/admin/pages/{module.pk}/").content.decode()

    for url in ("results", "export", "import"):
        assert f"/admin/roleplays/{page.pk}/{url}/" in edit
        assert f"/admin/roleplays/{page.pk}/{url}/" in listing


def test_learners_cannot_see_results_or_export(client, module):
    page = make_roleplay(module)
    learner = UserFactory()
    client.login(username=learner.username, password=PASSWORD)

    for url in ("results", "export", "import"):
        response = client.get(f"/admin/roleplays/{page.pk}/{url}/")
        assert response.status_code in {302, 403}, url
    assert client.get("/admin/roleplays/").status_code in {302, 403}


def test_staff_who_cannot_edit_the_page_get_a_403(client, module):
    page = make_roleplay(module)
    manager = UserFactory(roles=["Managers"])
    client.login(username=manager.username, password=PASSWORD)

    response = client.get(f"/admin/roleplays/{page.pk}/results/")

    assert response.status_code in {302, 403}


# Twee ---------------------------------------------------------------------------


def test_export_downloads_the_draft_as_twee(client, trainer, module):
    page = make_roleplay(module)

    response = client.get(f"/admin/roleplays/{page.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="late-sofa.twee"'
    text = response.content.decode()
    assert ":: StoryTitle\nLate sofa" in text
    assert ":: greeting/blame [reply score:-3 mood:-2 clause:TEL-4 critical]" in text


def test_an_exported_role_play_imports_back_unchanged(client, trainer, module):
    page = make_roleplay(module)
    before = page.script().scenario
    text = client.get(f"/admin/roleplays/{page.pk}/export/").content.decode()

    response = client.post(
        f"/admin/roleplays/{page.pk}/import/",
        {"file": SimpleUploadedFile("sofa.twee", text.encode())},
    )

    assert response.status_code == 302
    draft = RolePlayPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.script().scenario.steps == before.steps


def test_import_replaces_the_steps_of_a_draft_only(client, trainer, module):
    page = make_roleplay(module)
    live_revision = page.live_revision_id
    text = """:: StoryData
{"ifid": "A", "start": "hello"}

:: hello [customer]
Hello, is anyone there?
[[Good afternoon, how can I help?->hello/greet]]
[[What?->hello/rude]]

:: hello/greet [reply score:2 mood:+2 clause:TEL-4]
[[done]]

:: hello/rude [reply score:-2 mood:-2]
[[gone]]

:: done [ending outcome:resolved pass]
Well done.

:: gone [ending outcome:customer_lost]
"""
    response = client.post(f"/admin/roleplays/{page.pk}/import/", {"text": text})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_revision_id == live_revision  # nothing published
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.start_step == "hello"
    assert [s.key for s in draft.script().scenario.steps] == ["hello", "done", "gone"]
    assert draft.title == "Late sofa"  # settings stay


def test_the_editor_reads_the_imported_replies(client, trainer, module):
    """The draft's blocks (what the page editor shows and saves) hold every reply
    and its clauses, not only the JSON the player reads."""
    page = make_roleplay(module)
    text = client.get(f"/admin/roleplays/{page.pk}/export/").content.decode()
    client.post(f"/admin/roleplays/{page.pk}/import/", {"text": text})

    draft = RolePlayPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    replies = [
        reply
        for step in draft.steps
        if step.block_type == "customer_step"
        for reply in step.value["replies"]
    ]
    expected = [
        (reply.key, reply.text, reply.next, sorted(reply.clauses))
        for step in page.script().scenario.steps
        for reply in step.replies
    ]
    assert replies
    assert [
        (r["key"], r["text"], r["next"], sorted(c.pk for c in r["clauses"]))
        for r in replies
    ] == expected


def test_an_invalid_file_lists_every_problem_and_imports_nothing(
    client, trainer, module
):
    page = make_roleplay(module)
    revisions = Revision.objects.count()
    text = """:: start [customer]
Hi
[[Yes->start/yes]]
[[No->start/no]]

:: start/yes [reply score:x clause:NOPE]
[[end]]

:: start/no [reply]
[[start]]

:: end [ending outcome:won]
"""
    response = client.post(f"/admin/roleplays/{page.pk}/import/", {"text": text})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in content
    assert "Line 6: “score:x” needs a whole number" in content
    assert "no clause of the standard has the code “NOPE”" in content
    assert "Line 12: ending “end” needs outcome:resolved" in content
    assert Revision.objects.count() == revisions


def test_a_file_whose_graph_is_broken_imports_nothing(client, trainer, module):
    page = make_roleplay(module)
    revisions = Revision.objects.count()
    text = """:: a [customer]
Hi
[[Yes->a/yes]]
[[No->a/no]]

:: a/yes [reply score:1]
[[a]]

:: a/no [reply score:0]
[[end]]

:: end [ending outcome:resolved pass]
"""
    response = client.post(f"/admin/roleplays/{page.pk}/import/", {"text": text})

    content = response.content.decode()
    assert "goes round in a circle: a → a" in content
    assert Revision.objects.count() == revisions


def test_import_needs_a_file_or_text(client, trainer, module):
    page = make_roleplay(module)
    response = client.post(f"/admin/roleplays/{page.pk}/import/", {"text": " "})
    assert "Choose a .twee file or paste its text." in response.content.decode()


def test_run_pages_of_another_role_play_are_not_found(client, trainer, module):
    page = make_roleplay(module)
    other = make_roleplay(module, title="Other")
    play_runs(other, 1)
    run = RolePlayRun.objects.filter(page=other).first()

    response = client.get(f"/admin/roleplays/{page.pk}/runs/{run.pk}/")

    assert response.status_code == 404
    assert RolePlayRun.objects.filter(page=other).count() == 2
