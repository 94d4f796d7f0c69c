"""Who may do what with advice, decisions and accountability reports.

- Everyone reads advice and the municipality's responses, the decision register, objections
  and their answers, and published accountability reports: they are the public record
  (003:623-628, "Openbare vergaderingen, transparante besluitvorming").
- Representatives of a resident organisation and members of a neighbourhood body give advice
  on behalf of their own organisation, and record their own body's decisions.
- Area team officials and college members respond to advice and record the municipality's
  decisions about a neighbourhood (college, or an area team official with a mandate); for
  advice addressed to the council, council members respond too. Council members record the
  council's decisions.
- Staff covering the place (area team, facilitators, administrators: `is_staff_for`) may
  enter any of these on someone's behalf, for people who are not online.
- Any logged-in person may object to a decision and comment on a published report.
- The deciding side (the body's members, or the municipality) or staff answer objections.
- The accountable party writes and publishes reports: members of the organisation, or the
  initiator of the idea (with staff on their behalf).
- Moderators (`is_staff_for`) hide comments, with a public reason.
"""

import rules

from samenspel.accounts.models import Role
from samenspel.accounts.rules import has_role, is_staff_for

SPEAKING_ROLES = (Role.ORG_REPRESENTATIVE, Role.BODY_MEMBER)
MUNICIPAL_ROLES = (Role.AREA_OFFICIAL, Role.COLLEGE)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def member_of(user, organisation, roles=None) -> bool:
    """The user holds a current role for this very organisation."""
    if organisation is None or not _active(user):
        return False
    memberships = user.memberships.current().filter(organisation=organisation)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.exists()


def _place(obj):
    """The place an organisation, advice, decision, report, comment or idea belongs to."""
    if obj is None:
        return None
    if hasattr(obj, "report"):  # a comment or photo
        obj = obj.report
    return getattr(obj, "place", obj)


@rules.predicate
def speaks_for_organisation(user, organisation):
    return member_of(user, organisation, SPEAKING_ROLES)


@rules.predicate
def staff_for_place(user, obj):
    return is_staff_for(user, _place(obj))


@rules.predicate
def municipal_for_place(user, obj):
    return has_role(*MUNICIPAL_ROLES)(user, _place(obj))


@rules.predicate
def council_for_place(user, obj):
    return has_role(Role.COUNCIL)(user, _place(obj))


@rules.predicate
def advice_to_council(user, advice):
    return advice is not None and advice.addressee == "council"


@rules.predicate
def is_deciding_side(user, decision):
    if decision is None:
        return False
    if decision.decider_kind == "wijk_body":
        return member_of(user, decision.body, SPEAKING_ROLES)
    if decision.decider_kind == "council":
        return council_for_place(user, decision)
    return municipal_for_place(user, decision)


@rules.predicate
def accountable_for(user, obj):
    """Members of the organisation, or the initiator of the idea, a report is (to be) about.
    `obj` is an Organisation, an Idea or an AccountabilityReport."""
    from samenspel.accounts.models import Organisation
    from samenspel.initiatives.models import Idea

    from .models import AccountabilityReport

    if obj is None or not _active(user):
        return False
    if isinstance(obj, AccountabilityReport):
        obj = obj.idea if obj.idea_id else obj.organisation
    if isinstance(obj, Organisation):
        return member_of(user, obj)
    if isinstance(obj, Idea):
        return obj.author_id is not None and obj.author_id == user.pk
    return False


@rules.predicate
def is_logged_in(user, obj=None):
    return _active(user)


@rules.predicate
def report_is_published(user, report):
    return report is not None and report.published_on is not None


rules.add_perm("decisions.give_advice", speaks_for_organisation | staff_for_place)
rules.add_perm(
    "decisions.respond_to_advice", municipal_for_place | staff_for_place | (advice_to_council & council_for_place)
)
rules.add_perm("decisions.record_body_decision", speaks_for_organisation | staff_for_place)
rules.add_perm("decisions.record_college_decision", municipal_for_place | staff_for_place)
rules.add_perm("decisions.record_area_team_decision", municipal_for_place | staff_for_place)
rules.add_perm("decisions.record_council_decision", council_for_place | staff_for_place)
rules.add_perm("decisions.object", is_logged_in)
rules.add_perm("decisions.answer_objection", is_deciding_side | staff_for_place)
rules.add_perm("decisions.write_report", accountable_for | staff_for_place)
rules.add_perm("decisions.comment_on_report", is_logged_in & report_is_published)
rules.add_perm("decisions.moderate", staff_for_place)
