from django import template

from certification.dates import show_day

register = template.Library()


@register.filter
def day(value):
    """A moment or date as its local calendar day, e.g. "2 Dec 2026"."""
    return show_day(value)
