"""The language switch (``set_language``) that also remembers a person's choice."""

from django.urls import path

from people.views import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
]
