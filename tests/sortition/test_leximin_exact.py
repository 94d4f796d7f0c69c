"""LEXIMIN against a brute-force leximin on small pools: every feasible panel listed, the leximin lottery over
them computed stage by stage, and for every person a separate program that asks whether they can get more.
Pools with households and tight quotas, so that the outer description used by leximin.py is not exact and
its cuts and fall-backs are exercised too."""

import itertools
import random

import highspy
import numpy as np
import pytest

from samenspel.sortition import leximin
from samenspel.sortition.leximin import find_distribution
from samenspel.sortition.quotas import Quota, satisfies


def feasible_panels(people, quotas, seats, households):
    ids = sorted(people)
    return [c for c in itertools.combinations(ids, seats) if satisfies(c, people, quotas, seats, households)]


def _best(panels, ids, fixed, level, objective):
    """max objective . lambda over lotteries that give every fixed person their chance and every other person
    at least ``level`` (objective None: maximise the level itself)."""
    m, n = len(panels), len(ids)
    member = np.array([[pid in set(p) for p in panels] for pid in ids], dtype=float)  # people x panels
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    cols = m + 1
    cost = np.zeros(cols)
    if objective is None:
        cost[m] = 1.0
    else:
        cost[:m] = objective @ member
    inf = highspy.kHighsInf
    h.addCols(cols, cost, np.zeros(cols), np.append(np.ones(m), 1.0), 0, [], [], [])
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    for i in range(n):
        row = np.append(member[i], 0.0)
        if i in fixed:
            lower = fixed[i]
        elif objective is None:
            row[m], lower = -1.0, 0.0
        else:
            lower = level
        nz = np.flatnonzero(row)
        h.addRow(lower - 1e-9, inf, nz.size, nz.astype(np.int32), row[nz])
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value


def brute_force_leximin(people, quotas, seats, households):
    ids = sorted(people)
    panels = feasible_panels(people, quotas, seats, households)
    fixed: dict[int, float] = {}
    while len(fixed) < len(ids):
        level = _best(panels, ids, fixed, 0.0, None)
        for i in range(len(ids)):
            if i not in fixed and _best(panels, ids, fixed, level, np.eye(len(ids))[i]) <= level + 1e-7:
                fixed[i] = level
    return {ids[i]: p for i, p in fixed.items()}


def tight_pool(seed):
    """8-10 people, two features and households; quotas drawn near what the pool allows."""
    rnd = random.Random(seed)
    n = rnd.randint(8, 10)
    people = {f"p{i}": {"a": rnd.choice("xyz"), "b": rnd.choice("uv")} for i in range(n)}
    households = {pid: f"h{rnd.randrange(n - 3)}" for pid in people}
    seats = rnd.randint(3, 4)
    quotas = []
    for feature, values in (("a", "xyz"), ("b", "uv")):
        for value in values:
            low = rnd.randint(0, 2)
            quotas.append(Quota(feature, value, low, low + rnd.randint(0, 2)))
    return people, quotas, seats, households


def instances(count):
    """Seeded small pools that have at least one feasible panel."""
    found, seed = [], 0
    while len(found) < count:
        people, quotas, seats, households = tight_pool(seed)
        if len(feasible_panels(people, quotas, seats, households)) >= 2:
            found.append((seed, people, quotas, seats, households))
        seed += 1
    return found


CASES = instances(25)


@pytest.mark.parametrize(("seed", "people", "quotas", "seats", "households"), CASES, ids=[f"seed{c[0]}" for c in CASES])
def test_equals_brute_force_leximin(seed, people, quotas, seats, households):
    d = find_distribution(people, quotas, seats, households=households)
    for committee in d.committees:
        assert satisfies(committee, people, quotas, seats, households)
    assert sum(d.probabilities) == pytest.approx(1.0, abs=1e-9)
    expected = brute_force_leximin(people, quotas, seats, households)
    # the same chance for every person, not only the same sorted profile (the leximin point is unique)
    for pid in people:
        assert d.marginals[pid] == pytest.approx(expected[pid], abs=1e-6), pid


@pytest.mark.parametrize("seed", [11, 60, 341])
def test_where_the_outer_description_is_too_wide_a_cut_is_added_and_the_result_stays_exact(seed):
    # on these pools the leximin point of the quotas-and-households description is no lottery's point
    people, quotas, seats, households = tight_pool(seed)
    d = find_distribution(people, quotas, seats, households=households)
    assert d.stats["cuts"] >= 1
    expected = brute_force_leximin(people, quotas, seats, households)
    assert d.marginals == pytest.approx(expected, abs=1e-6)


def test_the_column_generation_takes_over_when_the_direct_construction_stops(monkeypatch):
    # pretend that the direct construction finds no committee on some face: the result must not change
    people, quotas, seats, households = CASES[0][1:]
    expected = find_distribution(people, quotas, seats, households=households).marginals
    monkeypatch.setattr(leximin, "_peel", lambda *args: False)
    d = find_distribution(people, quotas, seats, households=households)
    assert d.stats["pricing_rounds"] >= 1
    assert d.marginals == pytest.approx(expected, abs=1e-6)
