"""The Gronings model: trajectories through the three steps, praatplaat conversations,
versioned agreements on how much say a neighbourhood has per theme, safeguards, council
decisions, evaluations and lessons. Spec: shared research seeds-000-001-003.md §2–5, §10–12;
seed 003 is the authority. The congruence rule itself lives in `congruence.py` (pure)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel


class BuildingBlock(models.TextChoices):
    DNA = "dna", _("DNA of the neighbourhood")
    SAY_AND_ROLES = "say_and_roles", _("Say and a clear division of roles (including the council's role)")
    DEMOCRATIC_VALUES = "democratic_values", _("Democratic values")
    CAPACITY = "capacity", _("Capacity to deliver")
    LEARNING = "learning", _("Learning together")


class CompassPoint(models.TextChoices):
    EVERY_VOICE = "every_voice", _("Every voice counts")
    TRANSPARENCY = "transparency", _("Transparency")
    SAY = "say", _("Say")
    GOOD_CONVERSATION = "good_conversation", _("The good conversation")


class DemocraticValue(models.TextChoices):
    INCLUSION = "inclusion", _("inclusion")
    TRANSPARENCY = "transparency", _("transparency")
    EFFICIENCY = "efficiency", _("efficiency")
    DELIBERATION = "deliberation", _("deliberation")
    DEMOCRATIC_SKILLS = "democratic_skills", _("democratic skills")
    SAY = "say", _("say")


class SayLevel(models.IntegerChoices):
    ADVISE = 1, _("1 · advise & speak")
    INITIATE = 2, _("2 · drive & initiate")
    DECIDE = 3, _("3 · allocate & decide")


class Ownership(models.IntegerChoices):
    COMMUNITY = 1, _("type 1 · the community owns it")
    COMMUNITY_SUPPORTED = 2, _("type 2 · the community owns it, the municipality or a partner contributes")
    MUNICIPALITY_SUPPORTED = 3, _("type 3 · the municipality or a partner owns it, residents contribute")
    MUNICIPALITY = 4, _("type 4 · the municipality or a partner owns it")


class Step(models.TextChoices):
    DISCUSS = "discuss", _("1 · discuss")
    AGREE = "agree", _("2 · make agreements")
    CARRY_OUT = "carry_out", _("3 · carry out and evaluate")
    CLOSED = "closed", _("ended")


class Phase(models.TextChoices):
    THINK = "think", _("thinking together")
    DECIDE = "decide", _("deciding")
    DO = "do", _("doing")
    LEARN = "learn", _("learning")


class Responsibility(models.TextChoices):
    DIRECTS = "directs", _("directs")
    ORGANISES = "organises", _("organises")
    DECIDES = "decides", _("decides")
    CARRIES_OUT = "carries_out", _("carries out")
    ADVISES = "advises", _("advises")
    FACILITATES = "facilitates", _("facilitates")
    ACCOUNTS = "accounts", _("accounts for it")


class Actor(models.TextChoices):
    WIJK_BODY = "wijk_body", _("neighbourhood body (mandated)")
    RESIDENT_ORGANISATION = "resident_organisation", _("resident organisation")
    RESIDENTS = "residents", _("residents")
    AREA_TEAM = "area_team", _("area team")
    COLLEGE = "college", _("college (executive)")
    COUNCIL = "council", _("council")
    PARTNER = "partner", _("partner")
    TOGETHER = "together", _("neighbourhood and municipality together")


class CouncilRole(models.TextChoices):
    FRAME_SETTING = "frame_setting", _("sets the frame and delegates")
    DECIDING = "deciding", _("keeps the decision and weighs the advice")
    IN_CONVERSATION = "in_conversation", _("joins the conversations in the neighbourhood")
    SCRUTINISING = "scrutinising", _("scrutinises and receives the accounts")


class PraatplaatQuestion(models.Model):
    """One question of the praatplaat: editable data, seeded from the spec's question bank."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    building_block = models.CharField(_("building block"), max_length=20, choices=BuildingBlock.choices)
    compass_point = models.CharField(_("compass point"), max_length=20, choices=CompassPoint.choices, blank=True)
    democratic_values = models.JSONField(_("democratic values"), default=list, blank=True)
    text = models.TextField(_("question"))
    min_level = models.PositiveSmallIntegerField(
        _("asked from level"),
        choices=SayLevel.choices,
        default=1,
        help_text=_("The lowest level of say at which this question must be discussed."),
    )
    basis = models.CharField(_("source"), max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("praatplaat question")
        verbose_name_plural = _("praatplaat questions")

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class Safeguard(models.Model):
    """A waarborg in the catalogue: what a stronger democratic process consists of."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    compass_point = models.CharField(_("compass point"), max_length=20, choices=CompassPoint.choices)
    title = models.CharField(_("safeguard"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    min_level = models.PositiveSmallIntegerField(
        _("required from level"), choices=SayLevel.choices, null=True, blank=True
    )
    recommended_from = models.PositiveSmallIntegerField(
        _("recommended from level"), choices=SayLevel.choices, null=True, blank=True
    )
    evidence = models.CharField(_("what counts as evidence"), max_length=300, blank=True)
    frequency_days = models.PositiveIntegerField(_("evidence expected every (days)"), null=True, blank=True)
    basis = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("safeguard")
        verbose_name_plural = _("safeguards")

    def __str__(self):
        return f"{self.code} {self.title}"


class Instrument(models.Model):
    """A participation or financial instrument, with the levels of say it fits (003:462-463)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    level_min = models.PositiveSmallIntegerField(_("from level"), choices=SayLevel.choices, default=1)
    level_max = models.PositiveSmallIntegerField(_("up to level"), choices=SayLevel.choices, default=3)
    compass_points = models.JSONField(default=list, blank=True)
    basis = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return self.name


class Trajectory(models.Model):
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="trajectories")
    title = models.CharField(_("title"), max_length=200)
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.DISCUSS)
    desired_level = models.PositiveSmallIntegerField(
        _("accent the neighbourhood wants"),
        choices=SayLevel.choices,
        null=True,
        blank=True,
        help_text=_("The level of say the neighbourhood is aiming for (it can differ per theme)."),
    )
    description = models.TextField(_("description"), blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact in the area team"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["place__name", "-created_at"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:trajectory", args=[self.pk])

    @property
    def current_version(self):
        agreement = getattr(self, "agreement", None)
        return agreement.current_version if agreement else None


class ParticipantKind(models.TextChoices):
    RESIDENT_ORGANISATION = "resident_organisation", _("resident organisation")
    COLLECTIVE = "collective", _("residents' collective")
    WIJK_BODY = "wijk_body", _("neighbourhood body")
    RESIDENT = "resident", _("resident")
    AREA_TEAM = "area_team", _("area team")
    FACILITATOR = "facilitator", _("process facilitator")
    COLLEGE = "college", _("alderman for the neighbourhood")
    COUNCIL = "council", _("council member")
    PARTNER = "partner", _("partner organisation")


WIJK_SIDE_KINDS = {
    ParticipantKind.RESIDENT_ORGANISATION,
    ParticipantKind.COLLECTIVE,
    ParticipantKind.WIJK_BODY,
    ParticipantKind.RESIDENT,
}


class TrajectoryParticipant(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("taking part as"), max_length=30, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name

    @property
    def is_wijk_side(self) -> bool:
        return self.kind in WIJK_SIDE_KINDS


class SessionFormat(models.TextChoices):
    PHYSICAL = "physical", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class SessionPurpose(models.TextChoices):
    DISCUSS = "discuss", _("conversation (step 1)")
    EVALUATE = "evaluate", _("evaluation (step 3)")


class ConversationSession(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="sessions")
    purpose = models.CharField(max_length=10, choices=SessionPurpose.choices, default=SessionPurpose.DISCUSS)
    held_on = models.DateField(_("date"))
    format = models.CharField(_("form"), max_length=10, choices=SessionFormat.choices, default=SessionFormat.PHYSICAL)
    location = models.CharField(_("where"), max_length=200, blank=True)
    participant_count = models.PositiveIntegerField(_("number of people present"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self):
        return f"{self.trajectory} {self.held_on}"

    def get_absolute_url(self):
        return reverse("agreements:session", args=[self.pk])


class Answer(models.Model):
    session = models.ForeignKey(ConversationSession, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(PraatplaatQuestion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    score = models.PositiveSmallIntegerField(_("score (1–5)"), null=True, blank=True)
    unclear = models.BooleanField(_("not answered or unclear"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.CharField(_("on behalf of"), max_length=150, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "question"], name="one_answer_per_question")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.question.code}: {self.text[:40]}"


class BlankSpotStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACTION = "action", _("turned into an action")
    ACCEPTED = "accepted", _("accepted, with explanation")


class BlankSpot(models.Model):
    """A witte vlek: an unanswered or unclear point of step 1, resolved in step 2 (003:231-237)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="blank_spots")
    question = models.ForeignKey(PraatplaatQuestion, null=True, blank=True, on_delete=models.SET_NULL)
    answer = models.OneToOneField(Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="blank_spot")
    description = models.TextField(_("what is unclear or missing"))
    status = models.CharField(_("status"), max_length=10, choices=BlankSpotStatus.choices, default=BlankSpotStatus.OPEN)
    explanation = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "pk"]
        verbose_name = _("blank spot")
        verbose_name_plural = _("blank spots")

    def __str__(self):
        return self.description[:60]


class Agreement(models.Model):
    """The afsprakenset of a trajectory; its content lives in versions."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="agreement")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return str(self.trajectory)

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class VersionStatus(models.TextChoices):
    CONCEPT = "concept", _("draft")
    INCONGRUENT = "incongruent", _("checked: not yet congruent")
    CONGRUENT = "congruent", _("checked: congruent, ready to sign")
    SIGNED = "signed", _("signed by neighbourhood and municipality")
    AWAITING_COUNCIL = "awaiting_council", _("signed, awaiting the council's decision")
    ACTIVE = "active", _("in force")
    IN_EVALUATION = "in_evaluation", _("being evaluated")
    SUPERSEDED = "superseded", _("replaced by a newer version")
    WITHDRAWN = "withdrawn", _("withdrawn")


EDITABLE_STATUSES = {VersionStatus.CONCEPT, VersionStatus.INCONGRUENT}


class CouncilDecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    AMENDED = "amended", _("adopted with amendments")
    REJECTED = "rejected", _("rejected")


class CouncilDecision(models.Model):
    municipality = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="council_decisions")
    decided_on = models.DateField(_("date of the decision"))
    reference = models.CharField(_("reference"), max_length=100)
    title = models.CharField(_("subject"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=10, choices=CouncilDecisionOutcome.choices)
    url = models.URLField(_("link to the decision"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def approves(self) -> bool:
        return self.outcome in (CouncilDecisionOutcome.ADOPTED, CouncilDecisionOutcome.AMENDED)


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.CONCEPT)
    summary = models.TextField(_("summary"), blank=True)
    representation_statement = models.TextField(
        _("who speaks for the neighbourhood"),
        blank=True,
        help_text=_("On whose behalf the neighbourhood's representatives speak, and how they got that mandate."),
    )
    representation_contested = models.BooleanField(_("representation is disputed"), default=False)
    representation_conversation = models.TextField(_("outcome of the conversation about representation"), blank=True)
    accountability_to_wijk = models.BooleanField(_("accounts to the neighbourhood"), default=False)
    accountability_to_gemeente = models.BooleanField(_("accounts to the municipality"), default=False)
    accountability_frequency = models.CharField(_("how often and how"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    congruence = models.JSONField(_("last congruence check"), null=True, blank=True, editable=False)
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    council_decision = models.ForeignKey(
        CouncilDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    activated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="unique_version_number")]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")

    def __str__(self):
        return f"{self.agreement} v{self.number}"

    def get_absolute_url(self):
        return reverse("agreements:version", args=[self.pk])

    @property
    def trajectory(self):
        return self.agreement.trajectory

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def needs_council_decision(self) -> bool:
        return self.scope_items.filter(level=SayLevel.DECIDE).exists()


class ScopeKind(models.TextChoices):
    THEME = "theme", _("theme")
    AGENDA_PART = "agenda_part", _("part of the neighbourhood agenda")
    BUDGET = "budget", _("budget")
    PROJECT = "project", _("project")


class ScopeItem(models.Model):
    """A zeggenschapsdomein: what the neighbourhood has how much say over."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="scope_items")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=ScopeKind.choices, default=ScopeKind.THEME)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.PositiveSmallIntegerField(_("level of say"), choices=SayLevel.choices)
    desired_level = models.PositiveSmallIntegerField(
        _("level wanted in the conversation"), choices=SayLevel.choices, null=True, blank=True
    )
    level_justification = models.TextField(_("why the agreed level differs from what was wanted"), blank=True)
    is_citywide = models.BooleanField(
        _("city-wide matter"),
        default=False,
        help_text=_("A matter beyond the neighbourhood: the neighbourhood can advise but never decides."),
    )
    ownership = models.PositiveSmallIntegerField(_("ownership"), choices=Ownership.choices, null=True, blank=True)
    council_role = models.CharField(_("role of the council"), max_length=20, choices=CouncilRole.choices, blank=True)
    budget_cents = models.PositiveBigIntegerField(_("budget (euro cents)"), null=True, blank=True)
    instruments = models.ManyToManyField(Instrument, blank=True, related_name="scope_items")

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("scope item")
        verbose_name_plural = _("scope items")

    def __str__(self):
        return self.title


class RoleAssignment(models.Model):
    scope_item = models.ForeignKey(ScopeItem, on_delete=models.CASCADE, related_name="roles")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    responsibility = models.CharField(_("responsibility"), max_length=15, choices=Responsibility.choices)
    actor = models.CharField(_("who"), max_length=25, choices=Actor.choices)

    class Meta:
        ordering = ["scope_item", "phase", "responsibility"]
        constraints = [
            models.UniqueConstraint(fields=["scope_item", "phase", "responsibility", "actor"], name="unique_role"),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return f"{self.get_actor_display()} {self.get_responsibility_display()} ({self.get_phase_display()})"


class SafeguardCommitment(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="safeguard_commitments")
    scope_item = models.ForeignKey(
        ScopeItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safeguard_commitments",
        help_text=_("Empty: the safeguard covers the whole agreement."),
    )
    safeguard = models.ForeignKey(Safeguard, on_delete=models.PROTECT, related_name="commitments")
    note = models.CharField(_("how"), max_length=300, blank=True)

    class Meta:
        ordering = ["safeguard__code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "scope_item", "safeguard"], name="unique_commitment"),
        ]
        verbose_name = _("committed safeguard")
        verbose_name_plural = _("committed safeguards")

    def __str__(self):
        return str(self.safeguard)


class SafeguardEvidence(models.Model):
    commitment = models.ForeignKey(SafeguardCommitment, on_delete=models.CASCADE, related_name="evidence")
    on = models.DateField(_("date"))
    description = models.CharField(_("what shows it"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.description


class SignatureSide(models.TextChoices):
    WIJK = "wijk", _("for the neighbourhood")
    GEMEENTE = "gemeente", _("for the municipality")


class Signature(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    side = models.CharField(_("side"), max_length=10, choices=SignatureSide.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    name_shown = models.CharField(_("name"), max_length=150)
    capacity = models.CharField(_("in the capacity of"), max_length=200)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["side"]
        constraints = [models.UniqueConstraint(fields=["version", "side"], name="one_signature_per_side")]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.get_side_display()}: {self.name_shown}"


class Evaluation(models.Model):
    """Step 3: looking back on an agreement with the kompas (003:240-248)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="evaluations")
    session = models.OneToOneField(
        ConversationSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluation"
    )
    held_on = models.DateField(_("date"))
    indicators = models.JSONField(default=dict, editable=False)
    scores = models.JSONField(default=dict, editable=False)
    conclusion = models.TextField(_("conclusion"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.version} {self.held_on}"

    def get_absolute_url(self):
        return reverse("agreements:evaluation", args=[self.pk])


class LessonKind(models.TextChoices):
    WORKING_INGREDIENT = "working_ingredient", _("what works")
    FUTURE_BUILDING_BLOCK = "future_building_block", _("building block for the future")
    FINDING = "finding", _("finding")


class Lesson(models.Model):
    text = models.TextField(_("lesson"))
    compass_point = models.CharField(_("compass point"), max_length=20, choices=CompassPoint.choices)
    theme = models.CharField(_("theme"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=25, choices=LessonKind.choices, default=LessonKind.FINDING)
    experiment = models.CharField(_("experiment or trajectory"), max_length=120, blank=True)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evaluation = models.ForeignKey(Evaluation, null=True, blank=True, on_delete=models.CASCADE, related_name="lessons")
    basis = models.CharField(_("source"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["compass_point", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self):
        return self.text[:60]
