import datetime
import io
from types import SimpleNamespace

import pytest
from django.conf import settings

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.finance import services
from samenspel.finance.models import Taakveld
from samenspel.places.models import DataSource, IndicatorValue, Place, PlaceKind

# The agreement in force of the decisions tests: a level-3 wijkbudget the body decides on.
from tests.decisions.conftest import alderman, body, body_member, council_member, in_force, official  # noqa: F401


@pytest.fixture(autouse=True)
def _taakvelden(request):
    """The Iv3 taakvelden that the data migration seeds; a browser test flushes them."""
    names = request.fixturenames
    if not ("db" in names or "transactional_db" in names or request.node.get_closest_marker("django_db")):
        return
    from samenspel.finance.seeding import load_taakvelden

    load_taakvelden()


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever translations exist."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


def tv(code: str) -> Taakveld:
    return Taakveld.objects.get(code=code)


@pytest.fixture
def buurt(wijk):
    return Place.objects.create(
        kind=PlaceKind.BUURT, name="Oosterpark-Noord", slug="oosterpark-noord", cbs_code="BU00140400", parent=wijk
    )


@pytest.fixture
def inhabitants(municipality, wijk, other_wijk):
    source = DataSource.objects.create(key="cbs-test", title="CBS Kerncijfers", publisher="CBS")
    for place, value in ((municipality, 240_000), (wijk, 12_000), (other_wijk, 24_000)):
        IndicatorValue.objects.create(place=place, indicator="inhabitants", year=2024, value=value, source=source)
    return source


@pytest.fixture
def resident(wijk, make_user):
    return make_user(Role.RESIDENT, wijk, display_name="Anouk")


@pytest.fixture
def outsider(make_user):
    return make_user(display_name="Iemand")


@pytest.fixture
def collective(wijk):
    return Organisation.objects.create(name="Bewonerscollectief Park", kind=OrganisationKind.COLLECTIVE, place=wijk)


@pytest.fixture
def org_rep(wijk, collective, make_user):
    user = make_user(Role.RESIDENT, wijk, display_name="Ria")
    Membership.objects.create(user=user, role=Role.ORG_REPRESENTATIVE, place=wijk, organisation=collective)
    return user


@pytest.fixture
def green_line(official, municipality, wijk):  # noqa: F811
    return services.save_line(
        user=official,
        municipality=municipality,
        year=datetime.date.today().year,
        place=wijk,
        taakveld=tv("5.7"),
        description="Onderhoud openbaar groen",
        planned_cents=5_000_000,
    )


CHALLENGE = {
    "title": "Bewoners onderhouden het park",
    "task": "Maaien, snoeien en zwerfvuil ruimen in het park.",
    "why_better": "Wij wonen eromheen en zijn er elke dag.",
    "involvement": "Twee oud-hoveniers in de groep.",
    "support_description": "Veertig buren steunen het.",
    "cost_estimate_cents": 1_800_000,
    "cost_explanation": "Twee krachten en materiaal.",
    "support_wanted": "Afvoer van groenafval.",
    "quality_continuity": "Een onderhoudsplan en een schouw per kwartaal.",
}


@pytest.fixture
def challenge(org_rep, collective, wijk):
    return services.submit_challenge(user=org_rep, organisation=collective, place=wijk, **CHALLENGE)


def all_criteria(municipality, verdict="yes"):
    from samenspel.finance.terms import terms_for

    return [{"criterion": c, "verdict": verdict, "reason": "zo is het"} for c in terms_for(municipality).criteria]


@pytest.fixture
def approved(challenge, official, municipality, green_line):  # noqa: F811
    services.decide_admissibility(user=official, challenge=challenge, admissible=True, reasons="Compleet.")
    services.assess_challenge(
        user=official,
        challenge=challenge,
        approved=True,
        criteria=all_criteria(municipality),
        reasons="Goedkoper en gesteund.",
        budget_line=green_line,
    )
    challenge.refresh_from_db()
    return SimpleNamespace(challenge=challenge, line=green_line)


def csv_bytes(text: str) -> bytes:
    return text.strip().encode("utf-8") + b"\n"


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
