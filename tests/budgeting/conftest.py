"""Shared fixtures for the budgeting tests: a budget for Oosterparkwijk, a round in each phase,
projects on the ballot, and two officials (paper ballots need two different people)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.budgeting.models import BallotType, Budget, Project, ProjectStatus, Round


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def login(client, user):
    client.force_login(user)
    session = client.session
    session["two_factor_ok"] = True  # these tests are not about two-step login
    session.save()
    return client


@pytest.fixture
def official(make_user, wijk):
    return make_user(Role.AREA_OFFICIAL, wijk, display_name="Fatima Official")


@pytest.fixture
def second_official(make_user, wijk):
    return make_user(Role.AREA_OFFICIAL, wijk, display_name="Gert Official")


@pytest.fixture
def resident(make_user, wijk):
    return make_user(Role.RESIDENT, wijk, display_name="Rik Resident")


@pytest.fixture
def budget(wijk):
    return Budget.objects.create(
        place=wijk,
        title="Wijkbudget Oosterpark 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=20_000_000,
    )


def make_round(budget, phase="voting", **extra):
    """A round whose dates put it in `phase` now (ideas, review, support or voting)."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    offsets = {  # ideas, review, support, voting opens, voting closes (days from now)
        "ideas": (-1, 10, 20, 30, 40),
        "review": (-10, -1, 20, 30, 40),
        "support": (-20, -10, -1, 30, 40),
        "voting": (-30, -20, -10, -1, 10),
        "closed": (-40, -30, -20, -10, -1),
    }[phase]
    fields = {
        "budget": budget,
        "title": "Oosterpark beslist 2026",
        "amount_cents": 10_000_000,
        "ideas_opens": now + offsets[0] * day,
        "review_opens": now + offsets[1] * day,
        "support_opens": now + offsets[2] * day,
        "voting_opens": now + offsets[3] * day,
        "voting_closes": now + offsets[4] * day,
        "ballot_type": BallotType.APPROVAL,
        "min_projects": 1,
        "max_projects": 3,
    }
    fields.update(extra)
    return Round.objects.create(**fields)


@pytest.fixture
def voting_round(budget):
    return make_round(budget, "voting")


@pytest.fixture
def projects(voting_round):
    """Four projects on the ballot: €40k, €30k, €20k and €10k."""
    costs = [4_000_000, 3_000_000, 2_000_000, 1_000_000]
    names = ["Speeltuin Oosterpark", "Bankjes langs het Damsterdiep", "Buurtmoestuin", "Straatfeest"]
    return [
        Project.objects.create(
            round=voting_round,
            number=i + 1,
            title=name,
            summary=f"{name}: een plan van bewoners.",
            cost_cents=cost,
            status=ProjectStatus.ON_BALLOT,
        )
        for i, (name, cost) in enumerate(zip(names, costs, strict=True))
    ]
