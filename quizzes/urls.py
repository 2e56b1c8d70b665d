from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("<int:pk>/", views.quiz_detail, name="quiz"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("attempts/<int:pk>/", views.take, name="take"),
    path("attempts/<int:pk>/answer/", views.autosave, name="answer"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/review/", views.review, name="review"),
]
