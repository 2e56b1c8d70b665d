from wagtail import hooks

from quizzes.authoring_admin import register_authoring
from quizzes.marking_admin import register_marking

register_authoring(hooks)
register_marking(hooks)
