"""An area team official logs in with two-step login and enters a point gathered on paper
on behalf of a resident without internet."""

import re

from playwright.sync_api import expect

from samenspel.demo.content import DEMO_PASSWORD
from samenspel.demo.loader import demo_totp_code
from samenspel.places.models import DnaItem

OFFICIAL = "fatima@gemeente-groningen.example"


def test_official_enters_a_paper_contribution(live_server, demo, page, axe):
    page.goto(live_server.url + "/account/login/")
    page.locator("input[name=login]").fill(OFFICIAL)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form.utrecht-form button[type=submit]:not([form])").click()

    # Second step: the code from the authenticator app.
    expect(page).to_have_url(re.compile("/account/2fa/authenticate/"))
    axe.check(page)
    page.locator("input[name=code]").fill(demo_totp_code(OFFICIAL))
    page.locator("form.utrecht-form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile("/account/mijn-gegevens/"))
    expect(page.get_by_text("gebiedsteam", exact=False).first).to_be_visible()

    page.goto(live_server.url + "/plaatsen/groningen/oosterparkwijk/dna/nieuw/")
    axe.check(page)
    page.locator("input[name=kind][value=crown_jewel]").check()
    page.locator("textarea[name=text]").fill(
        "De oude muziekkoepel in het park, waar vroeger elke zomer concerten waren."
    )
    page.locator("select[name=channel]").select_option("paper")
    page.locator("input[name=on_behalf_of]").fill("een bewoner van de Oosterparkwijk (brief)")
    page.locator("form.utrecht-form button[type=submit]:not([form])").click()

    card = page.locator("#dna li", has_text="muziekkoepel")
    expect(card).to_contain_text("een bewoner van de Oosterparkwijk (brief)")
    expect(card).to_contain_text("op papier")
    axe.check(page)
    item = DnaItem.objects.get(text__contains="muziekkoepel")
    assert item.author is None and item.entered_by.email == OFFICIAL and item.channel == "paper"
