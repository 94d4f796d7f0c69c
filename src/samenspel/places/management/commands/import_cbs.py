from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samenspel.places.cbs_import import ImportRefused, import_cbs


class Command(BaseCommand):
    help = (
        "Import CBS Kerncijfers wijken en buurten: a regions CSV with figures and, optionally, "
        "GeoJSON boundary files. Everything is checked first; if anything is wrong, every "
        "problem is listed and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("regions", type=Path, help="regions CSV, e.g. groningen_regions_2024.csv")
        parser.add_argument("boundaries", nargs="*", type=Path, help="GeoJSON boundary files")
        parser.add_argument("--year", type=int, help="year of the figures (default: from the file name)")
        parser.add_argument(
            "--kind",
            choices=["wijk", "dorp"],
            default="wijk",
            help="what new CBS wijken become in Samenspel: wijk (town) or dorp (village)",
        )
        parser.add_argument("--table", default="85984NED", help="CBS table code (default 85984NED)")

    def handle(self, *args, **options):
        try:
            report = import_cbs(
                options["regions"],
                options["boundaries"],
                year=options["year"],
                neighbourhood_kind=options["kind"],
                table_code=options["table"],
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(refused)) from None
        self.stdout.write(
            _(
                "Imported CBS figures for %(year)d: %(created)d places created, %(updated)d updated, "
                "%(unchanged)d unchanged; %(values)d figures and %(boundaries)d boundaries."
            )
            % {
                "year": report.year,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "values": report.values,
                "boundaries": report.boundaries,
            }
        )
