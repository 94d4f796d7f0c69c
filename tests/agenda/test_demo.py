"""The agenda demo, loaded after the rest of the demo (the loader calls it; here by hand)."""

import pytest

from samenspel.accounts.models import Organisation, User
from samenspel.agenda.models import ActionItem, AgendaItem, AreaProgramme, ItemStatus, NeighbourhoodAgenda
from samenspel.agenda.services import late_actions
from samenspel.core import audit
from samenspel.demo import agenda_demo
from samenspel.demo.content import ORGANISATIONS
from samenspel.demo.loader import load_demo
from samenspel.places.models import Place


@pytest.fixture
def demo(db):
    load_demo()
    users = {u.email: u for u in User.objects.all()}
    places = {p.cbs_code: p for p in Place.objects.exclude(cbs_code=None)}
    names = {name: key for key, name, *_rest in ORGANISATIONS}
    organisations = {names[o.name]: o for o in Organisation.objects.all() if o.name in names}
    count = agenda_demo.load(users, places, organisations)
    return count, users, places, organisations


def test_agenda_demo(demo):
    count, users, places, organisations = demo
    assert count in (0, 5)  # 0 when the loader already called it
    for code in ("WK001404", "WK196911", "WK001412", "WK001410", "WK001406"):
        items = AgendaItem.objects.filter(agenda__place=places[code])
        assert 4 <= items.count() <= 7, code
        assert items.filter(origin_side="top_down").exists(), code
        assert items.filter(origin_side="bottom_up").exists(), code
    oosterpark = AgendaItem.objects.filter(agenda__place=places["WK001404"])
    assert oosterpark.exclude(dna_item=None).count() == 2
    by_sanne = oosterpark.filter(decided_by__startswith="Sanne de Vries")
    assert {i.scope_item.title for i in by_sanne} == {"Wijkbudget Oosterparkwijk", "Groen en spelen in de wijk"}
    assert oosterpark.filter(status=ItemStatus.NOT_IN_PROGRAMME).exclude(programme_reason="").count() == 1
    assert oosterpark.filter(status=ItemStatus.REJECTED).exclude(decision_reason="").exists()
    programme = AreaProgramme.objects.get(place=places["WK001404"])
    assert programme.lines.count() == 3 and all(line.budget_cents for line in programme.lines.all())
    assert late_actions(ActionItem.objects.filter(place=places["WK001404"])).exists()
    assert ActionItem.objects.filter(agenda_item__isnull=False, status="done").exists()
    # Lewenborg's agreement waits for the council: the area team adopted.
    assert AgendaItem.objects.get(title="Het Dok als huiskamer van de wijk").decided_by.startswith("Fatima Bakker")
    assert audit.verify().ok
    assert agenda_demo.load(users, places, organisations) == 0  # once only


def test_demo_pages_render(demo, client):
    _count, _users, places, _orgs = demo
    from django.urls import reverse

    assert client.get(reverse("agenda:index")).status_code == 200
    for agenda in NeighbourhoodAgenda.objects.all():
        assert client.get(agenda.get_absolute_url()).status_code == 200
    for item in AgendaItem.objects.all():
        assert client.get(item.get_absolute_url()).status_code == 200
    for programme in AreaProgramme.objects.all():
        assert client.get(programme.get_absolute_url()).status_code == 200
