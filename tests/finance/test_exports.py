"""The open budget's lists and the right to challenge as CSV/XLSX."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.finance import services
from samenspel.finance.exports import EXPENDITURE_COLUMNS

from .conftest import tv


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


@pytest.mark.django_db
def test_budget_lines_as_xlsx_with_euros(client, green_line, municipality):
    url = reverse("finance:municipality", args=[municipality.slug])
    assert b"lijst=regels&amp;format=xlsx" in client.get(url).content
    response = client.get(url, {"lijst": "regels", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["H2"].value == "Onderhoud openbaar groen"
    assert sheet["I2"].value == 50_000
    assert "€" in sheet["I2"].number_format


@pytest.mark.django_db
def test_questions_and_spending_lists(client, green_line, municipality):
    url = reverse("finance:municipality", args=[municipality.slug])
    assert len(csv_rows(client.get(url, {"lijst": "uitgaven", "format": "csv"}))[0]) == len(EXPENDITURE_COLUMNS)
    assert len(csv_rows(client.get(url, {"lijst": "vragen", "format": "csv"}))) == 1
    assert client.get(url, {"lijst": "geheim", "format": "csv"}).status_code == 404


@pytest.mark.django_db
def test_challenges_without_who_submitted(client, challenge, municipality, org_rep):
    url = reverse("finance:challenges", args=[municipality.slug])
    rows = csv_rows(client.get(url, {"format": "csv"}))
    assert rows[1][4] == "Bewoners onderhouden het park"
    assert org_rep.email not in "".join(",".join(r) for r in rows)


@pytest.mark.django_db
def test_line_query_count_does_not_grow(client, official, municipality, wijk):
    url = reverse("finance:municipality", args=[municipality.slug])

    def add(n, start):
        for i in range(start, start + n):
            services.save_line(
                user=official,
                municipality=municipality,
                year=datetime.date.today().year,
                place=wijk,
                taakveld=tv("5.7"),
                description=f"Regel {i}",
                planned_cents=100 * i,
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            csv_rows(client.get(url, {"lijst": "regels", "format": "csv"}))
        return len(ctx.captured_queries)

    add(5, 0)
    small = count()
    add(20, 5)
    assert count() == small
