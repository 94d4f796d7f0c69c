"""Real concurrency on PostgreSQL: many requests with the same voting code (or the same
account) at the same moment count exactly once, and closing the vote while ballots are being
written leaves no change key behind. SQLite serialises all writers, so there is nothing to
race there."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from samenspel.budgeting import voting
from samenspel.budgeting.models import Ballot, Participation, VotingCode

from .conftest import make_round
from .test_voting import issue

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test "
        "(run with DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


def race(func, n=THREADS):
    """Run func(i) in n threads that start together; return (results, refusals)."""
    barrier = threading.Barrier(n)
    results, refusals, crashes = [], [], []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            outcome = func(i)
            with lock:
                results.append(outcome)
        except ValidationError as error:
            with lock:
                refusals.append(error)
        except Exception as error:  # noqa: BLE001 - reported below
            with lock:
                crashes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not crashes, crashes
    return results, refusals


def ballot_choices(projects, i):
    return {projects[i % len(projects)].pk: 1}


def test_same_code_from_many_requests_counts_once(budget, projects_for):
    round_ = make_round(budget, allow_vote_change=False)
    projects = projects_for(round_)
    code = issue(round_)[0]
    results, refusals = race(lambda i: voting.cast_with_code(round_, code, ballot_choices(projects, i)))
    assert len(results) == 1 and len(refusals) == THREADS - 1
    assert all(voting.error_codes(e) == {"used_code"} for e in refusals)
    assert Ballot.objects.filter(round=round_).count() == 1
    assert VotingCode.objects.get(round=round_).used_at is not None
    assert voting.ballot_for_receipt(round_, results[0]) is not None


def test_same_code_from_many_requests_when_changing_is_allowed(budget, projects_for):
    round_ = make_round(budget, allow_vote_change=True)
    projects = projects_for(round_)
    code = issue(round_)[0]
    results, refusals = race(lambda i: voting.cast_with_code(round_, code, ballot_choices(projects, i)))
    assert len(results) == THREADS and not refusals  # each one replaces the ballot
    ballot = Ballot.objects.get(round=round_)
    assert ballot.change_key
    # The ballot is whole: the choices and the receipt of one and the same request.
    winners = [r for r in results if voting.ballot_for_receipt(round_, r) == ballot]
    assert len(winners) == 1
    assert ballot.choices in [{str(p.pk): 1} for p in projects]


def test_same_account_from_many_requests_counts_once(budget, projects_for, make_user, wijk):
    from samenspel.accounts.models import Role

    round_ = make_round(budget, allow_vote_change=False, one_vote_per_address=True)
    projects = projects_for(round_)
    user = make_user(Role.RESIDENT, wijk)
    results, refusals = race(
        lambda i: voting.cast_with_account(
            round_, user, ballot_choices(projects, i), postcode="9713 AB", house_number="4", birth_date=None
        )
    )
    assert len(results) == 1 and len(refusals) == THREADS - 1
    assert Ballot.objects.filter(round=round_).count() == 1
    assert Participation.objects.filter(round=round_).count() == 1


def test_closing_while_ballots_are_cast_leaves_no_change_key(budget, projects_for, make_user, wijk):
    from samenspel.accounts.models import Role

    round_ = make_round(budget, allow_vote_change=True)
    projects = projects_for(round_)
    official = make_user(Role.AREA_OFFICIAL, wijk)
    codes = issue(round_, THREADS - 1)

    def act(i):
        if i == THREADS // 2:
            return voting.close_voting(round_, official)
        return voting.cast_with_code(round_, codes[i if i < THREADS // 2 else i - 1], ballot_choices(projects, i))

    results, refusals = race(act)
    assert all(voting.error_codes(e) == {"closed"} for e in refusals)
    assert len(results) - 1 + len(refusals) == THREADS - 1
    assert not Ballot.objects.filter(round=round_, change_key__isnull=False).exists()
    # Every cast that succeeded has its ballot; every refused one left its code unused.
    assert Ballot.objects.filter(round=round_).count() == len(results) - 1
    assert VotingCode.objects.filter(round=round_, used_at__isnull=False).count() == len(results) - 1


@pytest.fixture
def projects_for():
    from samenspel.budgeting.models import Project, ProjectStatus

    def make(round_):
        return [
            Project.objects.create(
                round=round_,
                number=i,
                title=f"Project {i}",
                summary="-",
                cost_cents=1000,
                status=ProjectStatus.ON_BALLOT,
            )
            for i in range(1, 4)
        ]

    return make
