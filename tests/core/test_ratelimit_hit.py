"""ratelimit.hit: a fixed window counted in the cache, for limits on every request."""

from django.core.cache import cache

from samenspel.core import ratelimit


def test_the_limit_holds_within_a_window_and_a_new_window_starts_afresh():
    key = "test:hit:window-1"
    assert [ratelimit.hit(key, 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.hit("test:hit:window-2", 3, 60)


def test_an_expired_count_starts_again_at_one():
    key = "test:hit:expired"
    assert ratelimit.hit(key, 1, 60)
    assert not ratelimit.hit(key, 1, 60)
    cache.delete(key)  # as when the window's count expires
    assert ratelimit.hit(key, 1, 60)


def test_the_count_is_kept_a_little_longer_than_the_window(monkeypatch):
    added = []
    real_add = cache.add

    def add(key, value, timeout):
        added.append(timeout)
        return real_add(key, value, timeout)

    monkeypatch.setattr(cache, "add", add)
    ratelimit.hit("test:hit:timeout", 5, 60)
    assert added == [65]
