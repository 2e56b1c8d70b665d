from django import template

from roleplays.models import RolePlayPage
from roleplays.views import roleplay_cards

register = template.Library()


@register.simple_tag(takes_context=True)
def module_roleplays(context, module):
    """The live role-plays of a module with the learner's state (two queries)."""
    request = context.get("request")
    if request is None:
        return []
    pages = list(RolePlayPage.objects.live().child_of(module).order_by("path"))
    return roleplay_cards(request.user, pages) if pages else []
