"""The demo role-plays: sound Twee files, and a loader that creates and updates them.

The real files are only parsed here (no database); the loader runs on a tiny file.
"""

import shutil

import pytest
import yaml
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from courses.models import Clause, ModulePage
from lms.demo.roleplays import (
    NEWHIRE_ROLEPLAY,
    ROLEPLAYS,
    load_newhire_roleplay,
    load_roleplays,
    read_metadata,
)
from roleplays import scenario as sc
from roleplays import services as roleplay_services
from roleplays import twee
from roleplays.models import RolePlayPage, RolePlayRun
from tests.factories import UserFactory, make_course, publish

DEMO_FILES = sorted(ROLEPLAYS.glob("*.twee"))
COURSE_CLAUSES = ROLEPLAYS.parent / "course" / "clauses.yaml"
# One path per kind of ending, as a learner would click through it, and whether
# it passes: handing the customer to the right colleague, or getting safe and
# calling for help when a customer turns threatening, done well, can pass.
PATHS = {
    "the-late-wardrobe": {
        "resolved": (["greet", "own", "concrete-plan", "summarise"], True),
        "escalated": (["greet", "own", "vague", "own-with-deadline"], False),
        "customer_lost": (["greet", "warehouse-number"], False),
    },
    "desk-to-desk": {
        "resolved": (["greet-and-take", "do-it-here"], True),
        "escalated": (["greet-and-take", "take-him-up", "brief-colleague"], True),
        "customer_lost": (["one-moment", "still-busy"], False),
    },
    "sold-out-sofa": {
        "resolved": (
            ["find-the-need", "display-model", "free-delivery", "summarise"],
            True,
        ),
        "escalated": (["find-the-need", "come-back-tomorrow"], False),
        "customer_lost": (["while-stocks-last", "nothing-to-do"], False),
    },
    "too-close-and-a-rude-colleague": {
        "resolved": (["step-back", "stay-with-him"], True),
        "escalated": (["lean-away", "complain", "leaflet"], False),
        "customer_lost": (["step-back", "snap-back"], False),
    },
    "leaking-coffee-machine": {
        "resolved": (["listen", "swap", "voucher"], True),
        "escalated": (["descaling", "get-manager"], False),
        "customer_lost": (["descaling", "insist"], False),
    },
    "raised-voices": {
        "resolved": (["listen", "signal", "handover"], True),
        "escalated": (["listen", "phone-manager", "signal"], True),
        "customer_lost": (["final", "argue", "argue-back"], False),
    },
}

TINY = """\
:: StoryTitle
The wobbly chair

:: StoryData
{"ifid": "0B4C6B5A-2F1E-4C1D-9A51-3E3B1C1F0A11", "start": "complaint"}

:: complaint [customer]
This chair you sold me wobbles.
[[I'm sorry. I'll swap it for you now.->complaint/swap]]
[[Chairs do that.->complaint/shrug]]

:: complaint/swap [reply score:3 mood:+2 clause:TEL-4]
You owned the problem.
[[Continue->kept]]

:: complaint/shrug [reply score:-3 mood:-2 clause:TEL-4 critical]
You brushed her off.
[[Continue->lost]]

:: kept [ending outcome:resolved pass]
She leaves with a steady chair.

:: lost [ending outcome:customer_lost]
She will not come back.
"""
TINY_FIELDS = """\
module: module-1
persona_name: Dana Kalna
persona_role: Bought a chair last week
starting_mood: -1
feedback_timing: each
briefing: |
  <p>A customer brings back a chair.</p>
  <p>Keep her.</p>
"""


def demo_clause_codes() -> set[str]:
    """The codes of the demo standard's clauses."""
    rows = yaml.safe_load(COURSE_CLAUSES.read_text(encoding="utf-8"))
    return {row["code"] for row in rows}


def parse(path):
    codes = sorted(demo_clause_codes())
    clause_ids = {code: n for n, code in enumerate(codes, start=1)}
    return twee.parse_twee(path.read_text(encoding="utf-8"), clause_ids=clause_ids)


def test_there_are_six_role_plays_one_per_module_of_the_brief_and_one_on_safety():
    assert len(DEMO_FILES) >= 6
    assert "raised-voices" in {path.stem for path in DEMO_FILES}
    assert {read_metadata(path)["module"] for path in DEMO_FILES} >= {
        "telephone",
        "stages-of-service",
        "service-policy",
        "rules-of-conduct",
        "conflict-situations",
    }


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_a_demo_file_is_valid_twee_with_known_clauses(path):
    parsed = parse(path)

    assert parsed.problems == []
    assert parsed.title
    assert read_metadata(path)["persona_name"]


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_a_demo_role_play_passes_every_check(path):
    analysis = sc.analyse(parse(path).scenario, 70)

    assert analysis.problems == ()
    assert {row.outcome for row in analysis.endings} == set(sc.OUTCOMES)
    assert any(row.can_pass for row in analysis.endings)


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.stem)
def test_a_demo_role_play_can_end_in_every_kind_of_ending(path):
    scenario = parse(path).scenario
    mood = read_metadata(path)["starting_mood"]
    for outcome, (replies, passes) in PATHS[path.stem].items():
        position = sc.begin(scenario, mood)
        for key in replies:
            position = sc.choose(scenario, position, key)
        result = sc.result(scenario, position, 70)
        assert result.outcome == outcome
        assert result.passed is passes, result


@pytest.fixture
def course():
    Clause.objects.create(code="TEL-4", title="Own the caller's request")
    return make_course("Demo", modules=1, lessons=1)


@pytest.fixture
def directory(tmp_path):
    (tmp_path / "wobbly-chair.twee").write_text(TINY, encoding="utf-8")
    (tmp_path / "wobbly-chair.yaml").write_text(TINY_FIELDS, encoding="utf-8")
    return tmp_path


def replies_of(page):
    return {reply["key"]: reply for reply in page.steps[0].value["replies"]}


@pytest.mark.django_db
def test_the_loader_creates_the_role_play_under_its_module(course, directory):
    pages = load_roleplays(course, directory=directory)

    page = RolePlayPage.objects.get()
    assert pages == {"wobbly-chair": page}
    assert page.get_parent().slug == "module-1"
    assert page.live and not page.has_unpublished_changes
    assert page.title == "The wobbly chair"
    assert page.persona_name == "Dana Kalna" and page.starting_mood == -1
    assert page.feedback_timing == "each"
    assert page.briefing == "<p>A customer brings back a chair.</p><p>Keep her.</p>"
    swap = replies_of(page)["swap"]
    assert (swap["score"], swap["next"]) == (3, "kept")
    assert list(swap["clauses"]) == [Clause.objects.get(code="TEL-4")]
    assert page.script().analysis().is_playable


def test_the_demo_lessons_embed_only_demo_role_plays():
    from courses.course_files import read_course
    from lms.demo.course import COURSE_FOLDER

    embedded = {
        block.value["roleplay"].slug
        for lesson in read_course(COURSE_FOLDER).lessons()
        for block in lesson.body
        if block.type == "roleplay"
    }
    assert embedded and embedded <= {path.stem for path in DEMO_FILES}


@pytest.mark.django_db
def test_loading_again_updates_a_changed_reply_and_keeps_runs(course, directory):
    load_roleplays(course, directory=directory)
    page = RolePlayPage.objects.get()
    run = roleplay_services.start_run(UserFactory(), page=page)
    path = directory / "wobbly-chair.twee"
    path.write_text(TINY.replace("swap it for you now", "swap it today"))

    load_roleplays(course, directory=directory)

    page = RolePlayPage.objects.get()
    assert replies_of(page)["swap"]["text"] == "I'm sorry. I'll swap it today."
    assert page.live and not page.has_unpublished_changes
    run.refresh_from_db()
    assert run.page == page and run.revision != page.live_revision
    swap = run.script().scenario.step("complaint").reply("swap")
    assert swap.text == "I'm sorry. I'll swap it for you now."


@pytest.mark.django_db
def test_loading_unchanged_files_again_writes_no_revision(course, directory):
    load_roleplays(course, directory=directory)
    revisions = RolePlayPage.objects.get().revisions.count()

    load_roleplays(course, directory=directory)

    assert RolePlayPage.objects.count() == 1
    assert RolePlayPage.objects.get().revisions.count() == revisions


@pytest.mark.django_db
def test_loading_again_updates_the_page_fields(course, directory):
    load_roleplays(course, directory=directory)
    fields = directory / "wobbly-chair.yaml"
    fields.write_text(TINY_FIELDS.replace("starting_mood: -1", "starting_mood: -4"))

    load_roleplays(course, directory=directory)

    page = RolePlayPage.objects.get()
    assert page.starting_mood == -4 and not page.has_unpublished_changes


@pytest.mark.django_db
def test_a_broken_file_raises_an_error_naming_it_and_loads_nothing(course, directory):
    # Read after wobbly-chair.twee, which is rolled back with it.
    broken = directory / "zz-broken.twee"
    broken.write_text(TINY.replace("clause:TEL-4]", "clause:XYZ-9]"))
    shutil.copy(directory / "wobbly-chair.yaml", directory / "zz-broken.yaml")

    with pytest.raises(ValidationError, match="zz-broken.twee.*XYZ-9"):
        load_roleplays(course, directory=directory)
    assert not RolePlayPage.objects.exists()


@pytest.mark.django_db
def test_a_scenario_that_fails_the_checks_raises_an_error_naming_it(course, directory):
    path = directory / "wobbly-chair.twee"
    path.write_text(TINY.replace("[[Continue->kept]]", "[[Continue->nowhere]]"))

    with pytest.raises(ValidationError, match="wobbly-chair.twee"):
        load_roleplays(course, directory=directory)
    assert not RolePlayPage.objects.exists()


@pytest.mark.django_db
def test_the_new_hire_has_one_unpassed_run_of_the_late_wardrobe(tmp_path):
    for suffix in (".twee", ".yaml"):
        name = NEWHIRE_ROLEPLAY + suffix
        shutil.copy(ROLEPLAYS / name, tmp_path / name)
    locale = Locale.get_default()
    Clause.objects.bulk_create(
        Clause(code=c, title=c, locale=locale) for c in demo_clause_codes()
    )
    course = make_course("Demo", modules=0)
    publish(course, ModulePage(title="Telephone", slug="telephone"))
    user = UserFactory()
    pages = load_roleplays(course, directory=tmp_path)

    load_newhire_roleplay(user, pages)
    load_newhire_roleplay(user, pages)

    run = RolePlayRun.objects.get(user=user)
    assert run.is_finished and run.passed is False
    assert run.outcome == "escalated"
