"""Role predicates, composable with the `rules` package. A role held for a place covers
that place and everything below it: a gebiedsteam official of the gemeente covers all its
wijken; a resident of Oosterparkwijk covers only Oosterparkwijk and its buurten."""

import rules

from .models import PRIVILEGED_ROLES, Role


def _place_scope_ids(place) -> set[int]:
    if place is None:
        return set()
    cached = getattr(place, "_scope_ids", None)
    if cached is None:
        cached = place.ancestor_ids() | {place.pk}
        place._scope_ids = cached
    return cached


def roles_for(user, place) -> set[str]:
    """The roles a user holds that cover `place`."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_role_cache", {})
    key = place.pk if place is not None else None
    if key not in cache:
        memberships = user.memberships.current()
        if place is not None:
            memberships = memberships.filter(place_id__in=_place_scope_ids(place))
        cache[key] = set(memberships.values_list("role", flat=True))
    return cache[key]


def has_role(*roles):
    """Predicate: the user holds one of `roles` for the place given as the object."""
    wanted = set(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def predicate(user, place=None):
        return bool(roles_for(user, place) & wanted)

    return predicate


def holds_any_role(*roles):
    """Predicate: the user holds one of `roles` anywhere."""
    wanted = set(roles)

    @rules.predicate(name=f"holds_any_role({','.join(sorted(wanted))})")
    def predicate(user):
        if not user or not user.is_authenticated:
            return False
        return user.memberships.current().filter(role__in=wanted).exists()

    return predicate


is_administrator = holds_any_role(Role.ADMINISTRATOR) | rules.is_superuser
is_resident_of = has_role(Role.RESIDENT, Role.ORG_REPRESENTATIVE, Role.BODY_MEMBER)
is_area_official_for = has_role(Role.AREA_OFFICIAL)
is_facilitator_for = has_role(Role.FACILITATOR)
is_staff_for = has_role(Role.AREA_OFFICIAL, Role.FACILITATOR, Role.ADMINISTRATOR)
is_privileged = holds_any_role(*PRIVILEGED_ROLES) | rules.is_superuser

rules.add_perm("accounts.manage_roles", is_administrator)
rules.add_perm("accounts.view_people", is_administrator)
