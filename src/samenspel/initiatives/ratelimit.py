"""At most ten ideas and comments per person per hour, counted in Django's cache (a sliding
window). Staff entering ideas gathered offline are not limited: that is their work."""

import time

from django.core.cache import cache

LIMIT = 10
WINDOW_SECONDS = 3600


def _key(user) -> str:
    return f"samenspel:initiatives:posts:{user.pk}"


def _recent(user, now: float) -> list[float]:
    return [t for t in cache.get(_key(user), []) if t > now - WINDOW_SECONDS]


def may_post(user) -> bool:
    return len(_recent(user, time.time())) < LIMIT


def count_post(user) -> None:
    now = time.time()
    cache.set(_key(user), [*_recent(user, now), now], WINDOW_SECONDS)
