"""Failed-login limits (django-axes): which account an attempt is for, and the page
someone sees once logging in is paused."""

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from people.backends import account_username

LOCKED_OUT = ngettext_lazy(
    "There were too many failed attempts to log in to this account or from your "
    "network, so logging in is paused for %(minutes)d minute.",
    "There were too many failed attempts to log in to this account or from your "
    "network, so logging in is paused for %(minutes)d minutes.",
    "minutes",
)


def attempted_account(request, credentials=None) -> str:
    """The account a login attempt is for, however it was spelled.

    An e-mail address counts as its owner's username and case does not matter,
    so that every spelling of one account shares one count of failures.
    """
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    return account_username((typed or "").strip()).casefold()


def locked_out(request, original_response=None, credentials=None):
    """The page for a login attempt refused after too many failures (HTTP 429)."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds())
    minutes = max(1, round(seconds / 60))
    in_admin = request.path.startswith(reverse("wagtailadmin_home"))
    template = "people/locked_out_admin.html" if in_admin else "people/locked_out.html"
    context = {
        "message": LOCKED_OUT % {"minutes": minutes},
        "until": timezone.localtime() + cool_off,
    }
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response
