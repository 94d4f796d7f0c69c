import json as jsonlib
from pathlib import Path

from django.core.management.base import BaseCommand

from samenspel.deliberation import opinion_map, polis_csv


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Compute an opinion map (groups, consensus, representative statements) from a Polis open-data "
        "votes.csv (also as `samenspel opinion-map VOTES.csv`). A malformed file prints FILE:LINE: reason "
        "and exits 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("votes", type=Path, help="votes.csv: timestamp,datetime,comment-id,voter-id,vote")
        parser.add_argument("--json", action="store_true", help="print groups, consensus and repness as JSON")
        parser.add_argument(
            "--comments", type=Path, help="comments.csv: statements with moderated = -1 are left out, as in Polis"
        )
        parser.add_argument("--min-votes", type=int, default=7, help="votes needed to be placed in a group (7)")
        parser.add_argument(
            "--min-group-size", type=int, default=opinion_map.PRIVACY_FLOOR, help="smallest group allowed (5)"
        )
        parser.add_argument("--max-k", type=int, default=5, help="largest number of groups (5)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, votes: Path, comments: Path | None, **options):
        try:
            read = polis_csv.read_votes(votes)
            mod_out = polis_csv.read_moderated_out(comments) if comments else set()
        except polis_csv.PolisCSVError as error:
            self.stderr.write(str(error))
            raise SystemExit(2) from error
        result = opinion_map.compute(
            polis_csv.vote_triples(read),
            mod_out=mod_out,
            min_votes=options["min_votes"],
            min_group_size=options["min_group_size"],
            max_k=options["max_k"],
            seed=options["seed"],
        )
        if options["json"]:
            data = {
                "groups": result.groups,
                "consensus": result.consensus,
                "repness": {str(g): [r["statement"] for r in rows] for g, rows in result.repness.items()},
            }
            self.stdout.write(jsonlib.dumps(data, indent=2))
            return
        self.stdout.write(self._summary(result, len(read)))

    @staticmethod
    def _summary(result: opinion_map.OpinionMap, n_votes: int) -> str:
        people = len(result.coords)
        lines = [
            f"{n_votes} votes by {people} participants on {len(result.statement_stats)} statements.",
            f"{len(result.groups)} participants placed in {len(result.group_sizes)} group(s) "
            f"(silhouette {result.silhouette:.3f}).",
        ]
        for g, size in sorted(result.group_sizes.items()):
            lines.append(f"Group {g}: {size} participants.")
            if size < opinion_map.PRIVACY_FLOOR:
                lines.append(f"  (fewer than {opinion_map.PRIVACY_FLOOR} people: no statistics shown)")
                continue
            for r in result.repness.get(g, []):
                share = r["agree"] if r["direction"] == "agree" else r["disagree"]
                lines.append(
                    f"  statement {r['statement']}: {r['direction']}s ({share:g} of {r['n']:g} in the group, "
                    f"{r['repness']:.2f}x the others)"
                )
        lines.append("Consensus (most agreed first): " + (", ".join(result.consensus) or "none"))
        lines.append("Divisive: " + (", ".join(result.divisive) or "none"))
        return "\n".join(lines)
