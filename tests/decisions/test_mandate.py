"""The mandate check (spec §10.8): binding only at level 3, with the body deciding, under an
agreement in force, and never on a city-wide matter."""

import itertools

import pytest

from samenspel.accounts.models import Organisation, OrganisationKind
from samenspel.agreements.models import RoleAssignment, ScopeItem, TrajectoryParticipant, VersionStatus
from samenspel.decisions import mandate
from samenspel.decisions.mandate import check_mandate, mandate_for

# --- Pure ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "holds", "in_force", "citywide"),
    list(itertools.product([None, 1, 2, 3], [True, False], [True, False], [True, False])),
)
def test_binding_only_when_every_condition_holds(level, holds, in_force, citywide):
    result = check_mandate(level, holds, in_force, citywide)
    assert result.binding is (level == 3 and holds and in_force and not citywide)
    assert result.counts_as_advice is not result.binding
    assert str(result.reason)  # always explained


def test_within_mandate():
    result = check_mandate(3, True, True, False)
    assert result == mandate.result(mandate.WITHIN_MANDATE)
    assert result.binding and result.code == mandate.WITHIN_MANDATE


@pytest.mark.parametrize("level", [1, 2])
def test_lower_level_counts_as_advice(level):
    result = check_mandate(level, True, True, False)
    assert not result.binding and result.code == mandate.LEVEL_TOO_LOW


def test_agreement_not_in_force_counts_as_advice():
    result = check_mandate(3, True, False, False)
    assert not result.binding and result.code == mandate.NOT_IN_FORCE


def test_someone_else_deciding_counts_as_advice():
    assert check_mandate(3, False, True, False).code == mandate.NO_DECIDING_ROLE
    assert check_mandate(3, False, True, False, decides_together=True).code == mandate.DECIDES_TOGETHER


def test_citywide_counts_as_advice_whatever_else_holds():
    result = check_mandate(3, True, True, True)
    assert not result.binding and result.code == mandate.CITYWIDE


def test_first_failing_reason_is_given():
    assert check_mandate(1, False, False, True).code == mandate.CITYWIDE
    assert check_mandate(1, False, False, False).code == mandate.NOT_IN_FORCE
    assert check_mandate(1, False, True, False).code == mandate.LEVEL_TOO_LOW


def test_every_code_has_a_message():
    for code in mandate.MESSAGES:
        assert mandate.message(code)
        assert mandate.result(code).reason == mandate.MESSAGES[code]
    assert mandate.message("") == "" and mandate.message("unknown") == ""
    assert mandate.result(mandate.MUNICIPAL).binding


# --- ORM -------------------------------------------------------------------------------------


def _item(version, level, *actors, citywide=False, title="Thema"):
    item = ScopeItem.objects.create(version=version, title=title, level=level, is_citywide=citywide, order=99)
    for actor in actors:
        RoleAssignment.objects.create(scope_item=item, phase="decide", responsibility="decides", actor=actor)
    return item


def test_level3_body_decides_in_force_is_binding(in_force, body):
    result = mandate_for(body, in_force.budget)
    assert result.binding and result.code == mandate.WITHIN_MANDATE


def test_in_evaluation_still_in_force(in_force, body):
    in_force.version.status = VersionStatus.IN_EVALUATION
    in_force.version.save(update_fields=["status"])
    assert mandate_for(body, ScopeItem.objects.get(pk=in_force.budget.pk)).binding


def test_level1_theme_is_advice(in_force, body):
    result = mandate_for(body, in_force.theme)
    assert not result.binding and result.code == mandate.LEVEL_TOO_LOW


def test_level2_is_advice(in_force, body):
    item = _item(in_force.version, 2, "wijk_body")
    assert mandate_for(body, item).code == mandate.LEVEL_TOO_LOW


@pytest.mark.parametrize(
    "status", [VersionStatus.CONCEPT, VersionStatus.SIGNED, VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN]
)
def test_agreement_not_active_is_advice(in_force, body, status):
    in_force.version.status = status
    in_force.version.save(update_fields=["status"])
    result = mandate_for(body, ScopeItem.objects.get(pk=in_force.budget.pk))
    assert not result.binding and result.code == mandate.NOT_IN_FORCE


def test_another_actor_decides_is_advice(in_force, body):
    assert mandate_for(body, _item(in_force.version, 3, "college")).code == mandate.NO_DECIDING_ROLE
    assert mandate_for(body, _item(in_force.version, 3)).code == mandate.NO_DECIDING_ROLE


def test_deciding_together_is_advice(in_force, body):
    result = mandate_for(body, _item(in_force.version, 3, "together"))
    assert not result.binding and result.code == mandate.DECIDES_TOGETHER


def test_wijk_body_deciding_in_another_phase_is_not_enough(in_force, body):
    item = _item(in_force.version, 3)
    RoleAssignment.objects.create(scope_item=item, phase="do", responsibility="decides", actor="wijk_body")
    RoleAssignment.objects.create(scope_item=item, phase="decide", responsibility="advises", actor="wijk_body")
    assert mandate_for(body, item).code == mandate.NO_DECIDING_ROLE


def test_citywide_is_advice(in_force, body):
    result = mandate_for(body, _item(in_force.version, 3, "wijk_body", citywide=True))
    assert not result.binding and result.code == mandate.CITYWIDE


def test_another_body_has_no_mandate(in_force, wijk):
    other = Organisation.objects.create(name="Andere raad", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk)
    result = mandate_for(other, in_force.budget)
    assert not result.binding and result.code == mandate.NOT_THE_BODY


def test_without_a_named_body_the_places_own_body_counts(in_force, body, wijk):
    TrajectoryParticipant.objects.filter(trajectory=in_force.trajectory, kind="wijk_body").delete()
    assert mandate_for(body, in_force.budget).binding
    association = Organisation.objects.create(
        name="Vereniging", kind=OrganisationKind.RESIDENT_ORGANISATION, place=wijk
    )
    assert mandate_for(association, in_force.budget).code == mandate.NOT_THE_BODY


def test_no_scope_item_or_body(in_force, body):
    assert mandate_for(body, None).code == mandate.NO_SCOPE_ITEM
    assert mandate_for(None, in_force.budget).code == mandate.NO_SCOPE_ITEM
