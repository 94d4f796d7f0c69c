"""Shared fixtures for the deliberation tests: a conversation in Oosterparkwijk with seed
statements, the people around it, and a body with a meeting."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.deliberation import services
from samenspel.deliberation.models import Moderation

SEEDS = [
    "Er moet meer groen komen in de wijk.",
    "De speeltuin moet worden vernieuwd.",
    "Er zijn te weinig bankjes in het park.",
    "Parkeren moet gratis blijven in de wijk.",
    "Er moet een buurthuis komen dat ook 's avonds open is.",
    "De stoepen worden slecht onderhouden.",
    "Jongeren hebben te weinig te doen.",
    "De bussen moeten vaker rijden.",
]


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
def official(make_user, wijk):
    return make_user(Role.AREA_OFFICIAL, wijk, display_name="Fatima Official")


@pytest.fixture
def resident(make_user, wijk):
    return make_user(Role.RESIDENT, wijk, display_name="Rik Resident")


@pytest.fixture
def outsider(make_user, other_wijk):
    return make_user(Role.RESIDENT, other_wijk, display_name="Olga Outsider")


@pytest.fixture
def body(wijk):
    return Organisation.objects.create(name="Wijkraad Oosterpark", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk)


@pytest.fixture
def member(make_user, wijk, body):
    user = make_user(Role.RESIDENT, wijk, display_name="Sanne Member")
    Membership.objects.create(user=user, role=Role.BODY_MEMBER, place=wijk, organisation=body)
    return user


@pytest.fixture
def tasks_dummy(settings):
    """Queued tasks are kept, not run: what was enqueued can be counted."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


@pytest.fixture
def tasks_immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def conversation(official, wijk, tasks_dummy):
    return services.start_conversation(
        user=official,
        place=wijk,
        title="Het gesprek over Oosterpark",
        question="Hoe maken we de wijk beter?",
        moderation=Moderation.AFTER,
        allow_anonymous=True,
        seed_statements=SEEDS,
    )


@pytest.fixture
def meeting(member, body):
    starts = timezone.now() + datetime.timedelta(days=14)
    return services.plan_meeting(
        user=member,
        kind="body_meeting",
        title="Openbare vergadering",
        organisation=body,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        location_name="Wijkcentrum",
        address="Oosterparkweg 1, Groningen",
        documents_days_before=7,
    )


@pytest.fixture
def past_meeting(member, body):
    starts = timezone.now() - datetime.timedelta(days=2)
    return services.plan_meeting(
        user=member,
        kind="body_meeting",
        title="Vergadering van vorige week",
        organisation=body,
        starts_at=starts,
        address="Oosterparkweg 1, Groningen",
    )
