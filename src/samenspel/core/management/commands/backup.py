"""`samenspel backup [PATH]`: the database and uploaded files in one verifiable .tar.gz."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.core.audit import verify
from samenspel.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a backup of the database and MEDIA_ROOT to PATH (.tar.gz; default: "
        "DATA_DIR/backups/samenspel-YYYYmmdd-HHMMSS.tar.gz). Restore it with `samenspel restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Where to write the backup (.tar.gz).")

    def handle(self, *args, path=None, verbosity=1, **options):
        if path:
            target = Path(path)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.DATA_DIR) / "backups" / f"samenspel-{stamp}.tar.gz"
        progress = self.stdout.write if verbosity > 1 else None
        try:
            manifest = create_backup(target, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        chain = verify()
        if not chain.ok:
            self.stderr.write(
                _(
                    "Warning: the audit chain is broken at entry #%(seq)s (%(reason)s). The backup holds it as it "
                    "is, and `samenspel restore` will refuse it until the chain is repaired."
                )
                % {"seq": chain.broken_seq, "reason": chain.reason}
            )
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            _("Backup written to %(path)s: %(rows)s rows, %(media)s files, audit log up to entry #%(seq)s.")
            % {"path": target, "rows": rows, "media": len(manifest["media"]), "seq": manifest["audit_head"]["seq"]}
        )
