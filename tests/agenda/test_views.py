import pytest
from django.urls import reverse

from samenspel.agenda import services
from samenspel.agenda.models import ActionItem, AgendaItem, ItemStatus, NeighbourhoodAgenda, ProgrammeLine

from .conftest import days, login, scope


def _page(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert ' style="' not in html and "<style" not in html  # the Content-Security-Policy forbids them
    return html


@pytest.fixture
def item(agenda, resident):
    return services.propose_item(
        user=resident, agenda=agenda, title="Bankjes in het park", origin="other", description="Meer *bankjes*."
    )


# --- Public pages ----------------------------------------------------------------------------------


def test_index_and_municipality_pages(english, agenda, municipality):
    html = _page(english.get(reverse("agenda:index")))
    assert agenda.title in html and "Groningen" in html
    html = _page(english.get(reverse("agenda:municipality", args=[municipality.slug])))
    assert agenda.get_absolute_url() in html
    assert english.get(reverse("agenda:municipality", args=["nowhere"])).status_code == 404


def test_index_offers_staff_to_start_an_agenda(english, official, wijk):
    assert "Draw up a new agenda" not in _page(english.get(reverse("agenda:index")))
    login(english, official)
    assert "Draw up a new agenda" in _page(english.get(reverse("agenda:index")))


def test_agenda_page_without_agreement(english, agenda, item, dna_weakness):
    html = _page(english.get(agenda.get_absolute_url()))
    assert "There is no agreement in force for Oosterparkwijk yet" in html
    assert "Bankjes in het park" in html and "From the neighbourhood" in html
    assert "Jongeren hebben" in html  # a DNA point not on the agenda yet
    assert "Put on the neighbourhood agenda" not in html  # anonymous visitors cannot


def test_agenda_page_groups_items_and_shows_the_decision(english, agenda, worked_out, official, make_agreement):
    version = make_agreement(("Wijkbudget", 3, False))
    top = services.propose_item(
        user=official, agenda=agenda, title="Riolering vervangen", origin="municipality", origin_side="top_down"
    )
    adopted = worked_out(title="Speeltuin", scope_item=scope(version, "Wijkbudget"))
    from samenspel.accounts.models import User

    sanne = User.objects.get(display_name="Sanne de Vries")
    services.adopt_item(user=sanne, item=adopted, reason="Kinderen hebben ruimte nodig.")
    services.add_action(user=official, item=adopted, title="Offerte", owner_side="gemeente", due_date=days(-2))
    html = _page(english.get(agenda.get_absolute_url()))
    assert "agreement for Oosterparkwijk</a> (version 1) is in force" in html
    assert html.index('id="status-proposed"') < html.index('id="status-adopted"')
    assert "From the municipality" in html and top.title in html
    assert "Type 2: the neighbourhood owns this; the municipality or a partner contributes" in html
    assert "Kinderen hebben ruimte nodig." in html and "Sanne de Vries" in html
    assert f"{version.get_absolute_url()}#item-{adopted.scope_item_id}" in html
    assert "1 late" in html


def test_item_page(english, item, agenda, dna_weakness, resident, official):
    html = _page(english.get(item.get_absolute_url()))
    assert "<em>bankjes</em>" in html and "Not decided yet." in html and "No actions yet." in html
    promoted = services.promote_dna_item(user=resident, dna_item=dna_weakness, agenda=agenda)
    html = _page(english.get(promoted.get_absolute_url()))
    assert reverse("places:dna_item", args=[dna_weakness.pk]) in html
    services.work_out(user=official, item=promoted, description="Een jongerenplek bij het buurthuis.")
    services.adopt_item(user=official, item=promoted)
    services.add_action(
        user=official,
        item=promoted,
        title="Plek zoeken",
        owner_side="wijk",
        owner_name="jongerenwerk",
        due_date=days(-1),
    )
    html = _page(english.get(promoted.get_absolute_url()))
    assert "Plek zoeken" in html and '<strong class="late">late</strong>' in html
    assert "Record the decision" not in html  # already adopted, and anonymous


def test_programme_page_shows_lines_and_total(english, worked_out, official, wijk):
    first = services.adopt_item(user=official, item=worked_out(title="Speeltuin"))
    second = services.adopt_item(user=official, item=worked_out(title="Bankjes"))
    third = services.adopt_item(user=official, item=worked_out(title="Jongerenplek"))
    programme = services.programme_for(user=official, place=wijk, year=2027)
    services.take_up_in_programme(
        user=official, item=first, programme=programme, description="Nieuwe toestellen", budget_cents=2_500_000
    )
    services.take_up_in_programme(
        user=official, item=second, programme=programme, description="Acht bankjes", budget_cents=1_234_56
    )
    services.leave_out_of_programme(user=official, item=third, reason="Eerst een plek vinden.")
    html = _page(english.get(programme.get_absolute_url()))
    assert "Nieuwe toestellen" in html and "Acht bankjes" in html
    assert "26,234.56" in html  # the total
    assert "Eerst een plek vinden." in html


# --- Permissions -----------------------------------------------------------------------------------


def test_forms_need_login_and_the_right_role(client, agenda, item, resident, outsider, official):
    urls = [
        reverse("agenda:agenda_new") + f"?plaats={agenda.place_id}",
        reverse("agenda:item_new", args=[agenda.pk]),
        reverse("agenda:item_work_out", args=[item.pk]),
        reverse("agenda:item_decide", args=[item.pk]),
        reverse("agenda:item_programme", args=[item.pk]),
        reverse("agenda:action_new", args=[item.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/account/" in response["Location"], url
    login(client, outsider)
    for url in urls:
        assert client.get(url).status_code == 403, url
    login(client, resident)
    assert client.get(urls[1]).status_code == 200
    for url in urls[:1] + urls[2:]:
        assert client.get(url).status_code == 403, url
    login(client, official)
    for url in urls:
        assert client.get(url).status_code in (200, 302), url


def test_posts_are_refused_to_outsiders(client, agenda, item, outsider, dna_weakness, official):
    login(client, outsider)
    assert client.post(reverse("agenda:promote_dna", args=[agenda.pk, dna_weakness.pk])).status_code == 403
    assert client.post(reverse("agenda:agenda_status", args=[agenda.pk]), {"status": "closed"}).status_code == 403
    assert client.post(reverse("agenda:item_done", args=[item.pk])).status_code == 403
    services.work_out(user=official, item=item, description="x")
    services.adopt_item(user=official, item=item)
    action = services.add_action(user=official, item=item, title="x", owner_side="wijk", due_date=days(3))
    assert client.post(reverse("agenda:action_status", args=[action.pk]), {"status": "done"}).status_code == 403
    assert client.get(reverse("agenda:promote_dna", args=[agenda.pk, dna_weakness.pk])).status_code in (403, 405)
    agenda.refresh_from_db()
    action.refresh_from_db()
    assert agenda.status == "draft" and action.status == "open" and item.agenda.items.count() == 1


# --- Forms -----------------------------------------------------------------------------------------


def test_create_agenda_through_the_form(english, official, wijk):
    login(english, official)
    url = reverse("agenda:agenda_new")
    bad = {"plaats": wijk.pk, "title": "Wijkagenda 2027", "period_start": "2027-12-31", "period_end": "2027-01-01"}
    html = _page(english.post(url, bad))
    assert "The end date lies before the start date." in html and 'value="Wijkagenda 2027"' in html
    assert not NeighbourhoodAgenda.objects.exists()
    good = {**bad, "period_start": "2027-01-01", "period_end": "2027-12-31"}
    response = english.post(url, good)
    agenda = NeighbourhoodAgenda.objects.get()
    assert response.status_code == 302 and response["Location"] == agenda.get_absolute_url()


def test_municipality_is_not_a_place_for_an_agenda(client, official, municipality):
    login(client, official)
    assert client.get(reverse("agenda:agenda_new") + f"?plaats={municipality.pk}").status_code == 404


def test_resident_proposes_through_the_form(english, agenda, resident):
    login(english, resident)
    url = reverse("agenda:item_new", args=[agenda.pk])
    html = _page(english.get(url))
    assert 'name="origin_side"' not in html and 'value="municipality"' not in html
    bad = {"title": "", "description": "Een moestuin bij de school", "origin": "other"}
    html = _page(english.post(url, bad))
    assert "Een moestuin bij de school" in html
    assert not AgendaItem.objects.exists()
    response = english.post(url, {**bad, "title": "Moestuin", "origin_side": "top_down"})
    item = AgendaItem.objects.get()
    assert response.status_code == 302 and item.origin_side == "bottom_up" and item.proposed_by == resident


def test_staff_propose_top_down(english, agenda, official):
    login(english, official)
    url = reverse("agenda:item_new", args=[agenda.pk])
    data = {
        "title": "Riolering",
        "description": "Vervanging in 2027",
        "origin": "municipality",
        "origin_side": "top_down",
    }
    assert english.post(url, data).status_code == 302
    assert AgendaItem.objects.get().origin_side == "top_down"


def test_promote_dna_through_the_button(english, agenda, resident, dna_weakness):
    login(english, resident)
    html = _page(english.get(agenda.get_absolute_url()))
    assert reverse("agenda:promote_dna", args=[agenda.pk, dna_weakness.pk]) in html
    response = english.post(reverse("agenda:promote_dna", args=[agenda.pk, dna_weakness.pk]))
    item = AgendaItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    html = _page(english.get(agenda.get_absolute_url()))
    assert reverse("agenda:promote_dna", args=[agenda.pk, dna_weakness.pk]) not in html
    response = english.post(reverse("agenda:promote_dna", args=[agenda.pk, dna_weakness.pk]), follow=True)
    assert "already on the agenda" in response.content.decode() and AgendaItem.objects.count() == 1


def test_work_out_through_the_form(english, item, org_rep):
    login(english, org_rep)
    url = reverse("agenda:item_work_out", args=[item.pk])
    html = _page(english.post(url, {"title": "Bankjes", "description": "", "ownership": "1"}))
    assert "This field is required." in html
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED
    assert english.post(url, {"title": "Bankjes", "description": "Zes bankjes", "ownership": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.WORKED_OUT and item.ownership == 1


def test_decide_form_explains_and_refuses_the_wrong_party(english, worked_out, make_agreement, official, body_member):
    version = make_agreement(("Wijkbudget", 3, False), ("Groen en spelen", 2, False))
    item = worked_out(scope_item=scope(version, "Wijkbudget"))
    url = reverse("agenda:item_decide", args=[item.pk])
    login(english, official)
    html = _page(english.get(url))
    assert "According to the agreement for Oosterparkwijk, the Coöperatieve Wijkraad decides on “Wijkbudget”." in html
    assert "you cannot record this decision yourself" in html
    assert "Groen en spelen" in html and "decide together" in html
    data = {"decision": "adopt", "decided_on": days(0).isoformat(), "reason": "", "scope_item": item.scope_item_id}
    html = _page(english.post(url, data))
    assert "the Coöperatieve Wijkraad decides on" in html
    item.refresh_from_db()
    assert item.status == ItemStatus.WORKED_OUT

    login(english, body_member)
    html = _page(english.post(url, {**data, "decision": "reject"}))
    assert "Explain publicly why the item is not adopted." in html
    item.refresh_from_db()
    assert item.status == ItemStatus.WORKED_OUT
    response = english.post(url, {**data, "reason": "Goed plan."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.ADOPTED and item.decision_reason == "Goed plan."


def test_resident_cannot_reach_the_decision(client, worked_out, resident):
    item = worked_out()
    login(client, resident)
    assert client.post(reverse("agenda:item_decide", args=[item.pk]), {"decision": "adopt"}).status_code == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.WORKED_OUT


def test_programme_forms(english, worked_out, official):
    item = services.adopt_item(user=official, item=worked_out())
    login(english, official)
    url = reverse("agenda:item_programme", args=[item.pk])
    _page(english.get(url))
    html = _page(
        english.post(url, {"step": "take_up", "up-year": "2027", "up-description": "", "up-budget_euros": "x"})
    )
    assert "This field is required." in html and not ProgrammeLine.objects.exists()
    response = english.post(
        url, {"step": "take_up", "up-year": "2027", "up-description": "Toestellen", "up-budget_euros": "12500.50"}
    )
    line = ProgrammeLine.objects.get()
    assert response.status_code == 302 and response["Location"] == line.programme.get_absolute_url()
    assert line.budget_cents == 1_250_050 and line.programme.year == 2027


def test_leave_out_form(english, worked_out, official):
    item = services.adopt_item(user=official, item=worked_out())
    login(english, official)
    url = reverse("agenda:item_programme", args=[item.pk])
    html = _page(english.post(url, {"step": "leave_out", "out-reason": ""}))
    assert "This field is required." in html
    item.refresh_from_db()
    assert item.status == ItemStatus.ADOPTED
    assert english.post(url, {"step": "leave_out", "out-reason": "Volgend jaar."}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_IN_PROGRAMME and item.programme_reason == "Volgend jaar."
    assert "Volgend jaar." in _page(english.get(item.get_absolute_url()))


def test_programme_form_redirects_for_an_item_not_adopted(client, item, official):
    login(client, official)
    response = client.get(reverse("agenda:item_programme", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()


def test_actions_through_the_forms(english, worked_out, official):
    item = services.adopt_item(user=official, item=worked_out())
    login(english, official)
    url = reverse("agenda:action_new", args=[item.pk])
    html = _page(english.post(url, {"title": "Offerte", "owner_side": "gemeente", "due_date": ""}))
    assert 'value="Offerte"' in html and not ActionItem.objects.exists()
    data = {"title": "Offerte", "owner_side": "gemeente", "owner_name": "gebiedsteam", "due_date": "2020-01-01"}
    assert english.post(url, data).status_code == 302
    action = ActionItem.objects.get()
    assert action.agenda_item == item and action.is_late
    assert "late" in _page(english.get(item.get_absolute_url()))
    response = english.post(reverse("agenda:action_status", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302 and response["Location"].endswith("#actions")
    action.refresh_from_db()
    assert action.status == "done" and not action.is_late
    english.post(reverse("agenda:action_status", args=[action.pk]), {"status": "bogus"})
    action.refresh_from_db()
    assert action.status == "done"


def test_mark_done_and_agenda_status(english, worked_out, official, agenda):
    item = services.adopt_item(user=official, item=worked_out())
    login(english, official)
    assert english.post(reverse("agenda:item_done", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    english.post(reverse("agenda:item_done", args=[item.pk]))  # again: refused with a message, nothing breaks
    assert english.post(reverse("agenda:agenda_status", args=[agenda.pk]), {"status": "adopted"}).status_code == 302
    agenda.refresh_from_db()
    assert agenda.status == "adopted"


def test_agreement_actions_are_not_reachable_here(client, make_agreement, official):
    version = make_agreement(("Wijkbudget", 3, False))
    login(client, official)
    action = version.actions.first()
    assert client.post(reverse("agenda:action_status", args=[action.pk]), {"status": "done"}).status_code == 404
