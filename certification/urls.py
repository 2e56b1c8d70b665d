from django.urls import path, re_path

from certification import views

app_name = "certification"

CODE = r"(?P<code>[0-9A-Za-z][0-9A-Za-z-]{0,40})"

urlpatterns = [
    path("training/me/", views.my_readiness, name="my_readiness"),
    path("verify/", views.verify_form, name="verify_form"),
    re_path(rf"^verify/{CODE}\.json$", views.verify_json, name="verify_json"),
    re_path(rf"^verify/{CODE}/$", views.verify, name="verify"),
    path("certificates/<str:code>/download/", views.download, name="download"),
]
