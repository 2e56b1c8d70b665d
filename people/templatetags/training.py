"""Tags for the learner pages' frame, ``{% load training %}``: what a site's
context processor would otherwise have to provide."""

from django import template

from people.conf import app_settings
from people.nav import current_item, nav_items

register = template.Library()


@register.simple_tag
def training_site_name() -> str:
    """The site's name (``WAGTAIL_SITE_NAME``)."""
    return app_settings.SITE_NAME


@register.simple_tag(takes_context=True)
def training_nav(context) -> list[dict]:
    """The main menu: ``label``, ``url`` and ``current`` ("page" on the item's own
    address, "true" on a page under it, "" elsewhere) of each item."""
    request = context.get("request")
    items = nav_items(request)
    path = request.path if request else ""
    active = current_item(items, path)
    return [
        {
            "name": item.name,
            "label": item.label,
            "url": item.url,
            "current": ("page" if path == item.url else "true")
            if item == active
            else "",
        }
        for item in items
    ]


@register.simple_tag(takes_context=True)
def training_url(context, name: str, default: str = "/") -> str:
    """The address of the menu item ``name`` (e.g. "catalogue"), or ``default``."""
    for item in nav_items(context.get("request")):
        if item.name == name:
            return item.url
    return default
