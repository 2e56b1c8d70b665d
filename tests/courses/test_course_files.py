"""Course folders: Markdown lessons read into blocks, and imported as pages."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from PIL import Image as PillowImage
from wagtail.images.models import Image

from courses.course_files import (
    ClauseRef,
    ImageRef,
    PageRef,
    markdown_to_html,
    read_course,
)
from courses.models import Clause, CoursePage, LessonCompletion, LessonPage, ModulePage
from lms.demo.course import COURSE_FOLDER
from tests.factories import UserFactory

COURSE_YAML = """\
title: Phone manners
slug: phone-manners
summary: How we answer.
hero_image: images/dot.png
required_for_roles: [Customer care agent]
modules:
  - slug: calls
    title: Calls
    introduction: Answering the phone.
    objectives: [Answer fast, Greet well]
    estimated_minutes: 15
    lessons: [calls/01-answer.md]
"""
CLAUSES_YAML = """\
- code: TEL-1
  title: Answer within three rings
  description: A caller who waits starts to doubt us.
- code: TEL-2
  title: Greet with our name
"""
LESSON = """\
---
title: Answering
slug: answer
summary: Pick up fast.
estimated_minutes: 7
---

Answer **before** the *third* ring, see [the rules](https://example.com).

- smile
- say your name

## Pick up quickly

![A ringing phone](../images/dot.png "Three rings at most.")

```callout
kind: policy
title: Three rings
text: |
  Every call, **every time**.
clauses: [TEL-1]
```
"""


def lesson_body(text: str) -> str:
    return "---\ntitle: Answering\nslug: answer\n---\n" + text


def write_course(folder: Path, lesson: str = LESSON) -> Path:
    (folder / "calls").mkdir(parents=True, exist_ok=True)
    (folder / "images").mkdir(exist_ok=True)
    PillowImage.new("RGB", (40, 20), "#0e6e78").save(folder / "images" / "dot.png")
    (folder / "course.yaml").write_text(COURSE_YAML)
    (folder / "clauses.yaml").write_text(CLAUSES_YAML)
    (folder / "calls" / "01-answer.md").write_text(lesson)
    return folder


def read_body(tmp_path, text: str):
    course = read_course(write_course(tmp_path, lesson_body(text)))
    return course.lessons()[0].body


def problems(tmp_path, text: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        read_body(tmp_path, text)
    return caught.value.messages


# Reading the files


def test_course_modules_lessons_and_clauses_are_read(tmp_path):
    course = read_course(write_course(tmp_path))

    assert (course.slug, course.fields["title"]) == ("phone-manners", "Phone manners")
    assert course.required_for_roles == ["Customer care agent"]
    assert course.hero_image.path == tmp_path / "images" / "dot.png"
    (module,) = course.modules
    assert module.slug == "calls"
    assert module.fields["objectives"] == "Answer fast\nGreet well"
    (lesson,) = module.lessons
    assert lesson.slug == "answer"
    assert lesson.fields == {
        "title": "Answering",
        "summary": "Pick up fast.",
        "estimated_minutes": 7,
    }
    assert [clause["code"] for clause in course.clauses] == ["TEL-1", "TEL-2"]


def test_markdown_becomes_text_heading_image_and_fenced_blocks(tmp_path):
    body = read_course(write_course(tmp_path)).lessons()[0].body

    assert [block.type for block in body] == ["text", "heading", "image", "callout"]
    assert body[0].value == (
        '<p>Answer <b>before</b> the <i>third</i> ring, see <a href="https://'
        'example.com">the rules</a>.</p><ul><li>smile</li><li>say your name</li></ul>'
    )
    assert body[1].value == {"text": "Pick up quickly"}
    assert body[2].value == {
        "image": ImageRef(tmp_path / "images" / "dot.png", "A ringing phone"),
        "caption": "Three rings at most.",
    }
    assert body[3].value == {
        "kind": "policy",
        "title": "Three rings",
        "text": "<p>Every call, <b>every time</b>.</p>",
        "clauses": [ClauseRef("TEL-1")],
    }
    assert [block.line for block in body] == [8, 13, 15, 17]


@pytest.mark.parametrize(
    ("source", "block_type", "value"),
    [
        (
            'situation: Greeting\nsay_this: [Good morning]\nnot_that: ["Yes?"]\n'
            "why: |\n  It tells them who we are.\nclauses: [TEL-2]",
            "speech_formula",
            {
                "situation": "Greeting",
                "say_this": ["Good morning"],
                "not_that": ["Yes?"],
                "why": "It tells them who we are.",
                "clauses": [ClauseRef("TEL-2")],
            },
        ),
        (
            "title: Calls\ndo: [Smile]\ndont: [Chew]",
            "do_dont",
            {"title": "Calls", "do": ["Smile"], "dont": ["Chew"]},
        ),
        (
            "title: Before\nitems: [Badge on]",
            "checklist",
            {"title": "Before", "items": ["Badge on"]},
        ),
        ("items: [Three rings]", "key_takeaways", {"items": ["Three rings"]}),
        (
            "question: How soon?\nchoices:\n"
            "  - {text: Now, is_correct: true, feedback: Right.}\n"
            "  - {text: Later, is_correct: false}\nexplanation: Within one hour.",
            "practice_question",
            {
                "question": "How soon?",
                "choices": [
                    {"text": "Now", "is_correct": True, "feedback": "Right."},
                    {"text": "Later", "is_correct": False},
                ],
                "explanation": "Within one hour.",
            },
        ),
        (
            "video: https://www.youtube.com/watch?v=abc\ncaption: A call",
            "video",
            {"video": "https://www.youtube.com/watch?v=abc", "caption": "A call"},
        ),
        (
            "roleplay: the-late-wardrobe\nintro: Try it.",
            "roleplay",
            {"roleplay": PageRef("the-late-wardrobe"), "intro": "Try it."},
        ),
    ],
)
def test_a_fenced_block_holds_its_fields_as_yaml(tmp_path, source, block_type, value):
    (block,) = read_body(tmp_path, f"```{block_type}\n{source}\n```\n")

    assert block.type == block_type
    if block_type == "roleplay":
        assert block.value["roleplay"].slug == "the-late-wardrobe"
        block.value["roleplay"] = PageRef("the-late-wardrobe")
    assert block.value == value


def test_bold_and_italic_are_written_as_b_and_i():
    html, forbidden = markdown_to_html("**a** _b_ __c__ *d*", ["bold", "italic"])

    assert html == "<p><b>a</b> <i>b</i> <b>c</b> <i>d</i></p>"
    assert not forbidden


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intro.\n\n```quiz\nitems: [a]\n```\n", "line 7: Unknown block type “quiz”"),
        ("```checklist\ntitle: [unclosed\n```\n", "line 6: This is not valid YAML"),
        ("```checklist\ntitle: A\n", "line 5: The “checklist” block opened here"),
        ("```key_takeaways\nitems: [a]\nclauses: [NOPE-1]\n```\n", "line 5: Unknown"),
        ("![Gone](../images/gone.png)\n", "line 5: The image file ../images/gone.png"),
        ("Text\n\n# A page title\n", "line 5: Markdown here may not produce <h1>"),
        ("```checklist\ntitel: A\nitems: [a]\n```\n", "line 5: Unknown fields: titel"),
        ("```text\nPlain\n```\n", "line 5: Write a “text” block as Markdown"),
    ],
)
def test_problems_name_the_file_and_line(tmp_path, text, expected):
    messages = problems(tmp_path, text)

    assert len(messages) == 1, messages
    assert messages[0].startswith(f"calls/01-answer.md, {expected}"), messages


def test_an_unknown_clause_code_is_named(tmp_path):
    text = "```key_takeaways\nitems: [a]\nclauses: [TEL-1, NOPE-1]\n```\n"

    assert problems(tmp_path, text) == [
        "calls/01-answer.md, line 5: Unknown clause codes: NOPE-1."
    ]


def test_a_page_field_is_checked_as_the_page_model_checks_it(tmp_path):
    lesson = LESSON.replace("estimated_minutes: 7", "estimated_minutes: soon")

    with pytest.raises(ValidationError) as caught:
        read_course(write_course(tmp_path, lesson))

    (message,) = caught.value.messages
    assert message.startswith("calls/01-answer.md, line 2: “estimated_minutes”: ")
    assert "integer" in message


def test_every_problem_is_reported_at_once(tmp_path):
    write_course(tmp_path, "title: no front matter\n")
    (tmp_path / "course.yaml").write_text(COURSE_YAML.replace("slug: calls", "x: 1"))

    with pytest.raises(ValidationError) as caught:
        read_course(tmp_path)

    messages = caught.value.messages
    assert any("course.yaml, line 7: Unknown fields: x" in m for m in messages)
    assert any("course.yaml, line 7: “slug” is required" in m for m in messages)
    assert any("01-answer.md, line 1: A lesson starts with" in m for m in messages)


def test_every_file_of_the_demo_course_reads_without_problems():
    course = read_course(COURSE_FOLDER)

    assert len(course.modules) == 7 and len(course.lessons()) == 21
    for lesson in course.lessons():
        types = {block.type for block in lesson.body}
        assert {"text", "practice_question"} <= types, lesson.path.name
        assert lesson.fields["title"] and lesson.fields["summary"]


# Importing


def import_folder(folder: Path) -> str:
    out = StringIO()
    call_command("import_course", str(folder), stdout=out, stderr=StringIO())
    return out.getvalue()


def page_counts():
    return (
        CoursePage.objects.count(),
        ModulePage.objects.count(),
        LessonPage.objects.count(),
        Image.objects.count(),
        Clause.objects.count(),
    )


@pytest.mark.django_db
def test_the_command_creates_the_course_its_pages_clauses_and_images(tmp_path):
    output = import_folder(write_course(tmp_path / "course"))

    assert "3 page(s) created" in output and "1 image(s) added" in output
    course = CoursePage.objects.get(slug="phone-manners")
    assert course.live and course.hero_image.title == "Dot"
    assert [role.name for role in course.required_for_roles.all()] == [
        "Customer care agent"
    ]
    lesson = LessonPage.objects.get(slug="answer")
    assert lesson.get_parent().slug == "calls" and lesson.estimated_minutes == 7
    callout = lesson.body[3].value
    assert [clause.code for clause in callout["clauses"]] == ["TEL-1"]
    figure = lesson.body[2].value
    assert figure["image"].pk == course.hero_image_id
    assert figure["image"].contextual_alt_text == "A ringing phone"
    assert Clause.objects.get(code="TEL-2").course == course


@pytest.mark.django_db
def test_importing_again_updates_a_changed_lesson_and_duplicates_nothing(tmp_path):
    folder = write_course(tmp_path / "course")
    import_folder(folder)
    lesson = LessonPage.objects.get(slug="answer")
    learner = UserFactory()
    LessonCompletion.objects.create(user=learner, lesson=lesson)
    block_ids = [block.id for block in lesson.body]
    counts = page_counts()

    again = import_folder(folder)
    (folder / "calls" / "01-answer.md").write_text(
        LESSON.replace("Pick up quickly", "Pick up at once")
    )
    changed = import_folder(folder)

    assert "0 page(s) created, 0 updated, 3 unchanged" in again
    assert "0 page(s) created, 1 updated, 2 unchanged" in changed
    assert page_counts() == counts
    lesson.refresh_from_db()
    assert lesson.body[1].value["text"] == "Pick up at once"
    assert [block.id for block in lesson.body] == block_ids
    assert lesson.revisions.count() == 2 and not lesson.has_unpublished_changes
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()


@pytest.mark.django_db
def test_a_broken_file_changes_nothing_and_says_where(tmp_path):
    folder = write_course(tmp_path / "course")
    import_folder(folder)
    counts = page_counts()
    (folder / "clauses.yaml").write_text(CLAUSES_YAML.replace("TEL-2", "TEL-9"))
    (folder / "calls" / "01-answer.md").write_text(
        LESSON.replace("Pick up quickly", "Pick up at once").replace(
            "[TEL-1]", "[TEL-1, NOPE]"
        )
    )
    errors = StringIO()

    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_course", str(folder), stdout=StringIO(), stderr=errors)

    assert "calls/01-answer.md, line 17: Unknown clause codes: NOPE." in (
        errors.getvalue()
    )
    assert page_counts() == counts
    assert not Clause.objects.filter(code="TEL-9").exists()
    assert LessonPage.objects.get(slug="answer").body[1].value["text"] == (
        "Pick up quickly"
    )


@pytest.mark.django_db
def test_a_block_the_blocks_refuse_rolls_back_the_whole_import(tmp_path):
    folder = write_course(tmp_path / "course")
    bad = "\n```practice_question\nquestion: Q?\nchoices: [{text: A}, {text: B}]\n```\n"
    (folder / "calls" / "01-answer.md").write_text(LESSON + bad)
    errors = StringIO()

    with pytest.raises(CommandError):
        call_command("import_course", str(folder), stdout=StringIO(), stderr=errors)

    assert "line 25: The “practice_question” block is not valid" in errors.getvalue()
    assert "Mark at least one choice as correct." in errors.getvalue()
    assert not CoursePage.objects.filter(slug="phone-manners").exists()
    assert not Clause.objects.filter(code="TEL-1").exists()


EMBED = """

```roleplay
roleplay: wobbly-chair
intro: Try it now.
```
"""


def add_roleplay(module_slug: str, title: str):
    from tests.roleplays.scripts import make_roleplay

    return make_roleplay(ModulePage.objects.get(slug=module_slug), title=title)


@pytest.mark.django_db
def test_an_embed_of_a_page_not_there_yet_stops_the_import(tmp_path):
    folder = write_course(tmp_path / "course", LESSON + EMBED)

    with pytest.raises(CommandError):
        call_command("import_course", str(folder), stdout=StringIO(), stderr=StringIO())

    assert not CoursePage.objects.exists()


@pytest.mark.django_db
def test_an_embed_can_wait_for_its_role_play_and_arrives_on_the_next_import(
    tmp_path,
):
    folder = write_course(tmp_path / "course", LESSON + EMBED)
    out = StringIO()
    call_command("import_course", str(folder), "--wait-for-pages", stdout=out)
    lesson = LessonPage.objects.get(slug="answer")
    assert "Left out for now: 01-answer.md" in out.getvalue()
    assert "roleplay" not in [block.block_type for block in lesson.body]

    roleplay = add_roleplay("calls", "Wobbly chair")
    import_folder(folder)
    again = import_folder(folder)

    lesson.refresh_from_db()
    embeds = [block for block in lesson.body if block.block_type == "roleplay"]
    assert [block.value["roleplay"].pk for block in embeds] == [roleplay.pk]
    assert embeds[0].value["intro"] == "Try it now."
    assert "0 updated" in again


@pytest.mark.django_db
def test_an_embed_must_be_a_page_of_practice(tmp_path):
    folder = write_course(tmp_path / "course", LESSON)
    import_folder(folder)
    (folder / "calls" / "01-answer.md").write_text(
        LESSON + EMBED.replace("wobbly-chair", "phone-manners")
    )
    errors = StringIO()

    with pytest.raises(CommandError):
        call_command("import_course", str(folder), stdout=StringIO(), stderr=errors)

    assert "role-play" in errors.getvalue()
