"""Reading a course folder (course.yaml, clauses.yaml, one Markdown file per lesson).

Nothing here touches the database: ``read_course`` turns the files into plain
drafts, or raises a ``ValidationError`` listing every problem with its file and
line. ``courses.course_import`` then writes the drafts as pages.

A lesson is Markdown after a YAML front matter. Paragraphs and lists become
``text`` blocks, ``## Heading`` a ``heading`` block, a line holding only
``![alt text](image.png "caption")`` an ``image`` block, and a fenced block whose
info string names a block type (```` ```callout ````) holds that block's fields as
YAML, its rich-text fields written in Markdown. Clauses are named by code.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.blocks import LessonStreamBlock
from courses.models import Clause, CoursePage, LessonPage, ModulePage

COURSE_FILE = "course.yaml"
CLAUSES_FILE = "clauses.yaml"
COURSE_FIELDS = {"title", "slug", "summary", "validity_months"}
MODULE_FIELDS = {"title", "slug", "introduction", "objectives", "estimated_minutes"}
LESSON_FIELDS = {
    "title",
    "slug",
    "summary",
    "estimated_minutes",
    "seo_title",
    "search_description",
}
CLAUSE_FIELDS = {"code", "title", "description"}
# Tags each kind of rich text may hold, once bold and italic are b and i.
RICH_TEXT_TAGS = {
    "bold": {"b"},
    "italic": {"i"},
    "link": {"a"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "h3": {"h3"},
    "h4": {"h4"},
    "blockquote": {"blockquote"},
}
ALWAYS_ALLOWED_TAGS = {"p", "br"}
FRONT_MATTER = "---"
FENCE = re.compile(r"^(?P<marker>`{3,}|~{3,})\s*(?P<info>[\w-]*)\s*$")
HEADING = re.compile(r"^##\s+(?P<text>.+?)\s*#*\s*$")
IMAGE = re.compile(
    r'^!\[(?P<alt>[^\]]*)\]\((?P<src>[^\s)]+)(?:\s+"(?P<caption>[^"]*)")?\)\s*$'
)
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
LINE_KEY = "__line__"

AT_LINE = _("%(file)s, line %(line)d: %(problem)s")
NO_FILE = _("The file is missing.")
BAD_YAML = _("This is not valid YAML: %(error)s")
NOT_A_MAPPING = _("Expected field: value pairs here.")
NOT_A_LIST = _("“%(field)s” must be a list.")
NO_FRONT_MATTER = _(
    "A lesson starts with its fields between two “---” lines (title, slug, ...)."
)
REQUIRED = _("“%(field)s” is required.")
UNKNOWN_FIELDS = _("Unknown fields: %(fields)s. Use: %(allowed)s.")
BAD_VALUE = _("“%(field)s”: %(error)s")
UNKNOWN_BLOCK_TYPE = _("Unknown block type “%(type)s”. Use one of: %(types)s.")
WRITE_AS_MARKDOWN = _("Write a “%(type)s” block as Markdown, not in a fence.")
UNCLOSED_FENCE = _("The “%(type)s” block opened here is never closed with %(fence)s.")
UNSUPPORTED_MARKUP = _("Markdown here may not produce %(tags)s.")
MISSING_IMAGE = _("The image file %(path)s does not exist.")
UNKNOWN_CLAUSES = _("Unknown clause codes: %(codes)s.")
DUPLICATE_SLUG = _("Another lesson of this module already has the slug “%(slug)s”.")
DUPLICATE_CLAUSE = _("The clause %(code)s is listed twice.")


@dataclass(frozen=True)
class ClauseRef:
    """A clause of the standard, named by its code."""

    code: str


@dataclass(frozen=True)
class ImageRef:
    """An image file used in a block, with the alt text of that use."""

    path: Path
    alt_text: str = ""


@dataclass(frozen=True)
class PageRef:
    """A page a block links to, named by its slug."""

    slug: str
    model: Any = None


@dataclass
class BlockDraft:
    type: str
    value: Any
    line: int


@dataclass
class LessonDraft:
    path: Path
    slug: str
    fields: dict
    body: list[BlockDraft]


@dataclass
class ModuleDraft:
    slug: str
    fields: dict
    lessons: list[LessonDraft]


@dataclass
class CourseDraft:
    folder: Path
    slug: str
    fields: dict
    hero_image: ImageRef | None = None
    required_for_roles: list[str] = field(default_factory=list)
    modules: list[ModuleDraft] = field(default_factory=list)
    clauses: list[dict] = field(default_factory=list)

    def lessons(self):
        return [lesson for module in self.modules for lesson in module.lessons]

    def clause_codes(self) -> set[str]:
        return {clause["code"] for clause in self.clauses}


class Problems:
    """The problems found so far, each tied to a file and a line."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.errors: list[ValidationError] = []

    def add(self, source: Path, line: int, message, code: str, **params) -> None:
        problem = message % params if params else message
        self.errors.append(
            ValidationError(
                AT_LINE,
                code=code,
                params={"file": self.name(source), "line": line, "problem": problem},
            )
        )

    def name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.folder))
        except ValueError:
            return str(path)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


class LineLoader(yaml.SafeLoader):
    """A YAML loader that notes the line each mapping starts on."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def load_yaml(text: str, path: Path, first_line: int, problems: Problems):
    """The YAML in ``text`` (which starts on ``first_line`` of ``path``), or None."""
    try:
        return yaml.load(text, Loader=LineLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        reason = getattr(error, "problem", None) or str(error)
        problems.add(path, line, BAD_YAML, "bad_yaml", error=reason)
        return None


def line_of(mapping, first_line: int = 1) -> int:
    """The file line a mapping starts on, its YAML text starting on ``first_line``."""
    return mapping.get(LINE_KEY, 1) + first_line - 1


def without_lines(value):
    """``value`` with the line notes of its mappings removed."""
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [without_lines(item) for item in value]
    return value


def checked_fields(mapping, allowed, required, path, line, problems) -> dict:
    """The fields of ``mapping``, noting unknown and missing ones."""
    fields = {k: v for k, v in mapping.items() if k != LINE_KEY}
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        problems.add(
            path,
            line,
            UNKNOWN_FIELDS,
            "unknown_fields",
            fields=", ".join(map(str, unknown)),
            allowed=", ".join(sorted(allowed)),
        )
    for name in required:
        if fields.get(name) in (None, ""):
            problems.add(path, line, REQUIRED, "required", field=name)
    return {k: without_lines(v) for k, v in fields.items() if k in allowed}


def cleaned(model, fields: dict, path: Path, line: int, problems: Problems) -> dict:
    """``fields`` as ``model``'s fields clean them (numbers, lengths, slugs)."""
    result = dict(fields)
    for name, value in fields.items():
        try:
            result[name] = model._meta.get_field(name).clean(value, None)
        except ValidationError as error:
            problems.add(
                path, line, BAD_VALUE, "bad_value", field=name, error=error.messages[0]
            )
    return result


def read_mapping_file(path: Path, problems: Problems):
    if not path.is_file():
        problems.add(path, 1, NO_FILE, "no_file")
        return None
    data = load_yaml(path.read_text(encoding="utf-8"), path, 1, problems)
    if data is not None and not isinstance(data, dict | list):
        problems.add(path, 1, NOT_A_MAPPING, "not_a_mapping")
        return None
    return data


# Markdown


def markdown_to_html(text: str, features) -> tuple[str, set[str]]:
    """Rich-text HTML for ``text``, and the tags it used that ``features`` forbid."""
    html = markdown.markdown(text.strip(), output_format="html")
    html = re.sub(r"<(/?)strong>", r"<\1b>", html)
    html = re.sub(r"<(/?)em>", r"<\1i>", html)
    # Editors save rich text without line breaks between or inside tags.
    html = re.sub(r">\s*\n\s*<", "><", html)
    html = re.sub(r"\s*\n\s*", " ", html)
    allowed = set(ALWAYS_ALLOWED_TAGS)
    for feature in features:
        allowed |= RICH_TEXT_TAGS.get(feature, set())
    used = {tag.lower() for tag in TAG.findall(html)}
    return html, used - allowed


def rich_text(text, features, path, line, problems) -> str:
    html, forbidden = markdown_to_html(str(text), features)
    if forbidden:
        tags = ", ".join(f"<{tag}>" for tag in sorted(forbidden))
        problems.add(path, line, UNSUPPORTED_MARKUP, "unsupported_markup", tags=tags)
    return html


def features_of(block) -> list[str]:
    return list(block.features or [])


# Block values


class BlockReader:
    """Turns one lesson file's Markdown body into block drafts."""

    def __init__(self, path: Path, problems: Problems):
        self.path = path
        self.problems = problems
        self.stream = LessonStreamBlock()
        self.body: list[BlockDraft] = []
        self.text: list[str] = []
        self.text_line = 0
        self.yaml_line = 0

    def read(self, lines: list[str], first_line: int) -> list[BlockDraft]:
        index = 0
        while index < len(lines):
            line_no = first_line + index
            line = lines[index]
            fence = FENCE.match(line)
            if fence:
                self.flush_text()
                index = self.read_fence(lines, index, first_line, fence)
                continue
            if heading := HEADING.match(line):
                self.flush_text()
                self.add("heading", {"text": heading["text"]}, line_no)
            elif image := IMAGE.match(line):
                self.flush_text()
                self.add("image", self.figure(image, line_no), line_no)
            else:
                if not self.text and line.strip():
                    self.text_line = line_no
                if self.text or line.strip():
                    self.text.append(line)
            index += 1
        self.flush_text()
        return self.body

    def add(self, block_type: str, value, line: int) -> None:
        self.body.append(BlockDraft(block_type, value, line))

    def flush_text(self) -> None:
        if "".join(self.text).strip():
            features = features_of(self.stream.child_blocks["text"])
            html = rich_text(
                "\n".join(self.text), features, self.path, self.text_line, self.problems
            )
            self.add("text", html, self.text_line)
        self.text = []

    def figure(self, match, line: int) -> dict:
        return {
            "image": self.image(match["src"], match["alt"], line),
            "caption": match["caption"] or "",
        }

    def image(self, src: str, alt_text: str, line: int) -> ImageRef:
        path = (self.path.parent / src).resolve()
        if not path.is_file():
            self.problems.add(self.path, line, MISSING_IMAGE, "missing_image", path=src)
        return ImageRef(path, alt_text)

    def read_fence(self, lines, start: int, first_line: int, fence) -> int:
        """Read the fenced block opened at ``lines[start]``; the index after it."""
        block_type, marker = fence["info"], fence["marker"]
        line_no = first_line + start
        end = next(
            (
                i
                for i in range(start + 1, len(lines))
                if lines[i].strip().startswith(marker)
                and not lines[i].strip().strip(marker[0])
            ),
            None,
        )
        if end is None:
            self.problems.add(
                self.path,
                line_no,
                UNCLOSED_FENCE,
                "unclosed_fence",
                type=block_type,
                fence=marker,
            )
            return len(lines)
        source = "\n".join(lines[start + 1 : end])
        block = self.stream.child_blocks.get(block_type)
        if block is None:
            types = ", ".join(self.stream.child_blocks)
            self.problems.add(
                self.path,
                line_no,
                UNKNOWN_BLOCK_TYPE,
                "unknown_block_type",
                type=block_type,
                types=types,
            )
        elif not isinstance(block, blocks.StructBlock) or block_type == "image":
            self.problems.add(
                self.path, line_no, WRITE_AS_MARKDOWN, "fenced", type=block_type
            )
        else:
            data = load_yaml(source, self.path, line_no + 1, self.problems)
            if data is not None and not isinstance(data, dict):
                self.problems.add(self.path, line_no, NOT_A_MAPPING, "not_a_mapping")
            elif data is not None:
                self.yaml_line = line_no + 1
                self.add(block_type, self.struct(block, data, line_no), line_no)
        return end + 1

    def struct(self, block, data: dict, line: int) -> dict:
        """The raw value of a struct block from its YAML mapping."""
        allowed = set(block.child_blocks)
        fields = checked_fields(data, allowed, (), self.path, line, self.problems)
        return {
            name: self.field(block.child_blocks[name], name, value, line)
            for name, value in fields.items()
        }

    def field(self, block, name: str, value, line: int):
        """The raw value of one field, clause codes and page slugs as references."""
        if isinstance(block, blocks.ListBlock):
            if value is None:
                return []
            if not isinstance(value, list):
                self.problems.add(self.path, line, NOT_A_LIST, "not_a_list", field=name)
                return []
            return [self.field(block.child_block, name, item, line) for item in value]
        if isinstance(block, blocks.StructBlock):
            if not isinstance(value, dict):
                self.problems.add(self.path, line, NOT_A_MAPPING, "not_a_mapping")
                return {}
            return self.struct(block, value, line_of(value, self.yaml_line))
        if isinstance(block, SnippetChooserBlock):
            return ClauseRef(str(value))
        if isinstance(block, blocks.PageChooserBlock):
            return PageRef(str(value), block.target_model)
        if isinstance(block, ImageBlock):
            return self.image(str(value), "", line)
        if isinstance(block, blocks.RichTextBlock):
            return rich_text(
                value or "", features_of(block), self.path, line, self.problems
            )
        if isinstance(block, blocks.CharBlock | blocks.TextBlock | blocks.URLBlock):
            return "" if value is None else str(value).strip()
        return value


# Files


def split_front_matter(text: str, path: Path, problems: Problems):
    """The front matter mapping, the body lines, and the body's first line number."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        problems.add(path, 1, NO_FRONT_MATTER, "no_front_matter")
        return None, [], 1
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER)
    except StopIteration:
        problems.add(path, 1, NO_FRONT_MATTER, "no_front_matter")
        return None, [], 1
    front = load_yaml("\n".join(lines[1:end]), path, 2, problems)
    if front is not None and not isinstance(front, dict):
        problems.add(path, 2, NOT_A_MAPPING, "not_a_mapping")
        front = None
    return front, lines[end + 1 :], end + 2


def read_lesson(path: Path, problems: Problems) -> LessonDraft | None:
    """One lesson file: its page fields and its body as block drafts."""
    if not path.is_file():
        problems.add(path, 1, NO_FILE, "no_file")
        return None
    front, lines, first_line = split_front_matter(
        path.read_text(encoding="utf-8"), path, problems
    )
    body = BlockReader(path, problems).read(lines, first_line)
    if front is None:
        return None
    line = line_of(front, 2)
    required = ("title", "slug")
    fields = checked_fields(front, LESSON_FIELDS, required, path, line, problems)
    fields = cleaned(LessonPage, fields, path, line, problems)
    slug = str(fields.pop("slug", ""))
    return LessonDraft(path=path, slug=slug, fields=fields, body=body)


def read_module(entry, course_path: Path, problems: Problems) -> ModuleDraft | None:
    if not isinstance(entry, dict):
        problems.add(course_path, 1, NOT_A_MAPPING, "not_a_mapping")
        return None
    line = line_of(entry)
    allowed = MODULE_FIELDS | {"lessons"}
    fields = checked_fields(
        entry, allowed, ("title", "slug"), course_path, line, problems
    )
    lesson_names = fields.pop("lessons", None) or []
    if not isinstance(lesson_names, list):
        problems.add(course_path, line, NOT_A_LIST, "not_a_list", field="lessons")
        lesson_names = []
    if isinstance(fields.get("objectives"), list):
        fields["objectives"] = "\n".join(map(str, fields["objectives"]))
    fields = cleaned(ModulePage, fields, course_path, line, problems)
    lessons = []
    for name in lesson_names:
        lesson = read_lesson(course_path.parent / str(name), problems)
        if lesson is None:
            continue
        if lesson.slug in {other.slug for other in lessons}:
            problems.add(
                lesson.path, 2, DUPLICATE_SLUG, "duplicate_slug", slug=lesson.slug
            )
        lessons.append(lesson)
    return ModuleDraft(slug=str(fields.pop("slug", "")), fields=fields, lessons=lessons)


def clauses_in(path: Path, problems: Problems) -> list[dict]:
    """The clauses of ``clauses.yaml``: a list of code, title, description."""
    if not path.is_file():
        return []
    data = read_mapping_file(path, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(path, 1, NOT_A_LIST, "not_a_list", field=CLAUSES_FILE)
        return []
    clauses = []
    for entry in data:
        if not isinstance(entry, dict):
            problems.add(path, 1, NOT_A_MAPPING, "not_a_mapping")
            continue
        line = line_of(entry)
        fields = checked_fields(
            entry, CLAUSE_FIELDS, ("code", "title"), path, line, problems
        )
        fields = {name: str(value).strip() for name, value in fields.items()}
        fields = cleaned(Clause, fields, path, line, problems)
        if fields.get("code") in {clause["code"] for clause in clauses}:
            problems.add(path, line, DUPLICATE_CLAUSE, "duplicate_clause", **fields)
        clauses.append(fields)
    return clauses


def read_course_file(folder: Path, problems: Problems) -> CourseDraft | None:
    path = folder / COURSE_FILE
    data = read_mapping_file(path, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.add(path, 1, NOT_A_MAPPING, "not_a_mapping")
        return None
    allowed = COURSE_FIELDS | {"hero_image", "required_for_roles", "modules"}
    fields = checked_fields(data, allowed, ("title", "slug"), path, 1, problems)
    fields.pop("modules", None)
    modules = data.get("modules") or []
    if not isinstance(modules, list):
        problems.add(path, 1, NOT_A_LIST, "not_a_list", field="modules")
        modules = []
    hero = fields.pop("hero_image", None)
    roles = fields.pop("required_for_roles", None) or []
    fields = cleaned(CoursePage, fields, path, 1, problems)
    course = CourseDraft(
        folder=folder,
        slug=str(fields.pop("slug", "")),
        fields=fields,
        required_for_roles=[str(role) for role in roles],
    )
    if hero:
        course.hero_image = BlockReader(path, problems).image(str(hero), "", 1)
    for entry in modules:
        module = read_module(entry, path, problems)
        if module is not None:
            course.modules.append(module)
    return course


def references(value, kind):
    """Every reference of type ``kind`` inside a block value."""
    if isinstance(value, kind):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from references(item, kind)
    elif isinstance(value, list):
        for item in value:
            yield from references(item, kind)


def check_clause_codes(course: CourseDraft, known: set[str], problems) -> None:
    """Note each block that names a clause code not in ``known``."""
    for lesson in course.lessons():
        for block in lesson.body:
            codes = {ref.code for ref in references(block.value, ClauseRef)}
            unknown = sorted(codes - known)
            if unknown:
                problems.add(
                    lesson.path,
                    block.line,
                    UNKNOWN_CLAUSES,
                    "unknown_clauses",
                    codes=", ".join(unknown),
                )


def read_course(folder, *, known_clauses: set[str] = frozenset()) -> CourseDraft:
    """The course in ``folder``, checked; ``ValidationError`` lists every problem.

    Clause codes must be in the folder's clauses.yaml or in ``known_clauses``.
    """
    folder = Path(folder).resolve()
    problems = Problems(folder)
    course = read_course_file(folder, problems)
    if course is not None:
        course.clauses = clauses_in(folder / CLAUSES_FILE, problems)
        check_clause_codes(course, course.clause_codes() | set(known_clauses), problems)
    problems.raise_any()
    return course


def read_clauses(path) -> list[dict]:
    """The clauses of a clauses.yaml file; ``ValidationError`` lists its problems."""
    path = Path(path).resolve()
    problems = Problems(path.parent)
    clauses = clauses_in(path, problems)
    problems.raise_any()
    return clauses
