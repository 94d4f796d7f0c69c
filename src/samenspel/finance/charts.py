"""Charts of the open budget as plain geometry for server-rendered SVG. Pure: data in, shapes
out. Single series use `samenspel.places.charts.bar_chart`; planned next to realised uses
`paired_chart` below. Every chart has the same figures in a table beside it."""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat

from samenspel.core.templatetags.samenspel import cents as format_cents
from samenspel.places.charts import bar_chart


def euros(value_cents: int | None) -> str:
    return "" if value_cents is None else f"€ {format_cents(value_cents)}"


def whole_euros(value_cents: int | None) -> str:
    """Rounded to whole euro, for chart labels where cents only add noise."""
    if value_cents is None:
        return ""
    return f"€ {floatformat(round(value_cents / 100), '0g')}"


@dataclass(frozen=True)
class PairedBar:
    label: str
    planned_width: float
    realised_width: float | None
    planned_display: str
    realised_display: str
    y: float


@dataclass(frozen=True)
class PairedChart:
    bars: list
    width: float
    height: float
    label_width: float
    bar_height: float
    legend_y: float


def paired_chart(rows, *, width=700, label_width=270, bar_height=14, gap=12, value_room=120) -> PairedChart:
    """rows: dicts with label, planned (cents) and realised (cents or None). Two bars per row:
    planned above realised, on one scale."""
    rows = list(rows)
    top = max([r["planned"] for r in rows] + [r["realised"] or 0 for r in rows] + [0]) or 1
    area = width - label_width - value_room
    step = 2 * bar_height + gap
    bars = [
        PairedBar(
            label=r["label"],
            planned_width=round(area * r["planned"] / top, 1),
            realised_width=None if r["realised"] is None else round(area * r["realised"] / top, 1),
            planned_display=whole_euros(r["planned"]),
            realised_display=whole_euros(r["realised"]),
            y=i * step,
        )
        for i, r in enumerate(rows)
    ]
    height = len(rows) * step
    return PairedChart(bars, width, height + 24, label_width, bar_height, height + 6)


def single_chart(rows, key: str, *, highlight=None, display=whole_euros):
    """A bar_chart of one amount per row (rows without the amount are left out)."""
    data = [
        {
            "label": r["label"],
            "value": r[key],
            "display": display(r[key]),
            "highlight": highlight is not None and r.get("key") == highlight,
            "url": r.get("url", ""),
        }
        for r in rows
        if r.get(key) is not None
    ]
    return bar_chart(data, width=700, label_width=250, value_room=140) if data else None
