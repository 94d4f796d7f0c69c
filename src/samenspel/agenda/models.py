"""The wijkagenda's building bricks. For now: action items, the concrete "who does what by
when" that agreements consist of (003:229-230) and that blank spots become (003:231-237)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OwnerSide(models.TextChoices):
    WIJK = "wijk", _("the neighbourhood")
    GEMEENTE = "gemeente", _("the municipality")
    PARTNER = "partner", _("a partner")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("to do")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


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
