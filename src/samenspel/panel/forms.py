from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel

from .models import AgeBand, Education, Gender, Household, QuestionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DECLINE = ("", _("I prefer not to say"))


def datetime_field(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )


class PanelForm(forms.Form):
    title = forms.CharField(label=_("Name of the panel"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    signup_open = forms.BooleanField(label=_("Anyone can sign up (not only people invited by lot)"), required=False)
    max_requests = forms.IntegerField(
        label=_("Ask a member at most this many times"), min_value=1, max_value=52, initial=4
    )
    period_days = forms.IntegerField(label=_("Per period of (days)"), min_value=7, max_value=730, initial=365)


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of invitation codes"), min_value=1, max_value=2000, initial=400)


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is it about, and what happens with the answers?"),
    )
    panel = forms.ChoiceField(label=_("Who may answer"), widget=forms.RadioSelect)
    opens_at = datetime_field(_("Opens"))
    closes_at = datetime_field(_("Closes"))

    def __init__(self, *args, panels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.panels = {str(p.pk): p for p in panels}
        self.fields["panel"].choices = [(str(p.pk), _("Members of %(panel)s") % {"panel": p.title}) for p in panels] + [
            ("open", _("Everyone with an account"))
        ]

    def clean_panel(self):
        return self.panels.get(self.cleaned_data["panel"])


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Explanation"), max_length=300, required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For choose and put-in-order questions: one option per line."),
    )
    scale = forms.ChoiceField(
        label=_("Scale"),
        choices=[("1-5", _("1 to 5")), ("0-10", _("0 to 10"))],
        initial="1-5",
        widget=forms.RadioSelect,
        help_text=_("For scale questions."),
    )
    label_low = forms.CharField(label=_("Label of the lowest value"), max_length=60, required=False)
    label_high = forms.CharField(label=_("Label of the highest value"), max_length=60, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    SERVICE_FIELDS = {"scale": "scale"}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        low, high = (int(x) for x in data["scale"].split("-"))
        return {
            "kind": data["kind"],
            "text": data["text"],
            "help_text": data["help_text"],
            "options": data["options"].splitlines(),
            "scale": (low, high),
            "label_low": data["label_low"],
            "label_high": data["label_high"],
            "required": data["required"],
        }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your invitation code"),
        max_length=30,
        help_text=_("It is in your letter, for example K7QM-4XPA-9TRW."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class ProfileForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree that my answers below are used only to see whether the panel resembles the neighbourhood."),
        required=False,
    )
    age_band = forms.ChoiceField(label=_("How old are you?"), required=False, widget=forms.RadioSelect)
    gender = forms.ChoiceField(label=_("What is your gender?"), required=False, widget=forms.RadioSelect)
    buurt = forms.ChoiceField(label=_("In which buurt do you live?"), required=False, widget=forms.RadioSelect)
    household = forms.ChoiceField(label=_("Who do you live with?"), required=False, widget=forms.RadioSelect)
    education = forms.ChoiceField(
        label=_("What is the highest education you finished?"), required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args, buurten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.buurten = {str(b.pk): b for b in buurten}
        for name, choices in (
            ("age_band", AgeBand.choices),
            ("gender", Gender.choices),
            ("household", Household.choices),
            ("education", Education.choices),
        ):
            self.fields[name].choices = [*choices, DECLINE]
        if self.buurten:
            self.fields["buurt"].choices = [(k, b.name) for k, b in self.buurten.items()] + [DECLINE]
        else:
            del self.fields["buurt"]

    def clean_buurt(self):
        return self.buurten.get(self.cleaned_data.get("buurt") or "")

    def clean(self):
        data = super().clean()
        if not data.get("consent"):
            for name in ("age_band", "gender", "household", "education"):
                data[name] = ""
            data["buurt"] = None
        data.setdefault("buurt", None)
        return data


class PauseForm(forms.Form):
    until = forms.DateField(label=_("Take a break until"), widget=DATE)


class AnswerForm(forms.Form):
    """One field per question, named q<id>. Ranking: one select per option ("place 1..n")."""

    def __init__(self, *args, consultation, response=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(consultation.questions.all())
        existing = {a.question_id: a for a in response.answers.all()} if response is not None else {}
        for q in self.questions:
            name = f"q{q.pk}"
            a = existing.get(q.pk)
            help_text = q.help_text
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(str(i), o) for i, o in enumerate(q.options)], widget=forms.RadioSelect
                )
                initial = str(a.choices[0]) if a and a.choices else None
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(str(i), o) for i, o in enumerate(q.options)], widget=forms.CheckboxSelectMultiple
                )
                initial = [str(i) for i in a.choices] if a else None
            elif q.kind == QuestionKind.SCALE:
                choices = []
                for v in q.scale_values:
                    label = str(v)
                    if v == q.scale_min and q.label_low:
                        label = f"{v} – {q.label_low}"
                    elif v == q.scale_max and q.label_high:
                        label = f"{v} – {q.label_high}"
                    choices.append((str(v), label))
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
                initial = str(a.number) if a and a.number is not None else None
            elif q.kind == QuestionKind.RANKING:
                self._ranking_fields(q, a)
                continue
            else:
                field = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
                initial = a.text if a else None
            field.label, field.required, field.help_text = q.text, q.required, help_text
            field.question = q
            self.fields[name] = field
            if initial is not None:
                self.initial[name] = initial

    def _ranking_fields(self, q, a):
        n = len(q.options)
        places = [("", "–")] + [(str(p), str(p)) for p in range(1, n + 1)]
        for i, option in enumerate(q.options):
            name = f"q{q.pk}_{i}"
            field = forms.ChoiceField(label=option, choices=places, required=False)
            field.question = q
            field.widget.attrs["class"] = "select--small"
            self.fields[name] = field
            if a and i in a.choices:
                self.initial[name] = str(a.choices.index(i) + 1)

    def ranking_groups(self):
        """For the template: per ranking question, its bound fields."""
        groups = {}
        for name, field in self.fields.items():
            question = getattr(field, "question", None)
            if question is not None and question.kind == QuestionKind.RANKING:
                groups.setdefault(question.pk, []).append(self[name])
        return groups

    def items(self):
        """(question, bound field or list of bound fields) in question order, for the template."""
        groups = self.ranking_groups()
        for q in self.questions:
            if q.kind == QuestionKind.RANKING:
                yield q, groups.get(q.pk, [])
            else:
                yield q, self[f"q{q.pk}"]

    def answers(self) -> dict:
        data = self.cleaned_data
        result = {}
        for q in self.questions:
            if q.kind == QuestionKind.RANKING:
                places = {}
                for i in range(len(q.options)):
                    value = data.get(f"q{q.pk}_{i}")
                    if value:
                        places[i] = int(value)
                if not places:
                    result[q.pk] = []
                elif len(places) < len(q.options) or len(set(places.values())) < len(places):
                    result[q.pk] = [-1]  # the service says: give every option its own place
                else:
                    result[q.pk] = sorted(places, key=places.get)
            else:
                result[q.pk] = data.get(f"q{q.pk}")
        return result


class PaperForm(AnswerForm):
    member_number = forms.IntegerField(label=_("Member number (on the form)"), min_value=1, required=False)
    channel = forms.ChoiceField(
        label=_("How did the answers come in?"),
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        initial=Channel.PAPER,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, consultation=consultation, **kwargs)
        # The paper fields first.
        self.order_fields(["member_number", "channel"])
        if consultation.panel_id is None:
            self.fields["member_number"].help_text = _("This consultation is open to everyone: leave it empty.")
        for field in self.fields.values():
            if hasattr(field, "question"):
                field.required = False  # an official types what is on the form; the service checks
