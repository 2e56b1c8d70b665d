from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from people.forms import StaffPasswordResetForm
from people.password_reset import LimitedPasswordResetView
from reports.api import api, unknown_path


def auth_urls():
    """Django's auth views, told the site's name (they would show the host name)."""
    brand = {"site_name": settings.WAGTAIL_SITE_NAME}
    views = [
        ("login/", auth_views.LoginView, "login", {}),
        ("logout/", auth_views.LogoutView, "logout", {}),
        ("password_change/", auth_views.PasswordChangeView, "password_change", {}),
        (
            "password_change/done/",
            auth_views.PasswordChangeDoneView,
            "password_change_done",
            {},
        ),
        (
            "password_reset/",
            LimitedPasswordResetView,
            "password_reset",
            {"extra_email_context": brand, "form_class": StaffPasswordResetForm},
        ),
        (
            "password_reset/done/",
            auth_views.PasswordResetDoneView,
            "password_reset_done",
            {},
        ),
        (
            "reset/<uidb64>/<token>/",
            auth_views.PasswordResetConfirmView,
            "password_reset_confirm",
            {},
        ),
        (
            "reset/done/",
            auth_views.PasswordResetCompleteView,
            "password_reset_complete",
            {},
        ),
    ]
    return [
        path(route, view.as_view(extra_context=brand, **options), name=name)
        for route, view, name, options in views
    ]


urlpatterns = [
    path("", RedirectView.as_view(url="/training/", permanent=False), name="home"),
    path("accounts/", include(auth_urls())),
    path("", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("api/v1/", api.urls),
    # Any other address under /api/ answers in JSON too, not with a page.
    re_path(r"^api/", unknown_path),
    path("", include("certification.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail serves every other path from the page tree; keep it last.
    path("", include(wagtail_urls)),
]

handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
