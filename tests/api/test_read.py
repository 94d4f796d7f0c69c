"""Reading: public data is there, private and unpublished data is not; filters and pages."""

import datetime

from django.utils import translation
from django.utils.translation import gettext

API = "/api/v1"


def get(client, path, **params):
    return client.get(f"{API}/{path}", params)


def titles(response):
    return [row.get("title") or row.get("name") for row in response.json()["items"]]


def test_ideas_hide_what_a_moderator_hid(client, world):
    response = get(client, "ideas")
    assert response.status_code == 200
    assert "Idee 1" in titles(response)
    assert "Verborgen idee" not in titles(response)
    assert get(client, f"ideas/{world.hidden.pk}").status_code == 404
    assert get(client, f"ideas/{world.idea.pk}").json()["initiator"] == "Rik Resident"


def test_the_initiator_sees_their_hidden_idea_with_a_key(client, world, token_for):
    key = token_for(world.resident)
    response = client.get(f"{API}/ideas/{world.hidden.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["title"] == "Verborgen idee"


def test_no_personal_data_in_ideas(client, world):
    body = get(client, "ideas").content.decode()
    assert world.resident.email not in body
    assert str(world.resident.public_id) not in body
    assert "author" not in get(client, f"ideas/{world.idea.pk}").json()


def test_agenda_item_does_not_point_at_a_hidden_idea(client, world):
    item = get(client, f"agenda-items/{world.item.pk}").json()
    assert item["idea_id"] is None
    assert item["place"]["slug"] == "oosterparkwijk"


def test_agreements_show_levels_of_say(client, world):
    version = get(client, f"agreements/{world.version.pk}").json()
    assert [(s["title"], s["level"]) for s in version["scope_items"]] == [("Groen", 3), ("Verkeer", 1)]
    assert version["status"] == "active"


def test_draft_reports_are_not_public(client, world):
    assert titles(get(client, "accountability-reports")) == ["Verantwoording 1"]
    assert get(client, f"accountability-reports/{world.draft_report.pk}").status_code == 404


def test_only_published_statements(client, world):
    texts = [s["text"] for s in get(client, f"conversations/{world.conversation.pk}/statements").json()["items"]]
    assert texts == ["Meer bomen 0"]


def test_results_only_once_published(client, world):
    assert get(client, f"budget-rounds/{world.open_round.pk}/results").status_code == 404
    assert get(client, f"budget-rounds/{world.closed_round.pk}/results").status_code == 404
    result = get(client, f"budget-rounds/{world.done_round.pk}/results").json()
    assert [(p["title"], p["votes"], p["selected"]) for p in result["projects"]] == [
        ("Project 1", 7, True),
        ("Project 2", 2, False),
    ]
    assert all(p["why"] for p in result["projects"])
    open_round = get(client, f"budget-rounds/{world.open_round.pk}").json()
    assert open_round["phase"] == "voting"
    assert {p["selected"] for p in open_round["projects"]} == {None}
    assert get(client, f"budget-rounds/{world.done_round.pk}").json()["phase"] == "result"


def test_consultation_results_are_aggregates_after_closing(client, world, official, token_for):
    assert get(client, f"consultations/{world.consultation.pk}/results").status_code == 404
    response = get(client, f"consultations/{world.closed_consultation.pk}/results")
    assert response.status_code == 200
    data = response.json()
    assert data["responses"] == 1
    single = next(q for q in data["questions"] if q["kind"] == "single")
    assert [(o["label"], o["count"]) for o in single["options"]] == [("Vaak", 1), ("Nooit", 0)]
    assert "Piet de Vries" not in response.content.decode()  # open answers never leave the panel app
    # The area team sees results while a consultation runs, as on the web page.
    key = token_for(official)
    staff = client.get(f"{API}/consultations/{world.consultation.pk}/results", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert staff.status_code == 200


def test_challenges_show_counts_and_timeline_not_names(client, world, make_user):
    from samenspel.finance.models import SupportSignature

    signer = make_user(display_name="Sietske Signer")
    SupportSignature.objects.create(challenge=world.challenge, user=signer)
    response = get(client, f"challenges/{world.challenge.pk}")
    data = response.json()
    assert data["signatures"] == {"online": 1, "paper": 0, "total": 1}
    assert [e["kind"] for e in data["events"]] == ["submitted"]
    assert "Sietske" not in response.content.decode()
    assert signer.email not in response.content.decode()


def test_filter_by_place_includes_the_places_below(client, world):
    assert titles(get(client, "ideas", place="oosterparkwijk")) == ["Idee 1"]
    assert sorted(titles(get(client, "ideas", place="groningen"))) == ["Idee 1", "Idee 3"]
    assert sorted(titles(get(client, "ideas", place=str(world.municipality.pk)))) == ["Idee 1", "Idee 3"]
    assert {p["slug"] for p in get(client, "places", place="oosterparkwijk").json()["items"]} == {
        "oosterparkwijk",
        "oosterpark-noord",
    }
    assert titles(get(client, "budget-lines", place="centrum")) == []
    assert len(get(client, "budget-lines", place="groningen").json()["items"]) == 1


def test_unknown_place_is_404_with_the_error_shape(client, world):
    response = get(client, "ideas", place="nergenshuizen")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    with translation.override("nl"):  # Dutch by default (the catalogue gets this new message later)
        assert response.json()["detail"] == gettext("This does not exist, or it is not public.")


def test_filter_by_date(client, world):
    from samenspel.decisions.models import Decision

    later = Decision.objects.create(
        place=world.wijk,
        decider_kind="college",
        title="Later besluit",
        outcome="adopted",
        rationale="-",
        decided_on=datetime.date(2026, 6, 1),
    )
    assert titles(get(client, "decisions", since="2026-05-01")) == [later.title]
    assert titles(get(client, "decisions", until="2026-05-01")) == ["Besluit 1"]
    assert titles(get(client, "decisions", since="2026-03-02", until="2026-03-02")) == ["Besluit 1"]
    today = datetime.date.today().isoformat()
    assert "Idee 1" in titles(get(client, "ideas", since=today))
    assert titles(get(client, "ideas", until="2000-01-01")) == []
    assert get(client, "ideas", since="gisteren").status_code == 422


def test_pagination(client, world, wijk):
    from .conftest import make_idea

    for n in range(30):
        make_idea(wijk, None, 100 + n)
    first = get(client, "ideas", page_size=25).json()
    assert first["count"] == 32
    assert len(first["items"]) == 25
    second = get(client, "ideas", page_size=25, page=2).json()
    assert len(second["items"]) == 7
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert len(get(client, "ideas").json()["items"]) == 20
    too_big = get(client, "ideas", page_size=101)
    assert too_big.status_code == 422
    assert too_big.json()["code"] == "invalid_input"
    assert get(client, "ideas", page=0).status_code == 422


def test_english_messages(english, world):
    response = english.get(f"{API}/ideas/{world.hidden.pk}")
    assert response.json()["detail"] == "This does not exist, or it is not public."


def test_figures_with_source(client, world):
    figures = get(client, f"places/{world.wijk.pk}/figures", year=2024).json()["items"]
    assert [(f["indicator"], f["year"], f["value"], f["publisher"]) for f in figures] == [
        ("inhabitants", 2024, 10000.0, "CBS")
    ]


def test_docs_page_works_without_inline_script(client, world):
    import re

    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "submit_idea" in html and "/api/v1/ideas" in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert " style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
