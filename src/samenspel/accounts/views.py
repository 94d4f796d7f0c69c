import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.core.forms import add_service_errors

from . import services
from .forms import EraseForm, ProfileForm
from .middleware import has_two_factor, needs_two_factor
from .models import Role


@login_required
def profile(request):
    user = request.user
    home = user.memberships.filter(role=Role.RESIDENT, self_declared=True).select_related("place").first()
    form = ProfileForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "home": home.place if home else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your details have been saved."))
            return redirect("accounts:profile")
    memberships = user.memberships.current().select_related("place", "place__municipality", "organisation")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "needs_two_factor": needs_two_factor(user),
            "has_two_factor": has_two_factor(user),
        },
    )


@login_required
@require_POST
def export_data(request):
    data = services.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="samenspel-mijn-gegevens-{stamp}.json"'
    return response


@login_required
def erase(request):
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_person(user=request.user, requested_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account and personal data have been removed."))
            return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})
