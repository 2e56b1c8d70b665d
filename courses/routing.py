"""Finding a learner page without walking the page tree on every request.

Wagtail finds the page for an address by walking from the site's root, one
level (two queries) at a time, then reads the page's view restrictions; for a
lesson that is a dozen queries before anything of the lesson is done.
``CachedRouteMiddleware`` remembers, per host and address, the page Wagtail
found (a fresh copy of it), its site and its view restrictions, under the
content version (see ``courses.caching``), and hands them to Wagtail's own
``serve`` view, which reads a route already found from the request (and the
site of every host, which Wagtail reads from the request too). Only pages
that say ``cache_route = True`` (the training pages) are remembered, and only
after Wagtail has served them: the restrictions are still checked on every
request, and a page unpublished, moved or made private changes the version.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from wagtail.url_routing import RouteResult

from courses import caching


class CachedRouteMixin:
    """A page whose route and view restrictions may be remembered."""

    cache_route = True

    def get_url_parts(self, request=None):
        """Wagtail's answer, kept on the page (and with it in the cache) when
        the page belongs to one site only, where the request changes nothing."""
        parts = self.__dict__.get("_url_parts")
        if parts is None:
            parts = super().get_url_parts(request)
            sites = {root.site_id for root in self._get_relevant_site_root_paths()}
            if len(sites) == 1:
                self._url_parts = parts
        return parts

    def get_view_restrictions(self):
        remembered = getattr(self, "_remembered_restrictions", None)
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()


def _route_key(request) -> str:
    address = f"{request.get_host()}{request.path_info}".encode()
    digest = hashlib.sha1(address, usedforsecurity=False).hexdigest()
    return caching.key("route", digest)


def _remember(request, route_key: str) -> None:
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is None or route.args or route.kwargs:
        return
    page = route.page
    if not getattr(page, "cache_route", False) or not page.pk:
        return
    fresh = type(page).objects.get(pk=page.pk)
    fresh.get_url_parts(request)
    restrictions = list(fresh.get_view_restrictions())
    entry = (fresh, restrictions)
    cache.set(route_key, entry, caching.TIMEOUT)


def _site_for(request):
    """The Wagtail site for the request's host, remembered like the routes."""
    from wagtail.models import Site

    if not hasattr(request, "_wagtail_site"):
        key = caching.key("site", request.get_host())
        site = cache.get(key)
        if site is None:
            site = Site.find_for_request(request)
            cache.set(key, site or False, caching.TIMEOUT)
        request._wagtail_site = site or None
    return request._wagtail_site


def _recall(request, route_key: str) -> bool:
    entry = cache.get(route_key)
    if entry is None:
        return False
    page, restrictions = entry
    page._remembered_restrictions = restrictions
    request._wagtail_route_for_request = RouteResult(page)
    return True


class CachedRouteMiddleware:
    """Serve remembered routes of training pages (GET and HEAD only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not caching.enabled():
            return self.get_response(request)
        with caching.one_version():
            try:
                route_key = _route_key(request)
            except DisallowedHost:
                return self.get_response(request)
            _site_for(request)
            found = _recall(request, route_key)
            response = self.get_response(request)
            if not found and response.status_code == 200:
                _remember(request, route_key)
            return response
