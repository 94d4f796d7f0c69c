from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import PRIVILEGED_ROLES


def needs_two_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.memberships.current().filter(role__in=PRIVILEGED_ROLES).exists()


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    """Officials, facilitators, college, council and administrators must set up an
    authenticator app (TOTP) before they can do anything else."""

    ALLOWED_PREFIXES = ("/account/", "/i18n/", "/static/", "/toegankelijkheid/", "/privacy/", "/gezond/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and request.session.get("two_factor_ok") is not True
        ):
            if needs_two_factor(user) and not has_two_factor(user):
                messages.warning(request, _("Your role requires two-step login. Set up an authenticator app first."))
                return redirect(reverse("mfa_activate_totp"))
            request.session["two_factor_ok"] = True
        return self.get_response(request)
