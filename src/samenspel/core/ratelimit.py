"""Counting attempts per key in Django's cache (Redis in production, so that every app server
sees the same counts): fixed windows for wrong codes, shared by the apps that take codes by
letter (voting codes, panel invitations, sortition replies)."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied


def client_ip(request) -> str:
    """The client's address as allauth sees it (it knows about trusted proxies); "" when the
    request's forwarding headers cannot be trusted."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return ""


def blocked(key: str, limit: int) -> bool:
    """True when `key` has reached `limit` in its current window. Check before the attempt."""
    return cache.get(key, 0) >= limit


def hit(key: str, limit: int, window: int) -> bool:
    """Count this attempt for `key` and say whether it is within `limit` for the window. Where
    most keys exist already (a limit on every request, not only on failures) incrementing first
    takes two cache round trips instead of the four of `blocked` and `count`. Refused attempts
    count too: the window is fixed, so that only shortens nobody's wait."""
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the first attempt in this window (or the key just expired)
        if cache.add(key, 1, window + 5):
            return limit >= 1
        return cache.incr(key) <= limit  # another request added it just now


def count(key: str, window: int) -> None:
    """Count one (failed) attempt for `key`; the count lives a little longer than its window."""
    if cache.add(key, 1, window + 5):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
