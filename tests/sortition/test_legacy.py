"""The legacy greedy algorithm: feasible, reproducible from its seed, households respected."""

import pytest

from samenspel.sortition import legacy
from samenspel.sortition.leximin import find_distribution
from samenspel.sortition.quotas import Infeasible, Quota, satisfies

PEOPLE = {f"p{i:02d}": {"g": "w" if i % 3 else "m", "age": "young" if i < 8 else "old"} for i in range(24)}
QUOTAS = [Quota("g", "w", 2, 3), Quota("g", "m", 2, 3), Quota("age", "young", 2, 3), Quota("age", "old", 2, 3)]
HOUSEHOLDS = {f"p{i:02d}": f"h{i // 2}" for i in range(24)}


def test_legacy_draws_a_feasible_committee_reproducibly():
    one = legacy.select_one(PEOPLE, QUOTAS, 5, households=HOUSEHOLDS, seed="lotto 2027-05-04")
    assert satisfies(one, PEOPLE, QUOTAS, 5, HOUSEHOLDS)
    assert legacy.select_one(PEOPLE, QUOTAS, 5, households=HOUSEHOLDS, seed="lotto 2027-05-04") == one
    others = {legacy.select_one(PEOPLE, QUOTAS, 5, households=HOUSEHOLDS, seed=s) for s in range(20)}
    assert len(others) > 5


def test_legacy_distribution_and_estimated_chances():
    d = legacy.find_distribution(PEOPLE, QUOTAS, 5, households=HOUSEHOLDS, seed=1, runs=60)
    assert d.algorithm == "legacy"
    assert len(d.committees) == 1 and d.probabilities == [1.0]
    assert sum(d.marginals.values()) == pytest.approx(5)
    plain = legacy.find_distribution(PEOPLE, QUOTAS, 5, seed=1)
    assert {p for p, v in plain.marginals.items() if v == 1.0} == set(plain.committees[0])
    via_leximin_module = find_distribution(PEOPLE, QUOTAS, 5, algorithm="legacy")
    assert via_leximin_module.algorithm == "legacy"


def test_legacy_reports_infeasible_quotas():
    with pytest.raises(Infeasible) as caught:
        legacy.select_one(PEOPLE, [Quota("g", "w", 5, 5), Quota("g", "m", 1, 1)], 5, seed=0)
    assert caught.value.relaxation
