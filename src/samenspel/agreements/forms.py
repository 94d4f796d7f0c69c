from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Organisation
from samenspel.agenda.models import ActionStatus, OwnerSide
from samenspel.core.models import Channel

from .models import (
    Actor,
    CompassPoint,
    CouncilDecisionOutcome,
    CouncilRole,
    Instrument,
    LessonKind,
    Ownership,
    ParticipantKind,
    Phase,
    Responsibility,
    SayLevel,
    ScopeKind,
    SessionFormat,
    SignatureSide,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> expects
LEVEL_CHOICES = [("", _("— not chosen yet —")), *SayLevel.choices]


class TrajectoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    desired_level = forms.TypedChoiceField(
        label=_("Accent the neighbourhood is aiming for"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("You can change this later, and it can differ per theme."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Taking part as"), choices=ParticipantKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the organisation's name."),
    )

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        if place is not None:
            ids = {place.pk, *place.ancestor_ids()}
            self.fields["organisation"].queryset = Organisation.objects.filter(place_id__in=ids)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    format = forms.ChoiceField(label=_("Form"), choices=SessionFormat.choices)
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    participant_count = forms.IntegerField(label=_("Number of people present"), min_value=0, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AnswersForm(forms.Form):
    """One text field and an 'unclear' box per question; a score for evaluations."""

    def __init__(self, *args, questions=(), existing=None, with_score=False, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.questions = list(questions)
        self.with_score = with_score
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label=_("How did these answers come in?"), choices=Channel.choices, initial=Channel.MEETING
            )
            self.fields["on_behalf_of"] = forms.CharField(
                label=_("On behalf of"),
                max_length=150,
                required=False,
                help_text=_("For example: the table at the community centre."),
            )
        for q in self.questions:
            answer = existing.get(q.pk)
            self.fields[f"q{q.pk}"] = forms.CharField(
                label=q.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.text if answer else "",
            )
            if with_score:
                self.fields[f"s{q.pk}"] = forms.TypedChoiceField(
                    label=_("How well does this go? (1 = poorly, 5 = very well)"),
                    choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=answer.score if answer else None,
                )
            self.fields[f"u{q.pk}"] = forms.BooleanField(
                label=_("Not answered or unclear: a blank spot"),
                required=False,
                initial=answer.unclear if answer else False,
            )

    def answers(self):
        data = self.cleaned_data
        return [
            {
                "question": q,
                "text": data.get(f"q{q.pk}", ""),
                "unclear": data.get(f"u{q.pk}", False),
                "score": data.get(f"s{q.pk}") if self.with_score else None,
            }
            for q in self.questions
        ]

    def rows(self):
        """(question, text field, score field or None, unclear field) for the template."""
        return [
            (q, self[f"q{q.pk}"], self[f"s{q.pk}"] if self.with_score else None, self[f"u{q.pk}"])
            for q in self.questions
        ]


class BlankSpotForm(forms.Form):
    description = forms.CharField(label=_("What is unclear or missing?"), widget=forms.Textarea(attrs={"rows": 2}))


class ResolveBlankSpotForm(forms.Form):
    action_title = forms.CharField(label=_("Action"), max_length=200, required=False)
    owner_side = forms.ChoiceField(label=_("Who does it"), choices=[("", "—"), *OwnerSide.choices], required=False)
    owner_name = forms.CharField(label=_("Owner"), max_length=120, required=False)
    due_date = forms.DateField(label=_("By when"), widget=DATE, required=False)
    explanation = forms.CharField(
        label=_("Or: why it can stay open"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ScopeItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ScopeKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    level = forms.TypedChoiceField(label=_("Agreed level of say"), choices=SayLevel.choices, coerce=int)
    desired_level = forms.TypedChoiceField(
        label=_("Level wanted in the conversation (step 1)"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    level_justification = forms.CharField(
        label=_("Why the agreed level differs from what was wanted"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_citywide = forms.BooleanField(label=_("This is a city-wide matter"), required=False)
    ownership = forms.TypedChoiceField(
        label=_("Ownership"), choices=[("", "—"), *Ownership.choices], coerce=int, empty_value=None, required=False
    )
    council_role = forms.ChoiceField(
        label=_("Role of the council"), choices=[("", "—"), *CouncilRole.choices], required=False
    )
    budget_euros = forms.DecimalField(
        label=_("Budget (euro)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments"),
        queryset=Instrument.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )

    def service_fields(self):
        data = dict(self.cleaned_data)
        euros = data.pop("budget_euros")
        data["budget_cents"] = int(euros * 100) if euros is not None else None
        data["instruments"] = [i.code for i in data["instruments"]]
        return data


class RoleMatrixForm(forms.Form):
    """One select per phase and responsibility: who holds it."""

    ACTOR_CHOICES = [("", "—"), *Actor.choices]

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {(r.phase, r.responsibility): r.actor for r in roles}
        for phase in Phase.values:
            for resp in Responsibility.values:
                self.fields[f"{phase}__{resp}"] = forms.ChoiceField(
                    label=f"{Responsibility(resp).label} ({Phase(phase).label})",
                    choices=self.ACTOR_CHOICES,
                    required=False,
                    initial=current.get((phase, resp), ""),
                )

    def assignments(self):
        result = []
        for name, actor in self.cleaned_data.items():
            if actor:
                phase, resp = name.split("__")
                result.append((phase, resp, actor))
        return result

    def grid(self):
        return [
            (Responsibility(resp).label, [self[f"{phase}__{resp}"] for phase in Phase.values])
            for resp in Responsibility.values
        ]


class VersionDetailsForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    representation_statement = forms.CharField(
        label=_("Who speaks for the neighbourhood, on whose behalf, and how were they chosen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    representation_contested = forms.BooleanField(label=_("Representation is disputed"), required=False)
    representation_conversation = forms.CharField(
        label=_("Outcome of the facilitated conversation about representation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    accountability_to_wijk = forms.BooleanField(label=_("Accounts to the neighbourhood"), required=False)
    accountability_to_gemeente = forms.BooleanField(label=_("Accounts to the municipality"), required=False)
    accountability_frequency = forms.CharField(label=_("How often and how"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE, required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=200)
    owner_side = forms.ChoiceField(label=_("Who does it"), choices=OwnerSide.choices)
    owner_name = forms.CharField(label=_("Owner"), max_length=120, required=False)
    due_date = forms.DateField(label=_("By when"), widget=DATE)
    scope_item = forms.ModelChoiceField(
        label=_("For scope item"), queryset=None, required=False, empty_label=_("— the whole agreement —")
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_item"].queryset = version.scope_items.all() if version else None


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class SignForm(forms.Form):
    side = forms.ChoiceField(label=_("I sign"), choices=SignatureSide.choices, widget=forms.RadioSelect)
    name_shown = forms.CharField(label=_("Name"), max_length=150)
    capacity = forms.CharField(
        label=_("In the capacity of"),
        max_length=200,
        help_text=_("For example: chair of the Coöperatieve Wijkraad, or area manager for the municipality."),
    )
    confirm = forms.BooleanField(label=_("I have read the agreement and sign it"))

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [c for c in SignatureSide.choices if c[0] in sides]


class CouncilDecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE)
    reference = forms.CharField(label=_("Reference"), max_length=100, help_text=_("For example: 2026-RB-114"))
    title = forms.CharField(label=_("Subject"), max_length=300)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CouncilDecisionOutcome.choices)
    url = forms.URLField(label=_("Link to the decision"), required=False, assume_scheme="https")


class EvidenceForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("What shows it"), max_length=300)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class LessonForm(forms.Form):
    text = forms.CharField(label=_("Lesson"), widget=forms.Textarea(attrs={"rows": 2}))
    compass_point = forms.ChoiceField(label=_("Compass point"), choices=CompassPoint.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=LessonKind.choices)


class LessonFilterForm(forms.Form):
    kompas = forms.ChoiceField(
        label=_("Compass point"), choices=[("", _("all")), *CompassPoint.choices], required=False
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.SearchInput())
