"""The health endpoint /gezond/: JSON for the load balancer and monitoring, no login, no
personal data; 503 when the database or cache fails; a late task queue is a warning."""

from datetime import timedelta

import pytest
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from samenspel.accounts.models import User
from samenspel.core import health

pytestmark = pytest.mark.django_db


def test_all_well(client):
    response = client.get("/gezond/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert body["checks"]["tasks"]["ready"] == 0
    assert body["version"]
    assert response["X-Request-ID"]


def test_no_login_or_two_step_setup_needed(client):
    """An official without an authenticator is sent to set one up everywhere else."""
    official = User.objects.create(email="medewerker@example.nl", is_staff=True)
    client.force_login(official)
    assert client.get("/").status_code == 302
    assert client.get("/gezond/").status_code == 200


def test_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/gezond/").status_code == 200


def test_database_down_is_503_without_details(client, monkeypatch):
    def broken():
        raise OperationalError("could not connect to server: secret-host.internal")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/gezond/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "fail", "reason": "OperationalError"}
    assert "secret-host" not in response.content.decode()


def test_cache_that_forgets_is_503(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key, default=None: None)
    response = client.get("/gezond/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "fail"


def test_a_late_task_queue_is_a_warning(client, settings):
    settings.SAMENSPEL_TASK_BACKLOG_MAX_AGE = 60
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="samenspel.deliberation.tasks.recompute_map",
        backend_name="default",
        run_after=get_date_max(),
    )
    assert client.get("/gezond/").json()["status"] == "ok"
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/gezond/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "warn"
    assert body["checks"]["tasks"]["ready"] == 1
    assert body["checks"]["tasks"]["oldest_ready_age_s"] >= 300
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    assert client.get("/gezond/").json()["checks"]["tasks"]["running_past_lease"] == 1
