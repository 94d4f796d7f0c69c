import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from samenspel.accounts.models import User
from samenspel.agreements.document import DocumentError, import_document
from samenspel.agreements.models import Trajectory


class Command(BaseCommand):
    help = (
        "Import an agreement document (JSON, format samenspel-agreement/1) as a new draft version of a "
        "trajectory (also as `samenspel agreements import`). The person named with --as must be allowed to run "
        "the trajectory; the import is in the audit log under their name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--trajectory", type=int, required=True, help="the trajectory's number")
        parser.add_argument("--as", dest="email", required=True, help="email address of the official importing it")

    def handle(self, *args, file, trajectory, email, **options):
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
            user = User.objects.get(email=email.lower(), is_active=True)
            target = Trajectory.objects.get(pk=trajectory)
            version = import_document(user=user, trajectory=target, doc=doc)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            if isinstance(error, DocumentError):
                for problem in error.problems:
                    self.stderr.write(problem)
            raise CommandError(f"{file}: cannot import: {error}") from error
        except (User.DoesNotExist, Trajectory.DoesNotExist) as error:
            raise CommandError(str(error)) from error
        except PermissionDenied as error:
            raise CommandError(f"{email} may not change this trajectory.") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Imported as version {version.number} (draft) of “{target}”: {version.get_absolute_url()}")
