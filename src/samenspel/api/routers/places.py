"""Places (gemeente → gebied → wijk/dorp → buurt) and their CBS figures. Everything here is
public, as on the place pages."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samenspel.places.indicators import INDICATORS
from samenspel.places.models import IndicatorValue, Place, PlaceKind

from ..errors import READ_ERRORS
from ..filters import by_place
from ..pagination import Pages
from ..security import READ_THROTTLE
from ..types import Text
from .common import absolute

router = Router(tags=["places"])


class PlaceOut(Schema):
    id: int
    kind: str = Field(description="gemeente, gebied, wijk, dorp or buurt")
    name: str
    slug: str
    cbs_code: str | None
    parent_id: int | None
    municipality_id: int | None
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class PlaceDetailOut(PlaceOut):
    description: str
    boundary: dict | None = Field(description="The outline as a GeoJSON geometry (WGS84), when known.")
    children: list[PlaceOut]

    @staticmethod
    def resolve_children(obj):
        return list(obj.children.select_related("municipality", "parent").order_by("name"))


class PlaceFilter(Schema):
    place: Text(140) | None = Field(None, description="Only this place (id or slug) and the places below it.")
    kind: PlaceKind | None = Field(None, description="Only places of this kind.")


class FigureOut(Schema):
    indicator: str
    label: str
    unit: str
    year: int
    value: float
    source: str = Field(alias="source.title")
    publisher: str = Field(alias="source.publisher")
    licence: str = Field(alias="source.licence")
    source_url: str = Field(alias="source.url")

    @staticmethod
    def resolve_label(obj) -> str:
        return str(INDICATORS[obj.indicator].label) if obj.indicator in INDICATORS else obj.indicator

    @staticmethod
    def resolve_unit(obj) -> str:
        return str(INDICATORS[obj.indicator].unit) if obj.indicator in INDICATORS else ""


class FigureFilter(Schema):
    year: int | None = Field(None, ge=1900, le=2999, description="Only figures of this year.")
    indicator: Text(60) | None = Field(None, description="Only this figure, e.g. `inhabitants`.")


@router.get(
    "/places",
    response={200: list[PlaceOut], **READ_ERRORS},
    summary="List places",
    description="Municipalities, districts, neighbourhoods, villages and buurten, by name. "
    "Filter with `place` (a place and everything below it) and `kind`.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_places(request, filters: Query[PlaceFilter]):
    places = Place.objects.select_related("municipality").order_by("name", "pk")
    places = by_place(places, filters.place, field="")
    if filters.kind:
        places = places.filter(kind=filters.kind)
    return places


@router.get(
    "/places/{int:place_id}",
    response={200: PlaceDetailOut, **READ_ERRORS},
    summary="One place",
    description="A place with its description, outline and the places directly below it.",
    throttle=READ_THROTTLE,
)
def get_place(request, place_id: int):
    return get_object_or_404(Place.objects.select_related("municipality"), pk=place_id)


@router.get(
    "/places/{int:place_id}/figures",
    response={200: list[FigureOut], **READ_ERRORS},
    summary="A place's figures",
    description="The wijkkompas figures of a place (CBS and other sources), newest year first, each with its "
    "source and licence. Filter with `year` and `indicator`.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_figures(request, place_id: int, filters: Query[FigureFilter]):
    place = get_object_or_404(Place, pk=place_id)
    values = IndicatorValue.objects.filter(place=place).select_related("source").order_by("indicator", "-year", "pk")
    if filters.year:
        values = values.filter(year=filters.year)
    if filters.indicator:
        values = values.filter(indicator=filters.indicator)
    return values
