"""Writing to and verifying the audit log. Every service that changes something that
matters calls `record` inside its own transaction, so the entry and the change land
together or not at all."""

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead


def actor_ref(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.public_id)


def record(action: str, *, actor=None, obj=None, data: dict | None = None) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return record(action, actor=actor, obj=obj, data=data)
    AuditHead.objects.get_or_create(id=1)
    head = AuditHead.objects.select_for_update().get(id=1)
    # Round-trip through JSON so the hash is computed over exactly what is stored.
    stored_data = json.loads(json.dumps(data or {}, default=str))
    entry = AuditEntry(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor_ref=actor if isinstance(actor, str) else actor_ref(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=stored_data,
        prev_hash=head.hash,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    AuditHead.objects.filter(id=1).update(seq=entry.seq, hash=entry.hash)
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""


def verify() -> VerifyResult:
    """Walk the chain from the start. Detects altered rows (hash mismatch), removed rows
    (gap in seq or broken link) and a removed tail (the head points further). Entries
    appended while verifying lie beyond the head read first and are left for next time."""
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "0" * 64)
    prev_hash = "0" * 64
    expected_seq = 1
    count = 0
    entries = AuditEntry.objects.filter(seq__lte=head_seq).order_by("seq")
    for entry in entries.iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return VerifyResult(False, count, expected_seq, "entry missing")
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, count, entry.seq, "link to previous entry broken")
        if entry.compute_hash() != entry.hash:
            return VerifyResult(False, count, entry.seq, "entry altered")
        prev_hash = entry.hash
        expected_seq += 1
        count += 1
    if count != head_seq or prev_hash != head_hash:
        return VerifyResult(False, count, count + 1, "entries missing at the end")
    return VerifyResult(True, count)
