import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from samenspel.accounts.models import Role
from samenspel.core import audit
from samenspel.core.models import AuditEntry


@pytest.fixture
def admin_client(client, municipality, make_user):
    admin = make_user(Role.ADMINISTRATOR, municipality, is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    return client


def test_admin_changes_are_audited(admin_client, wijk):
    url = f"/beheer/places/place/{wijk.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "kind": "wijk",
            "name": "Oosterparkwijk-Noord",
            "slug": wijk.slug,
            "cbs_code": wijk.cbs_code,
            "parent": wijk.parent_id,
            "description": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.places.place.changed")
    assert entry.data["fields"] == ["name"]
    assert audit.verify().ok


def test_audit_log_is_read_only_in_admin(admin_client, wijk):
    audit.record("test.entry", data={})
    entry = AuditEntry.objects.get()
    assert admin_client.get("/beheer/core/auditentry/").status_code == 200
    assert admin_client.post(f"/beheer/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403


def test_admin_needs_staff(client, wijk, make_user):
    client.force_login(make_user(Role.RESIDENT, wijk))
    assert client.get("/beheer/").status_code == 302


def test_administrator_edits_the_praatplaat(admin_client):
    from samenspel.agreements.models import PraatplaatQuestion

    question = PraatplaatQuestion.objects.get(code="K-IS-1")
    url = f"/beheer/agreements/praatplaatquestion/{question.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "code": "K-IS-1",
            "building_block": question.building_block,
            "compass_point": question.compass_point,
            "democratic_values": "[]",
            "text": "Wie doet er nog niet mee?",
            "min_level": 1,
            "basis": question.basis,
            "order": question.order,
            "active": "on",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Wie doet er nog niet mee?"
    assert AuditEntry.objects.filter(action="admin.agreements.praatplaatquestion.changed").exists()
