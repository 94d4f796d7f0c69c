import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.budgeting import pbfile, tally

HELP = gettext_lazy(
    "Participatory budgets in pabulib's .pb format: count a file (pb tally FILE.pb --rule RULE), "
    "export a round (pb export ROUND_ID) or import a file as a closed round (pb import FILE --budget ID). "
    "A malformed file is refused with FILE:LINE: reason and exit code 2."
)


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a plain string, in the language active now
        return str(HELP)

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{tally,export,import}")

        count = actions.add_parser("tally", help=gettext_lazy("count a .pb file and print the winners"))
        count.add_argument("file", type=Path, help=gettext_lazy("the .pb file"))
        count.add_argument(
            "--rule",
            choices=tally.RULES,
            help=gettext_lazy("counting rule (default: the file's META rule if it is one we know, else greedy)"),
        )
        count.add_argument(
            "--utility",
            choices=tally.UTILITIES,
            help=gettext_lazy(
                "how a voter values a project for MES: its cost or a count (default: META utility, else cost)"
            ),
        )
        count.add_argument(
            "--increment",
            type=int,
            help=gettext_lazy(
                "Add1: raise every voter's share by this much per step, in the file's unit "
                "(default 1; 100 when META says cost_unit;cent)"
            ),
        )
        count.add_argument(
            "--lot-seed",
            help=gettext_lazy("seed of the public lot that breaks ties (default: META lot_seed, else the empty seed)"),
        )
        count.add_argument(
            "--json",
            action="store_true",
            help=gettext_lazy('print {"selected": [...], "cost": N, "rule": "..."} only'),
        )

        export = actions.add_parser("export", help=gettext_lazy("write a round as a .pb file"))
        export.add_argument("round_id", type=int, help=gettext_lazy("the round's number"))
        export.add_argument("-o", "--output", type=Path, help=gettext_lazy("file to write (default: print it)"))

        load = actions.add_parser("import", help=gettext_lazy("import a .pb file as a closed round"))
        load.add_argument("file", type=Path, help=gettext_lazy("the .pb file"))
        load.add_argument(
            "--budget", type=int, required=True, help=gettext_lazy("the number of the budget the round belongs to")
        )

    def handle(self, *args, action, **options):
        if action == "tally":
            self.tally(options["file"], options)
        elif action == "export":
            self.export(options["round_id"], options.get("output"))
        else:
            self.load(options["file"], options["budget"])

    def refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(2)

    def read(self, file: Path) -> str:
        try:
            return file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.refuse(f"{file}: {_('cannot read the file')}: {error}")

    def parse(self, file: Path, text: str) -> pbfile.PbFile:
        try:
            return pbfile.parse(text)
        except pbfile.PbFormatError as error:
            self.refuse(f"{file}:{error.line}: {error.reason}")

    def tally(self, file: Path, options):
        pb = self.parse(file, self.read(file))
        rule = options.get("rule")
        note = ""
        if rule is None:
            rule = pb.rule or "greedy"
            meta_rule = pb.meta.get("rule", "")
            if pb.rule:
                note = _("from the file's META rule %(meta)s") % {"meta": meta_rule}
            else:
                note = _("the default; the file's META rule %(meta)s is not one we count") % {"meta": meta_rule or "-"}
        seed = options.get("lot_seed")
        if seed is None:
            seed = pb.meta.get("lot_seed")  # a round exported by Samenspel records its lot
        lot = tally.lot_order(seed, [p["project_id"] for p in pb.projects]) if seed is not None else None
        increment = options.get("increment")
        if increment is None and pb.meta.get("cost_unit", "").strip().lower() in ("cent", "cents"):
            increment = 100  # one euro, as for a round
        try:
            utility = options.get("utility") or pb.meta.get("utility", "").strip().lower() or "cost"
            outcome = tally.tally(pb.election(), rule, utility=utility, lot=lot, increment=increment)
        except tally.TallyError as error:
            self.refuse(f"{file}: {error}")
        if options["json"]:
            self.stdout.write(json.dumps({"selected": list(outcome.selected), "cost": outcome.cost, "rule": rule}))
            return
        self.stdout.write(_("Rule: %(rule)s") % {"rule": rule} + (f" ({note})" if note else ""))
        if outcome.rule in tally.MES_RULES:
            self.stdout.write(_("Utility: %(utility)s") % {"utility": outcome.utility})
        self.stdout.write(
            _("Selected (%(count)d): %(ids)s") % {"count": len(outcome.selected), "ids": ", ".join(outcome.selected)}
        )
        self.stdout.write(_("Total cost: %(cost)d of %(budget)d") % {"cost": outcome.cost, "budget": outcome.budget})
        if outcome.per_voter_budget is not None:
            share = outcome.per_voter_budget
            self.stdout.write(
                _("Share per voter: %(share).2f (%(exact)s)") % {"share": float(share), "exact": str(share)}
            )

    def export(self, round_id: int, output: Path | None):
        from samenspel.budgeting.exchange import round_to_pb
        from samenspel.budgeting.models import Round

        round_ = Round.objects.select_related("budget__place").filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(_("There is no round %(id)d.") % {"id": round_id})
        text = round_to_pb(round_)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(_("Wrote %(file)s.") % {"file": output})

    def load(self, file: Path, budget_id: int):
        from samenspel.budgeting.exchange import import_pb
        from samenspel.budgeting.models import Budget

        budget = Budget.objects.filter(pk=budget_id).first()
        if budget is None:
            raise CommandError(_("There is no budget %(id)d.") % {"id": budget_id})
        text = self.read(file)
        self.parse(file, text)
        round_ = import_pb(text, budget, None)
        self.stdout.write(
            _("Imported round %(id)d (%(title)s): %(projects)d projects, %(ballots)d ballots.")
            % {
                "id": round_.pk,
                "title": round_.title,
                "projects": round_.projects.count(),
                "ballots": round_.ballots.count(),
            }
        )
