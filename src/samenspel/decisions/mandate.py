"""The mandate check: is a neighbourhood body's decision binding, or does it count as advice?

Spec §10.8: "a Decision by a WijkBody on a scope item is valid only if the item's level is 3,
the body holds BESLISSEN for it, and the agreement is ACTIEF". Seed 003:168-170 and
003:296-298: never for matters beyond the neighbourhood (city-wide), whatever the level.

`check_mandate` is pure: plain values in, a `MandateResult` out. `mandate_for` is the thin
ORM wrapper that reads those values from a body and a scope item.

Only the actor "wijk_body" holding "decides" in the phase "decide" makes a body's decision
binding. "together" (neighbourhood and municipality jointly) means the decision binds only
when taken with the municipality: a body recording it on its own records advice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DECIDE_LEVEL = 3
IN_FORCE_STATUSES = ("active", "in_evaluation")

# Stable codes, stored on the decision (Decision.mandate_code) so the register can always say
# why a decision counted as binding or as advice at the moment it was recorded.
WITHIN_MANDATE = "within_mandate"
CITYWIDE = "citywide"
NOT_IN_FORCE = "not_in_force"
LEVEL_TOO_LOW = "level_too_low"
DECIDES_TOGETHER = "decides_together"
NO_DECIDING_ROLE = "no_deciding_role"
NO_SCOPE_ITEM = "no_scope_item"
NOT_THE_BODY = "not_the_body"
MUNICIPAL = "municipal"

MESSAGES = {
    WITHIN_MANDATE: _(
        "Within the mandate: the agreement in force gives this body the say to decide on this (level 3), "
        "so the decision is binding."
    ),
    CITYWIDE: _(
        "This is a city-wide matter. A neighbourhood can advise on it but never decides, so the decision counts "
        "as advice to the municipality."
    ),
    NOT_IN_FORCE: _(
        "The agreement this rests on is not in force, so there is no mandate: the decision counts as advice to "
        "the municipality."
    ),
    LEVEL_TOO_LOW: _(
        "The agreement gives the neighbourhood a lower level of say than “allocate & decide” on this, so the "
        "decision counts as advice to the municipality."
    ),
    DECIDES_TOGETHER: _(
        "The agreement says the neighbourhood and the municipality decide on this together. On its own, the "
        "body's decision counts as advice until the municipality takes part in the decision."
    ),
    NO_DECIDING_ROLE: _(
        "In the agreement, someone other than the neighbourhood body decides on this, so the decision counts as "
        "advice to the municipality."
    ),
    NO_SCOPE_ITEM: _(
        "The decision is not linked to a part of an agreement that gives the body a mandate, so it counts as "
        "advice to the municipality."
    ),
    NOT_THE_BODY: _(
        "This body is not the neighbourhood body named in the agreement, so its decision counts as advice to the "
        "municipality."
    ),
    MUNICIPAL: _("A decision of the municipality itself: binding as a municipal decision."),
}


@dataclass(frozen=True)
class MandateResult:
    binding: bool
    reason: str  # plain-language explanation, translated when shown
    code: str = ""

    @property
    def counts_as_advice(self) -> bool:
        return not self.binding


def result(code: str) -> MandateResult:
    return MandateResult(binding=code in (WITHIN_MANDATE, MUNICIPAL), reason=MESSAGES[code], code=code)


def message(code: str) -> str:
    """The explanation for a stored code ("" for an unknown or empty one)."""
    return MESSAGES.get(code, "")


def check_mandate(
    level: int | None,
    holds_decides_in_decide_phase: bool,
    agreement_in_force: bool,
    is_citywide: bool,
    *,
    decides_together: bool = False,
) -> MandateResult:
    """Binding only if every condition holds; otherwise the first reason that fails, in the
    order a resident would ask: is this ours to decide at all (city-wide)? Is there an
    agreement in force? Does it give us level 3? Does it name us as the ones who decide?

    `decides_together` only refines the explanation when the body does not hold the
    deciding role alone ("together" in the agreement)."""
    if is_citywide:
        return result(CITYWIDE)
    if not agreement_in_force:
        return result(NOT_IN_FORCE)
    if level is None or level < DECIDE_LEVEL:
        return result(LEVEL_TOO_LOW)
    if not holds_decides_in_decide_phase:
        return result(DECIDES_TOGETHER if decides_together else NO_DECIDING_ROLE)
    return result(WITHIN_MANDATE)


def is_mandated_body(body, version) -> bool:
    """The body named as "neighbourhood body" among the trajectory's participants. When the
    trajectory names no organisation as its neighbourhood body, a neighbourhood body
    (wijkorgaan) of the trajectory's own place counts."""
    from samenspel.accounts.models import OrganisationKind

    trajectory = version.agreement.trajectory
    named = trajectory.participants.filter(kind="wijk_body").exclude(organisation=None)
    if named.exists():
        return named.filter(organisation=body).exists()
    return body.kind == OrganisationKind.NEIGHBOURHOOD_BODY and body.place_id == trajectory.place_id


def mandate_for(body, scope_item) -> MandateResult:
    """The mandate of `body` (an Organisation) for `scope_item`, as the agreements stand now."""
    if scope_item is None or body is None:
        return result(NO_SCOPE_ITEM)
    version = scope_item.version
    roles = set(scope_item.roles.filter(phase="decide", responsibility="decides").values_list("actor", flat=True))
    outcome = check_mandate(
        scope_item.level,
        "wijk_body" in roles,
        version.status in IN_FORCE_STATUSES,
        scope_item.is_citywide,
        decides_together="together" in roles,
    )
    if outcome.binding and not is_mandated_body(body, version):
        return result(NOT_THE_BODY)
    return outcome
