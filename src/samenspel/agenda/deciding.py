"""Who adopts an agenda item: checked against the agreement in force for the place.

The wijkagenda is adopted "by the level-appropriate actor" (spec §12.10, 003:515-516): what
the neighbourhood has say over is recorded per scope item of the agreement, with a role
matrix that names who decides (phase `decide`, responsibility `decides`). The person
recording an adoption is mapped to the actors they can act as, through their roles for the
place. Without an agreement in force, or for a matter the agreement does not cover, the
municipality keeps the decision and the area team adopts. A city-wide matter is never
decided by the neighbourhood (003:528-534; the congruence rule's C3)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from samenspel.accounts.models import Membership, Role
from samenspel.agreements.models import (
    Actor,
    AgreementVersion,
    ParticipantKind,
    Phase,
    Responsibility,
    ScopeItem,
    VersionStatus,
)

IN_FORCE = (VersionStatus.ACTIVE, VersionStatus.IN_EVALUATION)

WIJK_SIDE = {Actor.WIJK_BODY, Actor.RESIDENT_ORGANISATION, Actor.RESIDENTS}
GEMEENTE_SIDE = {Actor.AREA_TEAM, Actor.COLLEGE, Actor.COUNCIL}

# The capacity a role gives someone when they adopt an item.
ROLE_ACTORS = {
    Role.BODY_MEMBER: Actor.WIJK_BODY,
    Role.ORG_REPRESENTATIVE: Actor.RESIDENT_ORGANISATION,
    Role.AREA_OFFICIAL: Actor.AREA_TEAM,
    Role.COLLEGE: Actor.COLLEGE,
    Role.COUNCIL: Actor.COUNCIL,
}

# Roles that can adopt or refuse an item for some agreement: the `agenda.decide` permission.
DECIDING_ROLES = tuple(ROLE_ACTORS)

NO_AGREEMENT = "no_agreement"
OUTSIDE = "outside"
SILENT = "silent"
MATRIX = "matrix"


def _actor_plain(actor: str) -> str:
    return {
        Actor.WIJK_BODY: _("the neighbourhood body"),
        Actor.RESIDENT_ORGANISATION: _("the resident organisation"),
        Actor.RESIDENTS: _("the residents"),
        Actor.AREA_TEAM: _("the area team"),
        Actor.COLLEGE: _("the college (the municipal executive)"),
        Actor.COUNCIL: _("the municipal council"),
        Actor.PARTNER: _("a partner"),
        Actor.TOGETHER: _("the neighbourhood and the municipality together"),
    }.get(actor, actor)


def agreement_in_force(place) -> AgreementVersion | None:
    """The agreement version in force for the place: active or being evaluated. A draft of a
    newer version does not count; the version it will replace stays in force until then."""
    if place is None:
        return None
    return (
        AgreementVersion.objects.filter(agreement__trajectory__place=place, status__in=IN_FORCE)
        .select_related("agreement__trajectory__place")
        .order_by("-activated_at", "-pk")
        .first()
    )


def governing_scope_item(item, version) -> ScopeItem | None:
    """The scope item of the version in force that the item falls under. An item linked to a
    scope item of an older version follows it to the same-titled item of the version in force."""
    if version is None or item.scope_item_id is None:
        return None
    if item.scope_item.version_id == version.pk:
        return item.scope_item
    return version.scope_items.filter(title=item.scope_item.title).first()


@dataclass(frozen=True)
class DecisionRule:
    place: object
    title: str
    kind: str
    version: AgreementVersion | None = None
    scope_item: ScopeItem | None = None
    deciders: tuple = ()
    citywide: bool = False

    @property
    def together(self) -> bool:
        return self.kind == MATRIX and Actor.TOGETHER in self.deciders

    def allowed_actors(self) -> set:
        """The actors that may adopt the item on their own (or, for `together`, with the
        other side named)."""
        if self.kind != MATRIX:
            allowed = {Actor.AREA_TEAM}
        else:
            allowed = set(self.deciders) - {Actor.TOGETHER}
            if Actor.TOGETHER in self.deciders:
                allowed |= WIJK_SIDE | GEMEENTE_SIDE
        if self.citywide:
            allowed = (allowed & GEMEENTE_SIDE) or set(GEMEENTE_SIDE)
        return allowed

    def decider_names(self) -> str:
        names = [self._name(actor) for actor in self.deciders if actor != Actor.TOGETHER]
        return _(" or ").join(names)

    def _name(self, actor) -> str:
        if self.version is not None:
            kinds = {
                Actor.WIJK_BODY: [ParticipantKind.WIJK_BODY],
                Actor.RESIDENT_ORGANISATION: [ParticipantKind.RESIDENT_ORGANISATION, ParticipantKind.COLLECTIVE],
            }.get(actor)
            if kinds:
                participant = self.version.agreement.trajectory.participants.filter(kind__in=kinds).first()
                if participant is not None:
                    if actor == Actor.WIJK_BODY:
                        return _("the %(name)s") % {"name": participant.name}
                    return participant.name
        return _actor_plain(actor)

    def explanation(self, citywide_note: bool = True) -> str:
        """Who decides, in one or two plain sentences. Without `citywide_note`, the sentence on
        city-wide matters is left out (for a list where it is said once, above)."""
        place, title = self.place.name, self.title
        if self.kind == NO_AGREEMENT:
            text = _(
                "There is no agreement in force for %(place)s yet, so the area team adopts items of the "
                "neighbourhood agenda."
            ) % {"place": place}
        elif self.kind == OUTSIDE:
            text = _(
                "This item is not linked to a part of the agreement for %(place)s. What the agreement does not "
                "cover stays with the municipality: the area team adopts it."
            ) % {"place": place}
        elif self.kind == SILENT:
            text = _(
                "The agreement for %(place)s does not say who decides on “%(title)s”, so the area team adopts it."
            ) % {"place": place, "title": title}
        elif self.together:
            text = _(
                "According to the agreement for %(place)s, the neighbourhood and the municipality decide together "
                "on “%(title)s”."
            ) % {"place": place, "title": title}
            if not self.citywide:
                text += " " + _("One side records the decision and names who decided with them for the other side.")
            others = self.decider_names()
            if others:
                text += " " + _("Also on its own: %(who)s.") % {"who": others}
        else:
            text = _("According to the agreement for %(place)s, %(who)s decides on “%(title)s”.") % {
                "place": place,
                "who": self.decider_names(),
                "title": title,
            }
        if self.citywide and citywide_note:
            text += " " + _(
                "This is a city-wide matter: the neighbourhood can advise on it, but never decides. "
                "The municipality adopts it."
            )
        return text


def rule_for(item, scope_item=None) -> DecisionRule:
    """The rule that applies to adopting `item`, optionally as if linked to `scope_item`."""
    place = item.agenda.place
    version = agreement_in_force(place)
    citywide = bool(item.is_citywide)
    if version is None:
        return DecisionRule(place=place, title=item.title, kind=NO_AGREEMENT, citywide=citywide)
    scope = scope_item or governing_scope_item(item, version)
    if scope is None:
        return DecisionRule(place=place, title=item.title, kind=OUTSIDE, version=version, citywide=citywide)
    citywide = citywide or scope.is_citywide
    deciders = tuple(
        sorted(
            set(
                scope.roles.filter(phase=Phase.DECIDE, responsibility=Responsibility.DECIDES).values_list(
                    "actor", flat=True
                )
            )
        )
    )
    kind = MATRIX if deciders else SILENT
    return DecisionRule(
        place=place,
        title=scope.title,
        kind=kind,
        version=version,
        scope_item=scope,
        deciders=deciders,
        citywide=citywide,
    )


def capacities(user, place) -> dict[str, str]:
    """actor → "name, capacity" for each actor the user can act as for `place`. In the site's
    own language: it becomes part of the public record, whatever language the adopter reads."""
    if place is None or not user.is_authenticated:
        return {}
    scope = {place.pk, *place.ancestor_ids()}
    result = {}
    memberships = (
        Membership.objects.current()
        .filter(user=user, place_id__in=scope, role__in=list(ROLE_ACTORS))
        .select_related("organisation", "place")
        .order_by("pk")
    )
    for m in memberships:
        actor = ROLE_ACTORS[m.role]
        if actor in result:
            continue
        where = m.organisation.name if m.organisation_id else m.place.name
        with translation.override(settings.LANGUAGE_CODE):
            result[actor] = f"{user.public_name}, {m.get_role_display()} ({where})"
    return result


def decided_by(user, rule: DecisionRule, together_with: str = "") -> str:
    """The public record of who adopted: the user's name and capacity, and for a decision taken
    together, the other side's. Raises a ValidationError naming who does decide."""
    mine = capacities(user, rule.place)
    allowed = rule.allowed_actors()
    usable = [actor for actor in mine if actor in allowed]
    if not usable:
        raise ValidationError(rule.explanation())
    own = [a for a in usable if a in rule.deciders]
    if own or not rule.together or rule.citywide:
        return mine[(own or usable)[0]][:200]
    together_with = (together_with or "").strip()
    if not together_with:
        side = _("the municipality") if usable[0] in WIJK_SIDE else _("the neighbourhood")
        raise ValidationError(
            {
                "together_with": _(
                    "The agreement says this is decided together. Name who decided with you for %(side)s."
                )
                % {"side": side}
            }
        )
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(one)s, together with %(other)s") % {"one": mine[usable[0]], "other": together_with}
    return text[:200]
