"""The demo lessons: each opens, teaches its clauses, and a learner can finish them all.

The content checks read the lesson files; the learner goes through the pages of one
module, imported on its own as a trainer would, by the public pages and endpoints.
"""

import re
from html import unescape

import pytest
from django.urls import reverse
from PIL import Image as PillowImage

from certification.defaults import CHECKLIST_ITEMS
from courses.course_files import (
    CLAUSES_FILE,
    ClauseRef,
    ImageRef,
    read_clauses,
    read_course,
    references,
)
from courses.course_import import import_course
from courses.models import CourseActivity, LessonCompletion, LessonPage, ModulePage
from courses.progress import course_outline
from lms.demo import drawings
from lms.demo.course import CHECKLIST_CLAUSES, COURSE_FOLDER, load_newhire_progress
from tests.factories import PASSWORD, UserFactory

# The lessons the demo started with stay first, so the new hire's progress holds.
FIRST_LESSONS = {
    "why-a-standard": "why-a-written-standard",
    "telephone": "the-first-seconds",
    "stages-of-service": "greeting-and-need",
    "service-policy": "promises-and-deadlines",
    "rules-of-conduct": "distance-and-words",
    "appearance": "before-your-shift",
    "conflict-situations": "listen-acknowledge-solve",
}
# A block type used in a single lesson would not be "across the lessons".
TAUGHT_WITH = ["speech_formula", "do_dont", "checklist", "key_takeaways", "callout"]
IMG_ALT = re.compile(r'<img\b[^>]*\balt="([^"]*)"')
ONE_MODULE = """\
title: Customer service standard
slug: customer-service-standard
modules:
  - slug: telephone
    title: Telephone communication
    lessons:
"""


@pytest.fixture(scope="module")
def demo():
    return read_course(COURSE_FOLDER)


@pytest.fixture
def course(tmp_path):
    """The demo's telephone module, imported on its own."""
    files = sorted((COURSE_FOLDER / "telephone").glob("*.md"))
    lessons = "".join(f"      - {path}\n" for path in files)
    (tmp_path / "course.yaml").write_text(ONE_MODULE + lessons)
    (tmp_path / "clauses.yaml").write_text((COURSE_FOLDER / "clauses.yaml").read_text())
    # Without its role-play: the embed waits for it (and is not needed here).
    return import_course(tmp_path, wait_for_pages=True).course


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


def lessons_in(parent):
    return list(LessonPage.objects.live().descendant_of(parent).order_by("path"))


def blocks(lesson, block_type):
    return [block.value for block in lesson.body if block.block_type == block_type]


def drafts(lesson, block_type):
    return [block.value for block in lesson.body if block.type == block_type]


def visible_texts(lesson):
    """Plain texts each block must show on the page (rich text is left aside)."""
    texts = []
    for block in lesson.body:
        value = block.value
        match block.block_type:
            case "heading":
                texts.append(value["text"])
            case "speech_formula":
                texts += [value["situation"], *value["say_this"], *value["not_that"]]
            case "do_dont":
                texts += [*value["do"], *value["dont"]]
            case "checklist":
                texts += [value["title"], *value["items"]]
            case "key_takeaways":
                texts += list(value["items"])
            case "callout":
                texts.append(value["title"])
            case "practice_question":
                texts += [value["question"], *(c["text"] for c in value["choices"])]
            case "image":
                texts.append(value["caption"])
    return [text for text in texts if text]


def test_modules_have_two_to_four_lessons_teaching_every_clause(demo):
    assert [module.slug for module in demo.modules] == list(FIRST_LESSONS)
    taught = set()

    for module in demo.modules:
        assert 2 <= len(module.lessons) <= 4, module.slug
        assert module.lessons[0].slug == FIRST_LESSONS[module.slug]
        for lesson in module.lessons:
            values = [block.value for block in lesson.body]
            codes = {ref.code for ref in references(values, ClauseRef)}
            assert codes, lesson.slug
            taught |= codes

    assert taught == demo.clause_codes()
    titles = [lesson.fields["title"] for lesson in demo.lessons()]
    assert len(titles) == len(set(titles))


def lesson_texts(demo):
    """Each lesson's file, its lines joined, by slug."""
    return {
        lesson.slug: " ".join(lesson.path.read_text(encoding="utf-8").split())
        for lesson in demo.lessons()
    }


def callouts_titled(demo, start):
    return [
        value
        for lesson in demo.lessons()
        for value in drafts(lesson, "callout")
        if (value.get("title") or "").startswith(start)
    ]


# The demo company's own figures, each stated in an "Our company's figure" callout.
COMPANY_FIGURES = ["three rings", "10 seconds", "30 seconds", "0.7 to 1.2", "€50"]
# A sentence, or a clause of one, or a list item.
SENTENCE = re.compile(r"[^.!?;]+?(?:[.!?;]| - |$)")


def test_the_company_figures_are_marked_as_the_company_s_own(demo):
    marked = " ".join(
        str(value["text"]) for value in callouts_titled(demo, "Our company's figure")
    )
    for figure in COMPANY_FIGURES:
        assert figure in marked, figure


def test_no_lesson_states_a_hold_time_other_than_30_seconds(demo):
    for slug, text in lesson_texts(demo).items():
        for sentence in SENTENCE.findall(text):
            if "hold" not in sentence.lower():
                continue
            assert "minute" not in sentence, (slug, sentence)
            seconds = re.findall(r"(\d+) seconds", sentence)
            assert set(seconds) <= {"30"}, (slug, sentence)


def test_the_authority_rule_is_one_amount_in_the_clause_and_the_policy_lessons(demo):
    clauses = {c["code"]: c for c in read_clauses(COURSE_FOLDER / CLAUSES_FILE)}
    rule = clauses["POL-4"]["title"] + " " + clauses["POL-4"]["description"]
    assert "€50" in rule and "duty manager" in rule
    texts = lesson_texts(demo)
    policy = next(m for m in demo.modules if m.slug == "service-policy")
    for lesson in policy.lessons[:2]:
        assert "€50" in texts[lesson.slug] and "duty manager" in texts[lesson.slug]
    for slug, text in texts.items():
        assert "manager afterwards" not in text, slug
        assert not re.search(r"€(?!50\b)\d+ (?:in total|yourself)", text), slug
    # The department store that buys from a competitor is someone else's policy.
    for lesson in demo.lessons():
        for value in drafts(lesson, "callout"):
            if "competitor" in str(value["text"]):
                assert value["kind"] == "example", lesson.slug
                assert "not our policy" in value["title"], lesson.slug


def test_every_checklist_item_is_tagged_with_clauses_of_the_standard(demo):
    codes = demo.clause_codes()
    texts = [text for _group, text, _must in CHECKLIST_ITEMS]

    assert set(CHECKLIST_CLAUSES) == set(texts)
    for text in texts:
        assert CHECKLIST_CLAUSES[text] and set(CHECKLIST_CLAUSES[text]) <= codes
    tagged = {code for item in CHECKLIST_CLAUSES.values() for code in item}
    # Telephone, shop-floor ownership and promise-keeping are observed too.
    assert {"TEL-1", "TEL-2", "TEL-5", "CON-5", "POL-3"} <= tagged
    assert len({group for group, _text, _must in CHECKLIST_ITEMS}) == 6


def test_modules_are_illustrated_and_lessons_use_every_kind_of_block(demo):
    lessons = demo.lessons()

    for lesson in lessons:
        assert drafts(lesson, "practice_question"), lesson.slug
    for block_type in TAUGHT_WITH:
        using = [lesson.slug for lesson in lessons if drafts(lesson, block_type)]
        assert len(using) >= len(lessons) // 3, block_type
    for module in demo.modules:
        figures = [f for lesson in module.lessons for f in drafts(lesson, "image")]
        assert figures, module.slug
        for figure in figures:
            image = figure["image"]
            assert image.path.parent == drawings.IMAGES
            assert image.path.name in drawings.DRAWINGS
            assert len(image.alt_text) > 30
            with PillowImage.open(image.path) as picture:
                assert picture.width == drawings.WIDTH
                assert 400 <= picture.height <= 800


@pytest.mark.parametrize("language", drawings.LANGUAGES)
def test_each_language_s_lessons_use_every_drawing_in_that_language(demo, language):
    if language != drawings.ORIGINAL:
        demo = read_course(COURSE_FOLDER.with_name(f"course.{language}"))
    values = [block.value for lesson in demo.lessons() for block in lesson.body]
    used = {ref.path for ref in references(values, ImageRef)}
    used.add(demo.hero_image.path)

    assert used == {
        drawings.IMAGES / drawings.file_name(name, language)
        for name in drawings.DRAWINGS
    }


def answer(client, lesson, block_id, choice, *, json=True):
    url = reverse("courses:check_practice", args=[lesson.pk, block_id])
    headers = {"Accept": "application/json"} if json else {}
    return client.post(url, {"choice": choice}, headers=headers)


@pytest.mark.django_db
def test_a_learner_opens_practises_and_finishes_every_lesson(client, learner, course):
    lessons = lessons_in(course)
    assert len(lessons) == 3

    for lesson in lessons:
        response = client.get(lesson.url)
        assert response.status_code == 200, lesson.url
        page = response.content.decode()
        html = unescape(page)
        assert f">{lesson.title}</h1>" in html
        for text in visible_texts(lesson):
            assert text in html, (lesson.slug, text)
        alts = {unescape(alt) for alt in IMG_ALT.findall(page)}
        for figure in blocks(lesson, "image"):
            alt = figure["image"].contextual_alt_text
            assert alt and alt in alts, lesson.slug

        for block_id, question in lesson.practice_questions.items():
            verdicts = [choice["is_correct"] for choice in question["choices"]]
            right, wrong = verdicts.index(True), verdicts.index(False)

            result = answer(client, lesson, block_id, right).json()
            missed = answer(client, lesson, block_id, wrong).json()

            assert result["correct"] is True and right in result["correct_choices"]
            assert result["explanation"] == question["explanation"]
            assert missed["correct"] is False, (lesson.slug, question["question"])

        done = client.post(reverse("courses:complete_lesson", args=[lesson.pk]))
        assert done.status_code == 302
        assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()

    assert done["Location"] == course.url  # the last lesson leads back to the course
    progress = course_outline(learner, course).lesson_progress
    assert (progress.done, progress.total) == (len(lessons), len(lessons))
    assert progress.percent == 100

    # Without JavaScript the answer comes back as a page that says so.
    block_id, question = next(iter(lessons[-1].practice_questions.items()))
    right = [choice["is_correct"] for choice in question["choices"]].index(True)
    response = answer(client, lessons[-1], block_id, right, json=False)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "<span>Correct</span>" in html and question["question"] in html


@pytest.mark.django_db
def test_the_new_hire_stays_part_way_through_the_first_module(course):
    newhire = UserFactory(username="newhire")

    load_newhire_progress(newhire, course)

    lessons = lessons_in(course)
    outline = course_outline(newhire, course)
    assert outline.lesson_progress.done == 2
    assert outline.progress.is_started and not outline.progress.is_complete
    activity = CourseActivity.objects.get(user=newhire, course=course)
    assert activity.last_lesson_id == lessons[2].pk
    telephone = lessons_in(ModulePage.objects.get(slug="telephone"))
    assert len(telephone) > 2 and lessons[2].pk == telephone[2].pk
