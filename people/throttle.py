"""A small fixed-window rate limit on top of Django's cache (shared through Redis)."""

import math
import time

from django.core.cache import cache

from people.conf import app_settings


def client_address(request) -> str:
    """The client's address, trusting X-Forwarded-For only from our own proxies.

    With ``TRUSTED_PROXY_COUNT = n`` (default 0), each of the n proxies in front of
    the site appends the address it saw, so the client is the n-th entry from the
    right; anything further left came from the client and may be forged. A header
    shorter than that did not pass through every proxy and is ignored, like none:
    the address is then REMOTE_ADDR, the nearest hop.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = app_settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]


def wait_seconds(
    request, scope: str, *, limit: int, window_seconds: int, key: str = ""
) -> int:
    """Count this request: 0 while the client is within ``limit`` in the window,
    then the seconds until the window ends. Requests are counted by the client's
    address, or by ``key`` (an e-mail address, say) when given."""
    key = f"throttle:{scope}:{key or client_address(request)}"
    now = time.time()
    if _start_window(key, now, window_seconds):
        return 0
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        _start_window(key, now, window_seconds)
        return 0
    if count <= limit:
        return 0
    ends = cache.get(f"{key}:ends", now + window_seconds)
    return max(1, math.ceil(ends - now))


def _start_window(key: str, now: float, window_seconds: int) -> bool:
    """Count the first request of a window, if no window is open."""
    if not cache.add(key, 1, timeout=window_seconds):
        return False
    cache.set(f"{key}:ends", now + window_seconds, timeout=window_seconds)
    return True
