"""The file format of the `sortition-algorithms` package (Sortition Foundation), read into plain data.

Features file: a header ``feature,value,min,max`` (the old ``category,name,min,max`` is accepted too;
``min_flex``/``max_flex`` and other columns are ignored), one row per feature value. People file: a
header with an id column (``id`` unless told otherwise), one column per feature, and any other columns;
the address columns named by the caller make households (people with the same address values, compared
without surrounding spaces and case, share a household; a person whose address columns are all empty is
alone). Rows are counted as in a spreadsheet: the header is row 1, the first person or value row 2.
Errors name the file and the row: CsvError (a QuotaError) with ``.file`` and ``.row``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from samenspel.sortition.quotas import Quota, QuotaError, check_quotas, quota_keys


class CsvError(QuotaError):
    def __init__(self, message: str, file: str | None = None, row: int | None = None):
        super().__init__(message, row)
        self.file = file

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.file, f"row {self.row}" if self.row is not None else None) if x)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Pool:
    people: dict[str, dict[str, str]]
    quotas: list[Quota]
    households: dict[str, str] | None
    quota_rows: list[int]
    person_rows: dict[str, int]


def _rows(text: str, file: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise CsvError(f"This is not a readable CSV file ({error}).", file) from error
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise CsvError("The file is empty: it needs a header row.", file, 1)
    header = [cell.strip().lower() for cell in rows[0]]
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    return header, body


def _cell(row: list[str], column: int) -> str:
    return row[column].strip() if column < len(row) else ""


def read_features(text: str, *, file: str = "features file") -> tuple[list[Quota], list[int]]:
    """Quotas and the row of each."""
    header, body = _rows(text, file)
    names = {"feature": ("feature", "category"), "value": ("value", "name"), "min": ("min",), "max": ("max",)}
    column = {}
    for key, options in names.items():
        found = [header.index(o) for o in options if o in header]
        if not found:
            raise CsvError(f"The column '{key}' is missing (the header needs feature,value,min,max).", file, 1)
        column[key] = found[0]
    quotas, rows, seen = [], [], {}
    for number, row in body:
        feature, value = _cell(row, column["feature"]), _cell(row, column["value"])
        if not feature or not value:
            raise CsvError("The feature or the value is empty.", file, number)
        limits = []
        for key in ("min", "max"):
            raw = _cell(row, column[key])
            try:
                limits.append(int(raw))
            except ValueError:
                raise CsvError(f"{key} must be a whole number, not '{raw}'.", file, number) from None
        low, high = limits
        if low < 0 or high < 0:
            raise CsvError(f"{feature} = {value}: min and max cannot be negative.", file, number)
        if low > high:
            raise CsvError(f"{feature} = {value}: min {low} is above max {high}.", file, number)
        if (feature, value) in seen:
            raise CsvError(f"{feature} = {value} is given twice (also in row {seen[(feature, value)]}).", file, number)
        seen[(feature, value)] = number
        quotas.append(Quota(feature, value, low, high))
        rows.append(number)
    if not quotas:
        raise CsvError("The file has a header but no feature values.", file, 1)
    return quotas, rows


def read_people(
    text: str,
    quotas: list[Quota],
    *,
    file: str = "people file",
    id_column: str = "id",
    address_columns: list[str] | None = None,
) -> tuple[dict[str, dict[str, str]], dict[str, str] | None, dict[str, int]]:
    """(people, households or None, row of each person). A value is matched to the features file's
    spelling ignoring surrounding spaces and case."""
    header, body = _rows(text, file)
    features = quota_keys(quotas)
    wanted = [id_column.lower(), *[f.lower() for f in features], *[a.strip().lower() for a in address_columns or []]]
    for name in wanted:
        if name not in header:
            raise CsvError(f"The column '{name}' is missing.", file, 1)
    col = {name: header.index(name) for name in wanted}
    spelling = {f: {v.casefold(): v for v in values} for f, values in features.items()}
    people: dict[str, dict[str, str]] = {}
    households: dict[str, str] | None = {} if address_columns else None
    rows: dict[str, int] = {}
    for number, row in body:
        pid = _cell(row, col[id_column.lower()])
        if not pid:
            raise CsvError("The id is empty.", file, number)
        if pid in people:
            raise CsvError(f"The id {pid} is used twice (also in row {rows[pid]}).", file, number)
        person = {}
        for feature in features:
            raw = _cell(row, col[feature.lower()])
            value = spelling[feature].get(raw.casefold())
            if value is None:
                known = ", ".join(features[feature])
                raise CsvError(
                    f"{feature} '{raw}' is not one of the values in the features file: {known}.", file, number
                )
            person[feature] = value
        people[pid] = person
        rows[pid] = number
        if households is not None:
            address = [_cell(row, col[a.strip().lower()]).casefold() for a in address_columns]
            if any(address):
                households[pid] = "\x1f".join(address)
    if not people:
        raise CsvError("The file has a header but no people.", file, 1)
    return people, households, rows


def load(
    features_text: str,
    people_text: str,
    *,
    seats: int | None = None,
    id_column: str = "id",
    address_columns: list[str] | None = None,
    features_file: str = "features file",
    people_file: str = "people file",
) -> Pool:
    """Read both files; with ``seats``, also run ``check_quotas`` (errors name the features file row)."""
    quotas, quota_rows = read_features(features_text, file=features_file)
    people, households, person_rows = read_people(
        people_text, quotas, file=people_file, id_column=id_column, address_columns=address_columns
    )
    if seats is not None:
        try:
            check_quotas(people, quotas, seats, quota_rows=quota_rows)
        except CsvError:
            raise
        except QuotaError as error:
            raise CsvError(error.message, features_file if error.row is not None else None, error.row) from error
    return Pool(people, quotas, households, quota_rows, person_rows)
