"""The demo course in Russian and Latvian, loaded as translations of the English.

Each language's files sit beside the English ones and have their shape:
``course.<lang>/`` (as ``course/``), ``banks.<lang>/``, ``roleplays.<lang>/``,
``quizzes.<lang>.yaml``, ``checklist.<lang>.yaml`` and ``index.<lang>.yaml`` (the
catalogue's title and introduction). They go through the same
importers a trainer uses (``import_course --language``, the bank translation, the
Twee reader), so the pages, clauses, questions and role-plays they make are the
translations of what the English files made: a learner's work in any language
counts on the English original. Loading again updates what changed.
"""

from pathlib import Path

import yaml
from django.db import transaction
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale

from certification.models import ChecklistItem, ObservationChecklist
from certification.services import DEFAULT_CHECKLIST
from courses.course_import import import_course
from courses.models import CoursePage, ModulePage
from lms.demo.roleplays import (
    PAGE_FIELDS,
    is_current,
    publish_roleplay,
    read_metadata,
    read_roleplay,
)
from people.languages import original_language, original_language_code
from quizzes.models import Quiz
from quizzes.translations import translate_bank, translate_quiz
from roleplays.models import RolePlayPage

CONTENT = Path(__file__).parent / "content"
LANGUAGES = ("ru", "lv")


def load_translations(course: CoursePage, stdout=None) -> list[str]:
    """Every language whose files are there; the languages loaded."""
    loaded = []
    for language in LANGUAGES:
        if not (CONTENT / f"course.{language}").is_dir():
            continue
        with transaction.atomic():
            load_language(course, language)
        loaded.append(language)
        if stdout:
            stdout.write(f"Translation: {language} (course, quizzes, role-plays).")
    return loaded


def load_language(course: CoursePage, language: str) -> None:
    Locale.objects.get_or_create(language_code=language)
    folder = CONTENT / f"course.{language}"
    result = import_course(folder, language=language, wait_for_pages=True)
    load_roleplays(course, language)
    if result.waiting:  # lessons that embed the role-plays just translated
        import_course(folder, language=language)
    load_quizzes(language)
    load_checklist(language)
    load_index(course, language)


def load_roleplays(course: CoursePage, language: str) -> None:
    locale = Locale.objects.get(language_code=language)
    for path in sorted((CONTENT / f"roleplays.{language}").glob("*.twee")):
        metadata = read_metadata(path)
        module = ModulePage.objects.child_of(course).get(slug=metadata["module"])
        original = RolePlayPage.objects.child_of(module).get(slug=path.stem)
        fields = {key: value for key, value in metadata.items() if key in PAGE_FIELDS}
        parsed = read_roleplay(path, original.pass_threshold)
        fields |= {"title": parsed.title, "start_step": parsed.scenario.start_key}
        translate_roleplay(original, locale, fields, parsed.scenario)


def translate_roleplay(original: RolePlayPage, locale, fields: dict, scenario):
    """The role-play's translation, created or updated by a published revision
    when its fields or steps changed."""
    page = original.get_translation_or_none(locale)
    if page is None:
        page = original.copy_for_translation(locale, copy_parents=True).specific
    elif is_current(page, fields, scenario):
        return page
    return publish_roleplay(page, fields, scenario)


def load_quizzes(language: str) -> None:
    """The banks' translations, and each quiz's title and introduction."""
    settings = yaml.safe_load(
        (CONTENT / f"quizzes.{language}.yaml").read_text(encoding="utf-8")
    )
    english = yaml.safe_load((CONTENT / "quizzes.yaml").read_text(encoding="utf-8"))
    entries = [*english["quizzes"], english["practice"]]
    translated = [*settings["quizzes"], settings["practice"]]
    done = set()
    for entry, translation in zip(entries, translated, strict=True):
        quiz = Quiz.objects.get(
            title=entry["title"], locale__language_code=original_language_code()
        )
        if quiz.bank_id not in done:
            path = CONTENT / f"banks.{language}" / entry["bank"]
            translate_bank(quiz.bank, language, path.read_bytes(), name=path.name)
            done.add(quiz.bank_id)
        translate_quiz(
            quiz,
            language,
            title=translation["title"],
            introduction=translation.get("introduction", ""),
        )


def load_index(course: CoursePage, language: str) -> None:
    """The training index's title and introduction in ``language``."""
    data = yaml.safe_load(
        (CONTENT / f"index.{language}.yaml").read_text(encoding="utf-8")
    )
    locale = Locale.objects.get(language_code=language)
    index = course.get_parent().get_translation(locale).specific
    if index.alias_of_id:  # made as an alias when the course was translated
        ConvertAliasPageAction(index).execute(skip_permission_checks=True)
        index.refresh_from_db()
    if (index.title, index.intro) != (data["title"], data["intro"]):
        index.title = data["title"]
        index.intro = data["intro"]
        index.save_revision().publish()


def load_checklist(language: str) -> None:
    """The default checklist's translation: same items, in the same order."""
    path = CONTENT / f"checklist.{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    locale = Locale.objects.get(language_code=language)
    original = ObservationChecklist.objects.get(
        original_language(), title=DEFAULT_CHECKLIST
    )
    checklist = original.get_translation_or_none(locale) or ObservationChecklist(
        translation_key=original.translation_key, locale=locale
    )
    checklist.title = data["title"]
    checklist.description = data["description"]
    checklist.pass_rule = data["pass_rule"]
    checklist.save()
    items = list(original.items.order_by("sort_order"))
    ChecklistItem.objects.filter(checklist=checklist).delete()
    for item, text in zip(items, data["items"], strict=True):
        translated = ChecklistItem.objects.create(
            checklist=checklist,
            sort_order=item.sort_order,
            group=text["group"],
            text=text["text"],
            must_meet_standard=item.must_meet_standard,
        )
        translated.clauses.set(item.clauses.all())
