"""The register extract is personal data: encrypted at rest, deleted after the invitation
stage, every access audited, visible only to the people running the draw. What is published
holds no personal data."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import translation

from samenspel.accounts.models import Role
from samenspel.core.models import AuditEntry
from samenspel.sortition import register, services
from samenspel.sortition.models import Invitation, RegisterExtract

from .draw_helpers import *  # noqa: F403
from .draw_helpers import answer_yes, committed, invited, login, pool, register_csv, residents

pytestmark = pytest.mark.django_db


def _raw(table, column, where_id=None):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names from the test
        return [bytes(row[0]) for row in cursor.fetchall()]


def test_the_extract_is_encrypted_at_rest(draw, official):
    people = residents(100)
    services.upload_extract(user=official, draw=draw, residents=people)
    (payload,) = _raw("sortition_registerextract", "payload")
    assert payload.startswith(b"gAAAA")  # a Fernet token
    for person in people[:20]:
        assert person.name.encode() not in payload
        assert person.address.encode() not in payload
        assert person.id.encode() not in payload
    assert register.decrypt(payload)[0]["name"] == people[0].name


def test_letters_are_encrypted_too(draw, official):
    letters = invited(draw, official, letters=10)
    raw = b"".join(_raw("sortition_invitation", "letter"))
    for letter in letters:
        assert letter["address"].encode() not in raw
        assert letter["code"].encode() not in raw


def test_another_key_cannot_read_it(draw, official, settings):
    services.upload_extract(user=official, draw=draw, residents=residents(20))
    settings.SECRET_KEY = "another-key-" + "x" * 50
    with translation.override("en"), pytest.raises(Exception, match="cannot be read"):
        services.read_extract(user=official, draw=draw, purpose="test")


def test_a_rotated_key_still_reads_it(draw, official, settings):
    services.upload_extract(user=official, draw=draw, residents=residents(20))
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "the-new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = [old]
    assert len(services.read_extract(user=official, draw=draw, purpose="test")) == 20


def test_every_access_is_audited(draw, official):
    invited(draw, official, letters=5)
    services.read_extract(user=official, draw=draw, purpose="checking an address")
    services.letters_pdf(user=official, draw=draw)
    actions = list(AuditEntry.objects.filter(action__startswith="sortition.").values_list("action", "data"))
    names = [a for a, _ in actions]
    assert names.count("sortition.extract.read") == 2  # drawing the letters, and the explicit read
    assert "sortition.extract.uploaded" in names and "sortition.letters.printed" in names
    assert any(d.get("purpose") == "checking an address" for a, d in actions if a == "sortition.extract.read")
    actors = set(AuditEntry.objects.filter(action="sortition.extract.read").values_list("actor_ref", flat=True))
    assert actors == {str(official.public_id)}


def test_deleted_when_the_replies_close(draw, official):
    pool(draw, official, yes=6)
    extract = RegisterExtract.objects.get(draw=draw)
    assert extract.is_deleted and extract.rows == 300
    assert _raw("sortition_registerextract", "payload") == [b""]
    assert set(_raw("sortition_invitation", "letter")) == {b""}
    deleted = AuditEntry.objects.get(action="sortition.extract.deleted")
    assert deleted.data["reason"] == "invitation stage over"
    with translation.override("en"), pytest.raises(Exception, match="no register extract"):
        services.read_extract(user=official, draw=draw, purpose="too late")


def test_deleted_by_hand(draw, official):
    invited(draw, official, letters=5)
    services.delete_extract(user=official, draw=draw)
    assert RegisterExtract.objects.get(draw=draw).is_deleted
    assert not Invitation.objects.filter(draw=draw).exclude(letter=b"").exists()


def test_only_staff_for_the_place_read_it(draw, official, resident, make_user, other_wijk):
    services.upload_extract(user=official, draw=draw, residents=residents(20))
    elsewhere = make_user(Role.AREA_OFFICIAL, other_wijk)
    body_member = make_user(Role.BODY_MEMBER, draw.place)
    for user in (resident, elsewhere, body_member):
        with pytest.raises(PermissionDenied):
            services.read_extract(user=user, draw=draw, purpose="curious")
        with pytest.raises(PermissionDenied):
            services.letters_pdf(user=user, draw=draw)
    assert not AuditEntry.objects.filter(action="sortition.extract.read").exists()


OFFICIAL_PAGES = [
    ("get", "sortition:manage"),
    ("get", "sortition:quotas"),
    ("get", "sortition:letters"),
    ("get", "sortition:reply_enter"),
    ("post", "sortition:extract_upload"),
    ("post", "sortition:extract_delete"),
    ("post", "sortition:invitations"),
    ("post", "sortition:close_replies"),
    ("post", "sortition:selection_start"),
    ("post", "sortition:replacement_start"),
]


@pytest.mark.parametrize("method,name", OFFICIAL_PAGES)
def test_a_resident_gets_403_on_official_pages(client, draw, official, resident, method, name):
    invited(draw, official, letters=3)
    login(client, resident)
    response = getattr(client, method)(reverse(name, args=[draw.pk]))
    assert response.status_code == 403


def test_a_resident_gets_403_on_run_pages(client, draw, official, resident):
    selection = committed(draw, official, yes=12)
    login(client, resident)
    for name in ("sortition:commit", "sortition:reveal", "sortition:relax", "sortition:replacement_quotas"):
        method = client.get if name == "sortition:replacement_quotas" else client.post
        assert method(reverse(name, args=[draw.pk, selection.number])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, draw):
    response = client.get(reverse("sortition:manage", args=[draw.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_uploading_through_the_page_stores_no_plain_names(client, draw, official):
    people = residents(50)
    login(client, official)
    upload = register_csv(people)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("sortition:extract_upload", args=[draw.pk]),
        {"extract": SimpleUploadedFile("brp.csv", upload, content_type="text/csv")},
    )
    (payload,) = _raw("sortition_registerextract", "payload")
    assert people[0].name.encode() not in payload and people[0].address.encode() not in payload


def test_published_material_has_no_personal_data(draw, official):
    selection = committed(draw, official, yes=15)
    services.reveal_seed(user=official, selection=selection, seed="1")
    selection.refresh_from_db()
    text = json.dumps(services.material(selection))
    for person in residents(300):
        assert person.name not in text and person.address not in text and f'"{person.id}"' not in text
    keys = set(selection.draw.respondents.values_list("household_key", flat=True))
    assert not any(key and key in text for key in keys)


def test_the_household_key_is_not_the_address(draw, official):
    letters = invited(draw, official, letters=2)
    respondent = answer_yes(letters[0], {"age": "65+", "gender": "man", "buurt": "Noord"}, house_number="12")
    assert "9999" not in respondent.household_key and respondent.household_key != "12"
    assert len(respondent.household_key) == 64
