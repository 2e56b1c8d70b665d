"""The settings the quizzes app reads, with their defaults, and their checks.

Each value is read when it is used, so ``override_settings`` and the pytest
``settings`` fixture take effect at once (``CLAUSE_MODEL`` excepted: the model
field is built from it once, when the models load).
"""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error

# What questions are tagged with, unless QUIZZES_CLAUSE_MODEL names another
# model; the migrations follow the setting, as they do AUTH_USER_MODEL.
DEFAULT_CLAUSE_MODEL = "courses.Clause"


class QuizzesSettings:
    @property
    def CLAUSE_MODEL(self) -> str:
        """``app_label.ModelName`` of what questions are tagged with."""
        return getattr(settings, "QUIZZES_CLAUSE_MODEL", DEFAULT_CLAUSE_MODEL)


app_settings = QuizzesSettings()


def check_settings(app_configs=None, **kwargs):
    name = app_settings.CLAUSE_MODEL
    try:
        apps.get_model(name)
    except (LookupError, ValueError, TypeError):
        return [
            Error(
                f"QUIZZES_CLAUSE_MODEL refers to {name!r}, which is not an "
                "installed model.",
                hint="Give 'app_label.ModelName' of an installed model (set it "
                "before the first migrate, as AUTH_USER_MODEL), or leave it out "
                f"for {DEFAULT_CLAUSE_MODEL!r} (add 'courses' to INSTALLED_APPS).",
                id="quizzes.E001",
            )
        ]
    return []
