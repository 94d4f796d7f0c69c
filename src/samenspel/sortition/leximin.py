"""LEXIMIN: the fairest lottery over panels that meet the quotas (Flanigan, Gölz, Gupta, Hennig, Procaccia,
"Fair algorithms for selecting citizens' assemblies", Nature 596, 2021), on the open HiGHS solver only.

Pure module: plain data in and out, no Django. ``find_distribution`` returns a probability distribution over
feasible committees (every committee meets every quota and has at most one person per household) that
maximises the smallest selection probability of anyone in the pool, then the second smallest, and so on.

How. The paper computes the leximin profile stage by stage by column generation over committees, one long
column generation per stage. Here the order is turned round (an outer approximation, then one check):

* People with the same quota values who share no household with anyone are interchangeable; they form a
  *unit*, and by symmetry the leximin lottery gives them all the same probability. Everyone in a shared
  household is a unit of their own. A committee is a count per unit.
* Outer description. Every lottery's expected seats per unit X satisfy 0 <= X_u <= s_u (s_u people in the
  unit), sum X = seats, min <= X summed over a quota's units <= max, and at most one expected seat per shared
  household; cuts found later are added. These are linear programs over units only (no committees), so the
  leximin point of this description is found exactly in a few simplex solves (``OuterLeximin``): each stage
  maximises the smallest free chance and fixes the units whose rows carry a positive dual.
* If that point is the expected seats of some lottery, it is the leximin point over lotteries too (the
  description holds every lottery, and the point is the best one in it). A direct construction looks for the
  lottery (``_peel``, Carathéodory's construction): a committee on the smallest face that holds the point
  (one mixed-integer program), as much probability as possible for it, and on with what is left, which lies
  on a smaller face. A simplex solve over the committees found (``Decomposition``) then gives the exact
  probabilities.
* When that solve leaves a shortfall, column generation continues it (a swap search from the heaviest
  known committees, then the exact committee program, which also proves that no committee helps). If no
  committee helps and a shortfall remains, no lottery reaches the point: the program's dual gives a cut
  (a weighted sum of expected seats that no committee exceeds but the point does), the cut joins the outer
  description and its leximin point is computed again. On the synthetic pools of the benchmark no cut is
  needed; on small pools with tight quotas and households one or two are (tests/sortition/test_leximin_exact.py
  checks these against a brute-force leximin over all panels).
* Each committee of units becomes a few committees of people by systematic sampling inside each unit with one
  shared uniform number, which gives every person of a unit exactly the unit's probability. Committees with
  negligible probability are dropped and the rest renormalised.

Deterministic: people are ordered by id, the warm start of the fall-back uses a fixed random stream, HiGHS runs
on one thread with a fixed seed, so the same input gives the same distribution.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np

from samenspel.sortition.quotas import (
    Infeasible,
    Quota,
    QuotaError,
    household_groups,
    quota_keys,
    smallest_relaxation,
)

FIX_DUAL = 1e-9  # a unit whose stage row has a dual above this is held at the stage's level
DECOMPOSED = 1e-9  # the chances are a lottery's when every unit is reached within this (per person)
CLOSE_ENOUGH = 1e-7  # ... or within this when no committee can do better (the solver's own tolerance)
PRICE_EPS = 1e-8  # a committee enters the lottery program when it lowers the shortfall by more than this
MAX_CUTS = 50  # cuts before giving up (never reached in the tests and benchmarks)
NEGLIGIBLE = 1e-9  # committees of units below this probability are dropped from the final lottery
SLIVER = 1e-12  # committees of people below this are dropped (far below what changes a chance by 1e-9)
PRICING_STARTS = 30  # the swap search starts from this many of the heaviest known committees
PEEL_TOL = 1e-9  # a bound or row is tight at a point of the direct construction within this
PEEL_REST = 1e-10  # the direct construction stops when this little probability is left
WARM_START_ROUNDS = 300  # multiplicative-weights rounds before the fall-back column generation (at most one per unit)
ALGORITHMS = ("leximin", "legacy")

Progress = Callable[[float, str], None]


@dataclass
class Distribution:
    committees: list[tuple[str, ...]]
    probabilities: list[float]
    marginals: dict[str, float]
    algorithm: str
    stats: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Plain JSON-ready form (committees sorted, ids sorted within each committee)."""
        return {
            "algorithm": self.algorithm,
            "committees": [list(c) for c in self.committees],
            "probabilities": list(self.probabilities),
        }


def marginals_of(ids, committees, probabilities) -> dict[str, float]:
    """Selection probability of every person: the total probability of the committees they sit on."""
    result = dict.fromkeys(ids, 0.0)
    for committee, p in zip(committees, probabilities, strict=True):
        for pid in committee:
            result[pid] += p
    return result


def _options(h: highspy.Highs) -> None:
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)


SETTLED = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kInfeasible)
RETRIES = {"count": 0}  # how often a solve needed a second try (benchmarks and tests read it)


def _run(h: highspy.Highs) -> highspy.HighsModelStatus:
    """Run HiGHS. Now and then the warm-started simplex gives up on a nearly degenerate program
    (status "Unknown"; a CI run met it in the demo's pool): then solve it again from scratch, and
    a linear program once more with the interior point method (with crossover, so the duals the
    stages read are those of a vertex)."""
    h.run()
    status = h.getModelStatus()
    if status in SETTLED:
        return status
    RETRIES["count"] += 1
    h.clearSolver()
    h.run()
    status = h.getModelStatus()
    if status in SETTLED or len(h.getLp().integrality_):
        return status
    _ok, solver = h.getOptionValue("solver")
    h.clearSolver()
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "on")
    try:
        h.run()
        return h.getModelStatus()
    finally:
        h.setOptionValue("solver", solver)


class Instance:
    """The pool as arrays. People with the same quota values who share no household with anyone are
    interchangeable, so they form one *unit*; everyone in a shared household is a unit of their own.
    A committee is then a count per unit (how many of the unit's people sit). By symmetry the leximin
    lottery gives everyone in a unit the same probability, so the stages work on units, not people."""

    def __init__(self, people, quotas: list[Quota], seats: int, households=None):
        self.ids = sorted(people)
        self.n = len(self.ids)
        self.seats = seats
        self.quotas = list(quotas)
        features = quota_keys(quotas)
        index = {(q.feature, q.value): i for i, q in enumerate(quotas)}
        if len(index) != len(quotas):
            raise QuotaError("A feature value is given twice in the quotas.")
        if not isinstance(seats, int) or seats < 1:
            raise QuotaError(f"The number of seats must be a whole number of at least 1, not {seats}.")
        if seats > self.n:
            raise QuotaError(f"There are {seats} seats but only {self.n} people in the pool.")
        for q in quotas:
            if q.min < 0 or q.min > q.max:
                raise QuotaError(f"{q.feature} = {q.value}: the quota [{q.min}, {q.max}] is not a range.")
        person_q = np.zeros((len(features), self.n), dtype=np.int64)
        for f, feature in enumerate(features):
            for j, pid in enumerate(self.ids):
                value = people[pid].get(feature)
                if (feature, value) not in index:
                    known = ", ".join(features[feature])
                    raise QuotaError(f"Person {pid} has {feature} = {value}, which is not one of: {known}.")
                person_q[f, j] = index[(feature, value)]
        self.qmin = np.array([q.min for q in quotas], dtype=np.int64)
        self.qmax = np.array([q.max for q in quotas], dtype=np.int64)
        self.groups = household_groups(self.ids, households)
        person_house = np.full(self.n, -1, dtype=np.int64)
        for g, members in enumerate(self.groups):
            person_house[members] = g
        units: dict[tuple, list[int]] = {}
        for j in range(self.n):  # ids are sorted, so units are ordered by their first person's id
            key = ("h", j) if person_house[j] >= 0 else ("t", *person_q[:, j].tolist())
            units.setdefault(key, []).append(j)
        self.members = [np.array(m, dtype=np.int64) for m in units.values()]
        self.units = len(self.members)
        self.size = np.array([len(m) for m in self.members], dtype=np.int64)
        self.uq = np.stack([person_q[:, m[0]] for m in self.members], axis=1)  # features x units
        self.household = np.array([person_house[m[0]] for m in self.members], dtype=np.int64)
        self.unit_of = np.empty(self.n, dtype=np.int64)
        for u, m in enumerate(self.members):
            self.unit_of[m] = u
        self.unit_groups = [sorted({int(self.unit_of[j]) for j in g}) for g in self.groups]


class CommitteeProgram:
    """The pricing program over units: integer 0 <= c_u <= size_u, sum c = seats, min <= count per quota
    <= max, at most one per shared household. Built once; only the objective (and, for the faces of the direct
    construction, the bounds) changes between solves."""

    def __init__(self, inst: Instance):
        self.inst = inst
        units = inst.units
        h = highspy.Highs()
        _options(h)
        h.setOptionValue("mip_rel_gap", 1e-7)
        lp = highspy.HighsLp()
        lp.num_col_ = units
        lp.col_lower_ = np.zeros(units)
        lp.col_upper_ = inst.size.astype(float)
        lp.col_cost_ = np.zeros(units)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * units
        starts, index, lo, hi = [0], list(range(units)), [float(inst.seats)], [float(inst.seats)]
        starts.append(len(index))
        for i in range(len(inst.quotas)):
            index.extend(np.flatnonzero((inst.uq == i).any(axis=0)).tolist())
            starts.append(len(index))
            lo.append(float(inst.qmin[i]))
            hi.append(float(inst.qmax[i]))
        for members in inst.unit_groups:
            index.extend(members)
            starts.append(len(index))
            lo.append(-highspy.kHighsInf)
            hi.append(1.0)
        lp.num_row_ = len(lo)
        lp.row_lower_ = np.array(lo)
        lp.row_upper_ = np.array(hi)
        self.row_lower, self.row_upper = np.array(lo), np.array(hi)
        self.rows = np.arange(len(lo), dtype=np.int32)
        self.matrix = np.zeros((len(lo), units))
        for r in range(len(lo)):
            self.matrix[r, index[starts[r] : starts[r + 1]]] = 1.0
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.ones(len(index))
        lp.sense_ = highspy.ObjSense.kMaximize
        h.passModel(lp)
        self.h = h
        # the same program without integrality, for faces whose best vertex is a committee already
        lp.integrality_ = []
        relaxed = highspy.Highs()
        _options(relaxed)
        relaxed.setOptionValue("solver", "simplex")
        relaxed.passModel(lp)
        self.relaxed = relaxed
        self.cols = np.arange(units, dtype=np.int32)
        self.solves = 0
        self.bound = 0.0  # proven upper bound on the weight of any committee, from the last solve

    def best(self, weights: np.ndarray) -> np.ndarray | None:
        """Counts per unit of the feasible committee with the largest total weight (weights are per person),
        None when there is none. Afterwards ``bound`` is the proven upper bound on that weight."""
        h = self.h
        h.changeColsCost(self.inst.units, self.cols, np.asarray(weights, dtype=float))
        status = _run(h)
        self.solves += 1
        result = None
        if status == highspy.HighsModelStatus.kOptimal:
            result = np.rint(np.asarray(h.getSolution().col_value)).astype(np.int64)
            self.bound = float(h.getInfo().mip_dual_bound)
        elif status != highspy.HighsModelStatus.kInfeasible:
            raise RuntimeError(f"The committee program stopped with status {h.modelStatusToString(status)}.")
        return result


class SwapSearch:
    """Improve a feasible committee (counts per unit) by moving one seat from one unit to another while the
    quotas and the household rule keep holding, always taking the move that gains most, until none gains."""

    def __init__(self, inst: Instance):
        self.inst = inst

    def improve(self, counts_u: np.ndarray, weights: np.ndarray, max_swaps: int | None = None) -> np.ndarray:
        inst = self.inst
        c = counts_u.copy()
        uq, qmin, qmax, household = inst.uq, inst.qmin, inst.qmax, inst.household
        counts = np.zeros(len(qmin), dtype=np.int64)
        for f in range(uq.shape[0]):
            np.add.at(counts, uq[f], c)
        occupant = np.full(len(inst.groups), -1, dtype=np.int64)
        seated = np.flatnonzero((c > 0) & (household >= 0))
        occupant[household[seated]] = seated
        limit = max_swaps if max_swaps is not None else 4 * inst.seats + 10
        for _ in range(limit):
            members = np.flatnonzero(c > 0)
            floor = weights[members].min()
            outsiders = np.flatnonzero((c < inst.size) & (weights > floor + 1e-12))
            if outsiders.size == 0:
                break
            gain = weights[outsiders][None, :] - weights[members][:, None]
            ok = gain > 1e-12
            can_remove = counts - 1 >= qmin
            can_add = counts + 1 <= qmax
            for f in range(uq.shape[0]):
                qi, qo = uq[f, members], uq[f, outsiders]
                ok &= (qi[:, None] == qo[None, :]) | (can_remove[qi][:, None] & can_add[qo][None, :])
            if inst.groups:
                hh = household[outsiders]
                occ = np.where(hh >= 0, occupant[np.maximum(hh, 0)], -1)
                ok &= (occ[None, :] == -1) | (occ[None, :] == members[:, None])
            if not ok.any():
                break
            a, b = divmod(int(np.argmax(np.where(ok, gain, -np.inf))), outsiders.size)
            out, inn = members[a], outsiders[b]
            c[out] -= 1
            c[inn] += 1
            counts[uq[:, out]] -= 1
            counts[uq[:, inn]] += 1
            if household[out] >= 0:
                occupant[household[out]] = -1
            if household[inn] >= 0:
                occupant[household[inn]] = inn
        return c


class Committees:
    """Committees found so far (counts per unit) as rows of a matrix, each with a fixed index."""

    def __init__(self, width: int):
        self.matrix = np.zeros((64, width), dtype=np.float64)
        self.count = 0
        self.index: dict[bytes, int] = {}

    def add(self, counts: np.ndarray) -> tuple[int, bool]:
        """(index, whether it is new)."""
        key = np.asarray(counts, dtype=np.int32).tobytes()
        if key in self.index:
            return self.index[key], False
        if self.count == self.matrix.shape[0]:
            self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
        self.matrix[self.count] = counts
        self.index[key] = self.count
        self.count += 1
        return self.count - 1, True

    def rows(self) -> np.ndarray:
        return self.matrix[: self.count]


class OuterLeximin:
    """The leximin point of an outer description of the committee polytope, in unit space: X_u (expected seats
    of unit u, 0 <= X_u <= s_u) with sum X = seats, every quota min <= sum over its units <= max, at most one
    expected seat per shared household, and the cuts found so far (valid for every committee). It contains
    every lottery's expected seats, so when its leximin point is a lottery's (``Decomposition``), that point is
    the leximin point over lotteries too.

    Stage by stage: maximise z such that X_u >= s_u z for every unit not yet fixed and X_u >= s_u p_u for every
    fixed one (dual simplex, warm started between stages). A unit whose row has a positive dual is held at z
    in every optimal solution (complementary slackness), so it is fixed at z; the duals of the free rows add up
    to one, so every stage fixes at least one unit."""

    def __init__(self, inst: Instance):
        self.units = u = inst.units
        self.size = inst.size.astype(float)
        h = highspy.Highs()
        _options(h)
        h.setOptionValue("solver", "simplex")
        cost = np.zeros(u + 1)
        cost[u] = 1.0
        h.addCols(
            u + 1,
            cost,
            np.zeros(u + 1),
            np.append(self.size, highspy.kHighsInf),
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        rows = [(np.arange(u), float(inst.seats), float(inst.seats))]
        for i in range(len(inst.quotas)):
            rows.append((np.flatnonzero((inst.uq == i).any(axis=0)), float(inst.qmin[i]), float(inst.qmax[i])))
        rows.extend((np.array(members), -highspy.kHighsInf, 1.0) for members in inst.unit_groups)
        starts = np.cumsum([0] + [r[0].size for r in rows[:-1]]).astype(np.int32)
        index = np.concatenate([r[0] for r in rows]).astype(np.int32)
        h.addRows(
            len(rows),
            np.array([r[1] for r in rows]),
            np.array([r[2] for r in rows]),
            index.size,
            starts,
            index,
            np.ones(index.size),
        )
        self.base = len(rows)  # rows base .. base + u - 1: X_u - s_u z >= 0 (or X_u >= s_u p_u once fixed)
        starts = np.arange(0, 2 * u, 2, dtype=np.int32)
        index = np.empty(2 * u, np.int32)
        index[0::2], index[1::2] = np.arange(u), u
        values = np.empty(2 * u)
        values[0::2], values[1::2] = 1.0, -self.size
        h.addRows(u, np.zeros(u), np.full(u, highspy.kHighsInf), 2 * u, starts, index, values)
        self.h = h
        self.stages = 0

    def add_cut(self, weights: np.ndarray, bound: float) -> None:
        """sum_u weights_u X_u <= bound, which every committee meets."""
        nz = np.flatnonzero(weights)
        self.h.addRow(-highspy.kHighsInf, bound, nz.size, nz.astype(np.int32), weights[nz].astype(float))

    def solve(self) -> np.ndarray:
        """Per-person probability of every unit at the leximin point."""
        h, u, base = self.h, self.units, self.base
        for j in range(u):
            h.changeCoeff(base + j, u, -self.size[j])
        h.changeRowsBounds(u, np.arange(base, base + u, dtype=np.int32), np.zeros(u), np.full(u, highspy.kHighsInf))
        fixed = np.zeros(u, dtype=bool)
        probability = np.zeros(u)
        while not fixed.all():
            self.stages += 1
            if _run(h) != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(
                    f"The lottery program stopped with status {h.modelStatusToString(h.getModelStatus())}."
                )
            solution = h.getSolution()
            z = min(1.0, max(0.0, float(solution.col_value[u])))
            weight = -np.asarray(solution.row_dual)[base : base + u]  # >= 0: a maximisation, rows at their lower bound
            free = np.flatnonzero(~fixed)
            chosen = free[weight[free] > FIX_DUAL]
            if chosen.size == 0:
                chosen = free[[int(np.argmax(weight[free]))]]
            fixed[chosen] = True
            probability[chosen] = z
            for j in chosen:
                h.changeCoeff(base + int(j), u, 0.0)
            h.changeRowsBounds(
                chosen.size,
                (base + chosen).astype(np.int32),
                self.size[chosen] * z,
                np.full(chosen.size, highspy.kHighsInf),
            )
        return probability


class Decomposition:
    """A lottery over committees with expected seats s_u p_u: minimise the shortfall eps = sum_u e_u such that
    sum_P x_P = 1 and sum_P c_u(P) x_P + e_u >= s_u p_u for every unit with p_u > 0 (x, e >= 0). Columns are
    committees; ``add`` puts in more (primal simplex, warm started). eps = 0 means the point is a lottery's;
    eps > 0 with no committee left that lowers it means it is not, and the dual (y, mu) gives a cut that
    separates it from every committee: y . c <= -mu for every committee c, while y . X = eps - mu."""

    def __init__(self, inst: Instance, probability: np.ndarray):
        self.inst = inst
        self.size = s = inst.size.astype(float)
        self.target = np.flatnonzero(probability > 0)
        t = self.target.size
        h = highspy.Highs()
        _options(h)
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 4)  # primal: the basis stays feasible when columns are added
        h.setOptionValue("dual_feasibility_tolerance", 1e-9)
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.addRows(
            t + 1,
            np.concatenate([[1.0], probability[self.target] * s[self.target]]),
            np.concatenate([[1.0], np.full(t, highspy.kHighsInf)]),
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        # one shortfall column per unit (cost 1): bounded duals, which the column generation needs far fewer
        # rounds with than with one shared shortfall
        h.addCols(
            t,
            np.ones(t),
            np.zeros(t),
            np.full(t, highspy.kHighsInf),
            t,
            np.arange(t, dtype=np.int32),
            np.arange(1, t + 1, dtype=np.int32),
            np.ones(t),
        )
        self.offset = t
        self.row_of = np.full(inst.units, -1, dtype=np.int64)
        self.row_of[self.target] = np.arange(1, t + 1)
        self.h = h
        self.columns: list[int] = []  # committee index of every column after the shortfall columns
        self.present: set[int] = set()

    def add(self, committees: Committees, chosen: list[int]) -> None:
        starts, index, values = [], [], []
        for k in chosen:
            counts = committees.matrix[k]
            nz = np.flatnonzero(counts)
            rows = self.row_of[nz]
            keep = rows >= 0
            starts.append(len(index))
            index.append(0)
            values.append(1.0)
            index.extend(rows[keep].tolist())
            values.extend(counts[nz][keep].tolist())
        k = len(chosen)
        self.h.addCols(
            k,
            np.zeros(k),
            np.zeros(k),
            np.full(k, highspy.kHighsInf),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(values),
        )
        self.columns.extend(chosen)
        self.present.update(chosen)

    def solve(self) -> tuple[float, np.ndarray, float]:
        """(eps, y per unit, mu): a committee c lowers eps when y . c + mu > 0."""
        h = self.h
        if _run(h) != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"The lottery program stopped with status {h.modelStatusToString(h.getModelStatus())}.")
        dual = np.asarray(h.getSolution().row_dual)
        y = np.zeros(self.inst.units)
        y[self.target] = np.maximum(dual[1:], 0.0)
        return max(0.0, float(h.getInfo().objective_function_value)), y, float(dual[0])

    def lottery(self, count: int) -> np.ndarray:
        x = np.zeros(count)
        values = np.asarray(self.h.getSolution().col_value)[self.offset :]
        x[self.columns] = np.clip(values, 0.0, 1.0)
        x[x <= NEGLIGIBLE] = 0.0
        return x / x.sum()


def _onto_face(x: np.ndarray, matrix: np.ndarray, lo: np.ndarray, hi: np.ndarray, size: np.ndarray) -> np.ndarray:
    """x with the rounding drift taken out of the rows that are tight at x (least-squares change of the units
    that are not at a bound), so that repeated steps cannot carry x off its face."""
    ax = matrix @ x
    at_lo, at_hi = np.abs(ax - lo) <= PEEL_TOL, np.abs(ax - hi) <= PEEL_TOL
    rows = at_lo | at_hi
    residual = np.where(at_hi, hi, lo)[rows] - ax[rows]
    if residual.size == 0 or np.abs(residual).max() <= 1e-13:
        return x
    movable = (x > PEEL_TOL) & (x < size - PEEL_TOL)
    x = x.copy()
    x[movable] += np.linalg.lstsq(matrix[rows][:, movable], residual, rcond=None)[0]
    return x


def _peel(
    inst: Instance, program: CommitteeProgram, expected: np.ndarray, committees: Committees, report: Progress
) -> bool:
    """Committees for the expected seats, found directly (Carathéodory's construction): take a committee c on
    the smallest face of the outer description that holds the point x (every bound, quota and household row
    that is tight at x is tight for c), give it as much probability as possible, x = a c + (1 - a) x', with x'
    the point where the ray from c through x leaves the outer description. x' lies on a smaller face. Stops
    when the probability left is below PEEL_REST (True), or when a face holds no committee (False: x' may not
    be a lottery's point). The committees are added to ``committees``; the exact probabilities come from the
    lottery program, which also covers what is left."""
    size = inst.size.astype(float)
    h, matrix = program.h, program.matrix  # rows: seats, quotas, households (as in the committee program)
    lo, hi = program.row_lower, program.row_upper
    x = expected.astype(float).copy()
    remaining = 1.0
    try:
        for _ in range(inst.units + matrix.shape[0] + 2):
            at_zero, at_full = x <= PEEL_TOL, x >= size - PEEL_TOL
            ax = matrix @ x
            at_lo, at_hi = ax <= lo + PEEL_TOL, ax >= hi - PEEL_TOL
            face = (
                (np.where(at_full, size, 0.0), np.where(at_zero, 0.0, size)),
                (np.where(at_hi, hi, lo), np.where(at_lo, lo, hi)),
            )
            c = None
            for solver in (program.relaxed, h):  # a vertex of the face first: often a committee already
                solver.changeColsBounds(inst.units, program.cols, *face[0])
                solver.changeRowsBounds(matrix.shape[0], program.rows, *face[1])
                solver.changeColsCost(inst.units, program.cols, x / size)
                status = _run(solver)
                if solver is h:
                    program.solves += 1
                if status != highspy.HighsModelStatus.kOptimal:
                    continue
                value = np.asarray(solver.getSolution().col_value)
                if np.abs(value - np.rint(value)).max() <= PEEL_TOL:
                    c = np.rint(value)
                    break
            if c is None:
                return False
            committees.add(c.astype(np.int64))
            d = x - c
            if np.abs(d).max() <= PEEL_TOL:
                return True
            # the largest theta with x + theta d inside; constraints tight at x are tight for c too, so they
            # are left out (rounding cannot make theta negative)
            theta = np.inf
            free = ~(at_zero | at_full)
            up, down = free & (d > PEEL_TOL), free & (d < -PEEL_TOL)
            if up.any():
                theta = min(theta, float(((size - x)[up] / d[up]).min()))
            if down.any():
                theta = min(theta, float((x[down] / -d[down]).min()))
            ad = matrix @ d
            free = ~(at_lo | at_hi)
            up, down = free & (ad > PEEL_TOL), free & (ad < -PEEL_TOL)
            if up.any():
                theta = min(theta, float(((hi - ax)[up] / ad[up]).min()))
            if down.any():
                theta = min(theta, float(((ax - lo)[down] / -ad[down]).min()))
            remaining /= 1.0 + theta
            if remaining <= PEEL_REST:
                return True
            done = min(1.0, np.log(remaining) / np.log(PEEL_REST))
            report(0.1 + 0.75 * done, f"Found {committees.count} panels")
            x = np.clip(x + theta * d, 0.0, size)
            x[at_zero], x[at_full] = 0.0, size[at_full]
            x = _onto_face(x, matrix, lo, hi, size)
        return False
    finally:
        for solver in (program.relaxed, h):
            solver.changeColsBounds(inst.units, program.cols, np.zeros(inst.units), size)
            solver.changeRowsBounds(matrix.shape[0], program.rows, lo, hi)


def _warm_start(inst: Instance, committees: Committees, search: SwapSearch, rounds: int) -> None:
    """Multiplicative weights, as in the paper: each round takes the heaviest committee the swap search reaches
    from the last one, then lowers the weights of the units on it."""
    units = inst.units
    weights = np.random.default_rng(0).uniform(0.99, 1.0, units)
    current = committees.matrix[0].astype(np.int64)
    for _ in range(rounds):
        found = search.improve(current, weights)
        if committees.add(found)[1]:
            weights *= np.where(found > 0, 0.8 ** (found / inst.size), 1.0)
        else:
            weights = 0.9 * weights + 0.1
        weights *= units / weights.sum()
        current = found


def find_distribution(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    *,
    households: Mapping[str, str] | None = None,
    algorithm: str = "leximin",
    progress: Progress | None = None,
    warm_start_rounds: int | None = None,
) -> Distribution:
    """The LEXIMIN lottery over feasible committees (see the module text). ``households`` maps a person id to
    a household key (at most one person per household in a committee). Raises QuotaError for quotas that are
    not ranges or people with unknown values, and Infeasible (carrying the smallest relaxation) when no
    committee satisfies the quotas. ``algorithm="legacy"`` runs the old greedy algorithm instead (one
    committee; see legacy.py)."""
    if algorithm == "legacy":
        from samenspel.sortition.legacy import find_distribution as legacy

        return legacy(people, quotas, seats, households=households, progress=progress)
    if algorithm != "leximin":
        raise ValueError(f"Unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}.")
    reached = [0.0]

    def report(fraction: float, message: str) -> None:
        reached[0] = max(reached[0], fraction)  # never backwards, also when a cut sends us round again
        if progress is not None:
            progress(reached[0], message)

    inst = Instance(people, quotas, seats, households)
    program = CommitteeProgram(inst)
    search = SwapSearch(inst)
    first = program.best(np.zeros(inst.units))
    if first is None:
        raise Infeasible(smallest_relaxation(people, quotas, seats, households))
    committees = Committees(inst.units)
    committees.add(first)
    outer = OuterLeximin(inst)
    cuts = pricing_rounds = 0
    warmed = False
    while True:
        report(0.05, "Computing the fairest chances")
        probability = outer.solve()
        report(0.1, "Searching for panels that give everyone their chance")
        if not _peel(inst, program, probability * inst.size, committees, report) and not warmed:
            # a face without a committee: the column generation below decides, from varied committees
            rounds = warm_start_rounds if warm_start_rounds is not None else min(WARM_START_ROUNDS, inst.units)
            _warm_start(inst, committees, search, rounds)
            warmed = True
        master = Decomposition(inst, probability)
        master.add(committees, list(range(committees.count)))
        while True:
            pricing_rounds += 1
            eps, y, mu = master.solve()
            if eps <= DECOMPOSED:
                break
            new = _price(committees, master, search, program, y, mu)
            if not new:
                break
            master.add(committees, new)
        if eps <= DECOMPOSED or (eps <= CLOSE_ENOUGH and not new):
            break
        # No lottery reaches these chances: cut them off (every committee has y . c <= the program's bound).
        cuts += 1
        if cuts > MAX_CUTS:
            raise RuntimeError("The lottery program does not settle (numerical trouble).")
        outer.add_cut(y, float(program.bound) + 1e-9)

    report(0.85, "Writing out the panels")
    lottery = master.lottery(committees.count)
    result = _realise(inst, committees.rows(), lottery)
    result.stats = {
        "units": inst.units,
        "committees_found": committees.count,
        "stages": outer.stages,
        "cuts": cuts,
        "pricing_rounds": pricing_rounds,
        "mip_solves": program.solves,
    }
    report(1.0, "Done")
    return result


def _price(committees: Committees, master: Decomposition, search: SwapSearch, program: CommitteeProgram, y, mu):
    """Indices of committees with y . c + mu > PRICE_EPS that are not in the program yet: known committees
    first, then swaps from the heaviest known ones, else the exact program. Empty means none exists."""
    rows = committees.rows()
    sums = rows @ y
    order = np.argsort(-sums, kind="stable")
    new: list[int] = []
    for k in order[: 4 * PRICING_STARTS]:
        if sums[k] + mu <= PRICE_EPS:
            break
        if int(k) not in master.present:
            new.append(int(k))
    for k in order[:PRICING_STARTS]:
        better = search.improve(rows[k].astype(np.int64), y)
        if float(better @ y) + mu > PRICE_EPS:
            index, _ = committees.add(better)
            if index not in master.present and index not in new:
                new.append(index)
    if new:
        return new
    best = program.best(y)
    if best is not None and float(best @ y) + mu > PRICE_EPS:
        index, _ = committees.add(best)
        if index not in master.present:
            return [index]
    return []


def _expand(inst: Instance, counts: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Committees of people for one committee of units, with probabilities adding up to 1, such that each
    person of unit u sits with probability exactly c_u / s_u: systematic sampling with one shared uniform
    number t in [0, 1). Unit u lays its people on [0, c_u) with s_u equal slots (person j on
    [j c_u/s_u, (j+1) c_u/s_u)) and seats those whose slot holds one of t, t+1, ..., t+c_u-1. As t moves,
    the seated set changes only at the points frac(j c_u / s_u), so one committee per stretch between them."""
    full = [inst.members[u] for u in np.flatnonzero(counts > 0) if counts[u] == inst.size[u]]
    partial = [u for u in np.flatnonzero(counts > 0) if counts[u] < inst.size[u]]
    cuts = {0.0}
    for u in partial:
        s, c = int(inst.size[u]), int(counts[u])
        cuts.update((j * c % s) / s for j in range(s))
    cuts = sorted(cuts) + [1.0]
    base = np.concatenate(full) if full else np.zeros(0, dtype=np.int64)
    result = []
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        t = (lo + hi) / 2
        chosen = [base]
        for u in partial:
            s, c = int(inst.size[u]), int(counts[u])
            j = np.arange(s)
            hit = np.ceil((j + 1) * c / s - t) - np.ceil(j * c / s - t) > 0.5
            chosen.append(inst.members[u][hit])
        result.append((np.sort(np.concatenate(chosen)), hi - lo))
    return result


def _realise(inst: Instance, rows: np.ndarray, lottery: np.ndarray) -> Distribution:
    """The lottery over committees of units as a lottery over committees of people, with every person's
    probability exactly that of their unit."""
    merged: dict[tuple[int, ...], float] = {}
    for k in np.flatnonzero(lottery > 0):
        for people, share in _expand(inst, rows[k].astype(np.int64)):
            key = tuple(people.tolist())
            merged[key] = merged.get(key, 0.0) + float(lottery[k]) * share
    chosen = sorted((tuple(inst.ids[j] for j in key), p) for key, p in merged.items() if p > SLIVER)
    total = sum(p for _, p in chosen)
    comms = [c for c, _ in chosen]
    probs = [p / total for _, p in chosen]
    return Distribution(comms, probs, marginals_of(inst.ids, comms, probs), "leximin")
