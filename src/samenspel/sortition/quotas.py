"""Quotas for drawing a panel by lot: checks, infeasibility diagnosis, quotas from population shares.

Pure module: plain data in and out, no Django. A pool is a dict ``person id -> {feature: value}``;
a quota says that between ``min`` and ``max`` of the seats go to people with ``feature == value``.
Households (optional) map a person id to a household key: at most one person per household sits.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import highspy
import numpy as np


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class Relaxation:
    feature: str
    value: str
    old_min: int
    old_max: int
    new_min: int
    new_max: int

    def __str__(self) -> str:
        if self.new_min < self.old_min and self.new_max > self.old_max:
            change = f"lower the minimum from {self.old_min} to {self.new_min} and raise the maximum from "
            change += f"{self.old_max} to {self.new_max}"
        elif self.new_min < self.old_min:
            change = f"lower the minimum from {self.old_min} to {self.new_min}"
        else:
            change = f"raise the maximum from {self.old_max} to {self.new_max}"
        return f"{self.feature} = {self.value}: {change}"


class QuotaError(ValueError):
    """Quotas (or a pool) that cannot be used as given. ``row`` is the 1-based row in the features file
    when the quota came from a file, else None."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row is not None else self.message


class Infeasible(Exception):  # noqa: N818 - the name is part of the published API
    """No committee satisfies the quotas. ``relaxation`` is the smallest change of the quotas that would
    make one exist (empty when no change of the quotas helps, e.g. too few households for the seats)."""

    def __init__(self, relaxation: list[Relaxation], reason: str = ""):
        self.relaxation = list(relaxation)
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.relaxation:
            return self.reason or "No panel satisfies the quotas, and changing the quotas does not help."
        steps = "; ".join(str(r) for r in self.relaxation)
        total = sum((r.old_min - r.new_min) + (r.new_max - r.old_max) for r in self.relaxation)
        seats = "seat" if total == 1 else "seats"
        return (
            f"No panel satisfies these quotas. The smallest change that makes a panel possible "
            f"(moving the limits by {total} {seats} in all) is: {steps}."
        )


def quota_keys(quotas: Iterable[Quota]) -> dict[str, list[str]]:
    """Feature -> its values, in the order the quotas give them."""
    keys: dict[str, list[str]] = defaultdict(list)
    for q in quotas:
        keys[q.feature].append(q.value)
    return dict(keys)


def check_quotas(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    *,
    quota_rows: list[int] | None = None,
) -> None:
    """Raise QuotaError for quotas that can never hold, naming the feature and value (and the row of the
    features file when ``quota_rows[i]`` gives the row of ``quotas[i]``). Checks done:
    seats between 1 and the pool size; 0 <= min <= max; no value twice; every person has a known value
    for every feature; per feature the minima add up to at most the seats and the maxima to at least the
    seats; no minimum above the number of people who have that value."""

    def row(i: int | None) -> int | None:
        return quota_rows[i] if quota_rows is not None and i is not None else None

    if not isinstance(seats, int) or seats < 1:
        raise QuotaError(f"The number of seats must be a whole number of at least 1, not {seats}.")
    if seats > len(people):
        raise QuotaError(f"There are {seats} seats but only {len(people)} people in the pool.")
    if not quotas:
        raise QuotaError("There are no quotas: give at least one feature with its values.")
    seen: dict[tuple[str, str], int] = {}
    for i, q in enumerate(quotas):
        if (q.feature, q.value) in seen:
            raise QuotaError(f"{q.feature} = {q.value} is given twice.", row(i))
        seen[(q.feature, q.value)] = i
        if q.min < 0 or q.max < 0:
            raise QuotaError(f"{q.feature} = {q.value}: minimum and maximum cannot be negative.", row(i))
        if q.min > q.max:
            raise QuotaError(f"{q.feature} = {q.value}: the minimum {q.min} is above the maximum {q.max}.", row(i))
    features = quota_keys(quotas)
    counts: Counter[tuple[str, str]] = Counter()
    for pid in sorted(people):
        person = people[pid]
        for feature, values in features.items():
            if feature not in person:
                raise QuotaError(f"Person {pid} has no value for {feature}.")
            if person[feature] not in values:
                known = ", ".join(values)
                raise QuotaError(f"Person {pid} has {feature} = {person[feature]}, which is not one of: {known}.")
            counts[(feature, person[feature])] += 1
    for feature, values in features.items():
        idx = [seen[(feature, v)] for v in values]
        low = sum(quotas[i].min for i in idx)
        high = sum(quotas[i].max for i in idx)
        if low > seats:
            raise QuotaError(f"The minimums for {feature} add up to {low}, more than the {seats} seats.", row(min(idx)))
        if high < seats:
            raise QuotaError(
                f"The maximums for {feature} add up to {high}, less than the {seats} seats.", row(min(idx))
            )
        for i in idx:
            q = quotas[i]
            have = counts[(feature, q.value)]
            if q.min > have:
                people_word = "person has" if have == 1 else "people have"
                raise QuotaError(
                    f"{feature} = {q.value}: the minimum is {q.min} but only {have} {people_word} this value.",
                    row(i),
                )


def _membership(people: Mapping[str, Mapping[str, str]], quotas: list[Quota], ids: list[str]) -> np.ndarray:
    """Boolean matrix quotas x people: does person j have quota i's value."""
    index = {pid: j for j, pid in enumerate(ids)}
    member = np.zeros((len(quotas), len(ids)), dtype=bool)
    for i, q in enumerate(quotas):
        for pid in ids:
            if people[pid].get(q.feature) == q.value:
                member[i, index[pid]] = True
    return member


def household_groups(ids: list[str], households: Mapping[str, str] | None) -> list[list[int]]:
    """Indices (into ``ids``) of the people in each household of two or more, in a fixed order."""
    if not households:
        return []
    groups: dict[str, list[int]] = defaultdict(list)
    for j, pid in enumerate(ids):
        key = households.get(pid)
        if key is not None and key != "":
            groups[key].append(j)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]


def smallest_relaxation(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    households: Mapping[str, str] | None = None,
) -> list[Relaxation]:
    """The smallest total change of the minima and maxima (in seats) after which a committee exists,
    found by a mixed-integer program (HiGHS). Returns only the quotas that change; an empty list when the
    quotas are feasible already. Raises Infeasible (with an empty relaxation) when no change of the
    quotas helps (fewer households than seats). Ties between equally small changes are broken by the
    solver, deterministically."""
    ids = sorted(people)
    n, m = len(ids), len(quotas)
    member = _membership(people, quotas, ids)
    groups = household_groups(ids, households)
    if seats > n - sum(len(g) - 1 for g in groups):
        raise Infeasible([], f"There are {seats} seats but the pool has fewer households than that.")
    # columns: x_0..x_{n-1} (binary), down_0..down_{m-1}, up_0..up_{m-1} (integer >= 0)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = n + 2 * m
    lower = np.zeros(n + 2 * m)
    upper = np.concatenate([np.ones(n), [q.min for q in quotas], np.full(m, float(n))])
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.col_cost_ = np.concatenate([np.zeros(n), np.ones(2 * m)])
    lp.integrality_ = [highspy.HighsVarType.kInteger] * (n + 2 * m)
    starts, index, value, row_lo, row_hi = [0], [], [], [], []

    def add(cols, vals, lo, hi):
        index.extend(cols)
        value.extend(vals)
        starts.append(len(index))
        row_lo.append(lo)
        row_hi.append(hi)

    add(list(range(n)), [1.0] * n, seats, seats)
    for i, q in enumerate(quotas):
        cols = list(np.flatnonzero(member[i]))
        # count + down >= min ; count - up <= max
        add([*cols, n + i], [1.0] * len(cols) + [1.0], q.min, inf)
        add([*cols, n + m + i], [1.0] * len(cols) + [-1.0], -inf, q.max)
    for g in groups:
        add(g, [1.0] * len(g), -inf, 1)
    lp.num_row_ = len(row_lo)
    lp.row_lower_ = np.array(row_lo, dtype=float)
    lp.row_upper_ = np.array(row_hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise Infeasible([], "No panel is possible, whatever the quotas.")
    col = np.asarray(h.getSolution().col_value)
    result = []
    for i, q in enumerate(quotas):
        down, up = round(col[n + i]), round(col[n + m + i])
        if down or up:
            result.append(Relaxation(q.feature, q.value, q.min, q.max, q.min - down, q.max + up))
    return result


def quotas_from_population(shares: Mapping[str, Mapping[str, float]], seats: int, slack: int = 1) -> list[Quota]:
    """Quotas around each value's fair share of the seats. For a value with population share s (shares of
    one feature are normalised to add up to 1), t = seats * s and the quota is
    [max(0, floor(t) - slack), max(floor(t) + slack, ceil(t))]: with slack 1 and t = 4.6 that is [3, 5],
    with t = 0.4 it is [0, 1]. The minima of a feature never add up to more than the seats and the
    maxima never to less."""
    if seats < 1:
        raise QuotaError(f"The number of seats must be at least 1, not {seats}.")
    if slack < 0:
        raise QuotaError("The slack cannot be negative.")
    quotas = []
    for feature, values in shares.items():
        total = sum(values.values())
        if total <= 0 or any(s < 0 for s in values.values()):
            raise QuotaError(f"The shares of {feature} must be positive.")
        for value, share in values.items():
            t = seats * share / total
            low = max(0, math.floor(t + 1e-9) - slack)
            high = min(seats, max(math.floor(t + 1e-9) + slack, math.ceil(t - 1e-9)))
            quotas.append(Quota(feature, value, low, high))
    return quotas


def remaining_quotas(quotas: list[Quota], held: Mapping[tuple[str, str], int]) -> list[Quota]:
    """Quotas for filling the seats left over (replacements): ``held[(feature, value)]`` people with that
    value still hold a seat, so the new draw needs max(0, min - held) and at most max(0, max - held)."""
    return [
        Quota(
            q.feature,
            q.value,
            max(0, q.min - held.get((q.feature, q.value), 0)),
            max(0, q.max - held.get((q.feature, q.value), 0)),
        )
        for q in quotas
    ]


def committee_counts(committee: Iterable[str], people: Mapping[str, Mapping[str, str]], quotas: list[Quota]) -> dict:
    """(feature, value) -> how many members of the committee have it."""
    members = list(committee)
    return {(q.feature, q.value): sum(1 for p in members if people[p].get(q.feature) == q.value) for q in quotas}


def satisfies(
    committee: Iterable[str],
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    households: Mapping[str, str] | None = None,
) -> bool:
    """Does this committee have the right size, meet every quota and hold at most one person per household."""
    members = list(committee)
    if len(members) != seats or len(set(members)) != seats or any(p not in people for p in members):
        return False
    counts = committee_counts(members, people, quotas)
    if any(not (q.min <= counts[(q.feature, q.value)] <= q.max) for q in quotas):
        return False
    if households:
        keys = [households.get(p) for p in members if households.get(p) not in (None, "")]
        if len(keys) != len(set(keys)):
            return False
    return True


def replacement_pool(
    people: Mapping[str, Mapping[str, str]],
    held: Iterable[str],
    households: Mapping[str, str] | None = None,
    exclude: Iterable[str] = (),
) -> dict[str, Mapping[str, str]]:
    """The pool for a replacement draw: everyone except the people who still hold a seat (``held``), their
    housemates, and anyone in ``exclude`` (e.g. those who withdrew). A withdrawn person's housemates are
    eligible again, unless someone else in their household still holds a seat."""
    held = set(held)
    taken = {households[p] for p in held if households and households.get(p) not in (None, "")}
    skip = held | set(exclude)
    return {
        pid: person
        for pid, person in people.items()
        if pid not in skip and not (households and households.get(pid) in taken)
    }


def held_counts(
    people: Mapping[str, Mapping[str, str]], quotas: list[Quota], held: Iterable[str]
) -> dict[tuple[str, str], int]:
    """(feature, value) -> how many of the people still holding a seat have it, for ``remaining_quotas``."""
    return committee_counts(held, people, quotas)
