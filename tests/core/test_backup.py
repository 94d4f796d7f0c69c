"""`samenspel backup` and `samenspel restore`: a full round trip through an emptied database
(the demo municipality), and every refusal leaves the database as it was."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from samenspel.accounts.models import User
from samenspel.core import audit
from samenspel.core.backup import (
    MANIFEST,
    REFERENCE_MODELS,
    _m2m_tables,
    backed_up_models,
    check_backup,
    create_backup,
)
from samenspel.core.models import AuditEntry, AuditHead


@pytest.fixture(autouse=True)
def _english():
    """The commands' messages are asserted in English."""
    with translation.override("en"):
        yield


def counts() -> dict[str, int]:
    models = backed_up_models()
    result = {m._meta.label_lower: m._base_manager.count() for m in models}
    result.update({label: through._base_manager.count() for label, through in _m2m_tables(models).items()})
    return result


def empty_like_after_migrate() -> None:
    """What a new database looks like after `samenspel migrate`: no rows but the seeded
    reference data (and content types and permissions, which the flush recreates)."""
    from samenspel.agreements.seeding import load_reference_data as agreements_data
    from samenspel.finance.seeding import load_taakvelden
    from samenspel.initiatives.seeding import load_reference_data as initiatives_data

    call_command("flush", interactive=False, verbosity=0)
    agreements_data()
    initiatives_data()
    load_taakvelden()


def rewrite(source: Path, target: Path, change) -> None:
    """Copy a backup, passing each member's (name, bytes) through `change`."""
    with tarfile.open(source, "r:gz") as tar_in, tarfile.open(target, "w:gz") as tar_out:
        for member in tar_in:
            data = tar_in.extractfile(member).read()
            data = change(member.name, data)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            tar_out.addfile(info, io.BytesIO(data))


@pytest.mark.django_db
def test_a_migrated_database_holds_only_reference_data():
    """REFERENCE_MODELS must list every model that migrations seed: those are what a
    restore may replace. A new seeded model shows up here."""
    filled = {label for label, n in counts().items() if n and label in {m._meta.label_lower for m in apps.get_models()}}
    assert filled <= REFERENCE_MODELS
    assert filled  # the reference data is there to be replaced


@pytest.mark.django_db(transaction=True)
def test_round_trip_of_the_demo_through_an_empty_database(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    media_root = Path(settings.MEDIA_ROOT)
    uploads = {p.relative_to(media_root): p.read_bytes() for p in media_root.rglob("*") if p.is_file()}
    assert uploads, "the demo writes the voting letters to MEDIA_ROOT"
    before = counts()
    entries = list(AuditEntry.objects.order_by("seq").values_list("seq", "hash"))
    head = AuditHead.objects.get(id=1)
    assert head.seq == len(entries) > 0

    path = tmp_path / "samenspel.tar.gz"
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert f"#{head.seq}" in out.getvalue()
    manifest = check_backup(path)
    assert manifest["audit_head"] == {"seq": head.seq, "hash": head.hash}
    assert manifest["counts"]["accounts.user"] == before["accounts.user"]
    assert "budgeting" in manifest["migrations"]

    empty_like_after_migrate()
    for file in media_root.rglob("*"):
        if file.is_file():
            file.unlink()
    assert User.objects.count() == 0

    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert f"({head.seq} " in out.getvalue()
    assert counts() == {**before, "core.auditentry": before["core.auditentry"] + 1}
    # The chain is the backup's, plus one entry that records the restore.
    assert list(AuditEntry.objects.filter(seq__lte=head.seq).order_by("seq").values_list("seq", "hash")) == entries
    assert AuditEntry.objects.get(seq=head.seq + 1).action == "core.backup.restored"
    assert audit.verify().ok
    for relative, content in uploads.items():
        assert (media_root / relative).read_bytes() == content
    # New rows get new ids after the restore (the sequences were reset on PostgreSQL).
    user = User.objects.create(email="na-herstel@example.nl")
    assert user.pk > max(User.objects.exclude(pk=user.pk).values_list("pk", flat=True))

    # A second restore is refused: the database is no longer empty, and nothing changes.
    after = counts()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))
    assert counts() == after


@pytest.fixture
def small_backup(transactional_db, tmp_path):
    user = User.objects.create(email="bewoner@example.nl")
    for n in range(3):
        audit.record("test.something", actor=user, data={"n": n})
    path = tmp_path / "small.tar.gz"
    create_backup(path)
    empty_like_after_migrate()
    return path


def test_restore_refuses_a_damaged_file_and_keeps_nothing(small_backup, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"

    def change(name, data):
        if name.endswith("accounts.user.jsonl"):
            return data.replace(b"bewoner@example.nl", b"iemand@example.nl")
        return data

    rewrite(small_backup, damaged, change)
    before = counts()
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged))
    assert counts() == before
    assert User.objects.count() == 0
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), "--check")


def test_restore_refuses_other_migrations(small_backup, tmp_path):
    other = tmp_path / "other.tar.gz"

    def change(name, data):
        if name == MANIFEST:
            manifest = json.loads(data)
            manifest["migrations"]["core"].append("9999_from_the_future")
            return json.dumps(manifest).encode()
        return data

    rewrite(small_backup, other, change)
    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(other))
    assert User.objects.count() == 0


def test_restore_refuses_a_broken_audit_chain(transactional_db, tmp_path):
    for n in range(3):
        audit.record("test.something", data={"n": n})
    with connection.cursor() as cursor:  # tampered with before the backup
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET action = %s WHERE seq = %s", ["test.forged", 2])  # noqa: S608
    path = tmp_path / "broken.tar.gz"
    create_backup(path)
    empty_like_after_migrate()
    with pytest.raises(CommandError, match="#2"):
        call_command("restore", str(path))
    assert AuditEntry.objects.count() == 0
    assert not AuditHead.objects.exists()


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    path = tmp_path / "not-a-backup.tar.gz"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError):
        call_command("restore", str(path))
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
