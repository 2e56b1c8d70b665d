from django.urls import path

from roleplays import views

app_name = "roleplays"

urlpatterns = [
    path("roleplays/<int:pk>/start/", views.start_run, name="start"),
    path("roleplays/runs/<uuid:run_id>/", views.play, name="run"),
    path("roleplays/runs/<uuid:run_id>/answer/", views.answer, name="answer"),
]
