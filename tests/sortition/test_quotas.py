"""Quota checks, the smallest relaxation (checked against brute force), quotas from population shares
and remaining quotas for replacements."""

import itertools

import pytest

from samenspel.sortition.quotas import (
    Infeasible,
    Quota,
    QuotaError,
    Relaxation,
    check_quotas,
    held_counts,
    quotas_from_population,
    remaining_quotas,
    replacement_pool,
    satisfies,
    smallest_relaxation,
)

PEOPLE = {
    "a": {"g": "w", "age": "young"},
    "b": {"g": "w", "age": "old"},
    "c": {"g": "m", "age": "old"},
    "d": {"g": "m", "age": "old"},
    "e": {"g": "m", "age": "young"},
    "f": {"g": "m", "age": "old"},
}
QUOTAS = [Quota("g", "w", 1, 2), Quota("g", "m", 1, 2), Quota("age", "young", 1, 2), Quota("age", "old", 1, 2)]


def test_valid_quotas_pass():
    check_quotas(PEOPLE, QUOTAS, 3)


@pytest.mark.parametrize(
    ("quotas", "seats", "message", "row"),
    [
        (QUOTAS, 7, "only 6 people", None),
        (QUOTAS, 0, "at least 1", None),
        ([Quota("g", "w", 2, 1), *QUOTAS[1:]], 3, "above the maximum", 10),
        ([*QUOTAS, Quota("g", "w", 0, 1)], 3, "given twice", 14),
        ([Quota("g", "w", 0, 1), Quota("g", "m", 0, 1), *QUOTAS[2:]], 3, "maximums for g add up to 2", 10),
        ([Quota("g", "w", 2, 2), Quota("g", "m", 2, 2), *QUOTAS[2:]], 3, "minimums for g add up to 4", 10),
        ([Quota("g", "w", 3, 3), Quota("g", "m", 0, 3), *QUOTAS[2:]], 3, "only 2 people have this value", 10),
        ([Quota("g", "w", 0, 3), *QUOTAS[2:]], 3, "not one of: w", None),
        ([*QUOTAS, Quota("town", "x", 0, 3)], 3, "no value for town", None),
    ],
)
def test_quota_errors_name_the_value_and_row(quotas, seats, message, row):
    rows = [10 + i for i in range(len(quotas))]
    with pytest.raises(QuotaError, match=message) as caught:
        check_quotas(PEOPLE, quotas, seats, quota_rows=rows)
    assert caught.value.row == row


def brute_force_feasible(people, quotas, seats, households=None):
    return any(satisfies(c, people, quotas, seats, households) for c in itertools.combinations(sorted(people), seats))


def brute_force_smallest(people, quotas, seats, households=None, limit=5):
    """Smallest total relaxation by trying every way to lower minima and raise maxima, up to ``limit``."""
    best = None
    for changes in itertools.product(range(limit + 1), repeat=2 * len(quotas)):
        total = sum(changes)
        if best is not None and total >= best:
            continue
        down, up = changes[: len(quotas)], changes[len(quotas) :]
        if any(d > q.min for d, q in zip(down, quotas, strict=True)):
            continue
        relaxed = [Quota(q.feature, q.value, q.min - d, q.max + u) for q, d, u in zip(quotas, down, up, strict=True)]
        if brute_force_feasible(people, relaxed, seats, households):
            best = total
    return best


def apply(quotas, relaxation):
    changed = {(r.feature, r.value): r for r in relaxation}
    return [
        Quota(q.feature, q.value, changed[(q.feature, q.value)].new_min, changed[(q.feature, q.value)].new_max)
        if (q.feature, q.value) in changed
        else q
        for q in quotas
    ]


@pytest.mark.parametrize(
    ("quotas", "seats", "households"),
    [
        # two young wanted, but then at most one woman is allowed... young are a (w) and e (m): needs 2 young
        (
            [Quota("g", "w", 0, 0), Quota("g", "m", 3, 3), Quota("age", "young", 2, 2), Quota("age", "old", 1, 1)],
            3,
            None,
        ),
        # all minima too high at once
        (
            [Quota("g", "w", 3, 3), Quota("g", "m", 1, 1), Quota("age", "young", 2, 2), Quota("age", "old", 2, 2)],
            4,
            None,
        ),
        # the two young share a home, and two young are required
        (
            [Quota("g", "w", 0, 2), Quota("g", "m", 0, 3), Quota("age", "young", 2, 2), Quota("age", "old", 0, 2)],
            3,
            {"a": "x", "e": "x"},
        ),
    ],
)
def test_smallest_relaxation_is_minimal_by_brute_force(quotas, seats, households):
    people = dict(PEOPLE)
    assert not brute_force_feasible(people, quotas, seats, households)
    relaxation = smallest_relaxation(people, quotas, seats, households)
    total = sum((r.old_min - r.new_min) + (r.new_max - r.old_max) for r in relaxation)
    assert total == brute_force_smallest(people, quotas, seats, households, limit=3)
    assert brute_force_feasible(people, apply(quotas, relaxation), seats, households)
    for r in relaxation:
        assert r.new_min <= r.old_min and r.new_max >= r.old_max and r.new_min >= 0


def test_relaxation_is_empty_when_feasible_and_infeasible_when_too_few_households():
    assert smallest_relaxation(PEOPLE, QUOTAS, 3) == []
    households = dict.fromkeys(PEOPLE, "one home")
    with pytest.raises(Infeasible, match="fewer households"):
        smallest_relaxation(PEOPLE, QUOTAS, 2, households)


def test_infeasible_explains_in_plain_words():
    error = Infeasible([Relaxation("gender", "woman", 5, 6, 4, 6), Relaxation("age", "65+", 0, 2, 0, 3)])
    text = str(error)
    assert "gender = woman: lower the minimum from 5 to 4" in text
    assert "age = 65+: raise the maximum from 2 to 3" in text
    assert "2 seats" in text


def test_quotas_from_population():
    shares = {"gender": {"woman": 0.51, "man": 0.48, "other": 0.01}, "age": {"young": 23, "old": 77}}
    quotas = {(q.feature, q.value): (q.min, q.max) for q in quotas_from_population(shares, 11)}
    # woman: t = 5.61 -> [4, 6]; other: t = 0.11 -> [0, 1]; young: t = 2.53 (shares normalised) -> [1, 3]
    assert quotas[("gender", "woman")] == (4, 6)
    assert quotas[("gender", "man")] == (4, 6)
    assert quotas[("gender", "other")] == (0, 1)
    assert quotas[("age", "young")] == (1, 3)
    assert quotas[("age", "old")] == (7, 9)
    exact = {(q.feature, q.value): (q.min, q.max) for q in quotas_from_population({"g": {"a": 0.5, "b": 0.5}}, 10, 0)}
    assert exact == {("g", "a"): (5, 5), ("g", "b"): (5, 5)}
    for slack in (0, 1, 2):
        made = quotas_from_population(shares, 11, slack)
        for feature in shares:
            assert (
                sum(q.min for q in made if q.feature == feature)
                <= 11
                <= sum(q.max for q in made if q.feature == feature)
            )
    with pytest.raises(QuotaError):
        quotas_from_population({"g": {"a": 0}}, 5)


def test_remaining_quotas_for_replacements():
    quotas = [Quota("g", "w", 2, 3), Quota("g", "m", 2, 3), Quota("age", "young", 1, 2)]
    held = {("g", "w"): 3, ("g", "m"): 1, ("age", "young"): 0}
    assert remaining_quotas(quotas, held) == [Quota("g", "w", 0, 0), Quota("g", "m", 1, 2), Quota("age", "young", 1, 2)]


def test_replacement_pool_and_held_counts():
    households = {"a": "x", "b": "x", "c": "y", "d": "y"}
    # a still sits; c withdrew: a's housemate b stays out, c's housemate d is eligible again
    pool = replacement_pool(PEOPLE, ["a"], households, exclude=["c"])
    assert sorted(pool) == ["d", "e", "f"]
    assert held_counts(PEOPLE, QUOTAS, ["a", "c"]) == {
        ("g", "w"): 1,
        ("g", "m"): 1,
        ("age", "young"): 1,
        ("age", "old"): 1,
    }
    remaining = remaining_quotas(QUOTAS, held_counts(PEOPLE, QUOTAS, ["a"]))
    assert remaining[0] == Quota("g", "w", 0, 1)
