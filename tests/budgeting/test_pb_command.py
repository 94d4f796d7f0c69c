"""`samenspel pb`: count pabulib files, export a round, import a file as a round."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import translation

from samenspel.budgeting import exchange, pbfile
from samenspel.budgeting.models import Ballot, BallotType, Project, ProjectStatus, TallyRule, Utility, VoteChannel
from samenspel.budgeting.tally import Election, lot_order, tally
from samenspel.core.models import AuditEntry

from .conftest import make_round

DATA = Path(__file__).parent / "data"
ASSEN = DATA / "Netherlands_Assen_2024.pb"
WIELICZKA = DATA / "Poland_Wieliczka_2023_Green_Budget.pb"


@pytest.fixture(autouse=True)
def _english():
    """The command's messages are checked in English, whatever translations exist."""
    with translation.override("en"):
        yield


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("pb", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def official(path):
    return {p["project_id"] for p in pbfile.parse(path).projects if p.get("selected") == "1"}


def test_tally_json_reproduces_the_official_outcome_with_the_files_rule():
    out, _ = run("tally", ASSEN, "--json")
    data = json.loads(out)
    assert set(data) == {"selected", "cost", "rule"}
    assert data["rule"] == "mes-add1"
    assert set(data["selected"]) == official(ASSEN)
    assert data["cost"] == 76_700

    out, _ = run("tally", WIELICZKA, "--json")
    data = json.loads(out)
    assert data["rule"] == "mes-add1-overspend"
    assert set(data["selected"]) == official(WIELICZKA)
    assert data["cost"] == 995_079


def test_tally_prints_winners_cost_and_rule():
    out, _ = run("tally", ASSEN, "--rule", "mes-add1-greedy")
    assert "Rule: mes-add1-greedy" in out
    assert "Total cost: 88700 of 100000" in out
    winners = out.split("Selected (10): ")[1].splitlines()[0].split(", ")
    assert set(winners) > official(ASSEN)

    out, _ = run("tally", ASSEN)
    assert "Rule: mes-add1 (from the file's META rule equalshares/add1)" in out

    out, _ = run("tally", ASSEN, "--rule", "greedy", "--json")
    data = json.loads(out)
    assert data["rule"] == "greedy"
    assert data["selected"][:2] == ["3", "9"]  # the most votes: 43 and 42

    out, _ = run("tally", ASSEN, "--rule", "mes", "--utility", "cardinality", "--json")
    assert json.loads(out)["rule"] == "mes"


def test_unknown_meta_rule_falls_back_to_greedy(tmp_path):
    path = tmp_path / "x.pb"
    path.write_text(ASSEN.read_text(encoding="utf-8").replace("equalshares/add1", "greedy-threshold"), encoding="utf-8")
    out, _ = run("tally", path)
    assert "Rule: greedy (the default; the file's META rule greedy-threshold is not one we count)" in out


def test_malformed_file_gives_file_line_reason_and_exit_code_2(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;abc\nVOTES\nvoter_id;vote\n")
    err = StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("pb", "tally", str(path), stdout=StringIO(), stderr=err)
    assert caught.value.code == 2
    assert err.getvalue().strip() == f"{path}:6: cost 'abc' is not a whole number"


def test_the_real_command_exits_with_2(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv1;7\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samenspel.settings"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "samenspel", "pb", "tally", str(path), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{path}:9: vote for unknown project '7'" in done.stderr


# --- export and import through the database -------------------------------------------------


@pytest.fixture
def closed_round(budget):
    round_ = make_round(budget, "closed", amount_cents=6_000_000, max_projects=3, lot_seed="oosterpark-2026")
    costs = [4_000_000, 3_000_000, 2_000_000, 1_000_000]
    projects = [
        Project.objects.create(
            round=round_,
            number=i + 1,
            title=f"Plan {i + 1}",
            summary="Een plan.",
            cost_cents=cost,
            status=ProjectStatus.ON_BALLOT,
        )
        for i, cost in enumerate(costs)
    ]
    Project.objects.create(
        round=round_, number=9, title="Not feasible", summary="-", cost_cents=500, status=ProjectStatus.NOT_FEASIBLE
    )
    a, b, c, d = (str(p.pk) for p in projects)
    choices = [{a: 1, b: 1}, {a: 1}, {a: 1, c: 1}, {b: 1, d: 1}, {c: 1, d: 1}, {b: 1}, {d: 1}]
    for channel, chosen in zip([VoteChannel.CODE, VoteChannel.ACCOUNT] * 4, choices, strict=False):
        Ballot.objects.create(round=round_, channel=channel, choices=chosen)
    return round_


def test_export_writes_the_projects_on_the_ballot_and_the_counted_ballots(closed_round):
    text = exchange.round_to_pb(closed_round)
    pb = pbfile.parse(text)
    assert pb.meta["country"] == "Netherlands"
    assert pb.meta["unit"] == "Oosterparkwijk"
    assert pb.meta["currency"] == "EUR"
    assert pb.meta["budget"] == "60000"  # whole euros
    assert "cost_unit" not in pb.meta
    assert pb.meta["vote_type"] == "approval"
    assert pb.meta["rule"] == "equalshares/add1"
    assert pb.meta["max_length"] == "3"
    assert pb.meta["lot_seed"] == "oosterpark-2026"
    assert [p["cost"] for p in pb.projects] == [40_000, 30_000, 20_000, 10_000]
    assert [p["name"] for p in pb.projects] == ["Plan 1", "Plan 2", "Plan 3", "Plan 4"]
    assert len(pb.votes) == 7
    assert [v["voter_id"] for v in pb.votes] == [str(k) for k in range(1, 8)]
    exported = sorted(tuple(sorted(v["vote"])) for v in pb.votes)
    stored = sorted(tuple(sorted(b.choices)) for b in closed_round.ballots.all())
    assert exported == stored


def test_export_in_cents_when_an_amount_is_not_whole_euros(closed_round):
    Project.objects.filter(round=closed_round, number=4).update(cost_cents=1_000_050)
    pb = pbfile.parse(exchange.round_to_pb(closed_round))
    assert pb.meta["cost_unit"] == "cent"
    assert pb.meta["budget"] == "6000000"
    assert pb.projects[3]["cost"] == 1_000_050


def test_export_import_round_trip(closed_round, budget):
    text = exchange.round_to_pb(closed_round)
    imported = exchange.import_pb(text, budget, None)
    assert imported.pk != closed_round.pk
    assert imported.closed_at is not None
    assert imported.amount_cents == closed_round.amount_cents
    assert imported.tally_rule == TallyRule.MES_ADD1
    assert imported.utility == Utility.COST
    assert imported.max_projects == 3
    assert imported.lot_seed == "oosterpark-2026"
    assert imported.ballot_type == BallotType.APPROVAL
    projects = list(imported.projects.order_by("number"))
    costs = [4_000_000, 3_000_000, 2_000_000, 1_000_000]
    assert [(p.title, p.cost_cents, p.status) for p in projects] == [
        (f"Plan {k}", cost, ProjectStatus.ON_BALLOT) for k, cost in enumerate(costs, start=1)
    ]
    assert imported.ballots.count() == 7
    assert set(imported.ballots.values_list("channel", flat=True)) == {VoteChannel.PAPER}
    # The same election (under new project ids): the same ballots and winners, by title, with a
    # lot in the order of the titles.
    first = pbfile.parse(text)
    again = pbfile.parse(exchange.round_to_pb(imported))
    titles = {p["project_id"]: p["name"] for p in first.projects}
    titles_again = {p["project_id"]: p["name"] for p in again.projects}
    assert sorted(sorted(titles[pid] for pid in v["vote"]) for v in first.votes) == sorted(
        sorted(titles_again[pid] for pid in v["vote"]) for v in again.votes
    )
    for rule in ("greedy", "mes", "mes-add1", "phragmen"):
        a = tally(first.election(), rule, lot=sorted(titles, key=titles.get)).selected
        b = tally(again.election(), rule, lot=sorted(titles_again, key=titles_again.get)).selected
        assert [titles[pid] for pid in a] == [titles_again[pid] for pid in b]
    entry = AuditEntry.objects.filter(action="budgeting.round.imported").get()
    assert entry.object_id == str(imported.pk)
    assert entry.data["ballots"] == 7


def test_import_of_a_real_cumulative_free_file_and_the_permission(budget, resident, official):
    with pytest.raises(PermissionDenied):
        exchange.import_pb(ASSEN.read_text(encoding="utf-8"), budget, resident)
    round_ = exchange.import_pb(ASSEN.read_text(encoding="utf-8"), budget, official)
    assert round_.created_by == official
    assert round_.amount_cents == 10_000_000
    assert round_.projects.count() == 14
    assert round_.ballots.count() == 84
    assert round_.min_projects == 2
    assert round_.voting_opens.date().isoformat() == "2024-03-31"
    pb = pbfile.parse(exchange.round_to_pb(round_))
    assert pb.meta["budget"] == "100000"
    assert len(tally(pb.election(), "mes-add1").selected) == 9


def test_cumulative_round_exports_points(budget):
    round_ = make_round(budget, "closed", ballot_type=BallotType.CUMULATIVE, points=10, max_points_per_project=6)
    a = Project.objects.create(
        round=round_, number=1, title="A", summary="-", cost_cents=500_000, status=ProjectStatus.ON_BALLOT
    )
    b = Project.objects.create(
        round=round_, number=2, title="B", summary="-", cost_cents=300_000, status=ProjectStatus.ON_BALLOT
    )
    Ballot.objects.create(round=round_, channel=VoteChannel.CODE, choices={str(a.pk): 6, str(b.pk): 4})
    Ballot.objects.create(round=round_, channel=VoteChannel.CODE, choices={str(b.pk): 5})
    pb = pbfile.parse(exchange.round_to_pb(round_))
    assert pb.vote_type == "cumulative"
    assert pb.meta["max_sum_points"] == "10"
    assert pb.meta["max_points"] == "6"
    assert sorted(pb.election().ballots, key=len) == [{str(b.pk): 5}, {str(a.pk): 6, str(b.pk): 4}]
    imported = exchange.import_pb(pbfile.write(pb), budget, None)
    assert imported.ballot_type == BallotType.CUMULATIVE
    assert imported.points == 10
    assert sorted(sum(c.values()) for c in imported.ballots.values_list("choices", flat=True)) == [5, 10]


def test_export_and_import_commands(closed_round, budget, tmp_path):
    path = tmp_path / "round.pb"
    out, _ = run("export", closed_round.pk, "-o", path)
    assert str(path) in out
    assert pbfile.parse(path).meta["num_votes"] == "7"
    printed, _ = run("export", closed_round.pk)
    assert printed == path.read_text(encoding="utf-8")
    out, _ = run("import", path, "--budget", budget.pk)
    assert "4 projects, 7 ballots" in out
    assert budget.rounds.count() == 2


def test_import_command_refuses_a_malformed_file_and_stores_nothing(budget, tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;5\n1;6\nVOTES\nvoter_id;vote\n")
    err = StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("pb", "import", str(path), "--budget", str(budget.pk), stdout=StringIO(), stderr=err)
    assert caught.value.code == 2
    assert err.getvalue().strip() == f"{path}:7: duplicate project_id '1'"
    assert budget.rounds.count() == 0


@pytest.mark.parametrize("rule", ["mes-add1", "mes-add1-greedy", "greedy"])
def test_counting_an_exported_round_gives_the_rounds_own_count(closed_round, tmp_path, rule):
    """In cents with an increment of one euro and the round's lot, as the round is counted."""
    closed_round.tally_rule = rule
    closed_round.save()
    Project.objects.filter(round=closed_round, number=4).update(cost_cents=1_000_050)  # written in cents
    path = tmp_path / "round.pb"
    path.write_text(exchange.round_to_pb(closed_round), encoding="utf-8")
    out, _ = run("tally", path, "--json")
    projects = closed_round.projects.filter(status=ProjectStatus.ON_BALLOT)
    election = Election(
        budget=closed_round.amount_cents,
        costs={str(p.pk): p.cost_cents for p in projects},
        ballots=[{str(k): v for k, v in b.choices.items()} for b in closed_round.ballots.all()],
    )
    lot = lot_order(closed_round.lot_seed, election.costs)
    expected = tally(election, rule, lot=lot, increment=100 if rule != "greedy" else None)
    assert json.loads(out) == {"selected": list(expected.selected), "cost": expected.cost, "rule": rule}
