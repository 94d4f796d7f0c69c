import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.budgeting.models import Budget, Project, ProjectStatus, Round
from samenspel.core import exports
from samenspel.decisions.models import AccountabilityReport, Decision
from samenspel.deliberation.models import Meeting
from samenspel.initiatives.models import Idea
from samenspel.opendata import services
from samenspel.panel.models import Answer, Consultation, Question, Response

SECRET_EMAIL = "geheim.persoon@example.org"
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def download(client, slug, fmt, **params):
    response = client.get(reverse("opendata:download", args=[slug, fmt]), params)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def author(db):
    return User.objects.create_user(SECRET_EMAIL, "x", display_name="Geheime Auteur")


def make_ideas(place, author, n, **extra):
    return [
        Idea.objects.create(place=place, author=author, title=f"Idee {i}", description="Iets moois.", **extra)
        for i in range(n)
    ]


def make_round(place, published=True):
    budget = Budget.objects.create(
        place=place,
        title="Wijkbudget",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=5_000_000,
    )
    round_ = Round.objects.create(
        budget=budget,
        title="Oosterpark beslist" if published else "Nog niet geteld",
        amount_cents=5_000_000,
        ideas_opens=NOW - 40 * DAY,
        review_opens=NOW - 30 * DAY,
        voting_opens=NOW - 20 * DAY,
        voting_closes=NOW - 10 * DAY,
    )
    projects = [
        Project.objects.create(
            round=round_,
            number=i + 1,
            title=f"Project {i + 1}",
            summary="Plan",
            cost_cents=1_000_000 * (i + 1),
            status=ProjectStatus.ON_BALLOT,
            selected=(i == 0) if published else None,
        )
        for i in range(3)
    ]
    if published:
        round_.result = {
            "projects": {str(p.pk): {"votes": 10 * (3 - i), "selected": i == 0} for i, p in enumerate(projects)}
        }
        round_.result_published_at = NOW - 5 * DAY
        round_.save()
    return round_, projects


@pytest.fixture
def world(wijk, other_wijk, author):
    make_ideas(wijk, author, 2)
    make_ideas(wijk, author, 1, is_hidden=True, hidden_reason="Scheldwoorden")
    make_ideas(other_wijk, author, 1)
    Decision.objects.create(
        place=wijk,
        decider_kind="college",
        title="Bankjes in het park",
        outcome="adopted",
        rationale="Veel steun.",
        decided_on=datetime.date(2026, 2, 1),
    )
    for published in (True, False):
        AccountabilityReport.objects.create(
            place=wijk,
            title="Verslag 2025" if published else "Concept verslag",
            audience="both",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            published_on=datetime.date(2026, 1, 15) if published else None,
        )
    Meeting.objects.create(place=wijk, kind="buurtbijeenkomst", title="Open avond", starts_at=NOW, is_public=True)
    Meeting.objects.create(place=wijk, kind="body_meeting", title="Besloten overleg", starts_at=NOW, is_public=False)
    make_round(wijk, published=True)
    make_round(wijk, published=False)
    for closed in (True, False):
        consultation = Consultation.objects.create(
            place=wijk,
            title="Parkeren" if closed else "Nog open",
            opens_at=NOW - 20 * DAY,
            closes_at=NOW - DAY if closed else NOW + 10 * DAY,
        )
        single = Question.objects.create(
            consultation=consultation, order=1, kind="single", text="Meer parkeerplaatsen?", options=["Ja", "Nee"]
        )
        scale = Question.objects.create(consultation=consultation, order=2, kind="scale", text="Hoe tevreden?")
        text = Question.objects.create(consultation=consultation, order=3, kind="text", text="Waarom?")
        for n, choice in enumerate((0, 0, 1)):
            user = author if n == 0 else None  # a respondent with an account: never named in open data
            response = Response.objects.create(consultation=consultation, user=user, submitted_at=NOW, updated_at=NOW)
            Answer.objects.create(response=response, question=single, choices=[choice])
            Answer.objects.create(response=response, question=scale, number=4)
            Answer.objects.create(response=response, question=text, text=f"Mijn adres is {SECRET_EMAIL}")


def test_index_lists_every_dataset_with_licence_count_and_links(client, world):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for ds in services.DATASETS:
        assert f'id="{ds.slug}"' in html
        for fmt in services.FORMATS:
            assert reverse("opendata:download", args=[ds.slug, fmt]) in html
    assert "creativecommons.org/publicdomain/zero/1.0" in html
    assert "creativecommons.org/licenses/by/4.0" in html
    ideas = next(d for d in response.context["datasets"] if d["dataset"].slug == "ideeen")
    assert ideas["count"] == 3  # the hidden idea is not counted
    assert ideas["modified"] == timezone.localdate()


def test_index_filters_by_place(client, world, wijk, other_wijk):
    response = client.get(reverse("opendata:index"), {"plaats": other_wijk.pk})
    ideas = next(d for d in response.context["datasets"] if d["dataset"].slug == "ideeen")
    assert ideas["count"] == 1
    assert f"?plaats={other_wijk.pk}" in ideas["distributions"][0]["url"]


def test_ideas_csv_is_public_rows_only_without_authors(client, world):
    data = download(client, "ideeen", "csv")
    rows = csv_rows(data)
    assert len(rows) == 3
    assert set(rows[0]) >= {"id", "place", "title", "status", "supporters", "created_at"}
    assert SECRET_EMAIL.encode() not in data
    assert b"Geheime Auteur" not in data
    assert b"Scheldwoorden" not in data


def test_place_filter_includes_places_below(client, world, municipality, wijk):
    assert len(csv_rows(download(client, "ideeen", "csv", plaats=wijk.pk))) == 2
    assert len(csv_rows(download(client, "ideeen", "csv", plaats=municipality.pk))) == 3


def test_unknown_dataset_or_place_is_404(client, db):
    assert client.get("/open-data/niets.csv").status_code == 404
    assert client.get(reverse("opendata:download", args=["ideeen", "csv"]), {"plaats": "999999"}).status_code == 404


def test_json_and_xlsx_hold_the_same_rows(client, world):
    body = json.loads(download(client, "besluiten", "json"))
    assert body["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert [r["title"] for r in body["records"]] == ["Bankjes in het park"]
    assert body["records"][0]["decided_on"] == "2026-02-01"
    book = openpyxl.load_workbook(io.BytesIO(download(client, "besluiten", "xlsx")))
    sheet = book.active
    assert sheet.max_row == 2
    assert sheet["B2"].value == datetime.datetime(2026, 2, 1)


def test_nothing_private_in_any_dataset(client, world):
    for ds in services.DATASETS:
        for fmt in ("csv", "json"):
            data = download(client, ds.slug, fmt)
            assert SECRET_EMAIL.encode() not in data, ds.slug
            assert b"Geheime Auteur" not in data, ds.slug
    reports = csv_rows(download(client, "verantwoording", "csv"))
    assert [r["title"] for r in reports] == ["Verslag 2025"]
    meetings = csv_rows(download(client, "bijeenkomsten", "csv"))
    assert [r["title"] for r in meetings] == ["Open avond"]


def test_budget_results_only_published_totals(client, world):
    rows = csv_rows(download(client, "stemuitslagen", "csv"))
    assert {r["round"] for r in rows} == {"Oosterpark beslist"}
    assert [(r["project"], r["votes"], r["selected"], r["cost"]) for r in rows] == [
        ("Project 1", "30", "true", "10000.00"),
        ("Project 2", "20", "false", "20000.00"),
        ("Project 3", "10", "false", "30000.00"),
    ]


def test_consultation_results_only_closed_and_only_counts(client, world):
    rows = csv_rows(download(client, "raadplegingen", "csv"))
    assert {r["consultation"] for r in rows} == {"Parkeren"}
    by_option = {(r["question"], r["option"]): int(r["count"]) for r in rows}
    assert by_option[("Meer parkeerplaatsen?", "Ja")] == 2
    assert by_option[("Meer parkeerplaatsen?", "Nee")] == 1
    assert by_option[("Hoe tevreden?", "4")] == 3
    assert by_option[("Hoe tevreden?", "1")] == 0
    assert all(r["respondents"] == "3" for r in rows)
    text_rows = [r for r in rows if r["question"] == "Waarom?"]
    assert len(text_rows) == 1 and text_rows[0]["count"] == "3"


def test_catalogue_is_dcat(client, world):
    response = client.get(reverse("opendata:catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    body = json.loads(response.content)
    assert body["@type"] == "dcat:Catalog"
    assert {d["dct:identifier"] for d in body["dcat:dataset"]} == {d.slug for d in services.DATASETS}
    figures = next(d for d in body["dcat:dataset"] if d["dct:identifier"] == "kerncijfers")
    assert figures["dct:license"] == "http://creativecommons.org/licenses/by/4.0/"
    ideas = next(d for d in body["dcat:dataset"] if d["dct:identifier"] == "ideeen")
    assert ideas["samenspel:rows"] == 3
    assert ideas["dct:modified"] == timezone.localdate().isoformat()
    media = {d["dcat:mediaType"] for d in ideas["dcat:distribution"]}
    assert media == {"text/csv", "application/json", exports.XLSX_CONTENT_TYPE}
    assert all(
        d["dcat:downloadURL"].startswith("http://testserver/open-data/ideeen.") for d in ideas["dcat:distribution"]
    )


def _queries(client, slug, fmt):
    with CaptureQueriesContext(connection) as ctx:
        download(client, slug, fmt)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_query_count_does_not_grow_with_rows(client, wijk, author, fmt):
    make_ideas(wijk, author, 5)
    for i in range(5):
        Meeting.objects.create(place=wijk, kind="buurtbijeenkomst", title=f"Avond {i}", starts_at=NOW, is_public=True)
    counts_small = {slug: _queries(client, slug, fmt) for slug in ("ideeen", "bijeenkomsten", "stemuitslagen")}
    make_ideas(wijk, author, 20)
    for i in range(20):
        Meeting.objects.create(place=wijk, kind="buurtbijeenkomst", title=f"Extra {i}", starts_at=NOW, is_public=True)
    make_round(wijk)
    make_round(wijk)
    counts_large = {slug: _queries(client, slug, fmt) for slug in ("ideeen", "bijeenkomsten", "stemuitslagen")}
    assert counts_small == counts_large


def test_index_query_count_does_not_grow_with_rows(client, wijk, author):
    make_ideas(wijk, author, 5)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("opendata:index"))
    make_ideas(wijk, author, 20)
    make_round(wijk)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("opendata:index"))
    assert len(small.captured_queries) == len(large.captured_queries)
