"""Budgets, rounds, projects, support, the shortlist, the result and the realisation: every
rule and every refusal, through the services."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.agreements import services as agreements
from samenspel.agreements.models import ScopeItem, SignatureSide
from samenspel.budgeting import services, tally, voting
from samenspel.budgeting.models import (
    AreaCap,
    Ballot,
    BallotType,
    Budget,
    Project,
    ProjectStatus,
    ProjectSupport,
    RealisationStatus,
    Round,
    TallyRule,
    VoteChannel,
)
from samenspel.core.models import AuditEntry
from samenspel.decisions import mandate
from samenspel.initiatives.models import Idea
from samenspel.notifications.models import Follow, Notification
from samenspel.places.models import Place, PlaceKind
from tests.agreements.conftest import make_congruent

from .conftest import make_round

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    """Messages and notifications are checked in English, whatever translations exist."""
    with translation.override("en"):
        yield


def _dates(ideas=-1, review=10, support=20, opens=30, closes=40):
    now = timezone.now()
    return {
        "ideas_opens": now + ideas * DAY,
        "review_opens": now + review * DAY,
        "support_opens": None if support is None else now + support * DAY,
        "voting_opens": now + opens * DAY,
        "voting_closes": now + closes * DAY,
    }


def _round_fields(**extra):
    fields = {"title": "Oosterpark beslist", "amount_cents": 10_000_000, **_dates(support=None)}
    fields.update(extra)
    return fields


def _close(round_):
    """Voting time is over (the round's dates move into the past)."""
    Round.objects.filter(pk=round_.pk).update(voting_closes=timezone.now() - datetime.timedelta(minutes=1))
    round_.refresh_from_db()
    return round_


def _project(round_, title, cost, number, status=ProjectStatus.ON_BALLOT, **extra):
    return Project.objects.create(
        round=round_, title=title, summary=f"{title}.", cost_cents=cost, number=number, status=status, **extra
    )


# --- Euro amounts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("€ 12.500,50", 1_250_050),
        ("12500,50", 1_250_050),
        ("12.500", 1_250_000),
        ("12,500", 1_250_000),
        ("12500.50", 1_250_050),
        ("1.000.000", 100_000_000),
        ("€ 250,-", 25_000),
        ("EUR 3,5", 350),
        ("€\u00a0200.000", 20_000_000),
        ("0,99", 99),
        ("1,234.56", 123_456),
        (42, 4_200),
    ],
)
def test_parse_euros(text, cents):
    assert services.parse_euros(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "12,345,6", "1.2.3", "12.5.000", "12.", "-5", "12,5,0", "1,2345", "€"])
def test_parse_euros_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        services.parse_euros(text)


# --- Budgets -------------------------------------------------------------------------------


def _budget_fields(**extra):
    fields = {
        "title": "Wijkbudget 2027",
        "period_start": datetime.date(2027, 1, 1),
        "period_end": datetime.date(2027, 12, 31),
        "amount_cents": "€ 200.000",
    }
    fields.update(extra)
    return fields


def test_create_budget_in_cents_with_audit(official, wijk):
    budget = services.create_budget(user=official, place=wijk, **_budget_fields())
    assert budget.amount_cents == 20_000_000 and budget.created_by == official
    assert AuditEntry.objects.filter(action="budgeting.budget.created", object_id=str(budget.pk)).exists()


def test_only_staff_for_the_place_create_budgets(resident, wijk, other_wijk, make_user, municipality):
    with pytest.raises(PermissionDenied):
        services.create_budget(user=resident, place=wijk, **_budget_fields())
    elsewhere = make_user(Role.AREA_OFFICIAL, other_wijk)
    with pytest.raises(PermissionDenied):
        services.create_budget(user=elsewhere, place=wijk, **_budget_fields())
    administrator = make_user(Role.ADMINISTRATOR, other_wijk)
    assert services.create_budget(user=administrator, place=wijk, **_budget_fields()).place == wijk


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title": " "}, "title"),
        ({"period_end": datetime.date(2026, 1, 1)}, "period_end"),
        ({"amount_cents": "twee ton"}, "amount_cents"),
        ({"amount_cents": "0"}, "amount_cents"),
        ({"amount_cents": None}, "amount_cents"),
        ({"kind": "pot"}, "kind"),
    ],
)
def test_budget_validation(official, wijk, extra, field):
    with pytest.raises(ValidationError) as error:
        services.create_budget(user=official, place=wijk, **_budget_fields(**extra))
    assert field in error.value.message_dict
    assert not Budget.objects.exists()


def test_a_budget_belongs_to_a_neighbourhood(make_user, municipality):
    official = make_user(Role.AREA_OFFICIAL, municipality)
    with pytest.raises(ValidationError) as error:
        services.create_budget(user=official, place=municipality, **_budget_fields())
    assert "place" in error.value.message_dict


def test_budget_cannot_drop_below_its_rounds(official, budget):
    services.create_round(user=official, budget=budget, **_round_fields(amount_cents=15_000_000))
    with pytest.raises(ValidationError) as error:
        services.update_budget(user=official, budget=budget, **_budget_fields(amount_cents="100.000"))
    assert "amount_cents" in error.value.message_dict
    services.update_budget(user=official, budget=budget, **_budget_fields(amount_cents="150.000"))
    budget.refresh_from_db()
    assert budget.amount_cents == 15_000_000


# --- Rounds --------------------------------------------------------------------------------


def test_create_round(official, budget):
    round_ = services.create_round(user=official, budget=budget, **_round_fields(postcodes="9713 ab\n9714\n9713AB"))
    assert round_.amount_cents == 10_000_000 and round_.tally_rule == TallyRule.MES_ADD1
    assert round_.postcodes == "9713AB\n9714"
    assert AuditEntry.objects.filter(action="budgeting.round.created").exists()


def test_rounds_divide_at_most_what_the_budget_has_left(official, budget):
    services.create_round(user=official, budget=budget, **_round_fields(amount_cents=15_000_000))
    with pytest.raises(ValidationError) as error:
        services.create_round(user=official, budget=budget, **_round_fields(amount_cents=5_000_001))
    assert "amount_cents" in error.value.message_dict
    services.create_round(user=official, budget=budget, **_round_fields(amount_cents="€ 50.000"))
    assert budget.rounds.count() == 2


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"ideas": 5, "review": 1}, "review_opens"),
        ({"review": 10, "support": 5}, "support_opens"),
        ({"support": 35, "opens": 30}, "support_opens"),
        ({"support": None, "review": 10, "opens": 5}, "voting_opens"),
        ({"opens": 30, "closes": 30}, "voting_closes"),
    ],
)
def test_phases_in_order(official, budget, dates, field):
    with pytest.raises(ValidationError) as error:
        services.create_round(user=official, budget=budget, **_round_fields(**_dates(**dates)))
    assert field in error.value.message_dict
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ballot_type": BallotType.CUMULATIVE}, "points"),
        ({"ballot_type": BallotType.CUMULATIVE, "points": 5, "max_points_per_project": 6}, "max_points_per_project"),
        ({"ballot_type": BallotType.APPROVAL, "points": 5}, "points"),
        ({"ballot_type": BallotType.APPROVAL, "min_projects": 3, "max_projects": 2}, "max_projects"),
        ({"ballot_type": BallotType.APPROVAL, "min_projects": 0}, "min_projects"),
        ({"ballot_type": "ranking"}, "ballot_type"),
        ({"shortlist_size": 5}, "shortlist_size"),
        ({"tally_rule": "borda"}, "tally_rule"),
        ({"utility": "happiness"}, "utility"),
        ({"postcodes": "97130"}, "postcodes"),
        ({"min_age": 130}, "min_age"),
    ],
)
def test_ballot_settings_must_be_coherent(official, budget, extra, field):
    with pytest.raises(ValidationError) as error:
        services.create_round(user=official, budget=budget, **_round_fields(**extra))
    assert field in error.value.message_dict


def test_knapsack_ignores_a_maximum_and_cumulative_keeps_points(official, budget):
    knapsack = services.create_round(
        user=official, budget=budget, **_round_fields(ballot_type=BallotType.KNAPSACK, max_projects=3)
    )
    assert knapsack.max_projects is None
    cumulative = services.create_round(
        user=official,
        budget=budget,
        **_round_fields(ballot_type=BallotType.CUMULATIVE, points=10, max_points_per_project=4, amount_cents=1),
    )
    assert (cumulative.points, cumulative.max_points_per_project) == (10, 4)


def test_residents_cannot_create_rounds(resident, budget):
    with pytest.raises(PermissionDenied):
        services.create_round(user=resident, budget=budget, **_round_fields())


def test_once_voting_opened_the_ballot_is_fixed(official, budget):
    round_ = make_round(budget, "voting")
    with pytest.raises(ValidationError) as error:
        services.update_round(user=official, round=round_, max_projects=5)
    assert "max_projects" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.update_round(user=official, round=round_, tally_rule=TallyRule.GREEDY)
    changed = services.update_round(user=official, round=round_, title="Oosterpark kiest", description="Stem!")
    assert changed.title == "Oosterpark kiest"
    later = round_.voting_closes + DAY
    assert services.update_round(user=official, round=round_, voting_closes=later).voting_closes == later


def test_before_voting_everything_may_change(official, budget):
    round_ = make_round(budget, "ideas")
    changed = services.update_round(user=official, round=round_, max_projects=5, tally_rule=TallyRule.GREEDY)
    assert (changed.max_projects, changed.tally_rule) == (5, TallyRule.GREEDY)


def test_after_the_result_nothing_changes(official, budget):
    round_ = make_round(budget, "closed", result={"selected": []}, result_published_at=timezone.now())
    with pytest.raises(ValidationError):
        services.update_round(user=official, round=round_, title="Anders")


def test_area_caps(official, budget, wijk):
    buurt = Place.objects.create(kind=PlaceKind.BUURT, name="Oosterpark-Oost", slug="oost", parent=wijk)
    round_ = make_round(budget, "review", tally_rule=TallyRule.MES_ADD1)
    with pytest.raises(ValidationError) as error:
        services.set_area_cap(user=official, round=round_, area=buurt, cap_cents="50.000")
    assert "cap_cents" in error.value.message_dict  # caps work with greedy only
    services.update_round(user=official, round=round_, tally_rule=TallyRule.GREEDY)
    cap = services.set_area_cap(user=official, round=round_, area=buurt, cap_cents="50.000")
    assert cap.cap_cents == 5_000_000
    with pytest.raises(ValidationError):
        services.set_area_cap(user=official, round=round_, area=buurt, cap_cents="200.000")  # > the round
    with pytest.raises(ValidationError):
        services.set_area_cap(user=official, round=round_, area=wijk, cap_cents="1.000")  # not a part
    with pytest.raises(ValidationError) as error:
        services.update_round(user=official, round=round_, tally_rule=TallyRule.MES)
    assert "tally_rule" in error.value.message_dict
    assert services.set_area_cap(user=official, round=round_, area=buurt, cap_cents="") is None
    assert not AreaCap.objects.exists()


def test_timeline_lists_the_phases_in_order_with_the_active_one(budget):
    with_support = services.timeline(make_round(budget, "support"))
    assert [row["phase"] for row in with_support] == services.PHASE_ORDER
    assert [row["phase"] for row in with_support if row["active"]] == ["support"]
    assert [row["done"] for row in with_support[:3]] == [True, True, False]
    without = services.timeline(make_round(budget, "ideas", support_opens=None))
    assert "support" not in [row["phase"] for row in without]
    assert without[0]["active"] and without[1]["starts"] == without[0]["ends"]


# --- Projects ------------------------------------------------------------------------------


def test_residents_propose_in_the_ideas_phase_and_the_idea_is_registered(resident, budget, wijk):
    round_ = make_round(budget, "ideas")
    project = services.submit_project(
        user=resident,
        round=round_,
        title="Buurtmoestuin",
        summary="Een moestuin achter de school.",
        description="Met bakken voor iedereen.",
        cost_cents="€ 4.500",
    )
    assert project.status == ProjectStatus.SUBMITTED and project.cost_cents == 450_000
    assert project.submitted_by == resident
    idea = project.idea
    assert isinstance(idea, Idea) and idea.place == wijk and idea.author == resident
    assert idea.title == "Buurtmoestuin" and "moestuin achter de school" in idea.description
    assert idea.budget_projects.get() == project


@pytest.mark.parametrize("phase", ["review", "support", "voting", "closed"])
def test_residents_cannot_propose_outside_the_ideas_phase(resident, budget, phase):
    round_ = make_round(budget, phase)
    with pytest.raises(ValidationError):
        services.submit_project(user=resident, round=round_, title="Bankjes", summary="Meer bankjes.")
    assert not Project.objects.exists() and not Idea.objects.exists()


def test_anonymous_cannot_propose(budget):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.submit_project(user=AnonymousUser(), round=make_round(budget, "ideas"), title="X", summary="Y")


def test_a_proposal_needs_a_title_and_a_sentence(resident, budget):
    round_ = make_round(budget, "ideas")
    with pytest.raises(ValidationError) as error:
        services.submit_project(user=resident, round=round_, title="", summary="Iets.")
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.submit_project(user=resident, round=round_, title="Iets", summary="")
    assert "summary" in error.value.message_dict
    assert not Idea.objects.exists()


def test_staff_enter_paper_proposals_also_while_checking(official, resident, budget):
    round_ = make_round(budget, "review")
    with pytest.raises(ValidationError) as error:
        services.submit_project(
            user=official, round=round_, title="Bankjes", summary="Meer bankjes.", channel="paper", on_behalf_of=""
        )
    assert "on_behalf_of" in error.value.message_dict
    project = services.submit_project(
        user=official,
        round=round_,
        title="Bankjes",
        summary="Meer bankjes.",
        channel="paper",
        on_behalf_of="een bewoner (brief)",
    )
    assert project.submitted_by is None and project.idea.channel == "paper" and project.idea.author is None
    with pytest.raises(PermissionDenied):
        services.submit_project(
            user=resident, round=round_, title="X", summary="Y", channel="phone", on_behalf_of="buurman"
        )


def test_staff_turn_an_idea_into_a_project(official, resident, budget, wijk, other_wijk):
    from samenspel.initiatives import services as initiatives

    round_ = make_round(budget, "review")
    idea = initiatives.submit_idea(user=resident, place=wijk, title="Jongerenruimte", description="Een plek.\nMeer.")
    with pytest.raises(PermissionDenied):
        services.add_project_from_idea(user=resident, round=round_, idea=idea)
    project = services.add_project_from_idea(user=official, round=round_, idea=idea, cost_cents="25.000")
    assert (project.title, project.summary, project.idea, project.cost_cents) == (
        "Jongerenruimte",
        "Een plek.",
        idea,
        2_500_000,
    )
    assert project.submitted_by == resident
    with pytest.raises(ValidationError):
        services.add_project_from_idea(user=official, round=round_, idea=idea)  # already a project
    elsewhere = initiatives.submit_idea(user=resident, place=other_wijk, title="Elders", description="Elders.")
    with pytest.raises(ValidationError) as error:
        services.add_project_from_idea(user=official, round=round_, idea=elsewhere)
    assert "idea" in error.value.message_dict
    voting_round = make_round(budget, "voting")
    with pytest.raises(ValidationError):
        services.add_project_from_idea(user=official, round=voting_round, idea=elsewhere)


# --- Review --------------------------------------------------------------------------------


def test_review_feasible_puts_it_on_the_ballot_with_cost_and_number(official, resident, budget):
    round_ = make_round(budget, "ideas")
    project = services.submit_project(user=resident, round=round_, title="Speeltuin", summary="Nieuwe toestellen.")
    with pytest.raises(ValidationError):  # checking starts in the review phase
        services.review_project(user=official, project=project, feasible=True, cost_cents="40.000")
    Round.objects.filter(pk=round_.pk).update(review_opens=timezone.now() - DAY, ideas_opens=timezone.now() - 2 * DAY)
    with pytest.raises(ValidationError) as error:
        services.review_project(user=official, project=project, feasible=True)
    assert "cost_cents" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.review_project(user=official, project=project, feasible=True, cost_cents="100.000,01")
    assert "cost_cents" in error.value.message_dict  # more than the round divides
    project = services.review_project(user=official, project=project, feasible=True, cost_cents="€ 40.000")
    assert (project.status, project.cost_cents, project.number) == (ProjectStatus.ON_BALLOT, 4_000_000, 1)
    assert project.reviewed_by == official and project.reviewed_at is not None
    assert Notification.objects.filter(user=resident, subject__contains="feasible").exists()
    other = _project(round_, "Bankjes", 100_000, 0, status=ProjectStatus.SUBMITTED)
    assert services.review_project(user=official, project=other, feasible=True).number == 2
    third = _project(round_, "Lampen", 100_000, 0, status=ProjectStatus.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.review_project(user=official, project=third, feasible=True, number=2)
    assert "number" in error.value.message_dict


def test_not_feasible_needs_a_public_reason(official, budget):
    round_ = make_round(budget, "review")
    project = _project(round_, "Zwembad", 90_000_000, 0, status=ProjectStatus.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.review_project(user=official, project=project, feasible=False, reason="  ")
    assert "reason" in error.value.message_dict
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    reason = "Een zwembad kost veel meer dan dit budget en de grond is niet van de gemeente."
    project = services.review_project(user=official, project=project, feasible=False, reason=reason)
    assert project.status == ProjectStatus.NOT_FEASIBLE and project.review_reason == reason


def test_no_review_once_voting_opened(official, voting_round, projects):
    with pytest.raises(ValidationError):
        services.review_project(user=official, project=projects[0], feasible=False, reason="Toch niet.")


def test_residents_cannot_review(resident, budget):
    project = _project(make_round(budget, "review"), "Zwembad", 1, 0, status=ProjectStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.review_project(user=resident, project=project, feasible=True, cost_cents=1)


def test_withdraw_project(resident, official, budget, make_user):
    round_ = make_round(budget, "ideas")
    project = services.submit_project(user=resident, round=round_, title="Bankjes", summary="Meer bankjes.")
    with pytest.raises(PermissionDenied):
        services.withdraw_project(user=make_user(), project=project)
    project = services.withdraw_project(user=resident, project=project, reason="Al geregeld.")
    assert project.status == ProjectStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.withdraw_project(user=official, project=project)


# --- Support and the shortlist ------------------------------------------------------------


def test_support_only_in_the_support_phase(resident, budget):
    for phase in ("ideas", "review", "voting"):
        project = _project(make_round(budget, phase), "Speeltuin", 100, 1)
        with pytest.raises((ValidationError, PermissionDenied)):
            services.support_project(user=resident, project=project)
    assert not ProjectSupport.objects.exists()


def test_support_and_withdraw(resident, make_user, budget, wijk):
    round_ = make_round(budget, "support")
    project = _project(round_, "Speeltuin", 100, 1)
    services.support_project(user=resident, project=project)
    services.support_project(user=make_user(Role.RESIDENT, wijk), project=project)
    with pytest.raises(ValidationError):
        services.support_project(user=resident, project=project)
    project.refresh_from_db()
    assert project.support_count == 2
    services.withdraw_support(user=resident, project=project)
    project.refresh_from_db()
    assert project.support_count == 1 and ProjectSupport.objects.count() == 1
    with pytest.raises(ValidationError):
        services.withdraw_support(user=resident, project=project)
    rejected = _project(round_, "Zwembad", 100, 0, status=ProjectStatus.NOT_FEASIBLE)
    with pytest.raises(ValidationError):
        services.support_project(user=resident, project=rejected)


def test_shortlist_by_support_with_ties_by_the_public_lot(official, budget):
    round_ = make_round(budget, "support", shortlist_size=2, lot_seed="openbare loting 12 mei")
    top = _project(round_, "Speeltuin", 100, 1)
    tied = [_project(round_, name, 100, n) for n, name in enumerate(["Bankjes", "Lampen", "Moestuin"], start=2)]
    low = _project(round_, "Straatfeest", 100, 5)
    Project.objects.filter(pk=top.pk).update(support_count=30)
    Project.objects.filter(pk__in=[p.pk for p in tied]).update(support_count=12)
    Project.objects.filter(pk=low.pk).update(support_count=3)
    on_ballot = services.apply_shortlist(user=official, round=round_)
    lot = tally.lot_order("openbare loting 12 mei", [str(p.pk) for p in [top, *tied, low]])
    first_tied = next(pid for pid in lot if pid in {str(p.pk) for p in tied})
    assert [str(p.pk) for p in on_ballot] == [str(top.pk), first_tied]
    statuses = dict(Project.objects.filter(round=round_).values_list("pk", "status"))
    assert [statuses[p.pk] for p in [top, low]] == [ProjectStatus.ON_BALLOT, ProjectStatus.NOT_SHORTLISTED]
    left_out = Project.objects.filter(round=round_, status=ProjectStatus.NOT_SHORTLISTED)
    assert left_out.count() == 3
    assert all("12 people supported it" in p.review_reason for p in left_out.exclude(pk=low.pk))
    assert all("public lot" in p.review_reason for p in left_out.exclude(pk=low.pk))
    entry = AuditEntry.objects.get(action="budgeting.round.shortlisted")
    assert entry.data["tie_at_cut"] is True and entry.data["lot_seed"] == "openbare loting 12 mei"


def test_shortlist_draws_a_lot_when_none_is_set(official, budget):
    round_ = make_round(budget, "support", shortlist_size=1)
    _project(round_, "A", 100, 1)
    _project(round_, "B", 100, 2)
    services.apply_shortlist(user=official, round=round_)
    round_.refresh_from_db()
    assert len(round_.lot_seed) == 32
    assert AuditEntry.objects.filter(action="budgeting.round.lot_drawn").exists()


def test_shortlist_refusals(official, resident, budget):
    without = make_round(budget, "support")
    with pytest.raises(ValidationError):
        services.apply_shortlist(user=official, round=without)  # no shortlist size
    early = make_round(budget, "review", shortlist_size=2)
    with pytest.raises(ValidationError):
        services.apply_shortlist(user=official, round=early)
    round_ = make_round(budget, "support", shortlist_size=2)
    with pytest.raises(PermissionDenied):
        services.apply_shortlist(user=resident, round=round_)
    Ballot.objects.create(round=round_, channel=VoteChannel.CODE, choices={})
    with pytest.raises(ValidationError):
        services.apply_shortlist(user=official, round=round_)


# --- The result ----------------------------------------------------------------------------


@pytest.fixture
def small_round(budget):
    """€50k to divide over four projects (€40k, €30k, €20k, €10k), voting open now."""
    round_ = make_round(budget, "voting", amount_cents=5_000_000, max_projects=4)
    costs = [4_000_000, 3_000_000, 2_000_000, 1_000_000]
    names = ["Speeltuin", "Bankjes", "Moestuin", "Straatfeest"]
    projects = [_project(round_, name, cost, i + 1) for i, (name, cost) in enumerate(zip(names, costs, strict=True))]
    return SimpleNamespace(round=round_, projects=projects, ids=[str(p.pk) for p in projects])


def _ballots(round_, projects, patterns):
    """patterns: (count, indexes of chosen projects)."""
    rows = []
    for count, chosen in patterns:
        for _ in range(count):
            choices = {str(projects[i].pk): 1 for i in chosen}
            rows.append(Ballot(round=round_, channel=VoteChannel.CODE, choices=choices))
    Ballot.objects.bulk_create(rows)


def test_publish_result_end_to_end(official, second_official, resident, small_round, wijk):
    round_, projects = small_round.round, small_round.projects
    Follow.objects.create(user=resident, place=wijk)
    _ballots(round_, projects, [(5, [0]), (4, [1, 3]), (3, [2, 3]), (2, [1, 2])])
    receipt = voting.cast_with_account(
        round_, resident, {str(projects[0].pk): 1}, postcode="9714 AB", house_number="12", birth_date=None
    )
    voting.enter_paper_ballot(round_, official, "P-1", {str(projects[2].pk): 1})
    voting.enter_paper_ballot(round_, second_official, "P-1", {str(projects[2].pk): 1})
    voting.enter_paper_ballot(round_, official, "P-2", {}, invalid=True)
    voting.enter_paper_ballot(round_, second_official, "P-2", {}, invalid=True)
    with pytest.raises(ValidationError):  # voting still open
        services.publish_result(user=official, round=round_)
    _close(round_)
    with pytest.raises(PermissionDenied):
        services.publish_result(user=resident, round=round_)

    round_ = services.publish_result(user=official, round=round_)
    result = round_.result
    assert round_.result_published_at is not None and round_.closed_at is not None
    assert not Ballot.objects.filter(round=round_, change_key__isnull=False).exists()  # closing erased them
    assert len(round_.lot_seed) == 32 and result["lot_seed"] == round_.lot_seed
    assert result["voters"] == 16  # 14 by code, 1 by account, 1 on paper (the invalid one is not counted)
    assert result["ballots_by_channel"] == {"code": 14, "account": 1, "paper": 1}
    assert result["invalid_paper"] == 1

    # The stored result is the tally of the counted ballots with the round's rule, lot and Add1 step.
    expected = tally.tally(
        services.build_election(round_),
        TallyRule.MES_ADD1,
        utility="cost",
        lot=tally.lot_order(round_.lot_seed, sorted(small_round.ids)),
        increment=100,
    ).to_dict()
    assert result["selected"] == expected["selected"] and result["cost"] == expected["cost"]
    assert result["cost"] <= 5_000_000 and result["rule"] == "mes-add1"
    selected = set(result["selected"])
    for project in projects:
        project.refresh_from_db()
        assert project.selected is (str(project.pk) in selected)
    entry = AuditEntry.objects.get(action="budgeting.result.published")
    assert entry.data["selected"] == result["selected"] and entry.data["voters"] == 16
    assert Notification.objects.filter(user=resident, subject__contains="result").exists()

    # What the resident's vote helped fund.
    ballot = voting.ballot_for_receipt(round_, receipt)
    share = tally.voter_share(result, ballot.choices)
    assert set(share) <= set(ballot.choices)

    with pytest.raises(ValidationError):
        services.publish_result(user=official, round=round_)  # once only


def test_publish_with_greedy_gives_the_expected_winners(official, small_round):
    round_, projects = small_round.round, small_round.projects
    Round.objects.filter(pk=round_.pk).update(tally_rule=TallyRule.GREEDY)
    round_.refresh_from_db()
    # Votes: Speeltuin 5, Bankjes 4, Moestuin 3, Straatfeest 1. €50k: Speeltuin (€40k), then only €10k fits.
    _ballots(round_, projects, [(5, [0]), (4, [1]), (3, [2]), (1, [3])])
    round_ = services.publish_result(user=official, round=_close(round_))
    assert round_.result["selected"] == [small_round.ids[0], small_round.ids[3]]
    assert round_.result["projects"][small_round.ids[1]]["reason"] == "over_budget"


def test_publish_refuses_while_paper_ballots_are_open(official, second_official, small_round):
    round_, projects = small_round.round, small_round.projects
    _ballots(round_, projects, [(3, [0])])
    voting.enter_paper_ballot(round_, official, "P-1", {str(projects[0].pk): 1})  # waits for the second entry
    voting.enter_paper_ballot(round_, official, "P-2", {str(projects[0].pk): 1})
    voting.enter_paper_ballot(round_, second_official, "P-2", {str(projects[1].pk): 1})  # differs
    _close(round_)
    with pytest.raises(ValidationError) as error:
        services.publish_result(user=official, round=round_)
    assert "not settled yet: 1 wait for the second entry and 1 for resolution" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        services.publish_result(user=official, round=round_, force=True)
    assert "force_reason" in error.value.message_dict
    round_.refresh_from_db()
    assert round_.result_published_at is None
    round_ = services.publish_result(
        user=official, round=round_, force=True, force_reason="De stembus van het buurthuis is kwijt."
    )
    assert round_.result["open_paper"] == {"single": 1, "discrepancies": 1}
    assert round_.result["force_reason"] == "De stembus van het buurthuis is kwijt."
    entry = AuditEntry.objects.get(action="budgeting.result.published")
    assert entry.data["force_reason"] == "De stembus van het buurthuis is kwijt."


def test_publish_after_an_official_closed_voting_early(official, small_round):
    round_, projects = small_round.round, small_round.projects
    _ballots(round_, projects, [(2, [3])])
    voting.close_voting(round_, official)
    round_ = services.publish_result(user=official, round=round_)
    assert round_.result["selected"] == [small_round.ids[3]]


def test_publish_keeps_a_public_lot_set_in_advance(official, small_round):
    round_ = small_round.round
    Round.objects.filter(pk=round_.pk).update(lot_seed="7-3-12-44")
    round_ = services.publish_result(user=official, round=_close(round_))
    assert round_.result["lot_seed"] == "7-3-12-44"
    assert round_.result["lot"] == tally.lot_order("7-3-12-44", sorted(small_round.ids))


# --- Realisation ---------------------------------------------------------------------------


def test_realisation_updates_only_for_winners(official, resident, small_round):
    round_, projects = small_round.round, small_round.projects
    _ballots(round_, projects, [(5, [0]), (1, [3])])
    Round.objects.filter(pk=round_.pk).update(tally_rule=TallyRule.GREEDY)
    round_.refresh_from_db()
    services.publish_result(user=official, round=_close(round_))
    winner, loser = Project.objects.get(pk=projects[0].pk), Project.objects.get(pk=projects[1].pk)
    assert winner.selected is True and loser.selected is False
    with pytest.raises(ValidationError):
        services.add_realisation_update(
            user=official, project=loser, status=RealisationStatus.PLANNED, text="Toch maar?"
        )
    with pytest.raises(PermissionDenied):
        services.add_realisation_update(user=resident, project=winner, status=RealisationStatus.PLANNED, text="Ja")
    with pytest.raises(ValidationError) as error:
        services.add_realisation_update(
            user=official,
            project=winner,
            status=RealisationStatus.PLANNED,
            text="Later.",
            happened_on=timezone.localdate() + DAY,
        )
    assert "happened_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_realisation_update(user=official, project=winner, status="gone", text="Weg.")
    assert "status" in error.value.message_dict
    update = services.add_realisation_update(
        user=official,
        project=winner,
        status=RealisationStatus.IN_PROGRESS,
        text="De toestellen zijn besteld.",
        spent_cents="€ 12.000",
    )
    assert update.spent_cents == 1_200_000
    winner.refresh_from_db()
    assert winner.realisation == RealisationStatus.IN_PROGRESS
    assert services.latest_spent(winner) == 1_200_000
    round_.refresh_from_db()
    assert round_.phase() == "realisation"


# --- Binding or advice ---------------------------------------------------------------------


@pytest.fixture
def level3_in_force(official, wijk, municipality, make_user):
    """The agreement in force for the wijk: a level-3 wijkbudget decided by the neighbourhood
    body, and a level-1 theme decided by the college (as tests/decisions builds it)."""
    body = Organisation.objects.create(name="Wijkraad", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk)
    member = make_user(Role.RESIDENT, wijk)
    Membership.objects.create(user=member, role=Role.BODY_MEMBER, place=wijk, organisation=body)
    alderman = make_user(Role.COLLEGE, municipality)
    council_member = make_user(Role.COUNCIL, municipality)
    area_official = make_user(Role.AREA_OFFICIAL, municipality)
    trajectory = agreements.start_trajectory(user=area_official, place=wijk, title="Wijkdemocratie", desired_level=3)
    agreements.add_participant(user=area_official, trajectory=trajectory, kind="wijk_body", organisation=body)
    version = agreements.start_agreement(user=area_official, trajectory=trajectory)
    money = make_congruent(area_official, version, level=3, title="Wijkbudget")
    theme = make_congruent(area_official, version, level=1, title="Verkeer")
    assert agreements.submit_for_review(user=area_official, version=version).congruent
    agreements.sign(user=member, version=version, side=SignatureSide.WIJK, name_shown="S", capacity="lid")
    agreements.sign(user=alderman, version=version, side=SignatureSide.GEMEENTE, name_shown="W", capacity="wethouder")
    agreements.record_council_decision(
        user=council_member,
        municipality=municipality,
        decided_on=timezone.localdate() - 30 * DAY,
        reference="RB-1",
        title="Overdracht wijkbudget",
        outcome="adopted",
        versions=[version],
    )
    agreements.activate(user=area_official, version=version)
    return SimpleNamespace(version=version, money=money, theme=theme)


def test_binding_only_at_level_3_in_force_with_the_body_deciding(official, budget, level3_in_force):
    round_ = make_round(budget, "voting")
    advice = services.binding_status(round_)
    assert not advice.binding and advice.code == mandate.NO_SCOPE_ITEM
    assert "not linked to an agreement" in str(advice.reason)

    services.update_budget(
        user=official,
        budget=budget,
        title=budget.title,
        period_start=budget.period_start,
        period_end=budget.period_end,
        amount_cents=budget.amount_cents,
        scope_item=level3_in_force.money,
    )
    round_.refresh_from_db()
    binding = services.binding_status(round_)
    assert binding.binding and binding.code == mandate.WITHIN_MANDATE
    assert "level 3" in str(binding.reason)

    Budget.objects.filter(pk=budget.pk).update(scope_item=level3_in_force.theme)
    round_ = Round.objects.get(pk=round_.pk)
    assert services.binding_status(round_).code == mandate.LEVEL_TOO_LOW

    Budget.objects.filter(pk=budget.pk).update(scope_item=level3_in_force.money)
    ScopeItem.objects.filter(pk=level3_in_force.money.pk).update(is_citywide=True)
    round_ = Round.objects.get(pk=round_.pk)
    assert services.binding_status(round_).code == mandate.CITYWIDE

    ScopeItem.objects.filter(pk=level3_in_force.money.pk).update(is_citywide=False)
    level3_in_force.version.__class__.objects.filter(pk=level3_in_force.version.pk).update(status="superseded")
    round_ = Round.objects.get(pk=round_.pk)
    assert services.binding_status(round_).code == mandate.NOT_IN_FORCE


def test_a_budget_cannot_rest_on_another_places_agreement(official, level3_in_force, other_wijk, make_user):
    elsewhere = make_user(Role.AREA_OFFICIAL, other_wijk)
    with pytest.raises(ValidationError) as error:
        services.create_budget(user=elsewhere, place=other_wijk, scope_item=level3_in_force.money, **_budget_fields())
    assert "scope_item" in error.value.message_dict
