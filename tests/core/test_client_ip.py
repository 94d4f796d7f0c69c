"""The address the rate limits count: behind our own proxies, the one the nearest proxy saw."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from samenspel.core.ratelimit import client_ip


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", **meta)


def test_without_proxies_the_connection_counts_and_the_header_is_ignored():
    # A client may write anything in X-Forwarded-For; without a proxy of ours it means nothing.
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.5"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "203.0.113.9"
    # What the client wrote itself, left of what our proxy appended, is not believed.
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")) == "203.0.113.9"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_outer_one_tells():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"
    with pytest.raises(ImproperlyConfigured):
        client_ip(_request(HTTP_X_FORWARDED_FOR="198.51.100.7"))


def test_the_setting_follows_the_environment(monkeypatch):
    import importlib

    from samenspel import settings

    try:
        monkeypatch.setenv("BEHIND_PROXY", "1")
        monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
        assert importlib.reload(settings).ALLAUTH_TRUSTED_PROXY_COUNT == 1
        monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
        assert importlib.reload(settings).ALLAUTH_TRUSTED_PROXY_COUNT == 2
        monkeypatch.delenv("BEHIND_PROXY")
        monkeypatch.delenv("TRUSTED_PROXY_COUNT")
        assert importlib.reload(settings).ALLAUTH_TRUSTED_PROXY_COUNT == 0
    finally:
        monkeypatch.undo()
        importlib.reload(settings)
