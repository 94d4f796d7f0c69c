import datetime

from django.core.management.base import BaseCommand

from samenspel.finance.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind officials (and challengers) of terms of the right to challenge that are about to expire or have "
        "expired, and of unanswered questions about the budget; close offers whose bid period is over. Run daily, "
        "e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, **options):
        sent = send_reminders(today=options["date"])
        self.stdout.write(f"Reminders sent: {sent}.")
