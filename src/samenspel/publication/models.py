"""The publication register: one row per public record, kept in step with the record itself
(signals in apps.py, `samenspel publication sync`). It holds what a Woo index harvester asks
for without touching the records: the stable address, title, place, dates, status, a revision
that goes up whenever the content changes, and the PDF with its sha256 as it was published.
It is derived data: the records and their own audit entries remain the source of truth
(docs/decisions/0010-woo-publication.md)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .woo import DOCUMENT_TYPES, Kind


class PublicationStatus(models.TextChoices):
    CURRENT = "current", _("published")
    SUPERSEDED = "superseded", _("replaced by a newer version")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Publication(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("number of the record"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="publications"
    )
    municipality = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.CURRENT
    )
    version_number = models.PositiveIntegerField(_("version of the agreement"), null=True, blank=True)
    categories = models.JSONField(_("Woo information categories"), default=list)
    document_date = models.DateField(_("date of the document"))
    published_at = models.DateTimeField(_("published at"))
    modified_at = models.DateTimeField(_("last changed at"), db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    content_digest = models.CharField(max_length=64)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_revision = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-document_date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_publication_per_record")]
        indexes = [
            models.Index(fields=["kind", "-document_date"]),
            models.Index(fields=["place", "-document_date"]),
            models.Index(fields=["municipality", "-document_date"]),
        ]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return f"{self.kind}/{self.object_id}: {self.title}"

    def get_absolute_url(self):
        return reverse("publication:detail", args=[self.kind, self.object_id])

    @property
    def display_title(self) -> str:
        if self.version_number:
            return _("%(title)s, version %(number)s") % {"title": self.title, "number": self.version_number}
        return self.title

    @property
    def document_type(self) -> str:
        return DOCUMENT_TYPES[self.kind]

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PublicationStatus.WITHDRAWN
