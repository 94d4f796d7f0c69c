import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.sortition import csvformat, draw
from samenspel.sortition.leximin import ALGORITHMS, find_distribution
from samenspel.sortition.quotas import Infeasible, QuotaError, committee_counts

HELP = gettext_lazy(
    "Drawing by lot. 'sortition select' draws a panel from files in the sortition-algorithms format "
    "(people and features CSV) with LEXIMIN or LEGACY; 'sortition verify MATERIAL.json' re-runs a published "
    "draw and exits 0 when it reproduces the panel, 1 when it does not. Bad input: a message naming the file "
    "and row, exit code 2."
)


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a plain string, in the language active now
        return str(HELP)

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{select,verify}")

        pick = actions.add_parser("select", help=gettext_lazy("draw a panel from a people and a features file"))
        pick.add_argument(
            "--people", type=Path, required=True, help=gettext_lazy("people CSV: id + one column per feature")
        )
        pick.add_argument(
            "--features", type=Path, required=True, help=gettext_lazy("features CSV: feature,value,min,max")
        )
        pick.add_argument("--seats", type=int, required=True, help=gettext_lazy("number of seats"))
        pick.add_argument("--seed", required=True, help=gettext_lazy("the seed that picks the panel from the lottery"))
        pick.add_argument("--algorithm", choices=ALGORITHMS, default="leximin", help=gettext_lazy("default: leximin"))
        pick.add_argument(
            "--address-columns",
            default="",
            help=gettext_lazy("comma-separated columns that together form an address: one person per household"),
        )
        pick.add_argument("--id-column", default="id", help=gettext_lazy("the id column (default: id)"))
        pick.add_argument(
            "--runs",
            type=int,
            default=200,
            help=gettext_lazy("legacy only: runs used to estimate everyone's chance (default 200)"),
        )
        pick.add_argument("--seed-source", default="", help=gettext_lazy("where the seed comes from, for the material"))
        pick.add_argument(
            "--material", type=Path, help=gettext_lazy("write the publishable material (no personal data) to this file")
        )
        pick.add_argument(
            "--json",
            action="store_true",
            help=gettext_lazy('print {"selected": [...], "probabilities": {...}, "algorithm": "...", "seed": "..."}'),
        )

        check = actions.add_parser("verify", help=gettext_lazy("re-run a published draw"))
        check.add_argument("material", type=Path, help=gettext_lazy("the published material (JSON)"))
        check.add_argument("--json", action="store_true", help=gettext_lazy("print the result as JSON"))

    def handle(self, *args, action, **options):
        if action == "select":
            self.select(options)
        else:
            self.verify(options["material"], options["json"])

    def refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(2)

    def read(self, file: Path) -> str:
        try:
            return file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.refuse(f"{file}: {_('cannot read the file')}: {error}")

    def select(self, options):
        address = [c.strip() for c in options["address_columns"].split(",") if c.strip()]
        seats = options["seats"]
        try:
            pool = csvformat.load(
                self.read(options["features"]),
                self.read(options["people"]),
                seats=seats,
                id_column=options["id_column"],
                address_columns=address or None,
                features_file=str(options["features"]),
                people_file=str(options["people"]),
            )
        except QuotaError as error:
            self.refuse(str(error))
        algorithm, seed = options["algorithm"], options["seed"]
        try:
            if algorithm == "legacy":
                from samenspel.sortition import legacy

                lottery = legacy.find_distribution(
                    pool.people, pool.quotas, seats, households=pool.households, seed=seed, runs=options["runs"]
                )
                selected = lottery.committees[0]
            else:
                lottery = find_distribution(pool.people, pool.quotas, seats, households=pool.households)
                selected = draw.select(lottery, seed)
        except Infeasible as error:
            self.refuse(f"{options['features']}: {error}")
        except QuotaError as error:
            self.refuse(f"{options['features']}: {error}")
        if options.get("material"):
            data = draw.material(
                pool.people, pool.quotas, seats, options["seed_source"], seed, lottery, selected, pool.households
            )
            options["material"].write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        probabilities = dict(sorted(lottery.marginals.items()))
        if options["json"]:
            out = {"selected": sorted(selected), "probabilities": probabilities, "algorithm": algorithm, "seed": seed}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        values = list(probabilities.values())
        self.stdout.write(_("Algorithm: %(algorithm)s, seed: %(seed)s") % {"algorithm": algorithm, "seed": seed})
        self.stdout.write(
            _("Selected (%(count)d): %(ids)s") % {"count": len(selected), "ids": ", ".join(sorted(selected))}
        )
        self.stdout.write(
            _("Chance of being selected: lowest %(low).2f%%, highest %(high).2f%%, over %(people)d people")
            % {"low": 100 * min(values), "high": 100 * max(values), "people": len(values)}
        )
        if algorithm == "leximin":
            self.stdout.write(_("Panels in the lottery: %(count)d") % {"count": len(lottery.committees)})
        self.stdout.write(_("Quota and outcome per feature value:"))
        counts = committee_counts(selected, pool.people, pool.quotas)
        for q in pool.quotas:
            self.stdout.write(
                "  "
                + _("%(feature)s = %(value)s: %(count)d (quota %(min)d to %(max)d)")
                % {
                    "feature": q.feature,
                    "value": q.value,
                    "count": counts[(q.feature, q.value)],
                    "min": q.min,
                    "max": q.max,
                }
            )

    def verify(self, file: Path, as_json: bool):
        try:
            data = json.loads(self.read(file))
        except json.JSONDecodeError as error:
            self.refuse(f"{file}: {_('not valid JSON')}: {error.msg} (line {error.lineno})")
        if not isinstance(data, dict):
            self.refuse(f"{file}: {_('the material must be a JSON object')}")
        try:
            result = draw.verify(data)
        except (QuotaError, Infeasible) as error:
            self.refuse(f"{file}: {error}")
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif result["ok"]:
            self.stdout.write(
                _("The draw checks out: %(reason)s Panel: %(ids)s")
                % {"reason": _reason(result), "ids": ", ".join(result["selected"])}
            )
        else:
            self.stderr.write(_("The draw does not check out: %(reason)s") % {"reason": _reason(result)})
        sys.exit(0 if result["ok"] else 1)


# draw.verify is a pure module and explains itself in English; the command says it in the user's
# language, by the stable code it returns (the English reason stays for anything unknown).
VERIFY_REASONS = {
    "commitment_mismatch": gettext_lazy("The commitment does not match the published pool, quotas, seats and lottery."),
    "quotas_broken": gettext_lazy("The lottery holds a committee that breaks the quotas."),
    "probabilities": gettext_lazy("The lottery's probabilities do not add up to 1."),
    "not_fairest": gettext_lazy(
        "The published lottery is not the fairest one: a person's chance differs from a fresh computation."
    ),
    "different_panel": gettext_lazy("The seed draws a different panel from the one published."),
    "ok": gettext_lazy("The commitment matches and the seed draws the published panel."),
}


def _reason(result: dict) -> str:
    message = VERIFY_REASONS.get(result.get("code", ""))
    return str(message) if message is not None else result.get("reason", "")
