"""The settings the people app reads, with their defaults, and their checks.

Each value is read when it is used, so ``override_settings`` and the pytest
``settings`` fixture take effect at once.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning

DEFAULT_SITE_NAME = "Training"


class PeopleSettings:
    @property
    def SITE_NAME(self) -> str:
        """The name in e-mails and on certificates (Wagtail's own setting)."""
        return getattr(settings, "WAGTAIL_SITE_NAME", DEFAULT_SITE_NAME)

    @property
    def SITE_URL(self) -> str:
        """The address links in e-mails and QR codes use when the default Wagtail
        Site has no real host name, e.g. ``https://training.example.com``."""
        return getattr(settings, "SITE_URL", "")

    @property
    def TRUSTED_PROXY_COUNT(self) -> int:
        """How many reverse proxies in front of the site append to X-Forwarded-For."""
        return getattr(settings, "TRUSTED_PROXY_COUNT", 0)

    @property
    def ERASE_LEAVERS_AFTER_MONTHS(self) -> int | None:
        """Erase people this many months after their leaving date (the daily
        sweep does it); None keeps them until HR erases them by hand."""
        return getattr(settings, "PEOPLE_ERASE_LEAVERS_AFTER_MONTHS", None)


app_settings = PeopleSettings()


def check_settings(app_configs=None, **kwargs):
    errors = []
    site_url = app_settings.SITE_URL
    parts = urlsplit(site_url)
    if not site_url:
        errors.append(
            Warning(
                "SITE_URL is not set.",
                hint="Links in e-mails and on certificates need the site's address "
                "when the default Wagtail Site has no host name: set SITE_URL, "
                "e.g. 'https://training.example.com'.",
                id="people.W001",
            )
        )
    elif parts.scheme not in ("http", "https") or not parts.netloc:
        errors.append(
            Error(
                f"SITE_URL {site_url!r} is not an absolute http(s) address.",
                hint="Give the scheme and the host, e.g. "
                "'https://training.example.com'.",
                id="people.E001",
            )
        )
    proxies = app_settings.TRUSTED_PROXY_COUNT
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        errors.append(
            Error(
                f"TRUSTED_PROXY_COUNT is {proxies!r}, not a whole number of 0 or more.",
                hint="The number of reverse proxies in front of the site that append "
                "to X-Forwarded-For; 0 trusts REMOTE_ADDR only.",
                id="people.E002",
            )
        )
    errors.extend(_check_retention(app_settings.ERASE_LEAVERS_AFTER_MONTHS))
    return errors


def _check_retention(months) -> list[Error]:
    whole = isinstance(months, int) and not isinstance(months, bool)
    if months is None or (whole and months >= 1):
        return []
    return [
        Error(
            f"PEOPLE_ERASE_LEAVERS_AFTER_MONTHS is {months!r}, not a whole number "
            "of 1 or more.",
            hint="The months after their leaving date at which leavers are "
            "erased, e.g. 24; None (the default) erases nobody automatically.",
            id="people.E003",
        )
    ]
