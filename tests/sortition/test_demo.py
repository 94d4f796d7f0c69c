"""The demo draw: the Coöperatieve Wijkraad Oosterparkwijk, drawn from a synthetic register,
with its commitment, LEXIMIN chances, 11 seated members and one replacement."""

import pytest

from samenspel.accounts.models import Organisation, OrganisationKind, Role, User
from samenspel.core import audit
from samenspel.demo import sortition_demo
from samenspel.places.models import Place, PlaceKind
from samenspel.sortition import services
from samenspel.sortition.models import (
    DrawStatus,
    Invitation,
    RegisterExtract,
    Respondent,
    RespondentStatus,
    SelectionKind,
)

from .draw_helpers import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    from samenspel.accounts.models import Membership

    gemeente = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen", cbs_code="GM0014")
    wijk = Place.objects.create(
        kind=PlaceKind.WIJK, name="Oosterparkwijk", slug="oosterparkwijk", cbs_code="WK001404", parent=gemeente
    )
    fatima = User.objects.create_user("fatima@gemeente-groningen.example", "x", display_name="Fatima Bakker")
    Membership.objects.create(user=fatima, role=Role.AREA_OFFICIAL, place=gemeente)
    cwr = Organisation.objects.create(
        name="Coöperatieve Wijkraad Oosterparkwijk", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk
    )
    return {fatima.email: fatima}, {"GM0014": gemeente, "WK001404": wijk}, {"cwr": cwr}


def test_the_synthetic_register_follows_the_cbs_gender_split():
    people = sortition_demo.synthetic_register()
    assert len(people) == 1500 and all(p.age >= 16 for p in people)
    women = sum(p.gender == "woman" for p in people) / len(people)
    assert abs(women - 6585 / (6385 + 6585)) < 0.04
    assert all(p.id.startswith("DEMO") for p in people)
    assert len({p.address for p in people}) < len(people)  # people share households


def test_demo_draw(demo_world):
    assert sortition_demo.load(*demo_world) == 1
    (draw,) = demo_world[1]["WK001404"].draws.all()
    assert draw.status == DrawStatus.SEATED and draw.seats == 11
    assert Invitation.objects.filter(draw=draw).count() == 250
    yes = Respondent.objects.filter(draw=draw).exclude(status=RespondentStatus.DECLINED_INVITATION).count()
    assert 60 <= yes <= 100
    extract = RegisterExtract.objects.get(draw=draw)
    assert extract.is_deleted and bytes(extract.payload) == b"" and extract.rows == 1500
    assert Respondent.objects.filter(draw=draw, status=RespondentStatus.SEATED).count() == 11
    assert Respondent.objects.filter(draw=draw, status=RespondentStatus.DECLINED_SEAT).count() == 1

    main, replacement = draw.selections.order_by("number")
    assert main.kind == SelectionKind.MAIN and replacement.kind == SelectionKind.REPLACEMENT
    assert main.commitment and main.committed_at < main.revealed_at
    assert main.seed == sortition_demo.SEED and len(main.selected) == 11
    assert replacement.seats == 1 and len(replacement.selected) == 1
    summary = services.probability_summary(main)
    assert summary["people"] == yes and summary["min"] > 0

    from samenspel.sortition.draw import verify

    for selection in (main, replacement):
        result = verify(services.material(selection))
        assert result["ok"], result
        assert sorted(result["selected"]) == selection.selected
    assert audit.verify().ok


def test_demo_is_idempotent(demo_world):
    sortition_demo.load(*demo_world)
    assert sortition_demo.load(*demo_world) == 0
    assert demo_world[1]["WK001404"].draws.count() == 1
