"""Who may do what with the neighbourhood agenda and the area programme.

- Everyone reads agendas, items, decisions and programmes: they are public records.
- Residents, organisation representatives and body members of the place propose items from
  the neighbourhood (bottom-up), also by putting a DNA point on the agenda.
- The area team, facilitators and administrators covering the place (`is_staff_for`) draw up
  agendas, propose items from the municipality (top-down), work items out, decide on the area
  programme and manage actions.
- Organisation representatives and body members of the place work items out with them.
- Adopting or refusing an item is for whoever the agreement in force says decides: bodies,
  resident organisations, the area team, the college or the council. `agenda.decide` lets
  them reach the form; `deciding.decided_by` checks the agreement itself.

Every permission takes a place, an agenda, an item, a programme or an action.
"""

import rules

from samenspel.accounts.models import Role
from samenspel.accounts.rules import has_role, is_resident_of, is_staff_for

from .deciding import DECIDING_ROLES


def place_of(obj):
    """The place an agenda, item, programme or action belongs to (or the place itself)."""
    if obj is None:
        return None
    if hasattr(obj, "agenda"):
        return obj.agenda.place
    if hasattr(obj, "place"):
        return obj.place
    return obj


@rules.predicate
def lives_in(user, obj):
    return is_resident_of(user, place_of(obj))


@rules.predicate
def staff_for(user, obj):
    return is_staff_for(user, place_of(obj))


@rules.predicate
def speaks_for_wijk(user, obj):
    return has_role(Role.ORG_REPRESENTATIVE, Role.BODY_MEMBER)(user, place_of(obj))


@rules.predicate
def may_decide(user, obj):
    return has_role(*DECIDING_ROLES)(user, place_of(obj))


rules.add_perm("agenda.view", rules.always_allow)
rules.add_perm("agenda.propose", lives_in | staff_for)
rules.add_perm("agenda.manage", staff_for)
rules.add_perm("agenda.work_out", staff_for | speaks_for_wijk)
rules.add_perm("agenda.decide", may_decide)
