import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from samenspel.accounts.models import Organisation, OrganisationKind
from samenspel.agreements.models import Agreement, AgreementVersion, Trajectory, VersionStatus
from samenspel.budgeting.models import Budget, Project, Round
from samenspel.decisions.models import AccountabilityReport, Advice, Decision
from samenspel.finance.models import AgreementStatus, Challenge, ChallengeAgreement, ChallengeStatus

# The agreement in force of the decisions tests, made through the agreements' own services.
from tests.decisions.conftest import alderman, body, body_member, council_member, in_force, official  # noqa: F401

TODAY = datetime.date(2025, 6, 2)


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def organisation(wijk):
    return Organisation.objects.create(
        name="Bewonersorganisatie Oosterpark", kind=OrganisationKind.RESIDENT_ORGANISATION, place=wijk
    )


def make_decision(place, title="Bankjes in het Oosterpark", **extra):
    values = {
        "decider_kind": "college",
        "outcome": "adopted",
        "rationale": "Veel bewoners vroegen erom.",
        "decided_on": day(0),
        "options": ["Vier bankjes", "Geen bankjes"],
    }
    values.update(extra)
    return Decision.objects.create(place=place, title=title, **values)


def make_advice(place, organisation, subject="Advies over de speeltuin", **extra):
    values = {
        "addressee": "college",
        "text": "Vernieuw de speeltuin **voor de zomer**.",
        "on_behalf_of": "Gesprek met veertig buren.",
        "submitted_on": day(-10),
        "response_due": day(30),
    }
    values.update(extra)
    return Advice.objects.create(place=place, organisation=organisation, subject=subject, **values)


def make_report(place, organisation, title="Verantwoording buurtfeest 2024", published=True):
    return AccountabilityReport.objects.create(
        place=place,
        organisation=organisation,
        title=title,
        audience="both",
        formats=["story"],
        period_start=day(-200),
        period_end=day(-20),
        story="Het buurtfeest trok 300 bezoekers.",
        key_figures=[{"label": "bezoekers", "value": "300"}],
        income_cents=150_000,
        spent_cents=140_000,
        published_on=day(-5) if published else None,
    )


def make_version(place, title="Wijkdemocratie Oosterpark", status=VersionStatus.ACTIVE, number=1, agreement=None):
    if agreement is None:
        trajectory = Trajectory.objects.create(place=place, title=title)
        agreement = Agreement.objects.create(trajectory=trajectory)
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        status=status,
        summary="De wijk beslist over het wijkbudget.",
        valid_from=day(-60) if status != VersionStatus.CONCEPT else None,
    )


def make_challenge_agreement(place, organisation, status=AgreementStatus.CONCLUDED, title="Bewoners beheren het park"):
    challenge = Challenge.objects.create(
        municipality=place.root,
        place=place,
        organisation=organisation,
        title=title,
        task="Maaien en snoeien.",
        why_better="Wij wonen er.",
        involvement="Oud-hoveniers.",
        support_description="Veertig buren.",
        cost_estimate_cents=1_800_000,
        cost_explanation="Twee krachten.",
        support_wanted="Afvoer van groenafval.",
        quality_continuity="Een onderhoudsplan.",
        status=ChallengeStatus.CARRIED_OUT if status != AgreementStatus.DRAFT else ChallengeStatus.APPROVED,
        submitted_on=day(-120),
    )
    return ChallengeAgreement.objects.create(
        challenge=challenge,
        tasks="Maaien, snoeien en zwerfvuil ruimen.",
        result="Een schoon en veilig park.",
        budget_cents=1_500_000,
        starts_on=day(-30),
        ends_on=day(700),
        progress_interval_days=90,
        status=status,
        concluded_on=day(-31) if status != AgreementStatus.DRAFT else None,
    )


def make_round(place, title="Oosterpark beslist", published=True):
    now = timezone.now()
    budget = Budget.objects.create(
        place=place, title="Wijkbudget", period_start=day(-100), period_end=day(265), amount_cents=10_000_000
    )
    round_ = Round.objects.create(
        budget=budget,
        title=title,
        amount_cents=10_000_000,
        ideas_opens=now - datetime.timedelta(days=90),
        review_opens=now - datetime.timedelta(days=60),
        voting_opens=now - datetime.timedelta(days=30),
        voting_closes=now - datetime.timedelta(days=2),
    )
    garden = Project.objects.create(
        round=round_, number=1, title="Buurtmoestuin", summary="Een moestuin.", cost_cents=850_000
    )
    party = Project.objects.create(
        round=round_, number=2, title="Zomerfeest", summary="Een feest.", cost_cents=9_900_000
    )
    if published:
        round_.result = {
            "rule": "greedy",
            "budget": 10_000_000,
            "cost": 850_000,
            "voters": 41,
            "projects": {
                str(garden.pk): {"cost": 850_000, "votes": 30, "selected": True},
                str(party.pk): {"cost": 9_900_000, "votes": 12, "selected": False},
            },
        }
        round_.result_published_at = now
        round_.save()
    return round_


@pytest.fixture
def records(wijk, organisation):
    """One published record of every kind."""
    return SimpleNamespace(
        afspraken=make_version(wijk),
        advies=make_advice(wijk, organisation),
        besluit=make_decision(wijk),
        verantwoording=make_report(wijk, organisation),
        uitdaagrecht=make_challenge_agreement(wijk, organisation),
        uitslag=make_round(wijk),
    )


TITLES = {
    "afspraken": "Wijkdemocratie Oosterpark",
    "advies": "Advies over de speeltuin",
    "besluit": "Bankjes in het Oosterpark",
    "verantwoording": "Verantwoording buurtfeest 2024",
    "uitdaagrecht": "Bewoners beheren het park",
    "uitslag": "Oosterpark beslist",
}
