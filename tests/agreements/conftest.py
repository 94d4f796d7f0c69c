import datetime

import pytest

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.agreements import services
from samenspel.agreements.models import SignatureSide

LEVEL3 = [
    "G-IS-1",
    "G-IS-2",
    "G-IS-3",
    "G-IS-4",
    "G-IS-5",
    "G-IS-6",
    "G-TR-1",
    "G-TR-2",
    "G-TR-3",
    "G-TR-4",
    "G-TR-5",
    "G-ZG-1",
    "G-ZG-2",
    "G-ZG-3",
    "G-ZG-4",
    "G-ZG-5",
    "G-GG-1",
    "G-GG-2",
    "G-GG-3",
]
ROLES3 = [
    ("think", "directs", "wijk_body"),
    ("decide", "decides", "wijk_body"),
    ("do", "organises", "wijk_body"),
    ("do", "facilitates", "area_team"),
    ("learn", "accounts", "wijk_body"),
]
ROLES1 = [("think", "advises", "resident_organisation"), ("decide", "decides", "college")]


@pytest.fixture
def official(municipality, make_user):
    return make_user(Role.AREA_OFFICIAL, municipality, display_name="Fatima")


@pytest.fixture
def alderman(municipality, make_user):
    return make_user(Role.COLLEGE, municipality, display_name="Wethouder")


@pytest.fixture
def council_member(municipality, make_user):
    return make_user(Role.COUNCIL, municipality, display_name="Raadslid")


@pytest.fixture
def body(wijk):
    return Organisation.objects.create(
        name="Coöperatieve Wijkraad", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk
    )


@pytest.fixture
def body_member(wijk, body, make_user):
    user = make_user(Role.RESIDENT, wijk, display_name="Sanne")
    Membership.objects.create(user=user, role=Role.BODY_MEMBER, place=wijk, organisation=body)
    return user


@pytest.fixture
def trajectory(official, wijk, body):
    t = services.start_trajectory(user=official, place=wijk, title="Wijkdemocratie", desired_level=3)
    services.add_participant(user=official, trajectory=t, kind="wijk_body", organisation=body)
    return t


def due(days=60):
    return datetime.date.today() + datetime.timedelta(days=days)


def make_congruent(official, version, *, level=3, title="Wijkbudget"):
    """A scope item that satisfies every check at its level."""
    services.save_version_details(
        user=official,
        version=version,
        representation_statement="De wijkraad, gekozen door loting.",
        accountability_to_wijk=True,
        accountability_to_gemeente=True,
        accountability_frequency="jaarlijks",
    )
    item = services.save_scope_item(
        user=official,
        version=version,
        title=title,
        kind="budget",
        level=level,
        instruments=["buurtbudget"] if level == 3 else [],
    )
    services.set_roles(user=official, item=item, assignments=ROLES3 if level == 3 else ROLES1)
    codes = LEVEL3 if level == 3 else ["G-TR-1", "G-TR-2", "G-ZG-1"]
    services.set_safeguards(user=official, version=version, scope_item=item, codes=codes)
    services.add_action(
        user=official, version=version, scope_item=item, title="Ideeënronde openen", owner_side="wijk", due_date=due()
    )
    return item


@pytest.fixture
def signed_level3(official, trajectory, body_member, alderman):
    version = services.start_agreement(user=official, trajectory=trajectory)
    make_congruent(official, version)
    assert services.submit_for_review(user=official, version=version).congruent
    services.sign(user=body_member, version=version, side=SignatureSide.WIJK, name_shown="Sanne", capacity="voorzitter")
    services.sign(user=alderman, version=version, side=SignatureSide.GEMEENTE, name_shown="W", capacity="wethouder")
    version.refresh_from_db()
    return version
