"""Who may do what with a draw by lot.

- Everyone sees a draw's public page once invitations are out: what it is for, the
  commitment, the quotas against the outcome, the distribution of chances and the published
  material. Nothing on it is personal data.
- Anyone with a reply code replies to their invitation and checks their own chance.
- Only the people who run the draw for the place (area team officials, the facilitator of
  the place, administrators: `is_staff_for`) create it, upload and see the register extract,
  print letters, enter paper replies, set quotas, commit, reveal the seed, seat members and
  run replacements. The register extract is visible to nobody else.
"""

import rules

from samenspel.accounts.rules import is_staff_for


def _place(obj):
    if obj is None:
        return None
    draw = getattr(obj, "draw", None)
    if draw is not None:
        obj = draw
    return getattr(obj, "place", obj)


@rules.predicate
def runs_draws_for(user, obj):
    return is_staff_for(user, _place(obj))


@rules.predicate
def draw_is_public(user, draw):
    return draw is not None and draw.status != "draft"


rules.add_perm("sortition.create_draw", runs_draws_for)
rules.add_perm("sortition.run_draw", runs_draws_for)
rules.add_perm("sortition.view_extract", runs_draws_for)
rules.add_perm("sortition.view_draw", draw_is_public | runs_draws_for)
