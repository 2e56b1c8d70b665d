from django.urls import path

from courses import roleplay_views, views

app_name = "courses"

urlpatterns = [
    path(
        "progress/lessons/<int:pk>/complete/",
        views.complete_lesson,
        name="complete_lesson",
    ),
    path(
        "progress/lessons/<int:pk>/practice/<str:block_id>/",
        views.check_practice,
        name="check_practice",
    ),
    path(
        "roleplays/<int:pk>/start/",
        roleplay_views.start_run,
        name="roleplay_start",
    ),
    path(
        "roleplays/runs/<uuid:run_id>/",
        roleplay_views.play,
        name="roleplay_run",
    ),
    path(
        "roleplays/runs/<uuid:run_id>/answer/",
        roleplay_views.answer,
        name="roleplay_answer",
    ),
]
