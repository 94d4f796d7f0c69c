"""The demo's API key: one for Sanne (a member of the Coöperatieve Wijkraad Oosterparkwijk), as
if the wijkraad's dashboard used the open API on her behalf.

A real key is random and shown once. The demo key is derived from this installation's
SECRET_KEY instead, so `samenspel load_demo` can print it every time and loading twice
changes nothing; it exists only in a database where the demo was loaded."""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction

from samenspel.api.models import ApiToken
from samenspel.api.services import hash_token
from samenspel.core import audit

DEMO_EMAIL = "sanne@oosterpark.example"
DEMO_NAME = "Demo: dashboard van de wijkraad"


def demo_key() -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), b"samenspel-demo-api-key", hashlib.sha256).hexdigest()
    return f"demo-{digest[:40]}"


def load(users: dict) -> int:
    """Make the demo key (once). Returns 1 when it was made now, 0 otherwise."""
    user = users.get(DEMO_EMAIL)
    raw = demo_key()
    if user is None or ApiToken.objects.filter(token_hash=hash_token(raw)).exists():
        return 0
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=DEMO_NAME, token_hash=hash_token(raw), prefix=raw[:8])
        audit.record("api.token.created", actor=user, obj=token, data={"name": DEMO_NAME, "demo": True})
    return 1


def demo_notes() -> list[str]:
    """Lines for `samenspel load_demo` to print."""
    raw = demo_key()
    if not ApiToken.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True).exists():
        return []
    return [
        f"Open API: {settings.SAMENSPEL_BASE_URL.rstrip('/')}/api/v1/docs",
        f"  demo API key of {DEMO_EMAIL}: {raw}",
        f'  try: curl -H "Authorization: Bearer {raw}" {settings.SAMENSPEL_BASE_URL.rstrip("/")}/api/v1/ideas',
    ]
