"""Counting the votes of a participatory budget: greedy by votes, the Method of Equal Shares
(MES) with its Add1 completions, and sequential Phragmén.

This is a pure module: plain data in, plain data out, no Django. It uses numpy for speed and
`fractions.Fraction` so that no rounding ever decides who wins (see "Exactness" below).

Input
-----
An `Election`: the budget and the project costs in the smallest unit that is used (euro cents
for a round in the database, whole currency units for a pabulib file), and one mapping per
ballot from project id to points (1 for every chosen project on an approval or knapsack ballot;
the points given on a cumulative ballot). Every ballot counts as a voter, also an empty one.
Points of 0 count as "not chosen". No rule ever chooses a project nobody voted for.

Rules (`RULES`)
---------------
``greedy``
    Most votes first: projects in order of votes (approvals, or total points on a cumulative
    ballot); a project that no longer fits in what is left is skipped and the next one is tried.
    With `Election.areas` and `Election.area_caps`, a project is also skipped when it would take
    its area over its cap (Amsterdam style). Caps apply to this rule only.
``mes``
    The Method of Equal Shares (Peters & Skowron): every voter gets an equal share of the
    budget, B / n. Repeatedly, the project is chosen whose supporters can pay for it at the
    lowest price per unit of utility (rho): every supporter pays rho times their utility, or all
    they have left when that is less. Projects the supporters can no longer pay for drop out.
    A voter's utility for a project is its points times the project's cost (``utility="cost"``,
    the usual choice, in which rho is the share of the cost a supporter pays) or its points
    (``utility="cardinality"``). Projects that cost nothing and have votes are chosen first.
``mes-add1``
    MES, then raise every voter's share by `increment` and count again, step by step, and stop
    at the first outcome that is *exhaustive* (no project with supporters fits in what is left
    of the budget); when a step would overspend, the previous outcome counts. This is pabutools'
    ``voter_budget_increment`` (equalshares.net's Add1). It reproduces Assen 2024 and Świecie 2023.
``mes-add1-overspend``
    The same, but exhaustiveness is not a reason to stop: raise the share until the next step
    would overspend, and keep the last outcome within the budget (or stop when every project
    with supporters is chosen). This reproduces the published Wieliczka 2023 result.
``mes-add1-greedy``
    ``mes-add1``, then fill what is left greedily by votes (skipping what does not fit).
``phragmen``
    Sequential Phragmén: voters earn money continuously; a project is bought as soon as its
    supporters together have its cost, which is then spread so that their loads are equal. The
    rule stops at the first project it would buy that does not fit in what is left (as in
    pabutools, which also stops when a project tied with it does not fit). It uses approvals:
    on a cumulative ballot every project given points counts as approved.

Increment (Add1)
----------------
`increment` is added to every voter's share per Add1 step, in the unit of the costs; the
default is 1, which is pabutools' ``voter_budget_increment=1`` on pabulib files (costs in whole
zloty or euros). The shares are B/n, B/n + 1, B/n + 2, ... exactly (never rounded). A round
stored in euro cents should pass ``increment=100`` (one euro) to count the way equalshares.net
and pabulib do; an Add1 that needs more than `MAX_ADD1_STEPS` steps is refused.

Ties
----
Whenever two projects are equally good for a rule (the same votes for greedy, the same price
rho for MES, the same load for Phragmén), the one with more votes wins, then the one earlier in
the lot: `lot` is a public order of all project ids, recorded with the result. Without a lot,
``lot_order("", ids)`` is used (sha256 of ``":" + id``): arbitrary but reproducible, never the
order of the ids themselves. A round records its seed, so anyone can recompute the order with
`lot_order`.

Exactness
---------
MES is computed in floats with numpy, and no rounding decides. A float comparison only
decides when the two values lie clearly apart: farther than a margin of 1e-9 of the project's
cost plus 1e-12 of a share per supporter, while float rounding here is many orders of
magnitude smaller. (A project's price only rises as budgets shrink, so a project whose last
known price is more than a relative 1e-6 above the best is not priced again in that step.)
Every closer call, two projects at nearly the same price or a project its supporters can only
just pay for, is decided in exact rational arithmetic: a tie between projects whose supporters
all pay in full is settled at once with ``Fraction(cost, total utility)``; anything else counts
that run again exactly. The outcome that is reported is always replayed exactly: every step's
price rho is an exact `Fraction`, computed from the exact budgets of the supporters who pay all
they have left, and every other voter's exact budget is kept as the share minus the exact
prices they paid. Greedy is integer arithmetic; Phragmén decides near ties on exact loads.

Result (`Outcome.to_dict()`, stored in ``Round.result``)
-------------------------------------------------------
::

    {"rule": "mes-add1", "utility": "cost" | "cardinality", "budget": int, "cost": int,
     "voters": int,
     "selected": [ids in order of selection],
     "per_voter_budget": "p/q" or "n" (the share each voter had in the counted MES run;
                         MES rules only, else null),
     "increment": int (Add1 rules only, else null),
     "rounds": int (how many Add1 steps raised the share; Add1 rules only, else null),
     "lot": [ids] (the lot that was given) or null (none given: lot_order("", ids) was used),
     "steps": [{"project": id, "kind": "mes" | "greedy" | "phragmen",
                "rho": "p/q" (MES steps: price per unit of utility) or null}],
     "projects": {id: {"cost": int, "votes": int (approvals or total points),
                       "selected": bool, "order": int (1-based) or null,
                       "kind": "mes" | "greedy" | "phragmen" or null,
                       "reason": "selected" | "not_affordable" | "over_budget" | "area_cap" | "no_votes",
                       "effective_support": float or null,
                       "paid_by_supporters": int, "supporters_paying": int}}}

``reason``: ``not_affordable`` = MES: its supporters could not pay for it; ``over_budget`` = it
did not fit in what was left (greedy, greedy completion, Phragmén); ``area_cap`` = it would have
taken its area over the cap; ``no_votes`` = nobody voted for it. ``effective_support`` (MES
rules only, else null): 1.0 for a chosen project; for another, the share of its cost (0..1)
its supporters could still pay together at the end of the counted MES run.
``paid_by_supporters`` is what the supporters paid from their shares (MES steps; rounded to
whole units) and ``supporters_paying`` how many of them paid something; both are 0 for a
project funded by a greedy or Phragmén step.

`voter_share(result, ballot)` replays a stored result for one ballot: "what your vote helped
fund". Starting from ``per_voter_budget`` it pays, for every MES step the ballot supports,
min(what is left, rho × utility); a project chosen by a greedy or Phragmén step that is on the
ballot maps to 0 (funded, but not paid from the voter's share).
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain

import numpy as np

RULES = ("greedy", "mes", "mes-add1", "mes-add1-overspend", "mes-add1-greedy", "phragmen")
UTILITIES = ("cost", "cardinality")
MES_RULES = ("mes", "mes-add1", "mes-add1-overspend", "mes-add1-greedy")
ADD1_RULES = ("mes-add1", "mes-add1-overspend", "mes-add1-greedy")
MAX_ADD1_STEPS = 100_000

# Float comparisons only decide outside these margins (see "Exactness").
_MONEY_MARGIN = 1e-9  # of the cost of a project
_SHARE_MARGIN = 1e-12  # of one voter's share, per supporter
_LOOK_FURTHER = 1e-6  # projects whose last price is this much (relative) above the best are not re-evaluated
_ITERATIONS = 8  # rounds of "the poorer supporters pay all they have" before sorting the supporters instead


class TallyError(ValueError):
    """The election cannot be counted: the message says why, in plain English."""


@dataclass(frozen=True)
class Election:
    """What is counted. Amounts in the smallest unit used (euro cents for a round)."""

    budget: int
    costs: Mapping[str, int]
    ballots: Sequence[Mapping[str, int]]
    areas: Mapping[str, str] = field(default_factory=dict)
    area_caps: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One project chosen: by which kind of step and, for MES, at which exact price rho."""

    project: str
    kind: str
    rho: Fraction | None = None
    paid: Fraction = Fraction(0)
    payers: int = 0


@dataclass(frozen=True)
class ProjectResult:
    cost: int
    votes: int
    selected: bool
    order: int | None
    kind: str | None
    reason: str
    effective_support: float | None
    paid_by_supporters: int
    supporters_paying: int

    def to_dict(self) -> dict:
        return {
            "cost": self.cost,
            "votes": self.votes,
            "selected": self.selected,
            "order": self.order,
            "kind": self.kind,
            "reason": self.reason,
            "effective_support": self.effective_support,
            "paid_by_supporters": self.paid_by_supporters,
            "supporters_paying": self.supporters_paying,
        }


@dataclass(frozen=True)
class Outcome:
    rule: str
    utility: str
    budget: int
    voters: int
    selected: tuple[str, ...]
    cost: int
    steps: tuple[Step, ...]
    projects: Mapping[str, ProjectResult]
    per_voter_budget: Fraction | None = None
    lot: tuple[str, ...] | None = None
    increment: int | None = None
    rounds: int | None = None

    def to_dict(self) -> dict:
        """The JSON-serialisable result described in the module docstring."""
        return {
            "rule": self.rule,
            "utility": self.utility,
            "budget": self.budget,
            "cost": self.cost,
            "voters": self.voters,
            "selected": list(self.selected),
            "per_voter_budget": None if self.per_voter_budget is None else str(self.per_voter_budget),
            "increment": self.increment,
            "rounds": self.rounds,
            "lot": None if self.lot is None else list(self.lot),
            "steps": [
                {"project": s.project, "kind": s.kind, "rho": None if s.rho is None else str(s.rho)} for s in self.steps
            ],
            "projects": {pid: info.to_dict() for pid, info in self.projects.items()},
        }


def lot_order(seed: str, project_ids) -> list[str]:
    """The public lot: project ids sorted by sha256 of ``f"{seed}:{id}"`` (hex digest).

    Anyone can recompute it from the recorded seed. (Two ids with the same hash would be
    ordered by id; that does not happen with sha256.)"""
    ids = [str(pid) for pid in project_ids]
    return sorted(ids, key=lambda pid: (hashlib.sha256(f"{seed}:{pid}".encode()).hexdigest(), pid))


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def voter_share(result: dict, ballot: Mapping[str, int]) -> dict[str, int]:
    """What one ballot paid towards each chosen project it supports, in whole units (cents).

    Replays the stored MES steps from ``per_voter_budget``: for each MES step the ballot
    supports, it pays min(what is left, rho × utility). Projects funded by a greedy or Phragmén
    step map to 0: funded, but not paid from the voter's share."""
    share = result.get("per_voter_budget")
    left = Fraction(share) if share is not None else Fraction(0)
    cost_utility = result.get("utility", "cost") == "cost"
    paid: dict[str, int] = {}
    for step in result.get("steps", []):
        project = step["project"]
        points = ballot.get(project, 0)
        if not points or points <= 0:
            continue
        if step["kind"] == "mes" and step.get("rho") is not None:
            utility = points * (result["projects"][project]["cost"] if cost_utility else 1)
            amount = min(left, Fraction(step["rho"]) * utility)
            left -= amount
            paid[project] = _round_half_up(amount)
        else:
            paid[project] = 0
    return paid


def _is_int(value) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


class _Instance:
    """The election in arrays. Projects are renumbered in tie-break order (more votes first,
    then the lot), so that among equals the lower index always wins."""

    def __init__(self, election: Election, utility: str, lot: Sequence[str] | None):
        if not isinstance(election, Election):
            raise TallyError("The election must be a tally.Election.")
        if utility not in UTILITIES:
            raise TallyError(f"Unknown utility {utility!r}: use one of {', '.join(UTILITIES)}.")
        budget = election.budget
        if not _is_int(budget) or budget < 0:
            raise TallyError(f"The budget must be a whole number of at least 0, not {budget!r}.")
        ids = []
        for pid, cost in election.costs.items():
            if not isinstance(pid, str) or not pid:
                raise TallyError(f"Project ids must be non-empty strings, not {pid!r}.")
            if not _is_int(cost):
                raise TallyError(f"The cost of project {pid!r} must be a whole number, not {cost!r}.")
            if cost < 0:
                raise TallyError(f"The cost of project {pid!r} is negative ({cost}).")
            ids.append(pid)
        known = set(ids)
        for pid in election.areas:
            if pid not in known:
                raise TallyError(f"An area is given for unknown project {pid!r}.")
        for area, cap in election.area_caps.items():
            if not _is_int(cap) or cap < 0:
                raise TallyError(f"The cap of area {area!r} must be a whole number of at least 0, not {cap!r}.")
        if lot is None:
            lot_ids = lot_order("", ids)
        else:
            lot_ids = [str(pid) for pid in lot]
            if len(set(lot_ids)) != len(lot_ids):
                raise TallyError("The lot names a project more than once.")
            if set(lot_ids) != known:
                missing = sorted(known - set(lot_ids))
                extra = sorted(set(lot_ids) - known)
                detail = f"missing {', '.join(map(repr, missing))}" if missing else ""
                detail += ("; " if missing and extra else "") + (
                    f"unknown {', '.join(map(repr, extra))}" if extra else ""
                )
                raise TallyError(f"The lot must list every project exactly once ({detail}).")
        self.lot = None if lot is None else tuple(lot_ids)
        self.budget = int(budget)
        self.utility = utility

        ballots = election.ballots
        n = len(ballots)
        self.n = n
        for i, ballot in enumerate(ballots):
            if type(ballot) is not dict and not isinstance(ballot, Mapping):
                raise TallyError(f"Ballot {i + 1} is not a mapping of project id to points.")
        lengths = np.fromiter(map(len, ballots), dtype=np.int64, count=n)
        total = int(lengths.sum())
        position = {pid: k for k, pid in enumerate(ids)}
        small = np.int16 if len(ids) < 2**15 else np.int64  # a 16-bit key sorts by radix, much faster
        try:
            entry_project = np.fromiter(
                map(position.__getitem__, chain.from_iterable(ballots)), dtype=small, count=total
            )
        except KeyError as error:
            where = next(i for i, b in enumerate(ballots) if error.args[0] in b)
            raise TallyError(f"Ballot {where + 1} votes for unknown project {error.args[0]!r}.") from None
        values = list(chain.from_iterable(b.values() for b in ballots))
        points = np.array(values) if values else np.zeros(0, dtype=np.int64)
        if points.dtype.kind not in "iu":
            bad = next((v for v in values if not _is_int(v)), None)
            if bad is None:
                raise TallyError("Points this large cannot be counted.")
            raise TallyError(f"Points must be whole numbers, not {bad!r}.")
        points = points.astype(np.int64)
        if (points < 0).any():
            raise TallyError(f"Points cannot be negative ({int(points.min())}).")
        if total and int(points.max()) * n >= 2**62:
            raise TallyError("Points this large cannot be counted.")
        entry_voter = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keep = points > 0
        entry_project, entry_voter, points = entry_project[keep], entry_voter[keep], points[keep]

        # Group the entries by project (voters stay in ballot order), then renumber the
        # projects in tie-break order: more votes first, then the lot.
        m = len(ids)
        sort = np.argsort(entry_project, kind="stable")
        entry_project, entry_voter, points = entry_project[sort], entry_voter[sort], points[sort]
        counts_in = np.bincount(entry_project, minlength=m) if m else np.zeros(0, dtype=np.int64)
        ptr_in = np.concatenate(([0], np.cumsum(counts_in))).astype(np.int64)
        votes_in = [int(points[ptr_in[k] : ptr_in[k + 1]].sum()) for k in range(m)]
        lot_rank = {pid: k for k, pid in enumerate(lot_ids)}
        order = sorted(range(m), key=lambda k: (-votes_in[k], lot_rank[ids[k]]))
        self.ids = [ids[k] for k in order]
        self.index = {pid: j for j, pid in enumerate(self.ids)}
        take = (
            np.concatenate([np.arange(ptr_in[k], ptr_in[k + 1]) for k in order]) if m else np.zeros(0, dtype=np.int64)
        )
        counts = counts_in[order] if m else counts_in
        self.e_project = np.repeat(np.arange(m, dtype=np.int64), counts)
        self.e_voter = entry_voter[take]
        self.e_points = points[take]
        self.ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.m = m
        self.costs = [int(election.costs[pid]) for pid in self.ids]
        self.cost_f = np.array(self.costs, dtype=np.float64)
        self.votes = [votes_in[k] for k in order]
        self.approvals = [int(counts[j]) for j in range(m)]
        self.factor = [c if utility == "cost" else 1 for c in self.costs]  # utility = points * factor
        self.total_utility = [self.votes[j] * self.factor[j] for j in range(m)]
        self.areas = {self.index[pid]: area for pid, area in election.areas.items()}
        self.area_caps = dict(election.area_caps)
        # Per project views (supporters, their points and utilities) for the MES loops.
        factor = np.array(self.factor, dtype=np.float64)
        e_util = self.e_points.astype(np.float64) * (factor[self.e_project] if m else 0.0)
        self.sup = [self.e_voter[self.ptr[j] : self.ptr[j + 1]] for j in range(m)]
        self.pts = [self.e_points[self.ptr[j] : self.ptr[j + 1]] for j in range(m)]
        self.util = [e_util[self.ptr[j] : self.ptr[j + 1]] for j in range(m)]
        self.uniform = [bool(len(p) == 0 or p.min() == p.max()) for p in self.pts]
        self.inv_util = [1.0 / u if c > 0 else np.zeros_like(u) for u, c in zip(self.util, self.factor, strict=True)]


# --- Greedy ------------------------------------------------------------------------------


def _greedy(inst: _Instance, chosen: list[int], spent: int, caps: bool) -> tuple[list[int], dict[int, str]]:
    """Most votes first from what is left; returns the new picks and why others were skipped."""
    picks, why = [], {}
    taken = set(chosen)
    area_spent: dict[str, int] = {}
    if caps:
        for j in chosen:
            area = inst.areas.get(j)
            if area is not None:
                area_spent[area] = area_spent.get(area, 0) + inst.costs[j]
    for j in range(inst.m):  # index order is votes, then lot
        if j in taken or inst.votes[j] <= 0:
            continue
        cost = inst.costs[j]
        if spent + cost > inst.budget:
            why[j] = "over_budget"
            continue
        area = inst.areas.get(j) if caps else None
        if area is not None and area in inst.area_caps and area_spent.get(area, 0) + cost > inst.area_caps[area]:
            why[j] = "area_cap"
            continue
        picks.append(j)
        spent += cost
        if area is not None:
            area_spent[area] = area_spent.get(area, 0) + cost
    return picks, why


# --- Method of Equal Shares ----------------------------------------------------------------


class _NeedExact(Exception):
    """A float run met a call too close for floats; count this run exactly."""


class _ExactBudgets:
    """Exact voter budgets, kept implicitly: a voter who ever paid all they had is at 0
    (`zeroed`); any other voter has b0 minus, for each step s, the points they paid for at
    that step (`columns[s][voter]`) times q[s] = rho_s × utility factor of that step's project."""

    def __init__(self, n: int, b0: Fraction):
        self.n = n
        self.b0 = b0
        self.columns: list[np.ndarray] = []
        self.zeroed = np.zeros(n, dtype=bool)
        self.q: list[Fraction] = []

    def _dot(self, sums) -> Fraction:
        total = Fraction(0)
        for s in np.flatnonzero(sums):
            total += self.q[s] * int(sums[s])
        return total

    def rows(self, voters) -> np.ndarray:
        """Points paid per step (one row per voter, one column per step)."""
        if not self.columns:
            return np.zeros((len(voters), 0), dtype=np.int64)
        return np.stack([column.take(voters) for column in self.columns], axis=1)

    def total(self, voters) -> Fraction:
        """Exact sum of the budgets of these voters."""
        live = voters[~self.zeroed[voters]]
        if len(live) == 0:
            return Fraction(0)
        sums = [int(column.take(live).sum()) for column in self.columns]
        return len(live) * self.b0 - self._dot(np.array(sums, dtype=object))

    def each(self, voters) -> list[Fraction]:
        rows = self.rows(voters)
        return [
            Fraction(0) if self.zeroed[v] else self.b0 - self._dot(row) for v, row in zip(voters, rows, strict=True)
        ]

    def record(self, q: Fraction, rich, rich_points, poor) -> None:
        column = np.zeros(self.n, dtype=np.int64)
        column[rich] = rich_points
        self.columns.append(column)
        self.zeroed[poor] = True
        self.q.append(q)


@dataclass
class _Eval:
    rho: float
    tol: float
    close: bool  # affordable only just (or unaffordable only just)


@dataclass
class _MesRun:
    chosen: list[int]
    steps: list[Step]
    budgets: np.ndarray
    exact: bool


class _Mes:
    def __init__(self, inst: _Instance):
        self.inst = inst
        self.candidates = [j for j in range(inst.m) if inst.votes[j] > 0 and inst.costs[j] > 0]
        self.free = [j for j in range(inst.m) if inst.votes[j] > 0 and inst.costs[j] == 0]
        self.available = self.candidates + self.free  # projects MES could ever choose
        self.exact_only = False

    # Float price of project j for the current budgets, and its error margin.
    def evaluate(self, j: int, b: np.ndarray, b0: float) -> _Eval | None:
        inst = self.inst
        voters = inst.sup[j]
        bs = b.take(voters)
        cost = inst.cost_f[j]
        total = float(bs.sum())
        margin = _MONEY_MARGIN * cost + _SHARE_MARGIN * len(voters) * b0
        if total < cost - margin:
            return None
        close = total <= cost + margin
        if inst.uniform[j]:  # every supporter has the same utility: work with the payment itself
            factor = float(inst.util[j][0])
            k = len(voters)
            pay = cost / k
            poor = bs < pay
            n_poor = int(np.count_nonzero(poor))
            rest = k
            rounds = 0
            while n_poor:
                rest = k - n_poor
                if rest <= 0:
                    pay, rest = float(bs.max()), 0
                    break
                pay = (cost - float((bs * poor).sum())) / rest
                poor = bs < pay
                now = int(np.count_nonzero(poor))
                if now == n_poor:
                    break
                n_poor = now
                rounds += 1
                if rounds > _ITERATIONS:
                    rho, rest_u = self._by_sorting(bs / factor, bs, np.full(k, factor), cost, k * factor)
                    pay, rest = rho * factor, rest_u / factor
                    break
            rho, rest_u = pay / factor, rest * factor
        else:
            util, inv = inst.util[j], inst.inv_util[j]
            total_u = float(inst.total_utility[j])
            rho = cost / total_u
            r = bs * inv
            poor = r < rho
            n_poor = int(np.count_nonzero(poor))
            rest_u = total_u
            rounds = 0
            while n_poor:
                rest_u = total_u - float((util * poor).sum())
                if rest_u <= 0:
                    rho, rest_u = float(r.max()), 0.0
                    break
                rho = (cost - float((bs * poor).sum())) / rest_u
                poor = r < rho
                now = int(np.count_nonzero(poor))
                if now == n_poor:
                    break
                n_poor = now
                rounds += 1
                if rounds > _ITERATIONS:
                    rho, rest_u = self._by_sorting(r, bs, util, cost, total_u)
                    break
        tol = margin / rest_u if rest_u > 0 else math.inf
        return _Eval(rho, tol, close)

    @staticmethod
    def _by_sorting(r, bs, util, cost, total_u):
        order = np.argsort(r, kind="stable")
        rs, bs, us = r[order], bs[order], util[order]
        paid_before = np.concatenate(([0.0], np.cumsum(bs)[:-1]))
        rest = total_u - np.concatenate(([0.0], np.cumsum(us)[:-1]))
        with np.errstate(divide="ignore", invalid="ignore"):
            prices = (cost - paid_before) / rest
        ok = np.flatnonzero(prices <= rs)
        k = int(ok[0]) if len(ok) else len(rs) - 1
        return float(prices[k]), float(rest[k])

    def all_rich(self, j: int, b: np.ndarray, ev: _Eval, b0: float) -> bool:
        """Every supporter certainly pays rho × utility in full: the exact price is then
        cost / total utility."""
        inst = self.inst
        bs = b[inst.sup[j]]
        util = inst.util[j]
        return bool(np.all(bs > ev.rho * util + _MONEY_MARGIN * b0 + ev.tol * util))

    # Exact price of project j, with the poor (pay everything) and rich supporters.
    def exact_price(self, j, b, ex: _ExactBudgets, ev: _Eval | None, b0: float):
        inst = self.inst
        voters, util = inst.sup[j], inst.util[j]
        points = inst.pts[j]
        cost, factor, total_u = inst.costs[j], inst.factor[j], inst.total_utility[j]
        if ev is None or not math.isfinite(ev.tol):
            return self._exact_price_slow(j, ex)
        zero = ex.zeroed[voters]
        diff = b[voters] - ev.rho * util
        margin = _MONEY_MARGIN * b0 + ev.tol * util
        unsure = ~zero & (np.abs(diff) <= margin)
        sure_poor = zero | (~unsure & (diff < 0))
        unsure_idx = np.flatnonzero(unsure)
        unsure_b = ex.each(voters[unsure_idx])
        unsure_u = [int(points[i]) * factor for i in unsure_idx]
        base_b = ex.total(voters[sure_poor & ~zero])
        base_u = int(points[sure_poor].sum()) * factor
        poor_unsure = [False] * len(unsure_idx)
        for _ in range(len(unsure_idx) + 2):
            sum_b = base_b + sum((unsure_b[k] for k, p in enumerate(poor_unsure) if p), Fraction(0))
            sum_u = base_u + sum(unsure_u[k] for k, p in enumerate(poor_unsure) if p)
            rest = total_u - sum_u
            if rest <= 0:
                return self._exact_price_slow(j, ex)
            rho = (cost - sum_b) / rest
            now = [unsure_b[k] < rho * unsure_u[k] for k in range(len(unsure_idx))]
            if now == poor_unsure:
                break
            poor_unsure = now
        else:
            return self._exact_price_slow(j, ex)
        if abs(float(rho) - ev.rho) > ev.tol:
            return self._exact_price_slow(j, ex)
        poor = sure_poor.copy()
        # Supporters exactly at the price pay all they have: count them as poor (they end at 0).
        poor[unsure_idx] = [unsure_b[k] <= rho * unsure_u[k] for k in range(len(unsure_idx))]
        return rho, poor

    def _exact_price_slow(self, j, ex: _ExactBudgets):
        """Exact price from exact budgets of all supporters (grouped by identical history)."""
        inst = self.inst
        voters, points = inst.sup[j], inst.pts[j]
        cost, factor, total_u = inst.costs[j], inst.factor[j], inst.total_utility[j]
        zero = ex.zeroed[voters]
        live = np.flatnonzero(~zero)
        rest_u = total_u - int(points[zero].sum()) * factor
        if len(live) == 0:
            return None
        rows = np.column_stack([points[live], ex.rows(voters[live])])
        groups, inverse, counts = np.unique(rows, axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(-1)
        budgets = [ex.b0 - ex._dot(g[1:]) for g in groups]
        utils = [int(g[0]) * factor for g in groups]
        if sum(int(c) * bg for c, bg in zip(counts, budgets, strict=True)) < cost:
            return None
        order = sorted(range(len(groups)), key=lambda g: budgets[g] / utils[g])
        paid = Fraction(0)
        rho = None
        for g in order:
            price = (cost - paid) / rest_u
            if price * utils[g] <= budgets[g]:
                rho = price
                break
            paid += int(counts[g]) * budgets[g]
            rest_u -= int(counts[g]) * utils[g]
        if rho is None:  # everyone pays all they have, exactly the cost
            rho = max(budgets[g] / utils[g] for g in order)
        poor_group = np.array([budgets[g] <= rho * utils[g] for g in range(len(groups))], dtype=bool)
        poor = zero.copy()
        poor[live] = poor_group[inverse]
        return rho, poor

    def run(self, b0: Fraction, exact: bool) -> _MesRun:
        """One MES count with every voter starting at b0. In float mode a close call raises
        _NeedExact; in exact mode every step's price is exact."""
        inst = self.inst
        n = inst.n
        b0f = float(b0)
        b = np.full(n, b0f)
        ex = _ExactBudgets(n, b0) if exact else None
        chosen = list(self.free)
        steps = [Step(inst.ids[j], "mes", Fraction(0)) for j in self.free]
        heap = [(inst.cost_f[j] / inst.total_utility[j], j) for j in self.candidates]
        heapq.heapify(heap)
        while heap:
            best, best_j = None, -1
            seen: dict[int, _Eval] = {}
            while heap:
                low, j = heap[0]
                if best is not None and low > best.rho + best.tol + _LOOK_FURTHER * best.rho:
                    break
                heapq.heappop(heap)
                ev = self.evaluate(j, b, b0f)
                if ev is not None and ev.close:
                    if not exact:
                        raise _NeedExact
                    if ex.total(inst.sup[j]) < inst.costs[j]:
                        ev = None
                if ev is None:
                    continue  # its supporters can no longer pay for it, now or later
                seen[j] = ev
                if best is None or (ev.rho, j) < (best.rho, best_j):
                    best, best_j = ev, j
            if best is None:
                break
            band = [j for j, ev in seen.items() if ev.rho - ev.tol <= best.rho + best.tol]
            rho_exact, poor = None, None
            if exact or len(band) > 1:
                resolved = self._resolve(band, seen, b, ex, b0f)
                if resolved is None:  # a close candidate turned out unaffordable: look again
                    for j, ev in seen.items():
                        heapq.heappush(heap, (ev.rho, j))
                    continue
                best_j, rho_exact, poor = resolved
            for j, ev in seen.items():
                if j != best_j:
                    heapq.heappush(heap, (ev.rho, j))
            rho = seen[best_j].rho if rho_exact is None else float(rho_exact)
            steps.append(self._pay(best_j, b, rho, ex, rho_exact, poor))
            chosen.append(best_j)
        return _MesRun(chosen, steps, b, exact)

    def _resolve(self, band, seen, b, ex: _ExactBudgets | None, b0f: float):
        """Decide between candidates too close for floats (or, counting exactly, price the
        best one exactly). Returns (project, exact rho, poor supporters or None), or None when
        a candidate turned out to be exactly unaffordable (it is dropped from `seen`)."""
        inst = self.inst
        if ex is None:
            if not all(self.all_rich(j, b, seen[j], b0f) for j in band):
                raise _NeedExact
            prices = {j: Fraction(inst.costs[j], inst.total_utility[j]) for j in band}
            best = min(prices, key=lambda j: (prices[j], j))
            return best, prices[best], None
        found = {}
        for j in band:
            price = self.exact_price(j, b, ex, seen[j], b0f)
            if price is None:
                del seen[j]
                return None
            found[j] = price
        best = min(found, key=lambda j: (found[j][0], j))
        return best, found[best][0], found[best][1]

    def _pay(self, j, b, rho: float, ex, rho_exact, poor) -> Step:
        inst = self.inst
        voters, util = inst.sup[j], inst.util[j]
        bs = b[voters]
        if ex is None:
            price = rho * util
            poor = bs <= price
            b[voters] = np.where(poor, 0.0, bs - price)
            payers = int(np.count_nonzero(bs > 0))
            return Step(inst.ids[j], "mes", None, Fraction(inst.costs[j]), payers)
        rich = ~poor
        b[voters] = np.where(poor, 0.0, bs - rho * util)
        payers = int(np.count_nonzero(rich) + np.count_nonzero(poor & ~ex.zeroed[voters]))
        ex.record(rho_exact * inst.factor[j], voters[rich], inst.pts[j][rich], voters[poor])
        return Step(inst.ids[j], "mes", rho_exact, Fraction(inst.costs[j]), payers)

    def count(self, b0: Fraction) -> list[int]:
        """The chosen projects for share b0: floats, or exact when floats cannot decide."""
        if self.exact_only:
            return self.run(b0, exact=True).chosen
        try:
            return self.run(b0, exact=False).chosen
        except _NeedExact:
            return self.run(b0, exact=True).chosen


def _cost(inst: _Instance, chosen) -> int:
    return sum(inst.costs[j] for j in chosen)


def _add1(mes: _Mes, inst: _Instance, increment: int, stop_when_exhaustive: bool) -> tuple[Fraction, int, list[int]]:
    """The share b0 = B/n + k × increment whose MES outcome counts, k, and that outcome."""
    start = Fraction(inst.budget, inst.n)
    available = mes.available
    previous = None
    k = 0
    while True:
        b0 = start + k * increment
        chosen = mes.count(b0)
        spent = _cost(inst, chosen)
        if spent > inst.budget:
            if previous is None:  # cannot happen: the plain MES count never overspends
                raise TallyError("The Method of Equal Shares overspent the budget.")
            return previous
        if len(chosen) == len(available):
            return b0, k, chosen
        if stop_when_exhaustive:
            taken = set(chosen)
            if all(spent + inst.costs[j] > inst.budget for j in available if j not in taken):
                return b0, k, chosen
        previous = (b0, k, chosen)
        k += 1
        if k > MAX_ADD1_STEPS:
            raise TallyError(
                f"Add1 needs more than {MAX_ADD1_STEPS} steps of {increment}: use a larger increment "
                "(for amounts in cents, 100 is one euro)."
            )


# --- Phragmén -----------------------------------------------------------------------------


def _phragmen(inst: _Instance) -> tuple[list[int], set[int]]:
    """Sequential Phragmén on approvals; returns the chosen projects and those it did not buy."""
    n = inst.n
    loads = [Fraction(0)]  # load values; every voter points at one
    loads_f = [0.0]
    load_of = np.zeros(n, dtype=np.int64)
    remaining = [j for j in range(inst.m) if inst.votes[j] > 0 and inst.costs[j] <= inst.budget]
    chosen: list[int] = []
    spent = 0
    while remaining:
        width = len(loads)
        # Sum of the supporters' loads per candidate: count voters per load value, then weigh.
        sel = np.array(remaining, dtype=np.int64)
        starts, ends = inst.ptr[sel], inst.ptr[sel + 1]
        lengths = ends - starts
        idx = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
        local = np.repeat(np.arange(len(sel)), lengths)
        counts = np.bincount(local * width + load_of[inst.e_voter[idx]], minlength=len(sel) * width).reshape(
            len(sel), width
        )
        sums_f = counts @ np.array(loads_f)
        approvals = np.array([inst.approvals[j] for j in remaining], dtype=np.float64)
        new_f = (sums_f + np.array([inst.costs[j] for j in remaining], dtype=np.float64)) / approvals
        low = float(new_f.min())
        band = [k for k in range(len(sel)) if new_f[k] <= low * (1 + 1e-9) + 1e-12]
        exact = {}
        for k in band:
            j = remaining[k]
            total = sum((loads[v] * int(counts[k, v]) for v in np.flatnonzero(counts[k])), Fraction(0))
            exact[k] = (total + inst.costs[j]) / inst.approvals[j]
        k = min(exact, key=lambda k: (exact[k], remaining[k]))
        j = remaining[k]
        if spent + inst.costs[j] > inst.budget:
            break
        loads.append(exact[k])
        loads_f.append(float(exact[k]))
        load_of[inst.sup[j]] = len(loads) - 1
        chosen.append(j)
        spent += inst.costs[j]
        remaining.remove(j)
    return chosen, set(remaining)


# --- The public entry point ----------------------------------------------------------------


def tally(
    election: Election,
    rule: str,
    *,
    utility: str = "cost",
    lot: Sequence[str] | None = None,
    increment: int | None = None,
) -> Outcome:
    """Count `election` with `rule` (one of RULES); see the module docstring."""
    if rule not in RULES:
        raise TallyError(f"Unknown rule {rule!r}: use one of {', '.join(RULES)}.")
    if increment is not None and (not _is_int(increment) or increment < 1):
        raise TallyError(f"The Add1 increment must be a whole number of at least 1, not {increment!r}.")
    inst = _Instance(election, utility, lot)
    step_of: dict[int, Step] = {}
    reasons: dict[int, str] = {}
    per_voter = None
    rounds = None
    final_budgets = None
    chosen: list[int] = []

    if rule == "greedy":
        chosen, reasons = _greedy(inst, [], 0, caps=True)
        for j in chosen:
            step_of[j] = Step(inst.ids[j], "greedy")
    elif rule == "phragmen":
        chosen, _ = _phragmen(inst)
        for j in chosen:
            step_of[j] = Step(inst.ids[j], "phragmen")
        reasons = {j: "over_budget" for j in range(inst.m) if j not in set(chosen)}
    elif inst.n > 0:
        mes = _Mes(inst)
        if rule == "mes":
            per_voter, rounds = Fraction(inst.budget, inst.n), None
            counted = mes.run(per_voter, exact=True)
        else:
            exhaustive_stop = rule != "mes-add1-overspend"
            per_voter, rounds, seen = _add1(mes, inst, increment or 1, stop_when_exhaustive=exhaustive_stop)
            counted = mes.run(per_voter, exact=True)
            if counted.chosen != seen:  # a float count that was thought safe was not: count all exactly
                mes.exact_only = True
                per_voter, rounds, _ = _add1(mes, inst, increment or 1, stop_when_exhaustive=exhaustive_stop)
                counted = mes.run(per_voter, exact=True)
        chosen = list(counted.chosen)
        final_budgets = counted.budgets
        for step in counted.steps:
            step_of[inst.index[step.project]] = step
        reasons = {j: "not_affordable" for j in range(inst.m) if j not in set(chosen)}
        if rule == "mes-add1-greedy":
            extra, _ = _greedy(inst, chosen, _cost(inst, chosen), caps=False)
            for j in extra:
                step_of[j] = Step(inst.ids[j], "greedy")
            chosen += extra
            reasons = {j: "over_budget" for j in range(inst.m) if j not in set(chosen)}
    else:
        reasons = {}
        per_voter = None

    chosen_set = set(chosen)
    effective = {}
    if rule in MES_RULES:
        for j in range(inst.m):
            if j in chosen_set:
                effective[j] = 1.0
            elif final_budgets is None or inst.votes[j] == 0:
                effective[j] = 0.0
            else:  # not chosen, so it costs more than nothing
                have = float(final_budgets[inst.sup[j]].sum())
                effective[j] = round(min(1.0, have / inst.costs[j]), 6)

    projects = {}
    order_of = {j: k + 1 for k, j in enumerate(chosen)}
    for pid in sorted(inst.ids, key=lambda p: inst.index[p]):
        j = inst.index[pid]
        step = step_of.get(j)
        if j in chosen_set:
            reason = "selected"
        elif inst.votes[j] == 0:
            reason = "no_votes"
        else:
            reason = reasons.get(j, "over_budget")
        paying = step is not None and step.kind == "mes"
        projects[pid] = ProjectResult(
            cost=inst.costs[j],
            votes=inst.votes[j],
            selected=j in chosen_set,
            order=order_of.get(j),
            kind=step.kind if step is not None else None,
            reason=reason,
            effective_support=effective.get(j) if rule in MES_RULES else None,
            paid_by_supporters=_round_half_up(step.paid) if paying else 0,
            supporters_paying=step.payers if paying else 0,
        )
    steps = tuple(step_of[j] for j in chosen)
    return Outcome(
        rule=rule,
        utility=utility,
        budget=inst.budget,
        voters=inst.n,
        selected=tuple(inst.ids[j] for j in chosen),
        cost=_cost(inst, chosen),
        steps=steps,
        projects=projects,
        per_voter_budget=per_voter if rule in MES_RULES else None,
        lot=inst.lot,
        increment=(increment or 1) if rule in ADD1_RULES else None,
        rounds=rounds if rule in ADD1_RULES else None,
    )
