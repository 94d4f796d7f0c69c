"""The public pages, their downloads, the forms and who may open them."""

import csv
import datetime
import io
import json

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samenspel.finance import services
from samenspel.finance.models import BudgetLine, ChallengeStatus, SupportSignature

from .conftest import all_criteria, csv_bytes, login, tv

YEAR = datetime.date.today().year


@pytest.fixture
def budget(official, municipality, wijk, other_wijk, buurt, inhabitants, in_force):
    def line(place, code, description, planned, realised=None, year=YEAR, **extra):
        return services.save_line(
            user=official,
            municipality=municipality,
            year=year,
            place=place,
            taakveld=tv(code),
            description=description,
            planned_cents=planned,
            realised_cents=realised,
            **extra,
        )

    lines = {
        "wijkbudget": line(wijk, "6.1", "Wijkbudget Oosterpark", 20_000_000, scope_item=in_force.budget),
        "groen": line(wijk, "5.7", "Groen Oosterpark", 6_000_000),
        "buurt": line(buurt, "2.1", "Lantaarns Oosterpark-Noord", 1_200_000),
        "centrum": line(other_wijk, "5.7", "Groen Centrum", 4_800_000),
        "overhead": line(None, "0.4", "Overhead", 100_000_000),
        "vorig": line(wijk, "5.7", "Groen Oosterpark", 5_500_000, 5_000_000, year=YEAR - 1),
    }
    services.record_expenditure(
        user=official,
        line=lines["groen"],
        spent_on=datetime.date(YEAR, 1, 1),
        recipient_kind="company",
        recipient_name="Groenbedrijf B.V.",
        purpose="Maaien",
        amount_cents=1_000_000,
        decision_reference="CB-7",
    )
    return lines


def test_the_wijk_page_shows_planned_realised_per_inhabitant_and_who_decides(client, budget):
    html = client.get("/open-begroting/groningen/oosterparkwijk/").content.decode()
    assert "Wijkbudget Oosterpark" in html and "Lantaarns Oosterpark-Noord" in html  # its buurt included
    assert "Groen Centrum" not in html and "Overhead" not in html
    assert "€ 272.000,00" in html  # 200.000 + 60.000 + 12.000
    assert "€ 22,67" in html  # € 272.000 / 12.000 inhabitants
    assert "73,5%" in html  # share decided by the neighbourhood itself
    assert "Groenbedrijf B.V." in html and "CB-7" in html
    assert html.count("<svg") >= 3 and html.count("<table") >= 4
    assert "style=" not in html and "<script" not in html


def test_the_municipality_page_compares_wijken_and_shows_unattributable_money(client, budget):
    html = client.get(f"/open-begroting/groningen/?jaar={YEAR}").content.decode()
    assert "Oosterparkwijk" in html and "Centrum" in html
    assert "€ 2,00" in html  # Centrum: € 48.000 / 24.000 inhabitants
    assert "€ 1.000.000,00" in html  # not attributable, named in the comparison's text
    old = client.get(f"/open-begroting/groningen/?jaar={YEAR - 1}").content.decode()
    assert "Groen Oosterpark" in old and "Wijkbudget" not in old


def test_downloads_hold_what_the_page_shows(client, budget):
    response = client.get(f"/open-begroting/groningen/oosterparkwijk/download.csv?jaar={YEAR}&tabel=regels")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["description"] for r in rows} == {
        "Wijkbudget Oosterpark",
        "Groen Oosterpark",
        "Lantaarns Oosterpark-Noord",
    }
    groen = next(r for r in rows if r["description"] == "Groen Oosterpark")
    assert groen["planned_euro"] == "60000.00" and groen["spent_euro"] == "10000.00"
    assert groen["realised_euro"] == "10000.00"  # no annual accounts yet: what was spent
    per_taakveld = client.get("/open-begroting/groningen/oosterparkwijk/download.csv?tabel=taakvelden").content
    assert b"6.1 Samenkracht en burgerparticipatie" in per_taakveld
    wijken = client.get("/open-begroting/groningen/download.csv?tabel=wijken").content.decode()
    assert "Oosterparkwijk" in wijken and "22.67" in wijken
    data = json.loads(client.get("/open-begroting/groningen/oosterparkwijk/download.json").content)
    assert data["total"]["planned_euro"] == "272000.00"
    assert data["inhabitants"]["value"] == 12000
    assert [t["year"] for t in data["trend"]] == [YEAR - 1, YEAR]
    assert data["expenditures"][0]["recipient"] == "Groenbedrijf B.V."
    assert client.get("/open-begroting/groningen/oosterparkwijk/download.csv?tabel=wijken").status_code == 404


def test_a_line_page_with_a_question_and_its_answer(english, budget, official, resident):
    client = english
    line = budget["wijkbudget"]
    assert "Log in to ask a question" in client.get(line.get_absolute_url()).content.decode()
    login(client, resident)
    response = client.post(line.get_absolute_url(), {"text": "Wie besluit hierover?"})
    assert response.status_code == 302
    question = line.questions.get()
    services.answer_question(user=official, question=question, answer="De wijkraad.")
    html = client.get(line.get_absolute_url()).content.decode()
    assert "Wie besluit hierover?" in html and "De wijkraad." in html
    assert resident.display_name not in html  # the asker's name is not published
    assert f'#item-{line.scope_item_id}"' in html  # who decides: the part of the agreement it falls under


def test_officials_pages_are_for_officials(client, budget, resident, official, municipality):
    line = budget["groen"]
    urls = [
        "/open-begroting/groningen/importeren/",
        "/open-begroting/groningen/regel/nieuw/",
        "/open-begroting/groningen/termijnen/",
        f"/open-begroting/regel/{line.pk}/wijzigen/",
        f"/open-begroting/regel/{line.pk}/uitgave/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    login(client, resident)
    for url in urls:
        assert client.get(url).status_code == 403
    login(client, official)
    for url in urls:
        assert client.get(url).status_code == 200


def test_upload_refused_shows_every_row_and_imports_nothing(english, official, municipality, wijk):
    client = english
    login(client, official)
    upload = SimpleUploadedFile(
        "begroting.csv", csv_bytes("place;taakveld;description;planned\nWK001404;9.9;X;1\nAtlantis;6.1;Y;1,5,5\n")
    )
    html = client.post("/open-begroting/groningen/importeren/", {"year": YEAR, "file": upload}).content.decode()
    assert "row 2: unknown taakveld “9.9”" in html
    assert "row 3: unknown place “Atlantis” in this municipality" in html
    assert not BudgetLine.objects.exists()
    good = SimpleUploadedFile("begroting.csv", csv_bytes("place;taakveld;description;planned\nWK001404;6.1;X;1,50\n"))
    response = client.post("/open-begroting/groningen/importeren/", {"year": YEAR, "file": good, "total": "1,50"})
    assert response.status_code == 302
    assert BudgetLine.objects.get().planned_cents == 150


def test_an_official_adds_a_line_and_records_spending_through_the_forms(english, official, wijk):
    client = english
    login(client, official)
    response = client.post(
        "/open-begroting/groningen/regel/nieuw/",
        {
            "year": YEAR,
            "place": wijk.pk,
            "taakveld": tv("6.1").pk,
            "description": "Buurthuis",
            "planned_cents": "12.500,00",
            "decided_by": "municipality",
        },
    )
    line = BudgetLine.objects.get()
    assert response.status_code == 302 and line.planned_cents == 1_250_000
    response = client.post(
        f"/open-begroting/regel/{line.pk}/uitgave/",
        {
            "spent_on": f"{YEAR}-01-02",
            "recipient_kind": "foundation",
            "recipient_name": "Stichting Buurthuis",
            "purpose": "Huur",
            "amount_cents": "20.000",
            "decision_reference": "CB-1",
        },
    )
    assert response.status_code == 200  # more than the plan: refused on the form
    assert "Change the plan of the line first" in response.content.decode()
    response = client.post(
        f"/open-begroting/regel/{line.pk}/uitgave/",
        {
            "spent_on": f"{YEAR}-01-02",
            "recipient_kind": "foundation",
            "recipient_name": "Stichting Buurthuis",
            "purpose": "Huur",
            "amount_cents": "2.000",
            "decision_reference": "CB-1",
        },
    )
    assert response.status_code == 302 and line.expenditures.get().amount_cents == 200_000


def test_challenge_through_the_pages(english, org_rep, collective, wijk, resident, official, municipality, green_line):
    client = english
    login(client, org_rep)
    form = client.get("/open-begroting/groningen/uitdaagrecht/nieuw/").content.decode()
    assert "Bewonerscollectief Park" in form and "7. How you ensure quality and continuity" in form
    response = client.post(
        "/open-begroting/groningen/uitdaagrecht/nieuw/",
        {
            "on_behalf": f"org-{collective.pk}",
            "place": wijk.pk,
            "title": "Wij onderhouden het park",
            "task": "Maaien",
            "why_better": "Dichtbij",
            "involvement": "Hoveniers",
            "support_description": "Buren",
            "cost_estimate_cents": "18.000",
            "cost_explanation": "Twee krachten",
            "support_wanted": "Afvoer",
            "quality_continuity": "Onderhoudsplan",
        },
    )
    challenge = collective.challenges.get()
    assert response.status_code == 302 and challenge.cost_estimate_cents == 1_800_000
    login(client, resident)
    client.post(f"/open-begroting/uitdaging/{challenge.pk}/steunen/")
    assert SupportSignature.objects.filter(challenge=challenge, user=resident).exists()
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "1 signature of support" in html and resident.display_name not in html
    assert client.get(f"/open-begroting/uitdaging/{challenge.pk}/ontvankelijkheid/").status_code == 403
    login(client, official)
    client.post(f"/open-begroting/uitdaging/{challenge.pk}/ontvankelijkheid/", {"admissible": "yes", "reasons": "Ok"})
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ADMISSIBLE
    data = {"outcome": "approved", "reasons": "Goed plan", "budget_line": green_line.pk}
    for i, _criterion in enumerate(all_criteria(municipality)):
        data[f"verdict_{i}"] = "yes"
    client.post(f"/open-begroting/uitdaging/{challenge.pk}/beoordeling/", data)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.APPROVED
    client.post(
        f"/open-begroting/uitdaging/{challenge.pk}/overeenkomst/opstellen/",
        {
            "tasks": "Maaien",
            "result": "Schoon park",
            "budget_cents": "18.000",
            "source_line": green_line.pk,
            "starts_on": f"{YEAR}-01-01",
            "ends_on": f"{YEAR + 1}-12-31",
            "progress_interval_days": 91,
        },
    )
    client.post(f"/open-begroting/uitdaging/{challenge.pk}/overeenkomst/sluiten/")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.CARRIED_OUT
    page = client.get(f"/open-begroting/uitdaging/{challenge.pk}/overeenkomst/").content.decode()
    assert "Schoon park" in page and "€ 18,000.00" in page  # English number format on the English page
    pdf = client.get(f"/open-begroting/uitdaging/{challenge.pk}/overeenkomst.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Wij onderhouden het park" in text and "Schoon park" in text and "18,000.00" in text
    assert "Bewonerscollectief Park" in text
    # the budget moved, visible in the open budget of the wijk (the new line is described in the
    # site's language, Dutch, whatever the language of the person who concluded the agreement)
    wijk_page = client.get("/open-begroting/groningen/oosterparkwijk/").content.decode()
    assert "Uitdaagrecht: Wij onderhouden het park" in wijk_page


def test_lists_and_registers_are_public(client, budget, official, wijk, collective, org_rep):
    offer = services.publish_offer(
        user=official, place=wijk, title="Plantsoenen", task="Wieden", current_budget_cents=100
    )
    asset = services.add_asset(
        user=official, place=wijk, name="Buurthuis", kind="building", owner="Gemeente", community_value="Ontmoeting"
    )
    services.announce_disposal(user=official, asset=asset, disposal_kind="sale", plan="Verkoop")
    bid = services.bid_on_asset(
        user=org_rep, asset=asset, organisation=collective, plan="Wij nemen het over", support_description="Buren"
    )
    for url in (
        "/open-begroting/",
        "/open-begroting/groningen/uitdaagrecht/",
        "/open-begroting/groningen/maatschappelijk-vastgoed/",
        offer.get_absolute_url(),
        asset.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200
    assert "Plantsoenen" in client.get("/open-begroting/groningen/uitdaagrecht/").content.decode()
    assert "Buurthuis" in client.get("/open-begroting/groningen/maatschappelijk-vastgoed/").content.decode()
    assert "Wij nemen het over" in client.get(asset.get_absolute_url()).content.decode()
    assert client.get("/open-begroting/atlantis/").status_code == 404
    login(client, org_rep)
    assert f"/open-begroting/bod/{bid.pk}/intrekken/" in client.get(asset.get_absolute_url()).content.decode()
    client.post(f"/open-begroting/bod/{bid.pk}/intrekken/")
    bid.refresh_from_db()
    assert bid.outcome == "withdrawn"
