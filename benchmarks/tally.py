"""Speed of counting participatory budgets (budgeting/tally.py and pbfile.py), no database.

The synthetic instance of the research notes (docs/research/algorithm-anchors.md, section 2):
50 projects costing 20,000..400,000 in steps of 5,000, a budget of 2,000,000 and 20,000
approval voters in two blocs (70/30) whose tastes differ on every third project, project
popularity Beta(1.2, 5), seeded. Also a synthetic instance at the scale of Łódź 2022 (90,000
voters x 160 projects), the three real elections in tests/budgeting/data, and pabutools
(floats, run once) on the 20,000-voter instance for the ratio. `--no-oracle` skips pabutools.

Prints figures; asserts nothing. Targets (issue 5): MES + Add1 + greedy on the 20,000-voter
instance under 0.5 s; MES with Add1 at the Łódź scale under 2 s.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from samenspel.budgeting import pbfile  # noqa: E402
from samenspel.budgeting.tally import tally  # noqa: E402

DATA = ROOT / "tests" / "budgeting" / "data"


def synthetic(seed: int, voters: int, projects: int, budget: int, popularity_scale: float = 1.0) -> pbfile.PbFile:
    """Two blocs (70/30) with the same popularity, except on every third project."""
    rng = np.random.default_rng(seed)
    costs = rng.choice(np.arange(20_000, 400_001, 5_000), size=projects)
    first = rng.beta(1.2, 5, size=projects) * popularity_scale
    second = first.copy()
    differ = np.arange(projects) % 3 == 0
    second[differ] = rng.beta(1.2, 5, size=int(differ.sum())) * popularity_scale
    bloc = rng.random(voters) < 0.7
    approves = rng.random((voters, projects)) < np.where(bloc[:, None], first[None, :], second[None, :])
    ids = [str(k + 1) for k in range(projects)]
    votes = approves.sum(axis=0)
    meta = {
        "description": f"Synthetic instance, seed {seed}",
        "country": "Netherlands",
        "unit": "Benchmark",
        "num_projects": str(projects),
        "num_votes": str(voters),
        "budget": str(budget),
        "vote_type": "approval",
        "rule": "equalshares/add1",
    }
    rows = [
        {"project_id": pid, "cost": int(c), "votes": str(int(v))} for pid, c, v in zip(ids, costs, votes, strict=True)
    ]
    ballots = [
        {"voter_id": str(i + 1), "vote": [ids[j] for j in np.flatnonzero(row)]} for i, row in enumerate(approves)
    ]
    return pbfile.PbFile(meta, rows, ballots, ["project_id", "cost", "votes"], ["voter_id", "vote"])


def timed(fn, repeat=3):
    """((wall seconds, CPU seconds) of the median run, result). CPU time is shown too because
    the machine may be shared: it is what this process itself used."""
    samples, result = [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        samples.append((time.perf_counter() - start, time.process_time() - cpu))
    return sorted(samples)[len(samples) // 2], result


def line(what: str, seconds: tuple[float, float], extra: str = "") -> None:
    wall, cpu = seconds
    print(f"  {what:<60} {wall * 1000:8.1f} ms (cpu {cpu * 1000:7.1f})  {extra}")


def pabutools_add1_greedy(text: str, ours: tuple[str, ...]) -> tuple[float, float] | None:
    try:
        import pabutools.fractions
        from pabutools.election import Cost_Sat
        from pabutools.election.pabulib import parse_pabulib_from_string
        from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares
    except ImportError:
        print("  pabutools is not installed (pip install -e '.[dev]'): no ratio")
        return None
    pabutools.fractions.FRACTION = "float"
    start, cpu = time.perf_counter(), time.process_time()
    instance, profile = parse_pabulib_from_string(text)
    outcome = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )
    seconds = (time.perf_counter() - start, time.process_time() - cpu)
    same = sorted(p.name for p in outcome) == sorted(ours)
    line("pabutools 1.2.3 (floats): parse + MES + Add1 + greedy", seconds, f"same outcome: {'yes' if same else 'NO'}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-oracle", action="store_true", help="skip the pabutools run (about 20-40 s)")
    args = parser.parse_args()
    print(f"Counting participatory budgets (tally.py), numpy {np.__version__}, Python {sys.version.split()[0]}")
    print("Wall-clock time of the median of 3 runs (one run at the Łódź scale), with its CPU time.")

    pb = synthetic(1, 20_000, 50, 2_000_000)
    text = pbfile.write(pb)
    lengths = [len(v["vote"]) for v in pb.votes]
    print(f"\nSynthetic: 20,000 approval voters x 50 projects, budget 2,000,000, mean ballot {np.mean(lengths):.1f}")
    parse_seconds, parsed = timed(lambda: pbfile.parse(text))
    line("parse the .pb file", parse_seconds, f"{len(text) / 1e6:.1f} MB")
    election_seconds, election = timed(parsed.election)
    line("to a tally.Election", election_seconds)
    figures = {}
    for rule, label in [
        ("mes", "MES, cost utilities, no completion"),
        ("mes-add1-greedy", "MES + Add1 (stop when exhaustive) + greedy   [< 500 ms]"),
        ("mes-add1-overspend", "MES + Add1 until the next step would overspend"),
        ("greedy", "greedy by votes"),
        ("phragmen", "sequential Phragmén"),
    ]:
        seconds, outcome = timed(lambda rule=rule: tally(election, rule))
        figures[rule] = (seconds, outcome)
        rounds = f", {outcome.rounds} Add1 steps" if outcome.rounds is not None else ""
        line(label, seconds, f"{len(outcome.selected)} projects, {outcome.cost:,}{rounds}")
    seconds, outcome = timed(lambda: tally(election, "mes", utility="cardinality"))
    line("MES, cardinality utilities", seconds, f"{len(outcome.selected)} projects")

    print("\nŁódź 2022 scale (synthetic): 90,000 approval voters x 160 projects, budget 8,000,000")
    lodz = synthetic(2, 90_000, 160, 8_000_000, popularity_scale=0.4)
    lodz_election = lodz.election()
    print(f"  mean ballot {np.mean([len(v['vote']) for v in lodz.votes]):.1f}")
    for rule, label in [
        ("mes", "MES, no completion"),
        ("mes-add1", "MES + Add1 (stop when exhaustive)   [< 2 s]"),
        ("mes-add1-overspend", "MES + Add1 until the next step would overspend   [< 2 s]"),
    ]:
        seconds, outcome = timed(lambda rule=rule: tally(lodz_election, rule), repeat=1)
        rounds = f", {outcome.rounds} Add1 steps" if outcome.rounds is not None else ""
        line(label, seconds, f"{len(outcome.selected)} projects, {outcome.cost:,}{rounds}")

    print("\nReal elections (tests/budgeting/data), with the rule that reproduces the official outcome")
    for name, rule in [
        ("Netherlands_Assen_2024", "mes-add1"),
        ("Poland_Swiecie_2023", "mes-add1"),
        ("Poland_Wieliczka_2023_Green_Budget", "mes-add1-overspend"),
    ]:
        content = (DATA / f"{name}.pb").read_text(encoding="utf-8")
        parse_seconds, real = timed(lambda content=content: pbfile.parse(content))
        seconds, outcome = timed(lambda real=real, rule=rule: tally(real.election(), rule))
        official = {p["project_id"] for p in real.projects if p.get("selected") == "1"}
        match = (
            "matches the official outcome" if set(outcome.selected) == official else "DIFFERS from the official outcome"
        )
        both = (parse_seconds[0] + seconds[0], parse_seconds[1] + seconds[1])
        line(f"{name[:34]} ({len(real.votes)} x {len(real.projects)}) {rule}", both, match)

    if not args.no_oracle:
        print("\npabutools on the 20,000-voter instance (run once)")
        theirs = pabutools_add1_greedy(text, figures["mes-add1-greedy"][1].selected)
        if theirs:
            count = figures["mes-add1-greedy"][0]
            ours = [parse_seconds[i] + election_seconds[i] + count[i] for i in (0, 1)]
            line("tally.py: parse + MES + Add1 + greedy", tuple(ours))
            wall, cpu = theirs[0] / ours[0], theirs[1] / ours[1]
            print(f"  ratio pabutools / tally.py, both including the parse: {wall:,.0f}x wall, {cpu:,.0f}x cpu")
            wall, cpu = theirs[0] / count[0], theirs[1] / count[1]
            print(f"  ratio against the count alone (MES + Add1 + greedy): {wall:,.0f}x wall, {cpu:,.0f}x cpu")


if __name__ == "__main__":
    main()
