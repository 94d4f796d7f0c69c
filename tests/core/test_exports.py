import csv
import datetime
import io
import json
import zoneinfo

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samenspel.core import exports
from samenspel.core.exports import Column, Kind
from samenspel.core.models import AuditEntry

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")

COLUMNS = [
    Column("title", _("Title")),
    Column("amount", _("Amount"), kind=Kind.MONEY),
    Column("day", _("Date"), kind=Kind.DATE),
    Column("at", _("Submitted at"), kind=Kind.DATETIME),
    Column("count", _("Number"), kind=Kind.INTEGER),
    Column("open", _("Open"), kind=Kind.BOOLEAN),
    Column("place", _("Place"), get="place.name"),
    Column("upper", _("Shout"), get=lambda row: row["title"].upper()),
]

ROWS = [
    {
        "title": 'Moestuin, met "kinderen"\nen ouders',
        "amount": 123450,
        "day": datetime.date(2026, 3, 1),
        "at": datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.UTC),
        "count": 7,
        "open": True,
        "place": {"name": "Oosterparkwijk"},
    },
    {
        "title": '=HYPERLINK("http://evil")',
        "amount": -500,
        "day": None,
        "at": None,
        "count": -3,
        "open": False,
        "place": None,
    },
]


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_is_rfc4180_with_bom_and_typed_text():
    data = b"".join(piece.encode() for piece in exports.iter_csv(COLUMNS, ROWS))
    assert b"\r\n" in data
    with translation.override("en"):
        rows = parse_csv(b"".join(piece.encode() for piece in exports.iter_csv(COLUMNS, ROWS)))
    assert rows[0] == ["Title", "Amount", "Date", "Submitted at", "Number", "Open", "Place", "Shout"]
    first = rows[1]
    assert first[0] == 'Moestuin, met "kinderen"\nen ouders'  # quoting round-trips
    assert first[1] == "1234.50"
    assert first[2] == "2026-03-01"
    assert first[3] == "2026-03-01T13:30:00"  # Europe/Amsterdam
    assert first[4:7] == ["7", "true", "Oosterparkwijk"]
    second = rows[2]
    assert second[1] == "-5.00"  # numbers are never neutralised
    assert second[2:4] == ["", ""]
    assert second[4] == "-3"
    assert second[6] == ""


def test_machine_header_uses_keys():
    rows = parse_csv(b"".join(p.encode() for p in exports.iter_csv(COLUMNS, ROWS, machine_header=True)))
    assert rows[0] == [c.key for c in COLUMNS]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_injection_is_neutralised_in_csv_and_xlsx(start):
    evil = f"{start}cmd|' /C calc'!A0"
    columns = [Column("text", _("Text"))]
    rows = parse_csv(b"".join(p.encode() for p in exports.iter_csv(columns, [{"text": evil}])))
    assert rows[1] == ["'" + evil]
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(columns, [{"text": evil}])))
    cell = book.active["A2"]
    assert cell.value.startswith("'")  # XML turns a CR into LF; what matters is the apostrophe
    assert cell.value[2:] == evil[1:]
    assert cell.data_type == "s"


def test_harmless_text_is_left_alone():
    assert exports.neutralise("Moestuin = fijn") == "Moestuin = fijn"
    assert exports.neutralise("") == ""


def test_xlsx_has_bold_frozen_header_widths_and_typed_cells():
    with translation.override("nl"):
        data = exports.xlsx_bytes(COLUMNS, ROWS, title="Ideeën: lijst/2026")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Ideeën lijst2026"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Titel" or sheet["A1"].value == "Title"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= 30
    amount = sheet["B2"]
    assert amount.value == pytest.approx(1234.50)
    assert "€" in amount.number_format
    assert sheet["B3"].value == pytest.approx(-5.0)
    assert sheet["C2"].value == datetime.datetime(2026, 3, 1)
    assert sheet["C2"].is_date
    assert sheet["D2"].value == datetime.datetime(2026, 3, 1, 13, 30)
    assert sheet["E2"].value == 7
    assert sheet["C3"].value is None
    assert sheet["H2"].value.startswith("MOESTUIN")


def test_json_records_keep_types():
    from decimal import Decimal

    assert exports.json_records([Column("v", _("Value"), kind=Kind.NUMBER)], [{"v": Decimal("12.50")}]) == [{"v": 12.5}]
    records = exports.json_records(COLUMNS, ROWS)
    assert records[0]["amount"] == 1234.5
    assert records[0]["day"] == "2026-03-01"
    assert records[0]["count"] == 7
    assert records[0]["open"] is True
    assert records[1]["title"] == '=HYPERLINK("http://evil")'  # JSON is data, not a spreadsheet
    assert records[1]["place"] is None
    body = json.loads(exports.json_response(COLUMNS, ROWS, "x", meta={"title": "t"}).content)
    assert body["title"] == "t" and len(body["records"]) == 2


def test_csv_response_streams():
    response = exports.csv_response(COLUMNS, iter(ROWS), "ideas")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ideas.csv"'
    assert len(parse_csv(b"".join(response.streaming_content))) == 3


def test_requested_format_and_links():
    factory = RequestFactory()
    assert exports.requested_format(factory.get("/x/", {"format": "csv"})) == "csv"
    assert exports.requested_format(factory.get("/x/", {"format": "xlsx"})) == "xlsx"
    assert exports.requested_format(factory.get("/x/", {"format": "exe"})) is None
    assert exports.requested_format(factory.get("/x/")) is None
    links = exports.format_links(factory.get("/x/", {"status": "open"}))
    assert links["csv"] == "/x/?status=open&format=csv"
    assert links["xlsx"] == "/x/?status=open&format=xlsx"


@pytest.mark.django_db
def test_personal_export_is_audited(make_user):
    user = make_user()
    request = RequestFactory().get("/x/", {"format": "xlsx"})
    request.user = user
    response = exports.export_response(
        request, "xlsx", COLUMNS, ROWS, filename="people", personal=True, dataset="panel.members"
    )
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    entry = AuditEntry.objects.get(action="export.personal_data")
    assert entry.actor_ref == str(user.public_id)
    assert entry.data["dataset"] == "panel.members"
    assert entry.data["format"] == "xlsx"


@pytest.mark.django_db
def test_non_personal_export_is_not_audited(make_user):
    request = RequestFactory().get("/x/")
    request.user = make_user()
    exports.export_response(request, "csv", COLUMNS, ROWS, filename="x")
    assert not AuditEntry.objects.filter(action="export.personal_data").exists()
