"""Adding up budget lines: per taakveld, per place, per year, per who decides, per inhabitant.
Pure: plain values in, plain values out; the views read the lines, these functions count.
Every amount is whole euro cents."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class LineFigures:
    year: int
    place_id: int | None
    taakveld_code: str
    taakveld_name: str
    taakveld_order: int
    decided_by: str
    planned: int
    realised: int | None  # None: not known yet


@dataclass(frozen=True)
class Total:
    key: object
    label: str
    planned: int
    realised: int  # the sum of what is known
    realised_known: bool  # every line has a realised amount
    lines: int

    @property
    def realised_or_none(self) -> int | None:
        return self.realised if self.realised_known else None

    @property
    def difference(self) -> int | None:
        """Realised minus planned (negative: less spent than planned); None while not known."""
        return self.realised - self.planned if self.realised_known else None

    @property
    def realisation_percent(self) -> Decimal | None:
        return share(self.realised, self.planned) if self.realised_known else None


def effective_realised(realised_cents: int | None, spent_cents: int) -> int | None:
    """A line's realised amount: from the annual accounts when it is there; otherwise what was
    recorded as spent on it, if anything."""
    if realised_cents is not None:
        return realised_cents
    return spent_cents if spent_cents else None


def _total(key, label: str, lines: list[LineFigures]) -> Total:
    return Total(
        key=key,
        label=label,
        planned=sum(line.planned for line in lines),
        realised=sum(line.realised or 0 for line in lines),
        realised_known=bool(lines) and all(line.realised is not None for line in lines),
        lines=len(lines),
    )


def total(lines: Iterable[LineFigures], label: str = "") -> Total:
    return _total(None, label, list(lines))


def group(lines: Iterable[LineFigures], key: Callable, label: Callable, order: Callable | None = None) -> list[Total]:
    groups: dict = {}
    labels: dict = {}
    for line in lines:
        k = key(line)
        groups.setdefault(k, []).append(line)
        labels.setdefault(k, label(line))
    keys = sorted(groups, key=order) if order else list(groups)
    return [_total(k, labels[k], groups[k]) for k in keys]


def by_taakveld(lines: Iterable[LineFigures]) -> list[Total]:
    """One total per taakveld, in the order of the Iv3 list."""
    lines = list(lines)
    order = {line.taakveld_code: line.taakveld_order for line in lines}
    return group(
        lines,
        key=lambda line: line.taakveld_code,
        label=lambda line: f"{line.taakveld_code} {line.taakveld_name}",
        order=lambda code: (order[code], code),
    )


def by_year(lines: Iterable[LineFigures]) -> list[Total]:
    return group(lines, key=lambda line: line.year, label=lambda line: str(line.year), order=lambda year: year)


def by_place(lines: Iterable[LineFigures], labels: dict) -> list[Total]:
    """One total per place, in the order of `labels` (place id → name); None is the money not
    attributable to an area and comes last."""
    position = {place_id: i for i, place_id in enumerate(labels)}
    return group(
        lines,
        key=lambda line: line.place_id,
        label=lambda line: labels.get(line.place_id, ""),
        order=lambda place_id: (place_id is None, position.get(place_id, len(position))),
    )


def by_decider(lines: Iterable[LineFigures], labels: dict) -> list[Total]:
    """One total per side that decides, in the order of `labels` (side → label), every side
    present even when it has nothing."""
    lines = list(lines)
    return [_total(side, label, [line for line in lines if line.decided_by == side]) for side, label in labels.items()]


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal; None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def per_inhabitant(cents: int, inhabitants) -> int | None:
    """Cents per inhabitant, rounded half up to a whole cent; None without inhabitants."""
    if inhabitants is None:
        return None
    inhabitants = Decimal(inhabitants)
    if inhabitants <= 0:
        return None
    return int((Decimal(cents) / inhabitants).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def total_matches(lines_cents: int, stated_cents: int | None) -> bool:
    """The sum of the lines equals the total a file states (or the file states none)."""
    return stated_cents is None or lines_cents == stated_cents
