"""Reading a place's wijkkompas figures, with their source and year."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from .indicators import INDICATORS
from .models import IndicatorValue, Place


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    value: Decimal
    display: str
    year: int
    source: object


def format_value(key: str, value: Decimal) -> str:
    decimals = INDICATORS[key].decimals
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def latest_figures(place: Place) -> list[Figure]:
    """The newest value of each known figure, in the order of INDICATORS."""
    latest: dict[str, IndicatorValue] = {}
    for iv in place.indicator_values.select_related("source").order_by("indicator", "-year"):
        latest.setdefault(iv.indicator, iv)
    return [
        Figure(
            key,
            d.label,
            d.unit,
            latest[key].value,
            format_value(key, latest[key].value),
            latest[key].year,
            latest[key].source,
        )
        for key, d in INDICATORS.items()
        if key in latest
    ]


def figure_by_place(places, key: str) -> dict[int, IndicatorValue]:
    """Newest value of one figure for several places at once (one query)."""
    result: dict[int, IndicatorValue] = {}
    values = IndicatorValue.objects.filter(place__in=places, indicator=key).order_by("place_id", "-year")
    for iv in values:
        result.setdefault(iv.place_id, iv)
    return result
