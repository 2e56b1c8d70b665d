"""A person's language.

One choice per person, kept where Wagtail keeps it (the admin's "preferred
language" on the user's profile), so the admin, the learner pages, the e-mails the
person gets and their certificate all speak it. A person who has not chosen reads
the learner pages in their browser's language and gets e-mails in the site's.
"""

import functools
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

CACHE_KEY = "people:language:{}"
CACHE_SECONDS = 60 * 60
PROFILE = "wagtail_userprofile"  # UserProfile.user's related name


def site_language(code: str | None) -> str:
    """``code`` as one of the site's ``LANGUAGES`` ("ru-RU" gives "ru"), else ""."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def preferred_language(user) -> str:
    """The language ``user`` chose, or "" when they have not (or it is not offered).

    Read once an hour at most: the profile is cached, and forgotten when it is saved.
    """
    if user is None or not user.pk:
        return ""
    if PROFILE in user._state.fields_cache:  # select_related("wagtail_userprofile")
        profile = user._state.fields_cache[PROFILE]
        return site_language(profile.preferred_language if profile else "")
    key = CACHE_KEY.format(user.pk)
    code = cache.get(key)
    if code is None:
        found = UserProfile.objects.filter(user_id=user.pk).values_list(
            "preferred_language", flat=True
        )
        code = found.first() or ""
        cache.set(key, code, CACHE_SECONDS)
    return site_language(code)


def language_for(user, fallback: str = "") -> str:
    """The language to write to ``user`` in: their choice, else ``fallback`` (one
    of the site's), else the site's own."""
    return preferred_language(user) or site_language(fallback) or settings.LANGUAGE_CODE


@contextmanager
def speaking_to(user, fallback: str = ""):
    """Render what is inside (an e-mail, a PDF) in ``user``'s language."""
    with translation.override(language_for(user, fallback)):
        yield


def remember_language(user, code: str) -> None:
    """Keep ``code`` (one of the site's languages, or "" for none) as ``user``'s."""
    code = site_language(code) if code else ""
    profile, _created = UserProfile.objects.get_or_create(user=user)
    if profile.preferred_language != code:
        profile.preferred_language = code
        profile.save(update_fields=["preferred_language"])
    cache.delete(CACHE_KEY.format(user.pk))


@functools.cache
def admin_path() -> str:
    return reverse("wagtailadmin_home")


def forget_cached_language(sender, instance, **kwargs) -> None:
    """A profile saved anywhere (the admin's account page, an import): read it again."""
    cache.delete(CACHE_KEY.format(instance.user_id))


class PersonLanguageMiddleware:
    """Show a logged-in person the pages in the language they chose.

    Place it after ``AuthenticationMiddleware`` and Django's ``LocaleMiddleware``,
    which picks the language of everyone else (a cookie, then the browser's). The
    Wagtail admin reads the same choice itself, so its pages are left to it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(admin_path())
        ):
            code = preferred_language(user)
            if code:
                translation.activate(code)
                request.LANGUAGE_CODE = code
        return self.get_response(request)
