"""Bar charts as plain geometry for server-rendered SVG. Pure: data in, shapes out."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    y: float
    width: float
    highlight: bool
    url: str = ""


@dataclass(frozen=True)
class BarChart:
    bars: list
    width: float
    height: float
    label_width: float
    bar_height: float
    bar_area: float


def bar_chart(rows, *, width=640, label_width=200, bar_height=22, gap=8, value_room=90) -> BarChart:
    """rows: iterable of dicts with label, value, display, and optional highlight and url."""
    rows = list(rows)
    top = max((float(r["value"]) for r in rows), default=0.0) or 1.0
    bar_area = width - label_width - value_room
    bars = [
        Bar(
            label=r["label"],
            value=float(r["value"]),
            display=r["display"],
            y=i * (bar_height + gap),
            width=round(bar_area * float(r["value"]) / top, 1),
            highlight=bool(r.get("highlight")),
            url=r.get("url", ""),
        )
        for i, r in enumerate(rows)
    ]
    height = len(rows) * (bar_height + gap)
    return BarChart(bars, width, height, label_width, bar_height, bar_area)
