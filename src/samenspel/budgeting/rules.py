"""Who may do what with budgets, rounds and projects.

- Everyone sees every round, its projects with the reasons for rejection, its result and the
  realisation of the winners: a participatory budget is public (seed 003, "transparante
  besluitvorming"). Nothing is hidden.
- The area team, facilitators and administrators covering the budget's place
  (`is_staff_for`), and administrators anywhere, manage budgets and rounds: they check
  projects, apply the shortlist, issue voting codes, enter paper ballots, close voting,
  publish the result and report on the realisation.
- Anyone logged in may propose a project while the round collects ideas, and support projects
  while the round gathers support. What is possible follows from the round's active phase.
"""

import rules

from samenspel.accounts.rules import is_administrator, is_staff_for

from .models import RoundPhase


def place_of(obj):
    """The place a budget, round, project, progress update or paper entry belongs to (or the
    place itself, for creating a budget)."""
    from samenspel.places.models import Place

    if obj is None or isinstance(obj, Place):
        return obj
    for attr in ("project", "round", "budget"):
        related = getattr(obj, attr, None)
        if related is not None and not isinstance(related, str):
            return place_of(related)
    return getattr(obj, "place", None)


def round_of(obj):
    """The round of a round or a project."""
    if obj is None:
        return None
    return getattr(obj, "round", None) or obj


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_logged_in(user, obj=None):
    return _active(user)


@rules.predicate
def staff_for_place(user, obj):
    return obj is not None and is_staff_for(user, place_of(obj))


@rules.predicate
def in_ideas_phase(user, obj):
    round_ = round_of(obj)
    return round_ is not None and round_.phase() == RoundPhase.IDEAS


@rules.predicate
def in_support_phase(user, obj):
    round_ = round_of(obj)
    return round_ is not None and round_.phase() == RoundPhase.SUPPORT


can_manage = staff_for_place | is_administrator

rules.add_perm("budgeting.view_round", rules.always_allow)
rules.add_perm("budgeting.manage_round", can_manage)
rules.add_perm("budgeting.submit_project", is_logged_in & in_ideas_phase)
rules.add_perm("budgeting.support_project", is_logged_in & in_support_phase)
rules.add_perm("budgeting.update_realisation", can_manage)
