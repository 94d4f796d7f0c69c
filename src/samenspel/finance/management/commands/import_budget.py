from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.finance.amounts import AmountError, format_euros, parse_amount
from samenspel.finance.importing import ImportRefused, import_budget
from samenspel.places.models import Place, PlaceKind


class Command(BaseCommand):
    help = (
        "Import budget lines of one municipality and year from a CSV or XLSX file. Every row is checked "
        "first; if anything is wrong, every problem is listed with its row and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file (format: see finance/importing.py)")
        parser.add_argument("--municipality", required=True, help="slug of the municipality, e.g. groningen")
        parser.add_argument("--year", required=True, type=int, help="the budget year")
        parser.add_argument("--total", help="the total planned amount the lines must add up to, in euro")
        parser.add_argument("--as", dest="actor", help="email address of the person recorded in the audit log")

    def handle(self, *args, **options):
        municipality = Place.objects.filter(slug=options["municipality"], kind=PlaceKind.MUNICIPALITY).first()
        if municipality is None:
            raise CommandError(_("No municipality with the slug “%(slug)s”.") % {"slug": options["municipality"]})
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email=options["actor"].lower()).first()
            if actor is None:
                raise CommandError(_("No account with the email address %(email)s.") % {"email": options["actor"]})
        total = None
        if options["total"]:
            try:
                total = parse_amount(options["total"])
            except AmountError as error:
                raise CommandError(_("--total: %(problem)s") % {"problem": error}) from None
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("%(file)s cannot be read: %(error)s") % {"file": path, "error": error}) from None
        try:
            report = import_budget(
                data, path.name, municipality=municipality, year=options["year"], actor=actor, stated_total_cents=total
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{path.name}, {problem}")
            if refused.more:
                self.stderr.write(_("… and %(n)d more problems.") % {"n": refused.more})
            raise CommandError(str(refused)) from None
        self.stdout.write(
            _(
                "Imported %(rows)d budget lines of %(municipality)s for %(year)d: %(created)d new, %(updated)d "
                "changed, %(unchanged)d unchanged; planned in total € %(total)s."
            )
            % {
                "rows": report.rows,
                "municipality": municipality.name,
                "year": report.year,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "total": format_euros(report.total_planned_cents),
            }
        )
