"""Lists as files: CSV, XLSX and JSON from one declaration of columns.

Each list declares its columns once (a `Column` per column: a stable machine key, a translatable
label, how to get the value from a row, and what kind of value it is). The same declaration
serves the officials' exports (CSV/XLSX) and the open-data downloads (CSV/JSON/XLSX).

Choices made here (see also docs/decisions/0011-exports-and-open-data.md):

- CSV is RFC 4180: comma-separated, fields quoted only where needed, CRLF line ends, UTF-8 with a
  byte order mark so that Excel recognises the encoding. We use a comma, not the semicolon that
  Dutch Excel expects, because CSV here is first of all for machines (data.overheid.nl, R,
  Python, LibreOffice all read commas). People who want a spreadsheet get the XLSX file, which
  opens correctly in every language setting; the download links say so.
- Values in CSV are machine-readable: dates ISO 8601 (2026-11-22), times ISO 8601 in
  Europe/Amsterdam, money in euros with a decimal point (1234.50), yes/no as true/false.
- XLSX has a bold, frozen header row, column widths, and typed cells: dates are dates, money is a
  number in euros with a euro number format, counts are integers.
- Formula injection: a text cell that starts with = + - @ TAB or CR gets a leading apostrophe in
  CSV and XLSX, so no spreadsheet runs it as a formula. Numbers are never changed.
- CSV is streamed (StreamingHttpResponse), so a long list never sits in memory at once. XLSX is
  written with openpyxl's write-only workbook.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit

FORMATS = ("csv", "xlsx")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
MEDIA_TYPES = {"csv": "text/csv", "xlsx": XLSX_CONTENT_TYPE, "json": "application/json"}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EURO_FORMAT = '"€" #,##0.00;"€" -#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CHUNK_SIZE = 2000


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"  # integer euro cents in, euros out
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"


DEFAULT_WIDTHS = {
    Kind.TEXT: 30,
    Kind.INTEGER: 10,
    Kind.NUMBER: 12,
    Kind.MONEY: 14,
    Kind.DATE: 12,
    Kind.DATETIME: 17,
    Kind.BOOLEAN: 8,
}


@dataclass(frozen=True)
class Column:
    """One column of a list. `get` is a dotted attribute path (methods such as
    `get_status_display` are called) or a function of the row; it defaults to `key`."""

    key: str
    label: Any  # a (lazy) translatable string
    get: str | Callable[[Any], Any] | None = None
    kind: Kind = Kind.TEXT
    width: int | None = None

    def raw(self, row) -> Any:
        getter = self.get if self.get is not None else self.key
        if callable(getter):
            return getter(row)
        value = row
        for part in getter.split("."):
            if value is None:
                return None
            value = value.get(part) if isinstance(value, dict) else getattr(value, part)
            if callable(value):
                value = value()
        return value


def neutralise(text: str) -> str:
    """Stop spreadsheet programs from running a cell as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def _euros(cents) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


def plain_value(column: Column, value) -> Any:
    """The value for JSON: numbers stay numbers, money in euros, dates as ISO text."""
    if value is None:
        return None
    if column.kind == Kind.MONEY:
        return float(_euros(value))
    if column.kind == Kind.DATETIME and isinstance(value, datetime.datetime):
        return _local(value).isoformat()
    if column.kind == Kind.DATE and isinstance(value, datetime.date):
        return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()
    if column.kind == Kind.NUMBER and isinstance(value, Decimal):
        return float(value)  # a JSON number, not a string
    if column.kind in (Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN):
        return value
    return str(value)


def csv_value(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind == Kind.MONEY:
        return str(_euros(value))
    if column.kind == Kind.BOOLEAN:
        return "true" if value else "false"
    if column.kind == Kind.DATETIME and isinstance(value, datetime.datetime):
        return _local(value).isoformat()
    if column.kind == Kind.DATE and isinstance(value, datetime.date):
        return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()
    if column.kind in (Kind.INTEGER, Kind.NUMBER) and isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def _rows(rows: Iterable) -> Iterable:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return rows


def header(columns: Sequence[Column], machine: bool = False) -> list[str]:
    return [column.key if machine else str(column.label) for column in columns]


class _Echo:
    def write(self, value):
        return value


def iter_csv(columns: Sequence[Column], rows: Iterable, *, machine_header: bool = False) -> Iterable[str]:
    """The CSV text in pieces: a BOM, the header, then one line per row."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(header(columns, machine_header))
    for row in _rows(rows):
        yield writer.writerow([csv_value(column, column.raw(row)) for column in columns])


def csv_response(columns, rows, filename: str, *, machine_header: bool = False) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in iter_csv(columns, rows, machine_header=machine_header)),
        content_type=CSV_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_cell(sheet, column: Column, value):
    """A typed cell. Plain values where openpyxl types them itself (it makes a formula only of
    text that starts with "=", which `neutralise` has already prevented); a styled cell only
    where a number format is needed (money, dates)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if column.kind == Kind.MONEY:
        cell = WriteOnlyCell(sheet, value=float(_euros(value)))
        cell.number_format = EURO_FORMAT
        return cell
    if column.kind == Kind.DATETIME and isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if column.kind == Kind.DATE and isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value.date() if isinstance(value, datetime.datetime) else value)
        cell.number_format = DATE_FORMAT
        return cell
    if column.kind in (Kind.INTEGER, Kind.NUMBER) and isinstance(value, int | float | Decimal):
        return value
    if column.kind == Kind.BOOLEAN:
        return _("yes") if value else _("no")
    return neutralise(str(value))


def xlsx_bytes(columns: Sequence[Column], rows: Iterable, *, title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    # Sheet titles: at most 31 characters, none of []:*?/\ .
    safe_title = "".join(ch for ch in (title or _("Export")) if ch not in "[]:*?/\\")[:31] or "Export"
    sheet = workbook.create_sheet(safe_title)
    for index, column in enumerate(columns, start=1):
        width = column.width or max(DEFAULT_WIDTHS[column.kind], len(str(column.label)) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for label in header(columns):
        cell = WriteOnlyCell(sheet, value=neutralise(label))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in _rows(rows):
        sheet.append([_xlsx_cell(sheet, column, column.raw(row)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(columns, rows, filename: str, *, title: str = "") -> HttpResponse:
    response = HttpResponse(xlsx_bytes(columns, rows, title=title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def json_records(columns: Sequence[Column], rows: Iterable) -> list[dict]:
    return [{column.key: plain_value(column, column.raw(row)) for column in columns} for row in _rows(rows)]


def json_response(columns, rows, filename: str, *, meta: dict | None = None) -> HttpResponse:
    body = {**(meta or {}), "records": json_records(columns, rows)}
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1), content_type=JSON_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def requested_format(request) -> str | None:
    """'csv' or 'xlsx' when the request asks for a file (?format=csv), otherwise None."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def export_response(
    request,
    fmt: str,
    columns: Sequence[Column],
    rows: Iterable,
    *,
    filename: str,
    title: str = "",
    personal: bool = False,
    dataset: str = "",
    obj=None,
):
    """The file for an official's export. The caller has already made the same permission
    check as the list page. An export that holds personal data is written to the audit log:
    who exported which list, of what, in which format."""
    if personal:
        audit.record(
            "export.personal_data",
            actor=request.user,
            obj=obj,
            data={"dataset": dataset or filename, "format": fmt, "query": request.GET.urlencode()},
        )
    if fmt == "xlsx":
        return xlsx_response(columns, rows, filename, title=title)
    return csv_response(columns, rows, filename)


def format_links(request) -> dict:
    """URLs of the current page asking for CSV and XLSX, keeping its filters."""
    links = {}
    for fmt in FORMATS:
        query = request.GET.copy()
        query["format"] = fmt
        links[fmt] = f"{request.path}?{query.urlencode()}"
    return links
