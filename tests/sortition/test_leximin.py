"""LEXIMIN on tiny pools whose answer is known by hand, and its invariants on a seeded random pool."""

import random

import pytest

from samenspel.sortition.leximin import Distribution, find_distribution
from samenspel.sortition.quotas import Infeasible, Quota, QuotaError, satisfies


def pool(**groups):
    """pool(woman=2, man=4) -> {"woman1": {"g": "woman"}, ...}"""
    return {f"{value}{i}": {"g": value} for value, count in groups.items() for i in range(1, count + 1)}


def check_invariants(d: Distribution, people, quotas, seats, households=None):
    assert sum(d.probabilities) == pytest.approx(1.0, abs=1e-9)
    assert all(p > 0 for p in d.probabilities)
    for committee in d.committees:
        assert satisfies(committee, people, quotas, seats, households)
    assert sum(d.marginals.values()) == pytest.approx(seats, abs=1e-6)
    recount = dict.fromkeys(people, 0.0)
    for committee, p in zip(d.committees, d.probabilities, strict=True):
        for pid in committee:
            recount[pid] += p
    assert recount == pytest.approx(d.marginals, abs=1e-9)


def test_symmetric_pool_gives_everyone_the_same_chance():
    people = pool(woman=3, man=3)
    quotas = [Quota("g", "woman", 1, 1), Quota("g", "man", 1, 1)]
    d = find_distribution(people, quotas, 2)
    check_invariants(d, people, quotas, 2)
    assert d.algorithm == "leximin"
    assert all(p == pytest.approx(1 / 3, abs=1e-6) for p in d.marginals.values())


def test_smaller_group_gets_more_and_the_rest_is_as_equal_as_possible():
    # one woman and one man per panel: the 2 women get 1/2 each, the 4 men 1/4 each
    people = pool(woman=2, man=4)
    quotas = [Quota("g", "woman", 1, 1), Quota("g", "man", 1, 1)]
    d = find_distribution(people, quotas, 2)
    check_invariants(d, people, quotas, 2)
    for pid, p in d.marginals.items():
        assert p == pytest.approx(0.5 if pid.startswith("woman") else 0.25, abs=1e-6)


def test_person_who_must_sit_on_every_panel_gets_probability_one():
    people = {**pool(young=1, old=5)}
    quotas = [Quota("g", "young", 1, 1), Quota("g", "old", 0, 3)]
    d = find_distribution(people, quotas, 3)
    check_invariants(d, people, quotas, 3)
    assert d.marginals["young1"] == pytest.approx(1.0, abs=1e-6)
    assert all(d.marginals[f"old{i}"] == pytest.approx(2 / 5, abs=1e-6) for i in range(1, 6))


def test_person_who_can_never_sit_gets_probability_zero():
    people = pool(a=3, b=1)
    quotas = [Quota("g", "a", 2, 2), Quota("g", "b", 0, 0)]
    d = find_distribution(people, quotas, 2)
    check_invariants(d, people, quotas, 2)
    assert d.marginals["b1"] == 0.0
    assert all(d.marginals[f"a{i}"] == pytest.approx(2 / 3, abs=1e-6) for i in range(1, 4))


def test_at_most_one_person_per_household():
    # three people share a home; with 3 seats every panel is one of them plus d and e
    people = {pid: {"g": "x"} for pid in "abcde"}
    quotas = [Quota("g", "x", 0, 3)]
    households = {"a": "home", "b": "home", "c": "home"}
    d = find_distribution(people, quotas, 3, households=households)
    check_invariants(d, people, quotas, 3, households)
    assert d.marginals["d"] == pytest.approx(1.0, abs=1e-6)
    assert d.marginals["e"] == pytest.approx(1.0, abs=1e-6)
    for pid in "abc":
        assert d.marginals[pid] == pytest.approx(1 / 3, abs=1e-6)


def test_a_trade_off_between_two_groups_is_balanced():
    # 'a' (1 person) must sit; then either one of the 2 b's and one of the 6 c's, or two c's. With x the
    # chance of the first kind of panel, a b gets x/2 and a c gets (2 - x)/6: both 1/4 at x = 1/2.
    people = pool(a=1, b=2, c=6)
    quotas = [Quota("g", "a", 1, 1), Quota("g", "b", 0, 1), Quota("g", "c", 1, 2)]
    d = find_distribution(people, quotas, 3)
    check_invariants(d, people, quotas, 3)
    assert d.marginals["a1"] == pytest.approx(1.0, abs=1e-6)
    for pid in [*(f"b{i}" for i in range(1, 3)), *(f"c{i}" for i in range(1, 7))]:
        assert d.marginals[pid] == pytest.approx(0.25, abs=1e-6)


def random_pool(seed, n=40, seats=6):
    rnd = random.Random(seed)
    people = {
        f"p{i:03d}": {"gender": rnd.choice(["w", "m", "w", "m", "x"]), "age": rnd.choice(["young", "mid", "old"])}
        for i in range(n)
    }
    households = {pid: f"h{rnd.randrange(int(n * 0.8))}" for pid in people}
    quotas = [
        Quota("gender", "w", 2, 3),
        Quota("gender", "m", 2, 3),
        Quota("gender", "x", 0, 1),
        Quota("age", "young", 1, 2),
        Quota("age", "mid", 1, 3),
        Quota("age", "old", 1, 2),
    ]
    return people, quotas, households, seats


def test_random_pool_invariants_and_determinism():
    people, quotas, households, seats = random_pool(3)
    calls = []
    d = find_distribution(people, quotas, seats, households=households, progress=lambda f, m: calls.append((f, m)))
    check_invariants(d, people, quotas, seats, households)
    again = find_distribution(people, quotas, seats, households=households)
    assert again.committees == d.committees
    assert again.probabilities == d.probabilities
    assert calls[-1][0] == 1.0
    assert [f for f, _ in calls] == sorted(f for f, _ in calls)
    # same kind of person, nobody sharing a home: same chance
    kinds = {}
    for pid, person in people.items():
        if list(households.values()).count(households[pid]) == 1:
            kinds.setdefault((person["gender"], person["age"]), []).append(d.marginals[pid])
    for chances in kinds.values():
        assert max(chances) - min(chances) < 1e-6


def test_infeasible_quotas_raise_with_the_smallest_relaxation():
    people = pool(woman=2, man=4)
    quotas = [Quota("g", "woman", 3, 3), Quota("g", "man", 0, 1)]
    with pytest.raises(Infeasible) as caught:
        find_distribution(people, quotas, 3)
    changes = {(r.feature, r.value): (r.new_min, r.new_max) for r in caught.value.relaxation}
    assert sum(abs(r.old_min - r.new_min) + abs(r.new_max - r.old_max) for r in caught.value.relaxation) == 1
    assert changes in ({("g", "woman"): (2, 3)}, {("g", "man"): (0, 2)}) or len(changes) == 1
    assert "smallest change" in str(caught.value)


def test_bad_input_is_a_quota_error():
    people = pool(woman=2, man=2)
    with pytest.raises(QuotaError, match="not one of"):
        find_distribution(people, [Quota("g", "woman", 1, 1)], 2)
    with pytest.raises(QuotaError, match="only 4 people"):
        find_distribution(people, [Quota("g", "woman", 0, 2), Quota("g", "man", 0, 2)], 5)
    with pytest.raises(ValueError, match="Unknown algorithm"):
        find_distribution(people, [Quota("g", "woman", 0, 2), Quota("g", "man", 0, 2)], 2, algorithm="nash")
