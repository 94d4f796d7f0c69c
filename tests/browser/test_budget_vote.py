"""A resident votes with the code from a voting letter on a phone: scan the QR link, choose,
check, confirm, keep the receipt. The letter is made by the real service and the code read
from its PDF. Then the officials' voting pages. Every page is scanned with axe."""

import datetime
import io
import re

from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from samenspel.accounts.models import Role
from samenspel.budgeting import letters, voting
from samenspel.budgeting.models import Ballot, BallotType, Budget, Project, ProjectStatus, Round
from samenspel.places.models import Place, PlaceKind

PHONE = {"width": 390, "height": 844}
CODE_RE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")


def make_round(make_user):
    cache.clear()  # the rendered ballot is cached per round
    city = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen-test")
    wijk = Place.objects.create(kind=PlaceKind.WIJK, name="Oosterparkwijk", slug="oosterparkwijk", parent=city)
    official = make_user(Role.AREA_OFFICIAL, wijk, display_name="Fatima Official")
    budget = Budget.objects.create(
        place=wijk,
        title="Wijkbudget Oosterpark",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=20_000_000,
    )
    now = timezone.now()
    day = datetime.timedelta(days=1)
    round_ = Round.objects.create(
        budget=budget,
        title="Oosterpark beslist",
        amount_cents=10_000_000,
        ideas_opens=now - 30 * day,
        review_opens=now - 20 * day,
        voting_opens=now - day,
        voting_closes=now + 10 * day,
        ballot_type=BallotType.KNAPSACK,
        max_projects=None,
        postcodes="9713",
    )
    for number, (title, cost) in enumerate(
        [
            ("Speeltuin Oosterpark", 6_000_000),
            ("Bankjes langs het Damsterdiep", 3_000_000),
            ("Buurtmoestuin", 2_000_000),
        ],
        start=1,
    ):
        Project.objects.create(
            round=round_,
            number=number,
            title=title,
            summary=f"{title}: een plan van bewoners uit de wijk.",
            cost_cents=cost,
            status=ProjectStatus.ON_BALLOT,
        )
    return round_, official


def phone(browser, base):
    """A phone-sized browser that reads the site in English (the tests match English text)."""
    context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    return context


def letter_codes(round_, official, settings, base):
    settings.SAMENSPEL_BASE_URL = base
    addresses = [
        voting.Address("Mevrouw A. Zwanenburg", "Zaagmuldersweg 12", "9713 AB", "Groningen"),
        voting.Address("J. Hoogeveen", "Oosterparkweg 103", "9713 CD", "Groningen"),
    ]
    _batch, pdf = voting.generate_codes(round_, official, addresses, "browser test")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return CODE_RE.findall(text)


def test_resident_votes_with_a_letter_code_on_a_phone(live_server, browser, axe, make_user, settings):
    base = live_server.url
    round_, official = make_round(make_user)
    first, second = letter_codes(round_, official, settings, base)
    context = phone(browser, base)
    page = context.new_page()

    # The QR code on the letter opens the ballot; the code disappears from the address bar.
    page.goto(letters.vote_url(round_, first))
    expect(page).to_have_url(re.compile(r"/stemmen/stembiljet/$"))
    assert "code=" not in page.url
    expect(page.locator("h1")).to_be_visible()
    axe.check(page)

    # Over budget first: a clear error, linked to the choices, and the running total.
    for title in ("Speeltuin Oosterpark", "Bankjes langs het Damsterdiep", "Buurtmoestuin"):
        page.get_by_label(re.compile(title)).check()
    page.locator("button[name=action][value=review]").click()
    expect(page.locator("#ballot-errors")).to_be_visible()
    expect(page.locator(".vote-total")).to_contain_text("110,000.00")
    axe.check(page)
    assert not Ballot.objects.exists()

    # Leave one out, check, confirm.
    page.get_by_label(re.compile("Speeltuin Oosterpark")).uncheck()
    page.locator("button[name=action][value=review]").click()
    expect(page.locator("h1")).to_have_text(re.compile("Check your vote|Controleer"))
    expect(page.locator("main")).to_contain_text("Bankjes langs het Damsterdiep")
    axe.check(page)
    page.locator("button[name=action][value=confirm]").click()
    expect(page.locator("h1")).to_have_text("Thank you for voting")
    receipt = page.locator("#receipt").inner_text().strip()
    axe.check(page)
    ballot = voting.ballot_for_receipt(round_, receipt)
    assert ballot is not None and len(ballot.choices) == 2

    # Someone else types the code from the second letter on the start page.
    context.close()
    context = phone(browser, base)
    other = context.new_page()
    other.goto(f"{base}/begroten/ronde/{round_.pk}/stemmen/")
    axe.check(other)
    other.get_by_label(re.compile("voting code|stemcode", re.I)).fill("AAAA-BBBB-CCCC")
    other.locator("main form.utrecht-form button[type=submit]").click()
    expect(other.locator("#id_code_error")).to_be_visible()
    axe.check(other)  # the error state
    other.get_by_label(re.compile("voting code|stemcode", re.I)).fill(second.lower())
    other.locator("main form.utrecht-form button[type=submit]").click()
    expect(other).to_have_url(re.compile(r"/stemmen/stembiljet/$"))
    other.get_by_label(re.compile("Buurtmoestuin")).check()
    other.locator("button[name=action][value=review]").click()
    other.locator("button[name=action][value=confirm]").click()
    expect(other.locator("#receipt")).to_be_visible()
    assert Ballot.objects.filter(round=round_).count() == 2
    context.close()


def test_official_voting_pages(live_server, browser, axe, make_user, settings):
    base = live_server.url
    round_, official = make_round(make_user)
    client = Client()
    client.force_login(official)
    session = client.session
    session["two_factor_ok"] = True  # not about two-step login
    session.save()
    context = phone(browser, base)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}])
    page = context.new_page()
    for name in ("stemcodes", "papier", "stemmen-sluiten"):
        page.goto(f"{base}/begroten/ronde/{round_.pk}/{name}/")
        expect(page.locator("h1")).to_be_visible()
        axe.check(page)
    # A paper ballot, entered once: it waits for a colleague.
    page.goto(f"{base}/begroten/ronde/{round_.pk}/papier/")
    page.locator("input[name=sheet]").fill("P-001")
    page.get_by_label(re.compile("Buurtmoestuin")).check()
    page.locator("main form.utrecht-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("P-001")
    axe.check(page)
    page.goto(f"{base}/begroten/ronde/{round_.pk}/papier/P-001/")
    axe.check(page)
    context.close()
