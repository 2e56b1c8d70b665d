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

        import people.privacy  # noqa: F401 (registers its section)
        from people.conf import check_settings
        from people.languages import forget_cached_language

        checks.register(check_settings)
        _forget_admin_access_on_changes()
        post_save.connect(
            forget_cached_language,
            sender=UserProfile,
            dispatch_uid="people_forget_cached_language",
        )


def _forget_admin_access_on_changes() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed

    from people.nav import forget_admin_access

    User = get_user_model()
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            forget_admin_access,
            sender=through,
            dispatch_uid=f"people_forget_admin_access_{through._meta.label}",
        )
