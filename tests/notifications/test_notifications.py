import pytest
from django.core import mail
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.notifications import services
from samenspel.notifications.models import EmailPreference, Follow, Notification


@pytest.fixture
def resident(wijk, make_user):
    return make_user(Role.RESIDENT, wijk, display_name="Anouk")


def test_follow_and_notify(resident, wijk, make_user, django_capture_on_commit_callbacks):
    services.follow(user=resident, place=wijk)
    services.follow(user=resident, place=wijk)  # once only
    assert Follow.objects.count() == 1
    author = make_user(Role.RESIDENT, wijk)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.notify_followers(place=wijk, subject="Nieuw idee", url="/ideeen/1/", exclude=author)
    assert count == 1
    note = Notification.objects.get()
    assert note.user == resident and note.place == wijk and note.emailed_at is None
    assert mail.outbox == []  # weekly by default


def test_immediate_email_after_commit(resident, wijk, django_capture_on_commit_callbacks):
    services.save_settings(user=resident, email=EmailPreference.IMMEDIATELY)
    services.follow(user=resident, place=wijk)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_followers(place=wijk, subject="Besluit genomen", url="/besluiten/1/")
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Besluit genomen"
    assert Notification.objects.get().emailed_at is not None


def test_the_author_is_not_notified_of_their_own_change(resident, wijk):
    services.follow(user=resident, place=wijk)
    assert services.notify_followers(place=wijk, subject="x", exclude=resident) == 0


def test_weekly_digest(resident, wijk):
    services.follow(user=resident, place=wijk)
    services.notify_followers(place=wijk, subject="Nieuw idee: speeltuin", url="/ideeen/1/")
    services.notify_followers(place=wijk, subject="Besluit: bankjes", url="/besluiten/2/")
    assert services.send_weekly_digests() == 1
    assert "speeltuin" in mail.outbox[0].body and "bankjes" in mail.outbox[0].body
    assert services.send_weekly_digests() == 0  # nothing new


def test_never_means_no_email(resident, wijk):
    services.save_settings(user=resident, email=EmailPreference.NEVER)
    services.follow(user=resident, place=wijk)
    services.notify_followers(place=wijk, subject="x")
    assert services.send_weekly_digests() == 0


def test_follow_button_flow(client, resident, wijk):
    client.force_login(resident)
    response = client.post(
        reverse("notifications:follow"), {"kind": "place", "pk": wijk.pk, "next": wijk.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == wijk.get_absolute_url()
    assert services.is_following(resident, place=wijk)
    client.post(reverse("notifications:unfollow"), {"kind": "place", "pk": wijk.pk, "next": "https://evil.example/"})
    assert not services.is_following(resident, place=wijk)
    assert client.post(reverse("notifications:follow"), {"kind": "nonsense", "pk": "1"}).status_code == 404
    assert client.get(reverse("notifications:mine")).status_code == 200


def test_wijkkrant_page_pdf_and_feeds(client, wijk):
    url = reverse("notifications:wijkkrant", args=[wijk.municipality.slug, wijk.slug])
    assert client.get(url).status_code == 200
    pdf = client.get(reverse("notifications:wijkkrant_pdf", args=[wijk.municipality.slug, wijk.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    for name in ("ideas_rss", "ideas_atom", "decisions_rss", "decisions_atom"):
        response = client.get(reverse(f"notifications:{name}", args=[wijk.municipality.slug, wijk.slug]))
        assert response.status_code == 200
        assert b"<?xml" in response.content[:50]
