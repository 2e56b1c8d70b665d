"""Absolute links for what leaves the browser: e-mails and printed QR codes.

Invitations, quiz results, reminders and certificates all link back to the
site; every app reaches people, so the one rule for the address lives here.
"""

from wagtail.models import Site

from people.conf import app_settings

# A fresh Wagtail install names its default Site "localhost" on port 80: a
# placeholder, not an address anyone can reach from an e-mail.
PLACEHOLDER = ("localhost", 80)


def site_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://training.example.com``.

    The default Wagtail Site's root URL once it names a real host, else
    ``settings.SITE_URL``.
    """
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    if site is not None and (site.hostname, site.port) != PLACEHOLDER:
        return site.root_url.rstrip("/")
    return app_settings.SITE_URL.rstrip("/")


def absolute_url(path: str, *, base: str | None = None) -> str:
    """``path`` (from ``reverse``) on the site's address (or on ``base``)."""
    return (base or site_url()) + path
