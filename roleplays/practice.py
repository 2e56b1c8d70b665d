"""Role-plays as the courses app's practice pages (see ``courses.practice``)."""

from courses.practice import Practice
from roleplays.models import RolePlayRun


def passed_ids(user, pages) -> set:
    """The ids of the role-plays in ``pages`` the user has passed, in any of
    their translations (one query)."""
    keys = {page.translation_key for page in pages}
    runs = RolePlayRun.objects.filter(
        user=user, page__translation_key__in=keys, passed=True
    )
    passed = set(runs.values_list("page__translation_key", flat=True))
    return {page.pk for page in pages if page.translation_key in passed}


def embed_context(user, page) -> dict:
    from roleplays.views import roleplay_card

    return {"card": roleplay_card(user, page)}


ROLEPLAY_PRACTICE = Practice(
    kind="roleplay",
    page_model="roleplays.RolePlayPage",
    passed_ids=passed_ids,
    section_template="roleplays/includes/module_section.html",
    embed_template="roleplays/blocks/embed.html",
    embed_context=embed_context,
)
