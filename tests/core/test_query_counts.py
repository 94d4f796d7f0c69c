"""No public page's number of database queries grows with the number of rows it shows: each
page is requested with 5 rows and with 25, and the query counts must be equal (an N+1 query
shows up as 20 extra). The cache is emptied before each counted request, so a cached page
cannot hide a query; a first, uncounted request warms what Django keeps per process."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenspel.accounts.models import Organisation, User
from samenspel.places.models import DnaItem, DnaKind, Place, PlaceKind

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()


def count_queries(client, url: str) -> int:
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


_users = {"n": 0}


def person() -> User:
    _users["n"] += 1
    return User.objects.create_user(f"qc{_users['n']}@example.org", "correct horse battery", display_name="Bewoner")


# --- one builder per page: add `n` more rows, return the page's address -----------------------


def place_page(world, n):
    wijk = world["wijk"]
    for i in range(n):
        k = world.setdefault("buurt_n", [0])
        k[0] += 1
        Place.objects.create(kind=PlaceKind.BUURT, name=f"Buurt {k[0]}", slug=f"buurt-{k[0]}", parent=wijk)
        Place.objects.create(
            kind=PlaceKind.WIJK,
            name=f"Wijk {k[0]}",
            slug=f"wijk-{k[0]}",
            parent=world["municipality"],
            boundary={"type": "Polygon", "coordinates": [[[6.5, 53.2], [6.6, 53.2], [6.6, 53.3], [6.5, 53.2]]]},
        )
        DnaItem.objects.create(place=wijk, kind=DnaKind.values[i % len(DnaKind.values)], text="Sterk", author=person())
    return wijk.get_absolute_url()


def _ideas(world, n):
    from samenspel.initiatives.models import Comment, Idea, Support

    ideas = []
    for _i in range(n):
        author = person()
        idea = Idea.objects.create(place=world["wijk"], title="Bankjes", description="Meer bankjes", author=author)
        Support.objects.create(idea=idea, user=person())
        Comment.objects.create(idea=idea, author=author, text="Goed plan")
        ideas.append(idea)
    return ideas


def idea_list(world, n):
    _ideas(world, n)
    return f"/ideeen/?wijk={world['wijk'].pk}&status=intake&kind=idea&q=bank"


def idea_page(world, n):
    from samenspel.initiatives.models import CaseEvent, Comment, HelpOffer, Idea

    idea = world.get("idea") or Idea.objects.create(
        place=world["wijk"], title="Een moestuin", description="Samen tuinieren", author=person()
    )
    world["idea"] = idea
    for _i in range(n):
        helper = person()
        Comment.objects.create(idea=idea, author=helper, text="Ik help mee")
        HelpOffer.objects.create(idea=idea, user=helper, role="doer")
        CaseEvent.objects.create(idea=idea, from_status="intake", to_status="in_conversation", note="Gebeld", by=helper)
    return idea.get_absolute_url()


def agenda_page(world, n):
    from samenspel.agenda.models import AgendaItem, NeighbourhoodAgenda

    agenda = world.get("agenda") or NeighbourhoodAgenda.objects.create(
        place=world["wijk"],
        title="Wijkagenda",
        period_start=TODAY,
        period_end=TODAY + datetime.timedelta(days=365),
        status="adopted",
    )
    world["agenda"] = agenda
    for i in range(n):
        AgendaItem.objects.create(
            agenda=agenda,
            title=f"Punt {i}",
            origin="municipality",
            origin_side="top_down",
            status="adopted",
            proposed_by=person(),
        )
    return f"/wijkagenda/{agenda.pk}/"


def decisions_list(world, n):
    from samenspel.decisions.models import Decision

    for i in range(n):
        Decision.objects.create(
            place=world["wijk"],
            decider_kind="wijk_body",
            body=world["body"],
            title=f"Besluit {i}",
            outcome="adopted",
            rationale="Omdat het goed is",
            decided_on=TODAY,
            recorded_as_advice=True,
            recorded_by=person(),
        )
    return "/besluiten/"


def budget_results(world, n):
    from samenspel.budgeting import services
    from samenspel.budgeting.models import Ballot, Budget, Project, ProjectStatus, Round

    budget = Budget.objects.create(
        place=world["wijk"],
        title="Wijkbudget",
        period_start=TODAY - datetime.timedelta(days=400),
        period_end=TODAY + datetime.timedelta(days=30),
        amount_cents=100_000_000,
    )
    day = datetime.timedelta(days=1)
    round_ = Round.objects.create(
        budget=budget,
        title="De wijk beslist",
        amount_cents=50_000_000,
        ideas_opens=NOW - 60 * day,
        review_opens=NOW - 40 * day,
        voting_opens=NOW - 20 * day,
        voting_closes=NOW - day,
        max_projects=5,
    )
    projects = [
        Project.objects.create(
            round=round_,
            number=i + 1,
            title=f"Project {i}",
            summary="Een plan",
            cost_cents=1_000_000 * (i + 1),
            status=ProjectStatus.ON_BALLOT,
            area=world["wijk"],
            submitted_by=person(),
        )
        for i in range(world.setdefault("projects", 0) + n)
    ]
    world["projects"] += n
    for i, project in enumerate(projects):
        Ballot.objects.create(id=i + 1 + 1000 * n, round=round_, channel="code", choices={str(project.pk): 1})
    services.publish_result(user=world["admin"], round=round_)
    return f"/begroten/ronde/{round_.pk}/uitslag/"


def open_budget(world, n):
    from samenspel.finance.models import BudgetLine, Taakveld

    taakvelden = list(Taakveld.objects.order_by("code")[:30])
    for i in range(n):
        BudgetLine.objects.create(
            municipality=world["municipality"],
            year=TODAY.year,
            place=world["wijk"] if i % 2 else None,
            taakveld=taakvelden[(world.setdefault("lines", 0) + i) % len(taakvelden)],
            description=f"Regel {i}",
            planned_cents=100_000 * (i + 1),
        )
    world["lines"] += n
    return f"/open-begroting/{world['municipality'].slug}/"


def challenges(world, n):
    from samenspel.finance.models import Challenge, ChallengeStatus

    for i in range(n):
        Challenge.objects.create(
            municipality=world["municipality"],
            place=world["wijk"],
            organisation=world["body"],
            submitted_by=person(),
            title=f"Uitdaging {i}",
            task="Het groen onderhouden",
            why_better="Wij wonen er",
            involvement="Veel",
            support_description="Iedereen",
            cost_estimate_cents=1_000_000,
            cost_explanation="Uren",
            quality_continuity="Een rooster",
            status=ChallengeStatus.EVALUATED if i % 2 else ChallengeStatus.SUBMITTED,
            submitted_on=TODAY,
        )
    return f"/open-begroting/{world['municipality'].slug}/uitdaagrecht/"


def panel_results(world, n):
    from samenspel.panel.models import Answer, Consultation, Panel, PanelMember, Question, Response

    panel = world.get("panel") or Panel.objects.create(place=world["wijk"], title="Wijkpanel")
    world["panel"] = panel
    consultation = world.get("consultation") or Consultation.objects.create(
        place=world["wijk"],
        panel=panel,
        title="Groen",
        opens_at=NOW - datetime.timedelta(days=20),
        closes_at=NOW - datetime.timedelta(days=1),
    )
    world["consultation"] = consultation
    start = PanelMember.objects.filter(panel=panel).count()
    questions = [
        Question.objects.create(
            consultation=consultation, order=start + i, kind="single", text=f"Vraag {i}", options=["Ja", "Nee"]
        )
        for i in range(n)
    ]
    for i in range(n):
        member = PanelMember.objects.create(
            panel=panel, number=start + i + 1, joined_via="signup", consent_at=NOW, age_band="25-44", gender="woman"
        )
        response = Response.objects.create(
            consultation=consultation, member=member, profile=member.profile(), submitted_at=NOW, updated_at=NOW
        )
        for q in questions:
            Answer.objects.create(response=response, question=q, choices=[i % 2])
    return f"/wijkpanel/raadpleging/{consultation.pk}/resultaten/"


def conversation_page(world, n):
    from samenspel.deliberation.models import Conversation, Participant, Statement, StatementVote

    conversation = world.get("conversation") or Conversation.objects.create(
        place=world["wijk"], title="Het park", question="Wat vindt u van het park?", allow_anonymous=True
    )
    world["conversation"] = conversation
    for i in range(n):
        k = world.setdefault("statement_n", [0])
        k[0] += 1
        text = f"Het park heeft meer bankjes nodig, nummer {k[0]}."
        statement = Statement.objects.create(
            conversation=conversation, text=text, normalised=text.lower(), status="published", author=person()
        )
        participant = Participant.objects.create(conversation=conversation, browser_key=f"key{k[0]}")
        StatementVote.objects.create(statement=statement, participant=participant, vote=1 if i % 2 else -1)
    return conversation.get_absolute_url()


def meeting_list(world, n):
    from samenspel.deliberation.models import Meeting

    for i in range(n):
        Meeting.objects.create(
            place=world["wijk"],
            organisation=world["body"],
            kind="body_meeting",
            title=f"Vergadering {i}",
            starts_at=NOW + datetime.timedelta(days=i - n // 2),
            location_name="Buurthuis",
        )
    return "/gesprek/bijeenkomsten/"


PAGES = [
    place_page,
    idea_list,
    idea_page,
    agenda_page,
    decisions_list,
    budget_results,
    open_budget,
    challenges,
    panel_results,
    conversation_page,
    meeting_list,
]


@pytest.fixture
def world(municipality, wijk):
    body = Organisation.objects.create(name="Wijkraad", kind="wijkorgaan", place=wijk)
    admin = User.objects.create_superuser("qc-admin@example.org", "correct horse battery")
    return {"municipality": municipality, "wijk": wijk, "body": body, "admin": admin}


@pytest.mark.parametrize("build", PAGES, ids=[p.__name__ for p in PAGES])
def test_query_count_does_not_grow_with_rows(client, world, build):
    url = build(world, 5)
    five = count_queries(client, url)
    url = build(world, 20)
    twenty_five = count_queries(client, url)
    assert twenty_five == five, f"{url}: {five} queries with 5 rows, {twenty_five} with 25"
