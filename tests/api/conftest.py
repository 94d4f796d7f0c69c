"""A small public world for the API tests: a municipality with two neighbourhoods and a buurt,
and in it something of every kind the API shows, each with a private or unpublished twin
that must never appear."""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from samenspel.accounts.models import Organisation, OrganisationKind, Role

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # rate limits live in the cache
    yield
    cache.clear()


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
def resident(make_user, wijk):
    return make_user(Role.RESIDENT, wijk, display_name="Rik Resident")


@pytest.fixture
def official(make_user, wijk):
    return make_user(Role.AREA_OFFICIAL, wijk, display_name="Fatima Official")


@pytest.fixture
def token_for():
    from samenspel.api import services

    def make(user, **kwargs):
        _token, raw = services.create_token(user=user, name="test", **kwargs)
        return raw

    return make


@pytest.fixture
def buurt(wijk):
    from samenspel.places.models import Place, PlaceKind

    return Place.objects.create(kind=PlaceKind.BUURT, name="Oosterpark-Noord", slug="oosterpark-noord", parent=wijk)


def make_idea(place, author, n=0, **extra):
    from samenspel.initiatives.models import Idea

    fields = {"title": f"Idee {n}", "description": "Een moestuin voor iedereen.", "author": author}
    fields.update(extra)
    return Idea.objects.create(place=place, **fields)


def make_agreement(place, n=0, status="active"):
    from samenspel.agreements.models import Agreement, AgreementVersion, ScopeItem, Trajectory

    trajectory = Trajectory.objects.create(place=place, title=f"Traject {place.name} {n}")
    agreement = Agreement.objects.create(trajectory=trajectory)
    version = AgreementVersion.objects.create(agreement=agreement, number=1, status=status, summary="Afspraken")
    ScopeItem.objects.create(version=version, title="Groen", level=3, order=1)
    ScopeItem.objects.create(version=version, title="Verkeer", level=1, order=2)
    return version


def make_agenda_item(place, n=0, idea=None):
    from samenspel.agenda.models import AgendaItem, NeighbourhoodAgenda

    agenda = NeighbourhoodAgenda.objects.filter(place=place).first() or NeighbourhoodAgenda.objects.create(
        place=place,
        title=f"Wijkagenda {place.name}",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    return AgendaItem.objects.create(
        agenda=agenda, title=f"Punt {n}", origin="municipality", origin_side="top_down", idea=idea
    )


def make_round(place, n=0, phase="voting", published=False):
    from samenspel.budgeting.models import Budget, Project, ProjectStatus, Round

    budget = Budget.objects.filter(place=place).first() or Budget.objects.create(
        place=place,
        title=f"Wijkbudget {place.name}",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=20_000_000,
    )
    now = timezone.now()
    offsets = {"voting": (-30, -20, -1, 10), "closed": (-40, -30, -10, -1)}[phase]
    round_ = Round.objects.create(
        budget=budget,
        title=f"Ronde {n}",
        amount_cents=5_000_000,
        ideas_opens=now + offsets[0] * DAY,
        review_opens=now + offsets[1] * DAY,
        voting_opens=now + offsets[2] * DAY,
        voting_closes=now + offsets[3] * DAY,
        max_projects=2,
    )
    projects = [
        Project.objects.create(
            round=round_,
            number=i + 1,
            title=f"Project {i + 1}",
            summary="Een plan.",
            cost_cents=cost,
            status=ProjectStatus.ON_BALLOT,
        )
        for i, cost in enumerate([3_000_000, 2_000_000])
    ]
    if published:
        a, b = projects
        Round.objects.filter(pk=round_.pk).update(
            closed_at=now,
            result_published_at=now,
            result={
                "rule": "greedy",
                "budget": 5_000_000,
                "cost": 3_000_000,
                "projects": {
                    str(a.pk): {"votes": 7, "cost": 3_000_000, "selected": True, "order": 1},
                    str(b.pk): {"votes": 2, "cost": 2_000_000, "selected": False, "reason": "over_budget"},
                },
            },
        )
        Project.objects.filter(pk=a.pk).update(selected=True)
        Project.objects.filter(pk=b.pk).update(selected=False)
        round_.refresh_from_db()
    return round_, projects


def make_consultation(place, official, n=0, phase="closed"):
    from samenspel.panel import services
    from samenspel.panel.models import Consultation, QuestionKind

    now = timezone.now()
    consultation = services.create_consultation(
        user=official, place=place, title=f"Raadpleging {n}", opens_at=now + DAY, closes_at=now + 2 * DAY
    )
    services.add_question(
        user=official, consultation=consultation, kind=QuestionKind.SINGLE, text="Hoe vaak?", options=["Vaak", "Nooit"]
    )
    services.add_question(user=official, consultation=consultation, kind=QuestionKind.TEXT, text="Nog iets?")
    opens, closes = {"open": (-1, 10), "closed": (-10, -1)}[phase]
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=now + opens * DAY, closes_at=now + closes * DAY)
    consultation.refresh_from_db()
    return consultation


def answer(consultation, user, single=0, text="Mijn buurman Piet de Vries doet niets"):
    from samenspel.panel import services

    q = {x.kind: x for x in consultation.questions.all()}
    return services.submit_response(
        user=user, consultation=consultation, answers={q["single"].pk: single, q["text"].pk: text}
    )


def make_decision(place, n=0, body=None):
    from samenspel.decisions.models import Decision

    return Decision.objects.create(
        place=place,
        decider_kind="college",
        body=body,
        title=f"Besluit {n}",
        outcome="adopted",
        rationale="Omdat het kan.",
        decided_on=datetime.date(2026, 3, 1) + n * DAY,
    )


def make_advice(place, organisation, n=0):
    from samenspel.decisions.models import Advice

    return Advice.objects.create(
        place=place,
        organisation=organisation,
        addressee="college",
        subject=f"Advies {n}",
        text="Doe het.",
        on_behalf_of="De wijk",
        submitted_on=datetime.date(2026, 2, 1),
        response_due=datetime.date(2026, 3, 1),
    )


def make_report(place, organisation, n=0, published=True):
    from samenspel.decisions.models import AccountabilityReport

    return AccountabilityReport.objects.create(
        place=place,
        organisation=organisation,
        title=f"Verantwoording {n}",
        audience="wijk",
        formats=["story"],
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        published_on=datetime.date(2026, 2, 1) if published else None,
    )


def make_line(municipality, place, n=0):
    from samenspel.finance.models import BudgetLine, Expenditure, Taakveld

    line = BudgetLine.objects.create(
        municipality=municipality,
        year=2026,
        place=place,
        taakveld=Taakveld.objects.order_by("code").first(),
        description=f"Regel {n}",
        planned_cents=1_000_000,
    )
    Expenditure.objects.create(
        line=line,
        spent_on=datetime.date(2026, 4, 1),
        recipient_kind="foundation",
        recipient_name="Stichting Groen",
        purpose="Bomen",
        amount_cents=100_000,
    )
    return line


def make_challenge(municipality, place, organisation, n=0):
    from samenspel.finance.models import Challenge, ChallengeEvent

    challenge = Challenge.objects.create(
        municipality=municipality,
        place=place,
        organisation=organisation,
        title=f"Uitdaging {n}",
        task="Het groen",
        why_better="Wij wonen er",
        involvement="Veel",
        support_description="Breed",
        cost_estimate_cents=500_000,
        cost_explanation="Uren",
        quality_continuity="Een rooster",
        submitted_on=datetime.date(2026, 1, 10),
    )
    ChallengeEvent.objects.create(challenge=challenge, kind="submitted", happened_on=datetime.date(2026, 1, 10))
    return challenge


def make_conversation(place, official, n=0):
    from samenspel.deliberation.models import Conversation, Statement
    from samenspel.deliberation.services import normalise_statement

    conversation = Conversation.objects.create(
        place=place, title=f"Gesprek {n}", question="Wat vindt u?", created_by=official
    )
    published, pending = (
        Statement.objects.create(
            conversation=conversation, text=text, normalised=normalise_statement(text), status=status
        )
        for text, status in ((f"Meer bomen {n}", "published"), (f"Geheim {n}", "pending"))
    )
    return conversation, published, pending


def make_debate(place, user, n=1):
    from samenspel.deliberation.models import Argument, Debate

    debate = Debate.objects.create(place=place, title=f"Debat {n}", proposal="Een hondenlosloopveld.", created_by=user)
    Argument.objects.create(debate=debate, side="for", text=f"Ruimte voor honden {n}", author=user)
    Argument.objects.create(debate=debate, side="against", text=f"Te dicht bij de speeltuin {n}", author=user)
    Argument.objects.create(
        debate=debate, side="against", text="Verborgen scheldwoord", author=user, is_hidden=True, hidden_reason="x"
    )
    return debate


def make_meeting(place, user, n=1, *, public=True, organisation=None, days=7):
    from samenspel.deliberation.models import Meeting, MeetingAgendaItem

    meeting = Meeting.objects.create(
        place=place,
        organisation=organisation,
        kind="buurtbijeenkomst",
        title=f"Bijeenkomst {n}" if public else f"Besloten vergadering {n}",
        starts_at=timezone.now() + datetime.timedelta(days=days, minutes=n),
        location_name="Buurthuis",
        is_public=public,
        minutes="Notulen die nog niet openbaar zijn.",
        created_by=user,
    )
    MeetingAgendaItem.objects.create(meeting=meeting, order=2, title="Rondvraag")
    MeetingAgendaItem.objects.create(meeting=meeting, order=1, title="Opening", for_decision=False)
    return meeting


@pytest.fixture
def world(municipality, wijk, other_wijk, buurt, resident, official, make_user):
    """One of everything, public and private."""
    from samenspel.places.models import DataSource, IndicatorValue

    organisation = Organisation.objects.create(
        name="Wijkraad Oosterpark", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk
    )
    source = DataSource.objects.create(key="cbs-test", title="Kerncijfers", publisher="CBS", licence="CC BY 4.0")
    IndicatorValue.objects.create(place=wijk, indicator="inhabitants", year=2024, value=10000, source=source)
    IndicatorValue.objects.create(place=wijk, indicator="inhabitants", year=2023, value=9800, source=source)
    idea = make_idea(wijk, resident, 1)
    hidden = make_idea(wijk, resident, 2, title="Verborgen idee", is_hidden=True, hidden_reason="Scheldwoorden")
    other_idea = make_idea(other_wijk, resident, 3)
    version = make_agreement(wijk)
    item = make_agenda_item(wijk, 1, idea=hidden)
    open_round, open_projects = make_round(wijk, 1)
    done_round, done_projects = make_round(wijk, 2, phase="closed", published=True)
    closed_round, _p = make_round(other_wijk, 3, phase="closed")
    consultation = make_consultation(wijk, official, 1, phase="open")
    answer(consultation, resident)
    closed_consultation = make_consultation(wijk, official, 2, phase="open")
    answer(closed_consultation, resident)
    from samenspel.panel.models import Consultation

    Consultation.objects.filter(pk=closed_consultation.pk).update(closes_at=timezone.now() - DAY)
    closed_consultation.refresh_from_db()
    decision = make_decision(wijk, 1, body=organisation)
    advice = make_advice(wijk, organisation)
    report = make_report(wijk, organisation, 1)
    draft_report = make_report(wijk, organisation, 2, published=False)
    line = make_line(municipality, wijk)
    challenge = make_challenge(municipality, wijk, organisation)
    conversation, statement, pending = make_conversation(wijk, official)
    debate = make_debate(wijk, resident)
    meeting = make_meeting(wijk, official, organisation=organisation)
    private_meeting = make_meeting(wijk, official, 2, public=False, organisation=organisation)
    return SimpleNamespace(**locals())
