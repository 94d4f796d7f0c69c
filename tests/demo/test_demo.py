import io

import pytest
from django.core.management import CommandError, call_command

from samenspel.accounts.models import PRIVILEGED_ROLES, Membership, Role, User
from samenspel.core import audit
from samenspel.core.models import AuditEntry
from samenspel.places.models import DnaItem, IndicatorValue, Place, PlaceKind


@pytest.fixture
def loaded(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_has_both_municipalities_with_real_figures(loaded):
    assert Place.objects.filter(municipality__cbs_code="GM0014", kind=PlaceKind.WIJK).count() == 20
    assert Place.objects.filter(municipality__cbs_code="GM1969", kind=PlaceKind.DORP).count() == 18
    oosterpark = Place.objects.get(cbs_code="WK001404")
    assert IndicatorValue.objects.get(place=oosterpark, indicator="inhabitants").value == 12970
    assert oosterpark.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert Place.objects.get(cbs_code="WK196911").name == "Marum"


def test_demo_has_people_for_every_role_and_prints_their_logins(loaded):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    for user in User.objects.all():
        assert user.email in loaded
    assert "samen-demo-2026" in loaded
    assert "demo_code" in loaded  # how privileged demo users get their second factor


def test_demo_has_dna_items_online_and_offline(loaded):
    assert DnaItem.objects.count() >= 10
    assert DnaItem.objects.exclude(channel="online").filter(author=None).exists()


def test_demo_is_idempotent_and_audited(loaded):
    counts = (Place.objects.count(), User.objects.count(), DnaItem.objects.count(), Membership.objects.count())
    entries = AuditEntry.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (Place.objects.count(), User.objects.count(), DnaItem.objects.count(), Membership.objects.count()) == counts
    assert AuditEntry.objects.count() == entries + 2  # only the two CBS re-imports themselves
    assert audit.verify().ok


def test_demo_code_only_for_demo_accounts(loaded, make_user):
    privileged = User.objects.filter(memberships__role__in=PRIVILEGED_ROLES).first()
    out = io.StringIO()
    call_command("demo_code", privileged.email, stdout=out)
    assert out.getvalue().strip().isdigit()
    with pytest.raises(CommandError):
        call_command("demo_code", make_user().email)


def test_no_demo_logins_without_the_demo(db):
    assert not User.objects.exists()


def test_demo_has_trajectories_at_every_step(loaded):
    from samenspel.agreements.models import AgreementVersion, Evaluation, Step, Trajectory, VersionStatus

    statuses = set(AgreementVersion.objects.values_list("status", flat=True))
    assert {
        VersionStatus.IN_EVALUATION,
        VersionStatus.ACTIVE,
        VersionStatus.AWAITING_COUNCIL,
        VersionStatus.INCONGRUENT,
    } <= statuses
    assert Trajectory.objects.filter(step=Step.DISCUSS).exists()
    levels = set(AgreementVersion.objects.values_list("scope_items__level", flat=True))
    assert levels == {1, 2, 3}
    assert Evaluation.objects.count() == 1
