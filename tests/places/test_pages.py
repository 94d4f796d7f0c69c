import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_wijk_page_shows_figures_source_chart_table_and_map(client, demo):
    response = client.get("/plaatsen/groningen/oosterparkwijk/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "12.970" in page  # inhabitants, in Dutch number format
    assert "Bron: CBS, Kerncijfers wijken en buurten 2024 (tabel 85984NED), CC BY 4.0." in page
    assert page.count('class="chart"') == 2
    assert '<table class="utrecht-table">' in page
    assert 'class="area area--current"' in page
    assert response["Content-Language"] == "nl"


def test_municipality_page_lists_all_wijken(client, demo):
    page = client.get("/plaatsen/groningen/").content.decode()
    assert page.count('class="area"') == 20
    assert "Glimmen-Onnen-Noordlaren" in page


def test_village_is_called_a_village(client, demo):
    client.cookies["django_language"] = "en"
    page = client.get("/plaatsen/westerkwartier/marum/").content.decode()
    assert "A village in the municipality of Westerkwartier." in page


def test_search_finds_a_wijk(client, demo):
    page = client.get(reverse("places:search"), {"q": "ooster"}).content.decode()
    assert "Oosterparkwijk" in page


def test_unknown_place_is_404(client, demo):
    assert client.get("/plaatsen/groningen/atlantis/").status_code == 404


def test_language_switch_to_english(client, demo):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get("/plaatsen/groningen/oosterparkwijk/")
    assert response["Content-Language"] == "en"
    assert "12,970" in response.content.decode()
    assert "Source: Statistics Netherlands (CBS)" in response.content.decode()
    translation.activate("nl")


def test_dutch_is_default_whatever_the_browser_says(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"


def test_security_headers(client, demo):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_friendly_404_in_the_site_layout(client, db):
    response = client.get("/plaatsen/nergens/niets/")
    assert response.status_code == 404
    assert b"utrecht-page" in response.content
