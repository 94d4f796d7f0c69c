"""The health endpoint (/gezond/) for the load balancer, the container's HEALTHCHECK and
monitoring. It checks the database (SELECT 1), the cache (write and read back) and the
background task queue (how long the oldest task that is ready has been waiting, and whether
any task has been running for longer than the lease). It answers JSON with status "ok"
(200), or "fail" (503) when the database or the cache does not work. A late task queue means
the task worker is down or behind: the app itself still serves pages, so that is reported as
"warn" with 200 and is for monitoring to act on. No personal data, no counts of anything but
tasks; no login needed (see accounts.middleware and SECURE_REDIRECT_EXEMPT)."""

import importlib.metadata
import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

# How long the oldest ready task may wait before the queue counts as late (seconds).
DEFAULT_BACKLOG_MAX_AGE = 600


def samenspel_version() -> str:
    try:
        return importlib.metadata.version("samenspel")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def check_database() -> dict:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_cache() -> dict:
    started = time.perf_counter()
    key = f"samenspel:health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    if value != "1":
        return {"status": "fail", "reason": "value not read back"}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_tasks() -> dict:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .worker import lease_seconds

    now = timezone.now()
    max_age = int(getattr(settings, "SAMENSPEL_TASK_BACKLOG_MAX_AGE", DEFAULT_BACKLOG_MAX_AGE))
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    backlog_age = int((now - oldest).total_seconds()) if oldest else 0
    stale_running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(seconds=lease_seconds())
    ).count()
    late = backlog_age > max_age or stale_running > 0
    return {
        "status": "warn" if late else "ok",
        "ready": ready.count(),
        "oldest_ready_age_s": backlog_age,
        "max_age_s": max_age,
        "running_past_lease": stale_running,
    }


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}
# A failure of these makes the app unusable: answer 503 so the load balancer stops sending traffic.
CRITICAL = {"database", "cache"}


def run_checks() -> tuple[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports every failure, whatever it is
            log.warning("health check %s failed: %s", name, type(exc).__name__)
            results[name] = {"status": "fail", "reason": type(exc).__name__}
    if any(results[name]["status"] == "fail" for name in CRITICAL):
        status = "fail"
    elif any(result["status"] != "ok" for result in results.values()):
        status = "warn"
    else:
        status = "ok"
    return status, results


@never_cache
@require_GET
def health(request):
    status, results = run_checks()
    return JsonResponse(
        {"status": status, "version": samenspel_version(), "checks": results}, status=503 if status == "fail" else 200
    )
