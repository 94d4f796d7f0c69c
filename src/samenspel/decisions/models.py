"""Advice and the municipality's response, the public decision register, objections, and
accountability reports. Sources: seed 003 (A1 advice 003:138-146; A3 decisions and dual
accountability 003:167-176; transparency lessons 003:622-666), seed 001 (accountability
culture 001:305-330), spec §7.10, §10.5, §10.7, §12.7, §12.8, §12.12."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Addressee(models.TextChoices):
    COLLEGE = "college", _("the college (executive)")
    COUNCIL = "council", _("the municipal council")


class AdviceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for the municipality's response")
    ANSWERED = "answered", _("answered")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Advice(models.Model):
    """Formal advice (archetype 1) from a resident organisation or body to college or council."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="advices")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="advices", verbose_name=_("given by")
    )
    addressee = models.CharField(_("to"), max_length=10, choices=Addressee.choices)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("the advice"))
    on_behalf_of = models.TextField(_("on behalf of whom, and how the neighbourhood was heard"))
    scope_item = models.ForeignKey(
        "agreements.ScopeItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advices",
        verbose_name=_("part of the agreement"),
    )
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="advices"
    )
    status = models.CharField(_("status"), max_length=10, choices=AdviceStatus.choices, default=AdviceStatus.SUBMITTED)
    submitted_on = models.DateField(_("given on"))
    response_due = models.DateField(_("response due"))
    response = models.TextField(_("the municipality's response"), blank=True)
    response_weighed = models.TextField(_("what was done with the advice"), blank=True)
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="advice_contributions",
        help_text=_("They hear back when the municipality responds."),
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("advice")
        verbose_name_plural = _("advices")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("decisions:advice", args=[self.pk])


class DeciderKind(models.TextChoices):
    WIJK_BODY = "wijk_body", _("neighbourhood body")
    COLLEGE = "college", _("college (executive)")
    COUNCIL = "council", _("municipal council")
    AREA_TEAM = "area_team", _("area team (mandated official)")


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    POSTPONED = "postponed", _("postponed")


class Stance(models.TextChoices):
    """A position taken in the deliberation before a decision (LES-D1, 003:819-820)."""

    FOR = "for", _("in favour")
    AGAINST = "against", _("against")
    OTHER = "other", _("another view")


class Decision(models.Model):
    """One entry of the public decision register: who decided what about a wijk, under which
    agreement. A wijk body's decision is binding only within its mandate (spec §10.8)."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="decisions")
    decider_kind = models.CharField(_("decided by"), max_length=12, choices=DeciderKind.choices)
    body = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("body"),
    )
    meeting = models.CharField(_("meeting"), max_length=200, blank=True)
    meeting_date = models.DateField(_("date of the meeting"), null=True, blank=True)
    scope_item = models.ForeignKey(
        "agreements.ScopeItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("part of the agreement"),
    )
    version = models.ForeignKey(
        "agreements.AgreementVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("agreement it rests on"),
    )
    title = models.CharField(_("what was decided on"), max_length=200)
    options = models.JSONField(_("options considered"), default=list, blank=True)
    positions = models.JSONField(_("positions"), default=list, blank=True)  # [{"stance", "summary", "by"}]
    minority_view = models.TextField(_("minority view"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    rationale = models.TextField(_("reasons"))
    decided_on = models.DateField(_("decided on"))
    is_binding = models.BooleanField(_("binding decision"), default=False, editable=False)
    recorded_as_advice = models.BooleanField(
        _("recorded as advice"),
        default=False,
        editable=False,
        help_text=_("The body had no mandate for this: its decision counts as advice to the municipality."),
    )
    mandate_code = models.CharField(
        _("why binding or advice"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=_("The outcome of the mandate check when the decision was recorded (see decisions/mandate.py)."),
    )
    budget_cents = models.PositiveBigIntegerField(_("amount (euro cents)"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["place", "-decided_on"])]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("decisions:decision", args=[self.pk])

    @property
    def mandate_reason(self) -> str:
        """Why this decision is binding or counts as advice, as checked when it was recorded."""
        from .mandate import message

        return message(self.mandate_code)


class ObjectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UPHELD = "upheld", _("upheld: the decision is reconsidered")
    DISMISSED = "dismissed", _("dismissed, with reasons")


class Objection(models.Model):
    """A resident's objection to a decision (checks & balances, G-ZG-3)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="objections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("objection"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.SUBMITTED
    )
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return self.text[:50]


class Audience(models.TextChoices):
    WIJK = "wijk", _("the neighbourhood")
    GEMEENTE = "gemeente", _("the municipality")
    BOTH = "both", _("the neighbourhood and the municipality")


class ReportFormat(models.TextChoices):
    STORY = "story", _("a story")
    PHOTOS = "photos", _("photos")
    KEY_FIGURES = "key_figures", _("key figures")
    FINANCIAL = "financial", _("a financial statement")


class AccountabilityReport(models.Model):
    """Verantwoording in the form the accountable party chooses (001:318-330, ACC-1..5)."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="accountability_reports")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_reports",
        verbose_name=_("by"),
    )
    idea = models.ForeignKey(
        "initiatives.Idea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_reports",
        verbose_name=_("initiative"),
    )
    version = models.ForeignKey(
        "agreements.AgreementVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_reports",
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("for"), max_length=10, choices=Audience.choices)
    formats = models.JSONField(_("in the form of"), default=list)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    story = models.TextField(_("the story"), blank=True)
    key_figures = models.JSONField(_("key figures"), default=list, blank=True)  # [{"label", "value"}]
    income_cents = models.BigIntegerField(_("income (euro cents)"), null=True, blank=True)
    spent_cents = models.BigIntegerField(_("spent (euro cents)"), null=True, blank=True)
    financial_notes = models.TextField(_("notes on the money"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("accountability report")
        verbose_name_plural = _("accountability reports")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("decisions:report", args=[self.pk])


class ReportPhoto(models.Model):
    report = models.ForeignKey(AccountabilityReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="reports/%Y/%m/")
    alt_text = models.CharField(_("what the photo shows"), max_length=200)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text


class ReportComment(models.Model):
    report = models.ForeignKey(AccountabilityReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:50]
