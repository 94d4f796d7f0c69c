"""The pages: they respond, show what each role may see, and refuse bad input without saving."""

import datetime
import re

import pytest
from django.urls import reverse

from samenspel.initiatives import ratelimit, services
from samenspel.initiatives.models import (
    AbuseReport,
    CaseStatus,
    Comment,
    HelpOffer,
    Idea,
    IdeaPhoto,
    KillerPhrase,
    Obstacle,
    Support,
    SupportOutcome,
)

from .conftest import english, in_conversation, login, upload


def page(response, status=200) -> str:
    assert response.status_code == status, response.content[:500]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert ' style="' not in html and "<style" not in html  # the Content-Security-Policy forbids them
    return html


@pytest.fixture
def visitor(client):
    return english(client)


# --- Lists ----------------------------------------------------------------------------------


def test_lists_with_filters_and_pages(visitor, resident, wijk, other_wijk):
    for i in range(23):
        services.submit_idea(user=resident, place=wijk, title=f"Idee nummer {i}", description="Iets moois.")
    services.submit_idea(
        user=resident, place=other_wijk, title="Fietsenstalling centrum", description="Bij het station."
    )
    html = page(visitor.get(reverse("initiatives:list")))
    assert "24 ideas" in html and "Page 1 of 2" in html
    html = page(visitor.get(reverse("initiatives:list"), {"page": 2}))
    assert "Page 2 of 2" in html
    html = page(visitor.get(reverse("initiatives:list"), {"q": "fietsen"}))
    assert "Fietsenstalling centrum" in html and "Idee nummer" not in html
    html = page(visitor.get(reverse("initiatives:list"), {"wijk": other_wijk.pk, "status": "intake", "kind": "idea"}))
    assert "1 idea" in html
    html = page(visitor.get(reverse("initiatives:place", args=[wijk.municipality.slug, wijk.slug])))
    assert "Ideas for Oosterparkwijk" in html and "23 ideas" in html and "Fietsenstalling" not in html
    # a bad filter value is ignored, not an error
    page(visitor.get(reverse("initiatives:list"), {"status": "nonsense", "page": "x"}))


def test_hidden_ideas_are_not_listed(visitor, idea, official):
    services.hide_idea(user=official, idea=idea, reason="Reclame")
    html = page(visitor.get(reverse("initiatives:list")))
    assert idea.title not in html


# --- The idea page --------------------------------------------------------------------------


def test_the_idea_page_for_a_visitor(visitor, idea):
    html = page(visitor.get(idea.get_absolute_url()))
    assert idea.title in html and "Anouk" in html
    assert "Not settled yet" in html
    assert "For the idea broker" not in html
    assert "Log in" in html


def test_the_ownership_is_shown_plainly(visitor, idea, official):
    services.change_idea(user=official, idea=idea, title=idea.title, description=idea.description, ownership=2)
    html = page(visitor.get(idea.get_absolute_url()))
    assert "Type 2: the neighbourhood owns this; the municipality or a partner contributes." in html


def test_staff_see_the_broker_panel_and_contact_note(client, official, wijk, resident):
    idea = services.submit_idea(
        user=official,
        place=wijk,
        title="Bankje bij de bushalte",
        description="Voor ouderen.",
        channel="phone",
        on_behalf_of="mevrouw uit de Zaagmuldersweg",
        contact_note="050-1234567",
    )
    html = page(login(client, official).get(idea.get_absolute_url()))
    assert "For the idea broker" in html and "050-1234567" in html
    assert "First contact due in 5 working days." in html
    assert "Go to: in conversation" in html
    client.logout()
    html = page(login(client, resident).get(idea.get_absolute_url()))
    assert "050-1234567" not in html and "For the idea broker" not in html
    assert "mevrouw uit de Zaagmuldersweg" in html


def test_an_overdue_first_contact_is_flagged(client, official, idea):
    Idea.objects.filter(pk=idea.pk).update(first_contact_due=datetime.date.today() - datetime.timedelta(days=14))
    html = page(login(client, official).get(idea.get_absolute_url()))
    assert "First contact overdue by" in html
    html = page(client.get(reverse("initiatives:broker")))
    assert idea.title in html and "overdue by" in html


def test_a_hidden_idea_shows_only_the_reason(visitor, idea, official):
    services.hide_idea(user=official, idea=idea, reason="Deelt iemands adres")
    html = page(visitor.get(idea.get_absolute_url()))
    assert "Deelt iemands adres" in html and idea.title not in html


def test_unknown_idea_is_404(visitor, db):
    assert visitor.get(reverse("initiatives:idea", args=[999])).status_code == 404


# --- Submitting -----------------------------------------------------------------------------


def test_submitting_needs_login(visitor):
    response = visitor.get(reverse("initiatives:submit"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_submit_in_two_steps_shows_similar_ideas_first(client, resident, neighbour, wijk):
    existing = services.submit_idea(
        user=neighbour,
        place=wijk,
        title="Nieuwe speeltoestellen in het park",
        description="De toestellen in het park zijn oud.",
    )
    login(client, resident)
    page(client.get(reverse("initiatives:submit"), {"wijk": wijk.pk}))
    data = {
        "place": wijk.pk,
        "kind": "idea",
        "title": "Speeltuin in het park",
        "description": "Een speeltuin in het park voor de kleintjes.",
    }
    html = page(client.post(reverse("initiatives:submit"), {**data, "action": "preview"}))
    assert "Is your idea already here?" in html and existing.title in html
    assert 'name="previewed" value="1"' in html and "Speeltuin in het park" in html  # what was typed stays
    assert Idea.objects.count() == 1
    # "submit" without having seen the suggestions is a preview too
    page(client.post(reverse("initiatives:submit"), {**data, "action": "submit"}))
    assert Idea.objects.count() == 1
    response = client.post(reverse("initiatives:submit"), {**data, "action": "submit", "previewed": "1"})
    idea = Idea.objects.get(title="Speeltuin in het park")
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.author == resident


def test_the_form_sent_again_makes_no_second_idea(client, resident, wijk):
    """A second click, or the browser sending the form again after its answer got lost: the
    form's own key finds the idea the first one made."""
    login(client, resident)
    html = page(client.get(reverse("initiatives:submit")))
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    data = {
        "place": wijk.pk,
        "kind": "idea",
        "title": "Bloembakken",
        "description": "Langs de Oosterweg.",
        "submission_key": key,
        "action": "submit",
        "previewed": "1",
    }
    first = client.post(reverse("initiatives:submit"), data)
    again = client.post(reverse("initiatives:submit"), data)
    idea = Idea.objects.get()
    assert first["Location"] == again["Location"] == idea.get_absolute_url()
    assert "This idea had already been received." in page(client.get(again["Location"]))
    # The preview keeps the key, so submitting after it is still the same form.
    preview = page(client.post(reverse("initiatives:submit"), {**data, "previewed": "", "action": "preview"}))
    assert f'value="{key}"' in preview
    # A fresh form has a fresh key.
    assert key not in page(client.get(reverse("initiatives:submit")))


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, resident, wijk):
    login(client, resident)
    html = page(
        client.post(
            reverse("initiatives:submit"),
            {
                "place": wijk.pk,
                "kind": "idea",
                "title": "",
                "description": "Mijn mooie plan",
                "action": "submit",
                "previewed": "1",
            },
        )
    )
    assert "Mijn mooie plan" in html and "utrecht-form-field--invalid" in html
    assert not Idea.objects.exists()


def test_residents_cannot_use_the_on_behalf_form(client, resident, official, wijk):
    assert login(client, resident).get(reverse("initiatives:submit_on_behalf")).status_code == 403
    client.logout()
    login(client, official)
    html = page(client.get(reverse("initiatives:submit_on_behalf")))
    assert 'name="channel"' in html and 'name="contact_note"' in html
    data = {
        "place": wijk.pk,
        "kind": "idea",
        "title": "Buurtkast",
        "description": "Een ruilkast.",
        "channel": "paper",
        "on_behalf_of": "bewoner Oosterpark",
        "contact_note": "via het buurthuis",
        "action": "submit",
        "previewed": "1",
    }
    assert client.post(reverse("initiatives:submit_on_behalf"), data).status_code == 302
    idea = Idea.objects.get()
    assert idea.author is None and idea.channel == "paper"


def test_at_most_ten_posts_an_hour(client, resident, wijk, idea):
    login(client, resident)
    url = reverse("initiatives:comment", args=[idea.pk])
    for i in range(ratelimit.LIMIT):
        assert client.post(url, {"text": f"Reactie {i}"}).status_code == 302
    html = page(client.post(url, {"text": "Nog eentje"}), status=400)
    assert "Please wait a while" in html and "Nog eentje" in html
    assert Comment.objects.count() == ratelimit.LIMIT
    html = page(
        client.post(
            reverse("initiatives:submit"),
            {
                "place": wijk.pk,
                "kind": "idea",
                "title": "Nog een idee",
                "description": "x",
                "action": "submit",
                "previewed": "1",
            },
        )
    )
    assert "Please wait a while" in html
    assert Idea.objects.count() == 1


def test_the_initiator_changes_and_withdraws(client, resident, idea):
    login(client, resident)
    page(client.get(reverse("initiatives:change", args=[idea.pk])))
    response = client.post(
        reverse("initiatives:change", args=[idea.pk]),
        {
            "kind": "initiative",
            "title": "Moestuin",
            "description": "Nu met de school.",
            "needs": "",
            "ownership": "1",
            "location_text": "",
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.kind == "initiative" and idea.ownership == 1
    page(client.get(reverse("initiatives:withdraw", args=[idea.pk])))
    client.post(reverse("initiatives:withdraw", args=[idea.pk]), {"reason": "Geen tijd meer"})
    idea.refresh_from_db()
    assert idea.status == CaseStatus.CLOSED


# --- Photos ---------------------------------------------------------------------------------


def test_photo_upload_and_serving(client, resident, idea, visitor):
    login(client, resident)
    html = page(client.get(reverse("initiatives:photo_add", args=[idea.pk])))
    assert 'enctype="multipart/form-data"' in html
    response = client.post(
        reverse("initiatives:photo_add", args=[idea.pk]), {"photo": upload(), "alt_text": "Het veld achter de school"}
    )
    assert response.status_code == 302
    photo = IdeaPhoto.objects.get()
    html = page(client.get(idea.get_absolute_url()))
    assert 'alt="Het veld achter de school"' in html
    response = client.get(reverse("initiatives:photo", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_fake_photo_is_refused_on_the_form(client, resident, idea):
    login(client, resident)
    html = page(
        client.post(
            reverse("initiatives:photo_add", args=[idea.pk]),
            {"photo": upload("foto.png", b"geen foto"), "alt_text": "Veld"},
        )
    )
    assert "JPEG, PNG or WebP" in html and 'value="Veld"' in html
    assert not IdeaPhoto.objects.exists()


def test_others_cannot_add_photos(client, neighbour, idea):
    login(client, neighbour)
    assert client.get(reverse("initiatives:photo_add", args=[idea.pk])).status_code == 403


def test_photos_of_hidden_ideas_are_not_served(visitor, resident, official, idea):
    (photo,) = services.add_photos(user=resident, idea=idea, photos=[(upload(), "Veld")])
    services.hide_idea(user=official, idea=idea, reason="Privé")
    assert visitor.get(reverse("initiatives:photo", args=[photo.pk])).status_code == 404


# --- Support, comments, help, reports -------------------------------------------------------


def test_support_comment_and_help(client, neighbour, idea):
    login(client, neighbour)
    assert client.post(reverse("initiatives:support", args=[idea.pk])).status_code == 302
    assert Support.objects.filter(idea=idea, user=neighbour).exists()
    html = page(client.get(idea.get_absolute_url()))
    assert "You support this idea." in html
    client.post(reverse("initiatives:unsupport", args=[idea.pk]))
    assert not Support.objects.exists()
    assert client.get(reverse("initiatives:support", args=[idea.pk])).status_code == 405
    page(client.post(reverse("initiatives:comment", args=[idea.pk]), {"text": ""}), status=400)
    assert not Comment.objects.exists()
    client.post(reverse("initiatives:comment", args=[idea.pk]), {"text": "Goed plan!"})
    assert Comment.objects.get().author == neighbour
    page(client.post(reverse("initiatives:help", args=[idea.pk]), {"role": "boss"}), status=400)
    client.post(reverse("initiatives:help", args=[idea.pk]), {"role": "doer", "note": "Ik kan timmeren"})
    assert HelpOffer.objects.get().note == "Ik kan timmeren"


def test_visitors_cannot_post(visitor, idea):
    for name in ("support", "comment", "help"):
        response = visitor.post(reverse(f"initiatives:{name}", args=[idea.pk]), {"text": "x", "role": "doer"})
        assert response.status_code == 302 and "login" in response["Location"]
    assert not Comment.objects.exists() and not Support.objects.exists()


def test_reporting_and_the_moderation_queue(client, neighbour, official, resident, idea):
    comment = services.comment(user=resident, idea=idea, text="Iets lelijks")
    login(client, neighbour)
    page(client.get(reverse("initiatives:report_comment", args=[comment.pk])))
    page(client.post(reverse("initiatives:report", args=[idea.pk]), {"reason": ""}))
    assert not AbuseReport.objects.exists()
    client.post(reverse("initiatives:report_comment", args=[comment.pk]), {"reason": "Scheldwoord"})
    assert AbuseReport.objects.get().comment == comment
    assert client.get(reverse("initiatives:moderation")).status_code == 403
    client.logout()
    login(client, official)
    html = page(client.get(reverse("initiatives:moderation")))
    assert "Scheldwoord" in html
    page(client.get(reverse("initiatives:comment_hide", args=[comment.pk])))
    client.post(reverse("initiatives:comment_hide", args=[comment.pk]), {"reason": "Scheldwoord"})
    comment.refresh_from_db()
    assert comment.is_hidden
    html = page(client.get(idea.get_absolute_url()))
    assert "Hidden by a moderator. Reason: Scheldwoord" in html
    page(client.get(reverse("initiatives:hide", args=[idea.pk])))
    page(client.post(reverse("initiatives:hide", args=[idea.pk]), {"reason": ""}))
    assert not Idea.objects.get(pk=idea.pk).is_hidden


# --- The broker -----------------------------------------------------------------------------


def test_moving_the_case(client, official, resident, idea):
    login(client, resident)
    assert client.post(reverse("initiatives:move", args=[idea.pk]), {"status": "in_conversation"}).status_code == 403
    client.logout()
    login(client, official)
    html = page(client.post(reverse("initiatives:move", args=[idea.pk]), {"status": "closed", "note": ""}), status=400)
    assert "Say why the idea is not taken further" in html
    assert Idea.objects.get(pk=idea.pk).status == CaseStatus.INTAKE
    page(client.post(reverse("initiatives:move", args=[idea.pk]), {"status": "running"}), status=400)
    response = client.post(
        reverse("initiatives:move", args=[idea.pk]), {"status": "in_conversation", "note": "Gebeld met Anouk."}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == CaseStatus.IN_CONVERSATION
    html = page(client.get(idea.get_absolute_url()))
    assert "Gebeld met Anouk." in html and "First contact made on" in html


def test_connecting_from_the_page(client, official, idea, stranger, other_wijk):
    other = services.submit_idea(
        user=stranger, place=other_wijk, title="Moestuin bij de kerk", description="Een moestuin voor de buurt."
    )
    in_conversation(official, idea)
    login(client, official)
    html = page(client.get(reverse("initiatives:connect", args=[idea.pk])))
    assert "Moestuin bij de kerk" in html
    page(client.post(reverse("initiatives:connect", args=[idea.pk]), {"other_idea": "", "name": ""}))
    client.post(reverse("initiatives:connect", args=[idea.pk]), {"other_idea": other.pk, "note": "Zelfde plan"})
    idea.refresh_from_db()
    assert idea.status == CaseStatus.CONNECTED
    assert idea.title in page(client.get(other.get_absolute_url()))  # shown from both sides


def test_support_request_and_answer(client, official, resident, idea):
    in_conversation(official, idea)
    login(client, resident)
    page(client.get(reverse("initiatives:support_request", args=[idea.pk])))
    page(
        client.post(reverse("initiatives:support_request", args=[idea.pk]), {"kind": "money", "description": "Hout"})
    )  # no amount
    client.post(
        reverse("initiatives:support_request", args=[idea.pk]),
        {"kind": "money", "description": "Hout voor de bakken", "amount": "450,50"},
    )
    request = idea.support_requests.get()
    assert request.amount_cents == 45050
    assert client.get(reverse("initiatives:support_decide", args=[request.pk])).status_code == 403
    client.logout()
    login(client, official)
    url = reverse("initiatives:support_decide", args=[request.pk])
    page(client.get(url))
    html = page(client.post(url, {"outcome": "refused", "reason": ""}))
    assert "Give the reason for the refusal" in html
    html = page(client.post(url, {"outcome": "referred", "referred_to": "de provincie"}))
    assert "is not an answer" in html
    request.refresh_from_db()
    assert request.outcome == SupportOutcome.OPEN and not Obstacle.objects.exists()
    client.post(url, {"outcome": "partly", "reason": "Alleen het hout", "granted": "300"})
    request.refresh_from_db()
    assert request.outcome == SupportOutcome.PARTLY and request.granted_cents == 30000
    assert client.get(url).status_code == 302  # answered once: no second answer
    html = page(client.get(idea.get_absolute_url()))
    assert "Alleen het hout" in html and "Partly granted" in html


# --- Obstacles ------------------------------------------------------------------------------


def test_obstacle_pages(client, visitor, official, resident, idea, municipality, wijk):
    phrase = KillerPhrase.objects.get(number=9)
    login(client, resident)
    page(client.get(reverse("initiatives:obstacle_add_for_idea", args=[idea.pk])))
    page(client.post(reverse("initiatives:obstacle_add_for_idea", args=[idea.pk]), {"description": "x"}))
    assert not Obstacle.objects.exists()
    client.post(
        reverse("initiatives:obstacle_add_for_idea", args=[idea.pk]),
        {"killer_phrase": phrase.pk, "description": "Van loket naar loket.", "rule_or_department": "KCC"},
    )
    obstacle = Obstacle.objects.get()
    assert obstacle.category == "referral"
    assert client.get(reverse("initiatives:obstacle_add")).status_code == 403
    client.logout()

    html = page(visitor.get(reverse("initiatives:obstacles")))
    assert "Dan moet u bij een collega zijn" in html
    html = page(visitor.get(reverse("initiatives:obstacle", args=[obstacle.pk])))
    assert "Deal with this obstacle" not in html
    assert visitor.post(reverse("initiatives:obstacle", args=[obstacle.pk]), {"status": "resolved"}).status_code == 403
    page(visitor.get(reverse("initiatives:killer_phrases")))
    html = page(visitor.get(reverse("initiatives:obstacle_report", args=[municipality.slug])))
    assert "<svg" in html and "<table" in html and "KCC" in html
    assert "Sent elsewhere" in html or "Doorgestuurd" in html  # the visitor reads Dutch unless they chose English

    login(client, official)
    url = reverse("initiatives:obstacle", args=[obstacle.pk])
    html = page(client.post(url, {"status": "resolved", "resolution": ""}))
    assert "Describe how it was resolved" in html
    client.post(url, {"status": "resolved", "resolution": "Eén contactpersoon aangewezen.", "escalated": "on"})
    obstacle.refresh_from_db()
    assert obstacle.status == "resolved" and obstacle.escalated
    page(client.get(reverse("initiatives:obstacle_add")))
    client.post(
        reverse("initiatives:obstacle_add"),
        {"place": municipality.pk, "category": "procedure", "description": "Drie formulieren."},
    )
    assert Obstacle.objects.count() == 2


def test_the_obstacle_report_period_filter(visitor, official, municipality):
    services.log_obstacle(
        user=official,
        place=municipality,
        category="procedure",
        description="Formulier",
        reported_on=datetime.date.today() - datetime.timedelta(days=3),
    )
    url = reverse("initiatives:obstacle_report", args=[municipality.slug])
    html = page(visitor.get(url))
    assert "No obstacles were reported in this period." not in html
    old = {"date_from": "2020-01-01", "date_to": "2020-12-31"}
    assert "No obstacles were reported in this period." in page(visitor.get(url, old))
    html = page(visitor.get(url, {"date_from": "2021-01-01", "date_to": "2020-01-01"}))
    assert "lies after its end" in html
    assert visitor.get(reverse("initiatives:obstacle_report", args=["nergens"])).status_code == 404
