"""Settings shared by every environment; each value can come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "lms"


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list of non-empty items."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms",
    "people",
    "courses",
    "roleplays",
    "quizzes",
    "certification",
    "reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    # Content in en, ru and lv: translate pages and snippets in the editor.
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.api.v3",  # API tokens for the HR system, managed in the admin
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",  # serves the API docs (Swagger UI) from our own static files
    "csp",  # checks the Content-Security-Policy settings
    "axes",  # failed-login limits
    "django_tasks_db",  # the task queue in the database (TASKS_BACKEND=database)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app servers themselves: no separate web server needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, except that only pages read their language from the address.
    "people.languages.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Training pages' routes and view restrictions, remembered (courses.routing).
    "courses.routing.CachedRouteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the two above: a logged-in person's own language choice wins.
    "people.languages.PersonLanguageMiddleware",
    "lms.middleware.LoginRequiredMiddleware",
    "lms.middleware.PrivateCacheMiddleware",
    "lms.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Sessions are read from the cache and written through to the database: no
# query per request, and nobody is logged out when the cache is emptied.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"
ASGI_APPLICATION = "lms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file in the project for a single site.
# Set but empty (as docker-compose and .env files often leave it) means the default.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One writer at a time, taken at the start of a transaction, so concurrent
    # requests wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (needed with several app servers, for
# shared rate limits), otherwise memory local to the process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    # First: refuses every login while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "people.backends.UsernameOrEmailBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/training/"
LOGOUT_REDIRECT_URL = "login"

# How many reverse proxies in front of the site append to X-Forwarded-For; the
# client's address is the one the outermost of them saw. 0: REMOTE_ADDR only.
# Rate limits and failed-login limits count by this address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Failed logins (django-axes), on the site's and the admin's login pages: too many
# for one account, or from one address, pause logging in there for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "people.throttle.client_address"
AXES_USERNAME_CALLABLE = "people.login_limits.attempted_account"
AXES_LOCKOUT_CALLABLE = "people.login_limits.locked_out"
# Counted in the shared cache (Redis); without one, in the database, since a
# cache in each process's memory would give each worker its own count.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_DISABLE_ACCESS_LOG = True  # no record of every login, only of the failures

# Internationalisation: the UI speaks English, Russian and Latvian.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("lv", _("Latvian"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A page sent for translation starts as a draft: learners who chose Russian or
# Latvian are sent to the translation, so it must not go live in English.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Riga")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail (reminders, password reset). Production sets EMAIL_HOST.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "training@localhost")
# The folder the file backend (django.core.mail.backends.filebased) writes to.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(
    BASE_DIR / "test-artifacts" / "mail"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mail, reminders, exports, the sweep): django-tasks. By
# default a task runs at once, in the request or command that asks for it (no
# worker to run: the demo and the tests). TASKS_BACKEND=database keeps the tasks
# in the database until `manage.py db_worker` (django-tasks-db) runs them; a task
# queued inside a transaction is dropped with it if it rolls back.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip() or "immediate"
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND is {TASKS_BACKEND!r}; use one of {', '.join(TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Large StreamField forms in the page editor post many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Service Standard Academy")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party avatar requests: staff privacy, and the admin works offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_RESET_ENABLED = True
# Wagtail's preview panel shows the page in a same-origin frame.
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (django-csp, through lms.middleware). The site's pages
# run only the site's own script files (no inline script, no eval) and take no
# inline style (bars get their width from a class, see site.css). Images may be
# data: URLs (the icons in the stylesheets). Lesson videos may come from
# EMBED_HOSTS (oEmbed players, a video server), in a frame or a <video>.
EMBED_HOSTS = env_list(
    "EMBED_HOSTS",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
)
_SITE_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "media-src": [SELF, *EMBED_HOSTS],
    "frame-src": [SELF, *EMBED_HOSTS],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],  # Wagtail's preview frames the page
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _SITE_POLICY}
# Pages the project does not write get a policy of their own (the first prefix
# that matches wins). The API docs need none: django-ninja serves Swagger UI from
# script files, its settings in a JSON block.
CONTENT_SECURITY_POLICY_PATHS = {
    # The Wagtail admin still writes inline scripts (inline panels, date pickers
    # in forms and report filters, chooser widgets and modals), <style> elements
    # (the page editor's scripts) and style attributes (the reports' bars); the
    # multiple image upload previews files from blob: URLs. It needs no eval.
    "/admin/": {
        **_SITE_POLICY,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        name: {"handlers": ["console"], "level": "WARNING", "propagate": False}
        for name in ["django", "django_tasks", "wagtail", "modelsearch", "axes"]
    },
}

# Paths that anonymous visitors may reach (see lms.middleware).
LOGIN_EXEMPT_PATHS = ["/verify/", "/api/", "/admin/", "/static/", "/favicon.ico"]
# Paths whose responses are never stored, whoever asks (see lms.middleware);
# every response to a logged-in person is never stored too.
PRIVATE_PATHS = ["/api/"]

# Self-hosted video files play without any third party; other links use oEmbed.
WAGTAILEMBEDS_FINDERS = [
    {"class": "courses.embeds.VideoFileFinder"},
    {"class": "wagtail.embeds.finders.oembed"},
]

# The model quiz questions are tagged with: the clauses of the standard.
QUIZZES_CLAUSE_MODEL = "courses.Clause"
