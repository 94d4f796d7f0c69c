"""Panel lists for the area team as CSV/XLSX: members by number with their profile only where
they consented; every response with its answers, never who gave it."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenspel.core.models import AuditEntry
from samenspel.panel import exports as panel_exports
from samenspel.panel import services
from samenspel.panel.models import AgeBand, Gender, JoinedVia, PanelMember

from .conftest import answers_for, login, make_consultation


def csv_rows(response) -> list[dict]:
    """The rows keyed by column key (the header holds the translated labels)."""
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(data, newline=""))
    keys = [c.key for c in panel_exports.MEMBER_COLUMNS]
    assert len(header) == len(keys)
    return [dict(zip(keys, row, strict=True)) for row in rows]


def add_members(panel, n, start=1, consent=True):
    for number in range(start, start + n):
        PanelMember.objects.create(
            panel=panel,
            number=number,
            joined_via=JoinedVia.SIGNUP,
            consent_at=timezone.now() if consent else None,
            age_band=AgeBand.values[1],
            gender=Gender.values[0],
        )


@pytest.mark.django_db
def test_members_export_shows_profiles_only_with_consent(client, official, panel):
    add_members(panel, 2, consent=True)
    add_members(panel, 1, start=3, consent=False)
    login(client, official)
    url = reverse("panel:panel", args=[panel.pk])
    assert b"format=xlsx" in client.get(url).content
    rows = csv_rows(client.get(url, {"format": "csv"}))
    assert [r["number"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["age_band"] == str(AgeBand.choices[1][1])
    assert rows[0]["consent"] == "true"
    assert rows[2]["age_band"] == rows[2]["gender"] == ""  # no consent, no profile
    assert rows[2]["consent"] == "false"
    assert all("@" not in v for r in rows for v in r.values())
    entry = AuditEntry.objects.get(action="export.personal_data")
    assert entry.data["dataset"] == "panel.members"
    assert entry.object_id == str(panel.pk)


@pytest.mark.django_db
def test_members_export_refused_for_residents(client, resident, panel):
    add_members(panel, 1)
    url = reverse("panel:panel", args=[panel.pk])
    assert client.get(url, {"format": "csv"}).status_code == 403  # the page is public, the list is not
    login(client, resident)
    assert client.get(url, {"format": "xlsx"}).status_code == 403
    assert client.get(url).status_code == 200
    assert not AuditEntry.objects.filter(action="export.personal_data").exists()


@pytest.mark.django_db
def test_responses_export_has_answers_and_no_identities(client, official, panel, resident, wijk):
    consultation = make_consultation(official, panel, phase="open", place=wijk)
    PanelMember.objects.create(panel=panel, number=7, joined_via=JoinedVia.SIGNUP, user=resident)
    services.submit_response(user=resident, consultation=consultation, answers=answers_for(consultation))
    login(client, official)
    url = reverse("panel:results", args=[consultation.pk])
    response = client.get(url, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert "Weekly" not in values  # single choice 0 is "Daily"
    assert "Daily" in values
    assert "Walk; Sport" in values
    assert 4 in values or "4" in values
    assert "Benches > Trees > Light" in values
    assert "More trees" in values
    flat = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert "Rik" not in flat and "@" not in flat
    assert AuditEntry.objects.filter(action="export.personal_data", data__dataset="panel.responses").exists()


@pytest.mark.django_db
def test_responses_export_refused_for_residents_even_when_closed(client, official, panel, resident):
    consultation = make_consultation(official, panel, phase="closed")
    url = reverse("panel:results", args=[consultation.pk])
    login(client, resident)
    assert client.get(url).status_code == 200  # the public results
    assert client.get(url, {"format": "csv"}).status_code == 403


@pytest.mark.django_db
def test_query_count_does_not_grow_with_members(client, official, panel):
    login(client, official)
    url = reverse("panel:panel", args=[panel.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get(url, {"format": "csv"}).streaming_content)
        return len(ctx.captured_queries)

    add_members(panel, 5)
    count()  # the first audited export creates the audit log's head row
    small = count()
    add_members(panel, 20, start=6)
    assert count() == small
