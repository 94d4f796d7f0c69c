from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Organisation, OrganisationKind
from samenspel.core.models import Channel
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place

from .models import AGE_BANDS, GENDERS, Algorithm, InviteUnit
from .services import MAX_LETTERS, MAX_SEATS

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
NUMBER = {"class": "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--sm", "inputmode": "numeric"}


class DrawForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Neighbourhood or village"), queryset=Place.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    organisation = forms.ModelChoiceField(
        label=_("The body the council becomes"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.NEIGHBOURHOOD_BODY),
        required=False,
        widget=forms.Select(attrs=SELECT),
        help_text=_("Members drawn who have an account become members of this body."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    purpose = forms.CharField(
        label=_("What the council is for"),
        max_length=5000,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("In plain words: this is printed on the letters and shown on the public page."),
    )
    seats = forms.IntegerField(
        label=_("Seats drawn by lot"), min_value=1, max_value=MAX_SEATS, widget=forms.NumberInput(attrs=NUMBER)
    )
    min_age = forms.IntegerField(
        label=_("Minimum age"), min_value=12, max_value=99, initial=16, widget=forms.NumberInput(attrs=NUMBER)
    )
    invite_unit = forms.ChoiceField(
        label=_("What is drawn for the letters"),
        choices=InviteUnit.choices,
        initial=InviteUnit.PERSON,
        widget=forms.RadioSelect,
    )
    stratify_by_buurt = forms.BooleanField(
        label=_("Spread the letters over the buurten, in proportion to the residents"), required=False, initial=True
    )
    reply_by = forms.DateField(
        label=_("Reply before"), required=False, widget=forms.DateInput(attrs={**TEXT, "type": "date"})
    )
    algorithm = forms.ChoiceField(
        label=_("Method"), choices=Algorithm.choices, initial=Algorithm.LEXIMIN, widget=forms.RadioSelect
    )
    contact = forms.CharField(
        label=_("Contact for questions (printed on the letter)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = (
            places if places is not None else Place.objects.filter(kind__in=NEIGHBOURHOOD_KINDS)
        ).order_by("name")


class ExtractForm(forms.Form):
    extract = forms.FileField(
        label=_("Register extract (CSV)"),
        help_text=_(
            "One line per resident, with the columns id, age, gender, buurt and address; name, postcode and city "
            "are optional. The file is stored encrypted and deleted when the replies are closed."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "utrecht-file-input", "accept": ".csv,text/csv"}),
    )


class InvitationsForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of letters"),
        min_value=1,
        max_value=MAX_LETTERS,
        widget=forms.NumberInput(attrs=NUMBER),
        help_text=_("Usually 15 to 25 letters per seat: about one in twenty people says yes."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your reply code"),
        max_length=30,
        help_text=_("The code on your letter, for example K7QM-4XPA-9TRW."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReplyForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Do you want to take part in the draw?"),
        choices=[("yes", _("Yes, put me in the draw")), ("no", _("No, thank you"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    age = forms.ChoiceField(
        label=_("Your age"), choices=[("", "—"), *AGE_BANDS], required=False, widget=forms.Select(attrs=SELECT)
    )
    gender = forms.ChoiceField(
        label=_("Your gender"), choices=[("", "—"), *GENDERS], required=False, widget=forms.Select(attrs=SELECT)
    )
    buurt = forms.ChoiceField(label=_("Your buurt"), choices=(), required=False, widget=forms.Select(attrs=SELECT))
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "postal-code"}),
    )
    house_number = forms.CharField(
        label=_("House number"), max_length=12, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    initials = forms.CharField(
        label=_("Your initials"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("If you are chosen and have no account here, the public page shows only these, e.g. “A.B.”."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my answers are used only for this draw: to make the group a fair picture of the "
            "neighbourhood and to draw at most one person per household. My postcode and house number are not "
            "stored, only a code made from them."
        ),
        required=False,
    )

    def __init__(self, *args, buurten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].choices = [("", "—"), *[(b, b) for b in buurten]]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "accept": data["accept"],
            "features": {"age": data["age"], "gender": data["gender"], "buurt": data["buurt"]},
            "postcode": data["postcode"],
            "house_number": data["house_number"],
            "initials": data["initials"],
            "consent": data["consent"],
        }


class EnterReplyForm(ReplyForm):
    code = forms.CharField(label=_("Reply code from the letter"), max_length=30, widget=forms.TextInput(attrs=TEXT))
    channel = forms.ChoiceField(
        label=_("How the reply came in"),
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        widget=forms.RadioSelect,
    )

    field_order = ["code", "channel"]


class QuotaForm(forms.Form):
    """One minimum and maximum per quota row; `rows` are dicts with feature, value, label, min, max."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.SERVICE_FIELDS = {}
        for i, row in enumerate(self.rows):
            label = f"{row['feature_label']}: {row['label']}"
            self.fields[f"min_{i}"] = forms.IntegerField(
                label=_("Minimum for %(name)s") % {"name": label},
                min_value=0,
                initial=row["min"],
                widget=forms.NumberInput(attrs=NUMBER),
            )
            self.fields[f"max_{i}"] = forms.IntegerField(
                label=_("Maximum for %(name)s") % {"name": label},
                min_value=0,
                initial=row["max"],
                widget=forms.NumberInput(attrs=NUMBER),
            )
            self.SERVICE_FIELDS[f"{row['feature']}:{row['value']}"] = f"min_{i}"

    def limits(self) -> dict:
        return {
            (row["feature"], row["value"]): (self.cleaned_data[f"min_{i}"], self.cleaned_data[f"max_{i}"])
            for i, row in enumerate(self.rows)
        }

    def paired(self):
        return [(row, self[f"min_{i}"], self[f"max_{i}"]) for i, row in enumerate(self.rows)]


class SeedSourceForm(forms.Form):
    seed_source = forms.CharField(
        label=_("Where the seed will come from"),
        max_length=300,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_(
            "Something nobody can know or influence today, e.g. “the first 6 digits of the Staatsloterij draw of "
            "10 January”. It is published with the commitment."
        ),
    )


class ReplacementForm(SeedSourceForm):
    reason = forms.CharField(
        label=_("Why a replacement is needed"), max_length=2000, required=False, widget=forms.Textarea(attrs=AREA)
    )


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=_("The seed"),
        max_length=200,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
        help_text=_("Type it exactly as published by the source you announced."),
    )


class SeatForm(forms.Form):
    initials = forms.CharField(
        label=_("Initials for the public page"), max_length=12, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"), max_length=500, required=False, widget=forms.TextInput(attrs=TEXT)
    )
