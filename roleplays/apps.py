from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolePlaysConfig(AppConfig):
    name = "roleplays"
    verbose_name = _("Role-plays")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import roleplays.privacy  # noqa: F401 (registers its section)
