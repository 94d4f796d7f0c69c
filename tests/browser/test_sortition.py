"""A resident follows a draw by lot: the public draw page (commitment, chances, quotas against
the outcome, the council) and "check my invitation" with the code from the letter. Both pages
are scanned with axe-core; the draw page also on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from samenspel.places.models import Place, PlaceKind
from samenspel.sortition import register, services
from samenspel.sortition.models import Invitation, Respondent, RespondentStatus

FEATURES = [
    {"age": "16-24", "gender": "woman", "buurt": "Noord"},
    {"age": "25-44", "gender": "man", "buurt": "Midden"},
    {"age": "45-64", "gender": "woman", "buurt": "Zuid"},
    {"age": "65+", "gender": "man", "buurt": "Oost"},
    {"age": "25-44", "gender": "woman", "buurt": "Noord"},
]


@pytest.fixture
def finished_draw(transactional_db, settings):
    from samenspel.demo.sortition_demo import synthetic_register

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    gemeente = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen")
    wijk = Place.objects.create(kind=PlaceKind.WIJK, name="Oosterparkwijk", slug="oosterparkwijk", parent=gemeente)
    official = User.objects.create_user("fatima@example.org", "correct horse battery", display_name="Fatima")
    Membership.objects.create(user=official, role=Role.AREA_OFFICIAL, place=gemeente)
    body = Organisation.objects.create(name="Wijkraad", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk)
    draw = services.create_draw(
        user=official, place=wijk, organisation=body, title="Wijkraad door loting", purpose="Beslist mee.", seats=5
    )
    services.upload_extract(user=official, draw=draw, residents=synthetic_register(200, seed=3))
    services.draw_invitations(user=official, draw=draw, count=30)
    letters = [register.decrypt(i.letter) for i in Invitation.objects.filter(draw=draw).order_by("number")]
    for i, letter in enumerate(letters[:20]):
        services.reply(
            code=letter["code"],
            accept=True,
            features=FEATURES[i % 5],
            postcode="9999AA",
            house_number=str(i + 1),
            initials=f"{chr(65 + i)}.",
            consent=True,
        )
    services.close_replies(user=official, draw=draw)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="Staatsloterij, 10 januari 2026")
    selection.refresh_from_db()
    selection = services.commit(user=official, selection=selection)
    for respondent in services.reveal_seed(user=official, selection=selection, seed="482913"):
        services.seat(user=official, respondent=respondent)
    return {"draw": draw, "code": letters[0]["code"]}


def test_resident_checks_the_draw(live_server, finished_draw, page, browser, axe):
    draw = finished_draw["draw"]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])  # English text
    page.goto(live_server.url + f"/loting/{draw.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkraad door loting")
    expect(page.locator("code.hash").first).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("#council li")).to_have_count(5)
    axe.check(page)

    page.get_by_role("link", name="Did you get a letter? Check your own chance and whether you were drawn.").click()
    page.get_by_label("Your reply code").fill(finished_draw["code"])
    page.get_by_role("button", name="Check").click()
    respondent = Respondent.objects.get(invitation__draw=draw, invitation__number=1)
    expect(page.locator("main")).to_contain_text(respondent.pool_id)
    expect(page.locator("main")).to_contain_text("Your chance of being drawn was")
    drawn = respondent.status == RespondentStatus.SEATED
    expect(page.locator("main")).to_contain_text("You were drawn." if drawn else "You were not drawn this time.")
    axe.check(page)

    phone = browser.new_context(locale="en-US", viewport={"width": 375, "height": 740}).new_page()
    phone.goto(live_server.url + f"/loting/{draw.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    axe.check(phone)
    phone.context.close()
