"""A resident drawn by lot joins the neighbourhood panel with the code from their letter on a
phone, shares part of their profile, answers a consultation (every kind of question), and
reads the results of a finished one with its representativeness view. Every page is scanned
with axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenspel.accounts.models import Membership, Role, User
from samenspel.panel import services
from samenspel.panel.models import Consultation, QuestionKind, Response
from samenspel.places.models import DataSource, IndicatorValue, Place, PlaceKind

DAY = datetime.timedelta(days=1)
PHONE = {"width": 390, "height": 844}
QUESTIONS = [
    (QuestionKind.SINGLE, "How often do you visit the park?", ["Daily", "Weekly", "Never"], {}),
    (QuestionKind.MULTIPLE, "What do you do there?", ["Walk", "Play", "Sport"], {}),
    (
        QuestionKind.SCALE,
        "How happy are you with the green?",
        [],
        {"scale": (1, 5), "label_low": "not", "label_high": "very"},
    ),
    (QuestionKind.SCALE, "How safe do you feel in the evening?", [], {"scale": (0, 10)}),
    (QuestionKind.RANKING, "What first?", ["Trees", "Light", "Benches"], {}),
    (QuestionKind.TEXT, "Any idea?", [], {}),
]


def consultation(official, panel, title, opens, closes):
    now = timezone.now()
    c = services.create_consultation(
        user=official, place=panel.place, panel=panel, title=title, opens_at=now + DAY, closes_at=now + 2 * DAY
    )
    for kind, text, options, extra in QUESTIONS:
        services.add_question(user=official, consultation=c, kind=kind, text=text, options=options, **extra)
    Consultation.objects.filter(pk=c.pk).update(opens_at=now + opens * DAY, closes_at=now + closes * DAY)
    c.refresh_from_db()
    return c


@pytest.fixture
def panel_data(transactional_db):
    city = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen")
    wijk = Place.objects.create(kind=PlaceKind.WIJK, name="Oosterparkwijk", slug="oosterparkwijk", parent=city)
    source = DataSource.objects.create(key="cbs", title="CBS Kerncijfers wijken en buurten 2024", publisher="CBS")
    IndicatorValue.objects.create(place=wijk, indicator="men", year=2024, value=6385, source=source)
    IndicatorValue.objects.create(place=wijk, indicator="women", year=2024, value=6585, source=source)
    official = User.objects.create_user("fatima@example.org", "correct horse battery", display_name="Fatima")
    Membership.objects.create(user=official, role=Role.AREA_OFFICIAL, place=city)
    panel = services.create_panel(user=official, place=wijk, title="Wijkpanel Oosterparkwijk")
    batch = services.issue_invitation_codes(user=official, panel=panel, count=41)
    finished = consultation(official, panel, "The green in the Oosterpark", -20, 5)
    members = [services.accept_invitation(user=None, code=code) for code in batch.codes[1:]]
    services.invite_members(user=official, consultation=finished)
    questions = list(finished.questions.all())
    for i, member in enumerate(members):
        woman = i % 4 != 0  # three in four respondents are women
        services.save_profile(
            user=None, member=member, consent=True, by_code=True, gender="woman" if woman else "man", age_band="65+"
        )
        member.refresh_from_db()
        services.submit_response(
            user=None,
            consultation=finished,
            member=member,
            answers={
                questions[0].pk: 0 if woman else 2,
                questions[1].pk: [0, 1] if woman else [2],
                questions[2].pk: 4,
                questions[3].pk: 4 if woman else 8,
                questions[4].pk: [1, 0, 2] if woman else [0, 2, 1],
                questions[5].pk: "More benches" if i % 10 == 0 else "",
            },
        )
    Consultation.objects.filter(pk=finished.pk).update(closes_at=timezone.now() - DAY)
    open_one = consultation(official, panel, "Places to play", -1, 10)
    return {"code": batch.codes[0], "open": open_one, "finished": finished}


def test_member_joins_with_a_code_answers_and_reads_results(live_server, panel_data, browser, axe):
    context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/wijkpanel/code/")
        axe.check(page)
        page.get_by_label("Your invitation code").fill(panel_data["code"].lower())
        page.get_by_role("button", name="Join the panel").click()
        expect(page.get_by_role("heading", name="About you")).to_be_visible()
        axe.check(page)
        page.get_by_label("I agree that my answers below").check()
        page.get_by_role("group", name="How old are you?").get_by_label("25 to 44").check()
        page.get_by_role("group", name="What is your gender?").get_by_label("I prefer not to say").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name="Your membership")).to_be_visible()
        axe.check(page)

        page.goto(live_server.url + panel_data["open"].get_absolute_url())
        expect(page.get_by_role("button", name="Send my answers")).to_be_visible()
        axe.check(page)
        page.get_by_label("Weekly").check()
        page.get_by_label("Walk").check()
        page.get_by_label("Sport").check()
        page.get_by_role("group", name="How happy are you with the green?").get_by_label("5 – very").check()
        page.get_by_role("group", name="How safe do you feel in the evening?").get_by_label("7", exact=True).check()
        ranking = page.get_by_role("group", name="What first?")
        ranking.get_by_label("Trees").select_option("2")
        ranking.get_by_label("Light").select_option("1")
        ranking.get_by_label("Benches").select_option("3")
        page.get_by_label("Any idea?").fill("A water tap for dogs")
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_text("Thank you, your answers are saved.")).to_be_visible()
        axe.check(page)
        response = Response.objects.get(consultation=panel_data["open"])
        assert response.profile["age_band"] == "25-44" and response.profile["gender"] == ""
        assert response.answers.get(question__kind="ranking").choices == [1, 0, 2]

        page.goto(live_server.url + f"/wijkpanel/raadpleging/{panel_data['finished'].pk}/resultaten/")
        expect(page.get_by_role("heading", name="Who answered, and who did not")).to_be_visible()
        expect(page.get_by_text("self-selection")).to_be_visible()
        expect(page.get_by_role("table", name="Who answered against the neighbourhood: gender")).to_be_visible()
        expect(page.get_by_text("Effective number of people")).to_be_visible()
        axe.check(page)
    finally:
        context.close()


def test_results_page_on_a_desktop(live_server, panel_data, page, axe):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + f"/wijkpanel/raadpleging/{panel_data['finished'].pk}/resultaten/")
    expect(page.get_by_role("heading", name="The answers")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    axe.check(page)
