"""Participatory budgets: a budget per place and period, rounds on it with dated phases,
projects, ballots (online with a voting code or an account, on paper entered twice), and the
published result with its realisation. Sources: seed 003 ("Oosterpark, altijd een goed idee",
buurtbudgetten, burgerbegroting), seeds 002/004, anchor-platforms.md (Decidim budgets, CONSUL's
phases, OpenStad's voting codes by letter).

Secret ballot: a `Ballot` holds choices only. Who voted is in `Participation` (an account) or
`VotingCode.used_at` (a code); neither points at the ballot. While a round allows changing a
vote, the ballot carries `change_key`, a keyed hash of the voter, so the same voter can replace
it; closing the round erases those keys for good (see services)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BudgetKind(models.TextChoices):
    BUURTBUDGET = "buurtbudget", _("neighbourhood budget (buurtbudget)")
    WIJKBUDGET = "wijkbudget", _("district budget (wijkbudget)")
    BURGERBEGROTING = "burgerbegroting", _("citizens' budget (burgerbegroting)")


class Budget(models.Model):
    """Money a wijk, dorp or buurt may spend (or advise on) in a period."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="budgets", verbose_name=_("place"))
    kind = models.CharField(_("kind"), max_length=20, choices=BudgetKind.choices, default=BudgetKind.WIJKBUDGET)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    amount_cents = models.PositiveBigIntegerField(_("amount (euro cents)"))
    # The part of the agreement that says how much say the neighbourhood has over this money.
    scope_item = models.ForeignKey(
        "agreements.ScopeItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgets",
        verbose_name=_("part of the agreement"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="budget_period_in_order"
            )
        ]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self):
        return self.title


class RoundPhase(models.TextChoices):
    UPCOMING = "upcoming", _("not started yet")
    IDEAS = "ideas", _("collecting ideas")
    REVIEW = "review", _("ideas are being checked")
    SUPPORT = "support", _("gathering support")
    VOTING = "voting", _("voting")
    COUNTING = "counting", _("counting the votes")
    RESULT = "result", _("result known")
    REALISATION = "realisation", _("carrying out")


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("choose projects (approval)")
    KNAPSACK = "knapsack", _("choose within the budget (knapsack)")
    CUMULATIVE = "cumulative", _("spread points (cumulative)")


class TallyRule(models.TextChoices):
    """The rules of budgeting/tally.py, under the names `samenspel pb tally --rule` takes."""

    GREEDY = "greedy", _("most votes first (greedy)")
    MES = "mes", _("Method of Equal Shares")
    MES_ADD1 = "mes-add1", _("Method of Equal Shares, Add1 until the result is exhaustive")
    MES_ADD1_OVERSPEND = "mes-add1-overspend", _("Method of Equal Shares, Add1 until the next step would overspend")
    MES_ADD1_GREEDY = "mes-add1-greedy", _("Method of Equal Shares with Add1, then most votes first")
    PHRAGMEN = "phragmen", _("sequential Phragmén")


class Utility(models.TextChoices):
    COST = "cost", _("cost (a voter values a project by what it costs)")
    CARDINALITY = "cardinality", _("count (every chosen project counts the same)")


class Round(models.Model):
    """One round of participatory budgeting on a budget. The phase follows from the dates."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("budget"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    amount_cents = models.PositiveBigIntegerField(_("amount to divide (euro cents)"))

    ideas_opens = models.DateTimeField(_("ideas can be submitted from"))
    review_opens = models.DateTimeField(_("ideas are checked from"))
    support_opens = models.DateTimeField(
        _("support can be given from"),
        null=True,
        blank=True,
        help_text=_("Optional. Leave empty to go straight from checking to voting."),
    )
    shortlist_size = models.PositiveSmallIntegerField(
        _("projects on the ballot after the support phase"),
        null=True,
        blank=True,
        help_text=_("The projects with the most support go to the vote. Empty: all feasible projects."),
    )
    voting_opens = models.DateTimeField(_("voting opens"))
    voting_closes = models.DateTimeField(_("voting closes"))

    ballot_type = models.CharField(_("ballot"), max_length=12, choices=BallotType.choices, default=BallotType.APPROVAL)
    min_projects = models.PositiveSmallIntegerField(_("choose at least (projects)"), default=1)
    max_projects = models.PositiveSmallIntegerField(_("choose at most (projects)"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(
        _("points to spread"), null=True, blank=True, help_text=_("Only for a cumulative ballot.")
    )
    max_points_per_project = models.PositiveSmallIntegerField(_("at most points per project"), null=True, blank=True)
    allow_vote_change = models.BooleanField(_("voters may change their vote until voting closes"), default=True)

    # Who may vote.
    postcodes = models.TextField(
        _("postcodes of the area"),
        blank=True,
        help_text=_("One per line: 4 digits (9713) or a full postcode (9713 AB). Empty: the place's residents."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    one_vote_per_address = models.BooleanField(_("one vote per address"), default=False)
    allow_account_voting = models.BooleanField(
        _("residents can also vote with an account"),
        default=True,
        help_text=_("Voting codes by letter always work."),
    )

    tally_rule = models.CharField(
        _("counting rule"), max_length=24, choices=TallyRule.choices, default=TallyRule.MES_ADD1
    )
    utility = models.CharField(
        _("how projects are valued"), max_length=12, choices=Utility.choices, default=Utility.COST
    )
    # Ties: votes first, then this recorded public lot (see tally.lot_order).
    lot_seed = models.CharField(_("public lot for ties"), max_length=100, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    result = models.JSONField(null=True, blank=True, editable=False)
    result_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-voting_opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_opens__gte=models.F("ideas_opens"))
                & models.Q(voting_opens__gte=models.F("review_opens"))
                & models.Q(voting_closes__gt=models.F("voting_opens")),
                name="round_phases_in_order",
            )
        ]
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budgeting:round", args=[self.pk])

    @property
    def place(self):
        return self.budget.place

    def phase(self, now=None) -> str:
        """The active phase. Voting ends at `voting_closes` even before an official closes the
        round; the result phase starts when the result is published."""
        now = now or timezone.now()
        if self.result_published_at is not None:
            if self.projects.filter(realisation__isnull=False).exists():
                return RoundPhase.REALISATION
            return RoundPhase.RESULT
        if now >= self.voting_closes or self.closed_at is not None:
            return RoundPhase.COUNTING
        if now >= self.voting_opens:
            return RoundPhase.VOTING
        if self.support_opens is not None and now >= self.support_opens:
            return RoundPhase.SUPPORT
        if now >= self.review_opens:
            return RoundPhase.REVIEW
        if now >= self.ideas_opens:
            return RoundPhase.IDEAS
        return RoundPhase.UPCOMING

    def is_voting_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.voting_opens <= now < self.voting_closes

    def postcode_list(self) -> list[str]:
        return [line.replace(" ", "").upper() for line in self.postcodes.splitlines() if line.strip()]


class AreaCap(models.Model):
    """Amsterdam style: at most this much of the round goes to projects in one area."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="area_caps")
    area = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    cap_cents = models.PositiveBigIntegerField(_("at most (euro cents)"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "area"], name="unique_area_cap")]
        verbose_name = _("cap per area")
        verbose_name_plural = _("caps per area")

    def __str__(self):
        return f"{self.area}: {self.cap_cents}"


class ProjectStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted, to be checked")
    ON_BALLOT = "on_ballot", _("feasible: on the ballot")
    NOT_FEASIBLE = "not_feasible", _("not feasible")
    NOT_SHORTLISTED = "not_shortlisted", _("too little support for the ballot")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RealisationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


class Project(models.Model):
    """A proposal in a round. It can come from an idea in the ideas register."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="projects")
    idea = models.ForeignKey(
        "initiatives.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_projects"
    )
    number = models.PositiveSmallIntegerField(_("number on the ballot"), default=0)
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("in one sentence"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    cost_cents = models.PositiveBigIntegerField(_("cost (euro cents)"), null=True, blank=True)
    area = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("area")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED
    )
    review_reason = models.TextField(_("reason (public)"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_projects"
    )
    support_count = models.PositiveIntegerField(default=0, editable=False)
    selected = models.BooleanField(null=True, editable=False)
    realisation = models.CharField(
        _("realisation"), max_length=12, choices=RealisationStatus.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "number", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budgeting:project", args=[self.pk])


class ProjectSupport(models.Model):
    """Support in the support phase, which decides the shortlist."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="unique_project_support")]

    def __str__(self):
        return f"{self.project} ({self.user_id})"


class ProjectUpdate(models.Model):
    """A public step in carrying out a winning project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=RealisationStatus.choices)
    text = models.TextField(_("what happened"), max_length=3000)
    spent_cents = models.PositiveBigIntegerField(_("spent so far (euro cents)"), null=True, blank=True)
    happened_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.project}: {self.get_status_display()}"


class CodeBatch(models.Model):
    """One print run of voting letters. The addresses are not kept: only how many letters."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="code_batches")
    letters = models.PositiveIntegerField(_("letters"))
    skipped = models.PositiveIntegerField(_("addresses left out (not eligible)"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("batch of voting codes")
        verbose_name_plural = _("batches of voting codes")

    def __str__(self):
        return f"{self.round}: {self.letters}"


class VotingCode(models.Model):
    """A single-use code from a letter, stored only as a keyed hash (HMAC)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="voting_codes")
    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "used_at"])]

    def __str__(self):
        return f"{self.round}: {self.code_hash[:8]}"


class VoteChannel(models.TextChoices):
    CODE = "code", _("online with a voting code")
    ACCOUNT = "account", _("online with an account")
    PAPER = "paper", _("on paper")


class Participation(models.Model):
    """That an account voted in a round (never what). Codes record this on VotingCode.used_at."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_participations")
    # Keyed hash of the declared address, for "one vote per address"; never the address itself.
    address_key = models.CharField(max_length=64, blank=True)
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="unique_participation"),
            models.UniqueConstraint(
                fields=["round", "address_key"], condition=~models.Q(address_key=""), name="unique_address_vote"
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.user_id}"


class Ballot(models.Model):
    """A counted ballot: choices only, no voter and no time of day (secret ballot)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(max_length=8, choices=VoteChannel.choices)
    # {"<project pk>": points}; 1 per chosen project for approval and knapsack ballots.
    choices = models.JSONField()
    # Keyed hash of the voter while changing is allowed; erased when the round closes.
    change_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Hash of the receipt code only the voter holds: "what did my vote help fund?"
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True)
    cast_on = models.DateField(default=timezone.localdate)

    class Meta:
        indexes = [models.Index(fields=["round", "channel"])]

    def __str__(self):
        return f"{self.round}: ballot {self.pk}"


class PaperEntry(models.Model):
    """One official's entry of one paper ballot. Two entries by different officials that agree
    make a counted Ballot; differences wait for resolution."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_entries")
    sheet = models.CharField(_("ballot paper number"), max_length=40)
    choices = models.JSONField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    discard_reason = models.CharField(_("why this entry is set aside"), max_length=300, blank=True)
    ballot = models.ForeignKey(Ballot, null=True, blank=True, on_delete=models.SET_NULL, related_name="paper_entries")
    invalid = models.BooleanField(_("the paper ballot is invalid"), default=False)

    class Meta:
        ordering = ["round", "sheet", "entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "sheet", "entered_by"],
                condition=models.Q(discarded_at__isnull=True),
                name="one_live_entry_per_official_per_sheet",
            )
        ]
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")

    def __str__(self):
        return f"{self.round}: {self.sheet}"
