from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses import views
from courses.viewsets import ClauseViewSet

register_snippet(ClauseViewSet)
hooks.register("before_serve_page", views.record_lesson_visit)
