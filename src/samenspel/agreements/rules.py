"""Who may do what in a trajectory.

- Everyone may read trajectories, agreements, the council overview and lessons: the
  division of say is a public record (G-TR-1, 003:358).
- The area team, facilitators and administrators covering the place run the trajectory:
  sessions, answers from the table, the draft agreement, the check and activation.
- Participants from the neighbourhood answer praatplaat questions online.
- A representative of a resident organisation or a member of a neighbourhood body signs for
  the neighbourhood; an area team official or college member signs for the municipality
  (ZEG-2: both sides sign, the municipality cannot set it alone).
- Council members (and administrators, for the council's clerk) record council decisions.
"""

import rules

from samenspel.accounts.models import Role
from samenspel.accounts.rules import has_role, is_administrator, is_staff_for


def _place(obj):
    """The place a trajectory, version or scope item belongs to."""
    if obj is None:
        return None
    for attr in ("place",):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    if hasattr(obj, "trajectory"):
        return obj.trajectory.place
    if hasattr(obj, "version"):
        return obj.version.agreement.trajectory.place
    return obj


@rules.predicate
def runs_trajectory(user, obj):
    return is_staff_for(user, _place(obj))


@rules.predicate
def is_participant(user, obj):
    if obj is None or not user.is_authenticated:
        return False
    trajectory = obj if hasattr(obj, "participants") else getattr(obj, "trajectory", None)
    if trajectory is None:
        return False
    if trajectory.participants.filter(user=user).exists():
        return True
    organisation_ids = user.memberships.current().exclude(organisation=None).values_list("organisation_id", flat=True)
    return trajectory.participants.filter(organisation_id__in=list(organisation_ids)).exists()


@rules.predicate
def speaks_for_wijk(user, obj):
    return has_role(Role.ORG_REPRESENTATIVE, Role.BODY_MEMBER)(user, _place(obj))


@rules.predicate
def speaks_for_gemeente(user, obj):
    return has_role(Role.AREA_OFFICIAL, Role.COLLEGE)(user, _place(obj))


@rules.predicate
def records_council_decisions(user, place):
    return has_role(Role.COUNCIL, Role.ADMINISTRATOR)(user, place)


rules.add_perm("agreements.run_trajectory", runs_trajectory)
rules.add_perm("agreements.answer", runs_trajectory | is_participant)
rules.add_perm("agreements.sign_for_wijk", speaks_for_wijk & is_participant)
rules.add_perm("agreements.sign_for_gemeente", speaks_for_gemeente)
rules.add_perm("agreements.record_council_decision", records_council_decisions)
rules.add_perm("agreements.manage_reference_data", is_administrator)
