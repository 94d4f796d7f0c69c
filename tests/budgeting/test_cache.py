"""The results page keeps its table and chart in Django's cache; the services that change what
it shows move the round's version on, so the next visitor sees the change."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenspel.budgeting import services
from samenspel.budgeting.models import Ballot, Project, ProjectStatus, RealisationStatus, Round, TallyRule, VoteChannel

from .conftest import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(budget, official, django_capture_on_commit_callbacks):
    round_ = make_round(budget, "voting", amount_cents=5_000_000, max_projects=2, tally_rule=TallyRule.GREEDY)
    projects = [
        Project.objects.create(
            round=round_,
            title=title,
            summary=f"{title}.",
            cost_cents=cost,
            number=i + 1,
            status=ProjectStatus.ON_BALLOT,
        )
        for i, (title, cost) in enumerate([("Speeltuin", 4_000_000), ("Bankjes", 3_000_000), ("Moestuin", 1_000_000)])
    ]
    Ballot.objects.bulk_create(
        [Ballot(round=round_, channel=VoteChannel.CODE, choices={str(projects[0].pk): 1}) for _ in range(5)]
        + [Ballot(round=round_, channel=VoteChannel.CODE, choices={str(projects[2].pk): 1}) for _ in range(3)]
    )
    Round.objects.filter(pk=round_.pk).update(voting_closes=timezone.now() - datetime.timedelta(minutes=1))
    round_.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_result(user=official, round=round_)
    round_.refresh_from_db()
    return round_, projects


def test_results_page_is_cached_until_the_round_changes(client, published):
    round_, projects = published
    url = f"/begroten/ronde/{round_.pk}/uitslag/"
    assert "Speeltuin" in client.get(url).content.decode()
    # A change that bypasses the services is not seen while the page is cached ...
    Project.objects.filter(pk=projects[0].pk).update(title="Grote speeltuin")
    assert "Grote speeltuin" not in client.get(url).content.decode()
    # ... and is seen once the round's results are declared changed.
    services.results_changed(round_.pk)
    assert "Grote speeltuin" in client.get(url).content.decode()


def test_a_cached_results_page_reads_only_the_round(client, published):
    round_, _projects = published
    url = f"/begroten/ronde/{round_.pk}/uitslag/"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert not any("budgeting_project" in q["sql"] for q in captured.captured_queries)


def test_realisation_update_moves_the_version_on(published, official, django_capture_on_commit_callbacks):
    round_, projects = published
    before = services.results_version(round_.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_realisation_update(
            user=official, project=Project.objects.get(pk=projects[0].pk), status=RealisationStatus.PLANNED, text="Ja"
        )
    assert services.results_version(round_.pk) > before


def test_publishing_moves_the_version_on(published):
    round_, _projects = published
    assert services.results_version(round_.pk) >= 1
