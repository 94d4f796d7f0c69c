"""Who may do what in conversations, debates and meetings.

- Everyone reads published statements, the opinion map, debates and public meetings with
  their documents, minutes and decisions: the record is public (003:644-660).
- Taking part in a conversation needs an account, unless the organiser allows taking part
  without one; the services check that, and the views rate-limit anonymous participants.
- Representatives of a resident organisation, members of a neighbourhood body and staff
  covering the place (`is_staff_for`) start conversations and debates for it.
- The organiser of a conversation or debate and staff covering its place moderate it: approve,
  hide with a public reason, merge duplicates, write the summary.
- Staff covering the place record input from the room (statements, vote cards, quick polls).
- Members of a body and staff plan its meetings and keep their record (agenda, documents,
  attendance, minutes, decisions); whoever planned a meeting keeps it too.
- Logged-in people add arguments, reply, support arguments and register for meetings.
"""

import rules

from samenspel.accounts.models import Role
from samenspel.accounts.rules import has_role, is_staff_for

SPEAKING_ROLES = (Role.ORG_REPRESENTATIVE, Role.BODY_MEMBER)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def member_of(user, organisation) -> bool:
    from samenspel.accounts.models import Organisation

    if not isinstance(organisation, Organisation) or not _active(user):
        return False
    return user.memberships.current().filter(organisation=organisation, role__in=SPEAKING_ROLES).exists()


def _place(obj):
    """The place of a place, organisation, conversation, statement, debate, argument or meeting."""
    for attribute in ("conversation", "debate", "meeting"):
        if hasattr(obj, attribute) and not hasattr(obj, "place"):
            obj = getattr(obj, attribute)
    return getattr(obj, "place", obj)


@rules.predicate
def is_logged_in(user, obj=None):
    return _active(user)


@rules.predicate
def staff_for_place(user, obj):
    return obj is not None and is_staff_for(user, _place(obj))


@rules.predicate
def speaks_for_place(user, obj):
    return obj is not None and has_role(*SPEAKING_ROLES)(user, _place(obj))


@rules.predicate
def speaks_for_organisation(user, organisation):
    return member_of(user, organisation)


@rules.predicate
def is_organiser(user, obj):
    """The person who started the conversation or debate, or planned the meeting."""
    if obj is None or not _active(user):
        return False
    for attribute in ("conversation", "debate", "meeting"):
        if hasattr(obj, attribute) and not hasattr(obj, "created_by"):
            obj = getattr(obj, attribute)
    return getattr(obj, "created_by_id", None) == user.pk


@rules.predicate
def member_of_meeting_body(user, meeting):
    return meeting is not None and member_of(user, getattr(meeting, "organisation", None))


@rules.predicate
def meeting_is_public(user, meeting):
    return meeting is not None and meeting.is_public


rules.add_perm("deliberation.start", speaks_for_place | staff_for_place)
rules.add_perm("deliberation.moderate", is_organiser | staff_for_place)
rules.add_perm("deliberation.record_from_room", staff_for_place | is_organiser)
rules.add_perm("deliberation.argue", is_logged_in)
rules.add_perm("deliberation.plan_meeting", speaks_for_organisation | staff_for_place)
rules.add_perm("deliberation.keep_meeting", member_of_meeting_body | is_organiser | staff_for_place)
rules.add_perm("deliberation.view_meeting", meeting_is_public | member_of_meeting_body | is_organiser | staff_for_place)
rules.add_perm("deliberation.register", is_logged_in)
