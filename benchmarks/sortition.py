"""Speed of drawing by lot (sortition/leximin.py), no database.

Synthetic pools as in the research notes (docs/research/algorithm-anchors.md, section 1): four features
(gender 3 values, age band 5, buurt 4, education 3), the pool skewed against the population (older and
more educated people over-represented), quotas [floor(t) - 1, floor(t) + 1] around t = population share x
seats, 88 addresses per 100 people so that the household rule binds. Python `random` with fixed seeds.

Cases: pool 500 / 20 seats (target < 5 s), pool 2,000 / 100 seats (target < 5 minutes; `--quick` skips it),
and the reference package `sortition-algorithms` on the pool-500 case in the same run: its LEXIMIN when
gurobipy works, else its MAXIMIN (`--no-oracle` skips it). Prints the smallest selection probability, ours
against the reference (smallest chance and the whole sorted profile), and seconds (wall and CPU: the machine
may be shared). Asserts nothing.
"""

import argparse
import csv
import io
import logging
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from samenspel.sortition.leximin import find_distribution  # noqa: E402
from samenspel.sortition.quotas import quotas_from_population  # noqa: E402

POPULATION = {
    "gender": {"woman": 0.50, "man": 0.49, "other": 0.01},
    "age": {"16-24": 0.14, "25-39": 0.26, "40-54": 0.24, "55-69": 0.22, "70+": 0.14},
    "buurt": {"A": 0.25, "B": 0.25, "C": 0.25, "D": 0.25},
    "education": {"low": 0.30, "middle": 0.40, "high": 0.30},
}
POOL = {
    "gender": {"woman": 0.55, "man": 0.43, "other": 0.02},
    "age": {"16-24": 0.08, "25-39": 0.20, "40-54": 0.24, "55-69": 0.30, "70+": 0.18},
    "buurt": {"A": 0.30, "B": 0.20, "C": 0.25, "D": 0.25},
    "education": {"low": 0.15, "middle": 0.35, "high": 0.50},
}


def synthetic(n: int, seats: int, seed: int = 42):
    rnd = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
    people = {
        f"p{i:05d}": {f: rnd.choices(list(v), weights=list(v.values()))[0] for f, v in POOL.items()} for i in range(n)
    }
    households = {pid: f"address {rnd.randrange(int(n * 0.88))}" for pid in people}
    return people, quotas_from_population(POPULATION, seats), households


def ours(n: int, seats: int):
    people, quotas, households = synthetic(n, seats)
    start, cpu = time.perf_counter(), time.process_time()
    d = find_distribution(people, quotas, seats, households=households)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    low = min(d.marginals.values())
    print(
        f"  ours: pool {n:>5} / {seats:>3} seats   {wall:8.1f} s (cpu {cpu:7.1f})   min probability {low:.4f}   "
        f"{len(d.committees)} panels, {d.stats['units']} units, {d.stats['stages']} stages, "
        f"{d.stats['mip_solves']} panel programs, {d.stats['cuts']} cuts"
    )
    return d.marginals


def reference(n: int, seats: int):
    try:
        from sortition_algorithms import CSVStringDataSource, SelectionData, Settings
        from sortition_algorithms.committee_generation import find_distribution_leximin, find_distribution_maximin
        from sortition_algorithms.utils import set_random_provider
    except ImportError:
        print("  reference: sortition-algorithms is not installed")
        return None
    algorithm = "maximin"
    try:
        import gurobipy

        gurobipy.Model().dispose()
        algorithm = "leximin"
    except Exception as error:  # noqa: BLE001 - any failure means Gurobi cannot run here
        print(f"  reference: no working gurobipy ({error}); using its MAXIMIN")
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    people, quotas, households = synthetic(n, seats)
    features_csv, people_csv = io.StringIO(), io.StringIO()
    w = csv.writer(features_csv)
    w.writerow(["feature", "value", "min", "max"])
    w.writerows([q.feature, q.value, q.min, q.max] for q in quotas)
    w = csv.writer(people_csv)
    w.writerow(["id", *POOL, "address"])
    w.writerows([pid, *(p[f] for f in POOL), households[pid]] for pid, p in people.items())
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
    run = find_distribution_leximin if algorithm == "leximin" else find_distribution_maximin
    set_random_provider(0)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        committees, probabilities, _ = run(features, pool, seats, ["address"])
    except Exception as error:  # noqa: BLE001 - e.g. Gurobi's size limit: report it, as the research notes do
        print(f"  reference {algorithm}: fails: {type(error).__name__}: {error}")
        return None
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    chances = dict.fromkeys(people, 0.0)
    for committee, p in zip(committees, probabilities, strict=True):
        for pid in committee:
            chances[pid] += p
    print(
        f"  reference {algorithm} (highspy): pool {n} / {seats} seats   {wall:8.1f} s (cpu {cpu:7.1f})   "
        f"min probability {min(chances.values()):.4f}"
    )
    return chances


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the pool of 2,000")
    parser.add_argument("--no-oracle", action="store_true", help="skip the reference package")
    args = parser.parse_args()
    print("Sortition (LEXIMIN on HiGHS), synthetic pools with 4 features and households")
    mine = ours(500, 20)
    if not args.no_oracle:
        theirs = reference(500, 20)
        if theirs:
            gap = max(abs(a - b) for a, b in zip(sorted(mine.values()), sorted(theirs.values()), strict=True))
            low = abs(min(mine.values()) - min(theirs.values()))
            print(
                f"  ours against the reference: smallest chance differs by {low:.6f}, "
                f"sorted profile by at most {gap:.6f}"
            )
    if not args.quick:
        ours(2000, 100)


if __name__ == "__main__":
    main()
