"""A small fixed-window rate limit on top of Django's cache (shared through Redis)."""

from django.core.cache import cache


def client_address(request) -> str:
    # Behind a proxy, SECURE_PROXY_SSL_HEADER setups also pass X-Forwarded-For;
    # the first address is the client's.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def over_limit(request, scope: str, *, limit: int, window_seconds: int) -> bool:
    """Count this request; True once the client passed ``limit`` in the window."""
    key = f"throttle:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit
