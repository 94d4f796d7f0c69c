import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.core.models import AuditEntry, Channel
from samenspel.places import services
from samenspel.places.models import DnaItem, DnaKind, DnaStatus


@pytest.fixture
def resident(wijk, make_user):
    return make_user(Role.RESIDENT, wijk, display_name="Anouk")


@pytest.fixture
def official(municipality, make_user):
    return make_user(Role.AREA_OFFICIAL, municipality, display_name="Fatima")


def test_resident_adds_item_with_history_and_audit(resident, wijk):
    item = services.add_dna_item(user=resident, place=wijk, kind=DnaKind.STRENGTH, text="Veel vrijwilligers")
    assert item.author == resident and item.entered_by == resident and item.channel == Channel.ONLINE
    assert item.revisions.count() == 1
    entry = AuditEntry.objects.get(action="places.dna_item.added")
    assert entry.object_id == str(item.pk) and entry.actor_ref == str(resident.public_id)


def test_official_enters_item_from_paper_on_behalf(official, wijk):
    item = services.add_dna_item(
        user=official,
        place=wijk,
        kind=DnaKind.THREAT,
        text="Eenzaamheid",
        channel=Channel.PAPER,
        on_behalf_of="<b>een bewoner</b> van de wijk",
    )
    assert item.author is None and item.entered_by == official
    assert item.contributor_label == "een bewoner van de wijk"  # tags stripped
    assert item.channel == Channel.PAPER


def test_resident_cannot_enter_on_behalf_of_others(resident, wijk):
    with pytest.raises(PermissionDenied):
        services.add_dna_item(user=resident, place=wijk, kind=DnaKind.STRENGTH, text="x", channel=Channel.PAPER)
    assert not DnaItem.objects.exists()


def test_resident_of_another_wijk_cannot_add(other_wijk, wijk, make_user):
    outsider = make_user(Role.RESIDENT, other_wijk)
    with pytest.raises(PermissionDenied):
        services.add_dna_item(user=outsider, place=wijk, kind=DnaKind.STRENGTH, text="x")


@pytest.mark.parametrize(("kind", "text"), [("strength", "   "), ("nonsense", "tekst"), ("chance", "x" * 2001)])
def test_bad_input_changes_nothing(resident, wijk, kind, text):
    with pytest.raises(ValidationError):
        services.add_dna_item(user=resident, place=wijk, kind=kind, text=text)
    assert not DnaItem.objects.exists()
    assert not AuditEntry.objects.exists()


def test_change_keeps_history(resident, wijk):
    item = services.add_dna_item(user=resident, place=wijk, kind=DnaKind.STRENGTH, text="eerst")
    services.change_dna_item(user=resident, item=item, kind=DnaKind.CROWN_JEWEL, text="daarna")
    assert [r.text for r in item.revisions.all()] == ["eerst", "daarna"]
    item.refresh_from_db()
    assert item.kind == DnaKind.CROWN_JEWEL


def test_hide_needs_reason_and_moderator(resident, official, wijk):
    item = services.add_dna_item(user=resident, place=wijk, kind=DnaKind.WEAKNESS, text="scheldwoord")
    with pytest.raises(PermissionDenied):
        services.hide_dna_item(user=resident, item=item, reason="nee")
    with pytest.raises(ValidationError):
        services.hide_dna_item(user=official, item=item, reason="  ")
    services.hide_dna_item(user=official, item=item, reason="Kwetsend taalgebruik")
    item.refresh_from_db()
    assert item.status == DnaStatus.HIDDEN and item.moderation_reason == "Kwetsend taalgebruik"


def test_add_page_flow(client, resident, wijk):
    client.force_login(resident)
    url = reverse("places:dna_item_add", args=[wijk.municipality.slug, wijk.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "crown_jewel", "text": "Het park <script>alert(1)</script>"})
    assert response.status_code == 302
    page = client.get(wijk.get_absolute_url()).content.decode()
    assert "Het park" in page
    assert "<script>alert(1)" not in page


def test_add_page_shows_errors_and_saves_nothing(client, resident, wijk):
    client.force_login(resident)
    url = reverse("places:dna_item_add", args=[wijk.municipality.slug, wijk.slug])
    response = client.post(url, {"kind": "", "text": ""})
    assert response.status_code == 200
    assert b"utrecht-form-field-error-message" in response.content
    assert not DnaItem.objects.exists()


def test_add_page_refuses_outsiders(client, other_wijk, wijk, make_user):
    client.force_login(make_user(Role.RESIDENT, other_wijk))
    url = reverse("places:dna_item_add", args=[wijk.municipality.slug, wijk.slug])
    assert client.post(url, {"kind": "strength", "text": "x"}).status_code == 403


def test_add_page_needs_login(client, wijk):
    url = reverse("places:dna_item_add", args=[wijk.municipality.slug, wijk.slug])
    assert client.get(url).status_code == 302


def test_posting_without_csrf_token_is_refused(wijk, resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    url = reverse("places:dna_item_add", args=[wijk.municipality.slug, wijk.slug])
    assert client.post(url, {"kind": "strength", "text": "x"}).status_code == 403


def test_official_must_set_up_two_factor(client, official):
    client.force_login(official)
    response = client.get(reverse("places:search"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_resident_needs_no_two_factor(client, resident):
    client.force_login(resident)
    assert client.get(reverse("places:search")).status_code == 200
