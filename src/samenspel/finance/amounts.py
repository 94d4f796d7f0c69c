"""Euro amounts as whole cents. Pure: text in, an int out, never a float in between.

Accepted: "1234", "1234.56", "1234,56", "1.234,56", "1.234.567", "1,234.56", "€ 1.234,56",
"1 234,56", and numbers a spreadsheet hands over (int, Decimal, or a float, which is read
through its shortest text form: 1234.56 → "1234.56"). When both "." and "," occur, the last
one is the decimal separator and the other groups thousands. When only "." occurs and it is
followed by exactly three digits in every group ("1.234", "12.345.678"), it groups thousands,
as in Dutch budgets: a euro amount never has three decimals."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_CENTS = 10**15  # ten trillion euro: far beyond any municipal budget, and within a bigint
_GROUPED = re.compile(r"^\d{1,3}([.,' ]\d{3})+$")


class AmountError(ValueError):
    """The text is not an amount in euro; the message says why, in plain words."""


def _normalise(text: str) -> str:
    text = text.strip().replace("€", "").replace("EUR", "").replace("\u00a0", " ").strip()
    if text.startswith("+"):
        text = text[1:].strip()
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    if negative:
        raise AmountError(_("amounts cannot be negative"))
    text = text.replace(" ", "").replace("'", "")
    if not text:
        raise AmountError(_("no amount given"))
    if not re.fullmatch(r"[\d.,]+", text):
        raise AmountError(_("“%(text)s” is not an amount in euro") % {"text": text})
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _sep, fraction = text.rpartition(decimal_sep)
        if group_sep in fraction or decimal_sep in whole or not _GROUPED.match(whole.replace(group_sep, ",")):
            raise AmountError(_("“%(text)s” mixes up the separators for thousands and decimals") % {"text": text})
        return whole.replace(group_sep, "") + "." + fraction
    if commas:
        if commas > 1:
            if _GROUPED.match(text):
                raise AmountError(
                    _("“%(text)s” is ambiguous: write a comma only before the cents, e.g. 1.234,56") % {"text": text}
                )
            raise AmountError(_("“%(text)s” has more than one decimal comma") % {"text": text})
        return text.replace(",", ".")
    if dots > 1 or (dots == 1 and _GROUPED.match(text)):
        if not _GROUPED.match(text):
            raise AmountError(_("“%(text)s” is not an amount in euro") % {"text": text})
        return text.replace(".", "")
    return text


def parse_amount(value) -> int:
    """The amount in whole euro cents. Raises AmountError for anything that is not a
    non-negative euro amount with at most two decimals."""
    if value is None:
        raise AmountError(_("no amount given"))
    if isinstance(value, bool):
        raise AmountError(_("“%(text)s” is not an amount in euro") % {"text": value})
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 0.1 → "0.1".
        number = Decimal(repr(value))
    else:
        try:
            number = Decimal(_normalise(str(value)))
        except InvalidOperation:
            raise AmountError(_("“%(text)s” is not an amount in euro") % {"text": value}) from None
    if not number.is_finite():
        raise AmountError(_("“%(text)s” is not an amount in euro") % {"text": value})
    if number < 0:
        raise AmountError(_("amounts cannot be negative"))
    cents = number * 100
    if cents != cents.to_integral_value():
        raise AmountError(_("“%(text)s” has more than two decimals") % {"text": value})
    cents = int(cents)
    if cents >= MAX_CENTS:
        raise AmountError(_("“%(text)s” is too large an amount") % {"text": value})
    return cents


def parse_optional_amount(value) -> int | None:
    """None for an empty cell; otherwise as parse_amount."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_amount(value)


def format_euros(cents: int | None) -> str:
    """Plain "1234.56" for downloads: machine-readable, no grouping, a point for decimals."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{sign}{whole}.{rest:02d}"
