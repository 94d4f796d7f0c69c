"""The versioned JSON API, /api/v1/ (django-ninja): one router per domain, one error shape
(errors.py), keys and sessions (security.py), and a documentation page that works without
JavaScript and under the site's strict CSP (docs.py)."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from . import errors, security
from .docs import ServerRenderedDocs
from .routers import (
    agenda,
    agreements,
    budgeting,
    conversations,
    decisions,
    deliberation,
    finance,
    ideas,
    panel,
    places,
)

DESCRIPTION = """Samenspel's open API: read everything that is public (places and their figures, agreements and
their levels of say, the wijkagenda, ideas, participatory budgets and their results, panel results,
decisions, the open budget and the right to challenge) and do the main things a resident does on the
site, through the same rules as the web pages.

Authentication: send an API key as `Authorization: Bearer <key>` (make one at /api/sleutels/), or use
the site's session with the `X-CSRFToken` header. Reading needs neither. Voting with a code from a
letter needs no key: the code is the proof.

Errors always look like `{"detail": "...", "code": "...", "errors": {"field": ["..."]}}`. Messages
are in Dutch, or in English with the cookie `django_language=en`.

Lists are paged (`page`, `page_size` up to 100) and filter by place (`place`: an id or slug, with
everything below it) and by date (`since`, `until`). Too many requests give 429 with Retry-After."""


class SamenspelAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Short, stable operation ids: the view function's name (unique across the routers)."""
        return operation.view_func.__name__


api = SamenspelAPI(
    title="Samenspel API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=ServerRenderedDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_decorator(security.identify_caller)

api.add_router("/", places.router)
api.add_router("/", agreements.router)
api.add_router("/", agenda.router)
api.add_router("/", ideas.router)
api.add_router("/", budgeting.router)
api.add_router("/", panel.router)
api.add_router("/", decisions.router)
api.add_router("/", finance.router)
api.add_router("/", conversations.router)
api.add_router("/", deliberation.router)

TAG_LABELS = {
    "places": _("Places and figures"),
    "agreements": _("Agreements"),
    "agenda": _("Neighbourhood agenda"),
    "ideas": _("Ideas and initiatives"),
    "budgets": _("Participatory budgets"),
    "panel": _("Neighbourhood panels"),
    "decisions": _("Advice, decisions and accountability"),
    "finance": _("Open budget and right to challenge"),
    "conversations": _("Conversations"),
}
