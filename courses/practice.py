"""Practice pages other apps add to a course's modules (a role-play, say).

An app registers a ``Practice`` with the ``register_course_practice`` hook. Its
pages may then be children of a module, count as steps of the course outline,
be embedded in a lesson, and have their own section on the module page. The
courses app knows nothing more of them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wagtail import hooks
from wagtail.coreutils import resolve_model_string

PRACTICE_HOOK = "register_course_practice"


@dataclass(frozen=True)
class Practice:
    """One kind of practice page and how the courses app shows it.

    ``passed_ids(user, pages)`` returns the ids of the pages the user has passed
    in one query. ``section_template`` renders the module page's section for
    these pages (its context has the module as ``page``); ``embed_template``
    renders one embedded in a lesson, with ``embed_context(user, page)`` added.
    """

    kind: str
    page_model: str
    passed_ids: Callable[..., Iterable[int]]
    section_template: str = ""
    embed_template: str = ""
    embed_context: Callable[..., dict] | None = None

    @property
    def model(self):
        return resolve_model_string(self.page_model)

    def pages_under(self, root) -> list:
        """The live pages under a course or training index, in tree order."""
        pages = self.model.objects.live().descendant_of(root)
        fields = ("id", "title", "url_path", "path", "depth", "translation_key")
        fields += ("locale_id",)
        return list(pages.only(*fields).order_by("path"))


def registered_practice() -> list[Practice]:
    return [hook() for hook in hooks.get_hooks(PRACTICE_HOOK)]


def practice_for(page) -> Practice | None:
    """The registered practice whose page model ``page`` is, if any."""
    model = page.specific_class
    return next((p for p in registered_practice() if p.model is model), None)


def lesson_practice_questions() -> list[tuple[str, dict]]:
    """Every lesson's practice questions as (key, value), in one query: graded
    quiz items should not repeat them (the quizzes' item checks ask)."""
    from courses.models import LessonPage

    found = []
    for lesson_id, body in LessonPage.objects.values_list("pk", "body"):
        for block in body.raw_data if body else []:
            if block.get("type") == "practice_question":
                key = f"lesson-{lesson_id}-{block.get('id')}"
                found.append((key, block.get("value") or {}))
    return found


def practice_page_models() -> list:
    return [practice.model for practice in registered_practice()]
