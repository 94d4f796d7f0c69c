"""Who may do what with the open budget, challenges, offered tasks and community assets.

- Everyone reads the open budget, its spending, the questions and published answers, every
  challenge with its public timeline and the count of its signatures (never the names), the
  offered tasks and the register of community assets.
- The municipality's officials for a place (area team officials and administrators covering
  it) keep its budget: import, add and change lines, record spending, answer questions about
  it; and they handle challenges and bids there (admissibility, assessment, agreement,
  progress talks, evaluation, paper signatures), offer tasks and keep the asset register. A
  member of the college covering the place may also decide on admissibility and assessment.
- An administrator or area official of the municipality itself sets its terms.
- Any logged-in person may ask a question about a budget line.
- A representative of a resident organisation (or a member of a neighbourhood body) submits a
  challenge or a bid for it, and nominates and bids on community assets; a resident of the
  place may also challenge as part of an informal group.
- Residents of the place sign a challenge in support.
- Who submitted a challenge, and the members of its organisation, may withdraw it.
"""

import rules

from samenspel.accounts.models import Role
from samenspel.accounts.rules import has_role, is_resident_of

SPEAKING_ROLES = (Role.ORG_REPRESENTATIVE, Role.BODY_MEMBER)
OFFICIAL_ROLES = (Role.AREA_OFFICIAL, Role.ADMINISTRATOR)
DECIDING_ROLES = (Role.AREA_OFFICIAL, Role.ADMINISTRATOR, Role.COLLEGE)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def place_of(obj):
    """The place a line, challenge, offer, asset, question, expenditure or organisation belongs
    to; a place is its own. A line not attributable to an area belongs to its municipality."""
    from .models import AssetBid, BudgetLine, ChallengeAgreement, Expenditure, LineQuestion, ProgressTalk

    if isinstance(obj, (Expenditure, LineQuestion)):
        obj = obj.line
    elif isinstance(obj, ProgressTalk):
        obj = obj.agreement.challenge
    elif isinstance(obj, ChallengeAgreement):
        obj = obj.challenge
    elif isinstance(obj, AssetBid):
        obj = obj.asset
    if isinstance(obj, BudgetLine):
        return obj.place or obj.municipality
    return getattr(obj, "place", obj)


def member_of(user, organisation, roles=SPEAKING_ROLES) -> bool:
    if organisation is None or not _active(user):
        return False
    return user.memberships.current().filter(organisation=organisation, role__in=roles).exists()


@rules.predicate
def is_official_for(user, obj):
    return _active(user) and (user.is_superuser or has_role(*OFFICIAL_ROLES)(user, place_of(obj)))


@rules.predicate
def may_decide_for(user, obj):
    return _active(user) and (user.is_superuser or has_role(*DECIDING_ROLES)(user, place_of(obj)))


@rules.predicate
def is_official_of_municipality(user, municipality):
    """Holds an official role for the municipality itself, not only for one of its wijken."""
    return _active(user) and (user.is_superuser or has_role(*OFFICIAL_ROLES)(user, municipality))


@rules.predicate
def is_logged_in(user, obj=None):
    return _active(user)


@rules.predicate
def speaks_for(user, organisation):
    return member_of(user, organisation)


@rules.predicate
def resident_of_place(user, obj):
    return _active(user) and is_resident_of(user, place_of(obj))


@rules.predicate
def submitted_challenge(user, challenge):
    if challenge is None or not _active(user):
        return False
    return challenge.submitted_by_id == user.pk or member_of(user, challenge.organisation)


rules.add_perm("finance.manage_budget", is_official_for)
rules.add_perm("finance.answer_question", is_official_for)
rules.add_perm("finance.ask_question", is_logged_in)
rules.add_perm("finance.manage_settings", is_official_of_municipality)
rules.add_perm("finance.challenge_for_organisation", speaks_for)
rules.add_perm("finance.challenge_as_group", resident_of_place)
rules.add_perm("finance.sign_challenge", resident_of_place)
rules.add_perm("finance.withdraw_challenge", submitted_challenge)
rules.add_perm("finance.handle_challenge", is_official_for)
rules.add_perm("finance.decide_challenge", may_decide_for)
rules.add_perm("finance.offer_task", is_official_for)
rules.add_perm("finance.manage_assets", is_official_for)
rules.add_perm("finance.nominate_asset", speaks_for)
rules.add_perm("finance.bid_on_asset", speaks_for)
