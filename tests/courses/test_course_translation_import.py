"""import_course --language: a translated course folder becomes the translations
of a course imported before, its pages and its clauses."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale

from courses.models import Clause, CoursePage, LessonPage, ModulePage
from tests.courses.test_course_files import write_course

pytestmark = pytest.mark.django_db

COURSE_RU = """\
title: Телефонный этикет
slug: phone-manners
summary: Как мы отвечаем на звонки.
hero_image: images/dot.png
required_for_roles: [Customer care agent]
modules:
  - slug: calls
    title: Звонки
    introduction: Как отвечать на звонок.
    objectives: [Отвечать быстро, Здороваться правильно]
    estimated_minutes: 15
    lessons: [calls/01-answer.md]
"""
CLAUSES_RU = """\
- code: TEL-1
  title: Отвечайте до третьего гудка
  description: Клиент, который ждёт, начинает сомневаться в нас.
- code: TEL-2
  title: Называйте нашу компанию
"""
LESSON_RU = """\
---
title: Ответ на звонок
slug: answer
summary: Снимайте трубку быстро.
estimated_minutes: 7
---

Отвечайте **до** *третьего* гудка.

## Снимайте трубку быстро

![Звонящий телефон](../images/dot.png "Не больше трёх гудков.")

```callout
kind: policy
title: Три гудка
text: |
  Каждый звонок, **каждый раз**.
clauses: [TEL-1]
```
"""


def write_translation(folder):
    write_course(folder, LESSON_RU)
    (folder / "course.yaml").write_text(COURSE_RU)
    (folder / "clauses.yaml").write_text(CLAUSES_RU)
    return folder


def import_course(folder, *args):
    out = StringIO()
    call_command("import_course", str(folder), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def russian(tmp_path):
    Locale.objects.get_or_create(language_code="ru")
    import_course(write_course(tmp_path / "en"))
    return write_translation(tmp_path / "ru")


def test_the_translation_becomes_the_russian_pages_of_the_course(russian):
    out = import_course(russian, "--language", "ru")

    original = CoursePage.objects.get(locale__language_code="en")
    course = original.get_translation(Locale.objects.get(language_code="ru"))
    assert course.title == "Телефонный этикет"
    assert course.live and course.url.startswith("/ru/")
    module = ModulePage.objects.child_of(course).get()
    assert module.title == "Звонки"
    assert (
        module.translation_key
        == ModulePage.objects.get(locale__language_code="en").translation_key
    )
    lesson = LessonPage.objects.child_of(module).get()
    assert lesson.title == "Ответ на звонок"
    callout = next(block for block in lesson.body if block.block_type == "callout")
    assert callout.value["title"] == "Три гудка"
    # Lessons of every language tag the original clauses.
    assert [c.code for c in callout.value["clauses"]] == ["TEL-1"]
    assert callout.value["clauses"][0].locale.language_code == "en"
    assert "3 page(s) created" in out


def test_the_clauses_get_their_translations(russian):
    import_course(russian, "--language", "ru")

    original = Clause.objects.get(code="TEL-1", locale__language_code="en")
    translation = original.get_translation(Locale.objects.get(language_code="ru"))
    assert original.title == "Answer within three rings"
    assert translation.title == "Отвечайте до третьего гудка"
    assert Clause.objects.filter(code="TEL-1").count() == 2


def test_importing_the_translation_again_changes_nothing(russian):
    import_course(russian, "--language", "ru")

    out = import_course(russian, "--language", "ru")

    assert "0 page(s) created, 0 updated, 3 unchanged" in out
    assert LessonPage.objects.count() == 2


def test_reimporting_the_original_leaves_the_translation_alone(russian, tmp_path):
    import_course(russian, "--language", "ru")

    out = import_course(tmp_path / "en")

    assert "0 page(s) created, 0 updated" in out
    assert CoursePage.objects.filter(title="Телефонный этикет").exists()


def test_a_translation_without_its_original_is_refused(tmp_path):
    Locale.objects.get_or_create(language_code="ru")

    with pytest.raises(CommandError):
        import_course(write_translation(tmp_path / "ru"), "--language", "ru")

    assert not CoursePage.objects.exists()


def test_the_refusal_names_what_is_missing_in_the_readers_language(tmp_path):
    from django.utils import translation

    Locale.objects.get_or_create(language_code="ru")

    folder, errors = write_translation(tmp_path / "ru"), StringIO()
    with translation.override("ru"), pytest.raises(CommandError):
        call_command("import_course", str(folder), "--language", "ru", stderr=errors)

    assert "нет курса" in errors.getvalue()


def test_an_unknown_language_is_refused(russian):
    with pytest.raises(CommandError):
        import_course(russian, "--language", "de")
