from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.users.models import UserProfile

        from people.conf import check_settings
        from people.languages import forget_cached_language

        checks.register(check_settings)
        post_save.connect(
            forget_cached_language,
            sender=UserProfile,
            dispatch_uid="people_forget_cached_language",
        )
