"""The pages: the rounds, a round in each phase, a project, the result with "what did my vote
help fund?", the downloads, the realisation, and the officials' pages (403 for residents)."""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.budgeting import services, voting
from samenspel.budgeting.models import (
    Ballot,
    Budget,
    Project,
    ProjectStatus,
    ProjectSupport,
    RealisationStatus,
    Round,
    TallyRule,
    VoteChannel,
)
from samenspel.initiatives.models import Idea

from .conftest import login, make_round

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the receipt look-up limits live in the cache
    yield
    cache.clear()


def _project(round_, title, cost, number, status=ProjectStatus.ON_BALLOT, **extra):
    summary = f"{title} voor de buurt."
    return Project.objects.create(
        round=round_, title=title, summary=summary, cost_cents=cost, number=number, status=status, **extra
    )


@pytest.fixture
def published(budget, official, resident):
    """A round of €50k counted with MES (Add1): four projects, 15 ballots, one by the
    resident's account (its receipt is kept), then closed and published."""
    round_ = make_round(budget, "voting", amount_cents=5_000_000, max_projects=4, title="Oosterpark beslist 2025")
    projects = [
        _project(round_, "Speeltuin", 4_000_000, 1),
        _project(round_, "Bankjes", 3_000_000, 2),
        _project(round_, "Moestuin", 2_000_000, 3),
        _project(round_, "Straatfeest", 1_000_000, 4),
    ]
    patterns = [(5, [0]), (4, [1, 3]), (3, [2, 3]), (2, [1, 2])]
    Ballot.objects.bulk_create(
        Ballot(round=round_, channel=VoteChannel.CODE, choices={str(projects[i].pk): 1 for i in chosen})
        for count, chosen in patterns
        for _ in range(count)
    )
    receipt = voting.cast_with_account(
        round_,
        resident,
        {str(projects[2].pk): 1, str(projects[3].pk): 1},
        postcode="9714 AB",
        house_number="3",
        birth_date=None,
    )
    Round.objects.filter(pk=round_.pk).update(voting_closes=timezone.now() - datetime.timedelta(minutes=5))
    round_.refresh_from_db()
    round_ = services.publish_result(user=official, round=round_)
    return SimpleNamespace(round=round_, projects=projects, receipt=receipt)


# --- Public pages ----------------------------------------------------------------------------


def test_index_lists_open_rounds_first_and_filters_by_place(english, budget, other_wijk, official):
    past = make_round(budget, "closed", title="Ronde van vorig jaar")
    open_now = make_round(budget, "voting", title="Ronde van nu")
    coming = make_round(
        budget,
        "ideas",
        title="Ronde straks",
        ideas_opens=timezone.now() + 5 * DAY,
        review_opens=timezone.now() + 10 * DAY,
    )
    other_budget = Budget.objects.create(
        place=other_wijk,
        title="Centrum",
        period_start=budget.period_start,
        period_end=budget.period_end,
        amount_cents=1_000_000,
    )
    make_round(other_budget, "voting", title="Centrum kiest", amount_cents=1_000_000)
    response = english.get(reverse("budgeting:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(open_now.title) < html.index(coming.title) < html.index(past.title)
    assert "Centrum kiest" in html
    filtered = english.get(reverse("budgeting:index"), {"wijk": budget.place.pk}).content.decode()
    assert "Centrum kiest" not in filtered and open_now.title in filtered
    assert "Start a new budget" not in html
    assert "Start a new budget" in login(english, official).get(reverse("budgeting:index")).content.decode()


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("ideas", "Propose a project"),
        ("review", "checks every proposal"),
        ("support", "Support the projects"),
        ("voting", "Vote until"),
        ("closed", "Voting has closed"),
    ],
)
def test_round_page_in_each_phase(english, resident, budget, phase, expected):
    round_ = make_round(budget, phase, shortlist_size=2)
    playground = _project(round_, "Speeltuin", 4_000_000, 1)
    _project(round_, "Zwembad", None, 0, status=ProjectStatus.NOT_FEASIBLE, review_reason="Veel te duur voor de wijk.")
    login(english, resident)
    response = english.get(round_.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert "Veel te duur voor de wijk." in html  # rejection reasons are published
    assert "The result is advice to the municipality." in html
    assert 'aria-current="step"' in html  # the active phase in the timeline
    assert html.count("<h1") == 1
    if phase == "voting":
        assert reverse("budgeting:vote_start", args=[round_.pk]) in html
        assert "Turnout" in html
    assert (reverse("budgeting:project_support", args=[playground.pk]) in html) is (phase == "support")


def test_round_page_after_the_result(english, published):
    html = english.get(published.round.get_absolute_url()).content.decode()
    assert reverse("budgeting:results", args=[published.round.pk]) in html
    assert reverse("budgeting:realisation", args=[published.round.pk]) in html
    assert "funded" in html


def test_anonymous_sees_how_to_take_part(english, budget):
    round_ = make_round(budget, "ideas")
    html = english.get(round_.get_absolute_url()).content.decode()
    assert "Log in to propose a project" in html


def test_resident_submits_a_project(english, resident, budget, wijk):
    round_ = make_round(budget, "ideas")
    url = reverse("budgeting:project_submit", args=[round_.pk])
    assert english.get(url).status_code == 302  # login first
    login(english, resident)
    assert english.get(url).status_code == 200
    response = english.post(
        url, {"title": "Buurtmoestuin", "summary": "Een moestuin voor iedereen.", "cost_cents": "€ 4.500,00"}
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.cost_cents == 450_000 and project.idea.place == wijk
    bad = english.post(url, {"title": "Iets", "summary": "Iets.", "cost_cents": "veel"})
    assert bad.status_code == 200 and "Write an amount in euro" in bad.content.decode()
    assert Idea.objects.count() == 1


def test_submit_outside_the_ideas_phase_redirects(english, resident, budget):
    round_ = make_round(budget, "review")
    login(english, resident)
    response = english.get(reverse("budgeting:project_submit", args=[round_.pk]))
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()


def test_support_a_project_from_its_page(english, resident, budget):
    round_ = make_round(budget, "support")
    project = _project(round_, "Speeltuin", 4_000_000, 1)
    page = english.get(project.get_absolute_url()).content.decode()
    assert "Log in to support this project" in page
    login(english, resident)
    assert "Support this project" in english.get(project.get_absolute_url()).content.decode()
    url = reverse("budgeting:project_support", args=[project.pk])
    english.post(url)
    assert ProjectSupport.objects.filter(project=project, user=resident).exists()
    assert "Withdraw my support" in english.get(project.get_absolute_url()).content.decode()
    english.post(url, {"action": "withdraw", "next": "round"})
    assert not ProjectSupport.objects.exists()
    assert english.get(url).status_code == 405


def test_support_outside_the_phase_is_refused_with_a_message(english, resident, budget):
    project = _project(make_round(budget, "voting"), "Speeltuin", 4_000_000, 1)
    login(english, resident)
    response = english.post(reverse("budgeting:project_support", args=[project.pk]), follow=True)
    assert "only be supported in the support phase" in response.content.decode()
    assert not ProjectSupport.objects.exists()


def test_project_page_explains_the_result_and_shows_the_realisation(english, published, official):
    winner = Project.objects.filter(round=published.round, selected=True).first()
    loser = Project.objects.filter(round=published.round, selected=False).first()
    services.add_realisation_update(
        user=official, project=winner, status=RealisationStatus.IN_PROGRESS, text="De schop gaat erin.", spent_cents=1
    )
    html = english.get(winner.get_absolute_url()).content.decode()
    assert "Why it won" in html and "De schop gaat erin." in html and "Carrying it out" in html
    losing = english.get(loser.get_absolute_url()).content.decode()
    assert "Why it did not win" in losing and "Not funded" in losing


def test_results_page(english, published):
    round_ = published.round
    response = english.get(reverse("budgeting:results", args=[round_.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Method of Equal Shares" in html and "Each voter" in html
    assert round_.lot_seed in html
    assert '<svg class="chart"' in html and "<table" in html
    for project in published.projects:
        assert project.title in html
    assert "Funded projects" in html and "Projects not funded" in html
    assert any(phrase in html for phrase in ("voters who chose it paid", "could pay"))
    assert reverse("budgeting:results_json", args=[round_.pk]) in html
    assert reverse("budgeting:results_pb", args=[round_.pk]) in html


def test_results_only_after_publication(english, budget):
    round_ = make_round(budget, "closed")
    assert english.get(reverse("budgeting:results", args=[round_.pk])).status_code == 404
    assert english.get(reverse("budgeting:results_json", args=[round_.pk])).status_code == 404
    assert english.get(reverse("budgeting:realisation", args=[round_.pk])).status_code == 404


def test_what_did_my_vote_help_fund(english, published):
    url = reverse("budgeting:results", args=[published.round.pk])
    response = english.post(url, {"receipt": published.receipt.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The projects on your ballot" in html
    assert "Moestuin" in html.split("The projects on your ballot")[1]
    assert "Your share paid" in html
    wrong = english.post(url, {"receipt": "AAAAA-BBBBB"})
    assert "No counted ballot has this receipt code" in wrong.content.decode()


def test_receipt_lookups_are_rate_limited(english, published):
    url = reverse("budgeting:results", args=[published.round.pk])
    for _ in range(voting.IP_LIMIT):
        assert english.post(url, {"receipt": "AAAAA-BBBBB"}).status_code == 200
    blocked = english.post(url, {"receipt": published.receipt})
    assert blocked.status_code == 429 and "Too many wrong codes" in blocked.content.decode()


def test_result_json_download(client, published):
    response = client.get(reverse("budgeting:results_json", args=[published.round.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["selected"] == published.round.result["selected"]
    assert data["lot_seed"] == published.round.lot_seed


def test_result_pabulib_download(client, published):
    response = client.get(reverse("budgeting:results_pb", args=[published.round.pk]))
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.pb"')
    assert text.startswith("META") and "PROJECTS" in text and "VOTES" in text


def test_realisation_page(english, published, official):
    winner = Project.objects.filter(round=published.round, selected=True).first()
    services.add_realisation_update(
        user=official, project=winner, status=RealisationStatus.DONE, text="Klaar en geopend.", spent_cents="39.500"
    )
    html = english.get(reverse("budgeting:realisation", args=[published.round.pk])).content.decode()
    assert "Klaar en geopend." in html and "39,500.00" in html and "Done" in html


# --- Officials -----------------------------------------------------------------------------


def _manage_urls(round_, project):
    return [
        reverse("budgeting:budget_new") + f"?plaats={round_.budget.place.pk}",
        reverse("budgeting:budget_edit", args=[round_.budget.pk]),
        reverse("budgeting:round_new", args=[round_.budget.pk]),
        reverse("budgeting:round_edit", args=[round_.pk]),
        reverse("budgeting:manage", args=[round_.pk]),
        reverse("budgeting:area_caps", args=[round_.pk]),
        reverse("budgeting:project_new", args=[round_.pk]),
        reverse("budgeting:project_from_idea", args=[round_.pk]),
        reverse("budgeting:review", args=[project.pk]),
        reverse("budgeting:publish", args=[round_.pk]),
    ]


def test_residents_get_403_on_the_officials_pages(english, resident, budget):
    round_ = make_round(budget, "review")
    project = _project(round_, "Speeltuin", 4_000_000, 0, status=ProjectStatus.SUBMITTED)
    login(english, resident)
    for url in _manage_urls(round_, project):
        assert english.get(url).status_code == 403, url
    assert english.post(reverse("budgeting:shortlist", args=[round_.pk])).status_code == 403
    assert english.get(reverse("budgeting:budget_new")).status_code == 403


def test_officials_pages_render(english, official, budget):
    round_ = make_round(budget, "review")
    project = _project(round_, "Speeltuin", 4_000_000, 0, status=ProjectStatus.SUBMITTED)
    login(english, official)
    for url in _manage_urls(round_, project):
        response = english.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url
    manage = english.get(reverse("budgeting:manage", args=[round_.pk])).content.decode()
    for name in ("codes", "paper"):
        assert reverse(f"budgeting:{name}", args=[round_.pk]) in manage


def test_official_creates_a_budget_and_a_round(english, official, wijk):
    login(english, official)
    assert english.get(reverse("budgeting:budget_new")).status_code == 200  # the place chooser
    response = english.post(
        reverse("budgeting:budget_new") + f"?plaats={wijk.pk}",
        {
            "kind": "wijkbudget",
            "title": "Wijkbudget 2027",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "amount_cents": "€ 200.000",
        },
    )
    budget = Budget.objects.get()
    assert response.status_code == 302 and budget.amount_cents == 20_000_000
    now = timezone.localtime()
    stamp = lambda days: (now + days * DAY).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    data = {
        "title": "Oosterpark beslist 2027",
        "amount_cents": "100.000",
        "ideas_opens": stamp(1),
        "review_opens": stamp(20),
        "voting_opens": stamp(40),
        "voting_closes": stamp(54),
        "ballot_type": "approval",
        "min_projects": "1",
        "max_projects": "3",
        "allow_vote_change": "on",
        "allow_account_voting": "on",
        "tally_rule": "mes-add1",
        "utility": "cost",
    }
    bad = english.post(reverse("budgeting:round_new", args=[budget.pk]), {**data, "amount_cents": "300.000"})
    assert bad.status_code == 200 and "left to divide" in bad.content.decode()
    response = english.post(reverse("budgeting:round_new", args=[budget.pk]), data)
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("budgeting:manage", args=[round_.pk])
    assert round_.amount_cents == 10_000_000 and round_.max_projects == 3
    assert english.get(reverse("budgeting:round_edit", args=[round_.pk])).status_code == 200


def test_official_reviews_a_project(english, official, budget):
    round_ = make_round(budget, "review")
    project = _project(round_, "Zwembad", None, 0, status=ProjectStatus.SUBMITTED)
    login(english, official)
    url = reverse("budgeting:review", args=[project.pk])
    missing = english.post(url, {"feasible": "no", "reason": ""})
    assert missing.status_code == 200 and "Explain why the project is not feasible" in missing.content.decode()
    english.post(url, {"feasible": "no", "reason": "De grond is niet van de gemeente."})
    project.refresh_from_db()
    assert project.status == ProjectStatus.NOT_FEASIBLE
    english.post(url, {"feasible": "yes", "cost_cents": "12.345,67"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.ON_BALLOT and project.cost_cents == 1_234_567 and project.number == 1


def test_official_applies_the_shortlist_and_publishes(english, official, budget, resident):
    round_ = make_round(budget, "support", shortlist_size=1, lot_seed="lot")
    first = _project(round_, "Speeltuin", 1_000_000, 1)
    second = _project(round_, "Bankjes", 1_000_000, 2)
    Project.objects.filter(pk=first.pk).update(support_count=3)
    login(english, official)
    english.post(reverse("budgeting:shortlist", args=[round_.pk]))
    second.refresh_from_db()
    assert second.status == ProjectStatus.NOT_SHORTLISTED
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(voting_opens=now - DAY, voting_closes=now - datetime.timedelta(hours=1))
    Ballot.objects.create(round=round_, channel=VoteChannel.CODE, choices={str(first.pk): 1})
    assert english.get(reverse("budgeting:publish", args=[round_.pk])).status_code == 200
    response = english.post(reverse("budgeting:publish", args=[round_.pk]), {})
    assert response.status_code == 302 and response["Location"] == reverse("budgeting:results", args=[round_.pk])
    round_.refresh_from_db()
    assert round_.result["selected"] == [str(first.pk)]
    first.refresh_from_db()
    url = reverse("budgeting:realisation_update", args=[first.pk])
    assert english.get(url).status_code == 200
    english.post(
        url,
        {"status": "planned", "text": "Gepland voor het voorjaar.", "happened_on": timezone.localdate().isoformat()},
    )
    first.refresh_from_db()
    assert first.realisation == "planned"
    login(english, resident)
    assert english.get(url).status_code == 403


def test_publish_page_shows_open_paper_ballots(english, official, budget):
    round_ = make_round(budget, "voting")
    project = _project(round_, "Speeltuin", 1_000_000, 1)
    voting.enter_paper_ballot(round_, official, "P-1", {str(project.pk): 1})
    Round.objects.filter(pk=round_.pk).update(voting_closes=timezone.now() - datetime.timedelta(minutes=1))
    login(english, official)
    url = reverse("budgeting:publish", args=[round_.pk])
    html = english.get(url).content.decode()
    assert "1 wait for the second entry" in html
    refused = english.post(url, {})
    assert refused.status_code == 200 and "Settle them first" in refused.content.decode()
    english.post(url, {"force": "on", "force_reason": "Het tweede team is ziek."})
    round_.refresh_from_db()
    assert round_.result_published_at is not None


def test_area_caps_page(english, official, budget, wijk):
    from samenspel.places.models import Place, PlaceKind

    buurt = Place.objects.create(kind=PlaceKind.BUURT, name="Oost", slug="oost", parent=wijk)
    round_ = make_round(budget, "review", tally_rule=TallyRule.GREEDY)
    login(english, official)
    english.post(reverse("budgeting:area_caps", args=[round_.pk]), {"area": buurt.pk, "cap_cents": "25.000"})
    assert round_.area_caps.get().cap_cents == 2_500_000


def test_staff_add_projects_from_paper_and_from_ideas(english, official, resident, budget, wijk):
    from samenspel.initiatives import services as initiatives

    round_ = make_round(budget, "review")
    idea = initiatives.submit_idea(user=resident, place=wijk, title="Jongerenruimte", description="Een plek.")
    login(english, official)
    english.post(reverse("budgeting:project_from_idea", args=[round_.pk]), {"idea": idea.pk, "cost_cents": "30.000"})
    english.post(
        reverse("budgeting:project_new", args=[round_.pk]),
        {"title": "Bankjes", "summary": "Meer bankjes.", "channel": "paper", "on_behalf_of": "een bewoner (brief)"},
    )
    assert set(round_.projects.values_list("title", flat=True)) == {"Jongerenruimte", "Bankjes"}


def test_budget_page_and_place_rounds_include(english, budget, official, make_user, wijk):
    from django.template.loader import render_to_string

    from samenspel.budgeting.views import rounds_for_place

    round_ = make_round(budget, "voting")
    html = english.get(reverse("budgeting:budget", args=[budget.pk])).content.decode()
    assert round_.title in html
    fragment = render_to_string("budgeting/_place_rounds.html", {"rounds": rounds_for_place(wijk)})
    assert round_.title in fragment and round_.get_absolute_url() in fragment
    empty = render_to_string("budgeting/_place_rounds.html", {"rounds": []})
    assert "budgets-heading" in empty


def test_other_places_staff_cannot_manage(english, budget, other_wijk, make_user):
    round_ = make_round(budget, "review")
    login(english, make_user(Role.AREA_OFFICIAL, other_wijk))
    assert english.get(reverse("budgeting:manage", args=[round_.pk])).status_code == 403


def test_admin_pages(client, published, make_user):
    admin_user = make_user(is_superuser=True, is_staff=True)
    login(client, admin_user)
    for model in ("budget", "round", "project", "codebatch", "paperentry"):
        assert client.get(reverse(f"admin:budgeting_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:budgeting_round_change", args=[published.round.pk])).status_code == 200
    assert client.get(reverse("admin:budgeting_codebatch_add")).status_code == 403


def test_official_edits_an_open_round_through_the_form(english, official, budget):
    from samenspel.budgeting.forms import RoundForm

    round_ = make_round(budget, "voting")
    login(english, official)
    form = RoundForm(initial=RoundForm.initial_from(round_))
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        formatted = field.widget.format_value(value) if value is not None else None
        data[name] = "" if formatted is None else formatted
    data["amount_cents"] = form.fields["amount_cents"].prepare_value(round_.amount_cents)
    data["title"] = "Oosterpark beslist: stem nu"
    response = english.post(reverse("budgeting:round_edit", args=[round_.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    round_.refresh_from_db()
    assert round_.title == "Oosterpark beslist: stem nu"
