from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.agreements.models import ScopeItem

from .models import Addressee, Audience, DeciderKind, DecisionOutcome, ObjectionStatus, ReportFormat, Stance

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> expects
POSITION_ROWS = 4
KEY_FIGURE_ROWS = 6
PHOTO_ROWS = 3
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


def _euros(label, **kwargs):
    return forms.DecimalField(
        label=label, min_value=0, max_digits=12, decimal_places=2, required=False, localize=True, **kwargs
    )


def _capital(kind):
    label = str(DeciderKind(kind).label)
    return label[:1].upper() + label[1:]


def _cents(euros):
    return int(round(euros * 100)) if euros is not None else None


class ScopeItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        place = obj.version.agreement.trajectory.place
        return _("%(title)s (%(place)s, version %(number)s: %(level)s)") % {
            "title": obj.title,
            "place": place.name,
            "number": obj.version.number,
            "level": obj.get_level_display(),
        }


def scope_item_field(queryset, help_text=""):
    return ScopeItemChoiceField(
        label=_("Part of the agreement it is about"),
        queryset=queryset.select_related("version__agreement__trajectory__place"),
        required=False,
        empty_label=_("— none —"),
        help_text=help_text,
    )


# --- Advice ----------------------------------------------------------------------------------


class AdviceForm(forms.Form):
    addressee = forms.ChoiceField(label=_("To"), choices=Addressee.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("The advice"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("You can use simple Markdown: *italic*, **bold**, lists with a dash."),
    )
    on_behalf_of = forms.CharField(
        label=_("On behalf of whom, and how the neighbourhood was heard"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "For example: the members' meeting of 12 March, a survey among 80 residents. Required when the "
            "neighbourhood has more say on the subject than advising."
        ),
    )
    scope_item = forms.ModelChoiceField(queryset=ScopeItem.objects.none(), required=False)
    submitted_on = forms.DateField(label=_("Given on"), widget=DATE)
    include_members = forms.BooleanField(
        label=_("Let the organisation's members hear back when the municipality responds"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, scope_items=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submitted_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["scope_item"] = scope_item_field(
            scope_items if scope_items is not None else ScopeItem.objects.none(),
            help_text=_("The theme in the agreement this advice is about, if any."),
        )


class RespondForm(forms.Form):
    response = forms.CharField(label=_("The municipality's response"), widget=forms.Textarea(attrs={"rows": 8}))
    response_weighed = forms.CharField(
        label=_("What was done with the advice"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Plainly: what the college or council did with it. This is what everyone who contributed receives."
        ),
    )


# --- Decisions -------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    decider = forms.ChoiceField(label=_("Decided by"))
    title = forms.CharField(label=_("What was decided on"), max_length=200)
    meeting = forms.CharField(
        label=_("Meeting"),
        max_length=200,
        required=False,
        help_text=_("For example: public meeting of the neighbourhood council, 14 May."),
    )
    meeting_date = forms.DateField(label=_("Date of the meeting"), widget=DATE, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    scope_item = forms.ModelChoiceField(queryset=ScopeItem.objects.none(), required=False)
    options = forms.CharField(
        label=_("Options considered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One option per line."),
    )
    minority_view = forms.CharField(
        label=_("Minority view"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What those who did not get their way thought, in their words. Required when a position lost."),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6}))
    budget_euros = _euros(_("Amount (euro)"), help_text=_("When money was allocated: how much."))

    # Where a service error's field has a different name on this form.
    SERVICE_FIELDS = {"decider_kind": "decider", "body": "decider", "budget_cents": "budget_euros"}

    def __init__(self, *args, deciders=(), scope_items=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        # deciders: (organisation, "wijk_body") for a body, (None, kind) for the municipality.
        self.bodies = {f"body:{body.pk}": body for body, _kind in deciders if body is not None}
        self.fields["decider"].choices = [
            (f"body:{body.pk}" if body is not None else kind, body.name if body is not None else _capital(kind))
            for body, kind in deciders
        ]
        self.fields["scope_item"] = scope_item_field(
            scope_items if scope_items is not None else ScopeItem.objects.none(),
            help_text=_(
                "The agreement in force and the theme the decision rests on. A neighbourhood body's decision is "
                "binding only where the agreement gives it the say to decide."
            ),
        )
        for i in range(1, POSITION_ROWS + 1):
            self.fields[f"position{i}_stance"] = forms.ChoiceField(
                label=_("Position"), choices=[("", "—"), *Stance.choices], required=False
            )
            self.fields[f"position{i}_summary"] = forms.CharField(
                label=_("Summary of the position"),
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"position{i}_by"] = forms.CharField(
                label=_("Held by"),
                max_length=150,
                required=False,
                help_text=_("For example: three members, the working group Green."),
            )
        # Positions after the scope item and options, before the outcome.
        order = ["decider", "title", "meeting", "meeting_date", "decided_on", "scope_item", "options"]
        self.order_fields(order)

    def position_rows(self):
        return [
            [self[f"position{i}_stance"], self[f"position{i}_summary"], self[f"position{i}_by"]]
            for i in range(1, POSITION_ROWS + 1)
        ]

    def main_fields(self):
        return [
            self[name]
            for name in ("decider", "title", "meeting", "meeting_date", "decided_on", "scope_item", "options")
        ]

    def outcome_fields(self):
        return [self[name] for name in ("minority_view", "outcome", "rationale", "budget_euros")]

    def clean(self):
        data = super().clean()
        for i in range(1, POSITION_ROWS + 1):
            stance, summary = data.get(f"position{i}_stance"), data.get(f"position{i}_summary")
            if summary and not stance:
                self.add_error(f"position{i}_stance", _("Say whether this position was in favour, against or another."))
            if stance and not summary:
                self.add_error(f"position{i}_summary", _("Summarise this position."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        decider = data["decider"]
        body = self.bodies.get(decider)
        return {
            "decider_kind": DeciderKind.WIJK_BODY if body is not None else decider,
            "body": body,
            "title": data["title"],
            "meeting": data["meeting"],
            "meeting_date": data["meeting_date"],
            "decided_on": data["decided_on"],
            "scope_item": data["scope_item"],
            "options": data["options"].splitlines(),
            "positions": [
                {
                    "stance": data[f"position{i}_stance"],
                    "summary": data[f"position{i}_summary"],
                    "by": data[f"position{i}_by"],
                }
                for i in range(1, POSITION_ROWS + 1)
            ],
            "minority_view": data["minority_view"],
            "outcome": data["outcome"],
            "rationale": data["rationale"],
            "budget_cents": _cents(data["budget_euros"]),
        }


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your objection"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is wrong with this decision, in your view? The deciding side answers with reasons."),
    )


class AnswerObjectionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (ObjectionStatus.UPHELD, ObjectionStatus.UPHELD.label),
            (ObjectionStatus.DISMISSED, ObjectionStatus.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6}))


class RegisterFilterForm(forms.Form):
    wijk = forms.ModelChoiceField(
        label=_("Neighbourhood or village"), queryset=None, required=False, empty_label=_("all")
    )
    besluitnemer = forms.ChoiceField(
        label=_("Decided by"), choices=[("", _("anyone")), *DeciderKind.choices], required=False
    )
    soort = forms.ChoiceField(
        label=_("Binding or advice"),
        choices=[("", _("both")), ("binding", _("binding decisions")), ("advies", _("counts as advice"))],
        required=False,
    )
    van = forms.DateField(label=_("From"), widget=DATE, required=False)
    tot = forms.DateField(label=_("Until"), widget=DATE, required=False)

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = places


class PlaceFilterForm(forms.Form):
    wijk = forms.ModelChoiceField(
        label=_("Neighbourhood or village"), queryset=None, required=False, empty_label=_("all")
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = places


# --- Accountability reports ------------------------------------------------------------------


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices, widget=forms.RadioSelect)
    formats = forms.MultipleChoiceField(
        label=_("In the form of"),
        choices=ReportFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("How would you like to explain what you did? Choose one or more."),
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period until"), widget=DATE)
    story = forms.CharField(
        label=_("The story"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("What you did, what it brought and what you learned. Simple Markdown works."),
    )
    income_euros = _euros(_("Money received (euro)"))
    spent_euros = _euros(_("Money spent (euro)"))
    financial_notes = forms.CharField(
        label=_("Notes on the money"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when more was spent than received."),
    )
    due_on = forms.DateField(
        label=_("Due on"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty to follow the agreement: a year after it came into force, and every year after."),
    )

    SERVICE_FIELDS = {
        "income_cents": "income_euros",
        "spent_cents": "spent_euros",
        "alt_text": None,
        "image": None,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, KEY_FIGURE_ROWS + 1):
            self.fields[f"figure{i}_label"] = forms.CharField(label=_("Key figure"), max_length=150, required=False)
            self.fields[f"figure{i}_value"] = forms.CharField(label=_("Value"), max_length=60, required=False)
        for i in range(1, PHOTO_ROWS + 1):
            self.fields[f"photo{i}"] = forms.FileField(
                label=_("Photo"), required=False, widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT})
            )
            self.fields[f"photo{i}_alt"] = forms.CharField(
                label=_("What the photo shows"), max_length=200, required=False
            )

    def figure_rows(self):
        return [[self[f"figure{i}_label"], self[f"figure{i}_value"]] for i in range(1, KEY_FIGURE_ROWS + 1)]

    def photo_rows(self):
        return [[self[f"photo{i}"], self[f"photo{i}_alt"]] for i in range(1, PHOTO_ROWS + 1)]

    def clean(self):
        data = super().clean()
        for i in range(1, PHOTO_ROWS + 1):
            if data.get(f"photo{i}") and not data.get(f"photo{i}_alt"):
                self.add_error(f"photo{i}_alt", _("Describe what the photo shows, for people who cannot see it."))
        for i in range(1, KEY_FIGURE_ROWS + 1):
            label, value = data.get(f"figure{i}_label"), data.get(f"figure{i}_value")
            if label and not value:
                self.add_error(f"figure{i}_value", _("Give the value of this key figure."))
            if value and not label:
                self.add_error(f"figure{i}_label", _("Say what this figure is."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "audience": data["audience"],
            "formats": data["formats"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "story": data["story"],
            "key_figures": [
                {"label": data[f"figure{i}_label"], "value": data[f"figure{i}_value"]}
                for i in range(1, KEY_FIGURE_ROWS + 1)
            ],
            "income_cents": _cents(data["income_euros"]),
            "spent_cents": _cents(data["spent_euros"]),
            "financial_notes": data["financial_notes"],
            "due_on": data["due_on"],
            "photos": [
                (data[f"photo{i}"], data[f"photo{i}_alt"]) for i in range(1, PHOTO_ROWS + 1) if data.get(f"photo{i}")
            ],
        }


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}))
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=200,
        help_text=_("For people who cannot see the photo. JPEG, PNG or WebP, at most 5 MB."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for hiding"),
        max_length=300,
        help_text=_("Shown in place of the comment, so everyone can see that something was hidden and why."),
    )
