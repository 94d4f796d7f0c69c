"""Our LEXIMIN against the `sortition-algorithms` package (GPL-3.0, a test oracle only, never imported by the
application) on seeded synthetic pools with households. Its LEXIMIN needs Gurobi (gurobipy with its
size-limited free licence, enough for these small pools); its MAXIMIN runs on HiGHS. Our smallest chance
must equal theirs within 0.005 (and never be lower than their MAXIMIN minus 0.005)."""

import csv
import io
import logging
import random

import pytest

from samenspel.sortition.leximin import find_distribution
from samenspel.sortition.quotas import quotas_from_population

sortition_algorithms = pytest.importorskip("sortition_algorithms", reason="the reference package is not installed")

POPULATION = {
    "gender": {"woman": 0.50, "man": 0.49, "other": 0.01},
    "age": {"16-34": 0.30, "35-64": 0.45, "65+": 0.25},
    "buurt": {"Oost": 0.5, "West": 0.5},
}
POOL = {
    "gender": {"woman": 0.55, "man": 0.42, "other": 0.03},
    "age": {"16-34": 0.15, "35-64": 0.45, "65+": 0.40},
    "buurt": {"Oost": 0.6, "West": 0.4},
}


def synthetic(seed: int, n: int, seats: int):
    rnd = random.Random(seed)
    people = {
        f"p{i:03d}": {f: rnd.choices(list(v), weights=list(v.values()))[0] for f, v in POOL.items()} for i in range(n)
    }
    households = {pid: f"address {rnd.randrange(int(n * 0.85))}" for pid in people}
    return people, quotas_from_population(POPULATION, seats), households


def reference(people, quotas, seats, households, algorithm):
    from sortition_algorithms import CSVStringDataSource, SelectionData, Settings
    from sortition_algorithms.committee_generation import find_distribution_leximin, find_distribution_maximin

    features_csv = io.StringIO()
    w = csv.writer(features_csv)
    w.writerow(["feature", "value", "min", "max"])
    for q in quotas:
        w.writerow([q.feature, q.value, q.min, q.max])
    people_csv = io.StringIO()
    w = csv.writer(people_csv)
    names = list(POOL)
    w.writerow(["id", *names, "address"])
    for pid, person in people.items():
        w.writerow([pid, *(person[f] for f in names), households[pid]])
    data = SelectionData(CSVStringDataSource(features_csv.getvalue(), people_csv.getvalue()))
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=True,
        check_same_address_columns=["address"],
        selection_algorithm=algorithm,
        solver_backend="highspy",
        random_number_seed=0,
    )
    features, _ = data.load_features(number_to_select=seats)
    pool, _ = data.load_people(settings, features)
    from sortition_algorithms.utils import set_random_provider

    run = find_distribution_leximin if algorithm == "leximin" else find_distribution_maximin
    set_random_provider(0)  # its warm start draws random weights: make the oracle repeatable
    try:
        committees, probabilities, _ = run(features, pool, seats, ["address"])
    finally:
        set_random_provider(None)
    chances = dict.fromkeys(people, 0.0)
    for committee, p in zip(committees, probabilities, strict=True):
        for pid in committee:
            chances[pid] += p
    return chances


@pytest.fixture(autouse=True)
def quiet_reference():
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)


@pytest.mark.parametrize(("seed", "n", "seats"), [(1, 60, 8), (2, 90, 10)])
def test_minimum_equals_reference_maximin(seed, n, seats):
    people, quotas, households = synthetic(seed, n, seats)
    ours = find_distribution(people, quotas, seats, households=households).marginals
    theirs = reference(people, quotas, seats, households, "maximin")
    assert min(ours.values()) >= min(theirs.values()) - 0.005
    assert min(ours.values()) == pytest.approx(min(theirs.values()), abs=0.005)


def test_profile_equals_reference_leximin():
    try:
        import gurobipy

        gurobipy.Model().dispose()
    except Exception as error:  # noqa: BLE001 - any failure means the oracle cannot run here
        pytest.skip(f"the reference LEXIMIN needs a working gurobipy: {error}")
    people, quotas, households = synthetic(3, 60, 8)
    ours = find_distribution(people, quotas, seats=8, households=households).marginals
    try:
        theirs = reference(people, quotas, 8, households, "leximin")
    except Exception as error:  # noqa: BLE001
        if "license" in str(error).lower() or "too large" in str(error).lower():
            pytest.skip(f"Gurobi's size-limited licence refuses the reference run: {error}")
        raise
    # The minimum equals the reference's MAXIMIN (an exact LP) within the 0.005.
    assert min(ours.values()) == pytest.approx(
        min(reference(people, quotas, 8, households, "maximin").values()), abs=0.005
    )
    # The whole sorted profile: an exact LEXIMIN lottery is lexicographically at least as good as any other
    # lottery, the reference's included. Ours is exact (test_leximin_exact checks it against brute force);
    # the reference stops each stage within EPS = 0.0005 and now and then ends a stage early (its minimum
    # was 0.107 against a maximin of 0.129 once), so its profile is a lower bound, not an equal. A loose
    # tolerance would be wrong here: the reference can give up 0.00002 at one level and so gain 0.001 at a
    # later one (a CI run saw 0.1679 against our 0.1667), so the first difference beyond float noise decides.
    for mine, reference_value in zip(sorted(ours.values()), sorted(theirs.values()), strict=True):
        if abs(mine - reference_value) > 1e-6:
            assert mine > reference_value
            break
