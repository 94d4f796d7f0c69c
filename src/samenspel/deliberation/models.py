"""The good conversation (het goede gesprek): opinion maps in the manner of Polis, debates with
arguments for and against, and the meetings of wijk bodies, working groups and open evenings
with their agenda, documents, attendance, minutes and decisions.

Sources: seed 003 ("een open en toegankelijk gesprek" 003:364-365; public meetings and
transparent decisions at a fixed moment 003:644-660; deliberation lessons 003:797-834;
sharing information well in public meetings, inexperience with meetings 003:1002-1023),
seed 004 (Zandvoort's public policy mediation)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel

STATEMENT_MAX = 280


# --- Conversations (opinion maps) -------------------------------------------------------------


class Moderation(models.TextChoices):
    BEFORE = "before", _("before publication: a moderator approves each statement first")
    AFTER = "after", _("after publication: statements appear at once, moderators can hide them")


class Conversation(models.Model):
    """A question for a wijk. Participants add short statements and vote on each other's."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="conversations")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
        verbose_name=_("organised by"),
    )
    title = models.CharField(_("title"), max_length=150)
    question = models.CharField(_("the question"), max_length=300)
    description = models.TextField(_("background"), blank=True)
    moderation = models.CharField(_("moderation"), max_length=6, choices=Moderation.choices, default=Moderation.AFTER)
    allow_anonymous = models.BooleanField(
        _("people may take part without an account"),
        default=True,
        help_text=_("They get a random participant number in their browser; no name or email is asked."),
    )
    allow_statements = models.BooleanField(_("participants may add statements"), default=True)
    is_open = models.BooleanField(_("open"), default=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The stored opinion map (OpinionMap.to_dict()) and its state for stable axes next time.
    map_data = models.JSONField(null=True, blank=True, editable=False)
    map_state = models.JSONField(null=True, blank=True, editable=False)
    map_computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    map_votes = models.PositiveIntegerField(default=0, editable=False)
    # Set when a recompute is queued and cleared when it starts: at most one waits at a time.
    map_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:conversation", args=[self.pk])


class Participant(models.Model):
    """Someone taking part in one conversation: with an account, with a random key kept in a
    signed cookie in their browser, or a card filled in at a meeting and entered by the
    facilitator. The map knows participants only by this row's number."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    browser_key = models.CharField(max_length=40, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    meeting = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="room_participants"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], condition=Q(user__isnull=False), name="one_participant_per_user"
            ),
            models.UniqueConstraint(
                fields=["conversation", "browser_key"], condition=~Q(browser_key=""), name="one_participant_per_key"
            ),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return f"#{self.pk}"


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a moderator")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("not published")
    HIDDEN = "hidden", _("hidden")
    MERGED = "merged", _("merged with another statement")


LIVE_STATUSES = (StatementStatus.PENDING, StatementStatus.PUBLISHED)


class Statement(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=STATEMENT_MAX)
    normalised = models.CharField(max_length=STATEMENT_MAX, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    is_seed = models.BooleanField(_("from the organiser"), default=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    meeting = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="room_statements"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=StatementStatus.choices)
    public_reason = models.CharField(_("public reason"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_statements"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "normalised"],
                condition=Q(status__in=["pending", "published"]),
                name="no_duplicate_live_statement",
            )
        ]
        indexes = [models.Index(fields=["conversation", "status"])]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text

    @property
    def from_the_room(self) -> bool:
        return self.channel == Channel.MEETING


class Vote(models.IntegerChoices):
    AGREE = 1, _("agree")
    DISAGREE = -1, _("disagree")
    PASS = 0, _("pass / unsure")


class StatementVote(models.Model):
    """One participant's vote on one statement: changeable, never doubled (the database
    enforces one row per participant and statement)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    vote = models.SmallIntegerField(_("vote"), choices=Vote.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="one_vote_per_participant"),
            models.CheckConstraint(condition=Q(vote__in=[-1, 0, 1]), name="vote_is_agree_disagree_or_pass"),
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return f"{self.participant_id}→{self.statement_id}: {self.vote}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    HANDLED = "handled", _("dealt with")
    DISMISSED = "dismissed", _("dismissed")


class StatementReport(models.Model):
    """Someone finds a statement abusive. Enough reports hold it back until a moderator looks."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="reports")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong with it"), max_length=300)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "participant"], name="one_report_per_participant")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return self.reason[:50]


# --- Debates ---------------------------------------------------------------------------------


class Debate(models.Model):
    """Arguments for and against a proposal: an agenda item, an idea, or a free-standing
    proposal for a wijk. A moderator summarises; the summary can go with a decision."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="debates")
    title = models.CharField(_("title"), max_length=200)
    proposal = models.TextField(_("the proposal"), max_length=5000)
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="debates",
        verbose_name=_("agenda item"),
    )
    idea = models.ForeignKey(
        "initiatives.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="debates"
    )
    is_open = models.BooleanField(_("open for arguments"), default=True)
    summary = models.TextField(_("moderator's summary"), blank=True)
    summary_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="debates",
        verbose_name=_("decision"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("debate")
        verbose_name_plural = _("debates")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:debate", args=[self.pk])


class Side(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")


class Argument(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="arguments")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("argument"), max_length=1500)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=150, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    support_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-support_count", "created_at"]
        verbose_name = _("argument")
        verbose_name_plural = _("arguments")

    def __str__(self):
        return self.text[:60]


class ArgumentSupport(models.Model):
    argument = models.ForeignKey(Argument, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["argument", "user"], name="one_support_per_argument")]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self):
        return f"{self.user_id}→{self.argument_id}"


# --- Meetings (bijeenkomsten) ------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    BODY_MEETING = "body_meeting", _("meeting of a neighbourhood body")
    WORKING_GROUP = "working_group", _("working group")
    BUURTBIJEENKOMST = "buurtbijeenkomst", _("neighbourhood meeting (buurtbijeenkomst)")
    INLOOPMARKT = "inloopmarkt", _("drop-in market (inloopmarkt)")
    KAMPVUUR = "kampvuur", _("campfire conversation (kampvuur)")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("every month")
    WEEKLY = "weekly", _("every week")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class MeetingSchedule(models.Model):
    """A body's fixed moment (003:657-659: "Besluitvorming en voortgang vinden plaats op een
    vast tijdstip"), e.g. every first Tuesday of the month at 19:30."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="meeting_schedules", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.BODY_MEETING)
    title = models.CharField(_("title"), max_length=200)
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices, default=Frequency.MONTHLY)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        _("which one in the month"), choices=WeekOfMonth.choices, null=True, blank=True
    )
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    documents_days_before = models.PositiveSmallIntegerField(_("documents public this many days before"), default=7)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("meeting schedule")
        verbose_name_plural = _("meeting schedules")

    def __str__(self):
        return self.title


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="meetings")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("body or organisation"),
    )
    schedule = models.ForeignKey(
        MeetingSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    documents_days_before = models.PositiveSmallIntegerField(_("documents public this many days before"), default=7)
    registration_required = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    decisions = models.ManyToManyField("decisions.Decision", blank=True, related_name="meetings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "starts_at"], condition=Q(schedule__isnull=False), name="one_meeting_per_slot"
            )
        ]
        indexes = [models.Index(fields=["place", "starts_at"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:meeting", args=[self.pk])


class MeetingAgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    for_decision = models.BooleanField(_("for a decision"), default=False)
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_items",
        verbose_name=_("item of the neighbourhood agenda"),
    )
    debate = models.ForeignKey(Debate, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_items")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_items"
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


def _document_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        MeetingAgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file (PDF)"), upload_to=_document_path)
    size = models.PositiveIntegerField(default=0, editable=False)
    published_at = models.DateTimeField(_("published"), editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:document", args=[self.pk])


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="one_registration_per_person"
            )
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self):
        return self.name or str(self.user_id)


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("in the room")
    ONLINE = "online", _("online")
    PHONE = "phone", _("by phone")


class AttendanceCount(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    mode = models.CharField(_("how"), max_length=10, choices=AttendanceMode.choices)
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "mode"], name="one_count_per_mode")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.mode}: {self.count}"


class Attendee(models.Model):
    """A name on the attendance list: only with the person's consent to show it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("as"), max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(_("how"), max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON)
    consent = models.BooleanField(_("agreed to have their name in the record"))

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(consent=True), name="attendee_name_only_with_consent")]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self):
        return self.name


class QuickPoll(models.Model):
    """A show of hands in the room, entered by the facilitator. Tied to a statement of a
    conversation, it appears next to that statement's online votes, marked as from the room."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="polls")
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="polls")
    question = models.CharField(_("question"), max_length=300)
    agree = models.PositiveIntegerField(_("agree / yes"), default=0)
    disagree = models.PositiveIntegerField(_("disagree / no"), default=0)
    passed = models.PositiveIntegerField(_("pass / no opinion"), default=0)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("quick poll")
        verbose_name_plural = _("quick polls")

    def __str__(self):
        return self.question

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passed
