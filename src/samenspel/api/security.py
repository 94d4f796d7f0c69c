"""How the API knows who is calling, and how often they may.

- `Authorization: Bearer <token>`: an integration's key (see services.py). A wrong, revoked or
  expired key is refused with 401, also on reading operations, so a broken integration notices.
- The site's session cookie, for same-site use: only with the CSRF token (header
  `X-CSRFToken`) on anything that changes something.
- Rate limits per key, per logged-in person, or per client IP: fixed windows counted in Django's
  cache (Redis in production), as the web forms do (core/ratelimit.py). Refused with 429 and
  `Retry-After`.
"""

import contextlib
import functools
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.throttling import BaseThrottle
from ninja.utils import check_csrf

from samenspel.core import ratelimit

from . import services

# Requests per window: (limit, window in seconds).
LIMITS = {
    "read": (300, 60),
    "write": (30, 60),
    # Every attempt to vote with a code, right or wrong; wrong codes are also counted by the
    # voting app itself (budgeting.voting.attempts_blocked), exactly as for the web form.
    "code": (20, 60),
}


def bearer_token(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def resolve_token(request: HttpRequest):
    """The person behind the request's bearer token (cached on the request). Raises
    AuthenticationError for a token that is wrong, revoked or expired; None without one."""
    if getattr(request, "_api_token_bad", False):
        raise AuthenticationError()
    if hasattr(request, "_api_token_user"):
        return request._api_token_user
    raw = bearer_token(request)
    user = None
    request.api_token = None
    if raw is not None:
        found = services.user_for_token(raw)
        if found is None:
            request._api_token_user = None
            request._api_token_bad = True
            raise AuthenticationError()
        request.api_token, user = found
    request._api_token_user = user
    return user


class TokenAuth(HttpBearer):
    """An API key in the Authorization header."""

    def __call__(self, request):
        if bearer_token(request) is None:
            return None
        user = resolve_token(request)
        if user is not None:
            request.user = user
        return user

    def authenticate(self, request, token):  # the work is done in __call__ (a bad key must give 401)
        return resolve_token(request)


class SessionCsrfAuth(APIKeyCookie):
    """The site's own session, with Django's CSRF check on operations that change something."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=True)

    def _get_key(self, request):
        key = request.COOKIES.get(self.param_name)
        if not key or not request.user.is_authenticated:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            raise HttpError(403, "csrf")
        return key

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


token_auth = TokenAuth()
session_auth = SessionCsrfAuth()
WRITE_AUTH = [token_auth, session_auth]


def caller(request):
    """The person calling a reading operation: by key (a bad key: 401), by session, or anonymous."""
    user = resolve_token(request)
    if user is not None:
        return user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else AnonymousUser()


def identify_caller(func):
    """For every operation: a bearer key that is wrong, revoked or expired is refused with 401,
    on reading operations too (which need no key), so a broken integration notices."""

    @functools.wraps(func)
    def wrapper(request, *args, **kwargs):
        resolve_token(request)
        return func(request, *args, **kwargs)

    return wrapper


def _client_key(request) -> str:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{ratelimit.client_ip(request) or 'unknown'}"


class FixedWindowThrottle(BaseThrottle):
    """`LIMITS[kind]` requests per window and client."""

    def __init__(self, kind: str):
        self.kind = kind

    def allow_request(self, request) -> bool:
        limit, window = LIMITS[self.kind]
        with contextlib.suppress(AuthenticationError):  # refused by authentication; counted per IP here
            resolve_token(request)
        now = time.time()
        key = f"samenspel:api:{self.kind}:{_client_key(request)}:{int(now // window)}"
        return ratelimit.hit(key, limit, window)

    def wait(self) -> float:
        _limit, window = LIMITS[self.kind]
        return window - (time.time() % window)


READ_THROTTLE = [FixedWindowThrottle("read")]
WRITE_THROTTLE = [FixedWindowThrottle("write")]
CODE_THROTTLE = [FixedWindowThrottle("code")]
