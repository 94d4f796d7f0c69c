"""Who may do what with ideas, the broker's case flow and the obstacle register.

- Anyone reads ideas that are not hidden, the obstacle register and its report (transparency).
- Anyone logged in supports, comments, offers help and reports abuse. Anyone logged in may
  submit an idea, for any neighbourhood or village: the municipality sets no criteria for who
  may have an idea where (Zwolle's idea broker, 002:263-268).
- The area team, facilitators and administrators covering the place (`is_staff_for`):
  enter ideas and support on behalf of someone offline (paper, phone, meeting, home visit),
  moderate (hide and show again, with a public reason; the report queue), act as the idea
  broker (move the case, connect, answer support requests), log obstacles on anyone's behalf
  and deal with them; they read the contact note.
- The initiator (the author) changes their idea while it is being received, withdraws it,
  posts updates, adds photos, logs an obstacle they met and asks for support.
"""

import rules

from samenspel.accounts.rules import is_staff_for

from .models import CaseStatus, Idea

OPEN_STATUSES = frozenset(
    {
        CaseStatus.INTAKE,
        CaseStatus.IN_CONVERSATION,
        CaseStatus.CONNECTED,
        CaseStatus.SUPPORT_REQUESTED,
        CaseStatus.RUNNING,
    }
)


def place_of(obj):
    """The place an idea, comment, report, support request, obstacle (or a place) belongs to."""
    if obj is None:
        return None
    if isinstance(obj, Idea):
        return obj.place
    for attr in ("idea", "comment"):
        related = getattr(obj, attr, None)
        if related is not None:
            return place_of(related)
    return getattr(obj, "place", obj)


def idea_of(obj):
    if obj is None or isinstance(obj, Idea):
        return obj
    return getattr(obj, "idea", None)


@rules.predicate
def is_staff_for_obj(user, obj):
    return obj is not None and is_staff_for(user, place_of(obj))


@rules.predicate
def is_initiator(user, obj):
    idea = idea_of(obj)
    return idea is not None and user.is_authenticated and idea.author_id == user.pk


@rules.predicate
def is_visible(user, obj):
    idea = idea_of(obj)
    return idea is not None and not idea.is_hidden


@rules.predicate
def in_intake(user, obj):
    idea = idea_of(obj)
    return idea is not None and idea.status == CaseStatus.INTAKE


@rules.predicate
def is_open(user, obj):
    idea = idea_of(obj)
    return idea is not None and idea.status in OPEN_STATUSES


can_read = is_visible | is_initiator | is_staff_for_obj

rules.add_perm("initiatives.view_idea", can_read)
rules.add_perm("initiatives.submit_idea", rules.is_authenticated)
rules.add_perm("initiatives.submit_on_behalf", is_staff_for_obj)
rules.add_perm("initiatives.support", rules.is_authenticated & is_visible)
rules.add_perm("initiatives.support_on_behalf", is_staff_for_obj)
rules.add_perm("initiatives.comment", rules.is_authenticated & is_visible)
rules.add_perm("initiatives.offer_help", rules.is_authenticated & is_visible)
rules.add_perm("initiatives.report", rules.is_authenticated & can_read)
rules.add_perm("initiatives.moderate", is_staff_for_obj)
rules.add_perm("initiatives.broker", is_staff_for_obj)
rules.add_perm("initiatives.view_contact_note", is_staff_for_obj)
rules.add_perm("initiatives.change_idea", (is_initiator & in_intake) | is_staff_for_obj)
rules.add_perm("initiatives.withdraw_idea", is_initiator & is_open)
rules.add_perm("initiatives.post_update", is_initiator | is_staff_for_obj)
rules.add_perm("initiatives.manage_photos", is_initiator | is_staff_for_obj)
rules.add_perm("initiatives.log_obstacle", is_initiator | is_staff_for_obj)
rules.add_perm("initiatives.request_support", is_initiator | is_staff_for_obj)
rules.add_perm("initiatives.decide_support", is_staff_for_obj)
rules.add_perm("initiatives.deal_with_obstacle", is_staff_for_obj)
