"""Who may do what with places and the neighbourhood DNA.

- Anyone may read a place, its figures and its published DNA.
- Residents (and organisation representatives and body members) of a wijk, and the area
  team, facilitators and administrators covering it, may add DNA items.
- Only the area team, facilitators and administrators enter items on someone's behalf
  (paper, meeting, phone, home visit) and moderate.
- An author may edit or withdraw their own item; staff covering the place may too.
"""

import rules

from samenspel.accounts.rules import is_administrator, is_resident_of, is_staff_for


@rules.predicate
def is_dna_author(user, item):
    return item is not None and user.is_authenticated and item.author_id == user.pk


@rules.predicate
def is_staff_for_item_place(user, item):
    return item is not None and is_staff_for(user, item.place)


rules.add_perm("places.add_dnaitem", is_resident_of | is_staff_for)
rules.add_perm("places.add_dnaitem_on_behalf", is_staff_for)
rules.add_perm("places.change_dnaitem", is_dna_author | is_staff_for_item_place)
rules.add_perm("places.moderate_dnaitem", is_staff_for_item_place)
rules.add_perm("places.manage_places", is_administrator)
