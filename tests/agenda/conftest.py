"""People and agreements for the neighbourhood agenda's tests. Agreements are built through
the agreements services, the way the demo builds them, so the check on adoption reads a real
role matrix of an agreement in force."""

import datetime

import pytest
from django.conf import settings

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.agenda import services
from samenspel.agreements import services as agreements
from samenspel.agreements.models import SignatureSide
from samenspel.places.models import DnaItem, DnaKind

LEVEL3_SAFEGUARDS = [
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
LEVEL2_SAFEGUARDS = ["G-IS-1", "G-IS-2", "G-IS-5", "G-TR-1", "G-TR-2", "G-TR-3", "G-ZG-1", "G-ZG-2", "G-GG-1", "G-GG-3"]
LEVEL1_SAFEGUARDS = ["G-TR-1", "G-TR-2", "G-ZG-1"]

ROLES = {
    3: [
        ("think", "directs", "wijk_body"),
        ("think", "facilitates", "area_team"),
        ("decide", "decides", "wijk_body"),
        ("do", "organises", "wijk_body"),
        ("do", "facilitates", "area_team"),
        ("learn", "accounts", "wijk_body"),
    ],
    2: [
        ("think", "directs", "resident_organisation"),
        ("think", "facilitates", "area_team"),
        ("decide", "decides", "together"),
        ("do", "organises", "resident_organisation"),
        ("do", "facilitates", "area_team"),
        ("learn", "accounts", "resident_organisation"),
    ],
    1: [
        ("think", "advises", "resident_organisation"),
        ("think", "organises", "area_team"),
        ("decide", "decides", "college"),
        ("do", "carries_out", "area_team"),
        ("learn", "accounts", "college"),
    ],
}


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


@pytest.fixture
def english(client):
    """UI strings in English, so the checks do not depend on the Dutch translations."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def login(client, user):
    client.force_login(user)
    session = client.session
    session["two_factor_ok"] = True  # these tests are not about two-step login
    session.save()


@pytest.fixture
def official(municipality, make_user):
    return make_user(Role.AREA_OFFICIAL, municipality, display_name="Fatima Bakker")


@pytest.fixture
def alderman(municipality, make_user):
    return make_user(Role.COLLEGE, municipality, display_name="Wethouder Mulder")


@pytest.fixture
def council_member(municipality, make_user):
    return make_user(Role.COUNCIL, municipality, display_name="Lotte Kramer")


@pytest.fixture
def facilitator(wijk, make_user):
    return make_user(Role.FACILITATOR, wijk, display_name="Joost")


@pytest.fixture
def body(wijk):
    return Organisation.objects.create(
        name="Coöperatieve Wijkraad", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk
    )


@pytest.fixture
def resident_org(wijk):
    return Organisation.objects.create(
        name="Bewonersorganisatie Oosterpark", kind=OrganisationKind.RESIDENT_ORGANISATION, place=wijk
    )


@pytest.fixture
def body_member(wijk, body, make_user):
    user = make_user(Role.RESIDENT, wijk, display_name="Sanne de Vries")
    Membership.objects.create(user=user, role=Role.BODY_MEMBER, place=wijk, organisation=body)
    return user


@pytest.fixture
def org_rep(wijk, resident_org, make_user):
    user = make_user(Role.RESIDENT, wijk, display_name="Erik")
    Membership.objects.create(user=user, role=Role.ORG_REPRESENTATIVE, place=wijk, organisation=resident_org)
    return user


@pytest.fixture
def resident(wijk, make_user):
    return make_user(Role.RESIDENT, wijk, display_name="Anouk")


@pytest.fixture
def outsider(other_wijk, make_user):
    return make_user(Role.RESIDENT, other_wijk, display_name="Piet")


@pytest.fixture
def agenda(official, wijk):
    return services.create_agenda(
        user=official, place=wijk, title="Wijkagenda Oosterparkwijk 2027", period_start=days(0), period_end=days(365)
    )


@pytest.fixture
def dna_weakness(wijk, resident):
    return DnaItem.objects.create(
        place=wijk, kind=DnaKind.WEAKNESS, text="Jongeren hebben 's avonds weinig plekken. Echt waar.", author=resident
    )


@pytest.fixture
def make_agreement(official, wijk, body, resident_org, body_member, alderman, council_member, municipality):
    """An agreement in force for the wijk with the given scope items:
    (title, level, is_citywide). Level 3 goes through the council, as it must."""

    def make(*items, activate=True):
        t = agreements.start_trajectory(user=official, place=wijk, title="Wijkdemocratie", desired_level=3)
        agreements.add_participant(user=official, trajectory=t, kind="wijk_body", organisation=body)
        agreements.add_participant(user=official, trajectory=t, kind="resident_organisation", organisation=resident_org)
        version = agreements.start_agreement(user=official, trajectory=t)
        agreements.save_version_details(
            user=official,
            version=version,
            representation_statement="De wijkraad, gekozen door loting.",
            accountability_to_wijk=True,
            accountability_to_gemeente=True,
            accountability_frequency="jaarlijks",
        )
        agreements.set_safeguards(user=official, version=version, codes=LEVEL1_SAFEGUARDS)
        for title, level, citywide in items:
            extra = {
                3: {"instruments": ["buurtbudget"], "desired_level": 3, "kind": "budget", "ownership": 2},
                2: {"instruments": ["buurtbijeenkomst", "werkgroep"], "desired_level": 2, "kind": "agenda_part"},
                1: {
                    "instruments": ["inspraak", "wijkadvies"],
                    "desired_level": 1,
                    "kind": "theme",
                    "council_role": "deciding",
                },
            }[level]
            item = agreements.save_scope_item(
                user=official, version=version, title=title, level=level, is_citywide=citywide, **extra
            )
            agreements.set_roles(user=official, item=item, assignments=ROLES[level])
            codes = {3: LEVEL3_SAFEGUARDS, 2: LEVEL2_SAFEGUARDS, 1: LEVEL1_SAFEGUARDS}[level]
            agreements.set_safeguards(user=official, version=version, scope_item=item, codes=codes)
            agreements.add_action(
                user=official, version=version, scope_item=item, title="Starten", owner_side="wijk", due_date=days(60)
            )
        report = agreements.submit_for_review(user=official, version=version)
        assert report.congruent, [f.message for f in report.violations]
        agreements.sign(
            user=body_member, version=version, side=SignatureSide.WIJK, name_shown="Sanne", capacity="voorzitter"
        )
        agreements.sign(
            user=alderman, version=version, side=SignatureSide.GEMEENTE, name_shown="W", capacity="wethouder"
        )
        version.refresh_from_db()
        if not activate:
            return version
        if version.needs_council_decision:
            agreements.record_council_decision(
                user=council_member,
                municipality=municipality,
                decided_on=days(0),
                reference="RB-1",
                title="Overdracht",
                outcome="adopted",
                versions=[version],
            )
        agreements.activate(user=official, version=version)
        version.refresh_from_db()
        return version

    return make


def scope(version, title):
    return version.scope_items.get(title=title)


@pytest.fixture
def worked_out(agenda, resident, official):
    """A proposed item, worked out together; no scope item yet."""

    def make(title="Speeltuin opknappen", scope_item=None, is_citywide=False):
        item = services.propose_item(
            user=resident, agenda=agenda, title=title, origin="other", description="De speeltuin is versleten."
        )
        return services.work_out(
            user=official,
            item=item,
            description="Nieuwe toestellen en een bankje.",
            ownership=2,
            scope_item=scope_item,
            is_citywide=is_citywide,
        )

    return make


@pytest.fixture(autouse=True)
def _english():
    """Messages in English, so the checks do not depend on the Dutch translations. What becomes
    part of the public record (who adopted, in what capacity) is in the site's language."""
    from django.utils import translation

    with translation.override("en"):
        yield
