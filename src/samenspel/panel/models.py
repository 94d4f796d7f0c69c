"""The neighbourhood panel (wijkpanel) and its consultations (raadplegingen). Sources: seed 003
(the wijkpanel of 400 residents of Oosterparkwijk drawn by lot and consulted online; the
evaluation's warning that the panel is self-selected, 003:994-1000), algorithm-anchors.md §4.

- A `Panel` belongs to a wijk or dorp (or a whole gemeente, with buurt as a profile
  attribute). A `PanelMember` is either a person with an account (joined by signing up) or
  someone invited by lot who holds only an invitation code (no account needed; `code_hash`
  keeps a hash of the code, never the code itself). How they joined is `joined_via`.
- The member's profile (age band, gender, buurt, household type, education) is given with
  explicit consent (`consent_at`) and each item may be declined: an empty value means "prefer
  not to say". It is used for representativeness only.
- A `Consultation` goes to one panel (its members are invited, `Invitation`, subject to the
  panel's fatigue limit) or is open to everyone (`panel` empty). A `Response` is one person's
  answers, at most one per member and one per account (database constraints). It keeps a copy
  of the profile at the time of answering (`profile`), so the results do not change when a
  member later edits or erases their profile.
- `ReferenceShare` holds population shares for the representativeness view that the CBS
  figures in places.IndicatorValue do not cover, with their source and year."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.models import Channel


class JoinedVia(models.TextChoices):
    SIGNUP = "signup", _("signed up")
    LOT = "lot", _("invited by lot")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("invited, has not accepted yet")
    ACTIVE = "active", _("taking part")
    PAUSED = "paused", _("taking a break")
    LEFT = "left", _("left the panel")


class AgeBand(models.TextChoices):
    # The bands of CBS table 85984NED (15–25, 25–45, 45–65, 65 and over); panels start at 16.
    AGE_16_24 = "16-24", _("16 to 24")
    AGE_25_44 = "25-44", _("25 to 44")
    AGE_45_64 = "45-64", _("45 to 64")
    AGE_65_PLUS = "65+", _("65 or older")


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    OTHER = "other", _("other")


class Household(models.TextChoices):
    # CBS: eenpersoonshuishoudens, huishoudens zonder kinderen, huishoudens met kinderen.
    SINGLE = "single", _("I live alone")
    WITHOUT_CHILDREN = "without_children", _("with others, without children")
    WITH_CHILDREN = "with_children", _("with children")


class Education(models.TextChoices):
    LOW = "low", _("primary school, vmbo or mbo 1")
    MIDDLE = "middle", _("havo, vwo or mbo 2–4")
    HIGH = "high", _("hbo or university")


class Panel(models.Model):
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="panels", verbose_name=_("place"))
    title = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    signup_open = models.BooleanField(
        _("anyone can sign up"), default=True, help_text=_("Otherwise only people with an invitation code can join.")
    )
    max_requests = models.PositiveSmallIntegerField(
        _("ask a member at most this many times"), default=4, help_text=_("Panel fatigue: see the period below.")
    )
    period_days = models.PositiveSmallIntegerField(_("per period of (days)"), default=365)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__name", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_requests__gte=1), name="panel_max_requests_positive"),
            models.CheckConstraint(condition=models.Q(period_days__gte=1), name="panel_period_positive"),
        ]
        verbose_name = _("neighbourhood panel")
        verbose_name_plural = _("neighbourhood panels")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("panel:panel", args=[self.pk])


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    number = models.PositiveIntegerField(_("member number"), help_text=_("Printed on paper forms."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="panel_memberships"
    )
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    joined_via = models.CharField(_("joined by"), max_length=10, choices=JoinedVia.choices)
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    invited_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateField(_("taking a break until"), null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    consent_at = models.DateTimeField(null=True, blank=True)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    buurt = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("buurt")
    )
    household = models.CharField(_("household"), max_length=20, choices=Household.choices, blank=True)
    education = models.CharField(_("education"), max_length=8, choices=Education.choices, blank=True)

    class Meta:
        ordering = ["panel", "number"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="panel_member_number_unique"),
            models.UniqueConstraint(
                fields=["panel", "user"], condition=models.Q(user__isnull=False), name="panel_member_user_unique"
            ),
            models.UniqueConstraint(
                fields=["code_hash"], condition=~models.Q(code_hash=""), name="panel_member_code_unique"
            ),
        ]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self):
        return f"{self.panel} #{self.number}"

    def profile(self) -> dict:
        """The representativeness profile: {dimension: category}, "" where not given."""
        if self.consent_at is None:
            return {}
        return {
            "age_band": self.age_band,
            "gender": self.gender,
            "buurt": str(self.buurt_id) if self.buurt_id else "",
            "household": self.household,
            "education": self.education,
        }

    def can_be_asked(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.status == MemberStatus.PAUSED:
            return self.paused_until is not None and self.paused_until < today
        return self.status == MemberStatus.ACTIVE


class Consultation(models.Model):
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="consultations", verbose_name=_("place")
    )
    panel = models.ForeignKey(
        Panel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("panel"),
        help_text=_("Empty: open to everyone."),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="consultation_dates")
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("panel:consultation", args=[self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.opens_at


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("choose one")
    MULTIPLE = "multiple", _("choose one or more")
    SCALE = "scale", _("scale")
    RANKING = "ranking", _("put in order")
    TEXT = "text", _("open answer")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    options = models.JSONField(_("options"), default=list, blank=True)  # list of strings, for choice kinds
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    label_low = models.CharField(_("label of the lowest value"), max_length=60, blank=True)
    label_high = models.CharField(_("label of the highest value"), max_length=60, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        ordering = ["consultation", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Invitation(models.Model):
    """A member was asked to take part in a consultation (counts towards panel fatigue)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="invitations")
    invited_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "member"], name="invitation_once")]

    def __str__(self):
        return f"{self.consultation} → #{self.member.number}"


class Response(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(PanelMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="panel_responses"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profile = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["consultation", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"], condition=models.Q(member__isnull=False), name="response_once_member"
            ),
            models.UniqueConstraint(
                fields=["consultation", "user"], condition=models.Q(user__isnull=False), name="response_once_user"
            ),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.consultation}: {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # single: [i]; multiple: the chosen option indices; ranking: all indices, most preferred first.
    choices = models.JSONField(default=list, blank=True)
    number = models.SmallIntegerField(null=True, blank=True)  # scale
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self):
        return f"{self.response_id}: {self.question_id}"


class Dimension(models.TextChoices):
    AGE_BAND = "age_band", _("age")
    GENDER = "gender", _("gender")
    BUURT = "buurt", _("buurt")
    HOUSEHOLD = "household", _("household")
    EDUCATION = "education", _("education")


class ReferenceShare(models.Model):
    """A population share for one category of one dimension, where CBS figures in the places
    app do not cover it (e.g. education, or the municipality's own monitor)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="reference_shares")
    dimension = models.CharField(_("characteristic"), max_length=12, choices=Dimension.choices)
    category = models.CharField(_("category"), max_length=20)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["panel", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "dimension", "category"], name="reference_share_once"),
            models.CheckConstraint(condition=models.Q(share__gte=0, share__lte=100), name="reference_share_percent"),
        ]
        verbose_name = _("population share")
        verbose_name_plural = _("population shares")

    def __str__(self):
        return f"{self.panel}: {self.dimension} {self.category} {self.share}%"
