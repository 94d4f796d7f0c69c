"""Charts of a consultation's answers as plain geometry for server-rendered SVG. Pure: data in,
shapes out. Shares are drawn on one fixed scale of 0–100 %, the weighted share (when there is
one) right below the unweighted one, so the two can be compared by eye. Every chart has the
same figures in a table beside it (results.html)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ShareBar:
    label: str
    y: float
    width: float
    display: str
    weighted_width: float | None
    weighted_display: str


@dataclass(frozen=True)
class ShareChart:
    bars: list
    width: float
    height: float
    label_width: float
    bar_height: float
    legend_y: float | None  # None: one series, no legend


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def share_chart(rows, *, width=640, label_width=220, bar_height=16, gap=10, value_room=60) -> ShareChart:
    """rows: objects with label, share (0..1) and weighted_share (0..1 or None)."""
    rows = list(rows)
    weighted = any(r.weighted_share is not None for r in rows)
    area = width - label_width - value_room
    step = (2 if weighted else 1) * bar_height + gap
    bars = [
        ShareBar(
            label=r.label,
            y=i * step,
            width=round(area * r.share, 1),
            display=_pct(r.share),
            weighted_width=round(area * r.weighted_share, 1) if weighted and r.weighted_share is not None else None,
            weighted_display=_pct(r.weighted_share) if weighted and r.weighted_share is not None else "",
        )
        for i, r in enumerate(rows)
    ]
    height = len(rows) * step
    if weighted:
        return ShareChart(bars, width, height + 24, label_width, bar_height, height + 6)
    return ShareChart(bars, width, height, label_width, bar_height, None)
