"""What the courses app registers with Wagtail."""

from django.apps import apps
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses import progress, views
from courses.nav import catalogue_nav_item
from courses.practice import lesson_practice_questions
from courses.viewsets import ClauseViewSet
from people.nav import NAV_HOOK

# Admin: the clauses of the standard, as snippets.
register_snippet(ClauseViewSet)

# Learners: pages in the language they chose, lesson visits, the quizzes they may
# take, the catalogue in the menu.
hooks.register("before_serve_page", views.serve_in_readers_language, order=-10)
hooks.register("before_serve_page", views.record_lesson_visit)
hooks.register("quizzes_open_to_learners", progress.published_quizzes)
hooks.register(NAV_HOOK, catalogue_nav_item)

# Quizzes: lesson practice questions, which graded items should not repeat.
hooks.register("quizzes_practice_questions", lesson_practice_questions)

# Translators: a PO file wagtail-localize cannot read is refused with a message.
if apps.is_installed("wagtail_localize"):
    from courses import localize  # it reads wagtail-localize's polib

    hooks.register("register_admin_urls", localize.admin_urls, order=-1)
