import hashlib
import io
import json

import jsonschema_rs
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from samenspel.agreements.models import VersionStatus
from samenspel.decisions.models import AdviceStatus
from samenspel.finance.models import AgreementStatus
from samenspel.publication.models import Publication, PublicationStatus
from samenspel.publication.schema import METADATA_SCHEMA

from .conftest import TITLES, day, make_challenge_agreement, make_decision, make_report, make_round, make_version

KINDS = list(TITLES)


def url(kind, record, suffix=""):
    return f"/publicaties/{kind}/{record.pk}/{suffix}"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_stable_address(client, records, kind):
    record = getattr(records, kind)
    response = client.get(url(kind, record))
    assert response.status_code == 200
    assert TITLES[kind] in response.content.decode()
    entry = Publication.objects.get(kind=kind, object_id=record.pk)
    assert entry.get_absolute_url() == url(kind, record)
    assert entry.status == PublicationStatus.CURRENT
    assert entry.revision == 1


@pytest.mark.django_db
def test_the_address_stays_when_the_title_changes(client, records):
    decision = records.besluit
    decision.title = "Zes bankjes in het Oosterpark"
    decision.save()
    response = client.get(url("besluit", decision))
    assert response.status_code == 200
    assert "Zes bankjes in het Oosterpark" in response.content.decode()
    entry = Publication.objects.get(kind="besluit", object_id=decision.pk)
    assert entry.revision == 2
    assert entry.modified_at > entry.published_at


@pytest.mark.django_db
def test_saving_without_a_change_keeps_the_revision(records):
    records.besluit.save()
    assert Publication.objects.get(kind="besluit", object_id=records.besluit.pk).revision == 1


@pytest.mark.django_db
def test_the_pdf_is_made_once_per_revision(client, records, monkeypatch):
    from samenspel.publication import services

    first = client.get(url("besluit", records.besluit, "document.pdf")).content
    calls = []
    monkeypatch.setattr(services, "render_pdf", lambda *a, **k: calls.append(1) or b"%PDF-new")
    assert client.get(url("besluit", records.besluit, "document.pdf")).content == first
    assert calls == []
    records.besluit.rationale = "Andere redenen."
    records.besluit.save()
    assert client.get(url("besluit", records.besluit, "document.pdf")).content == b"%PDF-new"
    assert calls == [1]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_metadata_and_a_real_pdf_with_its_hash(client, records, kind):
    record = getattr(records, kind)
    response = client.get(url(kind, record, "metadata.json"))
    assert response.status_code == 200
    data = response.json()
    jsonschema_rs.validate(METADATA_SCHEMA, data)
    assert data["identifier"] == f"http://testserver/publicaties/{kind}/{record.pk}/"
    assert data["titelcollectie"]["officieleTitel"].startswith(TITLES[kind])
    assert data["publisher"]["resource"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm0014"
    assert data["locatie"]["cbs_code"] == "WK001404"
    assert data["language"]["code"] == "nl"

    response = client.get(url(kind, record, "document.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    sha = hashlib.sha256(response.content).hexdigest()
    listed = {v["format"]: v for v in data["weergaven"]}
    assert listed["application/pdf"]["sha256"] == sha
    assert response["Digest"] == f"sha-256={sha}"
    reader = PdfReader(io.BytesIO(response.content))
    info = reader.metadata
    assert TITLES[kind] in info.title
    assert info.author == "gemeente Groningen"
    assert info.get("/Keywords")
    assert info.get("/CreationDate") and info.get("/ModDate")
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert TITLES[kind] in " ".join(text.split())
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/FontDescriptor" in font.get_object() or "/DescendantFonts" in font.get_object()
    }
    assert any("DejaVu" in name for name in fonts), fonts


def test_the_schema_rejects_what_it_should(client):
    validator = jsonschema_rs.validator_for(METADATA_SCHEMA)
    assert not validator.is_valid({"identifier": "not a url"})


@pytest.mark.django_db
def test_information_categories_follow_the_record(client, wijk, organisation, records):
    council = make_decision(wijk, title="Raadsbesluit", decider_kind="council")
    as_advice = make_decision(wijk, title="Wijkraad zonder mandaat", decider_kind="wijk_body")
    type(as_advice).objects.filter(pk=as_advice.pk).update(recorded_as_advice=True)
    as_advice.refresh_from_db()
    as_advice.save()

    def labels(kind, record):
        data = client.get(url(kind, record, "metadata.json")).json()
        return [c["label"] for c in data["classificatiecollectie"]["informatiecategorieen"]]

    assert labels("besluit", records.besluit) == ["Agenda's en besluitenlijsten bestuurscolleges"]
    assert labels("besluit", council) == ["Vergaderstukken decentrale overheden"]
    assert labels("besluit", as_advice) == ["Adviezen"]
    assert labels("afspraken", records.afspraken) == ["Convenanten"]
    assert labels("uitdaagrecht", records.uitdaagrecht) == ["Convenanten"]
    assert labels("verantwoording", records.verantwoording) == ["Jaarplannen en jaarverslagen"]
    assert labels("uitslag", records.uitslag) == ["Adviezen"]  # the budget is not linked to an agreement
    records.advies.addressee = "council"
    records.advies.save()
    assert labels("advies", records.advies) == ["Adviezen", "Bij vertegenwoordigende organen ingekomen stukken"]


@pytest.mark.django_db
def test_the_json_download_holds_content_and_metadata(client, records):
    response = client.get(url("advies", records.advies, "document.json"))
    data = json.loads(response.content)
    assert data["content"]["subject"] == "Advies over de speeltuin"
    assert data["content"]["given_by"] == "Bewonersorganisatie Oosterpark"
    assert data["metadata"]["titelcollectie"]["officieleTitel"] == "Advies over de speeltuin"
    jsonschema_rs.validate(METADATA_SCHEMA, data["metadata"])


@pytest.mark.django_db
def test_the_page_carries_dublin_core(client, records):
    html = client.get(url("besluit", records.besluit)).content.decode()
    assert '<meta name="DC.title" content="Bankjes in het Oosterpark">' in html
    assert f'<meta name="DCTERMS.identifier" content="http://testserver{url("besluit", records.besluit)}">' in html
    assert '<meta name="DCTERMS.created" content="2025-06-02">' in html
    assert '<meta name="DC.language" content="nl">' in html
    assert 'rel="canonical"' in html


@pytest.mark.django_db
def test_what_is_not_public_stays_out(client, wijk, organisation):
    draft = make_version(wijk, title="Concept-afspraken", status=VersionStatus.CONGRUENT)
    unpublished = make_report(wijk, organisation, title="Nog niet klaar", published=False)
    negotiating = make_challenge_agreement(wijk, organisation, status=AgreementStatus.DRAFT, title="Onderhandeling")
    counting = make_round(wijk, title="Wordt geteld", published=False)
    hidden = (
        ("afspraken", draft),
        ("verantwoording", unpublished),
        ("uitdaagrecht", negotiating),
        ("uitslag", counting),
    )
    for kind, record in hidden:
        for suffix in ("", "document.pdf", "document.json", "metadata.json"):
            assert client.get(url(kind, record, suffix)).status_code == 404, (kind, suffix)
    assert not Publication.objects.exists()
    for page in ("/publicaties/", "/publicaties/index.json", "/publicaties/rss/", "/publicaties/atom/"):
        body = client.get(page).content.decode()
        for title in ("Concept-afspraken", "Nog niet klaar", "Onderhandeling", "Wordt geteld"):
            assert title not in body


@pytest.mark.django_db
def test_an_unknown_kind_or_number_is_not_found(client, records):
    assert client.get("/publicaties/iets/1/").status_code == 404
    assert client.get("/publicaties/besluit/999999/").status_code == 404


@pytest.mark.django_db
def test_a_report_appears_when_it_is_published(client, wijk, organisation):
    report = make_report(wijk, organisation, published=False)
    assert client.get(url("verantwoording", report)).status_code == 404
    report.published_on = day(0)
    report.save()
    assert client.get(url("verantwoording", report)).status_code == 200


@pytest.mark.django_db
def test_withdrawn_advice_stays_reachable_marked_withdrawn(client, records):
    advice = records.advies
    advice.status = AdviceStatus.WITHDRAWN
    advice.save()
    response = client.get(url("advies", advice))
    assert response.status_code == 200
    assert "ingetrokken" in response.content.decode()  # the Dublin Core validity
    data = client.get(url("advies", advice, "metadata.json")).json()
    assert data["ingetrokken"] is True
    assert data["status"] == "withdrawn"
    assert [h["soortHandeling"] for h in data["documenthandelingen"]] == ["publicatie", "wijziging", "intrekking"]
    with translation.override("en"):
        english = client.get(url("advies", advice), HTTP_COOKIE="django_language=en").content.decode()
    assert "Withdrawn." in english or "Ingetrokken." in english


@pytest.mark.django_db
def test_an_older_version_is_marked_replaced(client, wijk):
    old = make_version(wijk)
    new = make_version(wijk, agreement=old.agreement, number=2, status=VersionStatus.SIGNED)
    type(old).objects.filter(pk=old.pk).update(status=VersionStatus.SUPERSEDED)  # as agreements.services.activate
    new.status = VersionStatus.ACTIVE
    new.save()
    assert Publication.objects.get(kind="afspraken", object_id=old.pk).status == PublicationStatus.SUPERSEDED
    assert Publication.objects.get(kind="afspraken", object_id=new.pk).version_number == 2
    html = client.get(url("afspraken", old)).content.decode()
    assert f'href="{url("afspraken", new)}"' in html  # the newer version is one click away


@pytest.mark.django_db
def test_an_agreement_put_into_force_by_its_services_is_published(client, in_force):  # noqa: F811
    entry = Publication.objects.get(kind="afspraken", object_id=in_force.version.pk)
    assert entry.status == PublicationStatus.CURRENT
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    assert "Wijkbudget" in response.content.decode()
    data = client.get(url("afspraken", in_force.version, "document.json")).json()
    assert [s["side"] for s in data["content"]["signatures"]] == ["gemeente", "wijk"]
    assert data["content"]["council_decision"]["reference"] == "RB-1"


@pytest.mark.django_db
def test_a_failing_register_never_blocks_the_record(wijk, monkeypatch):
    from samenspel.publication import services

    def broken(*args, **kwargs):
        raise RuntimeError("register down")

    monkeypatch.setattr(services, "build", broken)
    decision = make_decision(wijk)
    assert type(decision).objects.filter(pk=decision.pk).exists()
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_a_record_missing_from_the_register_is_added_when_asked_for(client, records):
    Publication.objects.all().delete()
    assert client.get(url("besluit", records.besluit)).status_code == 200
    assert Publication.objects.filter(kind="besluit").count() == 1


@pytest.mark.django_db
def test_the_sync_command_rebuilds_the_register(records):
    Publication.objects.all().delete()
    out = io.StringIO()
    call_command("publication", "sync", stdout=out)
    assert Publication.objects.count() == 6
    assert "besluit: 1 published, 0 removed" in out.getvalue()
    records.besluit.delete()
    call_command("publication", "sync", "--reprint", stdout=out)
    assert Publication.objects.count() == 5


@pytest.mark.django_db
def test_a_budget_result_lists_its_projects(client, records):
    data = client.get(url("uitslag", records.uitslag, "document.json")).json()
    assert [(p["title"], p["selected"]) for p in data["content"]["projects"]] == [
        ("Buurtmoestuin", True),
        ("Zomerfeest", False),
    ]
    project = records.uitslag.projects.get(number=2)
    project.title = "Groot zomerfeest"
    project.save()
    assert "Groot zomerfeest" in client.get(url("uitslag", records.uitslag)).content.decode()
    assert Publication.objects.get(kind="uitslag").revision == 2


@pytest.mark.django_db
def test_the_record_page_links_to_its_publication(client, records):
    for record in (records.besluit, records.advies, records.verantwoording):
        html = client.get(record.get_absolute_url()).content.decode()
        assert f'href="/publicaties/{Publication.objects.get(object_id=record.pk, kind=_kind(record)).kind}/' in html


def _kind(record):
    from samenspel.publication.sources import kind_of

    return kind_of(record)


# --- The index and the feeds ------------------------------------------------------------------


@pytest.fixture
def many(wijk, other_wijk):
    for n in range(30):
        make_decision(wijk if n % 2 else other_wijk, title=f"Besluit {n:02d}", decided_on=day(-n))


@pytest.mark.django_db
def test_the_index_lists_filters_and_pages(client, many, wijk, records):
    response = client.get("/publicaties/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 36
    assert len(response.context["page"].object_list) == 25
    second = client.get("/publicaties/?pagina=2")
    assert len(second.context["page"].object_list) == 11
    by_kind = client.get("/publicaties/?soort=advies")
    assert [e.title for e in by_kind.context["page"].object_list] == ["Advies over de speeltuin"]
    by_place = client.get(f"/publicaties/?plaats={wijk.pk}&soort=besluit")
    assert by_place.context["page"].paginator.count == 16  # 15 odd ones and the records' decision
    by_date = client.get(f"/publicaties/?soort=besluit&van={day(-4).isoformat()}&tot={day(-1).isoformat()}")
    assert sorted(e.title for e in by_date.context["page"].object_list) == [
        "Besluit 01",
        "Besluit 02",
        "Besluit 03",
        "Besluit 04",
    ]
    municipality = wijk.parent
    assert client.get(f"/publicaties/?plaats={municipality.pk}").context["page"].paginator.count == 36
    nonsense = client.get("/publicaties/?soort=xyz&van=gisteren&pagina=abc")
    assert nonsense.status_code == 200


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/publicaties/", "/publicaties/index.json", "/publicaties/rss/", "/publicaties/atom/"]
)
def test_query_count_does_not_grow_with_rows(client, wijk, other_wijk, path):
    for n in range(3):
        make_decision(wijk if n % 2 else other_wijk, title=f"Besluit {n}")
    few = _queries(client, path)
    for n in range(3, 40):
        make_decision(wijk if n % 2 else other_wijk, title=f"Besluit {n}")
    assert _queries(client, path) == few


@pytest.mark.django_db
def test_the_json_index_returns_what_changed_since(client, records, many):
    everything = client.get("/publicaties/index.json").json()
    assert everything["count"] == 36
    assert len(everything["items"]) == 36
    for item in everything["items"]:
        jsonschema_rs.validate(METADATA_SCHEMA, item)
    moment = Publication.objects.order_by("-modified_at").first().modified_at
    records.advies.response = "We doen het."
    records.advies.save()
    changed = client.get("/publicaties/index.json", {"gewijzigd_sinds": moment.isoformat()}).json()
    assert [i["titelcollectie"]["officieleTitel"] for i in changed["items"]] == ["Advies over de speeltuin"]
    assert client.get("/publicaties/index.json?gewijzigd_sinds=gisteren").status_code == 400
    assert client.get("/publicaties/index.json?gewijzigd_sinds=2025-13-45").status_code == 400
    assert client.get("/publicaties/rss/?gewijzigd_sinds=2025-13-45").status_code == 200
    assert client.get("/publicaties/index.json?gewijzigd_sinds=2000-01-01").json()["count"] == 36


@pytest.mark.django_db
def test_the_feeds_list_publications(client, records):
    rss = client.get("/publicaties/rss/")
    assert rss.status_code == 200
    assert "Bankjes in het Oosterpark" in rss.content.decode()
    assert f"http://testserver/publicaties/besluit/{records.besluit.pk}/" in rss.content.decode()
    atom = client.get("/publicaties/atom/?soort=advies")
    body = atom.content.decode()
    assert "Advies over de speeltuin" in body and "Bankjes" not in body
