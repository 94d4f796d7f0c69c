import json as jsonlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from samenspel.agreements import congruence
from samenspel.agreements.checking import load_catalogue
from samenspel.agreements.document import DocumentError, parse_document, to_input


class Command(BaseCommand):
    help = (
        "Check an agreement document (JSON, format samenspel-agreement/1) against the congruence rule "
        "(also as `samenspel agreements check FILE.json`). Exits 0 only when it is congruent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--activation", action="store_true", help="also require what activation requires (C6)")
        parser.add_argument("--language", default="nl", choices=["nl", "en"])

    def handle(self, *args, file, activation: bool, language: str, **options):
        try:
            doc = jsonlib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"{file}: cannot read a JSON document: {error}", returncode=2) from error
        with translation.override(language):
            try:
                parsed = parse_document(doc)
            except DocumentError as error:
                for problem in error.problems:
                    self.stderr.write(problem)
                raise CommandError(f"{file}: not a valid agreement document.", returncode=2) from error
            report = congruence.check(
                to_input(parsed), load_catalogue(), today=timezone.localdate(), for_activation=activation
            )
            if options["json"]:
                self.stdout.write(jsonlib.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            else:
                titles = {item["key"]: item["title"] for item in parsed["scope_items"]}
                self.stdout.write(
                    translation.gettext("Congruent.") if report.congruent else translation.gettext("Not congruent.")
                )
                severity = {
                    "violation": translation.gettext("must be settled"),
                    "warning": translation.gettext("point of attention"),
                }
                for finding in report.findings:
                    where = f" [{titles.get(finding.scope_key, '')}]" if finding.scope_key else ""
                    sources = ", ".join(finding.sources)
                    self.stdout.write(
                        f"- {severity[finding.severity]} {finding.check}{where}: {finding.message} ({sources})"
                    )
        if not report.congruent:
            raise SystemExit(1)
