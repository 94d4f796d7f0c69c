"""Lists kept for conversations and meetings as CSV/XLSX: statements without authors,
registrations and attendance for whoever keeps the meeting, audited."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.core.models import AuditEntry
from samenspel.deliberation import services
from samenspel.deliberation.models import Meeting, Registration

from .conftest import login


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


@pytest.mark.django_db
def test_statements_export_for_the_moderator(client, official, resident, conversation):
    services.add_statement(user=resident, conversation=conversation, text="Meer bankjes bij de vijver graag")
    login(client, official)
    url = reverse("deliberation:moderate", args=[conversation.pk])
    assert b"format=xlsx" in client.get(url).content
    rows = csv_rows(client.get(url, {"format": "csv"}))
    texts = [r[1] for r in rows[1:]]
    assert "Meer bankjes bij de vijver graag" in texts
    assert len(rows) - 1 == conversation.statements.count()
    assert "Rik" not in "".join(",".join(r) for r in rows)


@pytest.mark.django_db
def test_statements_export_refused_for_residents(client, resident, conversation):
    url = reverse("deliberation:moderate", args=[conversation.pk])
    login(client, resident)
    assert client.get(url, {"format": "csv"}).status_code == 403


@pytest.mark.django_db
def test_registrations_export_is_audited(client, member, meeting, resident):
    Meeting.objects.filter(pk=meeting.pk).update(registration_required=True)
    services.register_on_behalf(user=member, meeting=meeting, name="Mevrouw Jansen", channel="phone")
    login(client, member)
    url = reverse("deliberation:meeting_manage", args=[meeting.pk])
    rows = csv_rows(client.get(url, {"lijst": "aanmeldingen", "format": "csv"}))
    assert rows[1][0] == "Mevrouw Jansen"
    entry = AuditEntry.objects.get(action="export.personal_data")
    assert entry.data["dataset"] == "deliberation.aanmeldingen"
    assert entry.object_id == str(meeting.pk)


@pytest.mark.django_db
def test_attendance_export_counts_and_consented_names(client, member, past_meeting):
    services.record_attendance(
        user=member,
        meeting=past_meeting,
        counts={"in_person": 12, "online": 3},
        attendees=[("Joop de Vries", "voorzitter", "in_person", True)],
    )
    login(client, member)
    url = reverse("deliberation:meeting_manage", args=[past_meeting.pk])
    rows = csv_rows(client.get(url, {"lijst": "aanwezigheid", "format": "csv"}))
    assert sorted(r[1] for r in rows[1:] if r[1]) == ["12", "3"]
    assert ["Joop de Vries", "voorzitter"] in [r[2:] for r in rows[1:]]


@pytest.mark.django_db
def test_meeting_lists_refused_for_others(client, resident, meeting):
    url = reverse("deliberation:meeting_manage", args=[meeting.pk])
    assert client.get(url, {"lijst": "aanmeldingen", "format": "csv"}).status_code in (302, 403)
    login(client, resident)
    assert client.get(url, {"lijst": "aanmeldingen", "format": "csv"}).status_code == 403
    assert client.get(url, {"lijst": "aanwezigheid", "format": "xlsx"}).status_code == 403


@pytest.mark.django_db
def test_unknown_meeting_list_is_404(client, member, meeting):
    login(client, member)
    url = reverse("deliberation:meeting_manage", args=[meeting.pk])
    assert client.get(url, {"lijst": "adressen", "format": "csv"}).status_code == 404


@pytest.mark.django_db
def test_registration_query_count_does_not_grow(client, member, meeting):
    login(client, member)
    url = reverse("deliberation:meeting_manage", args=[meeting.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            csv_rows(client.get(url, {"lijst": "aanmeldingen", "format": "csv"}))
        return len(ctx.captured_queries)

    for i in range(5):
        Registration.objects.create(meeting=meeting, name=f"Persoon {i}", channel="phone")
    count()  # the first audited export creates the audit log's head row
    small = count()
    for i in range(20):
        Registration.objects.create(meeting=meeting, name=f"Extra {i}", channel="phone")
    assert count() == small
