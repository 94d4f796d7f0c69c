"""An agreement version's themes and levels of say as CSV/XLSX (public, like the page)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.agreements import services


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


def add_items(official, version, n, start=0):
    for i in range(start, start + n):
        services.save_scope_item(user=official, version=version, title=f"Thema {i}", kind="budget", level=1)


@pytest.mark.django_db
def test_scope_items_export(client, official, trajectory):
    version = services.start_agreement(user=official, trajectory=trajectory)
    add_items(official, version, 2)
    url = reverse("agreements:version", args=[version.pk])
    assert b"format=xlsx" in client.get(url).content
    rows = csv_rows(client.get(url, {"format": "csv"}))
    assert [r[6] for r in rows[1:]] == ["Thema 0", "Thema 1"]
    assert [r[9] for r in rows[1:]] == ["1", "1"]


@pytest.mark.django_db
def test_query_count_does_not_grow(client, official, trajectory):
    version = services.start_agreement(user=official, trajectory=trajectory)
    url = reverse("agreements:version", args=[version.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            csv_rows(client.get(url, {"format": "csv"}))
        return len(ctx.captured_queries)

    add_items(official, version, 5)
    small = count()
    add_items(official, version, 20, start=5)
    assert count() == small
