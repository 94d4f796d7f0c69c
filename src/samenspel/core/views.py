from django.db.models import Count
from django.shortcuts import render

from samenspel.places.figures import figure_by_place
from samenspel.places.forms import PlaceSearchForm
from samenspel.places.models import NEIGHBOURHOOD_KINDS, DnaItem, DnaStatus, Municipality, Place


def home(request):
    municipalities = list(Municipality.objects.order_by("name"))
    inhabitants = figure_by_place(municipalities, "inhabitants")
    counts = {m.pk: {"wijk": 0, "dorp": 0} for m in municipalities}
    kinds = (
        Place.objects.filter(municipality__in=municipalities, kind__in=NEIGHBOURHOOD_KINDS)
        .values_list("municipality_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for municipality_id, kind, n in kinds:
        counts[municipality_id][kind] = n
    recent = (
        DnaItem.objects.filter(status=DnaStatus.PUBLISHED)
        .select_related("place", "place__municipality", "author")
        .order_by("-created_at")[:6]
    )
    return render(
        request,
        "core/home.html",
        {
            "search_form": PlaceSearchForm(),
            "municipalities": [
                {
                    "place": m,
                    "inhabitants": inhabitants.get(m.pk),
                    "wijken": counts[m.pk]["wijk"],
                    "dorpen": counts[m.pk]["dorp"],
                }
                for m in municipalities
            ],
            "recent_dna": recent,
        },
    )


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")
