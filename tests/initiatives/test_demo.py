"""The demo ideas: credible, at every step of the case flow, built through the services."""

import pytest
from django.utils import timezone

from samenspel.accounts.models import Organisation, User
from samenspel.core import audit
from samenspel.core.models import AuditEntry
from samenspel.demo import initiatives_demo
from samenspel.demo.loader import load_demo
from samenspel.initiatives.models import CaseStatus, Idea, Obstacle, SupportOutcome, SupportRequest
from samenspel.places.models import Place


@pytest.fixture
def demo(db):
    report = load_demo()  # the loader runs initiatives_demo.load as part of the demo
    users = {u.email: u for u in User.objects.all()}
    places = {p.cbs_code: p for p in Place.objects.exclude(cbs_code=None)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    return report.ideas, (users, places, organisations)


def test_the_demo_covers_the_whole_flow(demo):
    count, (users, places, organisations) = demo
    assert 30 <= count <= 40
    statuses = set(Idea.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)  # every step of the flow, up to accounted for
    fridge = Idea.objects.get(title=initiatives_demo.COMPLETED_TITLE)
    assert fridge.status == CaseStatus.ACCOUNTED_FOR  # its report was published by the decisions demo
    assert Idea.objects.filter(status=CaseStatus.COMPLETED).exists()
    assert set(SupportRequest.objects.values_list("outcome", flat=True)) == set(SupportOutcome.values)
    today = timezone.localdate()
    assert SupportRequest.objects.filter(outcome="open", answer_due__lt=today).exists()
    assert SupportRequest.objects.filter(outcome="open", answer_due__gte=today).exists()
    assert Idea.objects.filter(status="intake", first_contact_due__lt=today).exists()
    assert Idea.objects.filter(status="intake", first_contact_due__gte=today).exists()
    officials = {users["fatima@gemeente-groningen.example"], users["henk@gemeente-westerkwartier.example"]}
    offline = Idea.objects.exclude(channel="online")
    assert {i.entered_by for i in offline} >= officials and all(i.author is None for i in offline)


def test_the_demo_obstacles(demo):
    obstacles = Obstacle.objects.all()
    assert 8 <= obstacles.count() <= 12
    assert obstacles.exclude(killer_phrase=None).values("killer_phrase").distinct().count() >= 8
    assert set(obstacles.values_list("status", flat=True)) == {"reported", "in_progress", "resolved", "not_solvable"}
    for obstacle in obstacles.exclude(resolved_on=None):
        assert obstacle.reported_on < obstacle.resolved_on <= timezone.localdate()
    assert obstacles.filter(escalated=True).exists()


def test_the_demo_is_real_and_loads_once(demo):
    count, args = demo
    # The budgeting demo proposes projects, each of which is an idea too.
    budget_ideas = {e.data["idea"] for e in AuditEntry.objects.filter(action="budgeting.project.submitted")}
    assert AuditEntry.objects.filter(action="initiatives.idea.submitted").count() == count + len(budget_ideas)
    assert audit.verify().ok
    assert initiatives_demo.load(*args) == 0
    assert Idea.objects.exclude(pk__in=budget_ideas).count() == count
