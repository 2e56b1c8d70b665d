"""Production: refuses to start without a secret key and allowed hosts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names.")

DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {
        # Names with a content hash, and gzip copies, that WhiteNoise serves
        # with a far-future expiry.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Cookies over HTTPS only; SECURE_COOKIES=0 for plain HTTP on this machine
# (`make cluster`), which browsers other than Chrome treat as insecure.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True

# Wagtail's page preview needs same-origin framing, so X_FRAME_OPTIONS stays
# SAMEORIGIN (still refuses every other site); the deploy check asks for DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
