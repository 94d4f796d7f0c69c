"""The wijkagenda: agenda items with where they came from and what was decided. Agendas and
their items are public records (agenda/rules.py)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samenspel.agenda.models import AgendaItem, ItemStatus

from ..errors import READ_ERRORS
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import READ_THROTTLE
from .common import PlaceRef, absolute

router = Router(tags=["agenda"])


class AgendaRef(Schema):
    id: int
    title: str
    period_start: datetime.date
    period_end: datetime.date
    status: str


class AgendaItemOut(Schema):
    id: int
    title: str
    description: str
    origin: str
    origin_side: str = Field(description="bottom_up (from the neighbourhood) or top_down (from the municipality)")
    status: str
    status_label: str
    is_citywide: bool
    ownership: int | None
    decided_by: str
    decided_on: datetime.date | None
    decision_reason: str
    programme_reason: str
    agenda: AgendaRef
    place: PlaceRef = Field(alias="agenda.place")
    idea_id: int | None = Field(description="The idea it came from, when that idea is public.")
    scope_item_id: int | None
    created_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_idea_id(obj):
        return obj.idea_id if obj.idea_id and not obj.idea.is_hidden else None

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class AgendaFilter(PlaceDateFilter):
    status: ItemStatus | None = Field(None, description="Only items with this status.")


def _items():
    return AgendaItem.objects.select_related("agenda__place", "idea")


@router.get(
    "/agenda-items",
    response={200: list[AgendaItemOut], **READ_ERRORS},
    summary="List agenda items",
    description="Items on the neighbourhood agendas, newest first. Filter by `place`, `status` and the date the "
    "item was put on the agenda (`since`, `until`).",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_agenda_items(request, filters: Query[AgendaFilter]):
    items = apply(
        _items().order_by("-created_at", "-pk"),
        filters,
        date_field="created_at",
        is_datetime=True,
        place_field="agenda__place",
    )
    if filters.status:
        items = items.filter(status=filters.status)
    return items


@router.get(
    "/agenda-items/{int:item_id}",
    response={200: AgendaItemOut, **READ_ERRORS},
    summary="One agenda item",
    description="An agenda item with where it came from and what was decided, with the public reason.",
    throttle=READ_THROTTLE,
)
def get_agenda_item(request, item_id: int):
    return get_object_or_404(_items(), pk=item_id)
