"""What the role-plays app registers with Wagtail and with the courses app."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.menu import MenuItem

from courses.practice import PRACTICE_HOOK
from roleplays import admin_views
from roleplays.practice import ROLEPLAY_PRACTICE

# Courses: role-plays are practice pages of a module (steps, embeds, a section).
hooks.register(PRACTICE_HOOK, lambda: ROLEPLAY_PRACTICE)

# Admin: results, Twine export and import, from the page's menus and the menu.
hooks.register("register_page_header_buttons", admin_views.roleplay_buttons)
hooks.register("register_page_listing_more_buttons", admin_views.roleplay_buttons)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.RolePlayReportView.as_view(), name="index"),
        path(
            "results/",
            admin_views.RolePlayReportView.as_view(results_only=True),
            name="index_results",
        ),
        path(
            "<int:pk>/results/",
            admin_views.RolePlayResultsView.as_view(),
            name="results",
        ),
        path(
            "<int:pk>/runs/<uuid:run_id>/",
            admin_views.RolePlayRunView.as_view(),
            name="run",
        ),
        path("<int:pk>/export/", admin_views.export_view, name="export"),
        path("<int:pk>/import/", admin_views.TweeImportView.as_view(), name="import"),
    ]
    return [path("roleplays/", include((urls, "roleplays_admin")))]


class RolePlayResultsMenuItem(MenuItem):
    def is_shown(self, request):
        # Page editors (trainers); the page permissions are cached per request.
        return user_has_any_page_permission(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return RolePlayResultsMenuItem(
        _("Role-play results"),
        reverse("roleplays_admin:index"),
        name="roleplay-results",
        icon_name="comment",
        order=260,
    )
