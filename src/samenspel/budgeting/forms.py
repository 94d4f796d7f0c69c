from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.agreements.models import ScopeItem
from samenspel.core.models import Channel
from samenspel.places.models import Place

from . import services
from .models import BallotType, BudgetKind, RealisationStatus, TallyRule, Utility

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def datetime_field(label, required=True, **kwargs):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=datetime_widget(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        **kwargs,
    )


class EuroField(forms.CharField):
    """An amount typed in euro ("€ 12.500,50", "12500") → cents (int)."""

    MAX_LENGTH = 30

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("maxlength", str(self.MAX_LENGTH))
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            euros, cents = divmod(value, 100)
            grouped = f"{euros:,}".replace(",", ".")
            return f"{grouped},{cents:02d}" if cents else grouped
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) > self.MAX_LENGTH:
                raise ValueError("too long")
            return services.parse_euros(value)
        except ValueError:
            raise forms.ValidationError(
                _("Write an amount in euro, for example 12.500 or € 12.500,50."), code="invalid"
            ) from None


def _euro_field(label, required=True, help_text=""):
    return EuroField(label=label, required=required, help_text=help_text)


class ScopeItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s (agreement for %(place)s, version %(number)s: %(level)s, %(status)s)") % {
            "title": obj.title,
            "place": obj.version.agreement.trajectory.place.name,
            "number": obj.version.number,
            "level": obj.get_level_display(),
            "status": obj.version.get_status_display(),
        }


def scope_items_for(place):
    """Parts of agreements for this place (or a place it lies in), budgets first."""
    ids = [place.pk, *place.ancestor_ids()]
    return (
        ScopeItem.objects.filter(version__agreement__trajectory__place_id__in=ids)
        .exclude(version__status__in=["superseded", "withdrawn"])
        .select_related("version__agreement__trajectory__place")
        .order_by("-version__number", "kind", "order", "pk")
    )


class BudgetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of budget"), choices=BudgetKind.choices)
    title = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example “Wijkbudget Oosterpark 2026”."))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period until"), widget=DATE)
    amount_cents = _euro_field(_("Amount (euro)"), help_text=_("For example 200.000 or € 12.500,50."))
    scope_item = ScopeItemChoiceField(
        label=_("Part of the agreement it rests on"),
        queryset=ScopeItem.objects.none(),
        required=False,
        empty_label=_("— none: the result is advice to the municipality —"),
        help_text=_(
            "The result of a round is binding only when this part of the agreement is in force, at level 3, "
            "with the neighbourhood body deciding."
        ),
    )

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        if place is not None:
            self.fields["scope_item"].queryset = scope_items_for(place)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Name of the round"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("What the money is for and what kind of projects are welcome."),
    )
    amount_cents = _euro_field(_("Amount this round divides (euro)"))
    ideas_opens = datetime_field(_("Ideas can be submitted from"))
    review_opens = datetime_field(_("Ideas are checked from"))
    support_opens = datetime_field(
        _("Support can be given from"),
        required=False,
        help_text=_("Optional. Leave empty to go straight from checking to voting."),
    )
    shortlist_size = forms.IntegerField(
        label=_("Projects on the ballot after the support phase"),
        required=False,
        min_value=1,
        help_text=_("The projects with the most support go to the vote. Empty: all feasible projects."),
    )
    voting_opens = datetime_field(_("Voting opens"))
    voting_closes = datetime_field(_("Voting closes"))
    ballot_type = forms.ChoiceField(label=_("Ballot"), choices=BallotType.choices, widget=forms.RadioSelect)
    min_projects = forms.IntegerField(label=_("Choose at least (projects)"), min_value=0, initial=1)
    max_projects = forms.IntegerField(
        label=_("Choose at most (projects)"),
        required=False,
        min_value=1,
        help_text=_("Not for a knapsack ballot: there the budget limits the choice."),
    )
    points = forms.IntegerField(
        label=_("Points to spread"), required=False, min_value=1, help_text=_("Only for a cumulative ballot.")
    )
    max_points_per_project = forms.IntegerField(
        label=_("At most points per project"), required=False, min_value=1, help_text=_("Only for a cumulative ballot.")
    )
    allow_vote_change = forms.BooleanField(label=_("Voters may change their vote until voting closes"), required=False)
    postcodes = forms.CharField(
        label=_("Postcodes of the area"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: 4 digits (9713) or a full postcode (9713 AB). Empty: the place's residents."),
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    one_vote_per_address = forms.BooleanField(label=_("One vote per address"), required=False)
    allow_account_voting = forms.BooleanField(
        label=_("Residents can also vote with an account"),
        required=False,
        help_text=_("Voting codes by letter always work."),
    )
    tally_rule = forms.ChoiceField(label=_("Counting rule"), choices=TallyRule.choices)
    utility = forms.ChoiceField(label=_("How projects are valued"), choices=Utility.choices, widget=forms.RadioSelect)
    lot_seed = forms.CharField(
        label=_("Public lot for ties"),
        required=False,
        max_length=100,
        help_text=_(
            "Optional: for example the number drawn at a public meeting. Empty: the lot is drawn by the computer "
            "when it is first needed, and published."
        ),
    )

    def __init__(self, *args, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("ballot_type", BallotType.APPROVAL)
        initial.setdefault("tally_rule", TallyRule.MES_ADD1)
        initial.setdefault("utility", Utility.COST)
        initial.setdefault("allow_vote_change", True)
        initial.setdefault("allow_account_voting", True)
        super().__init__(*args, **kwargs)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("min_projects",):
            if data.get(name) is None:
                data[name] = 0
        return data

    @staticmethod
    def initial_from(round_) -> dict:
        return {name: getattr(round_, name) for name in services.ROUND_FIELDS}


class AreaCapForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Place.objects.none())
    cap_cents = _euro_field(
        _("At most (euro)"), required=False, help_text=_("Leave empty to remove the cap for this area.")
    )

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        if place is not None:
            self.fields["area"].queryset = place.children.order_by("name")


class ProjectForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("In a few words, for example “A vegetable garden in the park”.")
    )
    summary = forms.CharField(label=_("In one sentence"), max_length=300)
    description = forms.CharField(
        label=_("Describe the project"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What do you want to do, for whom, and why?"),
    )
    cost_cents = _euro_field(
        _("What will it cost, roughly (euro)"),
        required=False,
        help_text=_("An estimate is fine: the municipality checks the cost."),
    )
    area = forms.ModelChoiceField(label=_("Where in the area"), queryset=Place.objects.none(), required=False)
    location_text = forms.CharField(
        label=_("Where exactly"),
        max_length=200,
        required=False,
        help_text=_("A street, a square or a building. No private addresses."),
    )

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        if place is not None and place.children.exists():
            self.fields["area"].queryset = place.children.order_by("name")
            self.fields["area"].empty_label = _("the whole of %(place)s") % {"place": place.name}
        else:
            del self.fields["area"]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("area", None)
        return data


OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]


class ProjectOnBehalfForm(ProjectForm):
    """For the area team: proposals that came in on paper, by phone or at a meeting."""

    channel = forms.ChoiceField(label=_("How did the proposal come in?"), choices=OFFLINE_CHANNELS)
    on_behalf_of = forms.CharField(
        label=_("Who proposed it, as shown to others"),
        max_length=150,
        help_text=_("For example “a resident of the Oosterparkwijk (letter)”."),
    )


class FromIdeaForm(forms.Form):
    idea = forms.ModelChoiceField(label=_("Idea"), queryset=None, empty_label=_("Choose…"))
    title = forms.CharField(
        label=_("Title on the ballot"), max_length=150, required=False, help_text=_("Empty: the idea's title.")
    )
    summary = forms.CharField(
        label=_("In one sentence"), max_length=300, required=False, help_text=_("Empty: the idea's first line.")
    )
    cost_cents = _euro_field(_("Estimated cost (euro)"), required=False)

    def __init__(self, *args, ideas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = ideas


class ReviewForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Is the project feasible?"),
        choices=[("yes", _("Yes: it goes on the ballot")), ("no", _("No: it is not feasible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    cost_cents = _euro_field(
        _("Cost as checked (euro)"), required=False, help_text=_("Required when the project is feasible.")
    )
    number = forms.IntegerField(
        label=_("Number on the ballot"),
        required=False,
        min_value=1,
        help_text=_("Empty: the next free number."),
    )
    reason = forms.CharField(
        label=_("Reason (public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("Required when the project is not feasible. It is published on the round's page."),
    )


class PublishForm(forms.Form):
    force = forms.BooleanField(label=_("Publish although paper ballots are still open"), required=False)
    force_reason = forms.CharField(
        label=_("Why (published with the result)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RealisationForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RealisationStatus.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("What happened"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    spent_cents = _euro_field(_("Spent so far (euro)"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=64,
        help_text=_("You got this code after you voted. Nobody else can see what you voted."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class PlaceFilterForm(forms.Form):
    wijk = forms.ModelChoiceField(
        label=_("Neighbourhood or village"), queryset=Place.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = places if places is not None else Place.objects.none()
