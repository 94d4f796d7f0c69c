from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.budgeting.views import rounds_for_place
from samenspel.core.forms import add_service_errors
from samenspel.notifications.services import is_following

from . import services
from .charts import bar_chart
from .figures import format_value, latest_figures
from .forms import DnaItemForm, DnaItemOnBehalfForm, HideForm, PlaceSearchForm
from .geo import svg_map
from .models import NEIGHBOURHOOD_KINDS, DnaItem, DnaKind, DnaStatus, Municipality, Place, PlaceKind


def place_search(request):
    form = PlaceSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"].strip()
        results = (
            Place.objects.filter(kind__in=NEIGHBOURHOOD_KINDS)
            .filter(Q(name__icontains=q) | Q(cbs_code__iexact=q))
            .select_related("municipality")
            .order_by("name")[:50]
        )
    municipalities = Municipality.objects.order_by("name")
    return render(
        request,
        "places/search.html",
        {
            "form": form,
            "results": results,
            "municipalities": municipalities,
        },
    )


def municipality_detail(request, municipality):
    municipality = get_object_or_404(Place, slug=municipality, kind=PlaceKind.MUNICIPALITY)
    overview = services.neighbourhood_overview(municipality)
    neighbourhoods = overview.neighbourhoods
    inhabitants = overview.inhabitants
    rows = [{"place": n, "inhabitants": inhabitants.get(n.pk)} for n in neighbourhoods]
    geo = overview.map
    map_places = [{"place": n, "path": geo.paths[n.pk]} for n in neighbourhoods if n.pk in geo.paths]
    return render(
        request,
        "places/municipality.html",
        {
            "municipality": municipality,
            "rows": rows,
            "figures": latest_figures(municipality),
            "districts": municipality.children.filter(kind=PlaceKind.DISTRICT),
            "map": geo,
            "map_places": map_places,
            "sources": {f.source for f in latest_figures(municipality)},
        },
    )


def _get_place(municipality_slug, place_slug) -> Place:
    place = get_object_or_404(
        Place.objects.select_related("municipality", "parent"),
        municipality__slug=municipality_slug,
        slug=place_slug,
    )
    return place


def _density_comparison(place, overview):
    siblings = overview.neighbourhoods
    density = overview.density
    rows = sorted(
        (
            {
                "label": p.name,
                "value": density[p.pk],
                "display": format_value("population_density_per_km2", density[p.pk]),
                "highlight": p.pk == place.pk,
                "url": p.get_absolute_url(),
            }
            for p in siblings
            if p.pk in density
        ),
        key=lambda r: r["value"],
        reverse=True,
    )
    return bar_chart(rows) if rows else None


def _comparison(place) -> SimpleNamespace:
    """The density chart against the other neighbourhoods and the map with their outlines."""
    overview = services.neighbourhood_overview(place.municipality) if place.municipality else None
    density_chart = _density_comparison(place, overview) if place.is_neighbourhood and overview else None
    siblings = overview.neighbourhoods if overview else []
    if place.is_neighbourhood and overview:
        geo = overview.map  # its own outline is among its siblings' (cached)
    else:
        outlines = dict(Place.objects.filter(pk__in=[p.pk for p in siblings]).values_list("pk", "boundary"))
        geo = svg_map(outlines | ({place.pk: place.boundary} if place.boundary else {}))
    map_places = [
        {"place": p, "path": geo.paths[p.pk], "current": p.pk == place.pk} for p in siblings if p.pk in geo.paths
    ]
    return SimpleNamespace(density_chart=density_chart, map=geo, map_places=map_places)


def place_detail(request, municipality, place):
    place = _get_place(municipality, place)
    if place.kind == PlaceKind.DISTRICT:
        children = place.children.select_related("municipality").order_by("name")
    else:
        children = place.children.filter(kind=PlaceKind.BUURT).select_related("municipality").order_by("name")
    figures = latest_figures(place)
    by_key = {f.key: f for f in figures}
    sex_chart = None
    if "men" in by_key and "women" in by_key:
        sex_chart = bar_chart(
            [
                {"label": by_key["men"].label, "value": by_key["men"].value, "display": by_key["men"].display},
                {"label": by_key["women"].label, "value": by_key["women"].value, "display": by_key["women"].display},
            ]
        )
    items = DnaItem.objects.filter(place=place).select_related("author").order_by("-created_at")
    visible = [i for i in items if i.status != DnaStatus.WITHDRAWN]
    dna_groups = [
        {"kind": kind, "label": label, "items": [i for i in visible if i.kind == kind]}
        for kind, label in DnaKind.choices
    ]
    user = request.user
    return render(
        request,
        "places/place.html",
        {
            "place": place,
            "children": children,
            "figures": figures,
            "sources": sorted({f.source for f in figures}, key=lambda s: s.title),
            "sex_chart": sex_chart,
            # Worked out only when the cached fragments showing it miss (see the template).
            "comparison": SimpleLazyObject(lambda: _comparison(place)),
            "places_version": services.places_version(),  # the fragments' cache key
            "dna_groups": dna_groups,
            "dna_count": sum(1 for i in visible if i.status == DnaStatus.PUBLISHED),
            "can_add_dna": place.is_neighbourhood and user.has_perm("places.add_dnaitem", place),
            "following": is_following(user, place=place),
            "agendas": place.agendas.all() if place.is_neighbourhood else [],
            "programmes": place.area_programmes.all(),
            "trajectories": place.trajectories.all(),
            "budget_rounds": rounds_for_place(place) if place.is_neighbourhood else [],
            "panels": place.panels.all(),
            "draws": place.draws.all() if place.is_neighbourhood else [],
            "consultations": place.consultations.filter(closes_at__gt=timezone.now()) if place.is_neighbourhood else [],
            "can_add_on_behalf": place.is_neighbourhood and user.has_perm("places.add_dnaitem_on_behalf", place),
        },
    )


@login_required
def dna_item_add(request, municipality, place):
    place = _get_place(municipality, place)
    if not place.is_neighbourhood:
        raise Http404
    on_behalf = request.user.has_perm("places.add_dnaitem_on_behalf", place)
    if not on_behalf and not request.user.has_perm("places.add_dnaitem", place):
        raise PermissionDenied
    form_class = DnaItemOnBehalfForm if on_behalf else DnaItemForm
    form = form_class(request.POST or None, initial={"kind": request.GET.get("soort", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_dna_item(
                user=request.user,
                place=place,
                kind=data["kind"],
                text=data["text"],
                channel=data.get("channel", "online"),
                on_behalf_of=data.get("on_behalf_of", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. Your point is now part of the profile of %(place)s.") % {"place": place.name}
            )
            return redirect(f"{place.get_absolute_url()}#dna")
    return render(request, "places/dna_item_form.html", {"place": place, "form": form, "on_behalf": on_behalf})


def dna_item_detail(request, pk):
    item = get_object_or_404(DnaItem.objects.select_related("place", "place__municipality", "author"), pk=pk)
    revisions = item.revisions.select_related("changed_by")
    return render(
        request,
        "places/dna_item.html",
        {
            "item": item,
            "revisions": revisions,
            "can_change": request.user.has_perm("places.change_dnaitem", item),
            "can_moderate": request.user.has_perm("places.moderate_dnaitem", item),
        },
    )


@login_required
def dna_item_change(request, pk):
    item = get_object_or_404(DnaItem.objects.select_related("place"), pk=pk)
    if not request.user.has_perm("places.change_dnaitem", item):
        raise PermissionDenied
    form = DnaItemForm(request.POST or None, initial={"kind": item.kind, "text": item.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_dna_item(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your change has been saved. The earlier version stays in the history."))
            return redirect("places:dna_item", pk=item.pk)
    return render(request, "places/dna_item_form.html", {"place": item.place, "form": form, "item": item})


@login_required
@require_POST
def dna_item_withdraw(request, pk):
    item = get_object_or_404(DnaItem, pk=pk)
    try:
        services.withdraw_dna_item(user=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The point has been withdrawn."))
    return redirect("places:dna_item", pk=item.pk)


@login_required
def dna_item_hide(request, pk):
    item = get_object_or_404(DnaItem.objects.select_related("place"), pk=pk)
    if not request.user.has_perm("places.moderate_dnaitem", item):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_dna_item(user=request.user, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The point is hidden. The reason is shown in its place."))
            return redirect("places:dna_item", pk=item.pk)
    return render(request, "places/dna_item_hide.html", {"item": item, "form": form})
