"""Keeping the publication register in step with the records, and producing the published
forms of a record: its DiWoo metadata and its PDF.

The register is derived data. Each record's own service already writes the audit entry for
the change that matters (an advice given, a decision recorded, a version signed); syncing
the register only mirrors that change, so it writes no audit entries of its own."""

import hashlib
import json
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import woo
from .models import Publication, PublicationStatus
from .rules import is_published
from .sources import SOURCES, source_for

logger = logging.getLogger(__name__)


def _canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def build(kind: str, record) -> tuple:
    """The register facts and the document content of a record, in the language of record."""
    source = source_for(kind)
    with translation.override(woo.LANGUAGE):
        return source.facts(record), source.content(record)


def _digest(facts, content) -> str:
    state = {
        "title": facts.title,
        "status": facts.status,
        "date": facts.document_date,
        "categories": facts.categories,
        "version": facts.version_number,
        "place": facts.place.pk if facts.place is not None else None,
        "content": content,
    }
    return hashlib.sha256(_canonical(state)).hexdigest()


@transaction.atomic
def sync_record(kind: str, record) -> Publication | None:
    """Create, update or remove the register entry of one record. Returns the entry, or None
    when the record is not (or no longer) published."""
    if not is_published(kind, record):
        Publication.objects.filter(kind=kind, object_id=record.pk).delete()
        return None
    facts, content = build(kind, record)
    digest = _digest(facts, content)
    now = timezone.now()
    values = {
        "title": facts.title[:300],
        "summary": facts.summary,
        "place": facts.place,
        "municipality": facts.municipality,
        "status": facts.status,
        "version_number": facts.version_number,
        "categories": facts.categories,
        "document_date": facts.document_date,
    }
    entry = Publication.objects.select_for_update().filter(kind=kind, object_id=record.pk).first()
    if entry is None:
        try:
            with transaction.atomic():
                return Publication.objects.create(
                    kind=kind,
                    object_id=record.pk,
                    published_at=now,
                    modified_at=now,
                    withdrawn_at=now if facts.status == PublicationStatus.WITHDRAWN else None,
                    content_digest=digest,
                    **values,
                )
        except IntegrityError:  # created at the same moment by another request: update that one
            entry = Publication.objects.select_for_update().get(kind=kind, object_id=record.pk)
    if entry.content_digest == digest:
        return entry
    if facts.status == PublicationStatus.WITHDRAWN and entry.withdrawn_at is None:
        entry.withdrawn_at = now
    elif facts.status != PublicationStatus.WITHDRAWN:
        entry.withdrawn_at = None
    for field, value in values.items():
        setattr(entry, field, value)
    entry.content_digest = digest
    entry.revision += 1
    entry.modified_at = now
    entry.save()
    return entry


def sync_quietly(kind: str, record) -> None:
    """Sync from a signal: a failure here must never undo the change that triggered it, so it
    runs in its own savepoint and is logged instead of raised."""
    try:
        with transaction.atomic():
            fresh = source_for(kind).base_queryset().filter(pk=record.pk).first()
            if fresh is None:
                Publication.objects.filter(kind=kind, object_id=record.pk).delete()
            else:
                sync_record(kind, fresh)
    except Exception:
        logger.exception("Could not update the publication register for %s %s", kind, record.pk)


def remove_record(kind: str, pk: int) -> None:
    Publication.objects.filter(kind=kind, object_id=pk).delete()


def sync_all(kinds=None) -> dict:
    """Bring the whole register in step: add what is missing, update what changed, remove
    entries whose record is gone or no longer public. Returns counts per kind."""
    counts = {}
    for kind, source in SOURCES.items():
        if kinds and kind not in kinds:
            continue
        seen = []
        for record in source.base_queryset().order_by("pk").iterator(chunk_size=200):
            if sync_record(kind, record) is not None:
                seen.append(record.pk)
        removed, _ = Publication.objects.filter(kind=kind).exclude(object_id__in=seen).delete()
        counts[kind] = {"published": len(seen), "removed": removed}
    return counts


def entry_for(kind: str, pk: int):
    """The register entry and the record behind it, or (None, None) when it is not published.
    A record missing from the register (saved before this app existed, or by a bulk update)
    is synced on the spot."""
    source = source_for(kind)
    record = source.base_queryset().filter(pk=pk).first()
    if record is None or not is_published(kind, record):
        return None, None
    entry = Publication.objects.filter(kind=kind, object_id=pk).first()
    if entry is None:
        entry = sync_record(kind, record)
    return entry, record


# --- Published forms ----------------------------------------------------------------------


def official_title(entry: Publication) -> str:
    with translation.override(woo.LANGUAGE):
        return str(entry.display_title)


def metadata(entry: Publication, identifier: str, urls: dict, *, pdf_sha256: str = "") -> dict:
    """The record's metadata in the shape of the DiWoo metadata standard (field names as in
    diwoo-metadata.xsd), plus `samenspel`-specific facts. `urls` holds absolute addresses of
    the HTML page, the PDF, the JSON and the place."""
    municipality = entry.municipality
    publisher_name = f"gemeente {municipality.name}" if municipality else settings.SAMENSPEL_SITE_NAME
    publisher = {"label": publisher_name, "resource": woo.publisher_resource(getattr(municipality, "cbs_code", ""))}
    categories = [woo.CATEGORIES[code] for code in entry.categories]
    actions = [{"soortHandeling": "publicatie", "atTime": entry.published_at.isoformat()}]
    if entry.revision > 1:
        actions.append({"soortHandeling": "wijziging", "atTime": entry.modified_at.isoformat()})
    if entry.withdrawn_at:
        actions.append({"soortHandeling": "intrekking", "atTime": entry.withdrawn_at.isoformat()})
    place = entry.place
    return {
        "identifier": identifier,
        "publisher": publisher,
        "verantwoordelijke": publisher,
        "titelcollectie": {"officieleTitel": official_title(entry)},
        "omschrijvingen": [entry.summary] if entry.summary else [],
        "classificatiecollectie": {
            "informatiecategorieen": [
                {"label": c.label, "resource": c.resource, "artikel": c.citation} for c in categories
            ],
            "documentsoorten": [{"label": entry.document_type}],
            "trefwoorden": [w for w in (place.name if place else "", entry.document_type) if w],
        },
        "creatiedatum": entry.document_date.isoformat(),
        "publicatiedatum": entry.published_at.isoformat(),
        "laatstGewijzigdDatum": entry.modified_at.isoformat(),
        "language": {"code": woo.LANGUAGE, "label": "Nederlands"},
        "documenthandelingen": actions,
        "status": entry.status,
        "ingetrokken": entry.is_withdrawn,
        "versie": entry.version_number or entry.revision,
        "revisie": entry.revision,
        "soort": entry.kind,
        "locatie": {
            "label": place.name,
            "cbs_code": place.cbs_code or "",
            "url": urls.get("place", ""),
        }
        if place
        else None,
        "weergaven": [
            {"format": "text/html", "url": urls["html"]},
            {"format": "application/pdf", "url": urls["pdf"], "sha256": pdf_sha256},
            {"format": "application/json", "url": urls["json"]},
        ],
        "bron": urls.get("record", ""),
    }


def pdf_for(entry: Publication, record, *, identifier: str, urls: dict) -> tuple[bytes, str]:
    """The published PDF of the entry's current revision and its sha256. It is made once per
    revision and kept, so the hash in the metadata always matches the file served."""
    if entry.pdf is not None and entry.pdf_revision == entry.revision:
        return bytes(entry.pdf), entry.pdf_sha256
    pdf = render_pdf(entry, record, identifier=identifier, urls=urls)
    sha = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=entry.pk)
        if locked.pdf is not None and locked.pdf_revision == locked.revision:
            return bytes(locked.pdf), locked.pdf_sha256  # another request made it first
        reprinted = locked.pdf_revision == locked.revision and bool(locked.pdf_sha256) and locked.pdf_sha256 != sha
        locked.pdf, locked.pdf_sha256, locked.pdf_revision = pdf, sha, locked.revision
        fields = ["pdf", "pdf_sha256", "pdf_revision"]
        if reprinted:
            # The same revision printed anew (e.g. after a new layout): harvesters fetch it again.
            locked.modified_at = timezone.now()
            fields.append("modified_at")
        locked.save(update_fields=fields)
    entry.pdf, entry.pdf_sha256, entry.pdf_revision = pdf, sha, entry.revision
    return pdf, sha


def render_pdf(entry: Publication, record, *, identifier: str, urls: dict) -> bytes:
    import weasyprint  # imported here: loading Pango is slow and only the PDF needs it
    from weasyprint.urls import URLFetcher

    source = source_for(entry.kind)
    with translation.override(woo.LANGUAGE):
        content = source.content(record)
        meta = metadata(entry, identifier, urls)
        html = render_to_string(
            "publication/pdf.html",
            {
                "entry": entry,
                "content": content,
                "body_template": source.template,
                "meta": meta,
                "keywords": ", ".join(
                    [c["label"] for c in meta["classificatiecollectie"]["informatiecategorieen"]]
                    + meta["classificatiecollectie"]["trefwoorden"]
                ),
                "identifier": identifier,
                "site_name": settings.SAMENSPEL_SITE_NAME,
            },
        )
    # Nothing in a record's text may make the server fetch a URL: allow no protocol at all.
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=()))
    return document.write_pdf(pdf_variant="pdf/ua-1")
