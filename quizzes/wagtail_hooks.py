"""What the quizzes app registers with Wagtail."""

from wagtail import hooks

from quizzes.admin_views import authoring, marking
from quizzes.viewsets import MENU_ITEM_HOOK, QuizzesViewSetGroup

# Admin: the "Quizzes" menu (banks, questions, quizzes, attempts).
hooks.register("register_admin_viewset", QuizzesViewSetGroup)

# Authoring: bank import and export, item analysis.
hooks.register("register_admin_urls", authoring.authoring_urls)

# Marking: the queue of essays, as an item of the "Quizzes" menu.
hooks.register("register_admin_urls", marking.marking_urls)
hooks.register(MENU_ITEM_HOOK, marking.marking_menu_item)
