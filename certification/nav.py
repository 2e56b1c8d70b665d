"""My training's item in the learner pages' main menu (see people/nav.py)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from people.nav import NavItem


def my_training_nav_item(request) -> NavItem | None:
    """Left out where the site does not include certification.urls."""
    try:
        url = reverse("certification:my_readiness")
    except NoReverseMatch:
        return None
    return NavItem("my_training", _("My training"), url, order=20)
