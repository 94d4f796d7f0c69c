from django.core.management.base import BaseCommand

from samenspel.demo import api_demo
from samenspel.demo.budgeting_demo import demo_notes
from samenspel.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo municipality (Groningen and Westerkwartier) with demo people and logins."

    def handle(self, *args, **options):
        report = load_demo()
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Demo loaded: {report.places} places with CBS figures, {report.dna_items} new DNA items, "
                f"{report.trajectories} new trajectories of the Gronings model, {report.ideas} ideas, "
                f"{report.agendas} neighbourhood agendas, {report.decisions} decisions and advices, "
                f"{report.budget_rounds} participatory budget rounds, {report.budget_lines} open budget lines, "
                f"{report.panels} neighbourhood panels, {report.draws} draws by lot, "
                f"{report.conversations} conversations, debates and meetings."
            )
        )
        out.write("")
        out.write(f"Demo logins (password for all: {report.password})")
        width = max(len(login.email) for login in report.logins)
        for login in report.logins:
            line = f"  {login.email.ljust(width)}  {login.description}"
            if login.totp_secret:
                line += (
                    f"\n  {'':{width}}  two-step login: secret {login.totp_secret}"
                    f" or run `samenspel demo_code {login.email}`"
                )
            out.write(line)
        out.write("")
        out.write("These accounts exist only in this demo database.")
        notes = demo_notes()
        if notes:
            out.write("")
            for line in notes:
                out.write(line)
        for line in api_demo.demo_notes():
            out.write(line)
