"""The main menu of the learner pages, made of the items the apps register.

People is the app every other one builds on, so it cannot name their pages: each
app registers a function for ``register_training_nav_item`` that takes the request
and returns a ``NavItem`` (or None to leave it out). The catalogue comes from
courses, "My training" from certification; a site can register its own.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

NAV_HOOK = "register_training_nav_item"


@dataclass(frozen=True)
class NavItem:
    name: str
    label: str
    url: str
    order: int = 100


def nav_items(request) -> list[NavItem]:
    """The registered items in their order, gathered once per request."""
    if request is None:
        return []
    items = getattr(request, "_training_nav_items", None)
    if items is None:
        found = (hook(request) for hook in hooks.get_hooks(NAV_HOOK))
        items = sorted((item for item in found if item), key=lambda i: i.order)
        request._training_nav_items = items
    return items


def current_item(items: list[NavItem], path: str) -> NavItem | None:
    """The item whose address is the longest start of ``path``."""
    matching = [item for item in items if item.url and path.startswith(item.url)]
    return max(matching, key=lambda item: len(item.url), default=None)


def admin_nav_item(request) -> NavItem | None:
    """The Wagtail admin, for those who may open it."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("wagtailadmin.access_admin"):
        return None
    return NavItem("admin", _("Admin"), reverse("wagtailadmin_home"), order=900)
