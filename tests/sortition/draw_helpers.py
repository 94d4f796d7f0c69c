"""Shared fixtures and helpers for the tests of the draw by lot (ORM, services, pages). Import
the fixtures into a test module with `from .draw_helpers import *`."""

import csv
import io

import pytest

from samenspel.accounts.models import Organisation, OrganisationKind, Role
from samenspel.demo.sortition_demo import synthetic_register
from samenspel.sortition import register, services
from samenspel.sortition.models import Invitation

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run at once in tests; no rate limit left over from another test."""
    from django.core.cache import cache

    settings.TASKS = IMMEDIATE
    cache.clear()


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
    return make_user(Role.RESIDENT, wijk, display_name="Anouk")


@pytest.fixture
def body(wijk):
    return Organisation.objects.create(
        name="Coöperatieve Wijkraad Oosterparkwijk", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk
    )


@pytest.fixture
def draw(official, wijk, body):
    return services.create_draw(
        user=official,
        place=wijk,
        organisation=body,
        title="Wijkraad door loting",
        purpose="Een raad van bewoners die over het wijkbudget beslist.",
        seats=5,
        min_age=16,
    )


def register_csv(residents) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "age", "gender", "buurt", "address", "name", "postcode", "city"])
    for r in residents:
        gender = {"woman": "V", "man": "M", "other": "O"}[r.gender]
        writer.writerow([r.id, r.age, gender, r.buurt, r.address, r.name, r.postcode, r.city])
    return out.getvalue().encode()


def residents(size=300, seed=1):
    return synthetic_register(size, seed=seed)


def letters_of(draw) -> list[dict]:
    """The plain letters (codes included), as the printer would get them."""
    return [register.decrypt(i.letter) for i in Invitation.objects.filter(draw=draw).order_by("number")]


FEATURE_CYCLE = [
    {"age": "16-24", "gender": "woman", "buurt": "Noord"},
    {"age": "25-44", "gender": "man", "buurt": "Midden"},
    {"age": "45-64", "gender": "woman", "buurt": "Zuid"},
    {"age": "65+", "gender": "man", "buurt": "Oost"},
    {"age": "25-44", "gender": "woman", "buurt": "Noord"},
    {"age": "45-64", "gender": "man", "buurt": "Zuid"},
]


def invited(draw, official, *, size=300, letters=60):
    """A draw with its extract uploaded and `letters` letters drawn."""
    services.upload_extract(user=official, draw=draw, residents=residents(size))
    services.draw_invitations(user=official, draw=draw, count=letters)
    return letters_of(draw)


def answer_yes(letter, features, *, house_number=None, **extra):
    number = house_number or letter["address"].rsplit(" ", 1)[1]
    return services.reply(
        code=letter["code"],
        accept=True,
        features=features,
        postcode="9999AA",
        house_number=number,
        consent=True,
        **extra,
    )


def pool(draw, official, *, yes=30, features=None, close=True):
    """A draw with `yes` residents in the pool (features from FEATURE_CYCLE, or `features(i)`),
    each in their own household unless the features function says otherwise."""
    letters = invited(draw, official, letters=max(yes + 5, 40))
    for i, letter in enumerate(letters[:yes]):
        answer_yes(letter, features(i) if features else FEATURE_CYCLE[i % len(FEATURE_CYCLE)], house_number=str(i + 1))
    services.reply(code=letters[yes]["code"], accept=False)
    if close:
        services.close_replies(user=official, draw=draw)
    return letters


def committed(draw, official, *, yes=30, seed_source="Staatsloterij, 10 januari 2026"):
    pool(draw, official, yes=yes)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source=seed_source)
    selection.refresh_from_db()
    return services.commit(user=official, selection=selection)
