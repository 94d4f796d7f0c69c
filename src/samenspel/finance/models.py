"""The open budget per neighbourhood (open begroting), budget monitoring, the right to challenge
(uitdaagrecht) and its reverse, and the register of community assets with a right to bid.

Sources: seed 003:452-463 (an open budget "waarin de gebiedsgerichte inzet inzichtelijk is op
wijk- en dorpsniveau", the Omgekeerde Right to Challenge, buurtbudgetten, wijkdeals); seed 004
(budgetmonitoring in the Indische Buurt, buurtrechten: right to challenge and right to bid);
seed 002 (mijnbuurtbegroting, budgetmonitoring); Gemeentewet art. 150 as changed by the Wet
versterking participatie op decentraal niveau (in force 1 January 2025); the seven required
elements of a challenge as Middelburg's participatieverordening lists them; the Iv3 taakvelden.

Every amount is a whole number of euro cents: never a float."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Taakveld(models.Model):
    """An Iv3 taakveld (or a hoofdtaakveld, when `code` equals `main_code`). Seeded from
    data/iv3_taakvelden.csv; a municipality may add the finer codes it reports at."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    main_code = models.CharField(_("main task field"), max_length=2)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("Iv3 taakveld")
        verbose_name_plural = _("Iv3 taakvelden")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_main(self) -> bool:
        return self.code == self.main_code


class DecidedBy(models.TextChoices):
    MUNICIPALITY = "municipality", _("the municipality")
    NEIGHBOURHOOD = "neighbourhood", _("the neighbourhood itself")


class BudgetImport(models.Model):
    """One accepted import of budget lines: what file, by whom, with which totals."""

    municipality = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    total_planned_cents = models.BigIntegerField(default=0)
    total_realised_cents = models.BigIntegerField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("budget import")
        verbose_name_plural = _("budget imports")

    def __str__(self):
        return f"{self.file_name} ({self.year})"


class BudgetLine(models.Model):
    """One line of the open budget: a year, a place (or none: not attributable to an area), an
    Iv3 taakveld, what it is for, the planned and the realised amount, and who decides on it."""

    municipality = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="municipal_budget_lines", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("place"),
        help_text=_("Empty when the money cannot be attributed to one area."),
    )
    taakveld = models.ForeignKey(Taakveld, on_delete=models.PROTECT, related_name="lines", verbose_name=_("taakveld"))
    programme = models.CharField(_("programme"), max_length=120, blank=True)
    economic_category = models.CharField(_("economic category"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=300)
    planned_cents = models.PositiveBigIntegerField(_("planned (euro cents)"))
    realised_cents = models.PositiveBigIntegerField(
        _("realised (euro cents)"),
        null=True,
        blank=True,
        help_text=_("From the annual accounts. Empty while the year is not closed."),
    )
    decided_by = models.CharField(
        _("who decides"), max_length=15, choices=DecidedBy.choices, default=DecidedBy.MUNICIPALITY
    )
    scope_item = models.ForeignKey(
        "agreements.ScopeItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("part of the agreement"),
    )
    challenge = models.ForeignKey(
        "Challenge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("challenge it came from"),
    )
    source_import = models.ForeignKey(
        BudgetImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="lines"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "taakveld__order", "description", "pk"]
        indexes = [models.Index(fields=["municipality", "year"]), models.Index(fields=["place", "year"])]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.year} {self.taakveld.code} {self.description}"

    def get_absolute_url(self):
        return reverse("finance:line", args=[self.pk])

    @property
    def place_label(self) -> str:
        return self.place.name if self.place_id else str(_("not attributable to an area"))


class RecipientKind(models.TextChoices):
    RESIDENT_ORGANISATION = "resident_organisation", _("resident organisation or neighbourhood body")
    RESIDENTS_GROUP = "residents_group", _("group of residents (named as a group)")
    FOUNDATION = "foundation", _("foundation or association")
    COMPANY = "company", _("company")
    PUBLIC_BODY = "public_body", _("public body or school")


class Expenditure(models.Model):
    """Money spent against a budget line (uitgave): always to an organisation or a named group,
    never to a private person, and always with the decision that allowed it."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenditures")
    spent_on = models.DateField(_("date"))
    recipient_kind = models.CharField(_("kind of recipient"), max_length=25, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="expenditures"
    )
    recipient_kvk = models.CharField(_("KvK number"), max_length=8, blank=True)
    purpose = models.TextField(_("what it was for"), max_length=1000)
    amount_cents = models.PositiveBigIntegerField(_("amount (euro cents)"))
    decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
        verbose_name=_("decision"),
    )
    decision_reference = models.CharField(
        _("decision (reference)"),
        max_length=200,
        blank=True,
        help_text=_("When the decision is not in the decision register: its reference, e.g. a college decision."),
    )
    idea = models.ForeignKey(
        "initiatives.Idea", null=True, blank=True, on_delete=models.PROTECT, related_name="expenditures"
    )
    support_request = models.ForeignKey(
        "initiatives.SupportRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
        verbose_name=_("award to an initiative"),
    )
    challenge = models.ForeignKey(
        "Challenge", null=True, blank=True, on_delete=models.PROTECT, related_name="expenditures"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")

    def __str__(self):
        return f"{self.spent_on} {self.recipient_name}"


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("waiting for an answer")
    ANSWERED = "answered", _("answered")
    HIDDEN = "hidden", _("hidden by a moderator")


class LineQuestion(models.Model):
    """Budget monitoring: a resident asks about a line; the answer is published with it."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("question"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    answer_due = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    hidden_reason = models.CharField(_("public reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("question about a budget line")
        verbose_name_plural = _("questions about budget lines")

    def __str__(self):
        return self.text[:50]


class FinanceSettings(models.Model):
    """What the municipality's participatieverordening decides: the terms of the procedure, the
    support needed and the assessment criteria. One row per municipality; without a row the
    defaults in `terms.py` apply."""

    municipality = models.OneToOneField("places.Place", on_delete=models.CASCADE, related_name="finance_settings")
    admissibility_days = models.PositiveSmallIntegerField(
        _("days to decide whether a challenge is admissible"), default=28
    )
    assessment_days = models.PositiveSmallIntegerField(_("days to assess an admissible challenge"), default=56)
    agreement_days = models.PositiveSmallIntegerField(_("days to make the agreement after a go-ahead"), default=56)
    progress_interval_days = models.PositiveSmallIntegerField(_("days between progress talks"), default=91)
    evaluation_days = models.PositiveSmallIntegerField(_("days to evaluate after the agreement ends"), default=56)
    reminder_days = models.PositiveSmallIntegerField(_("remind this many days before a term expires"), default=7)
    question_answer_days = models.PositiveSmallIntegerField(_("days to answer a question about the budget"), default=28)
    min_signatures = models.PositiveIntegerField(
        _("signatures of support needed"),
        default=0,
        help_text=_("0: the verordening asks for an indication of support, not a number."),
    )
    offer_bid_days = models.PositiveSmallIntegerField(_("days groups have to bid on an offered task"), default=42)
    asset_bid_days = models.PositiveSmallIntegerField(_("days groups have to bid on a community asset"), default=56)
    assessment_criteria = models.TextField(
        _("assessment criteria"), blank=True, help_text=_("One per line. Empty: the standard criteria.")
    )
    regulation_url = models.URLField(_("link to the participatieverordening"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("terms of the right to challenge")
        verbose_name_plural = _("terms of the right to challenge")

    def __str__(self):
        return str(self.municipality)


class ChallengeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted: is it admissible?")
    NOT_ADMISSIBLE = "not_admissible", _("not admissible")
    ADMISSIBLE = "admissible", _("admissible: being assessed")
    REFUSED = "refused", _("assessed: refused, with reasons")
    APPROVED = "approved", _("assessed: go-ahead, the agreement is being made")
    CARRIED_OUT = "carried_out", _("agreement made: being carried out")
    EVALUATED = "evaluated", _("evaluated")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_CHALLENGE_STATUSES = (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE, ChallengeStatus.APPROVED)
SIGNABLE_STATUSES = (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE)


class OfferStatus(models.TextChoices):
    OPEN = "open", _("open for bids")
    ASSESSING = "assessing", _("bids are being assessed")
    AWARDED = "awarded", _("awarded")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ChallengeOffer(models.Model):
    """The reverse right to challenge (Groningen's Omgekeerde Right to Challenge, 003:456-458):
    the municipality publishes a task with its current budget; groups bid. A bid is a
    `Challenge` with this offer, assessed and awarded through the same procedure."""

    municipality = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="challenge_offers")
    title = models.CharField(_("task"), max_length=200)
    task = models.TextField(_("what the task is"), max_length=5000)
    conditions = models.TextField(_("what the municipality asks"), max_length=5000, blank=True)
    budget_line = models.ForeignKey(
        BudgetLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("budget line it is paid from now"),
    )
    current_budget_cents = models.PositiveBigIntegerField(_("current budget per year (euro cents)"))
    published_on = models.DateField(_("published on"))
    bids_until = models.DateField(_("bids until"))
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("task offered to neighbourhoods")
        verbose_name_plural = _("tasks offered to neighbourhoods")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("finance:offer", args=[self.pk])


class Challenge(models.Model):
    """A request under the right to challenge (uitdaagrecht), or a bid on an offered task. It
    holds the seven elements a request must have (Middelburg's list)."""

    municipality = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="challenges")
    offer = models.ForeignKey(
        ChallengeOffer, null=True, blank=True, on_delete=models.PROTECT, related_name="bids", verbose_name=_("offer")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("resident organisation"),
    )
    group_name = models.CharField(_("name of the group"), max_length=150, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="challenges_submitted"
    )
    title = models.CharField(_("title"), max_length=200)
    # The seven required elements.
    task = models.TextField(_("1. The task you want to take over"), max_length=5000)
    why_better = models.TextField(_("2. Why you can do it better or cheaper"), max_length=5000)
    involvement = models.TextField(_("3. Your involvement, knowledge and experience"), max_length=5000)
    support_description = models.TextField(_("4. Support among the residents it affects"), max_length=5000)
    cost_estimate_cents = models.PositiveBigIntegerField(_("5. Cost estimate per year (euro cents)"))
    cost_explanation = models.TextField(_("how the cost estimate is made up"), max_length=5000)
    support_wanted = models.TextField(
        _("6. The cooperation or support you want from the municipality"), max_length=5000
    )
    quality_continuity = models.TextField(_("7. How you ensure quality and continuity"), max_length=5000)
    budget_line = models.ForeignKey(
        BudgetLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("budget line the task is paid from now"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=ChallengeStatus.choices, default=ChallengeStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"))
    due_on = models.DateField(_("the municipality's term for this step"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges_handled",
        verbose_name=_("handled by"),
    )
    admissibility_reasons = models.TextField(_("reasons (admissibility)"), blank=True)
    admissibility_decided_on = models.DateField(null=True, blank=True)
    assessment = models.JSONField(_("assessment per criterion"), default=list, blank=True)
    assessment_reasons = models.TextField(_("reasons (assessment)"), blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"])]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("finance:challenge", args=[self.pk])

    @property
    def challenger_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.group_name

    @property
    def is_bid(self) -> bool:
        return self.offer_id is not None


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ADMISSIBLE = "admissible", _("declared admissible")
    NOT_ADMISSIBLE = "not_admissible", _("declared not admissible")
    REFUSED = "refused", _("assessed and refused")
    APPROVED = "approved", _("assessed: go-ahead")
    AGREEMENT = "agreement", _("agreement made")
    BUDGET_MOVED = "budget_moved", _("budget moved to the challengers")
    PROGRESS = "progress", _("progress talk")
    EVALUATED = "evaluated", _("evaluated")
    SIGNATURES = "signatures", _("signatures on paper counted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ChallengeEvent(models.Model):
    """One step of the public procedure timeline. Holds no personal data: names of officials and
    residents stay out of the text."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=EventKind.choices)
    happened_on = models.DateField()
    text = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "pk"]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")

    def __str__(self):
        return f"{self.challenge_id} {self.kind} {self.happened_on}"


class SupportSignature(models.Model):
    """A resident's online signature of support. Only the count is public."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_signatures")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="sign_a_challenge_once")]
        verbose_name = _("signature of support")
        verbose_name_plural = _("signatures of support")

    def __str__(self):
        return f"{self.challenge_id}: {self.user_id}"


class PaperSignatureCount(models.Model):
    """Signatures collected on paper, counted by an official. The lists stay with the municipality."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="paper_counts")
    count = models.PositiveIntegerField(_("number of valid signatures"))
    counted_on = models.DateField(_("counted on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    counted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["counted_on", "pk"]
        verbose_name = _("signatures on paper")
        verbose_name_plural = _("signatures on paper")

    def __str__(self):
        return f"{self.challenge_id}: {self.count}"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONCLUDED = "concluded", _("concluded: being carried out")
    EVALUATED = "evaluated", _("evaluated")


class EvaluationOutcome(models.TextChoices):
    CONTINUE = "continue", _("continue as agreed")
    ADJUST = "adjust", _("continue with changes")
    STOP = "stop", _("stop: the task goes back to the municipality")


class ChallengeAgreement(models.Model):
    """The agreement on tasks, result, budget and duration (Middelburg: "taken, het resultaat, het
    budget en de looptijd"). Concluding it moves the budget from the municipal line to a line of
    the challengers, visible in the open budget."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="agreement")
    tasks = models.TextField(_("tasks"), max_length=10_000)
    result = models.TextField(_("result agreed"), max_length=5000)
    municipal_support = models.TextField(_("what the municipality provides"), max_length=5000, blank=True)
    budget_cents = models.PositiveBigIntegerField(_("budget per year (euro cents)"))
    source_line = models.ForeignKey(
        BudgetLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_paid_from",
        verbose_name=_("municipal budget line the money comes from"),
    )
    line = models.ForeignKey(
        BudgetLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("the challengers' budget line"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    progress_interval_days = models.PositiveSmallIntegerField(_("days between progress talks"))
    status = models.CharField(max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    next_progress_due = models.DateField(_("next progress talk"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    evaluation_outcome = models.CharField(
        _("outcome of the evaluation"), max_length=10, choices=EvaluationOutcome.choices, blank=True
    )
    evaluated_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("challenge agreement")
        verbose_name_plural = _("challenge agreements")

    def __str__(self):
        return str(self.challenge)

    def get_absolute_url(self):
        return reverse("finance:agreement", args=[self.challenge_id])


class ProgressTalk(models.Model):
    agreement = models.ForeignKey(ChallengeAgreement, on_delete=models.CASCADE, related_name="talks")
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("what was discussed and agreed"), max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("progress talk")
        verbose_name_plural = _("progress talks")

    def __str__(self):
        return f"{self.agreement_id} {self.held_on}"


class BudgetTransfer(models.Model):
    """Money moved from one line to another, e.g. to the challengers' line by an agreement."""

    from_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="transfers_out")
    to_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="transfers_in")
    amount_cents = models.PositiveBigIntegerField(_("amount (euro cents)"))
    agreement = models.ForeignKey(
        ChallengeAgreement, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers"
    )
    reason = models.CharField(_("reason"), max_length=300)
    made_on = models.DateField(_("date"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "pk"]
        verbose_name = _("budget transfer")
        verbose_name_plural = _("budget transfers")

    def __str__(self):
        return f"{self.from_line_id} → {self.to_line_id}: {self.amount_cents}"


class AssetKind(models.TextChoices):
    BUILDING = "building", _("building")
    LAND = "land", _("land")
    GREEN_SPACE = "green_space", _("green space")
    OTHER = "other", _("other")


class AssetStatus(models.TextChoices):
    NOMINATED = "nominated", _("nominated by residents, waiting for the municipality")
    LISTED = "listed", _("in the register")
    NOT_LISTED = "not_listed", _("not taken into the register")
    BIDDING = "bidding", _("to be sold or used differently: open for bids")
    DECIDED = "decided", _("decided after the bids")


class DisposalKind(models.TextChoices):
    SALE = "sale", _("to be sold")
    CHANGE_OF_USE = "change_of_use", _("its use is to change")


class CommunityAsset(models.Model):
    """A building, piece of land or green space that matters to the neighbourhood. When the
    municipality wants to sell it or change its use, groups get a right to bid first."""

    municipality = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="community_assets")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=AssetKind.choices)
    address = models.CharField(_("address or location"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    owner = models.CharField(_("owner"), max_length=150)
    current_use = models.TextField(_("current use"), max_length=3000, blank=True)
    community_value = models.TextField(_("why it matters to the neighbourhood"), max_length=3000)
    status = models.CharField(_("status"), max_length=12, choices=AssetStatus.choices, default=AssetStatus.LISTED)
    nominated_by = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominated_assets",
        verbose_name=_("nominated by"),
    )
    listing_reasons = models.TextField(_("the municipality's reasons"), blank=True)
    listed_on = models.DateField(_("in the register since"), null=True, blank=True)
    disposal_kind = models.CharField(_("what is to happen"), max_length=15, choices=DisposalKind.choices, blank=True)
    disposal_description = models.TextField(_("the plan"), blank=True)
    bids_until = models.DateField(_("bids until"), null=True, blank=True)
    decision = models.TextField(_("the decision after the bids"), blank=True)
    decided_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__name", "name"]
        verbose_name = _("community asset")
        verbose_name_plural = _("community assets")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("finance:asset", args=[self.pk])


class BidOutcome(models.TextChoices):
    OPEN = "open", _("being considered")
    ACCEPTED = "accepted", _("accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted, with reasons")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AssetBid(models.Model):
    asset = models.ForeignKey(CommunityAsset, on_delete=models.CASCADE, related_name="bids")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="asset_bids")
    plan = models.TextField(_("your plan for it"), max_length=5000)
    offer_cents = models.PositiveBigIntegerField(_("what you offer (euro cents)"), null=True, blank=True)
    support_description = models.TextField(_("support in the neighbourhood"), max_length=3000)
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=12, choices=BidOutcome.choices, default=BidOutcome.OPEN)
    reasons = models.TextField(_("reasons"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_on", "pk"]
        verbose_name = _("bid on a community asset")
        verbose_name_plural = _("bids on community assets")

    def __str__(self):
        return f"{self.organisation} – {self.asset}"


class TermReminder(models.Model):
    """A reminder that was sent, so each term is reminded of once (before) and once (expired)."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self):
        return self.key
