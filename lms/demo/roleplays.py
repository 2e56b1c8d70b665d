"""The demo role-plays, placed under their modules of the demo course.

Running it again duplicates nothing: a role-play that exists (by slug under its
module) is left as it is, and so are the lesson embed and the new hire's run.
"""

from courses.models import Clause, CoursePage, LessonPage, ModulePage
from lms.demo.roleplay_scripts import EMBED, LATE_ORDER, SCENARIOS
from roleplays import services as roleplay_services
from roleplays.models import RolePlayPage, RolePlayRun

EMBED_INTRO = "Practise the first seconds of a difficult call before you take one."
# The new hire tried the late-wardrobe call once and was handed to a manager.
NEWHIRE_REPLIES = [
    ("answer", "calm-down"),
    ("pushback", "acknowledge"),
    ("explain", "vague"),
    ("manager-please", "put-through"),
]


def _with_clauses(steps, clauses: dict[str, Clause]):
    result = []
    for block_type, value in steps:
        if block_type == "customer_step":
            replies = [
                {**reply, "clauses": [clauses[code] for code in reply["clauses"]]}
                for reply in value["replies"]
            ]
            value = {**value, "replies": replies}
        result.append((block_type, value))
    return result


def _roleplay(module: ModulePage, script: dict, clauses) -> RolePlayPage:
    existing = RolePlayPage.objects.child_of(module).filter(slug=script["slug"]).first()
    if existing:
        return existing
    fields = {
        key: value
        for key, value in script.items()
        if key not in ("module", "steps", "slug")
    }
    page = RolePlayPage(
        slug=script["slug"], steps=_with_clauses(script["steps"], clauses), **fields
    )
    module.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _embed(module: ModulePage, lesson_slug: str, page: RolePlayPage) -> None:
    lesson = LessonPage.objects.child_of(module).filter(slug=lesson_slug).first()
    if lesson is None or any(b.block_type == "roleplay" for b in lesson.body):
        return
    lesson.body.append(("roleplay", {"roleplay": page, "intro": EMBED_INTRO}))
    lesson.save_revision().publish()


def load_roleplays(course: CoursePage, stdout=None) -> dict[str, RolePlayPage]:
    """The five demo role-plays, by slug, and one embedded in a lesson."""
    clauses = Clause.objects.in_bulk(field_name="code")
    modules = {m.slug: m for m in ModulePage.objects.child_of(course)}
    pages = {
        script["slug"]: _roleplay(modules[script["module"]], script, clauses)
        for script in SCENARIOS
    }
    module_slug, lesson_slug, roleplay_slug = EMBED
    _embed(modules[module_slug], lesson_slug, pages[roleplay_slug])
    if stdout:
        stdout.write(f"Role-plays: {len(pages)}, one embedded in a lesson.")
    return pages


def load_newhire_roleplay(user, pages: dict[str, RolePlayPage]) -> None:
    """The new hire has played the late-wardrobe call once, without passing."""
    page = pages[LATE_ORDER["slug"]]
    if RolePlayRun.objects.filter(user=user, page=page).exists():
        return
    run = roleplay_services.start_run(user, page=page)
    for step, reply in NEWHIRE_REPLIES:
        run = roleplay_services.answer_run(
            user, run_id=run.pk, step_key=step, reply_key=reply
        )
