"""Sign-up with email verification, login rate limits, password reset, and two-step login
for officials, through django-allauth as configured."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from samenspel.accounts.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_signup_sends_verification_and_login_waits_for_it(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "een lang wachtwoord",
            "password2": "een lang wachtwoord",
            "display_name": "Nieuw",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert user.display_name == "Nieuw"
    assert len(mail.outbox) == 1
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in until the address is confirmed.
    assert client.get(reverse("accounts:profile")).status_code == 302
    link = re.search(r"https?://\S+/account/confirm-email/\S+", mail.outbox[0].body).group(0)
    client.post(link.split("testserver", 1)[1])
    assert EmailAddress.objects.get(user=user).verified


def test_signup_refuses_a_weak_password(client):
    response = client.post(
        reverse("account_signup"), {"email": "zwak@example.org", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="zwak@example.org").exists()


def test_login_is_rate_limited(client, make_user):
    user = verified(make_user())
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    # After five failures for this address even the right password is refused for a while.
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_password_reset_mail(client, make_user):
    user = verified(make_user())
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/account/password/reset/key/" in mail.outbox[0].body


def test_official_with_authenticator_is_asked_for_a_code(client, municipality, make_user):
    official = verified(make_user(Role.AREA_OFFICIAL, municipality))
    secret = generate_totp_secret()
    TOTP.activate(official, secret)
    response = client.post(reverse("account_login"), {"login": official.email, "password": PASSWORD})
    assert response.status_code == 302 and "2fa/authenticate" in response["Location"]
    assert "_auth_user_id" not in client.session
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(official.pk)
    assert client.get(reverse("places:search")).status_code == 200


def test_official_without_authenticator_is_sent_to_set_one_up(client, municipality, make_user):
    official = verified(make_user(Role.COUNCIL, municipality))
    client.post(reverse("account_login"), {"login": official.email, "password": PASSWORD})
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert not Authenticator.objects.filter(user=official).exists()
    # allauth asks for the password once more before a second factor is added.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert b"utrecht-form" in page.content  # in Samenspel's own layout


def test_account_events_are_audited(client, municipality, make_user):
    from samenspel.core.models import AuditEntry

    client.post(
        reverse("account_signup"),
        {"email": "log@example.org", "password1": "een lang wachtwoord", "password2": "een lang wachtwoord"},
    )
    user = User.objects.get(email="log@example.org")
    entry = AuditEntry.objects.get(action="accounts.person.signed_up")
    assert entry.actor_ref == str(user.public_id)
    assert "log@example.org" not in str(entry.data)
    link = re.search(r"https?://\S+/account/confirm-email/\S+", mail.outbox[0].body).group(0)
    client.post(link.split("testserver", 1)[1])
    assert AuditEntry.objects.filter(action="accounts.email.confirmed").exists()
