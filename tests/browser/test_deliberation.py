"""A resident takes part in a neighbourhood conversation on a phone, without an account: one
statement at a time, three big buttons, adds a statement of their own, then reads the map in
plain words. Both pages are scanned with axe."""

import random

from django.core.cache import cache
from playwright.sync_api import expect

from samenspel.accounts.models import Role
from samenspel.deliberation import services
from samenspel.deliberation.models import Participant, StatementVote
from samenspel.places.models import Place, PlaceKind

PHONE = {"width": 390, "height": 844}
SEEDS = [
    "Er moet meer groen komen in de straten.",
    "De speeltuin moet worden vernieuwd.",
    "Er zijn te weinig bankjes in het park.",
    "Parkeren moet gratis blijven.",
    "Het buurthuis moet ook 's avonds open zijn.",
    "De stoepen worden slecht onderhouden.",
    "Jongeren hebben te weinig te doen.",
    "De bussen moeten vaker rijden.",
]


def _conversation(make_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    city = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen-test")
    wijk = Place.objects.create(kind=PlaceKind.WIJK, name="Selwerd", slug="selwerd", parent=city)
    official = make_user(Role.AREA_OFFICIAL, wijk, display_name="Fatima Official")
    conversation = services.start_conversation(
        user=official,
        place=wijk,
        title="Het gesprek over Selwerd",
        question="Hoe maken we Selwerd beter?",
        seed_statements=SEEDS,
    )
    # two planted groups of earlier participants, so the map has something to show
    rng = random.Random(7)
    statements = list(conversation.statements.order_by("pk"))
    rows = []
    for group in (0, 1):
        for n in range(25):
            participant = Participant.objects.create(conversation=conversation, browser_key=f"p{group}-{n}")
            for j, statement in enumerate(statements):
                value = 1 if j == len(statements) - 1 or (j < 4) == (group == 0) else -1
                if rng.random() < 0.05:
                    value = -value
                rows.append(StatementVote(statement=statement, participant=participant, vote=value))
    StatementVote.objects.bulk_create(rows)
    services.compute_map(conversation)
    return conversation


def test_resident_takes_part_on_a_phone_and_reads_the_map(live_server, browser, axe, make_user, settings):
    conversation = _conversation(make_user, settings)
    context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])  # English text
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + conversation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe maken we Selwerd beter?")
    axe.check(page)

    first = page.locator("#statement-text").inner_text()
    assert first in SEEDS
    card = page.locator(".statement-card")
    card.get_by_role("button", name="Agree", exact=True).click()
    expect(page.locator("#progress")).to_contain_text("You have voted on 1 of 8 statements")
    second = page.locator("#statement-text").inner_text()
    assert second != first
    card.get_by_role("button", name="Disagree", exact=True).click()
    card.get_by_role("button", name="Pass / unsure").click()
    expect(page.locator("#progress")).to_contain_text("3 of 8")
    axe.check(page)  # with the table of own votes

    # changing a vote replaces it
    own = page.get_by_role("table", name="Statements you voted on")
    own.get_by_role("row").filter(has_text=first).get_by_role("button", name="Disagree").click()
    expect(own.get_by_role("row").filter(has_text=first)).to_contain_text("Disagree")
    mine = Participant.objects.get(conversation=conversation, user=None, browser_key__regex=r"^[0-9a-f]{40}$")
    assert mine.votes.count() == 3

    page.get_by_label("Your statement").fill("Er moet een bibliotheek terugkomen in de wijk.")
    page.get_by_role("button", name="Add statement").click()
    expect(page.get_by_role("status")).to_contain_text("Your statement is in the conversation")

    page.get_by_role("link", name="See where the neighbourhood agrees and divides").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where the neighbourhood agrees and where it divides")
    expect(page.get_by_role("img", name="Opinion map: each mark is one participant")).to_be_visible()
    expect(page.get_by_role("heading", name="Group A: 25 people (50%)")).to_be_visible()
    expect(page.get_by_role("table", name="The groups in figures")).to_be_visible()
    axe.check(page)
    context.close()


def test_map_page_at_desktop_width(live_server, page, axe, make_user, settings):
    conversation = _conversation(make_user, settings)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])  # English text
    page.goto(f"{live_server.url}/gesprek/{conversation.pk}/kaart/")
    expect(page.get_by_role("heading", name="What almost everyone agrees on")).to_be_visible()
    expect(page.get_by_text("De bussen moeten vaker rijden.").first).to_be_visible()
    axe.check(page)
