from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What you use this key for, e.g. “dashboard of the wijkraad”.")
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("Leave empty for a key without an end date. You can always revoke it."),
    )
