from django.urls import path

from courses import views

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
]
