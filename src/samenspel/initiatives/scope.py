"""Which places a member of staff covers, as a query: for the moderation queue, the broker's
dashboard and the place choices when entering something on someone's behalf."""

from django.db.models import Q

from samenspel.accounts.models import Role

STAFF_ROLES = (Role.AREA_OFFICIAL, Role.FACILITATOR, Role.ADMINISTRATOR)


def staff_place_ids(user) -> set[int] | None:
    """The places where the user holds a staff role; None means everywhere (superuser)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return set(user.memberships.current().filter(role__in=STAFF_ROLES).values_list("place_id", flat=True))


def is_staff_anywhere(user) -> bool:
    ids = staff_place_ids(user)
    return ids is None or bool(ids)


def covered(user, prefix: str = "") -> Q:
    """Places (through `prefix`, e.g. "place__" or "idea__place__") the user covers as staff.
    A role for a municipality covers its areas and neighbourhoods; one for an area its
    neighbourhoods; one for a neighbourhood that neighbourhood."""
    ids = staff_place_ids(user)
    if ids is None:
        return Q()
    if not ids:
        return Q(pk__in=[])
    return (
        Q(**{f"{prefix}pk__in": ids})
        | Q(**{f"{prefix}municipality_id__in": ids})
        | Q(**{f"{prefix}parent_id__in": ids})
    )
