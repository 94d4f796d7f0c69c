"""What the open budget pages show, read from the database and counted with aggregation.py:
for a municipality or one of its places and a year. The same dictionaries feed the HTML pages,
the CSV files and the JSON download, so a download holds exactly what the page shows."""

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from samenspel.places.models import NEIGHBOURHOOD_KINDS, IndicatorValue, Place, PlaceKind

from . import aggregation
from .aggregation import LineFigures
from .models import BudgetLine, DecidedBy, Expenditure


def within_q(place, field: str = "place") -> Q:
    """`field` is `place` or lies below it (the tree is at most four levels deep)."""
    return (
        Q(**{field: place})
        | Q(**{f"{field}__parent": place})
        | Q(**{f"{field}__parent__parent": place})
        | Q(**{f"{field}__parent__parent__parent": place})
    )


def lines_for(municipality, place=None, year=None):
    lines = BudgetLine.objects.filter(municipality=municipality)
    if place is not None and place.pk != municipality.pk:
        lines = lines.filter(within_q(place))
    if year is not None:
        lines = lines.filter(year=year)
    return lines.select_related("taakveld", "place", "scope_item__version__agreement__trajectory__place", "challenge")


def with_spent(lines) -> list:
    """The lines with `spent_cents` (recorded spending) and `realised_shown` set."""
    lines = list(lines)
    spent = dict(
        Expenditure.objects.filter(line__in=[line.pk for line in lines])
        .values_list("line_id")
        .annotate(s=Sum("amount_cents"))
        .values_list("line_id", "s")
    )
    for line in lines:
        line.spent_cents = spent.get(line.pk, 0)
        line.realised_shown = aggregation.effective_realised(line.realised_cents, line.spent_cents)
    return lines


def figures(lines) -> list[LineFigures]:
    return [
        LineFigures(
            year=line.year,
            place_id=line.place_id,
            taakveld_code=line.taakveld.code,
            taakveld_name=line.taakveld.name,
            taakveld_order=line.taakveld.order,
            decided_by=line.decided_by,
            planned=line.planned_cents,
            realised=line.realised_shown,
        )
        for line in lines
    ]


def years(municipality) -> list[int]:
    return sorted(
        set(BudgetLine.objects.filter(municipality=municipality).values_list("year", flat=True)), reverse=True
    )


def population(places, year: int) -> dict:
    """Inhabitants (CBS) per place: the figure of the budget year, else the latest before it,
    else the earliest after it. place id → IndicatorValue."""
    by_place: dict = {}
    for value in IndicatorValue.objects.filter(place__in=places, indicator="inhabitants").select_related("source"):
        by_place.setdefault(value.place_id, []).append(value)
    result = {}
    for place_id, values in by_place.items():
        before = [v for v in values if v.year <= year]
        result[place_id] = max(before, key=lambda v: v.year) if before else min(values, key=lambda v: v.year)
    return result


def decider_labels() -> dict:
    return {
        DecidedBy.NEIGHBOURHOOD: _("the neighbourhood itself"),
        DecidedBy.MUNICIPALITY: _("the municipality"),
    }


def _total_row(total, inhabitants=None) -> dict:
    return {
        "key": total.key,
        "label": total.label,
        "planned": total.planned,
        "realised": total.realised_or_none,
        "difference": total.difference,
        "realisation_percent": total.realisation_percent,
        "lines": total.lines,
        "planned_per_inhabitant": aggregation.per_inhabitant(total.planned, inhabitants),
        "realised_per_inhabitant": (
            aggregation.per_inhabitant(total.realised, inhabitants) if total.realised_known else None
        ),
    }


def neighbourhoods_of(municipality) -> list:
    return list(Place.objects.filter(municipality=municipality, kind__in=NEIGHBOURHOOD_KINDS).order_by("name"))


def _area_of(place_id, parents: dict, neighbourhood_ids: set):
    """The wijk or dorp a place lies in (itself, or the one above a buurt); None otherwise."""
    while place_id is not None and place_id not in neighbourhood_ids:
        place_id = parents.get(place_id)
    return place_id


def overview(municipality, place=None, year=None) -> dict:
    """Everything the open budget page of a municipality (place None) or a place shows for a year."""
    scope = place or municipality
    all_years = years(municipality)
    year = year if year in all_years else (all_years[0] if all_years else None)
    lines = with_spent(lines_for(municipality, place, year)) if year is not None else []
    line_figures = figures(lines)
    inhabitants_value = population([scope], year or 0).get(scope.pk)
    inhabitants = inhabitants_value.value if inhabitants_value else None
    total = aggregation.total(line_figures, _("Total"))
    split = aggregation.by_decider(line_figures, decider_labels())
    trend_lines = figures(with_spent(lines_for(municipality, place)))
    data = {
        "municipality": municipality,
        "place": scope,
        "year": year,
        "years": all_years,
        "lines": lines,
        "total": _total_row(total, inhabitants),
        "inhabitants": inhabitants_value,
        "by_taakveld": [_total_row(t, inhabitants) for t in aggregation.by_taakveld(line_figures)],
        "by_decider": [
            {**_total_row(t, inhabitants), "share": aggregation.share(t.planned, total.planned)} for t in split
        ],
        "trend": [_total_row(t) for t in aggregation.by_year(trend_lines)],
        "expenditures": list(
            Expenditure.objects.filter(line__in=[line.pk for line in lines]).select_related(
                "line__taakveld", "line__place", "decision", "idea", "recipient_organisation"
            )
        ),
    }
    if place is None or place.kind == PlaceKind.MUNICIPALITY:
        data["comparison"] = comparison(municipality, lines, year)
        data["not_attributable"] = _total_row(
            aggregation.total([f for f in line_figures if f.place_id is None], _("Not attributable to an area"))
        )
    return data


def comparison(municipality, lines, year) -> list[dict]:
    """Per wijk or dorp: what is planned and realised there (its buurten included), in total and
    per inhabitant, for comparing neighbourhoods."""
    areas = neighbourhoods_of(municipality)
    ids = {p.pk for p in areas}
    parents = dict(Place.objects.filter(municipality=municipality).values_list("pk", "parent_id"))
    per_area: dict = {p.pk: [] for p in areas}
    for line, figure in zip(lines, figures(lines), strict=True):
        area = _area_of(line.place_id, parents, ids)
        if area is not None:
            per_area[area].append(figure)
    people = population(areas, year or 0)
    rows = []
    for area in areas:
        value = people.get(area.pk)
        row = _total_row(aggregation.total(per_area[area.pk], area.name), value.value if value else None)
        row.update(
            {
                "place": area,
                "inhabitants": value.value if value else None,
                "neighbourhood_share": aggregation.share(
                    sum(f.planned for f in per_area[area.pk] if f.decided_by == DecidedBy.NEIGHBOURHOOD), row["planned"]
                ),
            }
        )
        rows.append(row)
    return rows
