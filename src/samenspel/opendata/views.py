"""Open data: the list of public datasets, their downloads and a DCAT catalogue. Public,
no login; the rows are the ones the public pages show (see services)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samenspel.core import exports

from . import services
from .forms import PlaceFilterForm


def _query(place) -> str:
    return f"?plaats={place.pk}" if place is not None else ""


def _distributions(request, ds, place) -> list[dict]:
    return [
        {
            "format": fmt,
            "media_type": exports.MEDIA_TYPES[fmt],
            "url": reverse("opendata:download", args=[ds.slug, fmt]) + _query(place),
        }
        for fmt in services.FORMATS
    ]


@require_GET
def index(request):
    form = PlaceFilterForm(request.GET or None)
    place = form.place()
    datasets = []
    for ds in services.DATASETS:
        datasets.append({"dataset": ds, **ds.summary(place), "distributions": _distributions(request, ds, place)})
    return render(
        request,
        "opendata/index.html",
        {"form": form, "place": place, "datasets": datasets, "licences": services.LICENCES},
    )


@require_GET
def download(request, slug, fmt):
    ds = services.dataset(slug)
    if ds is None or fmt not in services.FORMATS:
        raise Http404
    form = PlaceFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404
    place = form.place()
    stem = ds.slug + (f"-{slugify(place.name)}" if place is not None else "")
    rows = services.rows(ds, place)
    if fmt == "json":
        meta = {
            "title": str(ds.title),
            "description": str(ds.description),
            "license": ds.licence_info["url"],
            "attribution": str(ds.attribution),
            "place": {"name": place.name, "cbs_code": place.cbs_code or ""} if place is not None else None,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
        }
        return exports.json_response(ds.columns, rows, stem, meta=meta)
    if fmt == "xlsx":
        return exports.xlsx_response(ds.columns, rows, stem, title=str(ds.title))
    # Open-data CSV has machine keys as its header, the same in every language.
    return exports.csv_response(ds.columns, rows, stem, machine_header=True)


@require_GET
def catalogue(request):
    """A DCAT-AP-style catalogue (JSON-LD) that data.overheid.nl and other portals can harvest."""
    base = request.build_absolute_uri("/").rstrip("/")
    datasets = []
    for ds in services.DATASETS:
        summary = ds.summary()
        info = ds.licence_info
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "@id": f"{base}{reverse('opendata:index')}#{ds.slug}",
                "dct:identifier": ds.slug,
                "dct:title": str(ds.title),
                "dct:description": str(ds.description),
                "dct:license": info["uri"],
                "dct:rights": str(ds.attribution) if ds.attribution else "",
                "dct:modified": summary["modified"].isoformat() if summary["modified"] else None,
                "dct:language": "http://publications.europa.eu/resource/authority/language/NLD",
                "dcat:landingPage": f"{base}{reverse('opendata:index')}#{ds.slug}",
                "samenspel:rows": summary["count"],
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f"{ds.title} ({d['format'].upper()})",
                        "dct:format": d["format"].upper(),
                        "dcat:mediaType": d["media_type"],
                        "dcat:downloadURL": base + d["url"],
                        "dcat:accessURL": base + d["url"],
                        "dct:license": info["uri"],
                    }
                    for d in _distributions(request, ds, None)
                ],
            }
        )
    body = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "samenspel": f"{base}{reverse('opendata:index')}#",
        },
        "@type": "dcat:Catalog",
        "@id": f"{base}{reverse('opendata:catalogue')}",
        "dct:title": _("Open data of Samenspel"),
        "dct:description": _("Every public dataset of this municipality's Samenspel, for download and harvesting."),
        "dct:language": "http://publications.europa.eu/resource/authority/language/NLD",
        "dcat:dataset": datasets,
    }
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
