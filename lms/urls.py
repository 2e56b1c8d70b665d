from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from people.forms import StaffPasswordResetForm
from people.password_reset import LimitedPasswordResetView
from reports.api import api, unknown_path

urlpatterns = [
    path("", RedirectView.as_view(url="/training/", permanent=False), name="home"),
    # Imported staff have no password yet: "Forgot your password?" gives them one.
    path(
        "accounts/password_reset/",
        LimitedPasswordResetView.as_view(form_class=StaffPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("people.urls")),
    path("", include("courses.urls")),
    path("", include("roleplays.urls")),
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

# Wagtail serves every other path from the page tree; keep it last. Pages in
# Russian and Latvian live under /ru/ and /lv/ (the English tree has no prefix).
urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)), prefix_default_language=False
)

handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
