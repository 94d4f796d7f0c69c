"""The afsprakenkaart: the PDF (WeasyPrint) and the accessible HTML card page."""

import datetime
import io

import pypdf
import pytest

from samenspel.accounts.models import Role
from samenspel.agenda.models import OwnerSide
from samenspel.agreements import services
from samenspel.agreements.card import render_card_pdf
from samenspel.agreements.models import CouncilRole, Ownership, SayLevel

GREEN = "Groen in de wijk"
BUDGET = "Buurtbudget Oosterpark"
ACTION = "Wijkpanel opzetten"


@pytest.fixture
def version(db, municipality, wijk, make_user):
    official = make_user(Role.AREA_OFFICIAL, municipality)
    trajectory = services.start_trajectory(
        user=official, place=wijk, title="Wijkdemocratie in Oosterpark", desired_level=SayLevel.DECIDE
    )
    version = services.start_agreement(user=official, trajectory=trajectory)
    services.save_version_details(
        user=official,
        version=version,
        summary="Wat de wijk zelf regelt.",
        representation_statement="De coöperatieve wijkraad spreekt namens de wijk.",
        accountability_to_wijk=True,
        accountability_to_gemeente=True,
        accountability_frequency="Elk jaar",
    )
    green = services.save_scope_item(
        user=official,
        version=version,
        title=GREEN,
        kind="theme",
        level=SayLevel.INITIATE,
        ownership=Ownership.COMMUNITY_SUPPORTED,
        council_role=CouncilRole.DECIDING,
    )
    budget = services.save_scope_item(
        user=official,
        version=version,
        title=BUDGET,
        kind="budget",
        level=SayLevel.DECIDE,
        ownership=Ownership.COMMUNITY,
        council_role=CouncilRole.FRAME_SETTING,
        budget_cents=5_000_000,
    )
    services.set_roles(
        user=official,
        item=green,
        assignments=[
            ("think", "directs", "resident_organisation"),
            ("think", "facilitates", "area_team"),
            ("decide", "decides", "college"),
            ("decide", "advises", "resident_organisation"),
            ("do", "carries_out", "together"),
            ("learn", "accounts", "area_team"),
        ],
    )
    services.set_roles(
        user=official,
        item=budget,
        assignments=[
            ("think", "organises", "wijk_body"),
            ("decide", "decides", "wijk_body"),
            ("do", "carries_out", "residents"),
            ("learn", "accounts", "wijk_body"),
        ],
    )
    services.set_safeguards(user=official, version=version, codes=["G-TR-1", "G-ZG-1"])
    services.set_safeguards(
        user=official,
        version=version,
        scope_item=budget,
        codes=["G-ZG-5", "G-TR-5"],
        notes={"G-TR-5": "Begroting op de website"},
    )
    services.add_action(
        user=official,
        version=version,
        title=ACTION,
        owner_side=OwnerSide.WIJK,
        owner_name="Werkgroep",
        due_date=datetime.date(2026, 9, 1),
        scope_item=budget,
    )
    return version


def _text(pdf: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_pdf_holds_the_agreement_on_at_most_two_pages(version):
    pdf = render_card_pdf(version)
    assert pdf.startswith(b"%PDF")
    text, pages = _text(pdf)
    assert GREEN in text
    assert BUDGET in text
    assert ACTION in text
    assert "G-ZG-5" in text
    assert "Oosterparkwijk" in text
    assert pages <= 2


def test_pdf_metadata_has_title_and_language(version):
    reader = pypdf.PdfReader(io.BytesIO(render_card_pdf(version)))
    assert "Oosterparkwijk" in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_card_page_shows_the_agreement_and_download_links(client, version):
    response = client.get(f"/afspraken/versie/{version.pk}/afsprakenkaart/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert GREEN in html and BUDGET in html and ACTION in html
    assert f'href="/afspraken/versie/{version.pk}/afsprakenkaart.pdf"' in html
    assert f'href="/afspraken/versie/{version.pk}/afspraken.json"' in html
    assert f'href="/afspraken/versie/{version.pk}/"' in html
    assert html.count("<h1") == 1
    assert "style=" not in html and "<style" not in html


def test_card_pdf_view(client, version):
    response = client.get(f"/afspraken/versie/{version.pk}/afsprakenkaart.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="afsprakenkaart-oosterparkwijk-v1.pdf"' in response["Content-Disposition"]
