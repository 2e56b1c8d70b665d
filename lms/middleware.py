from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as BaseMiddleware
from django.utils.cache import patch_cache_control


class LoginRequiredMiddleware(BaseMiddleware):
    """Every page needs a login, except the paths in ``LOGIN_EXEMPT_PATHS``.

    Django's auth views are already exempt. The Wagtail admin and the API
    answer anonymous requests themselves (a login page, a 401).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        exempt = getattr(settings, "LOGIN_EXEMPT_PATHS", ())
        if request.path_info.startswith(tuple(exempt)):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivateCacheMiddleware:
    """Keep people's records out of shared caches and the browser's history.

    Every response to a logged-in person, and every response under
    ``PRIVATE_PATHS`` (the API, whoever asks), says ``Cache-Control: private,
    no-store``, unless the view set a Cache-Control of its own. Marking all of
    them means a new personal page cannot be forgotten; what anonymous visitors
    get (the verify page, the login page) stays cacheable, and so do static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and self.is_private(request):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def is_private(self, request) -> bool:
        path = request.path_info
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return False
        if path.startswith(tuple(getattr(settings, "PRIVATE_PATHS", ()))):
            return True
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with a policy of their own for some paths.

    ``CONTENT_SECURITY_POLICY`` is the site's policy. ``CONTENT_SECURITY_POLICY_PATHS``
    maps a path prefix to the directives of the pages under it (the first prefix
    that matches wins), for pages the project does not write itself, such as the
    Wagtail admin. A view's own ``csp_override`` still comes first.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            parts.config = self.path_policy(request.path_info)
        return parts

    @staticmethod
    def path_policy(path: str) -> dict | None:
        policies = getattr(settings, "CONTENT_SECURITY_POLICY_PATHS", {})
        for prefix, directives in policies.items():
            if path.startswith(prefix):
                return directives
        return None
