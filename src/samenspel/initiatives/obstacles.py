"""Figures for the obstacle register (OBS-4): per category and per rule or department, how
many obstacles, how many still open, how long they stayed open, and how many were put before
college and council. Pure computation over plain rows, so it is easy to check by hand."""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

OPEN_STATUSES = frozenset({"reported", "in_progress"})
RESOLVED = "resolved"
NOT_SOLVABLE = "not_solvable"


@dataclass(frozen=True)
class ObstacleRow:
    category: str
    status: str
    reported_on: datetime.date
    resolved_on: datetime.date | None = None
    rule_or_department: str = ""
    escalated: bool = False
    killer_phrase: str = ""  # the phrase as text, or empty


@dataclass
class Group:
    key: str  # the category value, or the rule/department as first written ("" = not named)
    count: int = 0
    open: int = 0
    resolved: int = 0
    not_solvable: int = 0
    escalated: int = 0
    days_open: list = field(default_factory=list, repr=False)

    @property
    def median_days_open(self) -> float | None:
        return statistics.median(self.days_open) if self.days_open else None

    @property
    def share_escalated(self) -> float:
        return self.escalated / self.count if self.count else 0.0


def days_open(row: ObstacleRow, today: datetime.date) -> int:
    """From reporting to resolving (or to being found unsolvable); for an open one, to today."""
    end = row.resolved_on if row.status not in OPEN_STATUSES and row.resolved_on else today
    return max(0, (end - row.reported_on).days)


def _add(group: Group, row: ObstacleRow, today: datetime.date) -> None:
    group.count += 1
    if row.status in OPEN_STATUSES:
        group.open += 1
    elif row.status == RESOLVED:
        group.resolved += 1
    elif row.status == NOT_SOLVABLE:
        group.not_solvable += 1
    group.escalated += bool(row.escalated)
    group.days_open.append(days_open(row, today))


def obstacle_figures(rows, *, today: datetime.date | None = None, phrases: int = 5) -> dict:
    """rows: ObstacleRow objects (or anything with the same attributes).

    Returns {"total": Group, "by_category": [Group], "by_unit": [Group], "phrases": [(text, n)]}.
    Groups are sorted by count (most first), then by key. Rules or departments are grouped
    without regard to case or surrounding spaces; the first spelling met is shown."""
    today = today or datetime.date.today()
    total = Group(key="")
    categories: dict[str, Group] = {}
    units: dict[str, Group] = {}
    heard: Counter = Counter()
    for row in rows:
        _add(total, row, today)
        _add(categories.setdefault(row.category, Group(key=row.category)), row, today)
        unit = (row.rule_or_department or "").strip()
        _add(units.setdefault(unit.casefold(), Group(key=unit)), row, today)
        if row.killer_phrase:
            heard[row.killer_phrase] += 1

    def ordered(groups):
        return sorted(groups.values(), key=lambda g: (-g.count, g.key == "", g.key.casefold()))

    return {
        "total": total,
        "by_category": ordered(categories),
        "by_unit": ordered(units),
        "phrases": sorted(heard.items(), key=lambda pair: (-pair[1], pair[0]))[:phrases],
    }
