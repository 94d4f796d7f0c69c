"""A background task for test_tasks_survive: the first attempt waits (long enough to be
killed), a later attempt records that it ran. `main` is called in a subprocess (after
django.setup()), because the test's worker runs on its own database, which only a process
with its DATABASE_URL can reach: main(["enqueue", MARKER_DIR]) or main(["status", TASK_ID])."""

import json
import os
import time
from pathlib import Path

from django_tasks import task


@task()
def slow_mark(marker_dir: str) -> int:
    from samenspel.core import audit

    markers = Path(marker_dir)
    attempt = len(list(markers.glob("started-*"))) + 1
    (markers / f"started-{attempt}").write_text(str(os.getpid()))
    if attempt == 1:
        time.sleep(120)  # killed here by the test
    audit.record("test.slow_task.completed", data={"attempt": attempt})
    return attempt


def main(argv: list[str]) -> None:
    from django_tasks_db.models import DBTaskResult

    from samenspel.core.models import AuditEntry

    if argv[0] == "enqueue":
        print(slow_mark.enqueue(argv[1]).id)
    elif argv[0] == "status":
        result = DBTaskResult.objects.get(pk=argv[1])
        print(
            json.dumps(
                {
                    "status": result.status,
                    "worker_ids": result.worker_ids,
                    "return_value": result.return_value,
                    "completed": AuditEntry.objects.filter(action="test.slow_task.completed").count(),
                    "requeued": list(AuditEntry.objects.filter(action="tasks.requeued").values_list("data", flat=True)),
                }
            )
        )
