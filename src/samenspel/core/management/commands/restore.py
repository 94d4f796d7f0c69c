"""`samenspel restore PATH`: load a backup into an empty, migrated database. All or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samenspel.core.backup import BackupError, check_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made with `samenspel backup` into an empty database (after `samenspel migrate`) "
        "and MEDIA_ROOT. Nothing is kept unless the row counts and the audit chain match the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.tar.gz).")
        parser.add_argument(
            "--check", action="store_true", help="Only check the file against its manifest; change nothing."
        )

    def handle(self, *args, path, check=False, verbosity=1, **options):
        progress = self.stdout.write if verbosity > 1 else None
        try:
            if check:
                manifest = check_backup(path)
                self.stdout.write(
                    _("The backup is intact: %(rows)s rows and %(media)s files, made %(created)s.")
                    % {
                        "rows": sum(manifest["counts"].values()),
                        "media": len(manifest["media"]),
                        "created": manifest["created_at"],
                    }
                )
                return
            result = restore_backup(path, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Backup of %(created)s restored: %(rows)s rows, %(media)s files; the audit chain verifies "
                "(%(entries)s entries)."
            )
            % {
                "created": result.manifest["created_at"],
                "rows": result.rows,
                "media": result.media_files,
                "entries": result.audit_entries,
            }
        )
