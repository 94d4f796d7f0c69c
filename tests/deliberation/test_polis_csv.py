from pathlib import Path

import pytest

from samenspel.deliberation.polis_csv import (
    PolisCSVError,
    Vote,
    read_groups,
    read_moderated_out,
    read_votes,
    vote_triples,
)

HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"
DATA = Path(__file__).parent / "data" / "polis"


def write(tmp_path, text, name="votes.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_votes_in_time_order_latest_vote_counts(tmp_path):
    path = write(
        tmp_path,
        HEADER + "300,Mon,1,7,1\n100,Mon,2,7,-1\n200,Mon,1,7,0\n150,Mon,1,8,0\n\n",
    )
    votes = read_votes(path)
    assert votes == [Vote(100, "2", "7", -1), Vote(150, "1", "8", 0), Vote(300, "1", "7", 1)]
    assert vote_triples(votes) == [("7", "2", -1), ("8", "1", 0), ("7", "1", 1)]


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("1,x,1,2,1\n2,x,1,3,2\n", 3, "vote must be 1 (agree), -1 (disagree) or 0 (pass)"),
        ("1,x,1,2,agree\n", 2, "vote must be a whole number"),
        ("soon,x,1,2,1\n", 2, "timestamp must be a whole number"),
        ("1,x,1,2,1\n1,x,1,2\n", 3, "expected 5 fields, found 4"),
        ("1,x,,2,1\n", 2, "comment-id is empty"),
        ("1,x,1,,1\n", 2, "voter-id is empty"),
    ],
)
def test_malformed_rows_name_line_and_reason(tmp_path, body, line, reason):
    path = write(tmp_path, HEADER + body)
    with pytest.raises(PolisCSVError) as caught:
        read_votes(path)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_missing_columns_and_empty_file(tmp_path):
    with pytest.raises(PolisCSVError, match=r":1: missing column\(s\): vote"):
        read_votes(write(tmp_path, "timestamp,datetime,comment-id,voter-id\n1,x,1,2\n"))
    with pytest.raises(PolisCSVError, match=":1: the file is empty"):
        read_votes(write(tmp_path, ""))
    with pytest.raises(PolisCSVError, match=":0: cannot read the file"):
        read_votes(tmp_path / "absent.csv")


def test_whole_number_floats_are_accepted(tmp_path):
    assert read_votes(write(tmp_path, HEADER + "1.0,x,1,2,-1.0\n")) == [Vote(1, "1", "2", -1)]


def test_real_files():
    folder = DATA / "15-per-hour-seattle"
    votes = read_votes(folder / "votes.csv")
    assert len(votes) == 2872
    assert {v.vote for v in votes} == {-1, 0, 1}
    groups = read_groups(folder / "participants-votes.csv")
    assert len(groups) == 339
    assert sum(g is not None for g in groups.values()) == 138
    assert {g for g in groups.values() if g is not None} == {0, 1}
    removed = read_moderated_out(folder / "comments.csv")
    assert len(removed) == 23
    # the newer export has an extra xid column
    london = read_groups(DATA / "london.youth.policing" / "participants-votes.csv")
    assert london["1"] == 1 and london["13"] is None


def test_groups_file_errors(tmp_path):
    path = write(tmp_path, "participant,group-id\n1,0\n2,x\n", "participants-votes.csv")
    with pytest.raises(PolisCSVError, match=":3: group-id must be a whole number"):
        read_groups(path)
