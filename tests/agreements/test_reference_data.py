"""Consistency of the Gronings-model reference data (pure data, no database)."""

import ast
import re
from pathlib import Path

import pytest

from samenspel.agreements import reference_data as rd

LEVELS = (1, 2, 3)
LESSON_KINDS = ("working_ingredient", "future_building_block", "finding")
LESSON_THEMES = (
    "transparency",
    "say",
    "inclusion",
    "deliberation",
    "checks_and_balances",
    "connect_create_combine",
    "outcome",
)
EXPERIMENTS = (
    "A-kwartier",
    "Coöperatieve Wijkraad Oosterparkwijk",
    "Golvend Lewenborg",
    "Wijkdeal de Wijert",
    "Wijkbedrijf Selwerd",
)
THEME_COMPASS = {
    "transparency": "transparency",
    "say": "say",
    "inclusion": "every_voice",
    "deliberation": "good_conversation",
    "checks_and_balances": "say",
    "connect_create_combine": "good_conversation",
}
# The kompas groups the six national values into four points (003:336-342, 003:375-377).
COMPASS_VALUES = {
    "every_voice": {"inclusion", "democratic_skills"},
    "transparency": {"transparency"},
    "say": {"say"},
    "good_conversation": {"deliberation", "efficiency"},
}
BASIS = re.compile(r"^\d{3}:\d+(-\d+)?(, \d{3}:\d+(-\d+)?)*$")

QUESTION_KEYS = {"code", "building_block", "compass_point", "democratic_values", "text", "min_level", "basis", "order"}
SAFEGUARD_KEYS = {
    "code",
    "compass_point",
    "title",
    "description",
    "min_level",
    "recommended_from",
    "evidence",
    "frequency_days",
    "basis",
}
INSTRUMENT_KEYS = {"code", "name", "description", "level_min", "level_max", "compass_points", "basis"}
LESSON_KEYS = {"experiment", "theme", "compass_point", "kind", "text", "basis"}


def _codes(items):
    return [item["code"] for item in items]


def test_module_is_pure_data():
    tree = ast.parse(Path(rd.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert "django" not in imported
    assert "samenspel" not in imported


def test_vocabularies():
    assert rd.BUILDING_BLOCKS == ("dna", "say_and_roles", "democratic_values", "capacity", "learning")
    assert rd.COMPASS_POINTS == ("every_voice", "transparency", "say", "good_conversation")
    assert set(rd.DEMOCRATIC_VALUES) == {
        "inclusion",
        "transparency",
        "efficiency",
        "deliberation",
        "democratic_skills",
        "say",
    }
    assert set(COMPASS_VALUES) == set(rd.COMPASS_POINTS)
    assert set().union(*COMPASS_VALUES.values()) == set(rd.DEMOCRATIC_VALUES)


@pytest.mark.parametrize(
    "items", [rd.QUESTIONS, rd.SAFEGUARDS, rd.INSTRUMENTS], ids=["questions", "safeguards", "instruments"]
)
def test_codes_unique(items):
    codes = _codes(items)
    assert len(codes) == len(set(codes))


def test_counts():
    assert len(rd.QUESTIONS) >= 44
    assert len(rd.SAFEGUARDS) == 19
    assert len(rd.INSTRUMENTS) >= 14
    assert len(rd.LESSONS) >= 60


def test_question_bank_complete():
    expected = (
        [f"Q-DNA-{n}" for n in range(1, 8)]
        + [f"Q-ZEG-{n}" for n in range(1, 12)]
        + [f"Q-RK-{n}" for n in range(1, 7)]
        + [f"Q-SL-{n}" for n in range(1, 5)]
        + [f"K-IS-{n}" for n in range(1, 8)]
        + [f"K-TR-{n}" for n in range(1, 6)]
        + [f"K-ZG-{n}" for n in range(1, 6)]
        + [f"K-GG-{n}" for n in range(1, 5)]
    )
    assert set(expected) <= set(_codes(rd.QUESTIONS))


def test_questions_valid():
    block_of_prefix = {
        "Q-DNA": "dna",
        "Q-ZEG": "say_and_roles",
        "Q-RK": "capacity",
        "Q-SL": "learning",
        "K-IS": "democratic_values",
        "K-TR": "democratic_values",
        "K-ZG": "democratic_values",
        "K-GG": "democratic_values",
    }
    compass_of_prefix = {"K-IS": "every_voice", "K-TR": "transparency", "K-ZG": "say", "K-GG": "good_conversation"}
    for q in rd.QUESTIONS:
        assert set(q) == QUESTION_KEYS, q["code"]
        prefix = q["code"].rsplit("-", 1)[0]
        assert q["building_block"] in rd.BUILDING_BLOCKS
        assert q["building_block"] == block_of_prefix[prefix], q["code"]
        assert q["compass_point"] is None or q["compass_point"] in rd.COMPASS_POINTS
        if prefix in compass_of_prefix:
            assert q["compass_point"] == compass_of_prefix[prefix], q["code"]
            assert q["democratic_values"], q["code"]
        assert isinstance(q["democratic_values"], list)
        for value in q["democratic_values"]:
            assert value in rd.DEMOCRATIC_VALUES, q["code"]
        if q["compass_point"] is not None and prefix in compass_of_prefix:
            assert set(q["democratic_values"]) <= COMPASS_VALUES[q["compass_point"]], q["code"]
        assert q["min_level"] in LEVELS
        assert "?" in q["text"], q["code"]
        assert isinstance(q["order"], int)
        assert BASIS.match(q["basis"]), q["code"]


def test_question_levels_from_spec():
    by_code = {q["code"]: q for q in rd.QUESTIONS}
    assert by_code["Q-ZEG-5"]["min_level"] == 2
    assert by_code["Q-ZEG-6"]["min_level"] == 1
    assert by_code["K-IS-5"]["min_level"] == 3
    assert by_code["K-GG-3"]["min_level"] == 1


def test_question_order_unique():
    orders = [q["order"] for q in rd.QUESTIONS]
    assert len(orders) == len(set(orders))


def test_safeguards_valid():
    assert _codes(rd.SAFEGUARDS) == (
        [f"G-IS-{n}" for n in range(1, 7)]
        + [f"G-TR-{n}" for n in range(1, 6)]
        + [f"G-ZG-{n}" for n in range(1, 6)]
        + [f"G-GG-{n}" for n in range(1, 4)]
    )
    compass_of_prefix = {"G-IS": "every_voice", "G-TR": "transparency", "G-ZG": "say", "G-GG": "good_conversation"}
    for g in rd.SAFEGUARDS:
        assert set(g) == SAFEGUARD_KEYS, g["code"]
        assert g["compass_point"] == compass_of_prefix[g["code"].rsplit("-", 1)[0]]
        assert g["min_level"] is None or g["min_level"] in LEVELS
        assert g["recommended_from"] is None or g["recommended_from"] in LEVELS
        if g["recommended_from"] is not None and g["min_level"] is not None:
            assert g["recommended_from"] < g["min_level"], g["code"]
        assert g["frequency_days"] is None or (isinstance(g["frequency_days"], int) and g["frequency_days"] > 0)
        assert g["title"].strip() and g["description"].strip() and g["evidence"].strip()
        assert BASIS.match(g["basis"]), g["code"]


def test_safeguard_levels_from_spec():
    levels = {g["code"]: (g["min_level"], g["recommended_from"]) for g in rd.SAFEGUARDS}
    assert levels["G-IS-1"] == (2, 1)
    assert levels["G-IS-6"] == (3, 2)
    assert levels["G-GG-2"] == (3, 2)
    assert levels["G-TR-1"] == (1, None)
    assert levels["G-ZG-5"] == (3, None)


def test_required_safeguards_monotonic():
    def required(level):
        return {g["code"] for g in rd.SAFEGUARDS if g["min_level"] is not None and g["min_level"] <= level}

    assert required(1) <= required(2) <= required(3)
    assert required(1)
    assert required(3) == {g["code"] for g in rd.SAFEGUARDS if g["min_level"] is not None}
    for point in rd.COMPASS_POINTS:
        per_level = [
            {g["code"] for g in rd.SAFEGUARDS if g["compass_point"] == point and (g["min_level"] or 4) <= level}
            for level in LEVELS
        ]
        assert per_level[0] <= per_level[1] <= per_level[2], point


def test_instruments_valid():
    for i in rd.INSTRUMENTS:
        assert set(i) == INSTRUMENT_KEYS, i["code"]
        assert re.fullmatch(r"[a-z0-9_-]+", i["code"]), i["code"]
        assert i["level_min"] in LEVELS and i["level_max"] in LEVELS
        assert i["level_min"] <= i["level_max"], i["code"]
        assert i["compass_points"], i["code"]
        for point in i["compass_points"]:
            assert point in rd.COMPASS_POINTS, i["code"]
        assert i["name"].strip() and i["description"].strip()
        assert BASIS.match(i["basis"]), i["code"]


def test_instruments_named_in_spec_present():
    codes = set(_codes(rd.INSTRUMENTS))
    assert {
        "wijkpanel",
        "loting",
        "buurtbudget",
        "burgerbegroting",
        "inspraak",
        "wijkdeal",
        "wijkbedrijf",
        "omgekeerd_right_to_challenge",
        "ideeenronde",
        "wijkkrant",
        "inloopmarkt",
        "kampvuurbijeenkomst",
        "buurtbijeenkomst",
        "stem_van_groningen",
        "gebiedsprogramma",
    } <= codes


def test_instrument_levels_from_spec():
    ranges = {i["code"]: (i["level_min"], i["level_max"]) for i in rd.INSTRUMENTS}
    assert ranges["inspraak"] == (1, 3)
    assert ranges["wijkpanel"] == (1, 3)
    assert ranges["buurtbudget"] == (3, 3)
    assert ranges["burgerbegroting"] == (3, 3)


def test_lessons_valid():
    for lesson in rd.LESSONS:
        assert set(lesson) == LESSON_KEYS, lesson["text"]
        assert lesson["kind"] in LESSON_KINDS
        assert lesson["theme"] in LESSON_THEMES
        assert lesson["compass_point"] in rd.COMPASS_POINTS
        if lesson["theme"] in THEME_COMPASS:
            assert lesson["compass_point"] == THEME_COMPASS[lesson["theme"]], lesson["text"]
        assert lesson["experiment"] is None or lesson["experiment"] in EXPERIMENTS
        if lesson["experiment"] is None:
            assert lesson["kind"] == "finding", lesson["text"]
        if lesson["theme"] == "outcome":
            assert lesson["kind"] == "finding"
            assert lesson["experiment"] == "Coöperatieve Wijkraad Oosterparkwijk"
        assert lesson["text"].strip()
        assert BASIS.match(lesson["basis"]), lesson["text"]


def test_lessons_cover_every_theme_and_experiment():
    assert {lesson["theme"] for lesson in rd.LESSONS} == set(LESSON_THEMES)
    tabled = [lesson for lesson in rd.LESSONS if lesson["kind"] != "finding"]
    assert {lesson["experiment"] for lesson in tabled} == set(EXPERIMENTS)
    for kind in ("working_ingredient", "future_building_block"):
        assert any(lesson["kind"] == kind for lesson in tabled)
    # Every theme except the CWR outcome study has at least one narrative lesson.
    for theme in THEME_COMPASS:
        assert any(lesson["theme"] == theme and lesson["experiment"] is None for lesson in rd.LESSONS), theme


def test_lesson_basis_points_into_appendix():
    for lesson in rd.LESSONS:
        first = int(lesson["basis"].split(":")[1].split("-")[0].split(",")[0])
        assert lesson["basis"].startswith("003:") and 601 <= first <= 1023, lesson["text"]


def test_field_lengths_fit_the_models():
    # Limits of the CharFields in samenspel.agreements.models (kept here so this test needs no Django setup).
    for q in rd.QUESTIONS:
        assert len(q["code"]) <= 20 and len(q["basis"]) <= 120
    for g in rd.SAFEGUARDS:
        assert len(g["code"]) <= 20 and len(g["title"]) <= 200
        assert len(g["evidence"]) <= 300 and len(g["basis"]) <= 120
    for i in rd.INSTRUMENTS:
        assert len(i["code"]) <= 40 and len(i["name"]) <= 120 and len(i["basis"]) <= 120
    for lesson in rd.LESSONS:
        assert len(lesson["theme"]) <= 30 and len(lesson["basis"]) <= 120
        assert lesson["experiment"] is None or len(lesson["experiment"]) <= 120
