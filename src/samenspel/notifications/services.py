"""Following and notifying. Other apps call `notify_followers` (or `notify`) inside their own
transaction when something a person follows changes; emails go out at once or in the weekly
digest, as each person chose."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from samenspel.core import audit

from .models import EmailPreference, Follow, Notification, NotificationSettings


def preference(user) -> str:
    settings_row = NotificationSettings.objects.filter(user=user).first()
    return settings_row.email if settings_row else EmailPreference.WEEKLY


def followers(*, place=None, idea=None, agenda_item=None):
    """People following any of the given things (and, for an idea or agenda item, its wijk)."""
    from django.db.models import Q

    query = Q(pk__in=[])
    if place is not None:
        query |= Q(place=place)
    if idea is not None:
        query |= Q(idea=idea) | Q(place=idea.place)
    if agenda_item is not None:
        query |= Q(agenda_item=agenda_item) | Q(place=agenda_item.agenda.place)
    user_ids = Follow.objects.filter(query).values_list("user_id", flat=True).distinct()
    from samenspel.accounts.models import User

    return User.objects.filter(pk__in=list(user_ids), is_active=True)


def notify(users, *, subject: str, body: str = "", url: str = "", place=None, exclude=None) -> int:
    """Create a notification per person; email at once those who asked for it (after the
    transaction commits, so nothing is sent about a change that was rolled back)."""
    created = []
    for user in users:
        if exclude is not None and user.pk == exclude.pk:
            continue
        created.append(Notification(user=user, place=place, subject=subject[:200], body=body, url=url[:300]))
    Notification.objects.bulk_create(created)
    immediate = [n for n in created if preference(n.user) == EmailPreference.IMMEDIATELY]
    if immediate:
        ids = [n.user_id for n in immediate]
        transaction.on_commit(lambda: _send_now(ids, subject, body, url))
    return len(created)


def notify_followers(
    *, subject: str, body: str = "", url: str = "", place=None, idea=None, agenda_item=None, exclude=None
) -> int:
    target_place = place or (idea.place if idea else None) or (agenda_item.agenda.place if agenda_item else None)
    return notify(
        followers(place=place, idea=idea, agenda_item=agenda_item),
        subject=subject,
        body=body,
        url=url,
        place=target_place,
        exclude=exclude,
    )


def _absolute(url: str) -> str:
    base = getattr(settings, "SAMENSPEL_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


def _send_now(user_ids, subject, body, url):
    from samenspel.accounts.models import User

    now = timezone.now()
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        send_mail(subject, f"{body}\n\n{_absolute(url)}".strip(), None, [user.email], fail_silently=True)
    Notification.objects.filter(user_id__in=user_ids, subject=subject[:200], emailed_at=None).update(emailed_at=now)


@transaction.atomic
def follow(*, user, place=None, idea=None, agenda_item=None) -> Follow:
    follow_row, created = Follow.objects.get_or_create(user=user, place=place, idea=idea, agenda_item=agenda_item)
    if created:
        audit.record("notifications.follow.added", actor=user, obj=follow_row)
    return follow_row


@transaction.atomic
def unfollow(*, user, place=None, idea=None, agenda_item=None) -> None:
    rows = Follow.objects.filter(user=user, place=place, idea=idea, agenda_item=agenda_item)
    for row in rows:
        audit.record("notifications.follow.removed", actor=user, obj=row)
    rows.delete()


def is_following(user, *, place=None, idea=None, agenda_item=None) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, place=place, idea=idea, agenda_item=agenda_item).exists()


@transaction.atomic
def save_settings(*, user, email: str) -> NotificationSettings:
    row, _created = NotificationSettings.objects.get_or_create(user=user)
    row.email = email
    row.full_clean()
    row.save()
    audit.record("notifications.settings.changed", actor=user, obj=user, data={"email": email})
    return row


def mark_read(*, user) -> None:
    Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


def send_weekly_digests(*, now=None) -> int:
    """One email per person who chose the weekly digest, with what they have not yet had by
    email. Returns the number of emails sent."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from samenspel.accounts.models import User

    now = now or timezone.now()
    sent = 0
    weekly_users = User.objects.filter(is_active=True, notifications__emailed_at=None).distinct()
    for user in weekly_users:
        if preference(user) != EmailPreference.WEEKLY:
            continue
        pending = list(Notification.objects.filter(user=user, emailed_at=None).select_related("place")[:100])
        if not pending:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "notifications/digest_email.txt",
                {
                    "user": user,
                    "notifications": pending,
                    "base_url": getattr(settings, "SAMENSPEL_BASE_URL", ""),
                },
            )
            subject = translation.gettext("What happened in your neighbourhood this week")
        send_mail(subject, body, None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        sent += 1
    return sent
