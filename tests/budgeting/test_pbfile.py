"""Reading and writing pabulib .pb files; malformed files are refused with the line and why."""

from pathlib import Path

import pytest

from samenspel.budgeting import pbfile
from samenspel.budgeting.pbfile import PbFormatError, parse, rule_from_meta, write

DATA = Path(__file__).parent / "data"
REAL = sorted(DATA.glob("*.pb"))

SMALL = """META
key;value
description;Buurtbudget "De Linie"; test
budget;100
vote_type;approval
rule;equalshares/add1
PROJECTS
project_id;cost;votes;name;selected
1;60;2;"Bankjes; en bloemen";1
2;50;1;Speeltuin;0
VOTES
voter_id;vote
v1;1,2
v2;1
"""


BASE = SMALL.replace('"De Linie"; test', "De Linie")


def test_parse_a_small_file():
    pb = parse(
        SMALL.replace('description;Buurtbudget "De Linie"; test', 'description;"Buurtbudget ""De Linie""; test"')
    )
    assert pb.meta["description"] == 'Buurtbudget "De Linie"; test'
    assert pb.budget == 100
    assert pb.vote_type == "approval"
    assert pb.rule == "mes-add1"
    assert pb.projects[0] == {
        "project_id": "1",
        "cost": 60,
        "votes": "2",
        "name": "Bankjes; en bloemen",
        "selected": "1",
    }
    assert pb.votes == [{"voter_id": "v1", "vote": ["1", "2"]}, {"voter_id": "v2", "vote": ["1"]}]
    election = pb.election()
    assert election.budget == 100
    assert election.costs == {"1": 60, "2": 50}
    assert election.ballots == [{"1": 1, "2": 1}, {"1": 1}]


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_real_files_round_trip(path):
    pb = parse(path)
    assert len(pb.projects) == int(pb.meta["num_projects"])
    assert len(pb.votes) == int(pb.meta["num_votes"])
    text = write(pb)
    assert parse(text) == pb
    assert write(parse(text)) == text


def test_parse_accepts_a_path_a_path_string_crlf_and_a_bom():
    path = DATA / "Netherlands_Assen_2024.pb"
    assert parse(str(path)) == parse(path)
    text = "\ufeff" + SMALL.replace('"De Linie"; test', "De Linie").replace("\n", "\r\n")
    pb = parse(text)
    assert pb.meta["description"] == "Buurtbudget De Linie"
    assert [v["vote"] for v in pb.votes] == [["1", "2"], ["1"]]


def test_cumulative_votes_use_the_points_column():
    text = """META
key;value
budget;10
vote_type;cumulative
max_sum_points;10
PROJECTS
project_id;cost
a;6
b;5
VOTES
voter_id;vote;points;age
1;a,b;7,3;34
2;b;10;none
3;;;19
"""
    pb = parse(text)
    assert pb.votes[0] == {"voter_id": "1", "vote": ["a", "b"], "points": [7, 3], "age": "34"}
    assert pb.votes[1]["age"] == ""  # "none" counts as empty
    assert pb.election().ballots == [{"a": 7, "b": 3}, {"b": 10}, {}]
    assert parse(write(pb)) == pb


def test_ordinal_and_choose_one_count_as_approval():
    text = BASE.replace("vote_type;approval", "vote_type;ordinal")
    assert parse(text).election().ballots == [{"1": 1, "2": 1}, {"1": 1}]


def test_rules_named_in_meta():
    assert rule_from_meta("equalshares/add1") == "mes-add1"
    assert rule_from_meta("equalshares/add1-comparison") == "mes-add1-overspend"
    assert rule_from_meta("Equalshares") == "mes"
    assert rule_from_meta("greedy") == "greedy"
    assert rule_from_meta("greedy-threshold") is None
    assert rule_from_meta(None) is None
    for rule, meta in pbfile.RULES_TO_META.items():
        assert rule_from_meta(meta) == rule


def replace_line(text: str, number: int, new: str | None) -> str:
    lines = text.split("\n")
    if new is None:
        del lines[number - 1]
    else:
        lines[number - 1] = new
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (replace_line(BASE, 9, "1;abc;2;Bankjes;1"), 9, "cost 'abc' is not a whole number"),
        (replace_line(BASE, 9, "1;12.5;2;Bankjes;1"), 9, "cost '12.5' is not a whole number"),
        (replace_line(BASE, 7, "PROJECTEN"), 7, "unknown section 'PROJECTEN': expected META, PROJECTS or VOTES"),
        (replace_line(BASE, 8, "project_id;votes;name;selected"), 8, "the PROJECTS header has no 'cost' column"),
        (replace_line(BASE, 12, "voter_id;stem"), 12, "the VOTES header has no 'vote' column"),
        (replace_line(BASE, 13, "v1;1,3"), 13, "vote for unknown project '3'"),
        (replace_line(BASE, 13, "v1;1,1"), 13, "project '1' appears twice in one vote"),
        (replace_line(BASE, 10, "1;50;1;Speeltuin;0"), 10, "duplicate project_id '1'"),
        (replace_line(BASE, 14, "v1;1"), 14, "duplicate voter_id 'v1'"),
        (replace_line(BASE, 9, "1;60;2;Bankjes;1;extra"), 9, "6 fields, but the header on line 8 has 5"),
        (replace_line(BASE, 4, "budget;lots"), 4, "budget 'lots' is not a whole number"),
        (replace_line(BASE, 4, None), 1, "META has no 'budget'"),
        (
            replace_line(BASE, 5, "vote_type;ranked"),
            5,
            "unknown vote_type 'ranked': expected one of approval, choose-1, ordinal, cumulative, scoring",
        ),
        (replace_line(BASE, 4, "description;again"), 4, "META key 'description' appears twice (also on line 3)"),
        (replace_line(BASE, 2, "name;value"), 2, "the META header must be 'key;value'"),
        ("budget;100\n" + BASE, 1, "expected a section name (META, PROJECTS or VOTES) first"),
        (BASE.split("VOTES")[0], 10, "the file has no VOTES section"),
        ("", 1, "the file has no META section"),
        (
            BASE.replace("META\nkey;value", "PROJECTS\nproject_id;cost"),
            1,
            "the PROJECTS section must come after the META section",
        ),
        (BASE.replace("vote_type;approval", "vote_type;cumulative"), 12, "cumulative votes need a 'points' column"),
        (
            BASE.replace("vote_type;approval", "vote_type;cumulative")
            .replace("voter_id;vote", "voter_id;vote;points")
            .replace("v1;1,2", "v1;1,2;5"),
            13,
            "1 points for 2 projects in the vote",
        ),
        (
            BASE.replace("vote_type;approval", "vote_type;cumulative")
            .replace("voter_id;vote", "voter_id;vote;points")
            .replace("v1;1,2", "v1;1,2;5,-1")
            .replace("v2;1", "v2;1;3"),
            13,
            "points '-1' is not a whole number of at least 0",
        ),
        (
            replace_line(BASE, 5, "vote_type;approval\nnum_projects;3"),
            6,
            "META num_projects says 3, but the file has 2 projects",
        ),
        (BASE + "VOTES\nvoter_id;vote\n", 15, "a second VOTES section (the first is on line 11)"),
        (replace_line(BASE, 13, ";1"), 13, "a vote without a voter_id"),
    ],
)
def test_malformed_files_are_refused_with_line_and_reason(text, line, reason):
    with pytest.raises(PbFormatError) as caught:
        parse(text)
    assert caught.value.reason == reason
    assert caught.value.line == line
    assert str(caught.value) == f"line {line}: {reason}"
    assert isinstance(caught.value, ValueError)
