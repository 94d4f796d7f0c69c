import json

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samenspel.accounts import services
from samenspel.accounts.models import Membership, Role, User
from samenspel.core import audit
from samenspel.core.models import AuditEntry
from samenspel.places.models import DnaItem, DnaKind
from samenspel.places.services import add_dna_item


@pytest.fixture
def resident(wijk, make_user):
    user = make_user(Role.RESIDENT, wijk, display_name="Anouk")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def item(resident, wijk):
    return add_dna_item(user=resident, place=wijk, kind=DnaKind.CROWN_JEWEL, text="Het Oosterpark")


def test_export_holds_everything_about_the_person(resident, item):
    data = services.export_personal_data(resident)
    assert data["person"]["email"] == resident.email
    assert data["person"]["display_name"] == "Anouk"
    assert data["roles"][0]["role"] == Role.RESIDENT
    assert data["dna_items_written"][0]["text"] == "Het Oosterpark"
    assert any(e["action"] == "places.dna_item.added" for e in data["audit_log"])
    json.dumps(data)  # plain data, serialisable as is


def test_erasure_keeps_the_record_but_removes_the_person(resident, item):
    email = resident.email
    services.erase_person(user=resident, requested_by=resident)
    resident.refresh_from_db()
    assert resident.is_erased and not resident.is_active
    assert resident.email != email and "Anouk" not in resident.public_name
    assert not resident.has_usable_password()
    assert not Membership.objects.filter(user=resident).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    item.refresh_from_db()
    assert item.text == "Het Oosterpark"  # the public record stays
    assert item.author is None and item.entered_by is None
    assert "Anouk" not in item.contributor_label
    assert not User.objects.filter(email=email).exists()
    assert AuditEntry.objects.filter(action="accounts.person.erased").exists()
    assert audit.verify().ok  # erasure never breaks the chain


def test_nobody_else_may_erase_a_person(resident, make_user, wijk):
    other = make_user(Role.RESIDENT, wijk)
    with pytest.raises(PermissionDenied):
        services.erase_person(user=resident, requested_by=other)
    assert User.objects.get(pk=resident.pk).is_active


def test_erase_page_needs_the_password(client, resident):
    client.force_login(resident)
    response = client.post(reverse("accounts:erase"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert User.objects.get(pk=resident.pk).is_active
    response = client.post(reverse("accounts:erase"), {"password": "correct horse battery", "confirm": "on"})
    assert response.status_code == 302
    assert User.objects.get(pk=resident.pk).is_erased
    # The session ended with the erasure.
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_export_download(client, resident, item):
    client.force_login(resident)
    response = client.post(reverse("accounts:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["person"]["email"] == resident.email


def test_export_needs_post(client, resident):
    client.force_login(resident)
    assert client.get(reverse("accounts:export")).status_code == 405


def test_erased_item_shows_no_name(client, resident, item, wijk):
    services.erase_person(user=resident, requested_by=resident)
    page = client.get(wijk.get_absolute_url()).content.decode()
    assert "Het Oosterpark" in page
    assert "Anouk" not in page
    assert DnaItem.objects.get(pk=item.pk).contributor_label


def test_export_and_erasure_cover_ideas_follows_and_notifications(resident, wijk):
    from samenspel.initiatives.models import Comment, HelpOffer, Idea, Support
    from samenspel.notifications import services as notifications
    from samenspel.notifications.models import Follow, Notification

    idea = Idea.objects.create(place=wijk, title="Moestuin", description="Samen tuinieren", author=resident)
    Support.objects.create(idea=idea, user=resident)
    Comment.objects.create(idea=idea, author=resident, text="Goed plan")
    HelpOffer.objects.create(idea=idea, user=resident, role="doer")
    notifications.follow(user=resident, place=wijk)
    notifications.notify([resident], subject="Nieuw in de wijk")
    data = services.export_personal_data(resident)
    assert data["ideas"][0]["title"] == "Moestuin"
    assert data["comments"][0]["text"] == "Goed plan"
    assert data["offers_of_help"] and data["following"] and data["notifications"]
    json.dumps(data)

    services.erase_person(user=resident, requested_by=resident)
    assert not Follow.objects.filter(user=resident).exists()
    assert not Notification.objects.filter(user=resident).exists()
    assert not HelpOffer.objects.filter(user=resident).exists()
    idea.refresh_from_db()
    assert idea.title == "Moestuin" and "Anouk" not in idea.initiator_label  # the record stays, nameless


def test_export_covers_budget_projects_support_and_voting_but_never_the_ballot(resident, wijk):
    import datetime

    from django.utils import timezone

    from samenspel.budgeting.models import Ballot, Budget, Participation, Project, ProjectSupport, Round

    budget = Budget.objects.create(
        place=wijk,
        title="Wijkbudget",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=100_000,
    )
    now = timezone.now()
    round_ = Round.objects.create(
        budget=budget,
        title="Ronde",
        amount_cents=100_000,
        ideas_opens=now,
        review_opens=now,
        voting_opens=now,
        voting_closes=now + datetime.timedelta(days=1),
    )
    project = Project.objects.create(round=round_, title="Bankjes", summary="Meer bankjes", submitted_by=resident)
    ProjectSupport.objects.create(project=project, user=resident)
    Participation.objects.create(round=round_, user=resident)
    Ballot.objects.create(round=round_, channel="account", choices={str(project.pk): 1})

    data = services.export_personal_data(resident)
    assert data["budget_projects_proposed"][0]["title"] == "Bankjes"
    assert data["budget_projects_supported"] == [
        {"project": project.pk, "at": data["budget_projects_supported"][0]["at"]}
    ]
    assert data["budget_rounds_voted_in"][0]["round"] == round_.pk
    assert set(data["budget_rounds_voted_in"][0]) == {"round", "at"}  # that they voted, never what
