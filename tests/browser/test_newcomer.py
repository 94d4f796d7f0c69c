"""What a newcomer does in the first minutes: open the home page, find a wijk, read its
figures, log in as a resident, add a DNA item, switch to English. Every page is scanned with
axe-core; no serious or critical violations are allowed."""

import re

from playwright.sync_api import expect

from samenspel.demo.content import DEMO_PASSWORD
from samenspel.places.models import DnaItem


def test_newcomer_finds_a_wijk_reads_figures_adds_dna_and_switches_language(live_server, demo, page, axe):
    # The home page, in Dutch even though the browser asks for English.
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Samenspel"))
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page)

    # Find a wijk by name.
    page.get_by_label(re.compile("wijk|neighbourhood", re.I)).first.fill("ooster")
    page.get_by_role("search").get_by_role("button").click()
    axe.check(page)
    page.get_by_role("link", name="Oosterparkwijk").click()

    # Read its figures: the table and the chart, with the source.
    expect(page.get_by_role("heading", level=1, name="Oosterparkwijk")).to_be_visible()
    figures = page.locator("table.utrecht-table").first
    expect(figures).to_contain_text("12.970")
    expect(figures).to_contain_text("2024")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("svg.map .area--current")).to_have_count(1)
    expect(page.get_by_text("85984NED").first).to_be_visible()
    axe.check(page)

    # Log in as a resident of the Oosterparkwijk.
    page.locator("#dna a[href*='/account/login/']").click()
    axe.check(page)
    page.locator("input[name=login]").fill("anouk@oosterpark.example")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page).to_have_url(re.compile("/plaatsen/groningen/oosterparkwijk/"))

    # Add a DNA item.
    page.locator("a[href$='/dna/nieuw/']").click()
    axe.check(page)
    page.locator("input[name=kind][value=chance]").check()
    page.locator("textarea[name=text]").fill("Een moestuin op het braakliggende veld aan de rand van het park.")
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page.locator("#dna")).to_contain_text("Een moestuin op het braakliggende veld")
    expect(page.get_by_role("status").first).to_be_visible()
    axe.check(page)
    item = DnaItem.objects.get(text__startswith="Een moestuin")
    assert item.author.email == "anouk@oosterpark.example"

    # Switch to English: the same page, now in English.
    page.locator("form.language-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("table.utrecht-table").first).to_contain_text("12,970")
    expect(page.get_by_role("heading", name="Figures (wijkkompas)")).to_be_visible()
    axe.check(page)


def test_every_public_page_passes_axe(live_server, demo, page, axe):
    for path in [
        "/plaatsen/",
        "/plaatsen/groningen/",
        "/plaatsen/westerkwartier/",
        "/plaatsen/westerkwartier/marum/",
        "/account/signup/",
        "/account/password/reset/",
        "/toegankelijkheid/",
        "/privacy/",
        f"/plaatsen/dna/{DnaItem.objects.first().pk}/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        axe.check(page)


def test_pages_work_without_javascript(live_server, demo, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/plaatsen/?q=marum")
    page.get_by_role("link", name=re.compile("Marum")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Marum")
    page.locator("form.language-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_keyboard_user_can_skip_to_content(live_server, demo, page, axe):
    page.goto(live_server.url + "/plaatsen/groningen/")
    page.keyboard.press("Tab")
    skip = page.locator("a.utrecht-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    axe.check(page)
