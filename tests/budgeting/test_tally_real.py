"""The three real elections decided with the Method of Equal Shares (pabulib files in data/):
the tally must reproduce the official winners (the `selected` column) exactly."""

from fractions import Fraction
from pathlib import Path

import pytest

from samenspel.budgeting import pbfile
from samenspel.budgeting.tally import tally, voter_share

DATA = Path(__file__).parent / "data"
ASSEN = DATA / "Netherlands_Assen_2024.pb"
SWIECIE = DATA / "Poland_Swiecie_2023.pb"
WIELICZKA = DATA / "Poland_Wieliczka_2023_Green_Budget.pb"


def load(path):
    pb = pbfile.parse(path)
    official = {p["project_id"] for p in pb.projects if p.get("selected") == "1"}
    return pb, official


@pytest.mark.parametrize(
    ("path", "rule", "winners", "cost"),
    [
        (ASSEN, "mes-add1", 9, 76_700),
        (SWIECIE, "mes-add1", 17, None),
        (WIELICZKA, "mes-add1-overspend", 30, 995_079),
    ],
)
def test_official_outcome_is_reproduced(path, rule, winners, cost):
    pb, official = load(path)
    outcome = tally(pb.election(), rule)
    assert set(outcome.selected) == official
    assert len(outcome.selected) == winners
    assert outcome.cost == sum(p["cost"] for p in pb.projects if p["project_id"] in official)
    if cost is not None:
        assert outcome.cost == cost
    # The rule the file's META names is the one that reproduces it.
    assert pb.rule == rule


def test_assen_2024_with_greedy_completion_funds_one_more_project():
    pb, official = load(ASSEN)
    outcome = tally(pb.election(), "mes-add1-greedy")
    extra = set(outcome.selected) - official
    assert official <= set(outcome.selected)
    assert len(extra) == 1
    (project,) = extra
    assert outcome.to_dict()["projects"][project]["kind"] == "greedy"
    assert outcome.cost == 76_700 + next(p["cost"] for p in pb.projects if p["project_id"] == project)
    assert outcome.cost <= 100_000


def test_wieliczka_stopping_at_the_first_exhaustive_outcome_differs_from_the_published_result():
    pb, official = load(WIELICZKA)
    outcome = tally(pb.election(), "mes-add1")
    assert len(outcome.selected) == 31
    assert outcome.cost == 984_579
    assert set(outcome.selected) - official == {"66", "67"}
    assert official - set(outcome.selected) == {"46"}


def test_every_voter_share_adds_up_to_the_cost_of_each_project():
    pb, official = load(ASSEN)
    election = pb.election()
    result = tally(election, "mes-add1").to_dict()
    share = Fraction(result["per_voter_budget"])
    assert share == Fraction(100_000, 84) + result["rounds"]
    paid = dict.fromkeys(result["selected"], 0)
    for ballot in election.ballots:
        spent = voter_share(result, ballot)
        assert sum(spent.values()) <= share + len(spent)  # never more than the share (give or take rounding)
        for project, amount in spent.items():
            paid[project] += amount
    for project in result["selected"]:
        cost = result["projects"][project]["cost"]
        assert abs(paid[project] - cost) <= result["projects"][project]["supporters_paying"]
        assert result["projects"][project]["paid_by_supporters"] == cost
    not_chosen = [p for p, info in result["projects"].items() if not info["selected"]]
    assert all(0 <= result["projects"][p]["effective_support"] < 1 for p in not_chosen)
