from django.core.management.base import BaseCommand

from samenspel.notifications.services import send_weekly_digests


class Command(BaseCommand):
    help = "Email the weekly digest to everyone who chose it (run weekly, e.g. from cron or the task worker)."

    def handle(self, *args, **options):
        sent = send_weekly_digests()
        self.stdout.write(f"Weekly digest sent to {sent} people.")
