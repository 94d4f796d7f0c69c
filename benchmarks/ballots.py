"""Casting ballots through the whole web stack, as in production: gunicorn (sync workers)
in front of Django with DEBUG off, on PostgreSQL on this machine. A second process (this
one) plays many residents with a voting letter at once, each doing what a phone does:

  GET  /begroten/ronde/N/stemmen/?code=…   (the QR link: 302, code swapped for a ticket)
  GET  /begroten/ronde/N/stemmen/stembiljet/   (the ballot with 50 projects)
  POST the choices  (the review page)
  POST confirm      (the ballot is cast; the thank-you page with the receipt)

with the session cookie and CSRF token like a browser. Prints ballots per second sustained,
p50/p95 latency of a whole vote and of each step, errors, and checks afterwards that the
database holds exactly one ballot per successful vote. Also the service alone (no HTTP).

A throwaway database `bench_ballots_<pid>` is created, migrated and dropped. Settings:
BENCH_PG (the PostgreSQL server; default: that of DATABASE_URL, else postgres://postgres@127.0.0.1:5432),
--workers, --threads, --clients, --ballots."""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT_RE = re.compile(r'id="receipt">([^<]+)<')
PROJECTS = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_connect(base_url: str):
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def run(cmd, env):
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603 - our own command


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU time of each of these processes that still runs (Linux /proc)."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings by the processes alive at both."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def wait_for(port: int, proc, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


# --- the data: a round with 50 projects and N voting codes, created directly -------------------


def create_round(n_codes: int):
    import datetime

    from django.utils import timezone

    from samenspel.budgeting import voting
    from samenspel.budgeting.models import BallotType, Budget, CodeBatch, Project, ProjectStatus, Round, VotingCode
    from samenspel.places.models import Place, PlaceKind

    city = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Benchstad", slug="benchstad")
    wijk = Place.objects.create(kind=PlaceKind.WIJK, name="Benchwijk", slug="benchwijk", parent=city)
    budget = Budget.objects.create(
        place=wijk,
        title="Wijkbudget",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=20_000_000,
    )
    now = timezone.now()
    day = datetime.timedelta(days=1)
    round_ = Round.objects.create(
        budget=budget,
        title="Bench beslist",
        amount_cents=10_000_000,
        ideas_opens=now - 30 * day,
        review_opens=now - 20 * day,
        voting_opens=now - day,
        voting_closes=now + 10 * day,
        ballot_type=BallotType.APPROVAL,
        min_projects=1,
        max_projects=5,
    )
    projects = Project.objects.bulk_create(
        Project(
            round=round_,
            number=i,
            title=f"Project {i}: bankjes, bomen en een speelplek",
            summary="Een plan van bewoners voor de buurt, in één zin uitgelegd zodat iedereen het snapt.",
            cost_cents=500_000 + 10_000 * i,
            status=ProjectStatus.ON_BALLOT,
        )
        for i in range(1, PROJECTS + 1)
    )
    batch = CodeBatch.objects.create(round=round_, letters=n_codes)
    codes = [voting.new_code() for _ in range(n_codes)]
    VotingCode.objects.bulk_create(
        [VotingCode(round=round_, batch=batch, code_hash=voting.code_key(c)) for c in codes], batch_size=2000
    )
    return round_, [p.pk for p in projects], codes


# --- one resident ----------------------------------------------------------------------------------


class Voter:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "User-Agent": "samenspel-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response.status, response.getheader("Location"), data.decode()

    def vote(self, round_pk, code, choice) -> tuple[bool, list[float], str]:
        start_url = f"/begroten/ronde/{round_pk}/stemmen/"
        ballot_url = f"{start_url}stembiljet/"
        steps = []
        t = time.perf_counter()
        status, location, _ = self.request("GET", f"{start_url}?code={code}")
        steps.append(time.perf_counter() - t)
        if status != 302 or not (location or "").endswith("/stembiljet/"):
            return False, steps, f"code link: {status} {location}"
        t = time.perf_counter()
        status, _, page = self.request("GET", ballot_url)
        steps.append(time.perf_counter() - t)
        token = CSRF_RE.search(page)
        if status != 200 or token is None:
            return False, steps, f"ballot: {status}"
        form = {"csrfmiddlewaretoken": token.group(1), "projects": [str(pk) for pk in choice]}
        t = time.perf_counter()
        status, _, page = self.request("POST", ballot_url, {**form, "action": "review"})
        steps.append(time.perf_counter() - t)
        if status != 200 or 'value="confirm"' not in page:
            return False, steps, f"review: {status}"
        t = time.perf_counter()
        status, _, page = self.request("POST", ballot_url, {**form, "action": "confirm"})
        steps.append(time.perf_counter() - t)
        if status != 200 or RECEIPT_RE.search(page) is None:
            return False, steps, f"confirm: {status}"
        return True, steps, ""


def drive_confirms(port, round_pk, project_pks, codes, clients):
    """Residents who have their ballot filled in (the first three steps, not timed) all press
    "confirm" now: how many ballots per second the web stack accepts and stores."""
    ready = []
    rng = secrets.SystemRandom()
    ballot_url = f"/begroten/ronde/{round_pk}/stemmen/stembiljet/"
    for code in codes:
        voter = Voter(port)
        voter.request("GET", f"/begroten/ronde/{round_pk}/stemmen/?code={code}")
        status, _, page = voter.request("GET", ballot_url)
        token = CSRF_RE.search(page)
        if status == 200 and token is not None:
            form = {"csrfmiddlewaretoken": token.group(1), "projects": [str(pk) for pk in rng.sample(project_pks, 3)]}
            ready.append((voter, form))
    queue = list(reversed(ready))
    lock = threading.Lock()
    results = []

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                voter, form = queue.pop()
            t = time.perf_counter()
            try:
                status, _, page = voter.request("POST", ballot_url, {**form, "action": "confirm"})
                ok = status == 200 and RECEIPT_RE.search(page) is not None
            except OSError:
                ok = False
            with lock:
                results.append((ok, time.perf_counter() - t))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def drive(port, round_pk, project_pks, codes, clients):
    """`clients` threads vote with the codes until none are left."""
    queue = list(reversed(codes))
    lock = threading.Lock()
    results = []  # (ok, total seconds, steps, error)
    rng = secrets.SystemRandom()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                code = queue.pop()
            choice = rng.sample(project_pks, rng.randint(1, 5))
            t = time.perf_counter()
            try:
                ok, steps, error = Voter(port).vote(round_pk, code, choice)
            except OSError as exc:
                ok, steps, error = False, [], f"{type(exc).__name__}: {exc}"
            total = time.perf_counter() - t
            with lock:
                results.append((ok, total, steps, error))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=4000, help="ballots in the measured run")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (more than 1: gthread)")
    parser.add_argument("--clients", type=int, default=12, help="residents voting at the same time")
    parser.add_argument("--confirms", type=int, default=2000, help="ballots in the confirm-only burst")
    args = parser.parse_args()

    pg = os.environ.get("BENCH_PG", "")
    if not pg:  # the server of DATABASE_URL when that is PostgreSQL, else the local one
        url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
        pg = (
            f"{url.scheme}://{url.netloc}"
            if url.scheme.startswith("postgres")
            else "postgres://postgres@127.0.0.1:5432"
        )
    pg = pg.rstrip("/")
    name = f"bench_ballots_{os.getpid()}"
    try:
        admin = admin_connect(pg)
    except Exception as exc:  # noqa: BLE001 - any reason means: no PostgreSQL here
        print(f"ballots benchmark skipped: no PostgreSQL at {pg} ({exc})")
        return
    tmp = Path(tempfile.mkdtemp(prefix="samenspel-bench-ballots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{pg}/{name}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "CONN_MAX_AGE": "600",  # the database connections live through the run, so their CPU can be read
        "SAMENSPEL_DATA_DIR": str(tmp),
        "STATIC_ROOT": str(tmp / "static"),
        "DJANGO_SETTINGS_MODULE": "samenspel.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("REDIS_URL", None)  # each worker's own memory cache, as without Redis
    gunicorn = None
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        run([BIN / "samenspel", "migrate", "--no-input", "-v", "0"], env)
        run([BIN / "samenspel", "collectstatic", "--no-input", "-v", "0"], env)
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "SAMENSPEL_DATA_DIR", "STATIC_ROOT")})
        os.environ["DJANGO_SETTINGS_MODULE"] = "samenspel.settings"
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        from django.db import connection

        from samenspel.budgeting.models import Ballot, VotingCode

        total = args.warmup + args.ballots
        round_, project_pks, codes = create_round(total + args.confirms + 500)
        service_codes = codes[total + args.confirms :]
        connection.close()

        port = free_port()
        gunicorn = subprocess.Popen(  # noqa: S603 - our own command
            [
                BIN / "gunicorn",
                "samenspel.wsgi",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(port, gunicorn)
        print(
            f"Casting ballots through the web stack: gunicorn {args.workers} "
            f"{'sync workers' if args.threads == 1 else f'workers × {args.threads} threads'}, PostgreSQL, "
            f"{PROJECTS} projects, {args.clients} residents at once, {os.cpu_count()} cores"
        )
        print(f"  load average before the run (other work on this machine): {os.getloadavg()[0]:.2f}")
        warm, _ = drive(port, round_.pk, project_pks, codes[: args.warmup], args.clients)
        app_pids = [gunicorn.pid, *children(gunicorn.pid)]
        with admin.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name])
            db_pids = [row[0] for row in cursor.fetchall()]
        before = cpu_seconds(app_pids), cpu_seconds(db_pids), time.process_time()
        lost = len(before[0]) + len(before[1])
        results, seconds = drive(port, round_.pk, project_pks, codes[args.warmup : total], args.clients)
        after = cpu_seconds(app_pids), cpu_seconds(db_pids), time.process_time()
        lost -= len(before[0].keys() & after[0].keys()) + len(before[1].keys() & after[1].keys())
        ok = [r for r in results if r[0]]
        failed = [r for r in results if not r[0]]
        totals = [r[1] for r in ok]
        print(f"  ballots cast            {len(ok):8d} in {seconds:.1f} s")
        rate = len(ok) / seconds
        print(f"  ballots per second      {rate:8.0f}   (4 HTTP requests each: {4 * rate:.0f} requests/s)")
        if totals:
            print(f"  whole vote              p50 {ms(statistics.median(totals))}   p95 {ms(percentile(totals, 0.95))}")
            for i, step in enumerate(("code link (302)", "ballot page", "review (POST)", "confirm (POST)")):
                values = [r[2][i] for r in ok]
                print(f"    {step:22s}p50 {ms(statistics.median(values))}   p95 {ms(percentile(values, 0.95))}")
        if ok:
            app = cpu_used(before[0], after[0]) * 1000 / len(ok)
            db = cpu_used(before[1], after[1]) * 1000 / len(ok)
            client = (after[2] - before[2]) * 1000 / len(ok)
            print(f"  CPU per ballot          app {app:.1f} ms, PostgreSQL {db:.1f} ms, load generator {client:.1f} ms")
            capacity = os.cpu_count() * 1000 / (app + db)
            print(f"    so {os.cpu_count()} idle cores would carry about {capacity:.0f} ballots/s")
            if lost:
                print(f"    ({lost} measured processes ended during the run: their CPU is not counted)")
        print(f"  errors                  {len(failed):8d}")
        for _ok, _t, _s, error in failed[:5]:
            print(f"    {error}")

        confirm_codes = codes[total : total + args.confirms]
        burst, burst_seconds = drive_confirms(port, round_.pk, project_pks, confirm_codes, args.clients)
        accepted = [t for ok_, t in burst if ok_]
        print(
            f"  ballots accepted (confirm only, the ballot already filled in): {len(accepted) / burst_seconds:6.0f} "
            f"ballots/s, p50 {ms(statistics.median(accepted))}, p95 {ms(percentile(accepted, 0.95))}, "
            f"errors {len(burst) - len(accepted)}"
            if accepted
            else "  ballots accepted (confirm only): none"
        )
        ok = ok + [(True, t, [], "") for t in accepted]

        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        gunicorn = None

        successes = len(ok) + sum(1 for r in warm if r[0])
        ballots = Ballot.objects.filter(round=round_).count()
        used = VotingCode.objects.filter(round=round_, used_at__isnull=False).count()
        verdict = "OK" if ballots == successes == used else "MISMATCH"
        print(f"  check: {ballots} ballots, {used} codes used, {successes} successful votes: {verdict}")

        from samenspel.budgeting import voting

        pk = project_pks[0]
        start = time.perf_counter()
        for code in service_codes:
            voting.cast_with_code(round_, code, {pk: 1})
        service = time.perf_counter() - start
        print(
            f"  the service alone (cast_with_code, one process, no HTTP): {len(service_codes) / service:6.0f} ballots/s"
        )
        connection.close()
        if verdict != "OK":
            sys.exit(1)
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
