"""The pages: voting one statement at a time without an account, rate limits, adding and
moderating statements, the map page with its privacy floor, debates and meetings."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from samenspel.deliberation import services, views
from samenspel.deliberation.models import (
    Moderation,
    Participant,
    Statement,
    StatementStatus,
    StatementVote,
)
from samenspel.deliberation.opinion_map import PRIVACY_FLOOR
from samenspel.demo.deliberation_demo import _pdf

from .conftest import login
from .test_services import _planted_votes


def _current_statement(response):
    return response.context["statement"]


def test_anonymous_votes_one_statement_at_a_time(english, conversation):
    client = english
    page = client.get(conversation.get_absolute_url())
    assert page.status_code == 200
    assert views.COOKIE not in page.cookies  # no cookie for a mere visit
    first = _current_statement(page)
    assert first.text in page.content.decode()
    response = client.post(reverse("deliberation:vote", args=[conversation.pk]), {"statement": first.pk, "vote": 1})
    assert response.status_code == 302
    cookie = response.cookies[views.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(conversation.get_absolute_url())
    assert _current_statement(page) != first
    assert page.context["done"] == 1
    participant = Participant.objects.get(conversation=conversation)
    assert participant.user is None and participant.browser_key
    assert participant.browser_key not in cookie.value  # only a keyed hash is stored


def test_repeated_posts_leave_one_vote(english, conversation):
    statement = conversation.statements.first()
    url = reverse("deliberation:vote", args=[conversation.pk])
    english.post(url, {"statement": statement.pk, "vote": 1})
    for value in (1, 1, -1, 0, -1):
        english.post(url, {"statement": statement.pk, "vote": value})
    assert StatementVote.objects.count() == 1
    assert StatementVote.objects.get().vote == -1
    assert Participant.objects.count() == 1


def test_forged_cookie_is_a_new_participant(english, conversation):
    statement = conversation.statements.first()
    english.cookies[views.COOKIE] = "forged-value"
    english.post(reverse("deliberation:vote", args=[conversation.pk]), {"statement": statement.pk, "vote": 1})
    participant = Participant.objects.get()
    assert participant.browser_key != views._key_for(conversation, "forged-value")


def test_anonymous_vote_rate_limit(english, conversation, monkeypatch):
    monkeypatch.setitem(services.LIMITS, "vote", (3, 600))
    statements = list(conversation.statements.all())
    url = reverse("deliberation:vote", args=[conversation.pk])
    codes = [english.post(url, {"statement": s.pk, "vote": 1}).status_code for s in statements[:5]]
    assert codes == [302, 302, 302, 429, 429]
    assert StatementVote.objects.count() == 3


def test_new_anonymous_participants_are_limited_per_address(client, conversation, monkeypatch):
    monkeypatch.setitem(services.LIMITS, "new_participant", (2, 3600))
    statement = conversation.statements.first()
    url = reverse("deliberation:vote", args=[conversation.pk])
    codes = []
    for _n in range(3):
        client.cookies.clear()  # a browser throwing away its cookie each time
        codes.append(client.post(url, {"statement": statement.pk, "vote": 1}).status_code)
    assert codes == [302, 302, 429]
    assert Participant.objects.count() == 2


def test_account_required_when_the_organiser_says_so(client, official, wijk, resident, tasks_dummy):
    conversation = services.start_conversation(
        user=official,
        place=wijk,
        title="T",
        question="Q?",
        allow_anonymous=False,
        seed_statements=["Een stelling voor iedereen."],
    )
    statement = conversation.statements.get()
    url = reverse("deliberation:vote", args=[conversation.pk])
    response = client.post(url, {"statement": statement.pk, "vote": 1})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not StatementVote.objects.exists()
    login(client, resident).post(url, {"statement": statement.pk, "vote": 1})
    assert StatementVote.objects.get().participant.user == resident


def test_add_statement_with_near_duplicate_confirmation(english, conversation):
    url = reverse("deliberation:statement_add", args=[conversation.pk])
    text = "Er moet echt meer groen komen in de wijk."
    response = english.post(url, {"text": text})
    assert response.status_code == 400
    assert response.context["show_different"]
    assert 'name="different"' in response.content.decode()
    response = english.post(url, {"text": text, "different": "on"})
    assert response.status_code == 302
    assert Statement.objects.filter(text=text, status=StatementStatus.PUBLISHED).exists()


def test_statements_wait_with_moderation_before(english, official, wijk, tasks_dummy):
    conversation = services.start_conversation(
        user=official,
        place=wijk,
        title="T",
        question="Q?",
        moderation=Moderation.BEFORE,
        seed_statements=["Een eerste stelling hier."],
    )
    english.post(reverse("deliberation:statement_add", args=[conversation.pk]), {"text": "Een nieuwe stelling."})
    statement = Statement.objects.get(text="Een nieuwe stelling.")
    assert statement.status == StatementStatus.PENDING
    assert statement.text not in english.get(conversation.get_absolute_url()).content.decode()
    moderate = reverse("deliberation:moderate", args=[conversation.pk])
    assert english.get(moderate).status_code == 302  # to the login
    login(english, official)
    page = english.get(moderate)
    assert statement.text in page.content.decode()
    english.post(moderate, {"action": "approve", "statement": statement.pk})
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PUBLISHED


def test_moderation_page_is_for_moderators(client, conversation, resident):
    assert login(client, resident).get(reverse("deliberation:moderate", args=[conversation.pk])).status_code == 403


def test_hidden_statement_shows_its_reason(english, conversation, official):
    statement = conversation.statements.first()
    services.hide_statement(user=official, statement=statement, reason="Gaat over een persoon.")
    page = english.get(conversation.get_absolute_url()).content.decode()
    assert "Gaat over een persoon." in page
    assert statement.text not in page


def test_report_from_the_page(english, conversation):
    statement = conversation.statements.first()
    url = reverse("deliberation:statement_report", args=[statement.pk])
    assert english.get(url).status_code == 200
    response = english.post(url, {"reason": "Kwetsend"})
    assert response.status_code == 302
    assert statement.reports.count() == 1


def test_map_page_without_enough_people(english, conversation, resident):
    services.cast_vote(user=resident, conversation=conversation, statement=conversation.statements.first(), vote=1)
    services.compute_map(conversation)
    page = english.get(reverse("deliberation:map", args=[conversation.pk])).content.decode()
    assert "Too few people have taken part" in page
    assert "<svg" not in page.split('id="main"')[1]


def test_map_page_shows_groups_in_picture_and_words(english, conversation):
    statements = _planted_votes(conversation)
    services.compute_map(conversation)
    response = english.get(reverse("deliberation:map", args=[conversation.pk]))
    page = response.content.decode()
    assert 'role="img"' in page and '<title id="map-title">' in page
    assert "Group A: 30 people (50%)" in page and "Group B: 30 people (50%)" in page
    assert "What almost everyone agrees on" in page
    assert statements[-1].text.replace("'", "&#x27;") in page
    assert page.count("<table") >= 2  # the groups and the statements, each as a table
    assert 'style="' not in page


def test_map_page_hides_figures_of_small_groups(english, conversation):
    _planted_votes(conversation, groups=(30, 30))
    services.compute_map(conversation)
    conversation.refresh_from_db()
    data = conversation.map_data
    tiny = list(data["groups"])[: PRIVACY_FLOOR - 1]
    for pid in tiny:
        data["groups"][pid] = 2
    data["group_sizes"]["2"] = PRIVACY_FLOOR - 1
    data["group_sizes"]["0"] -= PRIVACY_FLOOR - 1
    data["repness"]["2"] = data["repness"]["0"]
    conversation.save(update_fields=["map_data"])
    page = english.get(reverse("deliberation:map", args=[conversation.pk])).content.decode()
    assert "Group C" not in page
    assert f"{PRIVACY_FLOOR - 1} people are in groups of fewer than {PRIVACY_FLOOR} people" in page


def test_room_page_for_staff(client, conversation, official, resident, past_meeting):
    url = reverse("deliberation:room", args=[conversation.pk])
    assert login(client, resident).get(url).status_code == 403
    login(client, official)
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "action": "statement",
            "statement-text": "Gehoord bij de markt vandaag.",
            "statement-meeting": past_meeting.pk,
        },
    )
    statement = Statement.objects.get(text="Gehoord bij de markt vandaag.")
    assert statement.channel == "meeting" and statement.meeting == past_meeting
    seed = conversation.statements.filter(is_seed=True).first()
    client.post(url, {"action": "card", f"card-s{seed.pk}": "-1", "card-meeting": ""})
    assert StatementVote.objects.get(statement=seed).channel == "meeting"


def test_debate_page_arguments_and_support(english, official, wijk, resident):
    debate = services.start_debate(user=official, place=wijk, title="Parkeren", proposal="Uitbreiden.")
    page = english.get(debate.get_absolute_url())
    assert page.status_code == 200 and "Log in to give an argument" in page.content.decode()
    login(english, resident)
    english.post(debate.get_absolute_url(), {"action": "argument", "side": "for", "text": "Meer plek."})
    argument = debate.arguments.get()
    english.post(reverse("deliberation:argument_support", args=[argument.pk]))
    argument.refresh_from_db()
    assert argument.support_count == 1
    assert english.get(reverse("deliberation:debate_summary", args=[debate.pk])).status_code == 403


def test_meeting_page_and_documents(english, member, meeting):
    document = services.add_document(
        user=member, meeting=meeting, title="Voorstel bankjes", file=ContentFile(_pdf("V", ["x"]), name="v.pdf")
    )
    page = english.get(meeting.get_absolute_url()).content.decode()
    assert "Voorstel bankjes" in page and "late: after the set day" not in page
    response = english.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_meeting_page_warns_when_documents_are_late(english, member, body):
    soon = services.plan_meeting(
        user=member,
        kind="body_meeting",
        title="Binnenkort",
        organisation=body,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        address="A 1",
    )
    assert "should be public by now" in english.get(soon.get_absolute_url()).content.decode()
    services.add_document(user=member, meeting=soon, title="Laat", file=ContentFile(_pdf("L", []), name="l.pdf"))
    assert "late: after the set day" in english.get(soon.get_absolute_url()).content.decode()


def test_keep_the_record_page(english, member, resident, past_meeting):
    client = english
    url = reverse("deliberation:meeting_manage", args=[past_meeting.pk])
    assert login(client, resident).get(url).status_code == 403
    login(client, member)
    assert client.get(url).status_code == 200
    upload = ContentFile(_pdf("Stuk", ["regel"]), name="stuk.pdf")
    response = client.post(url, {"action": "document", "document-title": "Stuk", "document-file": upload})
    assert response.status_code == 302
    assert past_meeting.documents.get().title == "Stuk"
    not_pdf = ContentFile(b"GIF89a....", name="plaatje.pdf")
    response = client.post(url, {"action": "document", "document-title": "Plaatje", "document-file": not_pdf})
    assert response.status_code == 200 and "Only PDF files" in response.content.decode()
    client.post(url, {"action": "minutes", "minutes-minutes": "De vergadering is geopend."})
    client.post(url, {"action": "attendance", "attendance-in_person": "14", "attendance-online": "2"})
    past_meeting.refresh_from_db()
    assert past_meeting.minutes_published_at is not None
    assert sum(a.count for a in past_meeting.attendance.all()) == 16


def test_register_for_a_meeting(client, member, body, resident):
    meeting = services.plan_meeting(
        user=member,
        kind="buurtbijeenkomst",
        title="Buurtavond",
        organisation=body,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        address="A 1",
        registration_required=True,
        capacity=10,
    )
    url = reverse("deliberation:meeting_register", args=[meeting.pk])
    assert "/login" in client.post(url)["Location"]
    login(client, resident).post(url, {"action": "register"})
    assert meeting.registrations.get().user == resident


@pytest.mark.parametrize("name", ["index", "meetings"])
def test_overview_pages(english, conversation, meeting, name):
    assert english.get(reverse(f"deliberation:{name}")).status_code == 200


def test_place_and_body_pages(english, conversation, meeting, wijk, body):
    page = english.get(reverse("deliberation:place", args=[wijk.municipality.slug, wijk.slug])).content.decode()
    assert conversation.title in page and meeting.title in page
    assert english.get(reverse("deliberation:body", args=[body.pk])).status_code == 200
