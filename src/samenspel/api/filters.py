"""Filters shared by the list operations: by place (id or slug, with everything below it) and
by date (`since`/`until` on the record's main date, both inclusive)."""

import datetime

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from ninja import Field, Schema

from samenspel.places.models import Place

from .types import Text

DEPTH = 4  # gemeente → gebied → wijk/dorp → buurt


class PlaceDateFilter(Schema):
    place: Text(140) | None = Field(
        None, description="A place's id or slug (e.g. `oosterparkwijk`); includes the places below it."
    )
    since: datetime.date | None = Field(None, description="On or after this date (YYYY-MM-DD).")
    until: datetime.date | None = Field(None, description="On or before this date (YYYY-MM-DD).")


def place_ids(value: str | None) -> list[int] | None:
    """The ids of the places `value` names (an id, or a slug: a slug may occur once per
    municipality). None without a value; 404 when nothing matches."""
    if value is None or value == "":
        return None
    value = value.strip()
    if value.isdigit() and len(value) < 12:
        ids = list(Place.objects.filter(pk=int(value)).values_list("pk", flat=True))
    else:
        ids = list(Place.objects.filter(slug=value).values_list("pk", flat=True))
    if not ids:
        raise Http404
    return ids


def within(ids: list[int], field: str = "place") -> Q:
    """`field` is one of the places or lies below one of them (field "" for places themselves)."""
    q = Q(**{f"{field}__in" if field else "pk__in": ids})
    path = f"{field}__parent" if field else "parent"
    for _level in range(DEPTH - 1):
        q |= Q(**{f"{path}__in": ids})
        path = f"{path}__parent"
    return q


def by_place(queryset, value: str | None, field: str = "place"):
    ids = place_ids(value)
    return queryset if ids is None else queryset.filter(within(ids, field))


EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def _clamp(day: datetime.date) -> datetime.date:
    """Keep far-off dates within what every database and time zone conversion handles."""
    return min(max(day, EARLIEST), LATEST)


def _bounds(day: datetime.date, end: bool) -> datetime.datetime:
    day = _clamp(day)
    moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    return timezone.make_aware(moment)


def by_date(queryset, filters: PlaceDateFilter, field: str, *, is_datetime: bool = False):
    """Filter on `field` (a DateField, or a DateTimeField with is_datetime: whole local days)."""
    if filters.since is not None:
        queryset = queryset.filter(
            **{f"{field}__gte": _bounds(filters.since, False) if is_datetime else _clamp(filters.since)}
        )
    if filters.until is not None:
        queryset = queryset.filter(
            **{f"{field}__lte": _bounds(filters.until, True) if is_datetime else _clamp(filters.until)}
        )
    return queryset


def apply(queryset, filters: PlaceDateFilter, *, date_field: str, is_datetime: bool = False, place_field="place"):
    return by_date(by_place(queryset, filters.place, place_field), filters, date_field, is_datetime=is_datetime)
