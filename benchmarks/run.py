"""Speed figures for the foundation: CBS import, audit log append and verify, page rendering.

Runs on a fresh database in a temporary folder (SQLite), or on DATABASE_URL if set (the
benchmark then creates and drops its own `bench_…` database). Prints figures; asserts nothing.
Load tests with gunicorn and a second process come with the API/scale issue."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("SAMENSPEL_DATA_DIR", tempfile.mkdtemp(prefix="samenspel-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.settings")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(fn, repeat=1):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def ms(seconds):
    return f"{seconds * 1000:8.1f} ms"


def page_figures(client, path, n=200):
    client.get(path)  # warm up
    samples = sorted(timed(lambda: client.get(path), n))
    return statistics.median(samples), samples[int(0.95 * n) - 1], samples[int(0.99 * n) - 1]


def main():
    from django.db import connection

    creation = connection.creation
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


def run():
    from samenspel.accounts.models import User
    from samenspel.core import audit
    from samenspel.demo.loader import load_demo

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Samenspel benchmarks on {vendor}, Python {sys.version.split()[0]}")

    (seconds,) = timed(load_demo)
    print(f"load the whole demo municipality (CBS, people, agreements, ideas, decisions) {ms(seconds)}")

    actor = User.objects.first()
    n = 2000
    (seconds,) = timed(lambda: [audit.record("bench.append", actor=actor, data={"i": i}) for i in range(n)])
    print(f"audit log append, {n} entries, one transaction each   {n / seconds:8.0f} entries/s")
    (seconds,) = timed(audit.verify)
    total = audit.verify().count
    print(f"audit verify, {total} entries                          {total / seconds:8.0f} entries/s")

    from samenspel.agreements.card import render_card_pdf
    from samenspel.agreements.checking import check_version
    from samenspel.agreements.models import AgreementVersion

    version = AgreementVersion.objects.get(agreement__trajectory__title="Wijkdemocratie in de Oosterparkwijk")
    samples = sorted(timed(lambda: check_version(version, runtime=True), 200))
    print(f"congruence check of a 3-item agreement (from the database)   p50 {ms(samples[100])}")
    samples = sorted(timed(lambda: render_card_pdf(version), 5))
    print(f"afsprakenkaart PDF (WeasyPrint), 5 runs                     p50 {ms(samples[2])}")

    client = Client()
    print("page rendering in-process (Django test client, 200 requests each):  p50 / p95 / p99")
    paths = [
        "/",
        "/plaatsen/groningen/",
        "/plaatsen/groningen/oosterparkwijk/",
        "/plaatsen/?q=oost",
        "/afspraken/raad/groningen/",
        version.get_absolute_url(),
        f"/afspraken/traject/{version.trajectory.pk}/",
    ]
    for path in paths:
        p50, p95, p99 = page_figures(client, path)
        print(f"  {path:40s} {ms(p50)} {ms(p95)} {ms(p99)}")


if __name__ == "__main__":
    main()
