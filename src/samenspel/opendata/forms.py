from django import forms
from django.utils.translation import gettext_lazy as _

from . import services


class PlaceFilterForm(forms.Form):
    plaats = forms.ModelChoiceField(
        label=_("Place"),
        queryset=None,
        required=False,
        empty_label=_("All places"),
        help_text=_("Only the data about this place and the places within it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plaats"].queryset = services.filter_places()
        self.fields["plaats"].label_from_instance = _place_label

    def place(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data["plaats"]
        return None


def _place_label(place) -> str:
    if place.municipality_id and place.municipality_id != place.pk:
        return f"{place.name} ({place.get_kind_display()}, {place.municipality.name})"
    return f"{place.name} ({place.get_kind_display()})"
