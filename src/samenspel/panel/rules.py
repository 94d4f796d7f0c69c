"""Who may do what with neighbourhood panels and consultations.

- Everyone sees which panels and consultations exist, and the results of a consultation once
  it has closed (counts, shares, charts and the representativeness view: no personal data).
- Staff covering the place (area team, facilitators, administrators: `is_staff_for`) set up
  panels, invitation codes and consultations, enter answers that came in on paper, see results
  while a consultation runs, and read and export the open answers (free text may name people).
- Members act on their own membership: with their account, or with their invitation code
  (checked in the views, which pass the member they resolved from the code).

The object of every permission is a Place.
"""

import rules

from samenspel.accounts.rules import is_staff_for

rules.add_perm("panel.manage", is_staff_for)
rules.add_perm("panel.enter_paper", is_staff_for)
rules.add_perm("panel.view_open_answers", is_staff_for)
