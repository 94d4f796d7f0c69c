"""Production settings: with the documented environment, `samenspel check --deploy` is clean,
and logs are JSON lines with the request id."""

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from samenspel.core.logging import JsonFormatter, RequestIdFilter, request_id_var

SAMENSPEL = Path(sys.executable).with_name("samenspel")


def production_env(tmp_path, **extra) -> dict:
    # Only what a production host has: not the test run's variables (DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "DATABASE_URL") if k in os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "samenspel.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "samenspel.gemeente.example",
            "CSRF_TRUSTED_ORIGINS": "https://samenspel.gemeente.example",
            "SAMENSPEL_DATA_DIR": str(tmp_path),
            "LOG_FORMAT": "json",
            **extra,
        }
    )
    return env


def check_deploy(env, tmp_path):
    return subprocess.run(  # noqa: S603 - our own command
        [str(SAMENSPEL), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("tls", [{"BEHIND_PROXY": "1"}, {"SECURE_SSL_REDIRECT": "1"}])
def test_check_deploy_is_clean_with_the_documented_environment(tmp_path, tls):
    done = check_deploy(production_env(tmp_path, **tls), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_complains_without_tls(tmp_path):
    done = check_deploy(production_env(tmp_path, SECURE_HSTS_SECONDS="0"), tmp_path)
    assert done.returncode != 0
    assert "security.W004" in done.stderr  # HSTS
    assert "security.W008" in done.stderr  # no redirect to https


def test_no_secret_in_the_repository():
    """SECRET_KEY comes from the environment or is generated into the data directory."""
    settings_source = (Path(__file__).resolve().parents[2] / "src/samenspel/settings.py").read_text()
    assert "SECRET_KEY = _secret_key()" in settings_source
    assert "django-insecure-" not in settings_source.replace('"django-insecure"', "")


def test_json_log_lines_carry_the_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("samenspel.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    token = request_id_var.set("abc123def456")
    try:
        logger.warning("ballot %s cast", 7, extra={"round": 3})
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("it failed")
    finally:
        request_id_var.reset(token)
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "ballot 7 cast"
    assert first["request_id"] == "abc123def456"
    assert first["level"] == "WARNING"
    assert first["round"] == 3
    assert first["time"].endswith("+00:00")
    assert "ValueError: boom" in second["exception"]


@pytest.mark.django_db
def test_every_response_has_a_request_id(client):
    response = client.get("/gezond/", HTTP_X_REQUEST_ID="from-the-proxy-1234")
    assert response["X-Request-ID"] == "from-the-proxy-1234"
    response = client.get("/gezond/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert len(response["X-Request-ID"]) == 32
