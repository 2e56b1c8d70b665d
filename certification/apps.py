from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import certification.privacy  # noqa: F401 (registers its section)
        from certification import refreshers, signals  # noqa: F401 (receivers)
        from certification.conf import check_settings

        checks.register(check_settings)
