import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.agreements.models import Ownership
from samenspel.initiatives.models import Idea

from .models import ActionStatus, ItemOrigin, OriginSide, OwnerSide

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> expects
OWNERSHIP_CHOICES = [("", _("— not clear yet —")), *Ownership.choices]


def _scope_item_field():
    return forms.ModelChoiceField(
        label=_("Part of the agreement"),
        queryset=None,
        required=False,
        empty_label=_("— not covered by the agreement —"),
        help_text=_("The part of the agreement in force that this item falls under. It decides who adopts it."),
    )


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("Until"), widget=DATE)
    introduction = forms.CharField(
        label=_("Introduction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the agenda is for and how residents can add to it."),
    )


class ProposeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What is it about?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is the issue or the wish, and why does it matter for the neighbourhood?"),
    )
    origin = forms.ChoiceField(label=_("Where does it come from?"))
    idea = forms.ModelChoiceField(
        label=_("The idea it comes from"),
        queryset=Idea.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    ownership = forms.TypedChoiceField(
        label=_("Who owns it?"),
        choices=OWNERSHIP_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    is_citywide = forms.BooleanField(label=_("This is a city-wide matter"), required=False)

    def __init__(self, *args, place=None, staff=False, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        origins = [c for c in ItemOrigin.choices if c[0] != ItemOrigin.DNA]
        if not staff:
            origins = [c for c in origins if c[0] != ItemOrigin.MUNICIPALITY]
        self.fields["origin"].choices = origins
        if staff:
            self.fields["origin_side"] = forms.ChoiceField(
                label=_("Raised by"), choices=OriginSide.choices, widget=forms.RadioSelect
            )
        if place is not None:
            self.fields["idea"].queryset = Idea.objects.filter(place=place, is_hidden=False).order_by("title")
        if version is not None:
            self.fields["scope_item"] = _scope_item_field()
            self.fields["scope_item"].queryset = version.scope_items.all()
        self.order_fields(["title", "description", "origin_side", "origin", "idea"])

    def clean(self):
        data = super().clean()
        if data.get("origin") == ItemOrigin.IDEA and not data.get("idea"):
            self.add_error("idea", _("Choose the idea this item comes from."))
        return data


class WorkOutForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What it is about, as worked out together"), widget=forms.Textarea(attrs={"rows": 6})
    )
    ownership = forms.TypedChoiceField(
        label=_("Who owns it?"), choices=OWNERSHIP_CHOICES, coerce=int, empty_value=None, required=False
    )
    is_citywide = forms.BooleanField(label=_("This is a city-wide matter"), required=False)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["scope_item"] = _scope_item_field()
            self.fields["scope_item"].queryset = version.scope_items.all()


class DecideForm(forms.Form):
    ADOPT, REJECT = "adopt", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ADOPT, _("Adopt the item")), (REJECT, _("Do not adopt the item"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the item is not adopted. It is published with the decision."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    together_with = forms.CharField(
        label=_("Decided together with"),
        max_length=150,
        required=False,
        help_text=_(
            "Only when the agreement says this is decided together: the name and capacity of who decided with "
            "you for the other side. For example: Fatima Bakker, area team."
        ),
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["scope_item"] = _scope_item_field()
            self.fields["scope_item"].queryset = version.scope_items.all()

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Explain publicly why the item is not adopted."))
        return data


def next_year() -> int:
    return timezone.localdate().year + 1


class TakeUpForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the area programme"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("What the area programme will do"),
        max_length=300,
        help_text=_("For example: two new benches and shade trees along the pond, planted in the autumn."),
    )
    budget_euros = forms.DecimalField(
        label=_("Budget (euro)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    def budget_cents(self):
        euros = self.cleaned_data.get("budget_euros")
        return int(euros * 100) if euros is not None else None


class LeaveOutForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not in the area programme"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This reason is published on the item's page."),
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=200)
    owner_side = forms.ChoiceField(label=_("Who does it"), choices=OwnerSide.choices)
    owner_name = forms.CharField(
        label=_("Owner"),
        max_length=120,
        required=False,
        help_text=_("For example: the area team, the working group on green."),
    )
    due_date = forms.DateField(label=_("By when"), widget=DATE)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


def default_due_date(days: int = 90) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
