from django.core.management.base import BaseCommand, CommandError

from samenspel.core.audit import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain (also as `samenspel audit verify`)."

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(
                f"Audit chain broken at entry #{result.broken_seq}: {result.reason} "
                f"({result.count} entries before it are intact)."
            )
        self.stdout.write(f"Audit chain intact: {result.count} entries.")
