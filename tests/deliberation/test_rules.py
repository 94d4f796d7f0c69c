"""Who may do what."""

from django.contrib.auth.models import AnonymousUser

from samenspel.accounts.models import Role
from samenspel.deliberation import services


def test_starting(official, resident, member, outsider, wijk, make_user):
    facilitator = make_user(Role.FACILITATOR, wijk)
    assert official.has_perm("deliberation.start", wijk)
    assert facilitator.has_perm("deliberation.start", wijk)
    assert member.has_perm("deliberation.start", wijk)
    assert not resident.has_perm("deliberation.start", wijk)
    assert not outsider.has_perm("deliberation.start", wijk)
    assert not AnonymousUser().has_perm("deliberation.start", wijk)


def test_moderating(conversation, official, member, resident, make_user, other_wijk):
    assert official.has_perm("deliberation.moderate", conversation)
    assert not resident.has_perm("deliberation.moderate", conversation)
    assert not make_user(Role.AREA_OFFICIAL, other_wijk).has_perm("deliberation.moderate", conversation)
    statement = conversation.statements.first()
    assert official.has_perm("deliberation.moderate", statement.conversation)
    own = services.start_debate(user=member, place=conversation.place, title="D", proposal="P")
    assert member.has_perm("deliberation.moderate", own)  # the organiser moderates their own debate
    assert not member.has_perm("deliberation.moderate", conversation)


def test_room_input_is_for_staff(conversation, official, resident):
    assert official.has_perm("deliberation.record_from_room", conversation)
    assert not resident.has_perm("deliberation.record_from_room", conversation)


def test_meetings(meeting, body, member, resident, official, wijk):
    assert member.has_perm("deliberation.plan_meeting", body)
    assert official.has_perm("deliberation.plan_meeting", body)
    assert not resident.has_perm("deliberation.plan_meeting", body)
    assert not resident.has_perm("deliberation.plan_meeting", wijk)
    assert member.has_perm("deliberation.keep_meeting", meeting)
    assert official.has_perm("deliberation.keep_meeting", meeting)
    assert not resident.has_perm("deliberation.keep_meeting", meeting)
    assert AnonymousUser().has_perm("deliberation.view_meeting", meeting)
    meeting.is_public = False
    assert not AnonymousUser().has_perm("deliberation.view_meeting", meeting)
    assert not resident.has_perm("deliberation.view_meeting", meeting)
    assert member.has_perm("deliberation.view_meeting", meeting)


def test_arguing_needs_an_account(resident):
    assert resident.has_perm("deliberation.argue")
    assert not AnonymousUser().has_perm("deliberation.argue")
