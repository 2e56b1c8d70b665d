"""The settings the certification app reads, with their defaults, and their checks.

Each value is read when it is used, so ``override_settings`` and the pytest
``settings`` fixture take effect at once. The site's name and address are the
people app's settings (``people.conf``).
"""

import os

from django.conf import settings
from django.core.checks import Error, Warning


class CertificationSettings:
    @property
    def CERTIFICATE_FONTS(self) -> tuple[str, str] | None:
        """Paths of a regular and a bold TrueType font for certificates, or None
        for the DejaVu Sans pair the app ships."""
        return getattr(settings, "CERTIFICATE_FONTS", None)

    @property
    def VERIFY_RATE_LIMIT(self) -> int:
        """Certificate checks a client address may make per minute."""
        return getattr(settings, "VERIFY_RATE_LIMIT", 30)

    @property
    def DUE_REMINDER_DAYS(self) -> list[int]:
        """Days before a required course's due date on which someone never
        certified on it is reminded (once each)."""
        return getattr(settings, "DUE_REMINDER_DAYS", [14, 3])


app_settings = CertificationSettings()


def check_settings(app_configs=None, **kwargs):
    errors = []
    limit = app_settings.VERIFY_RATE_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        errors.append(
            Error(
                f"VERIFY_RATE_LIMIT is {limit!r}, not a whole number of 1 or more.",
                hint="The certificate checks one address may make per minute.",
                id="certification.E001",
            )
        )
    errors += _check_due_reminder_days(app_settings.DUE_REMINDER_DAYS)
    fonts = app_settings.CERTIFICATE_FONTS
    if fonts is None:
        return errors
    if (
        isinstance(fonts, str)
        or not isinstance(fonts, list | tuple)
        or len(fonts) != 2
        or not all(isinstance(path, str | os.PathLike) for path in fonts)
    ):
        errors.append(
            Error(
                f"CERTIFICATE_FONTS is {fonts!r}, not a pair of font files.",
                hint="Give the paths of a regular and a bold TrueType font, e.g. "
                "('/usr/share/fonts/DejaVuSans.ttf', "
                "'/usr/share/fonts/DejaVuSans-Bold.ttf').",
                id="certification.E002",
            )
        )
        return errors
    missing = [str(path) for path in fonts if not os.path.exists(path)]
    if missing:
        errors.append(
            Warning(
                f"CERTIFICATE_FONTS names files that do not exist: {missing}.",
                hint="Certificates fall back to another font, which may lack "
                "letters of some names.",
                id="certification.W001",
            )
        )
    return errors


def _check_due_reminder_days(days) -> list:
    if isinstance(days, list | tuple) and all(
        isinstance(each, int) and not isinstance(each, bool) and 0 <= each <= 365
        for each in days
    ):
        return []
    return [
        Error(
            f"DUE_REMINDER_DAYS is {days!r}, not a list of whole numbers of days.",
            hint="Days before the due date to remind people, e.g. [14, 3].",
            id="certification.E003",
        )
    ]
