"""The demo's Wagtail Site: named, and at the address the demo is served on."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def set_up_site(url: str) -> Site | None:
    """Name the default Site and give it the host and port of ``url``, so links
    in e-mails and QR codes reach the running demo."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if not site.site_name:
        # The admin dashboard shows the site's name: not "localhost".
        site.site_name = settings.WAGTAIL_SITE_NAME
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
    except ValueError:
        port = None  # not a port number: keep the Site's own
    taken = (
        Site.objects.filter(hostname=parts.hostname, port=port)
        .exclude(pk=site.pk)
        .exists()
    )
    if parts.hostname and port and not taken:
        site.hostname, site.port = parts.hostname, port
    site.save()
    return site
