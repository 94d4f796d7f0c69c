"""Backup and restore of a whole Samenspel installation, on SQLite and PostgreSQL alike.

A backup is one .tar.gz file:

- `manifest.json` (first): format version, Samenspel and Django version, the database it came
  from, when it was made, the applied migrations per app, the number of rows per model (and per
  many-to-many table), the audit chain's head (seq and hash), and a SHA-256 per file;
- `data/NNN-app_label.model.jsonl`: every row of every model, in Django's JSON Lines
  serialisation (one object per line, written and read as a stream, so a large table never
  sits in memory). Content types and permissions are referred to by natural key, because
  their ids differ between databases; they, sessions and migration records are not copied;
- `media/...`: the uploaded files under MEDIA_ROOT.

The whole database is read in one transaction (on PostgreSQL REPEATABLE READ, READ ONLY), so
the rows, the counts and the audit head belong to one moment.

`restore` loads a backup only into an empty database: migrated with exactly the migrations the
backup was made with, and without rows apart from the reference data that migrations seed
(REFERENCE_MODELS), which the backup's copy replaces. Everything happens in one transaction;
before it commits, the row counts must equal the manifest, the audit chain must verify and its
head must equal the manifest's. Otherwise nothing is kept and the reason is given. Uploaded
files are unpacked beside MEDIA_ROOT first and moved in only after the database commit.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .health import samenspel_version
from .models import AuditHead

FORMAT = "samenspel-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 2000

# Not copied: created by `migrate` in every database (content types, permissions), or
# short-lived and worthless after a restore (sessions).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Models whose rows are seeded by migrations (reference data). A database that only holds
# these counts as empty; a restore replaces them with the backup's copy.
REFERENCE_MODELS = {
    "agreements.praatplaatquestion",
    "agreements.safeguard",
    "agreements.instrument",
    "agreements.lesson",
    "initiatives.killerphrase",
    "finance.taakveld",
}
# Related by natural key instead of id, because their ids differ between databases.
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the operator."""


@dataclass
class RestoreResult:
    manifest: dict
    rows: int
    media_files: int
    audit_entries: int


@dataclass
class _Member:
    name: str
    path: Path
    sha256: str = ""
    size: int = 0
    extra: dict = field(default_factory=dict)


# --- which models ----------------------------------------------------------------------------


def backed_up_models() -> list:
    """Every concrete, managed model that a backup holds, in a fixed order."""
    models = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in EXCLUDED_MODELS:
            continue
        models.append(model)
    return models


def _m2m_tables(models) -> dict[str, object]:
    """label of the auto-created through model -> through model, for the m2m fields the
    serializer writes inline."""
    tables = {}
    for model in models:
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                tables[through._meta.label_lower] = through
    return tables


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _require_migrated() -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(_("The database is not fully migrated. Run `samenspel migrate` first."))


def _audit_head() -> dict:
    head = AuditHead.objects.filter(id=1).first()
    return {"seq": head.seq, "hash": head.hash} if head else {"seq": 0, "hash": "0" * 64}


# --- serialising -------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them exact (the audit
    chain's hashes are computed over the full time)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON Lines with natural keys only for content types and permissions, exact times."""

    def serialize(self, queryset, **options):
        options.setdefault("cls", _Encoder)
        return super().serialize(queryset, **options)

    def _natural_for(self, field) -> bool:
        return field.remote_field.model._meta.label_lower in NATURAL_KEY_MODELS

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = self._natural_for(field)
        super().handle_m2m_field(obj, field)


def _rows(model) -> Iterator:
    queryset = model._base_manager.order_by("pk")
    m2m = [f.name for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    return queryset.iterator(chunk_size=CHUNK)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _begin_snapshot() -> None:
    """Make the current transaction one consistent, read-only view (PostgreSQL). SQLite's
    transaction is consistent by itself (writers wait for it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def create_backup(path: Path | str, *, progress: Callable[[str], None] | None = None) -> dict:
    """Write a backup of the database and MEDIA_ROOT to `path` (.tar.gz). Returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda message: None)
    _require_migrated()
    models = backed_up_models()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="samenspel-backup-", dir=path.parent) as tmp:
        tmpdir = Path(tmp)
        members: list[_Member] = []
        counts: dict[str, int] = {}
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost:
                _begin_snapshot()
            created_at = timezone.now()
            migrations = applied_migrations()
            head = _audit_head()
            for number, model in enumerate(models, start=1):
                label = model._meta.label_lower
                name = f"data/{number:03d}-{label}.jsonl"
                file_path = tmpdir / f"{number:03d}.jsonl"
                counter = {"n": 0}

                def counted(rows, counter=counter):
                    for row in rows:
                        counter["n"] += 1
                        yield row

                with file_path.open("w", encoding="utf-8") as fh:
                    _Serializer().serialize(counted(_rows(model)), stream=fh)
                counts[label] = counter["n"]
                members.append(_Member(name, file_path, extra={"model": label, "rows": counter["n"]}))
                if counter["n"]:
                    say(f"{label}: {counter['n']}")
            m2m_counts = {label: through._base_manager.count() for label, through in _m2m_tables(models).items()}
        media = [_Member(f"media/{p.relative_to(media_root).as_posix()}", p) for p in _media_files(media_root)]
        for member in (*members, *media):
            member.sha256 = _sha256(member.path)
            member.size = member.path.stat().st_size
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "samenspel_version": samenspel_version(),
            "django_version": django.get_version(),
            "database_vendor": connection.vendor,
            "created_at": created_at.isoformat(),
            "migrations": migrations,
            "counts": counts,
            "m2m_counts": m2m_counts,
            "audit_head": head,
            "data": [{"name": m.name, "sha256": m.sha256, "size": m.size, **m.extra} for m in members],
            "media": [{"name": m.name, "sha256": m.sha256, "size": m.size} for m in media],
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            raw = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(raw)
            info.mtime = int(created_at.timestamp())
            tar.addfile(info, io.BytesIO(raw))
            for member in (*members, *media):
                tar.add(member.path, arcname=member.name, recursive=False)
        os.replace(partial, path)
    return manifest


# --- reading a backup --------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads through a file object and keeps the SHA-256 of what went by."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.fileobj.read(len(buffer))
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)


def _open_backup(path: Path):
    if not path.is_file():
        raise BackupError(_("There is no backup file at %(path)s.") % {"path": path})
    try:
        return tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("%(path)s is not a Samenspel backup: %(reason)s") % {"path": path, "reason": exc}) from exc


def _read_manifest(tar, path: Path) -> dict:
    try:
        first = tar.next()
        if first is None or first.name != MANIFEST:
            raise BackupError(_("%(path)s is not a Samenspel backup: it has no manifest.") % {"path": path})
        manifest = json.load(tar.extractfile(first))
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(_("%(path)s is not a Samenspel backup: %(reason)s") % {"path": path, "reason": exc}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("%(path)s is not a Samenspel backup.") % {"path": path})
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this Samenspel reads version %(expected)s.")
            % {"found": manifest.get("format_version"), "expected": FORMAT_VERSION}
        )
    return manifest


def _safe_media_name(name: str) -> str:
    relative = name.removeprefix("media/")
    parts = Path(relative).parts
    if not relative or Path(relative).is_absolute() or ".." in parts:
        raise BackupError(_("The backup holds a file with an unsafe name: %(name)s") % {"name": name})
    return relative


def check_backup(path: Path | str) -> dict:
    """Read the whole backup and compare every file with the manifest's checksum, without
    touching the database. Returns the manifest."""
    path = Path(path)
    with _open_backup(path) as tar:
        manifest = _read_manifest(tar, path)
        expected = {m["name"]: m["sha256"] for m in (*manifest["data"], *manifest["media"])}
        seen = set()
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(
                    _("The backup holds a file the manifest does not list: %(name)s") % {"name": member.name}
                )
            reader = _HashingReader(tar.extractfile(member))
            while reader.read(1 << 20):
                pass
            if reader.digest.hexdigest() != expected[member.name]:
                raise BackupError(_("The file %(name)s in the backup is damaged (checksum).") % {"name": member.name})
            seen.add(member.name)
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(
                _("The backup misses files the manifest lists: %(names)s") % {"names": ", ".join(missing)}
            )
    return manifest


# --- restoring ---------------------------------------------------------------------------------


def _check_migrations(manifest: dict) -> None:
    here = applied_migrations()
    there = manifest["migrations"]
    if here == there:
        return
    only_backup = sorted(f"{a}.{n}" for a, names in there.items() for n in set(names) - set(here.get(a, [])))
    only_here = sorted(f"{a}.{n}" for a, names in here.items() for n in set(names) - set(there.get(a, [])))
    details = []
    if only_backup:
        details.append(_("not applied here: %(names)s") % {"names": ", ".join(only_backup[:10])})
    if only_here:
        details.append(_("applied here but not in the backup: %(names)s") % {"names": ", ".join(only_here[:10])})
    raise BackupError(
        _(
            "The database's migrations differ from the backup's (%(details)s). Restore with the "
            "Samenspel version that made the backup (%(version)s), after `samenspel migrate`, and upgrade afterwards."
        )
        % {"details": "; ".join(details), "version": manifest.get("samenspel_version", "?")}
    )


def _check_empty(models) -> None:
    filled = []
    for model in models:
        label = model._meta.label_lower
        if label in REFERENCE_MODELS:
            continue
        if model._base_manager.exists():
            filled.append(label)
    if filled:
        raise BackupError(
            _(
                "The database is not empty (%(models)s). A backup is only restored into a new, migrated "
                "database, so nothing is mixed or overwritten."
            )
            % {"models": ", ".join(filled[:10])}
        )


def _check_media_root(media_root: Path, manifest: dict) -> None:
    for entry in manifest["media"]:
        target = media_root / _safe_media_name(entry["name"])
        if target.exists() and _sha256(target) != entry["sha256"]:
            raise BackupError(
                _("MEDIA_ROOT already holds a different file %(name)s; restore into an empty MEDIA_ROOT.")
                % {"name": entry["name"]}
            )


def _delete_all(models, m2m_tables) -> None:
    """Remove the rows the migrations seeded (and anything else in these tables, which
    _check_empty has shown to be reference data only). Foreign keys are checked at commit."""
    for through in m2m_tables.values():
        through._base_manager.all()._raw_delete(connection.alias)
    for model in reversed(models):
        model._base_manager.all()._raw_delete(connection.alias)


def _load_member(fileobj, model_by_label) -> dict[str, int]:
    """Load one data file. Rows go in with bulk_create in chunks; many-to-many links after them."""
    counts: dict[str, int] = {}
    batch: list = []
    links: dict[object, list] = {}

    def flush():
        if not batch:
            return
        model = type(batch[0].object)
        if model._meta.parents:
            for item in batch:
                item.save(using=connection.alias)
        else:
            model._base_manager.bulk_create([item.object for item in batch], batch_size=CHUNK)
            for item in batch:
                for name, values in (item.m2m_data or {}).items():
                    m2m = model._meta.get_field(name)
                    through = m2m.remote_field.through
                    source = m2m.m2m_field_name()
                    target = m2m.m2m_reverse_field_name()
                    rows = links.setdefault(through, [])
                    rows.extend(through(**{f"{source}_id": item.object.pk, f"{target}_id": value}) for value in values)
        for through, rows in links.items():
            through._base_manager.bulk_create(rows, batch_size=CHUNK)
        links.clear()
        batch.clear()

    text = io.TextIOWrapper(fileobj, encoding="utf-8")
    try:
        for item in jsonl.Deserializer(text, using=connection.alias):
            label = item.object._meta.label_lower
            if label not in model_by_label:
                raise BackupError(
                    _("The backup holds rows of %(model)s, which this Samenspel does not have.") % {"model": label}
                )
            counts[label] = counts.get(label, 0) + 1
            if batch and type(batch[0].object) is not type(item.object):
                flush()
            batch.append(item)
            if len(batch) >= CHUNK:
                flush()
        flush()
    except (DeserializationError, IntegrityError, ValueError) as exc:
        raise BackupError(_("A row in the backup cannot be loaded: %(reason)s") % {"reason": exc}) from exc
    return counts


def _reset_sequences(models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [*models, *_m2m_tables(models).values()])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _verify(manifest: dict, models, loaded: dict[str, int]) -> None:
    expected = manifest["counts"]
    wrong = []
    for model in models:
        label = model._meta.label_lower
        actual = model._base_manager.count()
        if actual != expected.get(label, 0) or loaded.get(label, 0) != expected.get(label, 0):
            wrong.append(f"{label} {actual}/{expected.get(label, 0)}")
    for label, through in _m2m_tables(models).items():
        actual = through._base_manager.count()
        if actual != manifest["m2m_counts"].get(label, 0):
            wrong.append(f"{label} {actual}/{manifest['m2m_counts'].get(label, 0)}")
    unknown = sorted(set(expected) - {m._meta.label_lower for m in models})
    if unknown:
        wrong.extend(f"{label} ?/{expected[label]}" for label in unknown)
    if wrong:
        raise BackupError(
            _("After loading, the numbers of rows differ from the backup's manifest: %(models)s")
            % {"models": ", ".join(wrong[:10])}
        )
    result = audit.verify()
    if not result.ok:
        raise BackupError(
            _("After loading, the audit chain is broken at entry #%(seq)s (%(reason)s).")
            % {"seq": result.broken_seq, "reason": result.reason}
        )
    head = _audit_head()
    if head != manifest["audit_head"]:
        raise BackupError(
            _("After loading, the audit chain's head (#%(seq)s) is not the one in the manifest (#%(expected)s).")
            % {"seq": head["seq"], "expected": manifest["audit_head"]["seq"]}
        )


def restore_backup(path: Path | str, *, progress: Callable[[str], None] | None = None) -> RestoreResult:
    """Restore a backup into this empty, migrated database and MEDIA_ROOT. All or nothing."""
    path = Path(path)
    say = progress or (lambda message: None)
    models = backed_up_models()
    model_by_label = {m._meta.label_lower: m for m in models}
    media_root = Path(settings.MEDIA_ROOT)
    with _open_backup(path) as tar:
        manifest = _read_manifest(tar, path)
        _check_migrations(manifest)
        _check_empty(models)
        _check_media_root(media_root, manifest)
        expected = {m["name"]: m["sha256"] for m in (*manifest["data"], *manifest["media"])}
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
        try:
            loaded: dict[str, int] = {}
            media_count = 0
            with transaction.atomic():
                _delete_all(models, _m2m_tables(models))
                for member in tar:
                    if member.name == MANIFEST:
                        continue
                    if member.name not in expected or not member.isfile():
                        raise BackupError(
                            _("The backup holds a file the manifest does not list: %(name)s") % {"name": member.name}
                        )
                    reader = _HashingReader(tar.extractfile(member))
                    if member.name.startswith("data/"):
                        for label, n in _load_member(io.BufferedReader(reader, CHUNK * 64), model_by_label).items():
                            loaded[label] = loaded.get(label, 0) + n
                        say(f"{member.name}")
                    else:
                        target = staging / _safe_media_name(member.name)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with target.open("wb") as out:
                            shutil.copyfileobj(reader, out, 1 << 20)
                        media_count += 1
                    if reader.digest.hexdigest() != expected.pop(member.name):
                        raise BackupError(
                            _("The file %(name)s in the backup is damaged (checksum).") % {"name": member.name}
                        )
                if expected:
                    raise BackupError(
                        _("The backup misses files the manifest lists: %(names)s")
                        % {"names": ", ".join(sorted(expected)[:10])}
                    )
                try:
                    connection.check_constraints()
                except IntegrityError as exc:
                    raise BackupError(
                        _("After loading, a row refers to a row that is not there: %(reason)s") % {"reason": exc}
                    ) from exc
                _reset_sequences(models)
                _verify(manifest, models, loaded)
                audit.record(
                    "core.backup.restored",
                    data={
                        "created_at": manifest["created_at"],
                        "samenspel_version": manifest["samenspel_version"],
                        "rows": sum(loaded.values()),
                        "media": media_count,
                    },
                )
            # The database is committed: move the files in.
            for source in sorted(p for p in staging.rglob("*") if p.is_file()):
                target = media_root / source.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(
        manifest=manifest,
        rows=sum(loaded.values()),
        media_files=media_count,
        audit_entries=manifest["audit_head"]["seq"],
    )
