from django.conf import settings


def site(request):
    """The site's name and whether the user may open the Wagtail admin."""
    user = getattr(request, "user", None)
    can_admin = bool(
        user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
    )
    return {"site_name": settings.WAGTAIL_SITE_NAME, "can_access_admin": can_admin}
