"""Panel pages: who sees what, and the flows through the forms."""

import pytest
from django.utils import timezone

from samenspel.panel import services
from samenspel.panel.models import Consultation, MemberStatus, Panel, PanelMember, Response

from .conftest import DAY, answers_for, login, make_consultation


def test_public_pages(english, panel, consultation, official):
    closed = make_consultation(official, panel, "closed")
    assert english.get("/wijkpanel/").status_code == 200
    page = english.get(f"/wijkpanel/{panel.pk}/").content.decode()
    assert "Wijkpanel Oosterpark" in page and "Log in to join the panel." in page
    assert english.get(f"/wijkpanel/raadpleging/{consultation.pk}/").status_code == 200
    # Results: public once closed, not while open.
    assert english.get(f"/wijkpanel/raadpleging/{closed.pk}/resultaten/").status_code == 200
    assert english.get(f"/wijkpanel/raadpleging/{consultation.pk}/resultaten/").status_code == 404


def test_staff_pages_are_for_officials(english, panel, consultation, resident, official, wijk):
    login(english, resident)
    for url in [
        f"/wijkpanel/nieuw/?plaats={wijk.pk}",
        f"/wijkpanel/raadpleging/nieuw/?plaats={wijk.pk}",
        f"/wijkpanel/raadpleging/{consultation.pk}/vragen/",
        f"/wijkpanel/raadpleging/{consultation.pk}/papier/",
        f"/wijkpanel/raadpleging/{consultation.pk}/open-antwoorden.csv",
        f"/wijkpanel/{panel.pk}/codes/",
    ]:
        assert english.get(url).status_code == 403, url
    assert english.post(f"/wijkpanel/raadpleging/{consultation.pk}/uitnodigen/").status_code == 403
    assert not consultation.invitations.exists()
    login(english, official)
    for url in [
        f"/wijkpanel/nieuw/?plaats={wijk.pk}",
        f"/wijkpanel/raadpleging/nieuw/?plaats={wijk.pk}",
        f"/wijkpanel/raadpleging/{consultation.pk}/vragen/",
        f"/wijkpanel/raadpleging/{consultation.pk}/papier/",
        f"/wijkpanel/raadpleging/{consultation.pk}/resultaten/",
        f"/wijkpanel/{panel.pk}/codes/",
    ]:
        assert english.get(url).status_code == 200, url


def test_official_creates_panel_consultation_and_questions(english, official, wijk):
    login(english, official)
    response = english.post(
        "/wijkpanel/nieuw/",
        {"plaats": wijk.pk, "title": "Panel", "signup_open": "on", "max_requests": 3, "period_days": 365},
    )
    panel = Panel.objects.get()
    assert response.url == f"/wijkpanel/{panel.pk}/"
    opens = (timezone.localtime() + DAY).strftime("%Y-%m-%dT%H:%M")
    closes = (timezone.localtime() + 10 * DAY).strftime("%Y-%m-%dT%H:%M")
    response = english.post(
        "/wijkpanel/raadpleging/nieuw/",
        {"plaats": wijk.pk, "title": "Park", "panel": str(panel.pk), "opens_at": opens, "closes_at": closes},
    )
    consultation = Consultation.objects.get()
    assert consultation.panel == panel and response.url == f"/wijkpanel/raadpleging/{consultation.pk}/vragen/"
    url = f"/wijkpanel/raadpleging/{consultation.pk}/vragen/"
    english.post(url, {"kind": "ranking", "text": "Order these", "options": "A\nB\nC", "scale": "1-5"})
    english.post(url, {"kind": "scale", "text": "Rate", "scale": "0-10", "label_low": "bad", "label_high": "good"})
    page = english.post(url, {"kind": "single", "text": "Pick", "options": "only one", "scale": "1-5"})
    assert "Give between 2 and 12 options." in page.content.decode()
    kinds = list(consultation.questions.values_list("kind", "scale_max"))
    assert kinds == [("ranking", 5), ("scale", 10)]
    question = consultation.questions.first()
    english.post(f"/wijkpanel/vraag/{question.pk}/verwijderen/")
    assert consultation.questions.count() == 1


def test_code_member_answers_and_changes_on_the_answer_page(english, official, panel, consultation):
    batch = services.issue_invitation_codes(user=official, panel=panel, count=1)
    response = english.post("/wijkpanel/code/", {"code": batch.codes[0]})
    member = PanelMember.objects.get()
    assert response.url == f"/wijkpanel/lid/{member.pk}/profiel/"
    english.post(
        f"/wijkpanel/lid/{member.pk}/profiel/",
        {"consent": "on", "age_band": "65+", "gender": "", "household": "single", "education": ""},
    )
    member.refresh_from_db()
    assert member.profile()["age_band"] == "65+" and member.profile()["gender"] == ""
    url = f"/wijkpanel/raadpleging/{consultation.pk}/"
    page = english.get(url).content.decode()
    assert "Send my answers" in page
    q = {x.kind: x for x in consultation.questions.all()}
    data = {
        f"q{q['single'].pk}": "1",
        f"q{q['multiple'].pk}": ["0", "2"],
        f"q{q['scale'].pk}": "5",
        f"q{q['ranking'].pk}_0": "2",
        f"q{q['ranking'].pk}_1": "3",
        f"q{q['ranking'].pk}_2": "1",
        f"q{q['text'].pk}": "Fruit trees",
    }
    assert english.post(url, data).status_code == 302
    saved = Response.objects.get()
    assert saved.member == member and saved.profile["age_band"] == "65+"
    assert saved.answers.get(question=q["ranking"]).choices == [2, 0, 1]
    # Changing: a duplicate place in the ranking is refused with a message, nothing changes.
    data[f"q{q['ranking'].pk}_1"] = "2"
    page = english.post(url, data).content.decode()
    assert "Give every option its own place" in page
    assert saved.answers.get(question=q["ranking"]).choices == [2, 0, 1]
    data[f"q{q['ranking'].pk}_1"] = "3"
    data[f"q{q['single'].pk}"] = "2"
    english.post(url, data)
    assert Response.objects.get().answers.get(question=q["single"]).choices == [2]
    assert "Save my changes" in english.get(url).content.decode()


def test_wrong_codes_are_rate_limited(english, db):
    from django.core.cache import cache

    cache.clear()
    for _ in range(10):
        assert (
            "We do not know this code" in english.post("/wijkpanel/code/", {"code": "AAAA-BBBB-CCCC"}).content.decode()
        )
    assert "Too many wrong codes" in english.post("/wijkpanel/code/", {"code": "AAAA-BBBB-CCCC"}).content.decode()
    cache.clear()


def test_non_members_cannot_answer(english, resident, consultation):
    login(english, resident)
    url = f"/wijkpanel/raadpleging/{consultation.pk}/"
    assert "Only members of the neighbourhood panel can answer." in english.get(url).content.decode()
    assert english.post(url, {}).status_code == 403


def test_membership_pages(english, resident, panel, make_user, wijk):
    login(english, resident)
    english.post(f"/wijkpanel/{panel.pk}/aanmelden/")
    member = PanelMember.objects.get(user=resident)
    assert english.get(f"/wijkpanel/lid/{member.pk}/").status_code == 200
    until = (timezone.localdate() + 10 * DAY).isoformat()
    english.post(f"/wijkpanel/lid/{member.pk}/pauze/", {"until": until})
    member.refresh_from_db()
    assert member.status == MemberStatus.PAUSED
    english.post(f"/wijkpanel/lid/{member.pk}/terug/")
    english.post(f"/wijkpanel/lid/{member.pk}/opzeggen/")
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    # Someone else's membership is not yours.
    login(english, make_user(display_name="Other"))
    assert english.get(f"/wijkpanel/lid/{member.pk}/").status_code == 403


def test_paper_entry_and_results_and_csv(english, official, panel, consultation):
    batch = services.issue_invitation_codes(user=official, panel=panel, count=1)
    member = services.accept_invitation(user=None, code=batch.codes[0])
    login(english, official)
    q = {x.kind: x for x in consultation.questions.all()}
    response = english.post(
        f"/wijkpanel/raadpleging/{consultation.pk}/papier/",
        {"member_number": member.number, "channel": "paper", f"q{q['single'].pk}": "0", f"q{q['text'].pk}": "=SUM(A1)"},
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.channel == "paper" and saved.entered_by == official
    page = english.get(f"/wijkpanel/raadpleging/{consultation.pk}/resultaten/").content.decode()
    assert "Share of the answers per option" in page and "<svg" in page
    assert "self-selection" in page
    csv = english.get(f"/wijkpanel/raadpleging/{consultation.pk}/open-antwoorden.csv").content.decode()
    assert "'=SUM(A1)" in csv


@pytest.mark.parametrize("logged_in", [False, True])
def test_open_answers_not_public(english, official, panel, resident, logged_in):
    consultation = make_consultation(official, panel)
    services.join_panel(user=resident, panel=panel)
    services.submit_response(
        user=resident, consultation=consultation, answers=answers_for(consultation, text="Call Jan on 0612345678")
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - 10 * DAY, closes_at=timezone.now() - DAY
    )
    if logged_in:
        login(english, resident)
    page = english.get(f"/wijkpanel/raadpleging/{consultation.pk}/resultaten/").content.decode()
    assert "0612345678" not in page and "Open answers are read by the area team" in page
