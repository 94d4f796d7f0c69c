"""Use cases for places and the neighbourhood DNA: each is one transaction, checks
permission and writes to the audit log."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenspel.core import audit
from samenspel.core.models import Channel
from samenspel.core.text import plain_text

from .models import DnaItem, DnaItemRevision, DnaKind, DnaStatus, Place

MAX_DNA_TEXT = 2000


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    if len(text) > MAX_DNA_TEXT:
        raise ValidationError({"text": _("Keep it under %(max)d characters.") % {"max": MAX_DNA_TEXT}})
    return text


def _snapshot(item: DnaItem, user, note: str = "") -> DnaItemRevision:
    number = item.revisions.count() + 1
    return DnaItemRevision.objects.create(
        item=item,
        number=number,
        kind=item.kind,
        text=item.text,
        status=item.status,
        note=note,
        changed_by=user,
    )


@transaction.atomic
def add_dna_item(
    *,
    user,
    place: Place,
    kind: str,
    text: str,
    channel: str = Channel.ONLINE,
    on_behalf_of: str = "",
) -> DnaItem:
    if not place.is_neighbourhood:
        raise ValidationError(_("DNA items belong to a neighbourhood or village."))
    if kind not in DnaKind.values:
        raise ValidationError({"kind": _("Choose what kind of point this is.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how this came in.")})
    offline = channel != Channel.ONLINE or bool(on_behalf_of)
    perm = "places.add_dnaitem_on_behalf" if offline else "places.add_dnaitem"
    if not user.has_perm(perm, place):
        raise PermissionDenied
    item = DnaItem.objects.create(
        place=place,
        kind=kind,
        text=_clean_text(text),
        author=None if offline else user,
        on_behalf_of=plain_text(on_behalf_of).strip()[:120],
        channel=channel,
        entered_by=user,
    )
    _snapshot(item, user, note="added")
    audit.record(
        "places.dna_item.added",
        actor=user,
        obj=item,
        data={"place": place.pk, "kind": kind, "channel": channel},
    )
    return item


@transaction.atomic
def change_dna_item(*, user, item: DnaItem, kind: str, text: str) -> DnaItem:
    item = DnaItem.objects.select_for_update().get(pk=item.pk)
    if not user.has_perm("places.change_dnaitem", item):
        raise PermissionDenied
    if item.status != DnaStatus.PUBLISHED:
        raise ValidationError(_("Only a published item can be changed."))
    if kind not in DnaKind.values:
        raise ValidationError({"kind": _("Choose what kind of point this is.")})
    item.kind = kind
    item.text = _clean_text(text)
    item.save()
    _snapshot(item, user, note="changed")
    audit.record("places.dna_item.changed", actor=user, obj=item, data={"kind": kind})
    return item


@transaction.atomic
def withdraw_dna_item(*, user, item: DnaItem) -> DnaItem:
    item = DnaItem.objects.select_for_update().get(pk=item.pk)
    if not user.has_perm("places.change_dnaitem", item):
        raise PermissionDenied
    item.status = DnaStatus.WITHDRAWN
    item.save()
    _snapshot(item, user, note="withdrawn")
    audit.record("places.dna_item.withdrawn", actor=user, obj=item)
    return item


@transaction.atomic
def hide_dna_item(*, user, item: DnaItem, reason: str) -> DnaItem:
    item = DnaItem.objects.select_for_update().get(pk=item.pk)
    if not user.has_perm("places.moderate_dnaitem", item):
        raise PermissionDenied
    reason = plain_text(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Give the public reason for hiding this item.")})
    item.status = DnaStatus.HIDDEN
    item.moderation_reason = reason[:300]
    item.save()
    _snapshot(item, user, note=reason[:300])
    audit.record("places.dna_item.hidden", actor=user, obj=item, data={"reason": item.moderation_reason})
    return item


# --- Cached overview of a municipality's neighbourhoods ----------------------------------------
#
# Every wijk page shows the outlines of all the municipality's neighbourhoods and compares their
# population density; the municipality page lists them with their inhabitants. Working that out
# reads every outline (GeoJSON) and projects it to SVG: the bulk of a wijk page's time. It changes
# only when figures or outlines are imported, so it is cached under a version that
# `places_changed()` moves on (called by the CBS import). Django's cache is shared by all app
# servers with REDIS_URL; with the per-process memory cache a change made elsewhere (a
# management command) shows within OVERVIEW_SECONDS.

OVERVIEW_SECONDS = 300
VERSION_KEY = "samenspel:places:version"


def places_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def places_changed() -> None:
    """Figures, names or outlines changed: every cached overview is out of date."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


@dataclass
class Overview:
    neighbourhoods: list  # Place rows (with municipality), by name, outlines left out
    map: object  # geo.SvgMap of their outlines
    density: dict  # {place pk: Decimal} newest population density
    inhabitants: dict  # {place pk: IndicatorValue} newest number of inhabitants


def neighbourhood_overview(municipality) -> Overview:
    from .figures import figure_by_place
    from .geo import svg_map
    from .models import NEIGHBOURHOOD_KINDS

    key = f"samenspel:places:overview:{places_version()}:{municipality.pk}"
    overview = cache.get(key)
    if overview is None:
        places = list(
            Place.objects.filter(municipality=municipality, kind__in=NEIGHBOURHOOD_KINDS)
            .select_related("municipality")
            .order_by("name")
        )
        geo = svg_map({p.pk: p.boundary for p in places})
        density = {pk: iv.value for pk, iv in figure_by_place(places, "population_density_per_km2").items()}
        inhabitants = figure_by_place(places, "inhabitants")
        for p in places:
            p.boundary = None  # drawn already; keeps the cached entry small
            p.municipality.boundary = None
        overview = Overview(places, geo, density, inhabitants)
        cache.set(key, overview, OVERVIEW_SECONDS)
    return overview
