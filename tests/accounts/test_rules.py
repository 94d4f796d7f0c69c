"""Permissions per role: who may add, enter on behalf, change and moderate DNA items."""

import pytest

from samenspel.accounts.models import Role
from samenspel.places.models import DnaItem, DnaKind

ADD = "places.add_dnaitem"
ON_BEHALF = "places.add_dnaitem_on_behalf"
CHANGE = "places.change_dnaitem"
MODERATE = "places.moderate_dnaitem"


@pytest.fixture
def item(wijk, make_user):
    author = make_user(Role.RESIDENT, wijk)
    return DnaItem.objects.create(
        place=wijk, kind=DnaKind.STRENGTH, text="Veel groen", author=author, entered_by=author
    )


# role, held for: "wijk" | "other" | "municipality"; expected: add, on_behalf, moderate (for wijk)
CASES = [
    (Role.RESIDENT, "wijk", True, False, False),
    (Role.RESIDENT, "other", False, False, False),
    (Role.ORG_REPRESENTATIVE, "wijk", True, False, False),
    (Role.BODY_MEMBER, "wijk", True, False, False),
    (Role.AREA_OFFICIAL, "municipality", True, True, True),
    (Role.AREA_OFFICIAL, "other", False, False, False),
    (Role.FACILITATOR, "wijk", True, True, True),
    (Role.COLLEGE, "municipality", False, False, False),
    (Role.COUNCIL, "municipality", False, False, False),
    (Role.ADMINISTRATOR, "municipality", True, True, True),
]


@pytest.mark.parametrize(("role", "scope", "can_add", "can_on_behalf", "can_moderate"), CASES)
def test_dna_permissions_per_role(
    role, scope, can_add, can_on_behalf, can_moderate, wijk, other_wijk, municipality, make_user, item
):
    place = {"wijk": wijk, "other": other_wijk, "municipality": municipality}[scope]
    user = make_user(role, place)
    assert user.has_perm(ADD, wijk) is can_add
    assert user.has_perm(ON_BEHALF, wijk) is can_on_behalf
    assert user.has_perm(MODERATE, item) is can_moderate
    # Changing someone else's item is for staff only.
    assert user.has_perm(CHANGE, item) is can_moderate


def test_anonymous_may_do_nothing(wijk, item):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not anonymous.has_perm(ADD, wijk)
    assert not anonymous.has_perm(CHANGE, item)


def test_author_may_change_own_item(item):
    assert item.author.has_perm(CHANGE, item)
    assert not item.author.has_perm(MODERATE, item)


def test_expired_role_counts_for_nothing(wijk, make_user):
    import datetime

    user = make_user(Role.RESIDENT, wijk)
    user.memberships.update(valid_until=datetime.date(2020, 1, 1))
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm(ADD, wijk)


def test_role_for_a_wijk_does_not_cover_the_municipality(wijk, municipality, make_user):
    official = make_user(Role.AREA_OFFICIAL, wijk)
    assert official.has_perm(ON_BEHALF, wijk)
    assert not official.has_perm(ON_BEHALF, municipality)


def test_only_administrators_manage_roles(municipality, make_user):
    assert make_user(Role.ADMINISTRATOR, municipality).has_perm("accounts.manage_roles")
    assert not make_user(Role.AREA_OFFICIAL, municipality).has_perm("accounts.manage_roles")
    assert not make_user(Role.COUNCIL, municipality).has_perm("accounts.manage_roles")
