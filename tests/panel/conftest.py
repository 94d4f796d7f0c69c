"""Shared fixtures for the panel tests: a panel for Oosterparkwijk with members, an official,
a resident, and consultations before, during and after their answering period."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.panel import services
from samenspel.panel.models import Consultation, QuestionKind

DAY = datetime.timedelta(days=1)


def login(client, user):
    client.force_login(user)
    session = client.session
    session["two_factor_ok"] = True  # these tests are not about two-step login
    session.save()
    return client


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def official(make_user, wijk):
    return make_user(Role.AREA_OFFICIAL, wijk, display_name="Fatima Official")


@pytest.fixture
def resident(make_user, wijk):
    return make_user(Role.RESIDENT, wijk, display_name="Rik Resident")


@pytest.fixture
def panel(official, wijk):
    return services.create_panel(
        user=official, place=wijk, title="Wijkpanel Oosterpark", max_requests=2, period_days=90
    )


QUESTIONS = [
    (QuestionKind.SINGLE, "How often do you visit the park?", ["Daily", "Weekly", "Never"], {}),
    (QuestionKind.MULTIPLE, "What do you do there?", ["Walk", "Play", "Sport"], {}),
    (
        QuestionKind.SCALE,
        "How happy are you with the green?",
        [],
        {"scale": (1, 5), "label_low": "not", "label_high": "very"},
    ),
    (QuestionKind.RANKING, "What first?", ["Trees", "Light", "Benches"], {}),
    (QuestionKind.TEXT, "Any idea?", [], {}),
]


def make_consultation(official, panel, phase="open", place=None, questions=QUESTIONS, required=False):
    """A consultation with one question of each kind, whose dates put it in `phase` now."""
    now = timezone.now()
    consultation = services.create_consultation(
        user=official,
        place=place or panel.place,
        panel=panel,
        title="The green in the Oosterpark",
        opens_at=now + DAY,
        closes_at=now + 2 * DAY,
    )
    for kind, text, options, extra in questions:
        services.add_question(
            user=official, consultation=consultation, kind=kind, text=text, options=options, required=required, **extra
        )
    opens, closes = {"upcoming": (1, 10), "open": (-1, 10), "closed": (-10, -1)}[phase]
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=now + opens * DAY, closes_at=now + closes * DAY)
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def consultation(official, panel):
    return make_consultation(official, panel)


def answers_for(consultation, single=0, multiple=(0, 2), scale=4, ranking=(2, 0, 1), text="More trees"):
    q = {x.kind: x for x in consultation.questions.all()}
    return {
        q["single"].pk: single,
        q["multiple"].pk: list(multiple),
        q["scale"].pk: scale,
        q["ranking"].pk: list(ranking),
        q["text"].pk: text,
    }
