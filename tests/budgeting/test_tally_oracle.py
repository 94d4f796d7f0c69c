"""tally.py against pabutools (GPL-3.0, a test-only oracle: the application never imports it)
on seeded random elections: approval and cumulative ballots, cost and cardinality utilities,
every rule. pabutools counts with exact fractions and is given our tie-breaking (more votes,
then the lot), so ties are allowed and must be broken the same way."""

import random
from pathlib import Path

import pytest
from pabutools.election import Additive_Cardinal_Sat as PointsSat
from pabutools.election import (
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
    parse_pabulib,
)
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)
from pabutools.tiebreaking import TieBreakingRule

from samenspel.budgeting import tally as tally_module
from samenspel.budgeting.tally import Election, lot_order, tally

RULES = ("greedy", "mes", "mes-add1", "mes-add1-greedy", "mes-add1-overspend", "phragmen")


def _points_times_cost(instance, profile, ballot, project, precomputed_values):
    return ballot.get(project, 0) * project.cost


class PointsCostSat(AdditiveSatisfaction):
    """Cumulative ballot, utility = points x cost (our utility="cost")."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, _points_times_cost)


def random_election(rng: random.Random, cumulative: bool) -> Election:
    m = rng.randint(3, 9)
    n = rng.randint(4, 22)
    ids = [f"p{k}" for k in range(m)]
    costs = {pid: rng.randint(1, 12) * rng.choice([1, 5, 10]) for pid in ids}
    ballots = []
    for _ in range(n):
        chosen = rng.sample(ids, rng.randint(1, min(4, m)))
        ballots.append({pid: (rng.randint(1, 5) if cumulative else 1) for pid in chosen})
    for pid in ids:  # every project has a vote (pabutools would also fund projects nobody chose)
        if not any(pid in ballot for ballot in ballots):
            ballots[rng.randrange(n)][pid] = 1
    total = sum(costs.values())
    # Less than all projects together, so that Add1 ends by overspending.
    budget = rng.randint(max(1, total // 4), max(2, (2 * total) // 3))
    return Election(budget=budget, costs=costs, ballots=ballots)


def oracle(election: Election, rule: str, utility: str, lot: list[str]) -> list[str]:
    projects = {pid: Project(pid, cost) for pid, cost in election.costs.items()}
    instance = Instance(projects.values(), budget_limit=election.budget)
    if any(points != 1 for ballot in election.ballots for points in ballot.values()):
        ballots = [CumulativeBallot({projects[p]: v for p, v in b.items()}) for b in election.ballots]
        profile = CumulativeProfile(ballots, instance=instance)
        sat, greedy_sat = (PointsCostSat if utility == "cost" else PointsSat), PointsCostSat
    else:
        profile = ApprovalProfile(
            [ApprovalBallot([projects[p] for p in b]) for b in election.ballots], instance=instance
        )
        sat, greedy_sat = (Cost_Sat if utility == "cost" else Cardinality_Sat), Cost_Sat
    votes = {pid: sum(b.get(pid, 0) for b in election.ballots) for pid in election.costs}
    rank = {pid: k for k, pid in enumerate(lot)}
    tie = TieBreakingRule(lambda inst, prof, project: (-votes[project.name], rank[project.name]))
    mes = {"sat_class": sat, "tie_breaking": tie}
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=greedy_sat, tie_breaking=tie)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, **mes)
    elif rule == "mes-add1":
        outcome = method_of_equal_shares(instance, profile, voter_budget_increment=1, **mes)
    elif rule == "mes-add1-greedy":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [mes | {"voter_budget_increment": 1}, {"sat_class": greedy_sat, "tie_breaking": tie}],
        )
    elif rule == "mes-add1-overspend":
        outcome = exhaustion_by_budget_increase(
            instance,
            profile,
            method_of_equal_shares,
            dict(mes),
            exhaustive_stop=False,
            budget_step=len(election.ballots),
        )
    else:
        outcome = sequential_phragmen(instance, profile, tie_breaking=tie)
    return [project.name for project in outcome]


def compare(election: Election, cumulative: bool, lot: list[str]) -> list[str]:
    problems = []
    for rule in RULES:
        if rule == "phragmen" and cumulative:
            continue  # pabutools' Phragmén takes approval ballots only
        for utility in ("cost", "cardinality") if rule.startswith("mes") else ("cost",):
            ours = tally(election, rule, utility=utility, lot=lot).selected
            theirs = oracle(election, rule, utility, lot)
            # greedy and plain MES return the order of selection; the others a set
            same = list(ours) == theirs if rule in ("greedy", "mes") else sorted(ours) == sorted(theirs)
            if not same:
                problems.append(f"{rule}/{utility}: ours {list(ours)}, pabutools {theirs}, {election}")
    return problems


@pytest.mark.parametrize("seed", range(12))
def test_agrees_with_pabutools_on_random_elections(seed):
    rng = random.Random(seed)
    problems = []
    for k in range(14):
        cumulative = k % 2 == 1
        election = random_election(rng, cumulative)
        problems += compare(election, cumulative, lot_order(f"{seed}-{k}", election.costs))
    assert problems == []


@pytest.mark.parametrize("path", ["exact", "exact-slow", "sorting"])
def test_exact_counting_agrees_with_pabutools(monkeypatch, path):
    """Every MES count done exactly (as when floats cannot decide); with the slow exact price
    from all supporters' exact budgets; and with float prices found by sorting the supporters."""
    if path == "sorting":
        monkeypatch.setattr(tally_module, "_ITERATIONS", -1)
    else:
        monkeypatch.setattr(tally_module._Mes, "count", lambda self, b0: self.run(b0, exact=True).chosen)
    if path == "exact-slow":
        monkeypatch.setattr(
            tally_module._Mes, "exact_price", lambda self, j, b, ex, ev, b0: self._exact_price_slow(j, ex)
        )
    rng = random.Random(99)
    problems = []
    for k in range(30):
        cumulative = k % 2 == 1
        election = random_election(rng, cumulative)
        problems += compare(election, cumulative, lot_order(str(k), election.costs))
    assert problems == []


def test_assen_2024_agrees_with_pabutools():
    path = Path(__file__).parent / "data" / "Netherlands_Assen_2024.pb"
    instance, profile = parse_pabulib(str(path))
    from samenspel.budgeting import pbfile

    election = pbfile.parse(path).election()
    lot = lot_order("", election.costs)
    votes = {pid: sum(pid in b for b in election.ballots) for pid in election.costs}
    rank = {pid: k for k, pid in enumerate(lot)}
    tie = TieBreakingRule(lambda inst, prof, project: (-votes[project.name], rank[project.name]))
    theirs = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1, tie_breaking=tie)
    assert sorted(tally(election, "mes-add1").selected) == sorted(p.name for p in theirs)
