"""A neighbourhood agenda's items as CSV/XLSX, with the page's own (public) permission."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.agenda.models import AgendaItem


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


def add_items(agenda, n, start=0):
    for i in range(start, start + n):
        AgendaItem.objects.create(agenda=agenda, title=f"Punt {i}", origin="other", origin_side="bottom_up")


@pytest.mark.django_db
def test_agenda_items_export(client, agenda):
    add_items(agenda, 2)
    url = reverse("agenda:agenda", args=[agenda.pk])
    assert b"format=xlsx" in client.get(url).content
    rows = csv_rows(client.get(url, {"format": "csv"}))
    assert sorted(r[3] for r in rows[1:]) == ["Punt 0", "Punt 1"]
    assert rows[1][-2:] == ["0", "0"]  # actions, late actions


@pytest.mark.django_db
def test_query_count_does_not_grow(client, agenda):
    url = reverse("agenda:agenda", args=[agenda.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            csv_rows(client.get(url, {"format": "csv"}))
        return len(ctx.captured_queries)

    add_items(agenda, 5)
    small = count()
    add_items(agenda, 20, start=5)
    assert count() == small
