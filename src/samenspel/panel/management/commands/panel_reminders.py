from django.core.management.base import BaseCommand

from samenspel.panel.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind panel members with an account who were invited to a consultation and have not answered yet: once "
        "per consultation, when half its time has passed or it closes within two days. Run daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Reminders sent: {sent}.")
