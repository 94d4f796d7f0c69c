"""A resident without an account has an official enter their paper idea; a resident with an
account supports it; the idea broker moves it on and grants support; the accountability
report is posted and the case is accounted for. Every page is scanned with axe."""

import datetime
import re

from playwright.sync_api import expect

from samenspel.initiatives.models import CaseStatus, Idea
from samenspel.places.models import Place

from .test_trajectory import OFFICIAL, login

RESIDENT = "anouk@oosterpark.example"
TITLE = "Bloembakken langs de Zaagmuldersweg"


def move(page, status):
    page.locator(f"button[name=status][value={status}]").click()
    expect(page.locator("main")).to_contain_text(TITLE)


def test_paper_idea_to_accountability(live_server, demo, browser, page, axe):
    base = live_server.url
    wijk = Place.objects.get(cbs_code="WK001404")

    # An official enters the idea that came in on paper.
    login(page, base, OFFICIAL, two_factor=True)
    page.goto(f"{base}/ideeen/namens/?wijk={wijk.pk}")
    axe.check(page)
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=description]").fill(
        "Bewoners willen bloembakken langs de straat, die ze zelf water geven en onderhouden."
    )
    page.locator("textarea[name=needs]").fill("Zes bloembakken en planten voor het eerste jaar.")
    page.locator("select[name=channel]").select_option("paper")
    page.locator("input[name=on_behalf_of]").fill("mevrouw Jansen, Zaagmuldersweg (brief)")
    page.locator("button[name=action][value=preview]").click()
    axe.check(page)  # the step that shows similar ideas
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text("mevrouw Jansen")
    axe.check(page)
    idea = Idea.objects.get(title=TITLE)
    assert idea.author is None and idea.channel == "paper" and idea.entered_by.email == OFFICIAL
    idea_url = base + idea.get_absolute_url()

    # A resident with an account supports it (in a browser of their own).
    context = browser.new_context(viewport={"width": 390, "height": 844})  # on a phone
    resident = context.new_page()
    login(resident, base, RESIDENT)
    resident.goto(idea_url)
    resident.locator("form[action$='/steunen/'] button").click()
    expect(resident.locator("form[action$='/steun-intrekken/'] button")).to_be_visible()
    axe.check(resident)
    context.close()

    # The idea broker: first contact, a support request, granted, running, completed.
    page.goto(idea_url)
    move(page, "in_conversation")
    page.locator("a[href$='/steunaanvraag/']").click()
    axe.check(page)
    page.locator("input[name=kind][value=money]").check()
    page.locator("textarea[name=description]").fill("Geld voor zes bloembakken en planten.")
    page.locator("input[name=amount]").fill("450")
    page.locator("main form.utrecht-form button[type=submit]").first.click()
    page.locator("a[href*='/steunaanvraag/'][href$='/antwoord/']").first.click()
    axe.check(page)
    page.locator("input[name=outcome][value=granted]").check()
    page.locator("textarea[name=reason]").fill("Uit het wijkbudget.")
    page.locator("main form.utrecht-form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text(re.compile("granted|toegekend", re.I))
    move(page, "running")
    move(page, "completed")
    axe.check(page)

    # The accountability report, entered for the initiator and published.
    page.locator(f"a[href$='?idee={idea.pk}']").click()
    axe.check(page)
    page.locator("input[name=title]").fill("Een zomer vol bloemen")
    page.locator("input[name=audience][value=both]").check()
    page.locator("input[name=formats][value=story]").check()
    today = datetime.date.today()
    page.locator("input[name=period_start]").fill((today - datetime.timedelta(days=120)).isoformat())
    page.locator("input[name=period_end]").fill(today.isoformat())
    page.locator("textarea[name=story]").fill("Zes bakken, elke week water, en de buren kennen elkaar beter.")
    page.locator("main form.utrecht-form button[type=submit]").first.click()
    page.locator("form[action$='/publiceren/'] button").click()
    expect(page.locator("main")).to_contain_text("Een zomer vol bloemen")
    axe.check(page)

    idea.refresh_from_db()
    assert idea.status == CaseStatus.ACCOUNTED_FOR
    assert idea.support_count >= 1
    page.goto(idea_url)
    expect(page.locator("main")).to_contain_text("Een zomer vol bloemen")
    axe.check(page)


def test_public_pages_of_ideas_decisions_and_agendas(live_server, demo, page, axe):
    for path in [
        "/ideeen/",
        "/besluiten/",
        "/besluiten/adviezen/",
        "/besluiten/verantwoording/",
        "/wijkagenda/",
        "/ideeen/belemmeringen/",
        "/ideeen/belemmeringen/rapport/groningen/",
        "/volgen/wijkkrant/groningen/oosterparkwijk/?periode=maand",
        "/plaatsen/groningen/oosterparkwijk/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        axe.check(page)
