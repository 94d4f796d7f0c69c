"""Staying informed: following a wijk, an idea or an agenda item, and the notifications that
come from it (by email, and collected in a weekly digest)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey("initiatives.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(place__isnull=False, idea__isnull=True, agenda_item__isnull=True)
                    | models.Q(place__isnull=True, idea__isnull=False, agenda_item__isnull=True)
                    | models.Q(place__isnull=True, idea__isnull=True, agenda_item__isnull=False)
                ),
                name="follow_exactly_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "place"], condition=models.Q(place__isnull=False), name="follow_place_once"
            ),
            models.UniqueConstraint(
                fields=["user", "idea"], condition=models.Q(idea__isnull=False), name="follow_idea_once"
            ),
            models.UniqueConstraint(
                fields=["user", "agenda_item"],
                condition=models.Q(agenda_item__isnull=False),
                name="follow_agenda_item_once",
            ),
        ]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self):
        return f"{self.user_id} follows {self.place_id or self.idea_id or self.agenda_item_id}"


class EmailPreference(models.TextChoices):
    IMMEDIATELY = "immediately", _("at once")
    WEEKLY = "weekly", _("once a week, in a digest")
    NEVER = "never", _("never by email")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(
        _("email me"), max_length=12, choices=EmailPreference.choices, default=EmailPreference.WEEKLY
    )

    class Meta:
        verbose_name = _("notification settings")

    def __str__(self):
        return f"{self.user_id}: {self.email}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "emailed_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject
