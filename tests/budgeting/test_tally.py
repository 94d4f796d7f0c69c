"""The counting rules on small hand-made elections whose outcome can be checked by hand."""

import hashlib
import json
from fractions import Fraction

import pytest

from samenspel.budgeting import tally as tally_module
from samenspel.budgeting.tally import Election, TallyError, lot_order, tally, voter_share


def approval(*groups):
    """Ballots from (count, [project ids]) pairs."""
    return [dict.fromkeys(ids, 1) for count, ids in groups for _ in range(count)]


# Seven voters like the A-projects, three like the B-projects; every project costs 30.
MAJORITY = Election(
    budget=100,
    costs={"A1": 30, "A2": 30, "A3": 30, "B1": 30, "B2": 30},
    ballots=approval((7, ["A1", "A2", "A3"]), (3, ["B1", "B2"])),
)
LOT = ["A1", "A2", "A3", "B1", "B2"]


# --- greedy -------------------------------------------------------------------------------


def test_greedy_takes_most_votes_first_and_skips_what_does_not_fit():
    election = Election(
        budget=100,
        costs={"a": 60, "b": 50, "c": 40, "d": 10},
        ballots=approval((5, ["a"]), (4, ["b"]), (3, ["c"])),
    )
    outcome = tally(election, "greedy")
    assert outcome.selected == ("a", "c")
    assert outcome.cost == 100
    result = outcome.to_dict()
    assert result["projects"]["b"]["reason"] == "over_budget"
    assert result["projects"]["d"]["reason"] == "no_votes"
    assert result["projects"]["a"] == {
        "cost": 60,
        "votes": 5,
        "selected": True,
        "order": 1,
        "kind": "greedy",
        "reason": "selected",
        "effective_support": None,
        "paid_by_supporters": 0,
        "supporters_paying": 0,
    }
    assert result["per_voter_budget"] is None
    assert [step["kind"] for step in result["steps"]] == ["greedy", "greedy"]


def test_greedy_majority_takes_everything():
    assert tally(MAJORITY, "greedy", lot=LOT).selected == ("A1", "A2", "A3")


def test_greedy_with_area_caps_amsterdam_style():
    election = Election(
        budget=200,
        costs={"n1": 60, "n2": 50, "s1": 70, "s2": 40},
        ballots=approval((9, ["n1"]), (8, ["n2"]), (7, ["s1"]), (6, ["s2"])),
        areas={"n1": "north", "n2": "north", "s1": "south", "s2": "south"},
        area_caps={"north": 100},
    )
    outcome = tally(election, "greedy")
    assert outcome.selected == ("n1", "s1", "s2")
    assert outcome.to_dict()["projects"]["n2"]["reason"] == "area_cap"
    # Without the cap, the second northern project fits.
    uncapped = Election(election.budget, election.costs, election.ballots)
    assert tally(uncapped, "greedy").selected == ("n1", "n2", "s1")


def test_greedy_cumulative_counts_points():
    # a: 3 voters, 5 points; b: 1 voter, 6 points. Only one fits: the points decide.
    election = Election(budget=50, costs={"a": 30, "b": 30}, ballots=[{"a": 1, "b": 6}, {"a": 3}, {"a": 1}])
    outcome = tally(election, "greedy")
    assert outcome.selected == ("b",)
    assert outcome.to_dict()["projects"]["a"]["votes"] == 5
    assert outcome.to_dict()["projects"]["b"]["votes"] == 6


def test_ties_go_to_more_votes_then_the_lot_never_the_id():
    election = Election(budget=30, costs={"x": 30, "y": 30}, ballots=approval((2, ["x", "y"])))
    assert tally(election, "greedy", lot=["y", "x"]).selected == ("y",)
    assert tally(election, "greedy", lot=["x", "y"]).selected == ("x",)
    # Without a lot the default lot_order("", ids) decides, and the result says none was given.
    default = tally(election, "greedy")
    assert default.selected == (lot_order("", ["x", "y"])[0],)
    assert default.to_dict()["lot"] is None
    assert tally(election, "greedy", lot=["y", "x"]).to_dict()["lot"] == ["y", "x"]
    # More votes beat the lot.
    more = Election(budget=30, costs={"x": 30, "y": 30}, ballots=approval((2, ["x", "y"]), (1, ["y"])))
    assert tally(more, "greedy", lot=["x", "y"]).selected == ("y",)


def test_lot_order_is_sha256_of_seed_and_id():
    ids = ["10", "2", "7", "abc"]
    expected = sorted(ids, key=lambda pid: hashlib.sha256(f"oosterpark-2026:{pid}".encode()).hexdigest())
    assert lot_order("oosterpark-2026", ids) == expected
    assert lot_order("oosterpark-2026", reversed(ids)) == expected
    assert lot_order("another seed", ids) != expected or len(ids) < 2


# --- Method of Equal Shares ----------------------------------------------------------------


def test_mes_is_proportional_where_greedy_is_not():
    outcome = tally(MAJORITY, "mes", lot=LOT)
    # Each voter has 10. The seven pay 30/7 each for A1 and A2; A3 would need 30 from the
    # 10 they have left together; the three pay 10 each for B1.
    assert outcome.selected == ("A1", "A2", "B1")
    assert [step.rho for step in outcome.steps] == [Fraction(1, 7), Fraction(1, 7), Fraction(1, 3)]
    result = outcome.to_dict()
    assert result["per_voter_budget"] == "10"
    assert [step["rho"] for step in result["steps"]] == ["1/7", "1/7", "1/3"]
    assert result["projects"]["A3"]["reason"] == "not_affordable"
    assert result["projects"]["A3"]["effective_support"] == pytest.approx(1 / 3)
    assert result["projects"]["B2"]["effective_support"] == 0.0
    assert result["projects"]["A1"]["effective_support"] == 1.0
    assert result["projects"]["A1"]["paid_by_supporters"] == 30
    assert result["projects"]["A1"]["supporters_paying"] == 7
    assert result["projects"]["B1"]["supporters_paying"] == 3
    json.dumps(result)  # stored as JSON


def test_voter_share_replays_the_steps_for_one_ballot():
    result = tally(MAJORITY, "mes", lot=LOT).to_dict()
    assert voter_share(result, {"A1": 1, "A2": 1, "A3": 1}) == {"A1": 4, "A2": 4}  # 30/7 = 4.29 each
    assert voter_share(result, {"B1": 1, "B2": 1}) == {"B1": 10}
    assert voter_share(result, {}) == {}
    # Greedy steps: funded, not paid from a share.
    completed = tally(
        Election(budget=50, costs={"a": 30, "b": 20, "c": 60}, ballots=[{"a": 1, "b": 1}, {"c": 1}, {"c": 1}]),
        "mes-add1-greedy",
    ).to_dict()
    assert voter_share(completed, {"a": 1, "b": 1}) == {"b": 20, "a": 0}
    greedy = tally(MAJORITY, "greedy", lot=LOT).to_dict()
    assert voter_share(greedy, {"A1": 1, "B1": 1}) == {"A1": 0}


def test_voter_shares_add_up_to_the_cost_of_each_mes_project():
    election = Election(
        budget=1000,
        costs={"a": 300, "b": 250, "c": 200, "d": 100},
        ballots=[{"a": 1, "b": 1}, {"a": 1}, {"a": 1, "c": 1}, {"b": 1, "d": 1}, {"c": 1, "d": 1}, {"b": 1}],
    )
    outcome = tally(election, "mes-add1")
    result = outcome.to_dict()
    exact = {}
    for ballot in election.ballots:
        left = Fraction(result["per_voter_budget"])
        for step in result["steps"]:
            if step["project"] in ballot:
                pay = min(left, Fraction(step["rho"]) * election.costs[step["project"]])
                left -= pay
                exact[step["project"]] = exact.get(step["project"], 0) + pay
    assert exact == {pid: election.costs[pid] for pid in outcome.selected}


def test_add1_stops_when_exhaustive_but_overspend_variant_goes_on():
    # Voter 1 likes b and c, voter 2 b, voter 3 a. With 33.33 each nothing is affordable.
    # Raising the shares by 1: at 40.33 (7 steps) c is bought and nothing else fits (exhaustive);
    # going on, at 45.33 b is bought instead, until at 85.33 b and c together would overspend.
    election = Election(budget=100, costs={"a": 90, "b": 90, "c": 40}, ballots=[{"b": 1, "c": 1}, {"b": 1}, {"a": 1}])
    assert tally(election, "mes").selected == ()
    add1 = tally(election, "mes-add1")
    assert add1.selected == ("c",)
    assert add1.rounds == 7
    assert add1.per_voter_budget == Fraction(100, 3) + 7
    assert add1.to_dict()["increment"] == 1
    overspend = tally(election, "mes-add1-overspend")
    assert overspend.selected == ("b",)
    assert overspend.rounds == 51
    assert tally(election, "mes-add1-greedy").selected == ("c",)
    # A larger increment walks the same line in bigger steps.
    assert tally(election, "mes-add1", increment=10).selected == ("c",)
    assert tally(election, "mes-add1", increment=10).rounds == 1


def test_add1_keeps_the_last_outcome_before_overspending_and_greedy_completes():
    # b is bought at a share of 20.67; at 30.67 c would be bought as well: 80 > 50.
    election = Election(budget=50, costs={"a": 30, "b": 20, "c": 60}, ballots=[{"a": 1, "b": 1}, {"c": 1}, {"c": 1}])
    add1 = tally(election, "mes-add1")
    assert add1.selected == ("b",)
    assert add1.rounds == 13
    greedy = tally(election, "mes-add1-greedy")
    assert greedy.selected == ("b", "a")
    assert [step.kind for step in greedy.steps] == ["mes", "greedy"]
    result = greedy.to_dict()
    assert result["projects"]["a"]["kind"] == "greedy"
    assert result["projects"]["a"]["paid_by_supporters"] == 0
    assert result["projects"]["c"]["reason"] == "over_budget"
    assert add1.to_dict()["projects"]["a"]["reason"] == "not_affordable"


def test_mes_ties_on_price_go_to_more_votes_then_the_lot():
    # Cardinality utility: price = cost / votes. x: 20 / 4 = 5, y: 10 / 2 = 5, z: 10 / 2 = 5.
    election = Election(
        budget=40,
        costs={"x": 20, "y": 10, "z": 10},
        ballots=approval((2, ["x", "y"]), (2, ["x", "z"])),
    )
    assert tally(election, "mes", utility="cardinality", lot=["z", "y", "x"]).selected[:1] == ("x",)
    assert tally(election, "mes", utility="cardinality", lot=["z", "y", "x"]).selected == ("x", "z", "y")
    assert tally(election, "mes", utility="cardinality", lot=["y", "z", "x"]).selected == ("x", "y", "z")


def test_mes_cumulative_points_with_cardinality_and_cost_utility():
    # Voter 1 puts 3 points on a and 1 on b; voter 2 puts 4 points on b. Each has 10.
    election = Election(budget=20, costs={"a": 12, "b": 10}, ballots=[{"a": 3, "b": 1}, {"b": 4}])
    points = tally(election, "mes", utility="cardinality")
    # b: price 10 / 5 points = 2 per point; voter 1 pays 2, voter 2 pays 8.
    # a: only voter 1, who has 10 left at most, cannot pay 12.
    assert points.selected == ("b",)
    assert points.steps[0].rho == Fraction(2)
    result = points.to_dict()
    assert voter_share(result, {"a": 3, "b": 1}) == {"b": 2}
    assert voter_share(result, {"b": 4}) == {"b": 8}
    assert result["projects"]["a"]["effective_support"] == pytest.approx(8 / 12)
    cost = tally(election, "mes", utility="cost")
    assert cost.steps[0].rho == Fraction(1, 5)  # utility points x cost: 10 / (5 x 10)
    assert voter_share(cost.to_dict(), {"b": 4}) == {"b": 8}


def test_projects_that_cost_nothing_come_first_in_mes():
    election = Election(budget=10, costs={"free": 0, "paid": 10}, ballots=[{"paid": 1}, {"free": 1, "paid": 1}])
    outcome = tally(election, "mes")
    assert outcome.selected == ("free", "paid")
    assert outcome.steps[0].rho == 0


def test_no_ballots_selects_nothing():
    election = Election(budget=100, costs={"a": 10}, ballots=[])
    for rule in tally_module.RULES:
        outcome = tally(election, rule)
        assert outcome.selected == ()
        assert outcome.to_dict()["projects"]["a"]["reason"] == "no_votes"


# --- exactness ---------------------------------------------------------------------------


def test_a_price_difference_floats_cannot_see_is_decided_exactly():
    # Both prices are 10**18 in floats; exactly, x costs one unit more per point than y.
    # Equal votes, and the lot puts x first: only the exact comparison puts y first.
    big = 10**18
    election = Election(budget=4 * big, costs={"x": big + 1, "y": big}, ballots=[{"x": big}, {"y": big}])
    outcome = tally(election, "mes", utility="cardinality", lot=["x", "y"])
    assert outcome.selected == ("y", "x")
    assert outcome.steps[0].rho == 1
    assert outcome.steps[1].rho == Fraction(big + 1, big)


def test_a_near_tie_with_a_voter_who_pays_everything_is_recounted_exactly():
    # Shares of 3e17. x (voter 1: 3 points, voter 2: 1 point, cost 4.2e17): voter 1 pays all
    # 3e17, voter 2 pays 1.2e17, price 1.2e17 per point. y (voter 2: 2 points) costs 2.4e17 - 1:
    # price 1.2e17 - 1/2. Floats see a tie, which x would win on votes; exactly, y is cheaper,
    # and after y voter 2 cannot help pay for x any more.
    unit = 10**17
    election = Election(
        budget=6 * unit, costs={"x": 42 * unit // 10, "y": 24 * unit // 10 - 1}, ballots=[{"x": 3}, {"x": 1, "y": 2}]
    )
    outcome = tally(election, "mes", utility="cardinality")
    assert outcome.selected == ("y",)
    assert outcome.steps[0].rho == Fraction(24 * unit // 10 - 1, 2)


def test_float_and_exact_counts_agree(monkeypatch):
    elections = [
        MAJORITY,
        Election(budget=1000, costs={"a": 300, "b": 250, "c": 200, "d": 100}, ballots=approval((3, "ab"), (2, "cd"))),
    ]
    for election in elections:
        before = {rule: tally(election, rule).selected for rule in tally_module.MES_RULES}
        monkeypatch.setattr(tally_module._Mes, "count", lambda self, b0: self.run(b0, exact=True).chosen)
        assert {rule: tally(election, rule).selected for rule in tally_module.MES_RULES} == before
        monkeypatch.undo()


# --- Phragmén ------------------------------------------------------------------------------


def test_sequential_phragmen():
    # c (3 voters): load 4/3 each. a (voters 1, 2): (4/3 + 4/3 + 4) / 2 = 10/3. Then b would
    # make 12 > 10: Phragmén stops.
    election = Election(
        budget=10,
        costs={"a": 4, "b": 4, "c": 4},
        ballots=[{"a": 1, "c": 1}, {"a": 1, "c": 1}, {"b": 1, "c": 1}],
    )
    outcome = tally(election, "phragmen")
    assert outcome.selected == ("c", "a")
    result = outcome.to_dict()
    assert result["projects"]["b"]["reason"] == "over_budget"
    assert [step["kind"] for step in result["steps"]] == ["phragmen", "phragmen"]
    assert result["projects"]["c"]["effective_support"] is None


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("election", "kwargs", "message"),
    [
        (MAJORITY, {"rule": "borda"}, "Unknown rule 'borda'"),
        (MAJORITY, {"rule": "mes", "utility": "joy"}, "Unknown utility 'joy'"),
        (Election(10, {"a": 5}, [{"b": 1}]), {}, "Ballot 1 votes for unknown project 'b'"),
        (Election(10, {"a": -5}, [{"a": 1}]), {}, "The cost of project 'a' is negative"),
        (Election(10, {"a": 2.5}, [{"a": 1}]), {}, "must be a whole number"),
        (Election(-1, {"a": 5}, [{"a": 1}]), {}, "The budget must be a whole number of at least 0"),
        (Election(10, {"a": 5}, [{"a": -1}]), {}, "Points cannot be negative"),
        (Election(10, {"a": 5}, [{"a": 0.5}]), {}, "Points must be whole numbers"),
        (Election(10, {"a": 5}, [["a"]]), {}, "Ballot 1 is not a mapping"),
        (Election(10, {"a": 5}, [{"a": 1}], areas={"z": "north"}), {}, "unknown project 'z'"),
        (Election(10, {"a": 5}, [{"a": 1}], area_caps={"north": -1}), {}, "cap of area 'north'"),
        (MAJORITY, {"lot": ["A1"]}, "The lot must list every project exactly once"),
        (MAJORITY, {"lot": LOT + ["A1"]}, "more than once"),
        (MAJORITY, {"rule": "mes-add1", "increment": 0}, "increment must be a whole number of at least 1"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(election, kwargs, message):
    kwargs = {"rule": "mes"} | kwargs
    with pytest.raises(TallyError, match=message.replace("(", r"\(")):
        tally(election, kwargs.pop("rule"), **kwargs)
    assert issubclass(TallyError, ValueError)


def test_an_add1_that_would_take_too_many_steps_is_refused(monkeypatch):
    monkeypatch.setattr(tally_module, "MAX_ADD1_STEPS", 5)
    election = Election(budget=100, costs={"a": 90, "b": 90, "c": 40}, ballots=[{"b": 1, "c": 1}, {"b": 1}, {"a": 1}])
    with pytest.raises(TallyError, match="use a larger increment"):
        tally(election, "mes-add1")
