"""The demo role-plays, read from Twee 3 files by the parser of the Twee import.

Each role-play is ``content/roleplays/<slug>.twee`` (its title and steps, read by
``parse_twee`` and checked as a trainer's import is) beside ``<slug>.yaml``, the
page fields Twee cannot carry: ``module`` (the slug of its module), the persona,
scoring and feedback fields and ``briefing`` (HTML, one paragraph a line). A
lesson embeds one with a ``roleplay`` block in its own file.

Running it again updates a role-play whose files changed through a new published
revision (runs keep the version they were played on) and duplicates nothing.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from courses.models import CoursePage, ModulePage
from lms.demo.course import load_course
from roleplays import scenario as sc
from roleplays import services as roleplay_services
from roleplays.models import RolePlayPage, RolePlayRun

ROLEPLAYS = Path(__file__).parent / "content" / "roleplays"
PAGE_FIELDS = {
    "persona_name",
    "persona_role",
    "starting_mood",
    "pass_threshold",
    "feedback_timing",
    "max_attempts",
    "briefing",
}
METADATA_KEYS = {"module", *PAGE_FIELDS}
DEFAULT_THRESHOLD = RolePlayPage._meta.get_field("pass_threshold").default

BROKEN_FILE = "%(file)s: %(problems)s"
NO_METADATA = "the page fields are missing: add %(name)s beside it."
NO_TITLE = "the file has no StoryTitle."
UNKNOWN_KEYS = "unknown keys %(keys)s."
UNKNOWN_MODULE = "the course has no module “%(module)s”."

NEWHIRE_ROLEPLAY = "the-late-wardrobe"
# The new hire tried the late-wardrobe call once and was handed to a manager.
NEWHIRE_REPLIES = [
    ("ring", "hello"),
    ("answer", "calm-down"),
    ("pushback", "acknowledge"),
    ("explain", "vague"),
    ("manager-please", "put-through"),
]


def _broken(path: Path, problems) -> ValidationError:
    return ValidationError(
        BROKEN_FILE,
        code="broken_file",
        params={"file": path, "problems": " ".join(str(p) for p in problems)},
    )


def read_metadata(path: Path) -> dict:
    """The page fields of the role-play in ``path``, from the .yaml file beside it."""
    metadata_path = path.with_suffix(".yaml")
    if not metadata_path.exists():
        raise _broken(path, [NO_METADATA % {"name": metadata_path.name}])
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8")) or {}
    unknown = sorted(set(metadata) - METADATA_KEYS)
    if unknown:
        raise _broken(metadata_path, [UNKNOWN_KEYS % {"keys": ", ".join(unknown)}])
    if "briefing" in metadata:
        metadata["briefing"] = "".join(metadata["briefing"].splitlines())
    return metadata


def read_roleplay(path: Path, pass_threshold: int):
    """The Twee file at ``path``, read and checked as a trainer's import is;
    raises naming the file when it is broken."""
    try:
        parsed = roleplay_services.read_twee(
            path.read_text(encoding="utf-8"), pass_threshold=pass_threshold
        )
    except ValidationError as error:
        raise _broken(path, error.messages) from error
    if not parsed.title:
        raise _broken(path, [NO_TITLE])
    return parsed


def is_current(page: RolePlayPage, fields: dict, scenario: sc.Scenario) -> bool:
    if page.has_unpublished_changes or page.script().scenario != scenario:
        return False
    return all(getattr(page, name) == value for name, value in fields.items())


def _roleplay(module: ModulePage, slug: str, fields: dict, scenario):
    """The page, created or updated through a new published revision."""
    page = RolePlayPage.objects.child_of(module).filter(slug=slug).first()
    if page is None:
        page = RolePlayPage(slug=slug, live=False, **fields)
        module.add_child(instance=page)
    elif is_current(page, fields, scenario):
        return page
    publish_roleplay(page, fields, scenario)
    page.refresh_from_db()
    return page


def publish_roleplay(page: RolePlayPage, fields: dict, scenario) -> RolePlayPage:
    """A new published revision of ``page`` with ``fields`` and ``scenario``."""
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.steps = sc.scenario_to_raw(scenario)
    draft.save_revision().publish()
    return draft


def load_roleplay(course: CoursePage, path: Path) -> RolePlayPage:
    """The role-play in ``path`` under its module, created or brought up to date."""
    metadata = read_metadata(path)
    slug = metadata.get("module")
    module = ModulePage.objects.child_of(course).filter(slug=slug).first()
    if module is None:
        raise _broken(path, [UNKNOWN_MODULE % {"module": slug}])
    fields = {key: value for key, value in metadata.items() if key in PAGE_FIELDS}
    parsed = read_roleplay(path, fields.get("pass_threshold", DEFAULT_THRESHOLD))
    fields |= {"title": parsed.title, "start_step": parsed.scenario.start_key}
    page = _roleplay(module, path.stem, fields, parsed.scenario)
    return page


@transaction.atomic
def load_roleplays(
    course: CoursePage, *, directory: Path = ROLEPLAYS, stdout=None
) -> dict[str, RolePlayPage]:
    """Every role-play in ``directory``, by slug; all or nothing."""
    pages = {
        path.stem: load_roleplay(course, path)
        for path in sorted(directory.glob("*.twee"))
    }
    if stdout:
        stdout.write(f"Role-plays: {len(pages)}, read from {directory.name}/.")
    return pages


def load_course_and_roleplays(stdout=None) -> tuple[CoursePage, dict]:
    """The demo course and its role-plays (which live in its modules, and which
    its lessons embed)."""
    pages = {}
    course = load_course(
        stdout=stdout, practice=lambda c: pages.update(load_roleplays(c, stdout=stdout))
    )
    return course, pages


def load_newhire_roleplay(user, pages: dict[str, RolePlayPage]) -> None:
    """The new hire has played the late-wardrobe call once, without passing."""
    page = pages[NEWHIRE_ROLEPLAY]
    if RolePlayRun.objects.filter(user=user, page=page).exists():
        return
    run = roleplay_services.start_run(user, page=page)
    for step, reply in NEWHIRE_REPLIES:
        run = roleplay_services.answer_run(
            user, run_id=run.pk, step_key=step, reply_key=reply
        )
