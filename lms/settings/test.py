"""The test suite: fast password hashing, mails kept in memory, no debug."""

from .base import *

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once, whatever TASKS_BACKEND the shell has (tests that need the
# queue say so).
TASKS = {"default": {"BACKEND": TASK_BACKENDS["immediate"]}}
# Each test client builds the middleware again: WhiteNoise looks a static file up
# when asked for it instead of listing STATIC_ROOT every time.
WHITENOISE_AUTOREFRESH = True
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
# Failed logins counted in the cache: the tests run in one process, so its memory
# is a shared cache.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# Pages and snippets are not indexed for search as they are saved: a quarter of
# the time it takes to build a course. No test searches Wagtail's index (the
# admin listings our tests search filter in the database).
WAGTAILSEARCH_BACKENDS = {
    "default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
}
