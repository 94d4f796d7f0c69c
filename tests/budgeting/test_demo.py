"""The budgeting demo, on top of the demo municipality, its agreements and its ideas (the
loader calls it last; here by hand, as the agenda demo's test does)."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import Organisation, User
from samenspel.budgeting import services, voting
from samenspel.budgeting.models import Ballot, Project, ProjectStatus, Round, VoteChannel
from samenspel.core import audit
from samenspel.decisions import mandate
from samenspel.demo import budgeting_demo
from samenspel.demo.content import ORGANISATIONS
from samenspel.demo.loader import load_demo
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
    count = budgeting_demo.load(users, places, organisations)
    return count, time.perf_counter() - started, (users, places, organisations), tmp_path / "media"


def test_budgeting_demo(demo, client):
    count, seconds, args, media = demo
    assert count in (0, 2)  # 0 when the loader already called it
    if count:
        print(f"budgeting demo loaded in {seconds:.1f} s")  # a figure for the report, not asserted

    # (a) Oosterparkwijk: finished, binding, counted with MES, with realisation.
    finished = Round.objects.get(title__startswith=budgeting_demo.OOSTERPARK_ROUND)
    assert finished.result_published_at is not None and finished.result["rule"] == "mes-add1"
    assert finished.phase() == "realisation"
    binding = services.binding_status(finished)
    assert binding.binding and binding.code == mandate.WITHIN_MANDATE
    ballots = Ballot.objects.filter(round=finished)
    assert 600 <= ballots.count() <= 900
    assert set(ballots.values_list("channel", flat=True)) == set(VoteChannel.values)
    assert finished.result["voters"] == ballots.count()
    assert finished.result["invalid_paper"] == budgeting_demo.INVALID_SHEETS
    projects = Project.objects.filter(round=finished)
    assert projects.filter(status=ProjectStatus.ON_BALLOT).count() == 12
    assert projects.filter(status=ProjectStatus.NOT_FEASIBLE).exclude(review_reason="").count() == 2
    winners = projects.filter(selected=True)
    assert 4 <= winners.count() <= 11
    assert finished.result["cost"] <= finished.amount_cents
    assert winners.exclude(realisation=None).count() >= 2
    assert all(p.idea_id for p in projects)  # every proposal is in the ideas register
    assert finished.result_published_at < timezone.now() - datetime.timedelta(days=150)  # last year's round
    assert not Ballot.objects.filter(round=finished, change_key__isnull=False).exists()

    # (b) Lewenborg: voting now, letters printed, some votes in, advice only.
    open_round = Round.objects.get(title__startswith=budgeting_demo.LEWENBORG_ROUND)
    assert open_round.is_voting_open() and open_round.phase() == "voting"
    assert services.binding_status(open_round).code == mandate.NOT_IN_FORCE
    batch = open_round.code_batches.get()
    assert batch.letters == 40
    pdf = media / "demo" / "stemcodes-lewenborg.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    notes = budgeting_demo.demo_notes()
    codes = notes[2].split(": ")[1].split(", ")
    assert len(codes) == budgeting_demo.PRINTED_CODES
    for code in codes:  # the printed codes are unused and vote
        assert voting.verify_code(open_round, code).round_id == open_round.pk
    assert voting.turnout(open_round)["codes_used"] >= 10

    # (c) Paper ballots waiting for the second entry, and one difference.
    paper = voting.paper_status(open_round)
    assert len(paper["waiting"]) >= 5 and len(paper["discrepancies"]) == 1 and paper["counted"] == 1
    assert services.open_paper_work(open_round)["single"] == len(paper["waiting"])

    # The receipt printed for the demo shows what Anouk's vote helped fund.
    receipt = notes[3].split(": ")[1].split(" ")[0]
    assert voting.ballot_for_receipt(finished, receipt) is not None

    # Every page renders.
    urls = [
        reverse("budgeting:index"),
        open_round.get_absolute_url(),
        finished.get_absolute_url(),
        reverse("budgeting:results", args=[finished.pk]),
        reverse("budgeting:realisation", args=[finished.pk]),
        *[p.get_absolute_url() for p in Project.objects.all()],
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url
    answer = client.post(reverse("budgeting:results", args=[finished.pk]), {"receipt": receipt})
    assert "The projects on your ballot" in answer.content.decode() or "projecten op je stembiljet" in (
        answer.content.decode()
    )

    assert audit.verify().ok
    assert budgeting_demo.load(*args) == 0  # once only
