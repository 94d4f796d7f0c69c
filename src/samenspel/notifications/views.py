from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.agenda.models import AgendaItem
from samenspel.initiatives.models import Idea
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place

from . import services
from .digest import period, wijk_news
from .forms import NotificationSettingsForm
from .models import NotificationSettings


def _target(request):
    kind, pk = request.POST.get("kind"), request.POST.get("pk")
    models = {"place": Place, "idea": Idea, "agenda_item": AgendaItem}
    if kind not in models or not (pk or "").isdigit():
        raise Http404
    return {kind: get_object_or_404(models[kind], pk=pk)}


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def follow(request):
    target = _target(request)
    services.follow(user=request.user, **target)
    messages.success(request, _("You now follow this. You will hear about changes."))
    return _back(request, "notifications:mine")


@login_required
@require_POST
def unfollow(request):
    target = _target(request)
    services.unfollow(user=request.user, **target)
    messages.success(request, _("You no longer follow this."))
    return _back(request, "notifications:mine")


@login_required
def mine(request):
    # An unsaved default row when the person never chose: reading the page changes nothing.
    settings_row = NotificationSettings.objects.filter(user=request.user).first() or NotificationSettings(
        user=request.user
    )
    form = NotificationSettingsForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        services.save_settings(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Your choice has been saved."))
        return redirect("notifications:mine")
    notifications = request.user.notifications.select_related("place")[:50]
    follows = request.user.follows.select_related("place", "idea", "agenda_item")
    response = render(
        request,
        "notifications/mine.html",
        {
            "form": form,
            "notifications": notifications,
            "follows": follows,
        },
    )
    services.mark_read(user=request.user)
    return response


def _wijk(municipality, place):
    return get_object_or_404(Place, municipality__slug=municipality, slug=place, kind__in=NEIGHBOURHOOD_KINDS)


def wijkkrant(request, municipality, place):
    place = _wijk(municipality, place)
    days = 30 if request.GET.get("periode") == "maand" else 7
    start, end = period(days)
    return render(
        request,
        "notifications/wijkkrant.html",
        {
            **wijk_news(place, start, end),
            "days": days,
            "following": services.is_following(request.user, place=place),
        },
    )


def wijkkrant_pdf(request, municipality, place):
    import weasyprint
    from django.conf import settings

    place = _wijk(municipality, place)
    days = 30 if request.GET.get("periode") == "maand" else 7
    start, end = period(days)
    html = render_to_string(
        "notifications/wijkkrant_pdf.html",
        {**wijk_news(place, start, end), "days": days, "base_url": settings.SAMENSPEL_BASE_URL},
    )
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="wijkkrant-{place.slug}-{end.isoformat()}.pdf"'
    return response


def _no_fetch(url, *args, **kwargs):
    # The wijkkrant carries no images or fonts from elsewhere: refuse every fetch.
    raise ValueError(f"fetching {url} is not allowed")
