"""Published records at stable addresses (/publicaties/<soort>/<nummer>/) with their PDF, JSON
and DiWoo metadata; the index with filters; and the feeds a Woo-index harvester polls."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import services, woo
from .forms import PublicationFilterForm
from .models import Publication
from .schema import METADATA_SCHEMA
from .sources import source_for

PAGE_SIZE = 25
FEED_PAGE_SIZE = 100
JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


def _kind_or_404(kind: str) -> str:
    if kind not in woo.Kind.values:
        raise Http404
    return kind


def _entry_or_404(kind: str, pk: int):
    entry, record = services.entry_for(_kind_or_404(kind), pk)
    if entry is None:
        raise Http404
    return entry, record


def urls_for(request, entry: Publication, record=None) -> dict:
    args = [entry.kind, entry.object_id]
    absolute = request.build_absolute_uri
    urls = {
        "html": absolute(reverse("publication:detail", args=args)),
        "pdf": absolute(reverse("publication:pdf", args=args)),
        "json": absolute(reverse("publication:json", args=args)),
        "metadata": absolute(reverse("publication:metadata", args=args)),
    }
    if entry.place_id:
        urls["place"] = absolute(entry.place.get_absolute_url())
    if record is not None:
        urls["record"] = absolute(source_for(entry.kind).record_url(record))
    return urls


def _metadata(request, entry, record=None, *, with_pdf_hash=False):
    urls = urls_for(request, entry, record)
    sha = ""
    if with_pdf_hash:
        _pdf, sha = services.pdf_for(entry, record, identifier=urls["html"], urls=urls)
    elif entry.pdf_revision == entry.revision:
        sha = entry.pdf_sha256
    return services.metadata(entry, urls["html"], urls, pdf_sha256=sha)


def _filtered(request):
    form = PublicationFilterForm(request.GET or None)
    queryset = Publication.objects.select_related("place__municipality", "municipality").defer("pdf")
    return form, form.filter(queryset)


@require_safe
def index(request):
    form, queryset = _filtered(request)
    page = Paginator(queryset.order_by("-document_date", "-pk"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "publication/index.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def index_json(request):
    """Everything published, oldest change first, for a harvester: `?gewijzigd_sinds=` (ISO
    date-time or date) returns only what changed after that moment; `soort`, `plaats`, `van`,
    `tot` filter as on the index page; `pagina` pages through in steps of 100."""
    _form, queryset = _filtered(request)
    since_text = request.GET.get("gewijzigd_sinds", "").strip()
    if since_text:
        since = _parse_moment(since_text)
        if since is None:
            return JsonResponse(
                {"error": _("gewijzigd_sinds must be a date (2025-01-31) or a date and time (2025-01-31T12:00:00Z).")},
                status=400,
            )
        queryset = queryset.filter(modified_at__gt=since)
    page = Paginator(queryset.order_by("modified_at", "pk"), FEED_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    next_url = ""
    if page.has_next():
        query["pagina"] = page.next_page_number()
        next_url = request.build_absolute_uri(f"{reverse('publication:index_json')}?{query.urlencode()}")
    data = {
        "schema": request.build_absolute_uri(reverse("publication:schema")),
        "count": page.paginator.count,
        "page": page.number,
        "next": next_url or None,
        "generated_at": timezone.now().isoformat(),
        "items": [_metadata(request, entry) for entry in page.object_list],
    }
    return JsonResponse(data, json_dumps_params=JSON_OPTIONS)


def _parse_moment(text: str):
    """A moment from a query string: a date-time (a "+" of an offset arrives as a space) or a
    date (its start). None for anything else, including well-formed but impossible dates."""
    try:
        moment = parse_datetime(text.replace(" ", "+"))
        day = None if moment is not None else parse_date(text)
    except ValueError:
        return None
    if moment is None:
        if day is None:
            return None
        moment = datetime.datetime.combine(day, datetime.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_safe
def detail(request, kind, pk):
    entry, record = _entry_or_404(kind, pk)
    source = source_for(entry.kind)
    versions = []
    if entry.kind == woo.Kind.AGREEMENT:
        # Every published version of the same agreement, newest first.
        versions = list(
            Publication.objects.filter(kind=entry.kind, object_id__in=record.agreement.versions.values("pk"))
            .defer("pdf")
            .order_by("-version_number")
        )
    return render(
        request,
        "publication/detail.html",
        {
            "entry": entry,
            "record": record,
            "content": source.content(record),
            "body_template": source.template,
            "meta": _metadata(request, entry, record),
            "versions": versions,
        },
    )


@require_safe
def pdf(request, kind, pk):
    entry, record = _entry_or_404(kind, pk)
    urls = urls_for(request, entry, record)
    data, sha = services.pdf_for(entry, record, identifier=urls["html"], urls=urls)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{entry.kind}-{entry.object_id}-r{entry.revision}.pdf"'
    response["Digest"] = f"sha-256={sha}"
    return response


@require_safe
def document_json(request, kind, pk):
    entry, record = _entry_or_404(kind, pk)
    with translation.override(woo.LANGUAGE):
        content = source_for(entry.kind).content(record)
    data = {"metadata": _metadata(request, entry, record), "content": content}
    response = JsonResponse(data, json_dumps_params=JSON_OPTIONS)
    response["Content-Disposition"] = f'inline; filename="{entry.kind}-{entry.object_id}.json"'
    return response


@require_safe
def metadata_json(request, kind, pk):
    entry, record = _entry_or_404(kind, pk)
    return JsonResponse(_metadata(request, entry, record, with_pdf_hash=True), json_dumps_params=JSON_OPTIONS)


@require_safe
def schema(request):
    return JsonResponse(METADATA_SCHEMA, json_dumps_params=JSON_OPTIONS)
