"""Who may do what, per role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from samenspel.accounts.models import Role
from samenspel.initiatives import services

from .conftest import in_conversation

EVERYONE_LOGGED_IN = ["initiatives.support", "initiatives.comment", "initiatives.offer_help", "initiatives.report"]
STAFF_ONLY = [
    "initiatives.submit_on_behalf",
    "initiatives.support_on_behalf",
    "initiatives.moderate",
    "initiatives.broker",
    "initiatives.view_contact_note",
    "initiatives.decide_support",
    "initiatives.deal_with_obstacle",
]
INITIATOR_OR_STAFF = [
    "initiatives.post_update",
    "initiatives.manage_photos",
    "initiatives.log_obstacle",
    "initiatives.request_support",
    "initiatives.change_idea",
]


def test_anonymous_visitors_only_read(idea):
    visitor = AnonymousUser()
    assert visitor.has_perm("initiatives.view_idea", idea)
    for perm in [*EVERYONE_LOGGED_IN, *STAFF_ONLY, *INITIATOR_OR_STAFF, "initiatives.submit_idea"]:
        assert not visitor.has_perm(perm, idea), perm


def test_any_logged_in_person_supports_comments_helps_reports_and_submits(idea, stranger, other_wijk):
    for perm in EVERYONE_LOGGED_IN:
        assert stranger.has_perm(perm, idea), perm
    assert stranger.has_perm("initiatives.submit_idea", other_wijk)
    for perm in [*STAFF_ONLY, *INITIATOR_OR_STAFF]:
        assert not stranger.has_perm(perm, idea), perm


def test_the_initiator(idea, resident, official):
    for perm in [*INITIATOR_OR_STAFF, "initiatives.withdraw_idea"]:
        assert resident.has_perm(perm, idea), perm
    for perm in STAFF_ONLY:
        assert not resident.has_perm(perm, idea), perm
    in_conversation(official, idea)
    idea.refresh_from_db()
    assert not resident.has_perm("initiatives.change_idea", idea)  # only while being received
    assert resident.has_perm("initiatives.post_update", idea)


def test_a_resident_of_the_wijk_is_not_staff(idea, neighbour):
    for perm in [*STAFF_ONLY, *INITIATOR_OR_STAFF, "initiatives.withdraw_idea"]:
        assert not neighbour.has_perm(perm, idea), perm


@pytest.mark.parametrize("role", [Role.AREA_OFFICIAL, Role.FACILITATOR, Role.ADMINISTRATOR])
def test_staff_covering_the_place(idea, wijk, make_user, role):
    user = make_user(role, wijk)
    for perm in [*STAFF_ONLY, *INITIATOR_OR_STAFF]:
        assert user.has_perm(perm, idea), perm
    assert not user.has_perm("initiatives.withdraw_idea", idea)  # only the initiator withdraws


@pytest.mark.parametrize("role", [Role.COLLEGE, Role.COUNCIL, Role.BODY_MEMBER, Role.ORG_REPRESENTATIVE])
def test_other_roles_are_not_staff(idea, municipality, make_user, role):
    user = make_user(role, municipality)
    for perm in STAFF_ONLY:
        assert not user.has_perm(perm, idea), perm


def test_staff_of_another_place_are_not_staff_here(idea, other_official, other_wijk, make_user):
    facilitator_elsewhere = make_user(Role.FACILITATOR, other_wijk)
    for user in (other_official, facilitator_elsewhere):
        for perm in STAFF_ONLY:
            assert not user.has_perm(perm, idea), perm


def test_a_hidden_idea_is_read_by_its_initiator_and_staff_only(idea, official, resident, stranger):
    services.hide_idea(user=official, idea=idea, reason="Privégegevens")
    idea.refresh_from_db()
    assert official.has_perm("initiatives.view_idea", idea)
    assert resident.has_perm("initiatives.view_idea", idea)
    assert not stranger.has_perm("initiatives.view_idea", idea)
    assert not AnonymousUser().has_perm("initiatives.view_idea", idea)
    for perm in ["initiatives.support", "initiatives.comment", "initiatives.offer_help"]:
        assert not stranger.has_perm(perm, idea), perm
