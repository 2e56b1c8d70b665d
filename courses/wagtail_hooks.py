from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from courses import progress, views
from courses import roleplay_admin_views as roleplays
from courses.nav import catalogue_nav_item
from courses.viewsets import ClauseViewSet
from people.nav import NAV_HOOK

register_snippet(ClauseViewSet)
hooks.register("before_serve_page", views.record_lesson_visit)
hooks.register("quizzes_open_to_learners", progress.published_quizzes)
hooks.register(NAV_HOOK, catalogue_nav_item)
hooks.register("register_page_header_buttons", roleplays.roleplay_buttons)
hooks.register("register_page_listing_more_buttons", roleplays.roleplay_buttons)


@hooks.register("register_admin_urls")
def register_roleplay_urls():
    urls = [
        path("", roleplays.RolePlayIndexView.as_view(), name="index"),
        path(
            "<int:pk>/results/", roleplays.RolePlayResultsView.as_view(), name="results"
        ),
        path(
            "<int:pk>/runs/<uuid:run_id>/",
            roleplays.RolePlayRunView.as_view(),
            name="run",
        ),
        path("<int:pk>/export/", roleplays.export_view, name="export"),
        path("<int:pk>/import/", roleplays.TweeImportView.as_view(), name="import"),
    ]
    return [path("roleplays/", include((urls, "roleplays"), namespace="roleplays"))]


class RolePlayResultsMenuItem(MenuItem):
    def is_shown(self, request):
        # Page editors (trainers); the page permissions are cached per request.
        return user_has_any_page_permission(request.user)


@hooks.register("register_admin_menu_item")
def register_roleplay_menu_item():
    return RolePlayResultsMenuItem(
        _("Role-play results"),
        reverse("roleplays:index"),
        name="roleplay-results",
        icon_name="comment",
        order=260,
    )
