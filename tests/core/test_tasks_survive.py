"""Background tasks survive a worker that is killed in the middle of one (SIGKILL): the
next `samenspel worker` queues the task again and it completes, exactly once."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from samenspel.core import worker as task_worker
from samenspel.core.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
SAMENSPEL = Path(sys.executable).with_name("samenspel")


@pytest.fixture
def own_database(tmp_path):
    """A database of its own, migrated by a subprocess, on the engine the suite runs on."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        name = f"{db['NAME']}_tasks_{uuid.uuid4().hex[:8]}"
        params = {k: v for k, v in {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}.items() if v}
        if db["PASSWORD"]:
            params["password"] = db["PASSWORD"]
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    else:
        name = None
        url = f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SAMENSPEL_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "samenspel.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
    }
    subprocess.run([str(SAMENSPEL), "migrate", "-v0"], env=env, check=True, cwd=tmp_path, timeout=600)  # noqa: S603
    yield env
    if name:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def helper(env, *args) -> str:
    code = f"import django; django.setup(); from tests.core.slow_tasks import main; main({list(args)!r})"
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_task_killed_with_its_worker_runs_again_exactly_once(own_database, tmp_path):
    env = own_database
    markers = tmp_path / "markers"
    markers.mkdir()
    task_id = helper(env, "enqueue", str(markers))
    worker_args = [str(SAMENSPEL), "worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"]

    first = subprocess.Popen(  # noqa: S603 - our own command
        worker_args, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while not (markers / "started-1").exists():
            assert time.monotonic() < deadline, "the worker did not start the task"
            assert first.poll() is None, "the worker stopped"
            time.sleep(0.2)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    state = json.loads(helper(env, "status", task_id))
    assert state["status"] == "RUNNING"  # what django_tasks_db leaves behind: stuck for ever
    assert state["completed"] == 0

    second = subprocess.run(  # noqa: S603 - our own command
        [*worker_args, "--batch"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180
    )
    assert second.returncode == 0, second.stderr
    state = json.loads(helper(env, "status", task_id))
    assert state["status"] == "SUCCESSFUL"
    assert state["return_value"] == 2
    assert state["completed"] == 1
    assert len(state["worker_ids"]) == 2
    assert state["requeued"][0]["reason"] == "worker process gone"
    assert sorted(p.name for p in markers.iterdir()) == ["started-1", "started-2"]


def make_result(*, worker_id: str, started_minutes_ago: int = 1, attempts: int = 1) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": ["x"], "kwargs": {}},
        task_path="tests.core.slow_tasks.slow_mark",
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
        worker_ids=[f"elsewhere:{n}:0000" for n in range(attempts - 1)] + [worker_id],
    )


@pytest.mark.django_db
def test_requeue_only_what_no_live_worker_holds(settings):
    settings.SAMENSPEL_TASK_LEASE = 3600
    host = task_worker.new_worker_id().split(":")[0]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    gone = make_result(worker_id=f"{host}:{dead_pid}:abcd")
    alive = make_result(worker_id=f"{host}:{os.getppid()}:abcd")
    other_host = make_result(worker_id="other-machine:123:abcd")
    expired = make_result(worker_id="other-machine:124:abcd", started_minutes_ago=61)
    crashing = make_result(worker_id=f"{host}:{dead_pid}:ef01", attempts=task_worker.DEFAULT_MAX_ATTEMPTS)

    requeued = task_worker.requeue_stale()

    assert sorted(requeued) == sorted([str(gone.pk), str(expired.pk)])
    states = {r.pk: r.status for r in DBTaskResult.objects.all()}
    assert states[gone.pk] == states[expired.pk] == TaskResultStatus.READY
    assert states[alive.pk] == states[other_host.pk] == TaskResultStatus.RUNNING
    assert states[crashing.pk] == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=crashing.pk).exception_class_path == "samenspel.core.worker.WorkerLost"
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions.count("tasks.requeued") == 2
    assert actions.count("tasks.given_up") == 1
    assert connection.vendor in {"sqlite", "postgresql"}
