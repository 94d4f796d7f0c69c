"""Core: the append-only, hash-chained audit log and shared choices."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a contribution came in. Anything but ONLINE was entered by an official."""

    ONLINE = "online", _("online")
    PAPER = "paper", _("on paper")
    MEETING = "meeting", _("at a meeting")
    PHONE = "phone", _("by phone")
    HOME_VISIT = "home_visit", _("at a home visit")


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One state change that matters. Holds no direct personal data: the actor is the
    person's pseudonymous `public_id`, so erasing a person never breaks the chain."""

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(editable=False)
    actor_ref = models.CharField(max_length=64, blank=True, editable=False)
    action = models.CharField(max_length=100, editable=False, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be removed.")

    def compute_hash(self) -> str:
        return chain_hash(
            prev_hash=self.prev_hash,
            seq=self.seq,
            created_at=self.created_at.isoformat(),
            actor_ref=self.actor_ref,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            data=self.data,
        )


class AuditHead(models.Model):
    """A single row holding the chain's tip. Appending locks it, which serialises writers
    on PostgreSQL and lets `audit verify` notice a removed last entry."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"head #{self.seq}"


def chain_hash(*, prev_hash: str, **fields) -> str:
    """SHA-256 over the previous hash and a canonical JSON form of the entry."""
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()
