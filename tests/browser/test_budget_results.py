"""A resident follows a participatory budget: the list of rounds, an open round, a finished
round, its result with "what did my vote help fund?", a project and the realisation. Every
page is scanned with axe-core; the result also on a phone-sized screen."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from samenspel.accounts.models import Membership, Role, User
from samenspel.budgeting import services, voting
from samenspel.budgeting.models import Ballot, BallotType, Budget, Project, ProjectStatus, Round, VoteChannel
from samenspel.places.models import Place, PlaceKind

DAY = datetime.timedelta(days=1)


@pytest.fixture
def budget_rounds(transactional_db):
    from django.utils import timezone

    municipality = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen")
    wijk = Place.objects.create(kind=PlaceKind.WIJK, name="Oosterparkwijk", slug="oosterparkwijk", parent=municipality)
    official = User.objects.create_user("fatima@example.org", "correct horse battery", display_name="Fatima")
    Membership.objects.create(user=official, role=Role.AREA_OFFICIAL, place=municipality)
    resident = User.objects.create_user("anouk@example.org", "correct horse battery", display_name="Anouk")
    Membership.objects.create(user=resident, role=Role.RESIDENT, place=wijk)
    budget = Budget.objects.create(
        place=wijk,
        title="Wijkbudget Oosterpark",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=20_000_000,
    )
    now = timezone.now()

    def round_(title, amount, opens, closes):
        return Round.objects.create(
            budget=budget,
            title=title,
            amount_cents=amount,
            ideas_opens=now + (opens - 40) * DAY,
            review_opens=now + (opens - 20) * DAY,
            voting_opens=now + opens * DAY,
            voting_closes=now + closes * DAY,
            ballot_type=BallotType.APPROVAL,
            max_projects=3,
        )

    finished = round_("Oosterpark beslist", 5_000_000, -10, 1)
    names = [
        ("Speeltuin in het park", 4_000_000),
        ("Bankjes langs het Damsterdiep", 1_500_000),
        ("Buurtmoestuin", 2_000_000),
        ("Straatfeest", 1_000_000),
    ]
    projects = [
        Project.objects.create(
            round=finished,
            number=i + 1,
            title=title,
            summary=f"{title}, voorgesteld door bewoners.",
            cost_cents=cost,
            status=ProjectStatus.ON_BALLOT,
        )
        for i, (title, cost) in enumerate(names)
    ]
    Project.objects.create(
        round=finished,
        title="Zwembad",
        summary="Een zwembad in het park.",
        status=ProjectStatus.NOT_FEASIBLE,
        review_reason="Veel duurder dan het budget, en het park is beschermd groen.",
    )
    patterns = [(6, [0]), (5, [1, 3]), (4, [2, 3]), (3, [1, 2])]
    Ballot.objects.bulk_create(
        Ballot(round=finished, channel=VoteChannel.CODE, choices={str(projects[i].pk): 1 for i in chosen})
        for count, chosen in patterns
        for _ in range(count)
    )
    receipt = voting.cast_with_account(
        finished,
        resident,
        {str(projects[2].pk): 1, str(projects[3].pk): 1},
        postcode="9713 AB",
        house_number="4",
        birth_date=None,
    )
    Round.objects.filter(pk=finished.pk).update(voting_closes=now - datetime.timedelta(minutes=1))
    finished = services.publish_result(user=official, round=Round.objects.get(pk=finished.pk))
    winner = Project.objects.filter(round=finished, selected=True).first()
    services.add_realisation_update(
        user=official, project=winner, status="in_progress", text="Het werk is begonnen.", spent_cents=250_000
    )

    open_round = round_("Oosterpark kiest opnieuw", 5_000_000, -2, 12)
    Project.objects.create(
        round=open_round,
        number=1,
        title="Fietsenstalling",
        summary="Een stalling.",
        cost_cents=900_000,
        status=ProjectStatus.ON_BALLOT,
    )
    return {"finished": finished, "open": open_round, "receipt": receipt, "winner": winner}


def test_resident_reads_rounds_and_the_result(live_server, budget_rounds, page, browser, axe):
    finished, open_round = budget_rounds["finished"], budget_rounds["open"]
    page.goto(live_server.url + "/begroten/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page)

    # The open round: its phases, what to do now (vote), binding or advice.
    page.get_by_role("link", name="Oosterpark kiest opnieuw").first.click()
    expect(page.locator("ol li[aria-current=step]")).to_have_count(1)
    expect(page.locator(f"a[href='/begroten/ronde/{open_round.pk}/stemmen/']").first).to_be_visible()
    expect(page.locator("#binding")).to_be_visible()
    axe.check(page)

    # The finished round: rejected proposals with their reason, and the way to the result.
    page.goto(live_server.url + finished.get_absolute_url())
    expect(page.get_by_text("Veel duurder dan het budget")).to_be_visible()
    axe.check(page)
    page.locator(f"a[href='/begroten/ronde/{finished.pk}/uitslag/']").first.click()

    # The result: chart, tables, the rule in plain words, the public lot.
    expect(page).to_have_url(re.compile(f"/begroten/ronde/{finished.pk}/uitslag/$"))
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#funded table")).to_be_visible()
    expect(page.locator("#how")).to_contain_text(finished.lot_seed)
    axe.check(page)

    # What did my vote help fund?
    page.locator("input[name=receipt]").fill(budget_rounds["receipt"])
    page.locator("#my-vote form button[type=submit]").click()
    expect(page.locator("#my-vote [role=status] table")).to_be_visible()
    expect(page.locator("#my-vote")).to_contain_text("Buurtmoestuin")
    axe.check(page)

    # A winning project and the realisation.
    page.goto(live_server.url + budget_rounds["winner"].get_absolute_url())
    expect(page.locator("#realisation")).to_contain_text("Het werk is begonnen.")
    axe.check(page)
    page.goto(live_server.url + f"/begroten/ronde/{finished.pk}/uitvoering/")
    expect(page.locator("table")).to_contain_text(budget_rounds["winner"].title)
    axe.check(page)

    # On a phone: the round and result pages fit the screen (wide tables scroll inside their box).
    phone = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 740})
    try:
        small = phone.new_page()
        for path in (finished.get_absolute_url(), f"/begroten/ronde/{finished.pk}/uitslag/"):
            small.goto(live_server.url + path)
            expect(small.get_by_role("heading", level=1)).to_be_visible()
            overflow = small.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, path
            axe.check(small)
    finally:
        phone.close()
