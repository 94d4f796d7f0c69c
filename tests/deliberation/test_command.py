import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from samenspel.__main__ import main

DATA = Path(__file__).parent / "data" / "polis"
SEATTLE = DATA / "15-per-hour-seattle"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("opinion_map", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output():
    out, _ = run(SEATTLE / "votes.csv", "--comments", SEATTLE / "comments.csv", "--json")
    data = json.loads(out)
    assert set(data) == {"groups", "consensus", "repness"}
    assert len(data["groups"]) == 138
    assert set(data["groups"].values()) == {0, 1}
    assert set(data["repness"]) == {"0", "1"}
    assert all(1 <= len(ids) <= 5 for ids in data["repness"].values())
    assert isinstance(data["consensus"], list)


def test_readable_summary():
    out, _ = run(DATA / "brexit-consensus" / "votes.csv")
    assert "participants placed in 2 group(s)" in out
    assert "Group 0:" in out and "Group 1:" in out
    assert "Consensus (most agreed first):" in out


def test_malformed_file_exits_2_with_line(tmp_path):
    bad = tmp_path / "votes.csv"
    bad.write_text("timestamp,datetime,comment-id,voter-id,vote\n1,x,1,2,1\n2,x,1,3,yes\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        run(bad)
    assert caught.value.code == 2


def test_hyphenated_console_command(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(sys, "argv", ["samenspel", "opinion-map", str(SEATTLE / "votes.csv"), "--json"])
    main()
    assert len(json.loads(capsys.readouterr().out)["groups"]) > 100
    bad = tmp_path / "votes.csv"
    bad.write_text("timestamp,datetime,comment-id,voter-id,vote\n1,x,1,2,9\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["samenspel", "opinion-map", str(bad)])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 2
    assert capsys.readouterr().err.strip() == f"{bad}:2: vote must be 1 (agree), -1 (disagree) or 0 (pass), not '9'"
