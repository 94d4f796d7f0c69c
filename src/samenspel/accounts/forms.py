from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Name shown to others"),
        max_length=80,
        required=False,
        help_text=_("For example your first name. You may leave it empty."),
    )


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.municipality.name})" if obj.municipality else obj.name


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown to others"), max_length=80, required=False)
    home = NeighbourhoodChoiceField(
        label=_("I live in"),
        queryset=Place.objects.filter(kind__in=NEIGHBOURHOOD_KINDS)
        .select_related("municipality")
        .order_by("municipality__name", "name"),
        required=False,
        empty_label=_("— not chosen —"),
        help_text=_("As a resident you can add to the profile of your neighbourhood or village."),
    )


class EraseForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(label=_("Yes, remove my account and my personal data"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password
