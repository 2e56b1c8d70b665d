"""Writing a course folder as pages: course, modules, lessons, clauses and images.

``import_course`` reads the folder with ``courses.course_files``, then creates what is
missing and updates what changed (a new published revision), found by slug under the
same parent, so importing again duplicates nothing and keeps every learner's progress.
Images are found again by the SHA-1 of their file. All or nothing: any problem rolls
the whole import back.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.utils.file import hash_filelike

from courses.course_files import (
    CLAUSES_FILE,
    COURSE_FILE,
    ClauseRef,
    CourseDraft,
    ImageRef,
    PageRef,
    Problems,
    read_course,
)
from courses.models import Clause, CoursePage, LessonPage, ModulePage, TrainingIndexPage
from people.languages import original_language, original_language_code
from people.models import JobRole

NO_TRAINING_INDEX = _("There is no training index page to add the course to.")
# One sentence per kind of thing, so that each language can say it its own way.
NO_ORIGINAL = {
    "course": _(
        "There is no course “%(slug)s” in the original language to translate: "
        "import the course in %(language)s first."
    ),
    "module": _(
        "There is no module “%(slug)s” in the original language to translate: "
        "import the course in %(language)s first."
    ),
    "lesson": _(
        "There is no lesson “%(slug)s” in the original language to translate: "
        "import the course in %(language)s first."
    ),
    "clause": _(
        "There is no clause “%(slug)s” in the original language to translate: "
        "import the course in %(language)s first."
    ),
}
UNKNOWN_LANGUAGE = _("The site has no “%(language)s” language.")
INVALID_BLOCK = _("The “%(type)s” block is not valid: %(errors)s")
UNKNOWN_PAGE = _("No page has the slug “%(slug)s”.")
AMBIGUOUS_PAGE = _("Several pages have the slug “%(slug)s”; rename one.")


@dataclass
class CourseImport:
    """What an import did."""

    course: CoursePage | None = None
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    clauses: int = 0
    images_added: int = 0
    # Blocks left out because the page they embed does not exist yet.
    waiting: list[str] = field(default_factory=list)

    def note(self, page: Page, status: str) -> None:
        getattr(self, status).append(page.url_path)


def import_course(
    folder,
    *,
    parent: Page | None = None,
    wait_for_pages: bool = False,
    language: str = "",
) -> CourseImport:
    """Create or update the course in ``folder`` under ``parent`` (or the index).

    With ``wait_for_pages``, a block embedding a page that does not exist yet
    (a role-play to be imported into the new module) is left out and listed in
    ``waiting``, instead of stopping the import: import again once it exists.

    With ``language`` (other than the site's), the folder is a translation of a
    course imported before: the same files, slugs and blocks, in that language.
    Its pages become the translations of the original's (found by slug) and its
    clauses the translations of the original clauses.
    """
    known = set(Clause.objects.values_list("code", flat=True))
    draft = read_course(folder, known_clauses=known)
    locale = target_locale(language)
    with transaction.atomic():
        writer = CourseWriter(draft, wait_for_pages=wait_for_pages, locale=locale)
        if locale.language_code != original_language_code():
            return writer.write_translation()
        return writer.write(parent or training_index())


def target_locale(language: str) -> Locale:
    code = language or original_language_code()
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        raise ValidationError(
            UNKNOWN_LANGUAGE, code="unknown_language", params={"language": code}
        )
    return locale


class PageNotYetThere(Exception):
    """A block embeds a page that an import is expected to create later."""


def training_index() -> Page:
    index = TrainingIndexPage.objects.filter(original_language()).order_by("path")
    index = index.first()
    if index is None:
        raise ValidationError(NO_TRAINING_INDEX, code="no_training_index")
    return index


def save_clauses(rows: list[dict], *, course=None) -> dict[str, Clause]:
    """Create or update each clause by code; every original clause, by code."""
    originals = Clause.objects.filter(original_language())
    locale = Locale.objects.get(language_code=original_language_code())
    for row in rows:
        defaults = {"title": row["title"], "description": row.get("description", "")}
        if course is not None:
            defaults["course"] = course
        originals.update_or_create(code=row["code"], locale=locale, defaults=defaults)
    return {clause.code: clause for clause in originals}


def save_clause_translations(rows: list[dict], locale: Locale) -> int:
    """The translations in ``locale`` of the original clauses named by the rows."""
    originals = {c.code: c for c in Clause.objects.filter(original_language())}
    for row in rows:
        original = originals[row["code"]]
        clause = original.get_translation_or_none(locale) or Clause(
            translation_key=original.translation_key, locale=locale
        )
        clause.code = original.code
        clause.course_id = original.course_id
        clause.title = row["title"]
        clause.description = row.get("description", "")
        clause.save()
    return len(rows)


def file_hash(path: Path) -> str:
    with path.open("rb") as file:
        return hash_filelike(file)


def image_title(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").capitalize()


def without_ids(raw):
    """Stream data without block ids, to compare content."""
    if isinstance(raw, dict):
        return {key: without_ids(value) for key, value in raw.items() if key != "id"}
    if isinstance(raw, list):
        return [without_ids(item) for item in raw]
    return raw


def keep_block_ids(new_raw: list, old_raw: list) -> list:
    """Reuse the old block ids where a block keeps its place and type.

    Practice answers are posted by block id, so a page open while the course is
    re-imported keeps working.
    """
    for new, old in zip(new_raw, old_raw, strict=False):
        if new["type"] == old.get("type") and old.get("id"):
            new["id"] = old["id"]
    return new_raw


def block_errors(error) -> list[str]:
    """The messages of a (nested) block validation error, each with its field."""
    nested = getattr(error, "block_errors", None) or {}
    messages = []
    for problem in getattr(error, "non_block_errors", None) or []:
        messages += ValidationError(problem).messages
    for name, problem in nested.items():
        messages += [f"{name}: {message}" for message in block_errors(problem)]
    if not nested and not messages:
        messages = error.messages
    return messages


class CourseWriter:
    """Writes one checked course draft; problems found on the way roll it back."""

    def __init__(
        self, draft: CourseDraft, *, wait_for_pages: bool = False, locale=None
    ):
        self.draft = draft
        self.wait_for_pages = wait_for_pages
        self.locale = locale
        self.problems = Problems(draft.folder)
        self.result = CourseImport()
        self.images = {}
        self.hashes_filled = False
        self.clauses = {}

    def write(self, parent: Page) -> CourseImport:
        self.clauses = save_clauses(self.draft.clauses)
        self.result.clauses = len(self.draft.clauses)
        course = self.save_course(parent)
        codes = [row["code"] for row in self.draft.clauses]
        Clause.objects.filter(code__in=codes).update(course=course)
        for module_draft in self.draft.modules:
            module = self.save_page(
                course, ModulePage, module_draft.slug, module_draft.fields
            )
            for lesson_draft in module_draft.lessons:
                body = self.lesson_body(lesson_draft)
                fields = {**lesson_draft.fields, "body": body}
                if body is not None:
                    self.save_page(module, LessonPage, lesson_draft.slug, fields)
        self.problems.raise_any()
        self.result.course = course
        return self.result

    def write_translation(self) -> CourseImport:
        """The folder as the translation of the course imported before."""
        original = self.original(CoursePage.objects.all(), "course", self.draft.slug)
        self.clauses = {c.code: c for c in Clause.objects.filter(original_language())}
        for code in [row["code"] for row in self.draft.clauses]:
            if code not in self.clauses:
                self.missing_original("clause", code, self.draft.folder / CLAUSES_FILE)
        self.problems.raise_any()
        self.result.clauses = save_clause_translations(self.draft.clauses, self.locale)
        course = self.save_translation(original, self.course_fields())
        for module_draft in self.draft.modules:
            original_module = self.original(
                ModulePage.objects.child_of(original), "module", module_draft.slug
            )
            if original_module is None:
                continue
            self.save_translation(original_module, module_draft.fields)
            for lesson_draft in module_draft.lessons:
                original_lesson = self.original(
                    LessonPage.objects.child_of(original_module),
                    "lesson",
                    lesson_draft.slug,
                )
                body = self.lesson_body(lesson_draft)
                if original_lesson is not None and body is not None:
                    fields = {**lesson_draft.fields, "body": body}
                    self.save_translation(original_lesson, fields)
        self.problems.raise_any()
        self.result.course = course
        return self.result

    def original(self, pages, kind: str, slug: str):
        """The page of ``pages`` in the original language with ``slug``."""
        found = pages.filter(original_language(), slug=slug).first()
        if found is None:
            self.missing_original(kind, slug, self.draft.folder / COURSE_FILE)
            self.problems.raise_any()
        return found

    def missing_original(self, kind: str, name: str, path) -> None:
        params = {"slug": name, "language": original_language_code()}
        self.problems.add(path, 1, NO_ORIGINAL[kind], "no_original", **params)

    def save_translation(self, original: Page, fields: dict):
        """``original``'s translation in the import's language, with ``fields``,
        published if it is new or changed."""
        page = original.get_translation_or_none(self.locale)
        if page is None:
            page = original.copy_for_translation(self.locale, copy_parents=True)
            status = "created"
        elif self.differs(page.specific, fields) or not page.live:
            status = "updated"
        else:
            self.result.note(page, "unchanged")
            return page.specific
        page = page.specific
        self.set_fields(page, fields)
        page.save_revision().publish()
        self.result.note(page, status)
        return page

    def course_fields(self) -> dict:
        fields = dict(self.draft.fields)
        if self.draft.hero_image is not None:
            fields["hero_image"] = self.image(self.draft.hero_image)
        fields["required_for_roles"] = [
            JobRole.objects.get_or_create(name=name)[0]
            for name in self.draft.required_for_roles
        ]
        return fields

    def save_course(self, parent: Page) -> CoursePage:
        return self.save_page(parent, CoursePage, self.draft.slug, self.course_fields())

    def save_page(self, parent: Page, model, slug: str, fields: dict):
        """The child ``slug`` of ``parent`` with ``fields``, published if it changed."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug)
            self.set_fields(page, fields)
            parent.add_child(instance=page)
            status = "created"
        elif self.differs(page, fields) or not page.live:
            self.set_fields(page, fields)
            status = "updated"
        else:
            self.result.note(page, "unchanged")
            return page
        page.save_revision().publish()
        self.result.note(page, status)
        return page

    def set_fields(self, page, fields: dict) -> None:
        for name, value in fields.items():
            if name == "body":
                old = list(page.body.raw_data) if page.pk else []
                page.body = keep_block_ids(value, old)
            elif name == "required_for_roles":
                page.required_for_roles.set(value)
            else:
                setattr(page, name, value)

    def differs(self, page, fields: dict) -> bool:
        for name, value in fields.items():
            if name == "body":
                current = without_ids(list(page.body.raw_data))
                if current != without_ids(value):
                    return True
            elif name == "required_for_roles":
                current = set(page.required_for_roles.values_list("pk", flat=True))
                if current != {role.pk for role in value}:
                    return True
            elif getattr(page, name) != value:
                return True
        return False

    def lesson_body(self, lesson) -> list | None:
        """The lesson's stream data, checked by the blocks themselves; None if bad."""
        stream = LessonPage._meta.get_field("body").stream_block
        cleaned, waiting = [], 0
        for block in lesson.body:
            child = stream.child_blocks[block.type]
            try:
                value = self.resolved(block.value, lesson.path, block.line)
            except PageNotYetThere as missing:
                self.result.waiting.append(
                    f"{lesson.path.name}, line {block.line}: {missing}"
                )
                waiting += 1
                continue
            try:
                cleaned.append((block.type, child.clean(child.to_python(value))))
            except ValidationError as error:
                self.problems.add(
                    lesson.path,
                    block.line,
                    INVALID_BLOCK,
                    "invalid_block",
                    type=block.type,
                    errors="; ".join(block_errors(error)),
                )
        if len(cleaned) + waiting < len(lesson.body):
            return None
        return stream.get_prep_value(StreamValue(stream, cleaned))

    def resolved(self, value, path: Path, line: int):
        """``value`` with clause, image and page references swapped for ids."""
        if isinstance(value, dict):
            return {key: self.resolved(item, path, line) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolved(item, path, line) for item in value]
        if isinstance(value, ClauseRef):
            return self.clauses[value.code].pk
        if isinstance(value, ImageRef):
            image = self.image(value)
            return {"image": image.pk, "alt_text": value.alt_text, "decorative": False}
        if isinstance(value, PageRef):
            return self.page_id(value, path, line)
        return value

    def page_id(self, ref: PageRef, path: Path, line: int) -> int | None:
        model = ref.model or Page
        # A translation embeds the page's translation: the page in its language.
        pages = model.objects.filter(slug=ref.slug, locale=self.locale)
        ids = list(pages.values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return ids[0]
        if ids:
            self.problems.add(path, line, AMBIGUOUS_PAGE, "ambiguous", slug=ref.slug)
        elif self.wait_for_pages:
            raise PageNotYetThere(UNKNOWN_PAGE % {"slug": ref.slug})
        else:
            self.problems.add(path, line, UNKNOWN_PAGE, "unknown_page", slug=ref.slug)
        return None

    def image(self, ref: ImageRef):
        """The Wagtail image holding this file, added if no image has its contents."""
        if ref.path not in self.images:
            self.images[ref.path] = self.find_or_add_image(ref.path)
        return self.images[ref.path]

    def find_or_add_image(self, path: Path):
        image_model = get_image_model()
        digest = file_hash(path)
        image = image_model.objects.filter(file_hash=digest).first()
        if image is None and not self.hashes_filled:
            self.fill_missing_hashes(image_model)
            image = image_model.objects.filter(file_hash=digest).first()
        if image is None:
            with path.open("rb") as file:
                image = image_model(
                    title=image_title(path),
                    file=ImageFile(file, name=path.name),
                    file_hash=digest,
                    file_size=path.stat().st_size,
                )
                image.save()
            self.result.images_added += 1
        return image

    def fill_missing_hashes(self, image_model) -> None:
        """Hash images saved without one (e.g. made in code), so they are found."""
        self.hashes_filled = True
        for image in image_model.objects.filter(file_hash=""):
            try:
                image.get_file_hash()
            except OSError:  # the file is gone from storage; nothing to match
                continue
