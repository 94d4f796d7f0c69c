"""No list operation's query count grows with the number of rows it returns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import conftest as f


def _rows(name, world, n, start):
    w, m, org = world.wijk, world.municipality, world.organisation
    for i in range(start, start + n):
        if name == "places":
            from samenspel.places.models import Place, PlaceKind

            Place.objects.create(kind=PlaceKind.BUURT, name=f"Buurt {i}", slug=f"buurt-{i}", parent=w)
        elif name == "figures":
            from samenspel.places.models import IndicatorValue

            IndicatorValue.objects.create(place=w, indicator="inhabitants", year=1900 + i, value=i, source=world.source)
        elif name == "agreements":
            f.make_agreement(w, i)
        elif name == "agenda-items":
            f.make_agenda_item(w, i, idea=world.idea)
        elif name == "ideas":
            f.make_idea(w, world.resident, i)
        elif name == "budget-rounds":
            f.make_round(w, i, phase="closed", published=bool(i % 2))
        elif name == "consultations":
            from samenspel.panel.models import Consultation

            Consultation.objects.create(
                place=w, title=f"R {i}", opens_at=world.consultation.opens_at, closes_at=world.consultation.closes_at
            )
        elif name == "decisions":
            f.make_decision(w, i, body=org)
        elif name == "advice":
            f.make_advice(w, org, i)
        elif name == "accountability-reports":
            f.make_report(w, org, i)
        elif name in ("budget-lines", "expenditures"):
            f.make_line(m, w, i)
        elif name == "challenges":
            f.make_challenge(m, w, org, i)
        elif name == "conversations":
            f.make_conversation(w, world.official, i)
        elif name == "debates":
            f.make_debate(w, world.resident, i)
        elif name == "meetings":
            f.make_meeting(w, world.official, i, organisation=org)
        elif name == "statements":
            from samenspel.deliberation.models import Statement
            from samenspel.deliberation.services import normalise_statement

            text = f"Stelling nummer {i}"
            Statement.objects.create(
                conversation=world.conversation, text=text, normalised=normalise_statement(text), status="published"
            )


LISTS = [
    "places",
    "figures",
    "agreements",
    "agenda-items",
    "ideas",
    "budget-rounds",
    "consultations",
    "decisions",
    "advice",
    "accountability-reports",
    "budget-lines",
    "expenditures",
    "challenges",
    "conversations",
    "statements",
    "debates",
    "meetings",
]


def _path(name, world):
    if name == "figures":
        return f"/api/v1/places/{world.wijk.pk}/figures"
    if name == "statements":
        return f"/api/v1/conversations/{world.conversation.pk}/statements"
    return f"/api/v1/{name}"


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("name", LISTS)
def test_query_count_does_not_grow_with_rows(client, world, name):
    path = _path(name, world)
    _rows(name, world, 5, 1000)
    few, few_rows = _count(client, path)
    _rows(name, world, 20, 2000)
    many, many_rows = _count(client, path)
    assert many_rows >= few_rows + 20
    assert many == few, f"{name}: {few} queries for {few_rows} rows, {many} for {many_rows}"
