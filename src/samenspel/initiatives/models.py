"""Ideas and resident initiatives, the idea broker's case flow, support requests and the
obstacle register. Sources: seed 002 (Zwolle's ideeënmakelaar), 004 (doe-democratie), 001
(ownership types, the twenty "killer" phrases), spec §7.9, §10.6, §12.4, §12.9."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenspel.agreements.models import Ownership
from samenspel.core.models import Channel


class IdeaKind(models.TextChoices):
    IDEA = "idea", _("idea")
    INITIATIVE = "initiative", _("resident initiative")


class CaseStatus(models.TextChoices):
    """The idea broker's case flow. Support outcomes live on the support requests."""

    INTAKE = "intake", _("received")
    IN_CONVERSATION = "in_conversation", _("in conversation")
    CONNECTED = "connected", _("connected")
    SUPPORT_REQUESTED = "support_requested", _("support requested")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    ACCOUNTED_FOR = "accounted_for", _("accounted for")
    CLOSED = "closed", _("not taken further")


class Idea(models.Model):
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="ideas")
    buurt = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("buurt")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=IdeaKind.choices, default=IdeaKind.IDEA)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    needs = models.TextField(_("what it needs"), blank=True, max_length=2000)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    location_text = models.CharField(_("where exactly"), max_length=200, blank=True)
    ownership = models.PositiveSmallIntegerField(_("ownership"), choices=Ownership.choices, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    on_behalf_of = models.CharField(_("on behalf of"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Only for the broker: how to reach an initiator who has no account. Not public; erased with the case.
    contact_note = models.CharField(
        _("how to reach the initiator (only for the area team)"), max_length=300, blank=True
    )
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokered_ideas",
        verbose_name=_("idea broker"),
    )
    first_contact_due = models.DateField(_("first contact due"), null=True, blank=True)
    first_contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(_("public reason for hiding"), max_length=300, blank=True)
    support_count = models.PositiveIntegerField(default=0, editable=False)
    # A random key from the submission form (or an API client's Idempotency-Key): a form sent again
    # after its answer was lost finds the idea it made instead of making a second one.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["place", "status"]), models.Index(fields=["-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"], condition=~models.Q(submission_key=""), name="idea_submission_key_unique"
            )
        ]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:idea", args=[self.pk])

    @property
    def initiator_label(self) -> str:
        if self.on_behalf_of:
            return self.on_behalf_of
        if self.author is not None and not self.author.is_erased:
            return self.author.public_name
        return str(_("a former participant"))


class IdeaPhoto(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="ideas/%Y/%m/")
    alt_text = models.CharField(_("what the photo shows"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Support gathered offline (a signature list, a meeting) is counted too, with who entered it.
    on_behalf_of = models.CharField(max_length=150, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"], condition=models.Q(user__isnull=False), name="one_support_per_person"
            ),
        ]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self):
        return f"{self.idea_id} +1"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(_("public reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:50]


class HelpRole(models.TextChoices):
    DOER = "doer", _("doer: I want to help do it")
    THINKER = "thinker", _("thinker: I want to help think")


class HelpOffer(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="help_offers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("how"), max_length=10, choices=HelpRole.choices)
    note = models.CharField(_("what you can offer"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user", "role"], name="one_offer_per_role")]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")

    def __str__(self):
        return f"{self.get_role_display()} {self.idea_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("to be looked at")
    HIDDEN = "hidden", _("hidden")
    DISMISSED = "dismissed", _("nothing wrong")


class AbuseReport(models.Model):
    """Someone reports an idea or a comment; moderators work the queue."""

    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("what is wrong"), max_length=500)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return self.reason[:50]


class ServiceLevel(models.Model):
    """The broker's promises per municipality, in working days (configurable)."""

    municipality = models.OneToOneField("places.Place", on_delete=models.CASCADE, related_name="service_level")
    first_contact_days = models.PositiveSmallIntegerField(_("first contact within (working days)"), default=5)
    support_answer_days = models.PositiveSmallIntegerField(
        _("answer to a support request within (working days)"), default=20
    )

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")

    def __str__(self):
        return str(self.municipality)


class CaseEvent(models.Model):
    """The case history: every step of the broker flow, with a note the initiator can read."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")

    def __str__(self):
        return f"{self.idea_id} → {self.to_status}"


class Connection(models.Model):
    """Connected: to a similar idea, a partner, or the right person in the municipality."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="connections")
    other_idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("who"), max_length=200, blank=True)
    note = models.CharField(_("why"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")

    def __str__(self):
        return self.name or str(self.other_idea)


class SupportKind(models.TextChoices):
    MONEY = "money", _("money")
    IN_KIND = "in_kind", _("in kind")
    EXPERTISE = "expertise", _("expertise")
    PERMISSION = "permission", _("permission")
    SPACE = "space", _("space")


class SupportOutcome(models.TextChoices):
    OPEN = "open", _("waiting for an answer")
    GRANTED = "granted", _("granted")
    PARTLY = "partly", _("partly granted")
    REFUSED = "refused", _("refused")
    REFERRED = "referred", _("referred to a named contact")


class SupportRequest(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="support_requests")
    kind = models.CharField(_("kind of support"), max_length=12, choices=SupportKind.choices)
    description = models.TextField(_("what is asked"), max_length=2000)
    amount_cents = models.PositiveBigIntegerField(_("amount (euro cents)"), null=True, blank=True)
    granted_cents = models.PositiveBigIntegerField(_("amount granted (euro cents)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=SupportOutcome.choices, default=SupportOutcome.OPEN)
    reason = models.TextField(_("reason"), blank=True)
    referred_to = models.CharField(_("referred to (name and unit)"), max_length=200, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:40]}"


class ObstacleCategory(models.TextChoices):
    FINANCIAL = "financial", _("money")
    REGULATION = "regulation", _("rules and law")
    POLITICAL = "political", _("politics and policy")
    PRIORITY = "priority", _("priority and capacity")
    PROCEDURE = "procedure", _("procedure")
    REFERRAL = "referral", _("sent elsewhere")
    CONTINUITY = "continuity", _("continuity")


class KillerPhrase(models.Model):
    """What initiators hear: the twenty phrases of seed 001 (001:252-303) as a starting list."""

    number = models.PositiveSmallIntegerField(unique=True)
    text = models.CharField(_("phrase"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=ObstacleCategory.choices)
    basis = models.CharField(_("source"), max_length=40, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("killer phrase")
        verbose_name_plural = _("killer phrases")

    def __str__(self):
        return f"“{self.text}”"


class ObstacleStatus(models.TextChoices):
    REPORTED = "reported", _("reported")
    IN_PROGRESS = "in_progress", _("being dealt with")
    RESOLVED = "resolved", _("resolved")
    NOT_SOLVABLE = "not_solvable", _("cannot be solved (with reasons)")


class Obstacle(models.Model):
    """A belemmering: every "that's not possible" an initiator meets (OBS-1)."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="obstacles")
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="obstacles")
    killer_phrase = models.ForeignKey(
        KillerPhrase,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obstacles",
        verbose_name=_("what was said"),
    )
    category = models.CharField(_("category"), max_length=12, choices=ObstacleCategory.choices)
    description = models.TextField(_("what happened"), max_length=2000)
    rule_or_department = models.CharField(_("rule or department involved"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=ObstacleStatus.choices, default=ObstacleStatus.REPORTED
    )
    resolution = models.TextField(_("resolution"), blank=True)
    escalated = models.BooleanField(_("put before college and council"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_on = models.DateField(_("reported on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self):
        return self.description[:60]
