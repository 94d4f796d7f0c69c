from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BallotType

DATE = forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d")
MAX_CSV_BYTES = 5 * 1024 * 1024


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        help_text=_("12 letters and numbers, on your letter. Spaces and dashes do not matter."),
        error_messages={"required": _("Type the voting code from your letter.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "vote-code-input",
            }
        ),
    )


class DeclarationForm(forms.Form):
    """What someone voting with an account declares. Only used to check who may vote; the
    address is kept as a keyed hash for one vote per address, never as such."""

    postcode = forms.CharField(
        label=_("Your postcode"),
        max_length=8,
        help_text=_("For example 9713 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "autocapitalize": "characters"}),
    )
    house_number = forms.CharField(
        label=_("House number"),
        max_length=16,
        help_text=_("With the letter or addition, if any: 12A."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        if round.min_age:
            self.fields["birth_date"].required = True
            self.fields["birth_date"].help_text = _("To check that you are %(age)d or older.") % {"age": round.min_age}
        else:
            del self.fields["birth_date"]


class BallotForm(forms.Form):
    """The choices on a ballot: `projects` (checkboxes) for approval and knapsack ballots,
    `points-<pk>` (numbers) for a cumulative ballot. The rules themselves (how many, within
    the budget, how many points) are checked by voting.validate_choices; the template renders
    the inputs itself (with title, summary, cost and a link per project)."""

    def __init__(self, *args, round, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.projects = projects
        self.cumulative = round.ballot_type == BallotType.CUMULATIVE
        if self.cumulative:
            most = round.max_points_per_project or round.points or 0
            for project in projects:
                self.fields[f"points-{project.pk}"] = forms.IntegerField(
                    label=project.title,
                    required=False,
                    min_value=0,
                    max_value=most or None,
                    error_messages={
                        "invalid": _("Points must be whole numbers."),
                        "min_value": _("Points cannot be below 0."),
                        "max_value": _("Give each project at most %(limit_value)s points."),
                    },
                )
        else:
            self.fields["projects"] = forms.MultipleChoiceField(
                label=_("Projects"),
                required=False,
                choices=[(str(project.pk), project.title) for project in projects],
                error_messages={
                    "invalid_choice": _(
                        "One of the chosen projects is not on this ballot. Reload the page and choose again."
                    )
                },
            )

    def choices(self) -> dict[str, int]:
        data = self.cleaned_data
        if self.cumulative:
            return {
                str(project.pk): data[f"points-{project.pk}"]
                for project in self.projects
                if data.get(f"points-{project.pk}")
            }
        return dict.fromkeys(data.get("projects", []), 1)

    def selected(self) -> dict[str, int]:
        """The choices as typed (also when not valid), to show them again."""
        if not self.is_bound:
            return {}
        if self.cumulative:
            result = {}
            for project in self.projects:
                raw = self.data.get(f"points-{project.pk}", "")
                result[str(project.pk)] = raw.strip() if isinstance(raw, str) else raw
            return result
        return dict.fromkeys(self.data.getlist("projects"), 1)


class PaperSheetForm(forms.Form):
    sheet = forms.CharField(
        label=_("Number on the ballot paper"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    invalid = forms.BooleanField(
        label=_("The ballot paper is invalid (unclear, too many choices, or not filled in)"), required=False
    )


class DiscardForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is this entry set aside?"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class LettersForm(forms.Form):
    addresses = forms.FileField(
        label=_("Address list (CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    contact = forms.CharField(
        label=_("Questions: who to contact"),
        max_length=300,
        required=False,
        help_text=_("Printed on the letter. For example: call the area team on 14 050, Monday to Friday 9–17."),
    )
    paper_voting = forms.CharField(
        label=_("Voting on paper: where and when"),
        max_length=300,
        required=False,
        help_text=_("Printed on the letter. For example: in the Oosterpark buurthuis, Mondays 10–12."),
    )
    note = forms.CharField(
        label=_("Note for yourselves"),
        max_length=200,
        required=False,
        help_text=_("For example: first print run, streets A–K. Not printed."),
    )

    def __init__(self, *args, max_addresses: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addresses"].help_text = _(
            "Columns: naam, straat (with house number), postcode, plaats and, for a minimum age, geboortedatum. "
            "Separated by ; or , and saved as UTF-8. At most %(max)d addresses per file."
        ) % {"max": max_addresses}

    def clean_addresses(self):
        file = self.cleaned_data["addresses"]
        if file.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file
