"""Drawing by lot: a citizens' council (e.g. the Coöperatieve Wijkraad Oosterpark, seed 003:613,
003:769, 003:994-1000) drawn in two stages from a register extract (BRP).

Stage 1 (invitations): from an uploaded register extract, people (or addresses) are drawn at
random, optionally stratified by buurt, and sent a letter with a reply code. The extract is
personal data: it is stored encrypted (Fernet), every read is in the audit log, and it is
deleted when the invitation stage is over.

Stage 2 (selection): among those who said yes, the council is drawn so that every quota holds,
at most one person per household, and every respondent's chance is as equal as the quotas
allow (LEXIMIN). Before the seed is known, a commitment (a hash of the pool without personal
data, the quotas, the seats and where the seed will come from) is published; the seed is
revealed afterwards and anyone can re-run the draw on the published material.

A `Selection` is one such run: the main draw, or a replacement (*loting met aanvulling*) when
a member declines or leaves."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel


def progress_text(message: str) -> str:
    fixed = {
        "Computing the fairest chances": _("Computing the fairest chances"),
        "Searching for panels that give everyone their chance": _(
            "Searching for panels that give everyone their chance"
        ),
        "Writing out the panels": _("Writing out the panels"),
        "Done": _("Done"),
    }
    if message in fixed:
        return str(fixed[message])
    if found := re.fullmatch(r"Found (\d+) panels", message):
        n = int(found[1])
        return ngettext("Found %(n)d panel", "Found %(n)d panels", n) % {"n": n}
    if run := re.fullmatch(r"Estimating chances: run (\d+) of (\d+)", message):
        return gettext("Estimating chances: run %(run)s of %(runs)s") % {"run": run[1], "runs": run[2]}
    return message


# The features residents give on the reply form, used only for the quotas.
AGE_BANDS = [("16-24", _("16 to 24")), ("25-44", _("25 to 44")), ("45-64", _("45 to 64")), ("65+", _("65 or older"))]
GENDERS = [("woman", _("woman")), ("man", _("man")), ("other", _("other or rather not say"))]
FEATURE_LABELS = {"age": _("age"), "gender": _("gender"), "buurt": _("buurt")}


def age_band(age: int) -> str:
    if age < 25:
        return "16-24"
    if age < 45:
        return "25-44"
    if age < 65:
        return "45-64"
    return "65+"


class DrawStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    INVITED = "invited", _("invitations sent, waiting for replies")
    RESPONSES_CLOSED = "responses_closed", _("replies collected")
    COMMITTED = "committed", _("commitment published, waiting for the seed")
    SELECTED = "selected", _("council drawn")
    SEATED = "seated", _("council seated")


STATUS_ORDER = [s.value for s in DrawStatus]


class InviteUnit(models.TextChoices):
    PERSON = "person", _("people: one letter per person drawn")
    ADDRESS = "address", _("addresses: one letter per address drawn, for one resident of that address")


class Algorithm(models.TextChoices):
    LEXIMIN = "leximin", _("LEXIMIN: chances as equal as the quotas allow")
    LEGACY = "legacy", _("LEGACY: the old greedy method, for comparison only")


class Draw(models.Model):
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="draws", verbose_name=_("neighbourhood or village")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draws",
        verbose_name=_("the body the council becomes"),
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("what the council is for"), max_length=5000)
    seats = models.PositiveSmallIntegerField(_("seats drawn by lot"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    status = models.CharField(_("status"), max_length=20, choices=DrawStatus.choices, default=DrawStatus.DRAFT)
    invite_unit = models.CharField(
        _("what is drawn for the letters"), max_length=10, choices=InviteUnit.choices, default=InviteUnit.PERSON
    )
    stratify_by_buurt = models.BooleanField(
        _("spread the letters over the buurten"),
        default=True,
        help_text=_("Each buurt gets letters in proportion to the number of residents in the extract."),
    )
    reply_by = models.DateField(_("reply before"), null=True, blank=True)
    algorithm = models.CharField(_("method"), max_length=10, choices=Algorithm.choices, default=Algorithm.LEXIMIN)
    # {feature: [value, ...]}: the values residents can choose on the reply form.
    features = models.JSONField(default=dict, blank=True)
    # {feature: {value: number of residents}}: what the quotas are calculated from.
    population = models.JSONField(default=dict, blank=True)
    population_source = models.CharField(_("source of the population figures"), max_length=300, blank=True)
    contact = models.CharField(_("contact for questions (printed on the letter)"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    responses_closed_at = models.DateTimeField(null=True, blank=True)
    seated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("draw by lot")
        verbose_name_plural = _("draws by lot")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sortition:draw", args=[self.pk])

    def reached(self, status: str) -> bool:
        return STATUS_ORDER.index(self.status) >= STATUS_ORDER.index(status)

    @property
    def main_selection(self):
        return self.selections.filter(kind=SelectionKind.MAIN).first()


class RegisterExtract(models.Model):
    """The uploaded register extract, encrypted at rest. `payload` is emptied (and `deleted_at`
    set) when the invitation stage ends; the row stays as a record that it existed."""

    draw = models.OneToOneField(Draw, on_delete=models.CASCADE, related_name="extract")
    payload = models.BinaryField(default=bytes, editable=False)
    rows = models.PositiveIntegerField(_("residents in the extract"))
    eligible = models.PositiveIntegerField(_("residents old enough"), default=0)
    # {buurt: number of eligible residents}: no personal data, used for stratified letters.
    buurt_counts = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("register extract")
        verbose_name_plural = _("register extracts")

    def __str__(self):
        return f"{self.draw}: {self.rows}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Invitation(models.Model):
    """One letter. The reply code is stored only as a keyed hash. `letter` holds the name,
    address and plain code, encrypted, only for printing the letters; it is emptied with the
    extract."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="invitations")
    number = models.PositiveIntegerField(_("letter number"))
    batch = models.PositiveSmallIntegerField(_("batch"), default=1)
    buurt = models.CharField(_("buurt"), max_length=120, blank=True)
    code_hash = models.CharField(max_length=64, unique=True)
    letter = models.BinaryField(default=bytes, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draw", "number"]
        constraints = [models.UniqueConstraint(fields=["draw", "number"], name="unique_invitation_number")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.draw} #{self.number}"


class RespondentStatus(models.TextChoices):
    DECLINED_INVITATION = "no", _("said no to the invitation")
    POOL = "pool", _("in the pool")
    SELECTED = "selected", _("drawn, not yet seated")
    SEATED = "seated", _("seated")
    DECLINED_SEAT = "declined", _("drawn, but declined the seat")
    LEFT = "left", _("left the council")


class Respondent(models.Model):
    """A reply to an invitation. `features` and the household key are given by the invitee,
    with consent, and used only for this draw."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="respondents")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="respondent")
    pool_id = models.CharField(_("pool number"), max_length=12)
    status = models.CharField(_("status"), max_length=10, choices=RespondentStatus.choices)
    features = models.JSONField(default=dict, blank=True)
    # Keyed hash of postcode and house number: one person per household, never the address.
    household_key = models.CharField(max_length=64, blank=True)
    initials = models.CharField(_("initials"), max_length=12, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sortition_replies"
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(_("how the reply came in"), max_length=12, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["draw", "pool_id"]
        constraints = [models.UniqueConstraint(fields=["draw", "pool_id"], name="unique_pool_id")]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self):
        return f"{self.draw}: {self.pool_id}"

    @property
    def public_label(self) -> str:
        """What the public page shows of a seated member without an account: initials only."""
        return self.initials or str(_("a resident drawn by lot"))


class Quota(models.Model):
    """Minimum and maximum seats for one value of one feature: as calculated from the
    population figures and as used (the organiser may change them)."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(_("feature"), max_length=40)
    value = models.CharField(_("value"), max_length=120)
    population = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    calculated_min = models.PositiveSmallIntegerField(_("calculated minimum"), null=True, blank=True)
    calculated_max = models.PositiveSmallIntegerField(_("calculated maximum"), null=True, blank=True)
    min = models.PositiveSmallIntegerField(_("minimum"))
    max = models.PositiveSmallIntegerField(_("maximum"))

    class Meta:
        ordering = ["draw", "feature", "value"]
        constraints = [models.UniqueConstraint(fields=["draw", "feature", "value"], name="unique_quota")]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self):
        return f"{self.feature}={self.value}: {self.min}-{self.max}"


class SelectionKind(models.TextChoices):
    MAIN = "main", _("the draw")
    REPLACEMENT = "replacement", _("replacement (loting met aanvulling)")


class TaskState(models.TextChoices):
    IDLE = "idle", _("not started")
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("calculating")
    DONE = "done", _("calculated")
    INFEASIBLE = "infeasible", _("the quotas cannot all be met")
    FAILED = "failed", _("failed")


class Selection(models.Model):
    """One run of the selection: the main draw or a replacement. Everything in it is public
    once committed, and holds no personal data: the pool is pool numbers with features, the
    households are renumbered per run."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="selections")
    kind = models.CharField(_("kind"), max_length=12, choices=SelectionKind.choices)
    number = models.PositiveSmallIntegerField(_("run"), default=1)
    seats = models.PositiveSmallIntegerField(_("seats"))
    replaces = models.ManyToManyField(Respondent, blank=True, related_name="replaced_in")
    reason = models.TextField(_("why a replacement is needed"), blank=True)
    algorithm = models.CharField(_("method"), max_length=10, choices=Algorithm.choices, default=Algorithm.LEXIMIN)
    quotas_calculated = models.JSONField(default=list)  # [{"feature", "value", "min", "max"}]
    quotas = models.JSONField(default=list)  # the quotas used
    people = models.JSONField(default=dict)  # {pool_id: {feature: value}}
    households = models.JSONField(default=dict)  # {pool_id: "h1"}, only for shared households
    held = models.JSONField(default=list)  # pool ids of members still seated (replacements)
    seed_source = models.CharField(_("where the seed comes from"), max_length=300, blank=True)
    commitment = models.CharField(_("commitment"), max_length=64, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    task_state = models.CharField(max_length=12, choices=TaskState.choices, default=TaskState.IDLE)
    progress = models.FloatField(default=0.0)
    progress_message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    relaxation = models.JSONField(default=list, blank=True)
    distribution = models.JSONField(default=dict, blank=True)
    seed = models.CharField(_("seed"), max_length=200, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    selected = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draw", "number"]
        constraints = [models.UniqueConstraint(fields=["draw", "number"], name="unique_selection_number")]
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")

    def __str__(self):
        return f"{self.draw} – {self.get_kind_display()} {self.number}"

    @property
    def progress_text(self) -> str:
        """The calculation's progress message in the visitor's language (the pure algorithm
        modules report in plain English)."""
        return progress_text(self.progress_message)

    @property
    def is_committed(self) -> bool:
        return bool(self.commitment)

    @property
    def is_done(self) -> bool:
        return self.revealed_at is not None

    @property
    def is_running(self) -> bool:
        return self.task_state in (TaskState.QUEUED, TaskState.RUNNING)
