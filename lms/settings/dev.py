"""Local development and the demo: debug on, SQLite, mails to the console."""

from .base import *

DEBUG = True
SECRET_KEY = (
    os.environ.get("DJANGO_SECRET_KEY")
    or "dev-only-insecure-key-do-not-use-in-production"
)
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# runserver serves the static files itself; WhiteNoise (in MIDDLEWARE for the
# app servers) looks a file up when asked instead of wanting `collectstatic`.
WHITENOISE_AUTOREFRESH = True
