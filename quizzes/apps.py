from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import quizzes.privacy  # noqa: F401 (registers its section)
        from quizzes.conf import check_settings

        checks.register(check_settings)
