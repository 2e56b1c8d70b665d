"""The main menu of the learner pages, made of the items the apps register.

People is the app every other one builds on, so it cannot name their pages: each
app registers a function for ``register_training_nav_item`` that takes the request
and returns a ``NavItem`` (or None to leave it out). The catalogue comes from
courses, "My training" from certification; a site can register its own.
"""

from dataclasses import dataclass

from django.core.cache import cache
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
    if user is None or not may_open_admin(user):
        return None
    return NavItem("admin", _("Admin"), reverse("wagtailadmin_home"), order=900)


ADMIN_ACCESS_KEY = "people:may-open-admin:{}"
ADMIN_ACCESS_TIMEOUT = 5 * 60


def may_open_admin(user) -> bool:
    """Whether to show ``user`` the way into the admin, remembered for a few
    minutes (every learner page asks; the admin checks the permission itself).
    Changing a person's groups or permissions forgets it at once."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return user.is_active
    key = ADMIN_ACCESS_KEY.format(user.pk)
    found = cache.get(key)
    if found is None:
        found = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, found, ADMIN_ACCESS_TIMEOUT)
    return found


def forget_admin_access(sender, instance, action, pk_set, **kwargs) -> None:
    """An ``m2m_changed`` receiver for a user's groups and permissions and a
    group's permissions."""
    if not action.startswith("post_"):
        return
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    if isinstance(instance, Group):
        users = instance.user_set.values_list("pk", flat=True)
    elif sender is Group.permissions.through:  # permission.group_set changed
        users = Group.objects.filter(pk__in=pk_set or ()).values_list("user", flat=True)
    elif isinstance(instance, get_user_model()):
        users = [instance.pk]
    else:  # permission.user_set changed
        users = pk_set or ()
    cache.delete_many([ADMIN_ACCESS_KEY.format(pk) for pk in users if pk])
