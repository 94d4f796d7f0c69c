"""Faults during a burst (a short run of benchmarks/faults.py, on PostgreSQL): a gunicorn worker
killed with SIGKILL and the app's database connections terminated while ballots and ideas come
in. Every success is in the database, nothing twice, and the app recovers by itself."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (pg_terminate_backend) and gunicorn against a database of its own",
)
def test_nothing_lost_when_a_worker_and_the_database_connections_die():
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            str(ROOT / "benchmarks/faults.py"),
            "--ballots",
            "60",
            "--ideas",
            "20",
            "--clients",
            "4",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["ok"], done.stdout
    assert len(figures["faults"]) == 2
    assert figures["votes_lost"] == figures["ideas_lost"] == figures["ideas_doubled"] == 0
    assert figures["ballots_stored"] == figures["codes_used"] >= figures["votes_ok"] > 0
    assert figures["ideas_stored"] >= figures["ideas_ok"] > 0
    assert figures["after_faults"].get("ok", 0) > 0
    assert figures["recovered_health"] and figures["recovered_vote"]
