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
from django.db.models import Q
from django.middleware import locale
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

CACHE_KEY = "people:language:{}"
CACHE_SECONDS = 60 * 60
DEFAULT_LOCALE_KEY = "people:default-locale"
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


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's ``LocaleMiddleware``, for a site whose pages alone have language
    prefixes (``i18n_patterns`` with ``prefix_default_language=False``).

    Django would read every unprefixed address as the default language; here
    only the pages are, and every other address (logging in, My training, the
    quizzes) speaks the visitor's language: their cookie, then their browser's.
    """

    def process_request(self, request):
        super().process_request(request)
        path = request.path_info
        request.is_page_path = is_page_path(path)
        if translation.get_language_from_path(path) or request.is_page_path:
            return
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def is_page_path(path: str) -> bool:
    """Whether Wagtail's page tree serves ``path`` (rather than a view of its own)."""
    try:
        return resolve(path).url_name == "wagtail_serve"
    except Resolver404:
        return False


class PersonLanguageMiddleware:
    """Show a logged-in person the pages in the language they chose.

    Place it after ``AuthenticationMiddleware`` and the ``LocaleMiddleware``
    above, which picks the language of everyone else (a cookie, then the
    browser's). The Wagtail admin reads the same choice itself, and a page's
    address says its language (a translation in the person's language is served
    instead, see ``courses.views.serve_in_readers_language``), so both are left
    alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(request, "is_page_path", False)
            and not request.path_info.startswith(admin_path())
        ):
            code = preferred_language(user)
            if code:
                translation.activate(code)
                request.LANGUAGE_CODE = code
        return self.get_response(request)


def original_language_code() -> str:
    """The site's default content language: its pages and snippets are the
    originals, on which records are kept whichever translation a learner used."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def original_language() -> Q:
    """Translatable rows (pages, snippets) in the original language."""
    return Q(locale__language_code=original_language_code())


def original(obj):
    """``obj`` (a page or a translatable snippet) in the site's default language.

    Records (progress, attempts, certificates) belong to the original, so a
    person's work counts the same in whichever language they did it.
    """
    locale_id = getattr(obj, "locale_id", None)
    default_id = default_locale_id()
    if locale_id is None or locale_id == default_id or default_id is None:
        return obj
    return obj.get_translation_or_none(default_id) or obj


def default_locale_id() -> int | None:
    """The id of the default language's Wagtail locale (kept in the cache)."""
    found = cache.get(DEFAULT_LOCALE_KEY)
    if found is None:
        try:
            found = Locale.get_default().pk
        except Locale.DoesNotExist:
            return None
        cache.set(DEFAULT_LOCALE_KEY, found, CACHE_SECONDS)
    return found


def in_active_language(obj):
    """The translation of ``obj`` in the active language, else ``obj`` itself:
    no query for an original read in the original language, one otherwise."""
    if getattr(obj, "locale_id", None) is None:
        return obj
    language = translation.get_language()
    if language == original_language_code() and obj.locale_id == default_locale_id():
        return obj
    found = obj.get_translations(inclusive=True).filter(locale__language_code=language)
    return found.first() or obj


def show_titles_in_language(objects, language: str | None = None) -> list:
    """Give translatable ``objects`` (pages, quizzes, …; originals) the title of
    their translation in ``language`` (the active one by default), for showing:
    one query per model, none in the original language. Returns them, unsaved."""
    objects = [obj for obj in objects if obj is not None]
    language = language or translation.get_language()
    if not objects or language == original_language_code():
        return objects
    by_model = {}
    for obj in objects:
        model = Page if isinstance(obj, Page) else type(obj)
        by_model.setdefault(model, []).append(obj)
    for model, found in by_model.items():
        keys = {obj.translation_key for obj in found}
        titles = dict(
            model.objects.filter(
                translation_key__in=keys, locale__language_code=language
            ).values_list("translation_key", "title")
        )
        for obj in found:
            obj.title = titles.get(obj.translation_key, obj.title)
    return objects
