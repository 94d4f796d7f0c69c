"""API keys: valid, revoked, expired, wrong; the page to make and revoke them; rate limits."""

import datetime

from django.utils import timezone

from samenspel.api import security, services
from samenspel.api.models import ApiToken
from samenspel.core.models import AuditEntry

from .conftest import login

API = "/api/v1"


def support(client, world, raw):
    return client.post(f"{API}/ideas/{world.idea.pk}/support", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_key_is_stored_as_a_hash_only(world):
    token, raw = services.create_token(user=world.resident, name="Dashboard")
    assert raw not in token.token_hash and token.token_hash == services.hash_token(raw)
    assert len(raw) >= 40
    assert AuditEntry.objects.filter(action="api.token.created", object_id=str(token.pk)).exists()


def test_valid_key_acts_as_its_person(client, world):
    token, raw = services.create_token(user=world.resident, name="Dashboard")
    assert support(client, world, raw).status_code == 201
    assert world.idea.supports.get().user == world.resident
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_expired_and_wrong_keys_are_refused(client, world):
    revoked, raw_revoked = services.create_token(user=world.resident, name="Oud")
    services.revoke_token(user=world.resident, token=revoked)
    expired, raw_expired = services.create_token(user=world.resident, name="Kort", days=1)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    for raw in (raw_revoked, raw_expired, "verkeerd", ""):
        response = support(client, world, raw)
        assert response.status_code == 401, raw
        assert response.json()["code"] == "unauthenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")
    # A wrong key is refused on reading too, so a broken integration notices.
    assert client.get(f"{API}/ideas", HTTP_AUTHORIZATION="Bearer verkeerd").status_code == 401
    assert world.idea.supports.count() == 0
    assert AuditEntry.objects.filter(action="api.token.revoked", object_id=str(revoked.pk)).exists()


def test_create_token_refuses_bad_input(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_token(user=world.resident, name="  ")
    with pytest.raises(ValidationError):
        services.create_token(user=world.resident, name="x", days=0)
    assert not ApiToken.objects.exists()


def test_reads_are_rate_limited(client, world, monkeypatch):
    monkeypatch.setitem(security.LIMITS, "read", (3, 60))
    for _ in range(3):
        assert client.get(f"{API}/ideas").status_code == 200
    refused = client.get(f"{API}/ideas")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 61


def test_writes_are_limited_per_key(client, world, token_for, make_user, monkeypatch):
    monkeypatch.setitem(security.LIMITS, "write", (1, 60))
    raw = token_for(world.resident)
    assert support(client, world, raw).status_code == 201
    assert support(client, world, raw).status_code == 429
    other = token_for(make_user())
    assert support(client, world, other).status_code == 201  # another key has its own count


def test_token_page_makes_shows_once_and_revokes(client, world):
    assert client.get("/api/sleutels/").status_code == 302  # to the login page
    login(client, world.resident)
    page = client.get("/api/sleutels/")
    assert page.status_code == 200
    assert "Je API-sleutels" in page.content.decode() or "API" in page.content.decode()
    made = client.post("/api/sleutels/", {"name": "Dashboard wijkraad", "days": "30"})
    assert made.status_code == 200
    token = ApiToken.objects.get(user=world.resident)
    raw = made.context["new_token"]
    assert services.hash_token(raw) == token.token_hash
    assert raw in made.content.decode()
    assert raw not in client.get("/api/sleutels/").content.decode()  # shown once
    bad = client.post("/api/sleutels/", {"name": ""})
    assert bad.status_code == 400
    revoked = client.post(f"/api/sleutels/{token.pk}/intrekken/")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_key(client, world, make_user):
    other = make_user()
    token, _raw = services.create_token(user=other, name="Van een ander")
    login(client, world.resident)
    assert client.post(f"/api/sleutels/{token.pk}/intrekken/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_personal_data_and_erasure(world):
    services.create_token(user=world.resident, name="Dashboard")
    exported = services.personal_data(world.resident)
    assert exported[0]["name"] == "Dashboard" and "token_hash" not in exported[0]
    services.erase_person(world.resident)
    assert not ApiToken.objects.filter(user=world.resident).exists()
