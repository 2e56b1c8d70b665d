"""What learner pages share between requests: the content, never a learner's progress.

Every entry is stored under the current *content version*, a number kept in the
cache that any change to training content moves on (a page saved, published,
moved or deleted; a clause, quiz, image, site, locale or privacy setting
saved). Entries of older versions are then never read again and age out, so
nothing has to know which entries a change touches. The version moves at once
and again when the transaction commits, so a request that read the old content
before the commit cannot keep it under the new version.

With several app processes the cache must be shared (Redis, ``REDIS_URL``), as
for the rate limits: a cache in each process's memory would keep each process's
version to itself. ``TRAINING_PAGE_CACHE = False`` turns these caches off
(the benchmarks compare the two).
"""

import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "training:content-version"
TIMEOUT = 24 * 60 * 60  # entries of a version nobody changes last a day


def enabled() -> bool:
    return getattr(settings, "TRAINING_PAGE_CACHE", True)


_request = threading.local()


@contextmanager
def one_version():
    """Read the version once for everything inside (a request's worth of
    entries), unless the content changes meanwhile."""
    _request.version = None
    _request.active = True
    try:
        yield
    finally:
        _request.active = False
        _request.version = None


def content_version() -> int:
    """The current version; a new one starts from the clock, so that after an
    eviction it cannot fall back onto the entries of an earlier number."""
    if getattr(_request, "active", False):
        if _request.version is None:
            _request.version = _read_version()
        return _request.version
    return _read_version()


def _read_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _move_on() -> None:
    _request.version = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (never set, or evicted): start afresh
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def content_changed(**kwargs) -> None:
    """A signal receiver: training content changed, so every cached entry is
    out of date, now and when the change commits."""
    _move_on()
    transaction.on_commit(_move_on)


def key(*parts) -> str:
    return ":".join(["training", str(content_version()), *map(str, parts)])


def cached(name: str, parts: tuple, compute):
    """``compute()``, kept under ``name`` and ``parts`` for the content version."""
    if not enabled():
        return compute()
    entry_key = key(name, *parts)
    found = cache.get(entry_key)
    if found is None:
        found = compute()
        cache.set(entry_key, found, TIMEOUT)
    return found


def _page_changed(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def connect_signals() -> None:
    """Move the version on whenever something the learner pages show changes."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model

    for signal in (post_save, post_delete):
        signal.connect(_page_changed, dispatch_uid=f"training-cache-page-{signal}")
        for label in (
            "courses.Clause",
            "quizzes.Quiz",
            "wagtailcore.PageViewRestriction",
            "wagtailcore.Site",
            "wagtailcore.Locale",
        ):
            signal.connect(
                content_changed,
                sender=apps.get_model(label),
                dispatch_uid=f"training-cache-{label}-{signal}",
            )
        signal.connect(
            content_changed,
            sender=get_image_model(),
            dispatch_uid=f"training-cache-image-{signal}",
        )
