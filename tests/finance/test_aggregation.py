"""Adding up budget lines (pure functions)."""

from decimal import Decimal

from samenspel.finance import aggregation
from samenspel.finance.aggregation import LineFigures


def line(code="6.1", order=10, place=1, decided="municipality", planned=100_00, realised=None, year=2026):
    return LineFigures(year, place, code, f"taakveld {code}", order, decided, planned, realised)


def test_by_taakveld_sums_in_the_order_of_the_iv3_list():
    totals = aggregation.by_taakveld(
        [line("6.1", 50, planned=300), line("0.1", 1, planned=100), line("6.1", 50, planned=200, realised=150)]
    )
    assert [t.key for t in totals] == ["0.1", "6.1"]
    assert totals[1].planned == 500
    assert totals[1].lines == 2
    # one of the two 6.1 lines has no realised amount yet: the total is not known
    assert totals[1].realised_known is False
    assert totals[1].realised_or_none is None
    assert totals[1].difference is None


def test_realised_known_gives_difference_and_percentage():
    total = aggregation.total([line(planned=1000, realised=900), line(planned=1000, realised=1050)])
    assert total.realised_or_none == 1950
    assert total.difference == -50
    assert total.realisation_percent == Decimal("97.5")


def test_by_decider_lists_every_side_even_without_money():
    labels = {"neighbourhood": "wijk", "municipality": "gemeente"}
    totals = aggregation.by_decider([line(decided="municipality", planned=700)], labels)
    assert [(t.key, t.planned, t.lines) for t in totals] == [("neighbourhood", 0, 0), ("municipality", 700, 1)]


def test_by_place_keeps_the_given_order_and_puts_unattributable_money_last():
    totals = aggregation.by_place(
        [line(place=None, planned=5), line(place=2, planned=3), line(place=1, planned=1)], {1: "A", 2: "B", None: "-"}
    )
    assert [t.key for t in totals] == [1, 2, None]


def test_by_year_is_a_trend():
    totals = aggregation.by_year([line(year=2026, planned=3), line(year=2024, planned=1), line(year=2025, planned=2)])
    assert [(t.label, t.planned) for t in totals] == [("2024", 1), ("2025", 2), ("2026", 3)]


def test_per_inhabitant_rounds_half_up_to_a_cent_and_needs_inhabitants():
    assert aggregation.per_inhabitant(20_000_000, 12_970) == 1542  # € 200.000 / 12.970 = € 15,42
    assert aggregation.per_inhabitant(150, 100) == 2  # 1,5 cent → 2
    assert aggregation.per_inhabitant(100, 0) is None
    assert aggregation.per_inhabitant(100, None) is None
    assert aggregation.per_inhabitant(100, Decimal("3")) == 33


def test_share_and_total_check():
    assert aggregation.share(1, 3) == Decimal("33.3")
    assert aggregation.share(5, 0) is None
    assert aggregation.total_matches(100, None)
    assert aggregation.total_matches(100, 100)
    assert not aggregation.total_matches(100, 101)


def test_effective_realised_prefers_the_annual_accounts():
    assert aggregation.effective_realised(500, 200) == 500
    assert aggregation.effective_realised(None, 200) == 200
    assert aggregation.effective_realised(None, 0) is None
    assert aggregation.effective_realised(0, 200) == 0
