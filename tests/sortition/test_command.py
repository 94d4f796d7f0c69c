"""`samenspel sortition select|verify` on files in the sortition-algorithms format."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the Dutch translation is someone else's work)."""
    with translation.override("en"):
        yield


ARGS = ["--people", str(DATA / "people.csv"), "--features", str(DATA / "features.csv"), "--seats", "5"]


def run(capsys, *args):
    with pytest.raises(SystemExit) as caught:
        call_command("sortition", *args)
    out = capsys.readouterr()
    return caught.value.code, out.out, out.err


def test_select_json_prints_exactly_the_agreed_keys(capsys, tmp_path):
    material = tmp_path / "material.json"
    call_command(
        "sortition",
        "select",
        *ARGS,
        "--seed",
        "12 19 23 30 38 41",
        "--address-columns",
        "street,postcode",
        "--seed-source",
        "Lotto 8 May 2027",
        "--material",
        str(material),
        "--json",
    )
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"selected", "probabilities", "algorithm", "seed"}
    assert out["algorithm"] == "leximin" and out["seed"] == "12 19 23 30 38 41"
    assert len(out["selected"]) == 5 and out["selected"] == sorted(out["selected"])
    assert len(out["probabilities"]) == 28
    assert sum(out["probabilities"].values()) == pytest.approx(5)
    published = json.loads(material.read_text())
    assert "Resident" not in material.read_text() and "Dapperstraat" not in material.read_text()
    assert published["selected"] == out["selected"]

    code, text, _ = run(capsys, "verify", str(material))
    assert code == 0 and "checks out" in text

    published["selected"] = sorted(set(out["probabilities"]) - set(out["selected"]))[:5]
    material.write_text(json.dumps(published))
    code, _, err = run(capsys, "verify", str(material))
    assert code == 1 and "different panel" in err


def test_select_readable_report(capsys):
    call_command("sortition", "select", *ARGS, "--seed", "1", "--address-columns", "street")
    text = capsys.readouterr().out
    assert "Selected (5)" in text
    assert "Chance of being selected: lowest" in text
    assert "gender = woman:" in text and "(quota 2 to 3)" in text


def test_legacy(capsys):
    call_command("sortition", "select", *ARGS, "--seed", "1", "--algorithm", "legacy", "--runs", "30", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["algorithm"] == "legacy" and len(out["selected"]) == 5
    assert sum(out["probabilities"].values()) == pytest.approx(5)


def test_bad_input_exits_2_naming_file_and_row(capsys, tmp_path):
    bad = tmp_path / "features.csv"
    bad.write_text("feature,value,min,max\ngender,woman,2,3\ngender,man,x,3\n")
    code, _, err = run(
        capsys, "select", "--people", str(DATA / "people.csv"), "--features", str(bad), "--seats", "5", "--seed", "1"
    )
    assert code == 2 and f"{bad}, row 3: max" not in err and f"{bad}, row 3: min must be a whole number" in err

    people = tmp_path / "people.csv"
    people.write_text((DATA / "people.csv").read_text().replace("r03,Resident 3,woman", "r03,Resident 3,female"))
    code, _, err = run(
        capsys,
        "select",
        "--people",
        str(people),
        "--features",
        str(DATA / "features.csv"),
        "--seats",
        "5",
        "--seed",
        "1",
    )
    assert code == 2 and f"{people}, row 4:" in err and "'female'" in err

    code, _, err = run(capsys, "select", *ARGS[:-1], "40", "--seed", "1")
    assert code == 2 and "only 28 people" in err

    code, _, err = run(capsys, "verify", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    code, _, err = run(capsys, "verify", str(broken))
    assert code == 2 and "not valid JSON" in err


def test_infeasible_quotas_exit_2_with_the_relaxation(capsys, tmp_path):
    # each limit can be met on its own, but two women are needed and the only young one may not sit
    features = tmp_path / "features.csv"
    features.write_text("feature,value,min,max\ngender,woman,2,2\ngender,man,0,2\nage,young,0,0\nage,old,0,4\n")
    people = tmp_path / "people.csv"
    people.write_text("id,gender,age\n1,woman,young\n2,woman,old\n3,man,old\n4,man,old\n")
    code, _, err = run(
        capsys, "select", "--people", str(people), "--features", str(features), "--seats", "2", "--seed", "1"
    )
    assert code == 2
    assert "smallest change" in err
    assert "raise the maximum from 0 to 1" in err or "lower the minimum from 2 to 1" in err
