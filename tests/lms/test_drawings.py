"""The demo's drawings: each in English, Russian and Latvian, committed as drawn, and
a translated lesson shows the drawing in its own language."""

from functools import cache
from itertools import combinations

import pytest
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale

from courses.course_import import file_hash, import_course
from courses.models import LessonPage
from lms.demo import drawings
from lms.demo.course import COURSE_FOLDER

WITH_WORDS = [name for name in drawings.DRAWINGS if name not in drawings.WORDLESS]
# Below this a label has stopped fitting its box: the fit gives up at 14 px and
# lets the text run over.
SMALLEST_SIZE = 18


@cache
def drawn(name: str) -> bytes:
    """The pixels of one file ``write_drawings`` writes, drawn once per test run."""
    return drawings.files()[name]().tobytes()


def shape(value):
    """A label table's shape: its keys and the lengths of its lists, not its words."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [shape(item) for item in value]
    return str


@pytest.mark.parametrize("name", WITH_WORDS)
def test_each_drawing_is_drawn_in_every_language_in_its_own_words(name):
    files = [drawings.file_name(name, language) for language in drawings.LANGUAGES]

    # Drawing refuses any label the font cannot draw, so drawing is the check.
    canvases = [drawings.files()[file]() for file in files]

    assert files[0] == name and len(set(files)) == len(drawings.LANGUAGES)
    assert len({canvas.size for canvas in canvases}) == 1
    for one, other in combinations(canvases, 2):
        assert one.tobytes() != other.tobytes()


def test_a_drawing_without_words_is_one_file_for_every_language():
    for language in drawings.LANGUAGES:
        assert drawings.file_name("service-hero.png", language) == "service-hero.png"
    assert "service-hero-ru.png" not in drawings.files()


def test_every_language_has_every_label_of_the_english_table():
    tables = [
        drawings.PHONE_GREETING,
        drawings.SERVICE_STAGES,
        drawings.RESPONSE_TIMELINE,
        drawings.HANDOVER,
        drawings.PROXEMICS,
        drawings.APPEARANCE_CHECK,
        drawings.LISTEN_ACKNOWLEDGE_SOLVE,
    ]
    assert len(tables) == len(WITH_WORDS)

    for table in tables:
        assert set(table) == set(drawings.LANGUAGES)
        for language in drawings.LANGUAGES:
            assert shape(table[language]) == shape(table["en"]), language


def test_no_label_shrinks_until_it_no_longer_fits(monkeypatch):
    fitted, one_line = drawings.fitted, drawings.one_line
    sizes = []

    def fitting(text, *args, **kwargs):
        size, lines = fitted(text, *args, **kwargs)
        sizes.append((size, text))
        return size, lines

    def on_one_line(text, *args):
        size = one_line(text, *args)
        sizes.append((size, text))
        return size

    monkeypatch.setattr(drawings, "fitted", fitting)
    monkeypatch.setattr(drawings, "one_line", on_one_line)
    for draw in drawings.files().values():
        draw()

    assert len({text for _size, text in sizes}) > 100
    assert [(size, text) for size, text in sizes if size < SMALLEST_SIZE] == []


def test_the_committed_pictures_are_what_write_drawings_draws(tmp_path):
    written = drawings.write_drawings(tmp_path)

    names = {path.name for path in written}
    assert names == set(drawings.files())
    assert {path.name for path in drawings.IMAGES.glob("*.png")} == names
    for path in written:
        with (
            PillowImage.open(path) as new,
            PillowImage.open(drawings.IMAGES / path.name) as committed,
        ):
            assert new.size == committed.size, path.name
            # Pixels, not bytes: another zlib may pack the same picture otherwise.
            assert new.convert("RGB").tobytes() == drawn(path.name), path.name
            assert committed.convert("RGB").tobytes() == drawn(path.name), path.name


@pytest.mark.parametrize("key", list(drawings.DRAWINGS))
def test_each_drawing_is_a_full_flat_illustration(key):
    canvas = drawings.DRAWINGS[key]()

    assert 400 <= canvas.height <= 800
    assert canvas.width == drawings.WIDTH or key == "service-hero.png"
    colours = canvas.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 5  # drawn, not blank


@pytest.mark.parametrize(
    "label", ["Labrīt, runā Jānis", "Доброе утро, меня зовут Анна", "€50 on the spot"]
)
def test_latvian_and_cyrillic_labels_are_drawn(label):
    canvas = PillowImage.new("RGB", (700, 80), "white")
    draw = ImageDraw.Draw(canvas)

    drawings.pill(draw, (350, 40), label)

    # Each letter has a glyph of its own, not the box the font draws for a
    # character it lacks (U+0378 is unassigned).
    font = drawings.font(24)
    missing = bytes(font.getmask("\u0378"))
    assert all(bytes(font.getmask(c)) != missing for c in label if c != " ")
    inked = [x for x in range(700) if canvas.getpixel((x, 40)) != (255, 255, 255)]
    assert inked and inked[-1] - inked[0] >= 0.8 * font.getlength(label)


def test_a_label_the_font_cannot_draw_is_refused():
    canvas = PillowImage.new("RGB", (600, 120), "white")

    with pytest.raises(drawings.UnsupportedLabel):
        drawings.wrap("Good morning, 你好", 28, 600)
    with pytest.raises(drawings.UnsupportedLabel):
        drawings.title_bar(ImageDraw.Draw(canvas), "Доброе утро, 你好")


def test_text_too_long_for_its_box_wraps_and_shrinks_to_fit():
    text = "Cannot solve it, or it turns aggressive? Call the duty manager."
    canvas = PillowImage.new("RGB", (300, 200), "white")

    size, lines = drawings.fitted(text, 40, 200, 100)
    bottom = drawings.text_block(ImageDraw.Draw(canvas), (10, 10, 210, 110), text)

    assert size < 40 and len(lines) > 1
    assert all(drawings.font(size).getlength(line) <= 200 for line in lines)
    assert bottom <= 110


# The telephone module's first lesson, in English and in Russian, as a trainer
# imports a course and then its translation.
COURSE = """\
title: {title}
slug: customer-service-standard
hero_image: {images}/service-hero.png
modules:
  - slug: telephone
    title: {module}
    lessons:
      - {lesson}
"""
LESSON = "telephone/01-the-first-seconds.md"


def write_course(folder, source, title, module):
    folder.mkdir()
    lesson = source / LESSON
    images = drawings.IMAGES
    text = COURSE.format(title=title, module=module, lesson=lesson, images=images)
    (folder / "course.yaml").write_text(text, encoding="utf-8")
    return folder


def figure(lesson):
    return next(block.value for block in lesson.body if block.block_type == "image")


@pytest.mark.django_db
def test_the_russian_lesson_shows_the_russian_drawing(tmp_path):
    Locale.objects.get_or_create(language_code="ru")
    english = write_course(
        tmp_path / "en", COURSE_FOLDER, "Customer service standard", "Telephone"
    )
    (english / "clauses.yaml").write_text(
        (COURSE_FOLDER / "clauses.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    russian = write_course(
        tmp_path / "ru",
        COURSE_FOLDER.with_name("course.ru"),
        "Стандарт обслуживания клиентов",
        "Общение по телефону",
    )
    course = import_course(english, wait_for_pages=True).course
    images = get_image_model().objects.count()

    translation = import_course(russian, language="ru", wait_for_pages=True)
    again = import_course(russian, language="ru", wait_for_pages=True)

    lessons = LessonPage.objects.filter(slug="the-first-seconds")
    english_figure = figure(lessons.get(locale__language_code="en"))
    russian_figure = figure(lessons.get(locale__language_code="ru"))
    image, russian_image = english_figure["image"], russian_figure["image"]
    assert image.file_hash == file_hash(drawings.IMAGES / "phone-greeting.png")
    assert russian_image.file_hash == file_hash(
        drawings.IMAGES / "phone-greeting-ru.png"
    )
    assert image.title == "Phone greeting"
    assert russian_image.title == "Phone greeting ru"
    assert "Приветствие из четырёх частей" in russian_image.contextual_alt_text
    # The hero has no words: both courses show the one image.
    assert translation.course.hero_image_id == course.hero_image_id
    # Importing again finds each drawing by its contents and adds none.
    assert (translation.images_added, again.images_added) == (1, 0)
    assert get_image_model().objects.count() == images + 1
