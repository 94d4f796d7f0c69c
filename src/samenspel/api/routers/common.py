"""Small schemas and helpers the routers share."""

from django.conf import settings
from ninja import Schema


class PlaceRef(Schema):
    id: int
    kind: str
    name: str
    slug: str
    cbs_code: str | None = None


def absolute(path: str) -> str:
    """A page's full address, for links to the human-readable page."""
    return f"{settings.SAMENSPEL_BASE_URL.rstrip('/')}{path}" if path else ""
