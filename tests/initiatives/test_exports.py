"""The idea broker's case list as CSV/XLSX: same permission as the dashboard, audited,
query count independent of the number of ideas."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.core.models import AuditEntry
from samenspel.initiatives import services

from .conftest import login

URL = reverse("initiatives:broker")


def rows_of(response) -> list[dict]:
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data, newline="")))


def make_ideas(user, place, n, start=0):
    for i in range(start, start + n):
        services.submit_idea(
            user=user, place=place, title=f"Plan nummer {i}", description="Een plan voor de buurt, met iedereen samen."
        )


@pytest.mark.django_db
def test_official_downloads_the_cases_they_cover_and_it_is_audited(client, official, resident, wijk, other_official):
    make_ideas(resident, wijk, 2)
    login(client, official)
    page = client.get(URL)
    assert b"format=xlsx" in page.content and b"format=csv" in page.content
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of(response)
    assert sorted(r["Title"] for r in rows) == ["Plan nummer 0", "Plan nummer 1"]
    assert rows[0]["Place"] == "Oosterparkwijk"
    assert rows[0]["Initiator"] == "Anouk"
    assert "@" not in "".join(v for r in rows for v in r.values())  # no e-mail addresses
    entry = AuditEntry.objects.get(action="export.personal_data")
    assert entry.actor_ref == str(official.public_id)
    assert entry.data == {"dataset": "initiatives.cases", "format": "csv", "query": "format=csv"}

    client.logout()
    login(client, other_official)  # another municipality: nothing of ours
    assert rows_of(client.get(URL, {"format": "csv"})) == []


@pytest.mark.django_db
def test_xlsx_is_typed(client, official, resident, wijk):
    make_ideas(resident, wijk, 1)
    login(client, official)
    response = client.get(URL, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert isinstance(sheet["A2"].value, int)
    assert sheet["N2"].is_date  # submitted on


@pytest.mark.django_db
def test_residents_and_anonymous_get_no_export(client, resident, wijk):
    make_ideas(resident, wijk, 1)
    anonymous = client.get(URL, {"format": "csv"})
    assert anonymous.status_code == 302 and "/account/" in anonymous["Location"]
    login(client, resident)
    assert client.get(URL, {"format": "csv"}).status_code == 403
    assert client.get(URL, {"format": "xlsx"}).status_code == 403
    assert not AuditEntry.objects.filter(action="export.personal_data").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_query_count_does_not_grow_with_rows(client, official, resident, wijk, fmt):
    login(client, official)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"format": fmt})
            b"".join(response.streaming_content) if response.streaming else response.content
        return len(ctx.captured_queries)

    make_ideas(resident, wijk, 5)
    small = count()
    make_ideas(resident, wijk, 20, start=5)
    assert count() == small
