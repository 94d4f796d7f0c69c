"""The demo's open budget and right to challenge."""

import io

import pytest
from django.core.management import call_command

from samenspel.core.audit import verify
from samenspel.demo import finance_demo
from samenspel.finance.models import (
    BudgetLine,
    Challenge,
    ChallengeOffer,
    ChallengeStatus,
    CommunityAsset,
    DecidedBy,
    Expenditure,
    LineQuestion,
)


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert finance_demo.load() == 0  # loaded once, by load_demo
    return int(out.getvalue().split(" participatory budget rounds, ")[1].split(" ")[0])


def test_the_demo_budget(demo, client):
    assert demo == BudgetLine.objects.count() > 90
    wijkbudget = BudgetLine.objects.filter(description__startswith="Wijkbudget Oosterparkwijk").order_by("-year")
    assert wijkbudget.count() == 3
    current = wijkbudget.first()
    assert current.planned_cents == 20_000_000
    assert current.decided_by == DecidedBy.NEIGHBOURHOOD and current.scope_item is not None
    assert Expenditure.objects.filter(decision__isnull=False).count() >= 3
    assert Expenditure.objects.filter(support_request__isnull=False).exists()
    years = set(BudgetLine.objects.values_list("year", flat=True))
    assert len(years) == 3
    assert BudgetLine.objects.filter(place=None).exists()
    assert client.get("/open-begroting/groningen/oosterparkwijk/").status_code == 200


def test_the_demo_challenge_offer_assets_and_questions(demo):
    park = Challenge.objects.get(title__contains="wijkpark")
    assert park.status == ChallengeStatus.CARRIED_OUT and park.organisation.kind == "collectief"
    assert park.agreement.line.planned_cents == 1_800_000
    assert park.agreement.source_line.transfers_out.exists()
    offer = ChallengeOffer.objects.get()
    assert offer.bids.count() == 1
    assert CommunityAsset.objects.filter(status="bidding").exists()
    assert CommunityAsset.objects.filter(status="nominated").exists()
    assert LineQuestion.objects.filter(status="answered").exists()
    assert LineQuestion.objects.filter(status="open").exists()
    assert verify().ok


def test_the_demo_loads_once(demo):
    count = BudgetLine.objects.count()
    assert finance_demo.load() == 0
    assert BudgetLine.objects.count() == count
