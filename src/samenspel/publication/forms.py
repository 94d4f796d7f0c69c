from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.places.models import Place, PlaceKind

from .woo import Kind


class PublicationFilterForm(forms.Form):
    """Filters of the publication index; every field is optional and bad values are ignored."""

    soort = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all kinds")), *Kind.choices])
    plaats = forms.ModelChoiceField(
        label=_("Place"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("all places"),
        to_field_name="pk",
    )
    van = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only places that have publications, municipalities first, so the list stays short.
        self.fields["plaats"].queryset = (
            Place.objects.filter(kind__in=[PlaceKind.MUNICIPALITY, PlaceKind.WIJK, PlaceKind.DORP])
            .filter(
                pk__in=_place_ids(),
            )
            .order_by("kind", "name")
        )

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("The end date lies before the start date."))
        return data

    def filter(self, queryset):
        """The queryset narrowed by the valid filters."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("soort"):
            queryset = queryset.filter(kind=data["soort"])
        place = data.get("plaats")
        if place is not None:
            if place.kind == PlaceKind.MUNICIPALITY:
                queryset = queryset.filter(municipality=place)
            else:
                queryset = queryset.filter(place=place)
        if data.get("van"):
            queryset = queryset.filter(document_date__gte=data["van"])
        if data.get("tot"):
            queryset = queryset.filter(document_date__lte=data["tot"])
        return queryset


def _place_ids():
    from django.db.models import Q

    from .models import Publication

    used = Publication.objects.values("place_id")
    municipalities = Publication.objects.values("municipality_id")
    return Place.objects.filter(Q(pk__in=used) | Q(pk__in=municipalities)).values("pk")
