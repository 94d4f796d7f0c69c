"""The wijkagenda and the area programme (gebiedsprogramma), and action items: the concrete
"who does what by when" that agreements consist of (003:229-230), that blank spots become
(003:231-237) and that agenda items are carried out with. Spec §10.4, §12.15."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.agreements.models import Ownership


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", _("being drawn up")
    ADOPTED = "adopted", _("adopted")
    CLOSED = "closed", _("period ended")


class NeighbourhoodAgenda(models.Model):
    """The wijkagenda of a wijk or dorp for a period."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="agendas")
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT)
    introduction = models.TextField(_("introduction"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__name", "-period_start"]
        verbose_name = _("neighbourhood agenda")
        verbose_name_plural = _("neighbourhood agendas")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:agenda", args=[self.pk])


class ItemOrigin(models.TextChoices):
    DNA = "dna", _("the neighbourhood's profile (DNA)")
    IDEA = "idea", _("an idea or initiative")
    CONSULTATION = "consultation", _("a consultation")
    MUNICIPALITY = "municipality", _("the municipality")
    OTHER = "other", _("something else")


class OriginSide(models.TextChoices):
    BOTTOM_UP = "bottom_up", _("from the neighbourhood (bottom-up)")
    TOP_DOWN = "top_down", _("from the municipality (top-down)")


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    WORKED_OUT = "worked_out", _("worked out together")
    ADOPTED = "adopted", _("adopted")
    IN_PROGRAMME = "in_programme", _("taken up in the area programme")
    NOT_IN_PROGRAMME = "not_in_programme", _("not taken up in the area programme")
    REJECTED = "rejected", _("not adopted")
    DONE = "done", _("done")


# In plain words, for the agenda pages (001:97-115, §7.2).
OWNERSHIP_PLAIN = {
    1: _("Type 1: the neighbourhood owns this"),
    2: _("Type 2: the neighbourhood owns this; the municipality or a partner contributes"),
    3: _("Type 3: the municipality or a partner owns this; residents contribute"),
    4: _("Type 4: the municipality or a partner owns this"),
}

SIDE_PLAIN = {
    OriginSide.BOTTOM_UP: _("from the neighbourhood"),
    OriginSide.TOP_DOWN: _("from the municipality"),
}


class AgendaItem(models.Model):
    agenda = models.ForeignKey(NeighbourhoodAgenda, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    origin = models.CharField(_("where it comes from"), max_length=14, choices=ItemOrigin.choices)
    origin_side = models.CharField(_("raised by"), max_length=10, choices=OriginSide.choices)
    dna_item = models.ForeignKey("places.DnaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    idea = models.ForeignKey(
        "initiatives.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    scope_item = models.ForeignKey(
        "agreements.ScopeItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        verbose_name=_("part of the agreement"),
    )
    is_citywide = models.BooleanField(_("city-wide matter"), default=False)
    ownership = models.PositiveSmallIntegerField(_("ownership"), choices=Ownership.choices, null=True, blank=True)
    status = models.CharField(_("status"), max_length=18, choices=ItemStatus.choices, default=ItemStatus.PROPOSED)
    decided_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("public reason"), blank=True)
    # Kept apart from the adoption's reason, so both stay on the public record (§12.15: NIET_OPGENOMEN,
    # reason published).
    programme_reason = models.TextField(_("why it is not in the area programme"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:item", args=[self.pk])

    @property
    def ownership_plain(self) -> str:
        return OWNERSHIP_PLAIN.get(self.ownership, "")

    @property
    def side_plain(self) -> str:
        return SIDE_PLAIN.get(self.origin_side, "")


class AreaProgramme(models.Model):
    """The gebiedsprogramma: what the municipality takes up per area and year (003:149-150, 512-515)."""

    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="area_programmes")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-year", "place__name"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], name="one_programme_per_place_year")]
        verbose_name = _("area programme")
        verbose_name_plural = _("area programmes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:programme", args=[self.pk])


class ProgrammeLine(models.Model):
    programme = models.ForeignKey(AreaProgramme, on_delete=models.CASCADE, related_name="lines")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="programme_lines"
    )
    description = models.CharField(_("what"), max_length=300)
    budget_cents = models.PositiveBigIntegerField(_("budget (euro cents)"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("programme line")
        verbose_name_plural = _("programme lines")

    def __str__(self):
        return self.description


class OwnerSide(models.TextChoices):
    WIJK = "wijk", _("the neighbourhood")
    GEMEENTE = "gemeente", _("the municipality")
    PARTNER = "partner", _("a partner")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("to do")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


def validate_action(title, owner_side, due_date) -> None:
    """An action says what, who and by when (RK-1); raises ValidationError per missing part."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Say what will be done.")
    if owner_side not in OwnerSide.values:
        errors["owner_side"] = _("Say who will do it: the neighbourhood, the municipality or a partner.")
    if due_date is None:
        errors["due_date"] = _("Give a date by which it will be done.")
    if errors:
        raise ValidationError(errors)


class ActionItem(models.Model):
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="action_items")
    title = models.CharField(_("what"), max_length=200)
    owner_side = models.CharField(_("who"), max_length=10, choices=OwnerSide.choices)
    owner_name = models.CharField(
        _("owner"), max_length=120, blank=True, help_text=_("For example: the area team, the working group on green.")
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Where the action comes from; all optional so the agenda can hold actions of its own.
    trajectory = models.ForeignKey(
        "agreements.Trajectory", null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    version = models.ForeignKey(
        "agreements.AgreementVersion", null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    scope_item = models.ForeignKey(
        "agreements.ScopeItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    blank_spot = models.ForeignKey(
        "agreements.BlankSpot", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    safeguard_code = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.title

    @property
    def is_late(self) -> bool:
        if self.status in (ActionStatus.DONE, ActionStatus.DROPPED) or self.due_date is None:
            return False
        return self.due_date < timezone.localdate()

    @property
    def done_on_time(self) -> bool | None:
        if self.status != ActionStatus.DONE or self.due_date is None or self.done_on is None:
            return None
        return self.done_on <= self.due_date
