"""The round's lists for officials as CSV/XLSX: projects, turnout per channel, paper entries
and voting letters (counts only). Never a ballot, never a code."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenspel.budgeting.models import Ballot, CodeBatch, PaperEntry, Project, ProjectStatus, VoteChannel, VotingCode
from samenspel.core.models import AuditEntry

from .conftest import login


def url(round_):
    return reverse("budgeting:manage", args=[round_.pk])


def download(client, round_, lijst, fmt="csv"):
    response = client.get(url(round_), {"lijst": lijst, "format": fmt})
    assert response.status_code == 200
    if fmt == "xlsx":
        return openpyxl.load_workbook(io.BytesIO(response.content)).active
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data, newline="")))


@pytest.fixture
def votes(voting_round, projects, official, second_official):
    batch = CodeBatch.objects.create(round=voting_round, letters=3, skipped=1, note="Brieven")
    for i in range(3):
        VotingCode.objects.create(
            round=voting_round, batch=batch, code_hash=f"hash-{i}", used_at=timezone.now() if i < 2 else None
        )
    choice = {str(projects[0].pk): 1}
    for channel in (VoteChannel.CODE, VoteChannel.CODE, VoteChannel.ACCOUNT, VoteChannel.PAPER):
        Ballot.objects.create(round=voting_round, channel=channel, choices=choice)
    for user in (official, second_official):
        PaperEntry.objects.create(round=voting_round, sheet="A-1", choices=choice, entered_by=user)
    return batch


@pytest.mark.django_db
def test_projects_list(client, official, voting_round, projects):
    login(client, official)
    page = client.get(url(voting_round))
    assert b"lijst=projecten&amp;format=xlsx" in page.content
    rows = download(client, voting_round, "projecten")
    assert len(rows) == 1 + len(projects)
    sheet = download(client, voting_round, "projecten", "xlsx")
    assert sheet.max_row == 1 + len(projects)
    costs = sorted(sheet.cell(row=r, column=7).value for r in range(2, sheet.max_row + 1))
    assert costs == [10_000, 20_000, 30_000, 40_000]  # euros, as numbers


@pytest.mark.django_db
def test_turnout_and_codes_are_counts_only(client, official, voting_round, votes):
    login(client, official)
    turnout = dict(download(client, voting_round, "opkomst")[1:])
    assert turnout["online met een stemcode"] == "2"
    assert turnout["op papier"] == "1"
    assert list(turnout.values())[3] == "4"  # ballots in total
    codes = download(client, voting_round, "codes")
    assert codes[1][1:4] == ["3", "1", "2"]  # letters, left out, used
    everything = "".join(
        "".join(",".join(r) for r in download(client, voting_round, lijst)) for lijst in ("opkomst", "codes")
    )
    assert "hash-" not in everything


@pytest.mark.django_db
def test_paper_entries_are_audited_and_hold_no_choices(client, official, voting_round, votes, projects):
    login(client, official)
    rows = download(client, voting_round, "papier")
    assert [r[0] for r in rows[1:]] == ["A-1", "A-1"]
    assert {r[1] for r in rows[1:]} == {"Fatima Official", "Gert Official"}
    assert str(projects[0].pk) not in "".join(",".join(r[3:]) for r in rows[1:])
    entry = AuditEntry.objects.get(action="export.personal_data")
    assert entry.data["dataset"] == "budgeting.papier"
    assert entry.object_id == str(voting_round.pk)


@pytest.mark.django_db
def test_unknown_list_is_404(client, official, voting_round):
    login(client, official)
    assert client.get(url(voting_round), {"lijst": "stembiljetten", "format": "csv"}).status_code == 404


@pytest.mark.django_db
def test_residents_and_anonymous_are_refused(client, resident, voting_round, votes):
    anonymous = client.get(url(voting_round), {"lijst": "papier", "format": "csv"})
    assert anonymous.status_code == 302
    login(client, resident)
    for lijst in ("projecten", "opkomst", "papier", "codes"):
        assert client.get(url(voting_round), {"lijst": lijst, "format": "csv"}).status_code == 403


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(client, official, voting_round, projects):
    login(client, official)

    def count(lijst):
        with CaptureQueriesContext(connection) as ctx:
            download(client, voting_round, lijst)
        return len(ctx.captured_queries)

    count("papier")  # the first audited export creates the audit log's head row
    small = {lijst: count(lijst) for lijst in ("projecten", "papier", "codes")}
    for i in range(20):
        Project.objects.create(
            round=voting_round, number=10 + i, title=f"P{i}", summary="x", status=ProjectStatus.SUBMITTED
        )
        PaperEntry.objects.create(round=voting_round, sheet=f"B-{i}", choices={}, entered_by=official)
        CodeBatch.objects.create(round=voting_round, letters=i + 1)
    assert {lijst: count(lijst) for lijst in ("projecten", "papier", "codes")} == small
