from django.core.management.base import BaseCommand, CommandError

from samenspel.demo.loader import demo_totp_code
from samenspel.demo.models import DemoAccount


class Command(BaseCommand):
    help = "Print the current two-step login code of a demo account (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        try:
            self.stdout.write(demo_totp_code(email))
        except DemoAccount.DoesNotExist as error:
            raise CommandError(f"{email} is not a demo account.") from error
