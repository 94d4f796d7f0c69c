"""One error shape for every refusal, with a translated, human message:

    {"detail": "…", "code": "…", "errors": {"field": ["…"]}}

Services raise Django's ValidationError (400, or 409 when the state of the record is what is
in the way, e.g. a voting code already used or a round that closed), PermissionDenied (403),
Http404 (404); ninja refuses bad input (422) and unknown or expired keys (401); rate limits
give 429 with Retry-After.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

# Service error codes that mean "the record's state is in the way", not "your input is wrong".
CONFLICT_CODES = {"used_code", "closed", "not_open", "already", "conflict"}


class Error(Schema):
    detail: str
    code: str
    errors: dict[str, list[str]] = {}


# The responses every operation may give, for the OpenAPI document.
READ_ERRORS = {400: Error, 401: Error, 404: Error, 422: Error, 429: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}


class Conflict(Exception):
    """The request is fine but the record's state does not allow it (409)."""

    def __init__(self, message: str, code: str = "conflict"):
        super().__init__(message)
        self.message, self.code = message, code


class RateLimited(Exception):
    """Too many attempts of one kind (429), with the app's own message."""

    def __init__(self, message: str, wait: int):
        super().__init__(message)
        self.message, self.wait = message, wait


def error_codes(error: DjangoValidationError) -> set[str]:
    errors = (
        [e for errs in error.error_dict.values() for e in errs] if hasattr(error, "error_dict") else error.error_list
    )
    return {e.code for e in errors if e.code}


def _field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for m in DjangoValidationError(errs).messages] for field, errs in error.error_dict.items()
        }
    return {}


def _response(api, request, status, detail, code, errors=None, headers=None):
    response = api.create_response(request, {"detail": detail, "code": code, "errors": errors or {}}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def install(api) -> None:
    @api.exception_handler(DjangoValidationError)
    def service_refused(request, exc):
        codes = error_codes(exc)
        status = 409 if codes & CONFLICT_CODES else 400
        code = sorted(codes)[0] if codes else "invalid"
        return _response(api, request, status, " ".join(exc.messages), code, _field_errors(exc))

    @api.exception_handler(Conflict)
    def conflict(request, exc):
        return _response(api, request, 409, exc.message, exc.code)

    @api.exception_handler(RateLimited)
    def rate_limited(request, exc):
        return _response(api, request, 429, exc.message, "rate_limited", headers={"Retry-After": str(exc.wait)})

    @api.exception_handler(PermissionDenied)
    def refused(request, exc):
        return _response(api, request, 403, _("You may not do this."), "permission_denied")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _response(api, request, 404, _("This does not exist, or it is not public."), "not_found")

    @api.exception_handler(NinjaValidationError)
    def bad_input(request, exc):
        errors: dict[str, list[str]] = {}
        for e in exc.errors:
            loc = [str(part) for part in e.get("loc", ()) if part not in ("body", "query", "path", "payload")]
            errors.setdefault(".".join(loc) or "request", []).append(str(e.get("msg", "")))
        return _response(
            api, request, 422, _("The request is not valid. See the errors per field."), "invalid_input", errors
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return _response(
            api,
            request,
            401,
            _("Log in, or send a valid API key (Authorization: Bearer <key>). The key may be revoked or expired."),
            "unauthenticated",
            headers={"WWW-Authenticate": 'Bearer realm="samenspel"'},
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = int(exc.wait or 60) + 1
        return _response(
            api,
            request,
            429,
            _("Too many requests. Try again in %(n)d seconds.") % {"n": wait},
            "rate_limited",
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 403:
            return _response(api, request, 403, _("The CSRF check failed. Send the X-CSRFToken header."), "csrf_failed")
        if exc.status_code == 400:
            return _response(api, request, 400, _("The request could not be read. Send valid JSON."), "bad_request")
        return _response(api, request, exc.status_code, str(exc), "error")
