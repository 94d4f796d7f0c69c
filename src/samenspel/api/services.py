"""Making, checking and revoking API tokens. A token acts as its person: the same rules.py
permissions apply to what it does."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.core import audit

from .models import ApiToken

MAX_ACTIVE_TOKENS = 20
MAX_DAYS = 366 * 2
# last_used_at is written at most this often per token, so reads do not write on every request.
TOUCH_SECONDS = 60


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@transaction.atomic
def create_token(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns the row and the token itself, which is shown once."""
    if not _active(user):
        raise PermissionDenied
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = _("Give the key a name, so you know what it is for.")
    elif len(name) > 100:
        errors["name"] = _("Keep it under %(max)d characters.") % {"max": 100}
    if days is not None and not 1 <= days <= MAX_DAYS:
        errors["days"] = _("Choose between 1 and %(max)d days.") % {"max": MAX_DAYS}
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(expires_at__lte=timezone.now())
    if active.count() >= MAX_ACTIVE_TOKENS:
        errors["name"] = _("You have %(n)d keys in use. Revoke one you no longer need first.") % {
            "n": MAX_ACTIVE_TOKENS
        }
    if errors:
        raise ValidationError(errors)
    raw = secrets.token_urlsafe(32)
    expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
    token = ApiToken.objects.create(
        user=user, name=name, token_hash=hash_token(raw), prefix=raw[:8], expires_at=expires_at
    )
    audit.record(
        "api.token.created",
        actor=user,
        obj=token,
        data={"name": name, "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return token, raw


@transaction.atomic
def revoke_token(*, user, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not _active(user) or (token.user_id != user.pk and not user.has_perm("api.manage_all_tokens")):
        raise PermissionDenied
    if token.revoked_at is not None:
        raise ValidationError(_("This key has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record("api.token.revoked", actor=user, obj=token, data={"name": token.name})
    return token


def user_for_token(raw: str) -> tuple[ApiToken, object] | None:
    """The token and its person when `raw` is a valid, active token of an active account;
    otherwise None."""
    if not raw or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, token.user


def personal_data(user) -> list[dict]:
    """For the person's data export (AVG art. 15): their keys, never the keys themselves."""
    return [
        {
            "name": t.name,
            "starts_with": t.prefix,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "expires_at": t.expires_at.isoformat() if t.expires_at else None,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in ApiToken.objects.filter(user=user)
    ]


def erase_person(user) -> None:
    """For erasure (AVG art. 17): the person's keys go."""
    ApiToken.objects.filter(user=user).delete()
