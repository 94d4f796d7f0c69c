"""Use cases for places and the neighbourhood DNA: each is one transaction, checks
permission and writes to the audit log."""

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
