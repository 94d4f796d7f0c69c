import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from samenspel.core import audit
from samenspel.core.models import AppendOnlyError, AuditEntry


@pytest.fixture
def chain(db, make_user):
    user = make_user()
    for i in range(5):
        audit.record("test.thing.done", actor=user, data={"n": i, "text": "Hélène's ✓"})
    return user


def test_entries_are_chained_by_hash(chain):
    entries = list(AuditEntry.objects.all())
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == "0" * 64
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
        assert entry.hash == entry.compute_hash()
    assert entries[0].actor_ref == str(chain.public_id)


def test_verify_intact_chain(chain, capsys):
    result = audit.verify()
    assert result.ok and result.count == 5
    call_command("audit_verify")
    assert "5 entries" in capsys.readouterr().out


def test_empty_log_verifies(db):
    assert audit.verify().ok


def test_model_refuses_change_and_delete(chain):
    entry = AuditEntry.objects.get(seq=2)
    entry.action = "test.thing.forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=2).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def _sql(statement, params):
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), params)


def test_altered_row_is_detected(chain):
    _sql("UPDATE {table} SET action = %s WHERE seq = %s", ["test.thing.forged", 3])
    result = audit.verify()
    assert not result.ok
    assert result.broken_seq == 3
    with pytest.raises(CommandError, match="#3"):
        call_command("audit_verify")


def test_altered_data_is_detected(chain):
    _sql("UPDATE {table} SET data = %s WHERE seq = %s", ['{"n": 99}', 4])
    assert audit.verify().broken_seq == 4


def test_removed_row_is_detected(chain):
    _sql("DELETE FROM {table} WHERE seq = %s", [2])
    result = audit.verify()
    assert not result.ok and result.broken_seq == 2


def test_removed_last_row_is_detected(chain):
    _sql("DELETE FROM {table} WHERE seq = %s", [5])
    result = audit.verify()
    assert not result.ok and result.broken_seq == 5


def test_rehashed_forgery_breaks_the_link(chain):
    """Someone who alters a row and recomputes its hash still breaks the next link."""
    entry = AuditEntry.objects.get(seq=2)
    entry.action = "test.thing.forged"
    _sql("UPDATE {table} SET action = %s, hash = %s WHERE seq = %s", [entry.action, entry.compute_hash(), 2])
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3


def test_console_command_spelling(chain, monkeypatch, capsys):
    """`samenspel audit verify` is the audit_verify command."""
    from samenspel.__main__ import main

    monkeypatch.setattr("sys.argv", ["samenspel", "audit", "verify"])
    main()
    assert "Audit chain intact: 5 entries." in capsys.readouterr().out
