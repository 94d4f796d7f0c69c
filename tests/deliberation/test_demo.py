"""The deliberation demo on top of the demo municipality: the Selwerd opinion map, the
parking debate and the CWR's monthly meeting with its full record."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from samenspel.accounts.models import Organisation, User
from samenspel.deliberation.models import (
    Conversation,
    Debate,
    Meeting,
    Participant,
    StatementStatus,
)
from samenspel.deliberation.services import is_late, read_map
from samenspel.demo import deliberation_demo
from samenspel.demo.content import ORGANISATIONS
from samenspel.places.models import Place


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    users = {u.email: u for u in User.objects.all()}
    places = {p.cbs_code: p for p in Place.objects.exclude(cbs_code=None)}
    organisations = {key: Organisation.objects.get(name=name) for key, name, *_rest in ORGANISATIONS}
    if not Conversation.objects.exists():  # until the loader calls it itself
        deliberation_demo.load(users, places, organisations)
    return users, places, organisations


def test_selwerd_map_has_the_planted_groups(demo, client):
    conversation = Conversation.objects.get(place__cbs_code="WK001410")
    assert conversation.statements.filter(status=StatementStatus.PUBLISHED).count() == 30
    assert conversation.statements.filter(status=StatementStatus.HIDDEN).count() == 1
    assert conversation.statements.filter(channel="meeting").count() == 1
    assert Participant.objects.filter(conversation=conversation).count() >= 420
    assert conversation.participants.filter(channel="meeting").count() == 6
    reading = read_map(conversation)
    assert not reading["too_few"]
    assert len(reading["groups"]) == 3
    assert sorted(g["size"] for g in reading["groups"]) == pytest.approx([110, 140, 170], abs=15)
    assert reading["consensus"] and reading["divisive"]
    assert all(group["beliefs"] for group in reading["groups"])
    page = client.get(reverse("deliberation:map", args=[conversation.pk]))
    assert page.status_code == 200
    assert client.get(conversation.get_absolute_url()).status_code == 200


def test_debate_and_meeting_record(demo, client):
    debate = Debate.objects.get()
    assert debate.summary and not debate.is_open
    assert debate.arguments.filter(side="for").exists() and debate.arguments.filter(side="against").exists()
    assert debate.decision is not None and debate.decision.title.startswith("Bewonersparkeren")
    cwr = demo[2]["cwr"]
    upcoming = Meeting.objects.filter(organisation=cwr, schedule__isnull=False)
    assert 5 <= upcoming.count() <= 7
    assert all(m.starts_at.weekday() == 1 and m.starts_at.day <= 7 for m in upcoming)
    record = Meeting.objects.get(organisation=cwr, schedule__isnull=True)
    assert record.agenda_items.count() == 5
    assert record.documents.count() == 3 and not any(is_late(d) for d in record.documents.all())
    assert record.minutes_published_at is not None
    assert record.decisions.filter(title__startswith="Bewonersparkeren").exists()
    assert sum(a.count for a in record.attendance.all()) == 33
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Bewonersparkeren" in page and "Wijkcentrum Oosterpark" in page


def test_demo_load_is_idempotent(demo):
    assert deliberation_demo.load(*demo) == 0
