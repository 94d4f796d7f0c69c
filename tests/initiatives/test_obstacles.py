"""The figures for the obstacle report (known input → known counts and medians), and working days."""

import datetime

from samenspel.initiatives.obstacles import ObstacleRow, days_open, obstacle_figures
from samenspel.initiatives.workdays import add_working_days, working_days_between

D = datetime.date
TODAY = D(2026, 3, 31)


def rows():
    return [
        # money: resolved after 10 and 20 days; one open since 1 March (30 days)
        ObstacleRow(
            "financial",
            "resolved",
            D(2026, 1, 1),
            D(2026, 1, 11),
            "Team Subsidies",
            True,
            "Past niet in de subsidiecriteria",
        ),
        ObstacleRow(
            "financial",
            "resolved",
            D(2026, 2, 1),
            D(2026, 2, 21),
            "team subsidies ",
            False,
            "Past niet in de subsidiecriteria",
        ),
        ObstacleRow("financial", "reported", D(2026, 3, 1), None, "", False, "Daar is geen budget voor gereserveerd"),
        # rules: not solvable after 5 days, escalated; one in progress since 21 March (10 days)
        ObstacleRow(
            "regulation",
            "not_solvable",
            D(2026, 3, 1),
            D(2026, 3, 6),
            "Bestemmingsplan",
            True,
            "Kan niet vlgs het bestemmingsplan",
        ),
        ObstacleRow("regulation", "in_progress", D(2026, 3, 21), None, "Bestemmingsplan", False, ""),
    ]


def test_totals():
    figures = obstacle_figures(rows(), today=TODAY)
    total = figures["total"]
    assert (total.count, total.open, total.resolved, total.not_solvable, total.escalated) == (5, 2, 2, 1, 2)
    # days open: 10, 20, 30, 5, 10 → median 10
    assert total.median_days_open == 10
    assert total.share_escalated == 0.4


def test_per_category():
    by_category = {g.key: g for g in obstacle_figures(rows(), today=TODAY)["by_category"]}
    money, rules = by_category["financial"], by_category["regulation"]
    assert [g.key for g in obstacle_figures(rows(), today=TODAY)["by_category"]] == ["financial", "regulation"]
    assert (money.count, money.open, money.resolved) == (3, 1, 2)
    assert money.median_days_open == 20  # 10, 20, 30
    assert abs(money.share_escalated - 1 / 3) < 1e-9
    assert (rules.count, rules.open, rules.not_solvable) == (2, 1, 1)
    assert rules.median_days_open == 7.5  # 5 and 10
    assert rules.share_escalated == 0.5


def test_per_rule_or_department_ignores_case_and_spaces():
    units = obstacle_figures(rows(), today=TODAY)["by_unit"]
    assert [(g.key, g.count) for g in units] == [("Bestemmingsplan", 2), ("Team Subsidies", 2), ("", 1)]


def test_most_heard_phrases():
    phrases = obstacle_figures(rows(), today=TODAY)["phrases"]
    assert phrases[0] == ("Past niet in de subsidiecriteria", 2)
    assert len(phrases) == 3


def test_no_rows():
    figures = obstacle_figures([], today=TODAY)
    assert figures["total"].count == 0
    assert figures["total"].median_days_open is None
    assert figures["by_category"] == [] and figures["phrases"] == []


def test_days_open_never_negative_and_counts_to_today_when_open():
    assert days_open(ObstacleRow("procedure", "reported", D(2026, 3, 30)), TODAY) == 1
    assert days_open(ObstacleRow("procedure", "resolved", D(2026, 3, 30), D(2026, 3, 30)), TODAY) == 0


def test_working_days_skip_the_weekend():
    friday = D(2026, 3, 27)
    assert friday.weekday() == 4
    assert add_working_days(friday, 1) == D(2026, 3, 30)  # Monday
    assert add_working_days(friday, 5) == D(2026, 4, 3)  # next Friday
    assert add_working_days(D(2026, 3, 28), 1) == D(2026, 3, 30)  # from Saturday
    assert working_days_between(friday, D(2026, 4, 3)) == 5
    assert working_days_between(D(2026, 4, 3), friday) == -5
    assert working_days_between(friday, friday) == 0
    for start in (D(2026, 3, 23) + datetime.timedelta(days=i) for i in range(7)):
        for n in range(0, 15):
            assert working_days_between(start, add_working_days(start, n)) == n
