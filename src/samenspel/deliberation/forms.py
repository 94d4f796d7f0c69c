from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel
from samenspel.decisions.models import DecisionOutcome

from .models import (
    STATEMENT_MAX,
    AttendanceMode,
    Frequency,
    MeetingKind,
    Moderation,
    Side,
    Vote,
    Weekday,
    WeekOfMonth,
)
from .services import MAX_DOCUMENT_BYTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MARKDOWN_HELP = _("You can use simple Markdown: *italic*, **bold**, lists with a dash.")
ATTENDEE_ROWS = 6


class ConversationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    question = forms.CharField(
        label=_("The question"),
        max_length=300,
        help_text=_("One open question, e.g. “What should change in Selwerd in the coming years?”"),
    )
    description = forms.CharField(
        label=_("Background"), widget=forms.Textarea(attrs={"rows": 5}), required=False, help_text=MARKDOWN_HELP
    )
    moderation = forms.ChoiceField(
        label=_("When are new statements checked?"),
        choices=Moderation.choices,
        widget=forms.RadioSelect,
        initial=Moderation.AFTER,
    )
    allow_anonymous = forms.BooleanField(
        label=_("People may take part without an account"), required=False, initial=True
    )
    allow_statements = forms.BooleanField(label=_("Participants may add statements"), required=False, initial=True)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE, required=False)
    seed_statements = forms.CharField(
        label=_("First statements"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("One statement per line, at most %(max)d characters each. People vote on these first.")
        % {"max": STATEMENT_MAX},
    )

    def clean_seed_statements(self):
        return [line for line in self.cleaned_data["seed_statements"].splitlines() if line.strip()]


class VoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput)
    vote = forms.TypedChoiceField(choices=Vote.choices, coerce=int)


class StatementForm(forms.Form):
    SERVICE_FIELDS = {"seed_statements": "text"}

    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX}),
        help_text=_("One clear thought that others can agree or disagree with. At most %(max)d characters.")
        % {"max": STATEMENT_MAX},
    )
    different = forms.BooleanField(label=_("My statement says something different from the one shown"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone can read this reason."),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this statement?"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Says the same as"), queryset=None, empty_label=None)

    def __init__(self, *args, statements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = statements


class RoomStatementForm(forms.Form):
    text = forms.CharField(label=_("Statement heard in the room"), max_length=STATEMENT_MAX)
    meeting = forms.ModelChoiceField(
        label=_("At the meeting"), queryset=None, required=False, empty_label=_("— none —")
    )
    different = forms.BooleanField(label=_("It says something different from a similar statement"), required=False)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class VoteCardForm(forms.Form):
    """One paper card from the room: a choice per statement."""

    meeting = forms.ModelChoiceField(
        label=_("At the meeting"), queryset=None, required=False, empty_label=_("— none —")
    )

    def __init__(self, *args, statements=(), meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        choices = [("", _("— not filled in —")), *Vote.choices]
        for statement in statements:
            self.fields[f"s{statement.pk}"] = forms.ChoiceField(label=statement.text, choices=choices, required=False)

    def votes(self) -> dict:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("s") and name[1:].isdigit() and value != ""
        }


class DebateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    proposal = forms.CharField(
        label=_("The proposal"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000, help_text=MARKDOWN_HELP
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Item of the neighbourhood agenda it is about"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
    )
    idea = forms.ModelChoiceField(label=_("Idea it is about"), queryset=None, required=False, empty_label=_("— none —"))

    def __init__(self, *args, agenda_items=None, ideas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda_items
        self.fields["idea"].queryset = ideas


class ArgumentForm(forms.Form):
    side = forms.ChoiceField(label=_("Your argument is"), choices=Side.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Your argument"), max_length=1500, widget=forms.Textarea(attrs={"rows": 4}))


class OfflineArgumentForm(ArgumentForm):
    channel = forms.ChoiceField(
        label=_("How it came in"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    on_behalf_of = forms.CharField(
        label=_("Whose argument"), max_length=150, help_text=_("E.g. “a resident at the meeting”.")
    )


class ReplyForm(forms.Form):
    parent = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Your reply"), max_length=1500, widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10_000,
        help_text=format_lazy(
            "{} {}", _("The main arguments on both sides in fair words, and where people agree."), MARKDOWN_HELP
        ),
    )
    close = forms.BooleanField(label=_("Close the debate for new arguments"), required=False, initial=True)


class DecisionChoiceForm(forms.Form):
    decision = forms.ModelChoiceField(label=_("Decision in the register"), queryset=None, empty_label=None)

    def __init__(self, *args, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Body or organisation"), queryset=None, required=False, empty_label=_("— none (an open meeting) —")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=MARKDOWN_HELP
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME, required=False)
    location_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https", help_text=_("Give an address, a link, or both.")
    )
    is_public = forms.BooleanField(label=_("Public meeting"), required=False, initial=True)
    documents_days_before = forms.IntegerField(
        label=_("Documents public this many days before"), min_value=0, max_value=60, initial=7
    )
    registration_required = forms.BooleanField(label=_("People register beforehand"), required=False)
    capacity = forms.IntegerField(label=_("Number of places"), min_value=1, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("Title of the meetings"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices, initial=MeetingKind.BODY_MEETING)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect)
    week_of_month = forms.TypedChoiceField(
        label=_("Which one in the month"),
        choices=[("", _("— weekly: not needed —")), *WeekOfMonth.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=720, initial=120)
    location_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    is_public = forms.BooleanField(label=_("Public meetings"), required=False, initial=True)
    documents_days_before = forms.IntegerField(
        label=_("Documents public this many days before"), min_value=0, max_value=60, initial=7
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE, required=False)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    description = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    for_decision = forms.BooleanField(label=_("A decision is taken on this item"), required=False)
    agenda_item = forms.ModelChoiceField(
        label=_("Item of the neighbourhood agenda"), queryset=None, required=False, empty_label=_("— none —")
    )
    debate = forms.ModelChoiceField(label=_("Debate"), queryset=None, required=False, empty_label=_("— none —"))
    conversation = forms.ModelChoiceField(
        label=_("Conversation"), queryset=None, required=False, empty_label=_("— none —")
    )

    def __init__(self, *args, agenda_items=None, debates=None, conversations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda_items
        self.fields["debate"].queryset = debates
        self.fields["conversation"].queryset = conversations


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("PDF only, at most %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
    )
    agenda_item = forms.ModelChoiceField(
        label=_("With agenda item"), queryset=None, required=False, empty_label=_("— the whole meeting —")
    )

    def __init__(self, *args, agenda_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda_items


class AttendanceForm(forms.Form):
    in_person = forms.IntegerField(label=_("In the room"), min_value=0, required=False)
    online = forms.IntegerField(label=_("Online"), min_value=0, required=False)
    phone = forms.IntegerField(label=_("By phone"), min_value=0, required=False)
    names = forms.CharField(
        label=_("Names of people who agreed to be named"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line, optionally with a comma and their role: “Sanne de Vries, chair”."),
    )
    consent = forms.BooleanField(
        label=_("Everyone named above agreed to have their name in the public record"), required=False
    )

    def counts(self) -> dict:
        return {mode: self.cleaned_data.get(mode) for mode in AttendanceMode.values}

    def attendees(self) -> list:
        people = []
        for line in self.cleaned_data["names"].splitlines():
            name, _sep, role = line.partition(",")
            if name.strip():
                people.append((name.strip(), role.strip(), AttendanceMode.IN_PERSON, self.cleaned_data["consent"]))
        return people


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50_000, help_text=MARKDOWN_HELP
    )


class MeetingDecisionForm(forms.Form):
    title = forms.CharField(label=_("What was decided on"), max_length=200)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    minority_view = forms.CharField(label=_("Minority view"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class QuickPollForm(forms.Form):
    statement = forms.ModelChoiceField(
        label=_("Statement of a conversation"),
        queryset=None,
        required=False,
        empty_label=_("— a question of its own —"),
    )
    question = forms.CharField(label=_("Question put to the room"), max_length=300, required=False)
    agree = forms.IntegerField(label=_("Agree / yes"), min_value=0, initial=0)
    disagree = forms.IntegerField(label=_("Disagree / no"), min_value=0, initial=0)
    passed = forms.IntegerField(label=_("Pass / no opinion"), min_value=0, initial=0)

    def __init__(self, *args, statements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].queryset = statements


class OnBehalfRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    channel = forms.ChoiceField(
        label=_("How they registered"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
