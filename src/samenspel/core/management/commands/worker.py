"""`samenspel worker`: django-tasks' database worker (`db_worker`) that first puts back the
tasks a killed worker left RUNNING (samenspel.core.worker). Run this instead of `db_worker`."""

from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from samenspel.core.worker import new_worker_id, requeue_stale


class Command(DbWorkerCommand):
    help = (
        "Run the background task worker. On start, tasks left running by a worker that is gone "
        "are queued again. Same options as db_worker."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=new_worker_id())
        parser.add_argument(
            "--requeue-only",
            action="store_true",
            help="Only queue again the tasks of workers that are gone, then stop (for cron with several hosts).",
        )

    def handle(self, *args, requeue_only: bool = False, **options):
        requeued = requeue_stale()
        if requeued or requeue_only:
            self.stdout.write(_("Tasks queued again: %(n)s") % {"n": len(requeued)})
        if requeue_only:
            return
        super().handle(*args, **options)
