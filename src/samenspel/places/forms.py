from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel

from .models import DnaKind
from .services import MAX_DNA_TEXT


class DnaItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of point is it?"),
        choices=DnaKind.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Describe it"),
        max_length=MAX_DNA_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain words are best. You may use simple Markdown, such as *italic* or a list."),
    )


class DnaItemOnBehalfForm(DnaItemForm):
    """For the area team: points gathered on paper, at a meeting, by phone or at the door."""

    channel = forms.ChoiceField(label=_("How did it come in?"), choices=Channel.choices, initial=Channel.PAPER)
    on_behalf_of = forms.CharField(
        label=_("On behalf of"),
        max_length=120,
        required=False,
        help_text=_(
            "How the person wants to be named, for example “a resident of the Bloemenbuurt”. "
            "No full names or addresses."
        ),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        help_text=_("Everyone can read this reason."),
    )


class PlaceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the neighbourhood or village"),
        max_length=100,
        required=False,
        widget=forms.SearchInput(),
    )
