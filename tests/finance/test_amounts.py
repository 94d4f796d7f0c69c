"""Euro amounts are parsed to whole cents without ever passing through a float."""

from decimal import Decimal

import pytest

from samenspel.finance.amounts import AmountError, format_euros, parse_amount, parse_optional_amount


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234", 123400),
        ("1234.56", 123456),
        ("1234,56", 123456),
        ("1.234,56", 123456),
        ("1,234.56", 123456),
        ("1.234", 123400),  # Dutch thousands: a euro amount never has three decimals
        ("12.345.678", 1234567800),
        ("€ 1.234,56", 123456),
        ("1 234,5", 123450),
        ("0,05", 5),
        ("200.000", 20000000),
        (" 7 ", 700),
        (1234, 123400),
        (Decimal("12.30"), 1230),
        (1234.56, 123456),  # a spreadsheet's float, read through its shortest text form
        (0.1, 10),
    ],
)
def test_parses_dutch_and_plain_amounts_to_cents(text, cents):
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    "text",
    ["", "abc", "-5", "(5)", "1,234", "1.2345", "12,345,678", "1.23,45", "1,2.3", "1e5", "NaN", None, True, -1.5],
)
def test_refuses_what_is_not_a_euro_amount(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_the_message_says_what_is_wrong():
    with pytest.raises(AmountError, match="negative"):
        parse_amount("-12,00")
    with pytest.raises(AmountError, match="two decimals"):
        parse_amount("1.2345")


def test_optional_amounts_and_plain_output():
    assert parse_optional_amount("") is None
    assert parse_optional_amount(None) is None
    assert parse_optional_amount("3,50") == 350
    assert format_euros(123456) == "1234.56"
    assert format_euros(5) == "0.05"
    assert format_euros(-150) == "-1.50"
    assert format_euros(None) == ""
