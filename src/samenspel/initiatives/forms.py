import secrets
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel
from samenspel.core.widgets import FastSelect
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place, PlaceKind

from . import services
from .models import (
    CaseStatus,
    HelpRole,
    Idea,
    IdeaKind,
    KillerPhrase,
    ObstacleCategory,
    ObstacleStatus,
    SupportKind,
    SupportOutcome,
)


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]

# Ownership in plain words (spec §7.2, 001:97-115).
OWNERSHIP_PLAIN = {
    1: _("Type 1: the neighbourhood owns this and does it itself."),
    2: _("Type 2: the neighbourhood owns this; the municipality or a partner contributes."),
    3: _("Type 3: the municipality or a partner owns this; residents contribute."),
    4: _("Type 4: the municipality or a partner owns this."),
}
OWNERSHIP_CHOICES = [("", _("I don't know yet"))] + [(str(k), v) for k, v in OWNERSHIP_PLAIN.items()]


class PlaceChoiceField(forms.ModelChoiceField):
    widget = FastSelect  # every neighbourhood of every municipality: long

    def label_from_instance(self, place):
        if place.municipality_id and place.kind != PlaceKind.MUNICIPALITY:
            return f"{place.name} ({place.municipality.name})"
        return place.name


def neighbourhoods():
    # A choice list needs names only: leave out the outlines (GeoJSON), which are large.
    return (
        Place.objects.filter(kind__in=NEIGHBOURHOOD_KINDS)
        .select_related("municipality")
        .defer("boundary", "description", "municipality__boundary", "municipality__description")
        .order_by("municipality__name", "name")
    )


def _euros_to_cents(value) -> int | None:
    if value in (None, ""):
        return None
    return int((Decimal(value) * 100).to_integral_value())


class IdeaForm(forms.Form):
    place = PlaceChoiceField(
        label=_("Neighbourhood or village"),
        queryset=Place.objects.none(),
        empty_label=_("Choose…"),
        help_text=_("Where is your idea for? You may propose an idea for any neighbourhood or village."),
    )
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=IdeaKind.choices, initial=IdeaKind.IDEA, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=services.MAX_TITLE,
        help_text=_("In a few words, for example “A vegetable garden behind the school”."),
    )
    description = forms.CharField(
        label=_("Describe your idea"),
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What do you want to do, for whom, and why? You may use simple Markdown, such as *italic*."),
    )
    needs = forms.CharField(
        label=_("What does it need?"),
        max_length=services.MAX_NEEDS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("People, a place, permission, advice, materials or money."),
    )
    ownership = forms.TypedChoiceField(
        label=_("Who owns it?"),
        choices=OWNERSHIP_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Whose is it: the neighbourhood's or the municipality's? The idea broker can help you decide."),
    )
    location_text = forms.CharField(
        label=_("Where exactly"),
        max_length=200,
        required=False,
        help_text=_("A street, a square or a building. No private addresses."),
    )

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else neighbourhoods()
        # One key per filled-in form, kept through the preview: sending it twice makes one idea.
        self.fields["submission_key"].initial = secrets.token_urlsafe(24)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm", None)
        return data


class IdeaOnBehalfForm(IdeaForm):
    """For the area team: ideas that came in on paper, by phone, at a meeting or a home visit."""

    channel = forms.ChoiceField(label=_("How did the idea come in?"), choices=OFFLINE_CHANNELS, initial=Channel.PAPER)
    on_behalf_of = forms.CharField(
        label=_("Initiator, as shown to others"),
        max_length=150,
        help_text=_(
            "How the person wants to be named, for example “a resident of the Bloemenbuurt”. "
            "No full names or addresses unless they agree."
        ),
    )
    contact_note = forms.CharField(
        label=_("How to reach the initiator (only for the area team)"),
        max_length=300,
        required=False,
        help_text=_("A phone number or “via the buurthuis”. Only the area team sees this; it is erased with the case."),
    )


class IdeaChangeForm(IdeaForm):
    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["place"]
        del self.fields["submission_key"]  # a change changes the one idea; nothing to make twice
        if staff:
            self.fields["contact_note"] = forms.CharField(
                label=_("How to reach the initiator (only for the area team)"), max_length=300, required=False
            )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB. At most 4 photos per idea."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What does the photo show?"),
        max_length=200,
        help_text=_("For people who cannot see the photo, for example “The empty lot behind the school”."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=services.MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )


class HelpForm(forms.Form):
    role = forms.ChoiceField(label=_("How do you want to help?"), choices=HelpRole.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("What you can offer"), max_length=300, required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: it insults someone, shares someone's private details, or is advertising."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Public reason"), max_length=300, help_text=_("Everyone can read this reason."))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you stop? (optional)"),
        max_length=services.MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UpdateForm(forms.Form):
    note = forms.CharField(
        label=_("Your update"), max_length=services.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 4})
    )


class MoveForm(forms.Form):
    """The note; the step comes from the button pressed (one button per next step)."""

    note = forms.CharField(
        label=_("Note for the initiator"),
        max_length=services.MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The initiator and followers read this. Required when the idea is not taken further."),
    )


class ConnectForm(forms.Form):
    other_idea = forms.ModelChoiceField(
        label=_("Another idea"), queryset=Idea.objects.none(), required=False, empty_label=_("None")
    )
    name = forms.CharField(
        label=_("Or a partner or person"),
        max_length=200,
        required=False,
        help_text=_("For example “Buurtcentrum De Pijp” or “Jan de Vries, team Openbare Ruimte”."),
    )
    note = forms.CharField(label=_("Why"), max_length=300, required=False)

    def __init__(self, *args, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        if idea is not None:
            municipality = idea.place.root
            self.fields["other_idea"].queryset = (
                Idea.objects.filter(place__municipality=municipality, is_hidden=False)
                .exclude(pk=idea.pk)
                .select_related("place")
                .order_by("place__name", "title")
            )
            self.fields["other_idea"].label_from_instance = lambda i: f"{i.title} ({i.place.name})"


class MoneyField(forms.DecimalField):
    """Euros as people type them: "450", "450,50", "€ 1.250,00" or "1,250.00"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
            if "," in value and "." in value:
                decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
                thousands = "." if decimal_mark == "," else ","
                value = value.replace(thousands, "").replace(decimal_mark, ".")
            elif value.count(",") == 1:
                value = value.replace(",", ".")
        return super().to_python(value)


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of support?"), choices=SupportKind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("What is asked"), max_length=services.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 4})
    )
    amount = MoneyField(label=_("Amount in euros"), required=False, help_text=_("Only for money."))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data["description"],
            "amount_cents": _euros_to_cents(data.get("amount")),
        }


class DecideSupportForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Answer"),
        choices=[c for c in SupportOutcome.choices if c[0] != SupportOutcome.OPEN],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Explanation"),
        max_length=services.MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a refusal and for a partly granted request. The initiator reads this."),
    )
    granted = MoneyField(
        label=_("Amount granted in euros"), required=False, help_text=_("For a partly granted request for money.")
    )
    category = forms.ChoiceField(
        label=_("Kind of reason (for a refusal)"),
        choices=[("", "—"), *ObstacleCategory.choices],
        required=False,
        help_text=_("A refusal is also logged in the obstacle register."),
    )
    rule_or_department = forms.CharField(label=_("Rule or department involved"), max_length=200, required=False)
    referred_to = forms.CharField(
        label=_("Referred to (name and unit)"),
        max_length=200,
        required=False,
        help_text=_("Who takes this over, for example “Jan de Vries, team Openbare Ruimte”."),
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "reason": data.get("reason", ""),
            "granted_cents": _euros_to_cents(data.get("granted")),
            "category": data.get("category", ""),
            "rule_or_department": data.get("rule_or_department", ""),
            "referred_to": data.get("referred_to", ""),
        }


class SupportOnBehalfForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How did the support come in?"), choices=OFFLINE_CHANNELS, initial=Channel.PAPER
    )
    on_behalf_of = forms.CharField(
        label=_("Where from"), max_length=150, help_text=_("For example “signature list at the buurthuis”.")
    )
    count = forms.IntegerField(label=_("Number of supporters"), min_value=1, max_value=1000, initial=1)


class ObstacleForm(forms.Form):
    killer_phrase = forms.ModelChoiceField(
        label=_("What was said?"),
        queryset=KillerPhrase.objects.all(),
        required=False,
        empty_label=_("Something else"),
    )
    category = forms.ChoiceField(
        label=_("Or choose a category"),
        choices=[("", _("Same as the phrase")), *ObstacleCategory.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("What happened?"), max_length=services.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 4})
    )
    rule_or_department = forms.CharField(
        label=_("Rule or department involved"),
        max_length=200,
        required=False,
        help_text=_("For example “APV article 2:10” or “team Vergunningen”."),
    )
    reported_on = forms.DateField(
        label=_("When was this?"),
        required=False,
        widget=date_widget(),
        help_text=_("Leave empty for today."),
    )


class StaffObstacleForm(ObstacleForm):
    place = PlaceChoiceField(label=_("Neighbourhood, village or municipality"), queryset=Place.objects.none())

    field_order = ["place"]

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else Place.objects.none()


class ObstacleUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ObstacleStatus.choices, widget=forms.RadioSelect)
    resolution = forms.CharField(
        label=_("Resolution or reasons"),
        max_length=services.MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when resolved or when it cannot be solved."),
    )
    resolved_on = forms.DateField(
        label=_("Dealt with on"),
        required=False,
        widget=date_widget(),
        help_text=_("Leave empty for today."),
    )
    escalated = forms.BooleanField(label=_("Put before college and council"), required=False)


class IdeaFilterForm(forms.Form):
    wijk = PlaceChoiceField(
        label=_("Neighbourhood or village"), queryset=Place.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *CaseStatus.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *IdeaKind.choices], required=False)
    q = forms.CharField(label=_("Search"), max_length=100, required=False, widget=forms.SearchInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = neighbourhoods()


class ObstacleFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Place.objects.filter(kind=PlaceKind.MUNICIPALITY).order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ObstacleStatus.choices], required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All")), *ObstacleCategory.choices], required=False
    )


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=date_widget())
    date_to = forms.DateField(label=_("Until"), required=False, widget=date_widget())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the period lies after its end."))
        return data
