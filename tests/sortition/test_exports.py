"""The respondents of a draw as CSV/XLSX for the officials running it: pool number, initials,
characteristics and status; never a name or an address; only while the register extract
still exists; audited."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.core.models import AuditEntry

from .draw_helpers import *  # noqa: F403
from .draw_helpers import FEATURE_CYCLE, answer_yes, login, pool


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


@pytest.mark.django_db
def test_respondents_while_the_extract_exists(client, draw, official):
    letters = pool(draw, official, yes=6, close=False)
    login(client, official)
    url = reverse("sortition:manage", args=[draw.pk])
    assert b"format=xlsx" in client.get(url).content
    rows = csv_rows(client.get(url, {"format": "csv"}))
    assert len(rows) == 1 + 7  # six said yes, one said no
    flat = "\n".join(",".join(r) for r in rows)
    for letter in letters[:7]:
        assert letter["address"] not in flat
        assert letter["address"].rsplit(" ", 1)[0] not in flat  # not even the street
    assert "9999AA" not in flat
    entry = AuditEntry.objects.get(action="export.personal_data")
    assert entry.data["dataset"] == "sortition.respondents"
    assert entry.object_id == str(draw.pk)


@pytest.mark.django_db
def test_no_respondents_after_the_extract_is_deleted(client, draw, official):
    pool(draw, official, yes=6, close=True)  # closing the replies deletes the extract
    login(client, official)
    url = reverse("sortition:manage", args=[draw.pk])
    assert client.get(url, {"format": "csv"}).status_code == 403
    assert b"format=xlsx" not in client.get(url).content


@pytest.mark.django_db
def test_residents_and_anonymous_are_refused(client, draw, official, resident):
    pool(draw, official, yes=3, close=False)
    url = reverse("sortition:manage", args=[draw.pk])
    assert client.get(url, {"format": "csv"}).status_code in (302, 403)
    login(client, resident)
    assert client.get(url, {"format": "csv"}).status_code == 403
    assert not AuditEntry.objects.filter(action="export.personal_data").exists()


@pytest.mark.django_db
def test_query_count_does_not_grow_with_respondents(client, draw, official):
    letters = pool(draw, official, yes=5, close=False)
    login(client, official)
    url = reverse("sortition:manage", args=[draw.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            csv_rows(client.get(url, {"format": "csv"}))
        return len(ctx.captured_queries)

    count()  # the first audited export creates the audit log's head row
    small = count()
    for i, letter in enumerate(letters[6:26]):
        answer_yes(letter, FEATURE_CYCLE[i % len(FEATURE_CYCLE)], house_number=str(100 + i))
    assert count() == small
