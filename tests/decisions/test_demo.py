"""The decisions demo, on top of the demo municipality and its agreements."""

import io

import pytest
from django.core.management import call_command

from samenspel.accounts.models import Organisation, User
from samenspel.core import audit
from samenspel.decisions.models import AccountabilityReport, Advice, AdviceStatus, Decision, Objection
from samenspel.demo import decisions_demo
from samenspel.demo.content import ORGANISATIONS
from samenspel.initiatives.models import Idea
from samenspel.places.models import Place


def _inputs():
    users = {u.email: u for u in User.objects.all()}
    places = {p.cbs_code: p for p in Place.objects.exclude(cbs_code=None)}
    organisations = {key: Organisation.objects.get(name=name) for key, name, *_rest in ORGANISATIONS}
    return users, places, organisations


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return _inputs()


def test_decisions_demo(demo):
    """The loader ran the decisions demo after the initiatives demo."""
    users, places, organisations = demo
    cwr = Decision.objects.filter(body=organisations["cwr"])
    assert 4 <= cwr.count() <= 6
    assert cwr.filter(is_binding=True).count() >= 4
    advisory = cwr.get(recorded_as_advice=True)
    assert advisory.scope_item.title == "Verkeer en parkeren"
    assert cwr.exclude(minority_view="").exists()
    assert Decision.objects.filter(decider_kind="college", is_binding=True).exists()
    assert Objection.objects.get().status == "dismissed"
    assert Advice.objects.filter(status=AdviceStatus.ANSWERED).count() == 1
    assert Advice.objects.filter(status=AdviceStatus.SUBMITTED).count() == 2
    reports = AccountabilityReport.objects.filter(published_on__isnull=False)
    assert reports.filter(organisation=organisations["cwr"], audience="both").exists()
    assert reports.filter(idea__title=decisions_demo.FRIDGE).exists()
    assert audit.verify().ok
    assert decisions_demo.load(users, places, organisations) == 0  # once only


def test_demo_pages(demo, client):
    users, places, organisations = demo
    decisions_demo.load(users, places, organisations)
    from django.urls import reverse

    for url in [
        reverse("decisions:register"),
        reverse("decisions:advices"),
        reverse("decisions:reports"),
        *[d.get_absolute_url() for d in Decision.objects.all()],
        *[a.get_absolute_url() for a in Advice.objects.all()],
        *[r.get_absolute_url() for r in AccountabilityReport.objects.all()],
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1


def test_decisions_demo_after_the_initiatives_demo(demo):
    """In the order the loader runs them: the completed fridge idea gets its report."""
    fridge = Idea.objects.get(title=decisions_demo.FRIDGE)
    report = AccountabilityReport.objects.get(idea=fridge)
    assert report.published_on is not None and report.spent_cents == 81_240
    assert audit.verify().ok
