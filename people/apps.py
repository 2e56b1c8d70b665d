from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from people.conf import check_settings

        checks.register(check_settings)
