"""Background tasks that survive a worker restart.

django-tasks' database backend (django_tasks_db 0.12) marks a task RUNNING when a worker
claims it and SUCCESSFUL or FAILED when it ends. A worker that is killed (SIGKILL, out of
memory, the machine stops) never gets to the end: the row stays RUNNING for ever and the task
is silently lost, because workers only pick READY tasks.

`samenspel worker` (management command `worker`) therefore starts with `requeue_stale()`:
a RUNNING task is put back to READY when the worker that claimed it is gone, that is

- it ran on this machine (worker ids are `host:pid:random`) and that process no longer
  exists, or
- it has been running for longer than the lease (SAMENSPEL_TASK_LEASE seconds, default
  one hour), whichever worker claimed it.

Then it runs django-tasks' own worker loop. Every requeue is logged and written to the audit
log. The project's tasks are idempotent, so running one again after a crash is safe
(sortition.services.compute, deliberation.tasks.recompute_map)."""

import logging
import os
import secrets
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import audit

log = logging.getLogger("samenspel.tasks")

DEFAULT_LEASE = 3600
# A task whose worker died this many times is not tried again but marked failed: it is
# probably what kills the worker.
DEFAULT_MAX_ATTEMPTS = 5


class WorkerLost(Exception):
    """The exception a task is failed with when its worker died too often while running it."""


def lease_seconds() -> int:
    return int(getattr(settings, "SAMENSPEL_TASK_LEASE", DEFAULT_LEASE))


def _host() -> str:
    return socket.gethostname().split(".")[0][:40] or "host"


def new_worker_id() -> str:
    """`host:pid:random`, at most 64 characters (django_tasks_db's limit)."""
    return f"{_host()}:{os.getpid()}:{secrets.token_hex(4)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _dead_local_worker(worker_id: str) -> bool:
    """True when `worker_id` names a process on this machine that no longer runs."""
    parts = worker_id.split(":")
    if len(parts) != 3 or parts[0] != _host() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    return pid != os.getpid() and not _process_alive(pid)


def requeue_stale(now=None) -> list[str]:
    """Put RUNNING tasks whose worker is gone back to READY (or FAILED after too many
    attempts). Returns the ids of the tasks put back."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    expired = now - timedelta(seconds=lease_seconds())
    max_attempts = int(getattr(settings, "SAMENSPEL_TASK_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))
    requeued = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for result in running:
            last_worker = result.worker_ids[-1] if result.worker_ids else ""
            if result.started_at and result.started_at < expired:
                reason = "lease expired"
            elif _dead_local_worker(last_worker):
                reason = "worker process gone"
            else:
                continue
            attempts = len(result.worker_ids)
            if attempts >= max_attempts:
                DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                    traceback=f"The worker died {attempts} times while running this task ({reason}).",
                    return_value=None,
                )
                action = "tasks.given_up"
            else:
                DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY, started_at=None
                )
                requeued.append(str(result.pk))
                action = "tasks.requeued"
            log.warning(
                "%s task %s (%s): %s",
                action,
                result.pk,
                result.task_path,
                reason,
                extra={"task_id": str(result.pk), "task_path": result.task_path, "reason": reason},
            )
            audit.record(
                action,
                data={
                    "task_id": str(result.pk),
                    "task": result.task_path,
                    "worker": last_worker,
                    "reason": reason,
                    "attempts": attempts,
                },
            )
    return requeued
