"""panel/weighting.py: raking with trimming, checked by hand, against a slow plain-Python IPF,
and with property tests."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenspel.panel.weighting import kish, rake, weighted_shares


def reference_ipf(sample, margins, sweeps=500):
    """Deming–Stephan as in the textbook, in plain Python floats: per dimension, multiply each
    respondent's weight by target share / current weighted share of their category. No
    trimming, no missing values (the cases it is used on have neither)."""
    w = [1.0] * len(sample)
    for _ in range(sweeps):
        for dim, shares in margins.items():
            total_share = sum(shares.values())
            total = sum(w)
            sums = {}
            for weight, row in zip(w, sample, strict=True):
                sums[row[dim]] = sums.get(row[dim], 0.0) + weight
            w = [
                weight * (shares[row[dim]] / total_share) * total / sums[row[dim]]
                for weight, row in zip(w, sample, strict=True)
            ]
    mean = sum(w) / len(w)
    return [x / mean for x in w]


def shares_of(weights, sample, dim, categories):
    return weighted_shares(weights, [row.get(dim) for row in sample], categories)


def test_one_dimension_by_hand():
    # 3 women and 1 man; the population is half and half: women weigh 2/3, the man 2 (mean 1).
    sample = [{"g": "w"}, {"g": "w"}, {"g": "w"}, {"g": "m"}]
    result = rake(sample, {"g": {"w": 0.5, "m": 0.5}}, trim=None)
    assert result.converged
    assert result.weights == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2.0])
    # deff = n Σw² / (Σw)² = 4 · (3 · 4/9 + 4) / 16 = 4/3; n_eff = 3.
    assert result.design_effect == pytest.approx(4 / 3)
    assert result.effective_n == pytest.approx(3.0)


def test_two_dimensions_by_hand():
    # Cells (age, gender): (young, w) ×1, (old, w) ×2, (old, m) ×1. Targets: young 1/2, w 1/2.
    # By hand: the young woman is the only young person and the man the only man, so each must
    # carry half the total, which leaves nothing for the two old women. IPF approaches that
    # boundary solution slowly: the margins hold, and the old women's weight goes to zero.
    sample = [{"a": "young", "g": "w"}, {"a": "old", "g": "w"}, {"a": "old", "g": "w"}, {"a": "old", "g": "m"}]
    margins = {"a": {"young": 0.5, "old": 0.5}, "g": {"w": 0.5, "m": 0.5}}
    result = rake(sample, margins, trim=None, max_iter=5000, tol=1e-4)
    assert result.converged
    assert shares_of(result.weights, sample, "a", ["young", "old"]) == pytest.approx([0.5, 0.5], abs=1e-4)
    assert shares_of(result.weights, sample, "g", ["w", "m"]) == pytest.approx([0.5, 0.5], abs=1e-4)
    assert result.weights[1] < 0.01 and result.weights[0] == pytest.approx(2.0, abs=0.01)


def test_counts_work_as_margins():
    sample = [{"g": "w"}, {"g": "w"}, {"g": "m"}]
    by_share = rake(sample, {"g": {"w": 0.5, "m": 0.5}}, trim=None)
    by_count = rake(sample, {"g": {"w": 6585, "m": 6585}}, trim=None)
    assert by_share.weights == pytest.approx(by_count.weights)


def test_missing_category_keeps_weight_on_that_dimension():
    # The third respondent declined gender: their gender factor is 1. The known ones are raked
    # among themselves; after normalising to mean 1, the declining respondent keeps the mean.
    sample = [{"g": "w", "a": "x"}, {"g": "m", "a": "x"}, {"g": None, "a": "x"}, {"a": "x"}]
    result = rake(sample, {"g": {"w": 0.25, "m": 0.75}, "a": {"x": 1.0}}, trim=None)
    w = result.weights
    assert result.missing == {"g": 2}
    assert w[1] / w[0] == pytest.approx(3.0)
    assert w[2] == pytest.approx(1.0) and w[3] == pytest.approx(1.0)
    assert w[0] + w[1] == pytest.approx(2.0)


def test_unknown_category_counts_as_missing():
    sample = [{"g": "w"}, {"g": "m"}, {"g": "other"}]
    result = rake(sample, {"g": {"w": 0.5, "m": 0.5}}, trim=None)
    assert result.missing == {"g": 1}
    assert result.weights[2] == pytest.approx(1.0)


def test_empty_category_is_reported_and_the_rest_renormalised():
    sample = [{"a": "old"}, {"a": "old"}, {"a": "middle"}]
    result = rake(sample, {"a": {"young": 0.4, "middle": 0.3, "old": 0.3}}, trim=None)
    assert result.empty == {"a": ["young"]}
    assert result.converged
    # Among middle and old the targets are 0.5 / 0.5.
    assert shares_of(result.weights, sample, "a", ["middle", "old"]) == pytest.approx([0.5, 0.5])


def test_trimming_bounds_hold():
    rng = np.random.default_rng(1)
    # A very skewed panel: 2 % young against a population with 40 % young.
    sample = [
        {"a": "young" if rng.random() < 0.02 else "old", "g": "w" if rng.random() < 0.7 else "m"} for _ in range(2000)
    ]
    margins = {"a": {"young": 0.4, "old": 0.6}, "g": {"w": 0.5, "m": 0.5}}
    untrimmed = rake(sample, margins, trim=None)
    assert untrimmed.weights.max() > 5
    trimmed = rake(sample, margins, trim=(0.5, 3.0), max_iter=200)
    assert trimmed.weights.min() >= 0.5 - 1e-6
    assert trimmed.weights.max() <= 3.0 + 1e-6
    assert trimmed.weights.mean() == pytest.approx(1.0)
    # The bounds make the age margin unreachable: honest about it.
    assert not trimmed.converged
    assert trimmed.max_error > 0.01
    assert trimmed.design_effect < untrimmed.design_effect


def test_matches_reference_ipf_on_a_random_panel():
    rng = np.random.default_rng(7)
    ages, genders, areas = ["16-24", "25-44", "45-64", "65+"], ["w", "m"], ["n", "e", "s"]
    sample = [
        {
            "a": ages[rng.choice(4, p=[0.1, 0.25, 0.35, 0.3])],
            "g": genders[rng.choice(2, p=[0.6, 0.4])],
            "b": areas[rng.choice(3, p=[0.5, 0.3, 0.2])],
        }
        for _ in range(300)
    ]
    margins = {
        "a": {"16-24": 0.2, "25-44": 0.35, "45-64": 0.25, "65+": 0.2},
        "g": {"w": 0.51, "m": 0.49},
        "b": {"n": 0.3, "e": 0.3, "s": 0.4},
    }
    ours = rake(sample, margins, trim=None, tol=1e-10, max_iter=500)
    assert ours.converged
    assert ours.weights == pytest.approx(reference_ipf(sample, margins, sweeps=200), abs=1e-7)
    for dim, shares in margins.items():
        assert shares_of(ours.weights, sample, dim, list(shares)) == pytest.approx(list(shares.values()), abs=1e-8)


def test_kish():
    assert kish([1, 1, 1, 1]) == (1.0, 4.0)
    deff, n_eff = kish([0.5, 1.5])
    assert deff == pytest.approx(1.25) and n_eff == pytest.approx(1.6)


def test_empty_sample_and_bad_trim():
    result = rake([], {"g": {"w": 1}})
    assert result.n == 0 and result.converged
    with pytest.raises(ValueError):
        rake([{"g": "w"}], {"g": {"w": 1}}, trim=(2.0, 5.0))


CATS = {"a": ["x", "y", "z"], "g": ["w", "m"]}
row = st.fixed_dictionaries({"a": st.sampled_from(CATS["a"] + [None]), "g": st.sampled_from(CATS["g"] + [None])})
share = st.floats(min_value=0.05, max_value=1.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.lists(row, min_size=1, max_size=60),
    a_shares=st.tuples(share, share, share),
    g_shares=st.tuples(share, share),
    trim=st.sampled_from([None, (0.2, 5.0), (0.5, 2.0)]),
)
def test_properties(sample, a_shares, g_shares, trim):
    margins = {"a": dict(zip(CATS["a"], a_shares, strict=True)), "g": dict(zip(CATS["g"], g_shares, strict=True))}
    result = rake(sample, margins, trim=trim, max_iter=300, tol=1e-6)
    w = result.weights
    assert len(w) == len(sample)
    assert np.all(np.isfinite(w)) and np.all(w >= 0)
    assert w.mean() == pytest.approx(1.0)
    assert result.design_effect >= 1.0 - 1e-9
    assert result.effective_n <= len(sample) + 1e-9
    if trim is not None:
        assert w.min() >= trim[0] - 1e-6 and w.max() <= trim[1] + 1e-6
    for dim, cats in CATS.items():
        present = [c for c in cats if any(r[dim] == c for r in sample)]
        assert sorted(result.empty.get(dim, [])) == sorted(set(cats) - set(present))
        assert result.missing.get(dim, 0) == sum(1 for r in sample if r[dim] is None)
        if result.converged and present:
            target = np.array([margins[dim][c] for c in present])
            target = target / target.sum()
            got = shares_of(w, sample, dim, present)
            assert got == pytest.approx(list(target), abs=1e-5)
    # Raking is invariant to the order of the respondents.
    again = rake(list(reversed(sample)), margins, trim=trim, max_iter=300, tol=1e-6)
    assert again.weights[::-1] == pytest.approx(w, abs=1e-6)


def test_weighted_shares_ignores_values_outside_categories():
    assert weighted_shares([1, 3, 5], ["a", "b", None], ["a", "b"]) == [0.25, 0.75]
    assert weighted_shares([1], [None], ["a"]) == [0.0]
    assert math.isclose(sum(weighted_shares([2, 2, 1], ["a", "b", "a"], ["a", "b"])), 1.0)
