"""The decision register, advice and accountability lists as CSV/XLSX: the same rows as the
public pages (and their filters), nothing about who recorded them."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.decisions.models import AccountabilityReport, Decision


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


def make_decisions(place, n, start=0, recorded_by=None):
    for i in range(start, start + n):
        Decision.objects.create(
            place=place,
            decider_kind="college",
            title=f"Besluit {i}",
            outcome="adopted",
            rationale="=1+1",
            decided_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            recorded_by=recorded_by,
        )


@pytest.mark.django_db
def test_register_export_follows_the_filter(client, wijk, other_wijk, official):
    make_decisions(wijk, 2, recorded_by=official)
    make_decisions(other_wijk, 1, start=5)
    url = reverse("decisions:register")
    assert b"format=xlsx" in client.get(url).content
    everything = csv_rows(client.get(url, {"format": "csv"}))
    assert len(everything) == 4
    only_wijk = csv_rows(client.get(url, {"wijk": wijk.pk, "format": "csv"}))
    assert sorted(r[5] for r in only_wijk[1:]) == ["Besluit 0", "Besluit 1"]
    assert only_wijk[1][7] == "'=1+1"  # formula injection neutralised
    assert official.email not in "".join(",".join(r) for r in everything)


@pytest.mark.django_db
def test_register_xlsx_has_dates(client, wijk):
    make_decisions(wijk, 1)
    response = client.get(reverse("decisions:register"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == datetime.datetime(2026, 1, 1)


@pytest.mark.django_db
def test_reports_export_only_published(client, wijk):
    for published in (True, False):
        AccountabilityReport.objects.create(
            place=wijk,
            title="Gepubliceerd" if published else "Concept",
            audience="both",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            published_on=datetime.date(2026, 1, 5) if published else None,
        )
    rows = csv_rows(client.get(reverse("decisions:reports"), {"format": "csv"}))
    assert [r[3] for r in rows[1:]] == ["Gepubliceerd"]


@pytest.mark.django_db
def test_advice_export_exists(client, wijk):
    rows = csv_rows(client.get(reverse("decisions:advices"), {"format": "csv"}))
    assert len(rows) == 1  # the header only


@pytest.mark.django_db
def test_register_query_count_does_not_grow(client, wijk):
    url = reverse("decisions:register")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            csv_rows(client.get(url, {"format": "csv"}))
        return len(ctx.captured_queries)

    make_decisions(wijk, 5)
    small = count()
    make_decisions(wijk, 20, start=5)
    assert count() == small
