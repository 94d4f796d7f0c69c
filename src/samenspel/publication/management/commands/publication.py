from django.core.management.base import BaseCommand

from samenspel.publication.models import Publication
from samenspel.publication.services import sync_all
from samenspel.publication.woo import Kind


class Command(BaseCommand):
    help = "Keeps the publication register (/publicaties/) in step with the records it publishes."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="Add, update and remove register entries to match the records.")
        sync.add_argument("--kind", action="append", choices=Kind.values, help="Only this kind (repeatable).")
        sync.add_argument(
            "--reprint",
            action="store_true",
            help="Make every PDF anew on its next request (after a change of layout or translations).",
        )

    def handle(self, *args, action, kind=None, reprint=False, **options):
        counts = sync_all(kind)
        for name, numbers in counts.items():
            self.stdout.write(f"{name}: {numbers['published']} published, {numbers['removed']} removed")
        if reprint:
            entries = Publication.objects.all()
            if kind:
                entries = entries.filter(kind__in=kind)
            cleared = entries.update(pdf=None)
            self.stdout.write(f"{cleared} PDFs will be made anew")
