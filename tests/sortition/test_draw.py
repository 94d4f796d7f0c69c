"""Commitment, the seeded draw and re-running published material."""

import copy
import hashlib
from collections import Counter

import pytest

from samenspel.sortition import draw
from samenspel.sortition.leximin import Distribution, find_distribution
from samenspel.sortition.quotas import Quota

PEOPLE = {f"p{i:02d}": {"g": "w" if i % 2 else "m", "age": "young" if i < 6 else "old"} for i in range(14)}
QUOTAS = [Quota("g", "w", 2, 2), Quota("g", "m", 2, 2), Quota("age", "young", 1, 3), Quota("age", "old", 1, 3)]
HOUSEHOLDS = {"p00": "Kastanjeplein 1", "p01": "Kastanjeplein 1", "p02": "Oosterpark 9"}
SOURCE = "the Lotto numbers of Saturday 8 May 2027"


@pytest.fixture(scope="module")
def lottery():
    return find_distribution(PEOPLE, QUOTAS, 4, households=HOUSEHOLDS)


def test_commitment_is_stable_and_holds_no_personal_data(lottery):
    with_names = {pid: {**person, "name": f"Name {pid}"} for pid, person in PEOPLE.items()}
    first = draw.commitment(PEOPLE, QUOTAS, 4, SOURCE, HOUSEHOLDS, distribution=lottery)
    assert first == draw.commitment(with_names, QUOTAS, 4, SOURCE, HOUSEHOLDS, distribution=lottery)
    assert len(first) == 64
    data = draw.canonical(with_names, QUOTAS, 4, SOURCE, HOUSEHOLDS)
    text = repr(data)
    assert "Name p00" not in text and "Kastanjeplein" not in text
    assert data["households"] == [["p00", "p01"]]  # a household of one is not a group
    # every part of the input changes it
    assert draw.commitment(PEOPLE, QUOTAS, 5, SOURCE, HOUSEHOLDS) != draw.commitment(
        PEOPLE, QUOTAS, 4, SOURCE, HOUSEHOLDS
    )
    assert draw.commitment(PEOPLE, QUOTAS[:-1] + [Quota("age", "old", 1, 2)], 4, SOURCE) != draw.commitment(
        PEOPLE, QUOTAS, 4, SOURCE
    )
    assert draw.commitment(PEOPLE, QUOTAS, 4, "another source") != draw.commitment(PEOPLE, QUOTAS, 4, SOURCE)
    assert draw.commitment(PEOPLE, QUOTAS, 4, SOURCE) != draw.commitment(PEOPLE, QUOTAS, 4, SOURCE, HOUSEHOLDS)


def test_select_follows_the_documented_rule():
    d = Distribution([("b", "c"), ("a", "b")], [0.75, 0.25], {}, "leximin")
    for seed in ["1 7 12 23 31 40", "x", ""]:
        r = (
            int(hashlib.sha256(f"samenspel-sortition/1\n{seed}".encode()).hexdigest(), 16) % 2**48
        )  # the weights add up to 2**48
        expected = ("a", "b") if r < round(0.25 * 2**48) else ("b", "c")
        assert draw.select(d, seed) == expected
    counts = Counter(draw.select(d, str(seed)) for seed in range(2000))
    assert 0.2 < counts[("a", "b")] / 2000 < 0.3


def test_published_material_verifies(lottery):
    seed = "3 11 19 27 33 41"
    selected = draw.select(lottery, seed)
    material = draw.material(PEOPLE, QUOTAS, 4, SOURCE, seed, lottery, selected, HOUSEHOLDS)
    assert material["commitment"] == draw.commitment(PEOPLE, QUOTAS, 4, SOURCE, HOUSEHOLDS, distribution=lottery)
    result = draw.verify(material)
    assert result["ok"], result["reason"]
    assert result["selected"] == list(selected)
    assert result["largest_difference"] < 1e-9


def test_tampering_is_caught(lottery):
    seed = "3 11 19 27 33 41"
    material = draw.material(PEOPLE, QUOTAS, 4, SOURCE, seed, lottery, draw.select(lottery, seed), HOUSEHOLDS)

    other_panel = copy.deepcopy(material)
    other_panel["selected"] = list(
        lottery.committees[0] if lottery.committees[0] != tuple(material["selected"]) else lottery.committees[1]
    )
    assert draw.verify(other_panel, recompute=False)["reason"].startswith("The seed draws a different panel")

    other_pool = copy.deepcopy(material)
    other_pool["pool"][0]["age"] = "old"
    assert not draw.verify(other_pool)["ok"]
    assert "commitment does not match" in draw.verify(other_pool)["reason"]

    assert "lacks: seed" in draw.verify({k: v for k, v in material.items() if k != "seed"})["reason"]


def test_an_unfair_lottery_with_a_matching_commitment_is_caught(lottery):
    # an organiser who commits to a lottery that is not the fairest: one feasible committee only
    unfair = Distribution([lottery.committees[0]], [1.0], {}, "leximin")
    seed = "anything"
    material = draw.material(PEOPLE, QUOTAS, 4, SOURCE, seed, unfair, unfair.committees[0], HOUSEHOLDS)
    result = draw.verify(material)
    assert not result["ok"]
    assert "not the fairest" in result["reason"]


def test_material_without_a_distribution_is_recomputed(lottery):
    seed = "7"
    material = draw.canonical(PEOPLE, QUOTAS, 4, SOURCE, HOUSEHOLDS)
    material["commitment"] = draw.commitment(PEOPLE, QUOTAS, 4, SOURCE, HOUSEHOLDS)
    material["seed"] = seed
    material["selected"] = list(draw.select(lottery, seed))
    assert draw.verify(material)["ok"]


def test_legacy_material_verifies():
    from samenspel.sortition import legacy

    d = legacy.find_distribution(PEOPLE, QUOTAS, 4, households=HOUSEHOLDS, seed="s")
    material = draw.material(PEOPLE, QUOTAS, 4, SOURCE, "s", d, d.committees[0], HOUSEHOLDS)
    assert draw.verify(material)["ok"]
