from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .amounts import AmountError, parse_amount
from .models import (
    AssetKind,
    DecidedBy,
    DisposalKind,
    EvaluationOutcome,
    RecipientKind,
    Taakveld,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EURO_HELP = _("In euro, for example 1.234,56 or 1234.56.")


class EuroField(forms.CharField):
    """An amount in euro, typed the Dutch way (1.234,56) or plainly (1234.56); cleans to cents."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", EURO_HELP)
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, int):
            whole, rest = divmod(value, 100)
            return f"{whole},{rest:02d}"
        return value

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_amount(value)
        except AmountError as error:
            raise forms.ValidationError(str(error)) from None


def _textarea(rows=5):
    return forms.Textarea(attrs={"rows": rows})


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} · {obj.taakveld.code} · {obj.description} ({obj.place_label})"


class YearForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(y, y) for y in years]


class LineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    place = PlaceChoiceField(
        label=_("Place"),
        queryset=None,
        required=False,
        empty_label=_("— not attributable to an area —"),
    )
    taakveld = forms.ModelChoiceField(label=_("Iv3 taakveld"), queryset=None)
    description = forms.CharField(label=_("What the money is for"), max_length=300)
    programme = forms.CharField(label=_("Programme"), max_length=120, required=False)
    economic_category = forms.CharField(label=_("Economic category"), max_length=80, required=False)
    planned_cents = EuroField(label=_("Planned amount"))
    realised_cents = EuroField(
        label=_("Realised amount"),
        required=False,
        help_text=_("From the annual accounts. Leave empty while the year is not closed."),
    )
    decided_by = forms.ChoiceField(
        label=_("Who decides on this money"), choices=DecidedBy.choices, widget=forms.RadioSelect
    )
    scope_item = forms.ModelChoiceField(
        label=_("Part of an agreement it falls under"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        help_text=_("When chosen, who decides follows from the agreement: at level 3 the neighbourhood."),
    )

    def __init__(self, *args, places, scope_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["taakveld"].queryset = Taakveld.objects.filter(active=True).exclude(code=F("main_code"))
        self.fields["scope_item"].queryset = scope_items
        self.fields["scope_item"].label_from_instance = lambda item: (
            f"{item.title} ({item.version.agreement.trajectory.place.name}, {item.get_level_display()})"
        )


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Budget year"), min_value=1900, max_value=2200)
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("A .csv or .xlsx file with a header row; see the columns below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    total = EuroField(
        label=_("Total planned amount according to the budget"),
        required=False,
        help_text=_("Optional. When given, the lines must add up to exactly this amount."),
    )


class ExpenditureForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    recipient_organisation = forms.ModelChoiceField(
        label=_("Resident organisation that received it"),
        queryset=None,
        required=False,
        empty_label=_("— another organisation —"),
    )
    recipient_kind = forms.ChoiceField(label=_("Kind of recipient"), choices=RecipientKind.choices)
    recipient_name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        required=False,
        help_text=_("An organisation or a group named as a group, never a private person."),
    )
    recipient_kvk = forms.CharField(label=_("KvK number"), max_length=8, required=False)
    purpose = forms.CharField(label=_("What it was for"), widget=_textarea(3), max_length=1000)
    amount_cents = EuroField(label=_("Amount"))
    decision = forms.ModelChoiceField(
        label=_("Decision in the register that allowed it"), queryset=None, required=False, empty_label=_("— none —")
    )
    decision_reference = forms.CharField(
        label=_("Or: reference of the decision"),
        max_length=200,
        required=False,
        help_text=_("For example “Collegebesluit 2026-0412”."),
    )
    support_request = forms.ModelChoiceField(
        label=_("Award to a resident initiative"), queryset=None, required=False, empty_label=_("— none —")
    )

    SERVICE_FIELDS = {"amount_cents": "amount_cents"}

    def __init__(self, *args, organisations, decisions, awards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation"].queryset = organisations
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda d: f"{d.decided_on:%d-%m-%Y} · {d.title}"
        self.fields["support_request"].queryset = awards
        self.fields["support_request"].label_from_instance = lambda s: f"{s.idea.title}: {s.description[:60]}"
        self.initial.setdefault("spent_on", timezone.localdate())


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question about this line"),
        widget=_textarea(4),
        max_length=2000,
        help_text=_("Your question and the answer are published with the line. Your name is not shown."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("The answer"), widget=_textarea(6), max_length=5000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (public)"), widget=_textarea(3), max_length=2000)


class SettingsForm(forms.Form):
    admissibility_days = forms.IntegerField(label=_("Days to decide whether a challenge is admissible"), min_value=1)
    assessment_days = forms.IntegerField(label=_("Days to assess an admissible challenge"), min_value=1)
    agreement_days = forms.IntegerField(label=_("Days to make the agreement after a go-ahead"), min_value=1)
    progress_interval_days = forms.IntegerField(label=_("Days between progress talks"), min_value=1)
    evaluation_days = forms.IntegerField(label=_("Days to evaluate after the agreement ends"), min_value=1)
    reminder_days = forms.IntegerField(label=_("Remind this many days before a term expires"), min_value=0)
    question_answer_days = forms.IntegerField(label=_("Days to answer a question about the budget"), min_value=1)
    min_signatures = forms.IntegerField(
        label=_("Signatures of support needed"),
        min_value=0,
        help_text=_("0: the verordening asks for an indication of support, not a number."),
    )
    offer_bid_days = forms.IntegerField(label=_("Days groups have to bid on an offered task"), min_value=1)
    asset_bid_days = forms.IntegerField(label=_("Days groups have to bid on a community asset"), min_value=1)
    assessment_criteria = forms.CharField(
        label=_("Assessment criteria"),
        widget=_textarea(7),
        required=False,
        help_text=_("One per line, as the participatieverordening lists them. Empty: the standard criteria."),
    )
    regulation_url = forms.URLField(
        label=_("Link to the participatieverordening"), required=False, assume_scheme="https"
    )


ELEMENT_HELP = {
    "task": _("Which task of the municipality do you want to take over, and where?"),
    "why_better": _("What will be better or cheaper when you do it?"),
    "involvement": _("Who are you, how are you involved, and what do you know and can you do?"),
    "support_description": _(
        "How do the residents it affects support this? Residents can also sign online, or you hand in signatures on "
        "paper."
    ),
    "support_wanted": _("Money, materials, advice, permits, a contact person…"),
    "quality_continuity": _("How do you keep it up for years, also when people leave?"),
}


class ChallengeForm(forms.Form):
    on_behalf = forms.ChoiceField(label=_("On behalf of"), widget=forms.RadioSelect)
    group_name = forms.CharField(
        label=_("Name of your group"),
        max_length=150,
        required=False,
        help_text=_("Only when you challenge as an informal group of residents."),
    )
    place = PlaceChoiceField(label=_("Where is the task?"), queryset=None)
    title = forms.CharField(label=_("Short title"), max_length=200)
    task = forms.CharField(label=_("1. The task you want to take over"), widget=_textarea(), max_length=5000)
    why_better = forms.CharField(label=_("2. Why you can do it better or cheaper"), widget=_textarea(), max_length=5000)
    involvement = forms.CharField(
        label=_("3. Your involvement, knowledge and experience"), widget=_textarea(), max_length=5000
    )
    support_description = forms.CharField(
        label=_("4. Support among the residents it affects"), widget=_textarea(), max_length=5000
    )
    cost_estimate_cents = EuroField(label=_("5. Cost estimate per year"))
    cost_explanation = forms.CharField(
        label=_("How the cost estimate is made up"), widget=_textarea(4), max_length=5000
    )
    support_wanted = forms.CharField(
        label=_("6. The cooperation or support you want from the municipality"), widget=_textarea(), max_length=5000
    )
    quality_continuity = forms.CharField(
        label=_("7. How you ensure quality and continuity"), widget=_textarea(), max_length=5000
    )

    def __init__(self, *args, organisations, can_group: bool, places, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"org-{o.pk}", o.name) for o in organisations]
        if can_group:
            choices.append(("group", _("an informal group of residents")))
        self.fields["on_behalf"].choices = choices
        if len(choices) == 1:
            self.fields["on_behalf"].initial = choices[0][0]
        self.fields["place"].queryset = places
        if places.count() == 1:
            self.fields["place"].initial = places.first().pk
        for name, text in ELEMENT_HELP.items():
            self.fields[name].help_text = text
        self.organisations = {f"org-{o.pk}": o for o in organisations}

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") == "group" and not (data.get("group_name") or "").strip():
            self.add_error("group_name", _("Give the name of your group."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "place",
                "title",
                "task",
                "why_better",
                "involvement",
                "support_description",
                "cost_estimate_cents",
                "cost_explanation",
                "support_wanted",
                "quality_continuity",
            )
        }
        if data["on_behalf"] == "group":
            fields["group_name"] = data["group_name"]
        else:
            fields["organisation"] = self.organisations[data["on_behalf"]]
        return fields


class PaperSignaturesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of valid signatures"), min_value=1, max_value=1_000_000)
    counted_on = forms.DateField(label=_("Counted on"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example where the lists were handed in. No names."),
    )


YES_NO = [("yes", _("yes")), ("no", _("no"))]


class AdmissibilityForm(forms.Form):
    admissible = forms.ChoiceField(label=_("Is the challenge admissible?"), choices=YES_NO, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=_textarea(5),
        help_text=_("Published with the challenge. Is the request complete, and may this task be challenged?"),
    )


VERDICT_CHOICES = [("yes", _("met")), ("partly", _("partly met")), ("no", _("not met"))]


class AssessmentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("approved", _("go-ahead: make an agreement")), ("refused", _("refused"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons for the outcome"), widget=_textarea(5))
    budget_line = LineChoiceField(
        label=_("Budget line the task is paid from now"),
        queryset=None,
        required=False,
        empty_label=_("— not known —"),
    )

    def __init__(self, *args, criteria, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["budget_line"].queryset = lines
        for i, criterion in enumerate(self.criteria):
            self.fields[f"verdict_{i}"] = forms.ChoiceField(
                label=criterion, choices=VERDICT_CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"reason_{i}"] = forms.CharField(
                label=_("Reason"), widget=_textarea(2), required=False, max_length=2000
            )
        order = [f"{kind}_{i}" for i in range(len(self.criteria)) for kind in ("verdict", "reason")]
        self.order_fields(order + ["outcome", "reasons", "budget_line"])

    def criteria_data(self) -> list[dict]:
        return [
            {
                "criterion": criterion,
                "verdict": self.cleaned_data.get(f"verdict_{i}"),
                "reason": self.cleaned_data.get(f"reason_{i}", ""),
            }
            for i, criterion in enumerate(self.criteria)
        ]


class AgreementForm(forms.Form):
    tasks = forms.CharField(label=_("Tasks the challengers take over"), widget=_textarea(6), max_length=10_000)
    result = forms.CharField(label=_("Result that is agreed"), widget=_textarea(4), max_length=5000)
    municipal_support = forms.CharField(
        label=_("What the municipality provides"), widget=_textarea(3), max_length=5000, required=False
    )
    budget_cents = EuroField(label=_("Budget per year"))
    source_line = LineChoiceField(
        label=_("Municipal budget line the money comes from"),
        queryset=None,
        required=False,
        empty_label=_("— no money moves —"),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    progress_interval_days = forms.IntegerField(label=_("Days between progress talks"), min_value=7, max_value=730)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_line"].queryset = lines


class ProgressForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    summary = forms.CharField(
        label=_("What was discussed and agreed"),
        widget=_textarea(6),
        max_length=5000,
        help_text=_("Published on the challenge's page. Leave out names and other personal details."),
    )


class EvaluationForm(forms.Form):
    evaluation = forms.CharField(
        label=_("Evaluation"), widget=_textarea(8), max_length=10_000, help_text=_("What went well, what did not.")
    )
    outcome = forms.ChoiceField(label=_("How it goes on"), choices=EvaluationOutcome.choices, widget=forms.RadioSelect)


class OfferForm(forms.Form):
    place = PlaceChoiceField(label=_("Where is the task?"), queryset=None)
    title = forms.CharField(label=_("The task"), max_length=200)
    task = forms.CharField(label=_("What the task is"), widget=_textarea(6), max_length=5000)
    conditions = forms.CharField(
        label=_("What the municipality asks"),
        widget=_textarea(4),
        max_length=5000,
        required=False,
        help_text=_("Quality, safety, insurance, reporting…"),
    )
    current_budget_cents = EuroField(label=_("Current budget per year"))
    budget_line = LineChoiceField(
        label=_("Budget line it is paid from now"), queryset=None, required=False, empty_label=_("— none —")
    )
    bids_until = forms.DateField(label=_("Groups can bid until"), widget=DATE, required=False)

    def __init__(self, *args, places, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["budget_line"].queryset = lines


class AssetForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Nominated by"), queryset=None, required=False)
    place = PlaceChoiceField(label=_("Where is it?"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AssetKind.choices, widget=forms.RadioSelect)
    address = forms.CharField(label=_("Address or location"), max_length=200, required=False)
    owner = forms.CharField(label=_("Owner"), max_length=150)
    current_use = forms.CharField(label=_("Current use"), widget=_textarea(3), max_length=3000, required=False)
    community_value = forms.CharField(
        label=_("Why it matters to the neighbourhood"), widget=_textarea(4), max_length=3000
    )
    description = forms.CharField(label=_("Description"), widget=_textarea(4), max_length=5000, required=False)

    def __init__(self, *args, places, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None


class NominationDecisionForm(forms.Form):
    listed = forms.ChoiceField(label=_("Take it into the register?"), choices=YES_NO, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons (public)"), widget=_textarea(4), max_length=5000)


class DisposalForm(forms.Form):
    disposal_kind = forms.ChoiceField(
        label=_("What is to happen"), choices=DisposalKind.choices, widget=forms.RadioSelect
    )
    plan = forms.CharField(label=_("The plan"), widget=_textarea(5), max_length=5000)
    bids_until = forms.DateField(label=_("Groups can bid until"), widget=DATE, required=False)


class AssetBidForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    plan = forms.CharField(label=_("Your plan for it"), widget=_textarea(6), max_length=5000)
    support_description = forms.CharField(label=_("Support in the neighbourhood"), widget=_textarea(4), max_length=3000)
    offer_cents = EuroField(label=_("What you offer"), required=False, help_text=_("Optional. In euro."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AssetDecisionForm(forms.Form):
    decision = forms.CharField(label=_("The decision"), widget=_textarea(5), max_length=5000)
    accepted_bid = forms.ChoiceField(label=_("Accepted bid"), widget=forms.RadioSelect)

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.bids = list(bids)
        self.fields["accepted_bid"].choices = [("", _("none"))] + [(str(b.pk), b.organisation.name) for b in self.bids]
        self.fields["accepted_bid"].required = False
        for bid in self.bids:
            self.fields[f"reason_{bid.pk}"] = forms.CharField(
                label=_("Reason for the bid of %(name)s") % {"name": bid.organisation.name},
                widget=_textarea(2),
                required=False,
                max_length=5000,
            )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        accepted = next((b for b in self.bids if str(b.pk) == data.get("accepted_bid")), None)
        return {
            "decision": data["decision"],
            "accepted_bid": accepted,
            "reasons": {b.pk: data.get(f"reason_{b.pk}", "") for b in self.bids},
        }
