"""The panel demo, on top of the demo municipality (the loader will call it last; here by hand)."""

import time

import pytest
from django.utils import translation

from samenspel.accounts.models import Organisation, User
from samenspel.core import audit
from samenspel.demo import panel_demo
from samenspel.demo.content import ORGANISATIONS
from samenspel.demo.loader import load_demo
from samenspel.panel import results, services
from samenspel.panel.models import Consultation, JoinedVia, MemberStatus, Panel, PanelMember
from samenspel.places.models import Place


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    users = {u.email: u for u in User.objects.all()}
    places = {p.cbs_code: p for p in Place.objects.exclude(cbs_code=None)}
    names = {name: key for key, name, *_rest in ORGANISATIONS}
    organisations = {names[o.name]: o for o in Organisation.objects.all() if o.name in names}
    started = time.perf_counter()
    count = panel_demo.load(users, places, organisations)
    return count, time.perf_counter() - started, (users, places, organisations)


def test_panel_demo(demo, client):
    count, seconds, args = demo
    assert count in (0, 2)
    if count:
        print(f"panel demo loaded in {seconds:.1f} s")  # a figure for the report, not asserted
    panel = Panel.objects.get(place__cbs_code="WK001404")
    members = panel.members.all()
    assert 390 <= members.count() <= 410
    assert members.filter(user=None).count() > 350  # mostly people without an account
    assert members.filter(joined_via=JoinedVia.SIGNUP).exclude(user=None).count() == 3
    assert members.filter(status=MemberStatus.INVITED).exists()
    assert members.filter(status=MemberStatus.PAUSED).exists()
    assert members.filter(status=MemberStatus.LEFT, consent_at=None).exists()
    # The demo code works: someone drawn by lot says yes.
    member = services.accept_invitation(user=None, code=panel_demo.DEMO_CODE)
    assert member.status == MemberStatus.ACTIVE and member.panel == panel

    finished = Consultation.objects.get(title="Het groen in het Oosterpark")
    assert finished.is_closed()
    assert {q.kind for q in finished.questions.all()} == {"single", "multiple", "scale", "ranking", "text"}
    assert finished.responses.filter(channel="paper").exists()
    res = results.consultation_results(finished)
    assert 150 <= res.responses <= 320
    assert res.weights is not None and res.weights.design_effect > 1.05
    by_dim = {d.margin.dimension: d for d in res.dimensions}
    assert set(by_dim) == {"age_band", "gender", "household"}
    assert "CBS" in by_dim["gender"].margin.source  # the real figures
    assert by_dim["age_band"].margin.source == panel_demo.DEMO_SOURCE  # invented ones, labelled
    with translation.override("en"):  # the category labels, checked in English
        age = {str(row.label): row for row in by_dim["age_band"].rows}
    assert age["16 to 24"].ratio < 0.8 and age["65 or older"].ratio > 1.25  # skewed response shows
    assert by_dim["age_band"].weighted_index > by_dim["age_band"].index
    # The weighted result differs visibly: safety in the evening (0–10) is rated lower by women.
    safety = next(q for q in res.questions if q.question.scale_min == 0)
    assert abs(safety.weighted_mean - safety.mean) > 0.1
    assert Consultation.objects.filter(closes_at__gt=finished.closes_at).get().responses.count() == 12

    # Pages render.
    assert client.get(f"/wijkpanel/raadpleging/{finished.pk}/resultaten/").status_code == 200
    assert client.get(f"/wijkpanel/{panel.pk}/").status_code == 200
    # Idempotent.
    assert panel_demo.load(*args) == 0
    assert PanelMember.objects.filter(panel=panel).count() == members.count()
    assert audit.verify().ok
