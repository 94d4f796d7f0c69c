"""A resident reads the open budget of the Oosterparkwijk, asks a question about the wijkbudget,
supports a challenge; an official declares it admissible. Every page is scanned with axe."""

import re

from playwright.sync_api import expect

from samenspel.demo import finance_demo
from samenspel.finance.models import BudgetLine, Challenge, ChallengeStatus

from .test_trajectory import OFFICIAL, login

RESIDENT = "anouk@oosterpark.example"


def test_open_budget_and_a_challenge(live_server, demo, browser, page, axe):
    finance_demo.load()  # idempotent: a no-op once the demo loader calls it
    base = live_server.url

    page.goto(f"{base}/open-begroting/groningen/")
    expect(page.locator("h1")).to_contain_text("Groningen")
    expect(page.locator("#comparison")).to_contain_text("Oosterparkwijk")
    axe.check(page)

    page.goto(f"{base}/open-begroting/groningen/oosterparkwijk/")
    expect(page.locator("#lines")).to_contain_text("Wijkbudget Oosterparkwijk")
    expect(page.locator("#lines")).to_contain_text("200.000,00")
    expect(page.locator("#spending")).to_contain_text("Jongerenplek met overkapping")
    axe.check(page)

    # The per-taakveld chart has its table; a download holds the same lines.
    assert page.locator("#taakvelden svg").count() == 1
    assert page.locator("#taakvelden table").count() == 1
    with page.expect_download() as download:
        page.locator("#downloads a[href*='tabel=regels']").click()
    with open(download.value.path(), encoding="utf-8") as handle:
        assert "Wijkbudget Oosterparkwijk" in handle.read()

    # A resident asks about the wijkbudget and supports a fresh challenge.
    login(page, base, RESIDENT)
    line = BudgetLine.objects.filter(description__startswith="Wijkbudget Oosterparkwijk").order_by("-year").first()
    page.goto(base + line.get_absolute_url())
    axe.check(page)
    page.locator("textarea[name=text]").fill("Gaat er ook geld naar activiteiten voor ouderen?")
    page.locator("#questions form button[type=submit]").click()
    expect(page.locator("#questions")).to_contain_text("Gaat er ook geld naar activiteiten voor ouderen?")
    axe.check(page)

    challenge = Challenge.objects.get(title="Beheer van de speeltuin in het Oosterpark")
    page.goto(base + challenge.get_absolute_url())
    axe.check(page)
    page.locator("form[action$='/steunen/'] button").click()
    expect(page.locator("form[action$='/steun-intrekken/'] button")).to_be_visible()
    expect(page.locator("#support")).to_contain_text("2")
    axe.check(page)

    # The official declares it admissible; the step is in the public timeline.
    context = browser.new_context(locale="en-US")
    official = context.new_page()
    login(official, base, OFFICIAL, two_factor=True)
    official.goto(f"{base}/open-begroting/groningen/uitdaagrecht/")
    axe.check(official)
    # Groningen's verordening asks 25 signatures: the paper lists are counted first.
    official.goto(f"{base}/open-begroting/uitdaging/{challenge.pk}/handtekeningen/")
    axe.check(official)
    official.locator("input[name=count]").fill("31")
    official.locator("input[name=note]").fill("Lijsten uit het buurthuis")
    official.locator("main form.utrecht-form button[type=submit]").click()
    expect(official.locator("#support")).to_contain_text("33")
    official.goto(f"{base}/open-begroting/uitdaging/{challenge.pk}/ontvankelijkheid/")
    axe.check(official)
    official.locator("input[name=admissible][value=yes]").check()
    official.locator("textarea[name=reasons]").fill("Compleet, en de speeltuin mag door bewoners worden beheerd.")
    official.locator("main form.utrecht-form button[type=submit]").click()
    expect(official).to_have_url(re.compile(f"/open-begroting/uitdaging/{challenge.pk}/#timeline$"))
    expect(official.locator("#timeline")).to_contain_text("mag door bewoners worden beheerd")
    axe.check(official)
    context.close()
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ADMISSIBLE

    page.goto(f"{base}/open-begroting/uitdaging/{Challenge.objects.get(title__contains='wijkpark').pk}/overeenkomst/")
    expect(page.locator("h1")).to_contain_text("wijkpark")
    axe.check(page)
