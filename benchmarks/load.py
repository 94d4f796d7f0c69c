"""Load benchmark: Samenspel as production runs it, under a municipality's evening.

1. Creates the PostgreSQL database `samenspel_load` (dropped first), migrates it and fills it
   with a municipality-sized data set (benchmarks/load/dataset.py: 60 wijken, 20,000 ideas,
   2 × 100,000 ballots, 5,000 panel members, 200,000 statement votes, ...), and prints how long
   that took.
2. Starts gunicorn the way production runs it: `gunicorn samenspel.wsgi` with sync workers
   (2 × cores + 1 unless --workers), DEBUG off, a SECRET_KEY and ALLOWED_HOSTS from the
   environment, SECURE_COOKIES=0 and SECURE_SSL_REDIRECT off because the benchmark speaks plain
   http on 127.0.0.1, static files collected and served by WhiteNoise, the cache in Redis as
   docs/production.md asks (BENCH_REDIS, default redis://127.0.0.1:6379/15, emptied first;
   BENCH_REDIS= without a value, or no Redis running, measures the per-worker memory cache).
3. Drives it from a second process, locust headless (benchmarks/load/locustfile.py):
   phase 1  50 residents who wait 1-3 s between steps (wijk pages, idea lists with filters, an
            idea page, the budget results, the conversation page, casting a ballot with a code,
            answering a consultation with an invitation code): requests/s and p50/p95/p99 per
            page, errors, with the target beside it (p95 < 150 ms for reading pages, no errors);
   phase 2  readers without waiting, stepped up until p95 passes 500 ms: the saturation point;
   phase 3  voters without waiting, casting ballots with codes on the web pages (code link,
            ballot, review, confirm): ballots accepted per second, counted in the database
            before and after (target 200/s);
   phase 4  the same through the API, one request per ballot, as a voting app or a tablet at
            a polling station sends them (target 200/s).

Rate limits: the voting-code and panel-code limits on the web pages count only *wrong* codes
(per IP and per round), so a load run with valid codes from one IP is never blocked. The API
also limits every code attempt per client address (20 a minute): the app runs with
TRUSTED_PROXY_COUNT=1, as behind nginx, and each simulated API voter's address comes in
X-Forwarded-For as nginx would pass it on. Nothing in the production settings is relaxed.

The machine runs the database, the app and the load generator at once: the figures are for all
three sharing its cores. The load generator's CPU is printed so it can be judged.

  .venv/bin/python benchmarks/load.py            # about 8 minutes (fill ~2-3, load ~5)
  .venv/bin/python benchmarks/load.py --quick    # about 3-4 minutes: shorter phases
  .venv/bin/python benchmarks/load.py --reuse    # keep an already filled samenspel_load

Settings: BENCH_PG (the PostgreSQL server; default that of DATABASE_URL, else
postgres://postgres@127.0.0.1:5432). The database is kept afterwards for profiling; the next run
drops it (unless --reuse). A migrated, empty copy is kept as `samenspel_load_migrated` and used
as the template while no migration file changes. The data folder (secret key, static files,
the plan, each run's locust CSV files and gunicorn log) is var/load-bench."""

import argparse
import csv
import hashlib
import json
import os
import resource
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

# The process helpers the web benchmarks share (free port, start-up wait, CPU of processes).
from ballots import children, cpu_seconds, cpu_used, free_port, wait_for  # benchmarks/ is sys.path[0]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DB_NAME = "samenspel_load"
TEMPLATE = "samenspel_load_migrated"
DATA = ROOT / "var" / "load-bench"
LOCUSTFILE = ROOT / "benchmarks" / "load" / "locustfile.py"
READ_TARGET_MS = 150
SATURATION_MS = 500
BALLOT_TARGET = 200
PLAN_VERSION = 2
PHASE1_CODES, PHASE3_CODES, PHASE3_CODES_QUICK = 1000, 15000, 8000
PHASE4_CODES, PHASE4_CODES_QUICK = 12000, 6000
PHASE1_PANEL, WARMUP_CODES, WARMUP_PANEL = 300, 300, 100
CODES_PER_RUN = WARMUP_CODES + PHASE1_CODES + PHASE3_CODES + PHASE4_CODES  # voting codes one run may use
PANEL_PER_RUN = PHASE1_PANEL + WARMUP_PANEL  # panel invitations one run may use at most


def pg_server() -> str:
    pg = os.environ.get("BENCH_PG", "")
    if not pg:
        url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
        pg = (
            f"{url.scheme}://{url.netloc}"
            if url.scheme.startswith("postgres")
            else "postgres://postgres@127.0.0.1:5432"
        )
    return pg.rstrip("/")


def admin_connect(pg: str, dbname: str = "postgres"):
    import psycopg

    parts = urllib.parse.urlsplit(pg)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname,
        autocommit=True,
    )


def migrations_hash() -> str:
    """What the migrated, empty database depends on: every migration file."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "samenspel").glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def template_is_current(admin) -> bool:
    """A migrated, empty database kept as a template saves the migrations (minutes on a busy
    machine) when they have not changed since it was made."""
    marker = DATA / "template_migrations"
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]).fetchone() is not None
    return exists and marker.exists() and marker.read_text() == migrations_hash()


def save_template(admin) -> None:
    admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE "{DB_NAME}"')
    (DATA / "template_migrations").write_text(migrations_hash())


def secret_key() -> str:
    """One key per data folder: the voting codes in the plan are hashed with it."""
    path = DATA / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def bench_redis() -> str:
    """The Redis URL the app's cache uses in this run, its database emptied; "" without Redis."""
    url = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15")
    if not url:
        return ""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except Exception:  # noqa: BLE001 - any reason means: measure without Redis
        return ""
    return url


def app_env(pg: str, redis_url: str = "") -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        **({"REDIS_URL": redis_url} if redis_url else {}),
        "DATABASE_URL": f"{pg}/{DB_NAME}",
        "DEBUG": "0",
        "SECRET_KEY": secret_key(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",  # plain http on 127.0.0.1; production keeps secure cookies
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
        "SAMENSPEL_DATA_DIR": str(DATA),
        "STATIC_ROOT": str(DATA / "static"),
        "DJANGO_SETTINGS_MODULE": "samenspel.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "LOG_LEVEL": "ERROR",
        "TRUSTED_PROXY_COUNT": "1",  # as behind nginx: see the module text
    }


def fill_only(plan_path: Path) -> None:
    """Run in a child process with the app's environment: fill the database, write the plan."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import django

    django.setup()
    from load.dataset import fill

    plan = fill()
    plan["version"] = PLAN_VERSION
    plan["offsets"] = {"voting": 0, "panel": 0}
    plan_path.write_text(json.dumps(plan))


def collect_static(env: dict) -> None:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own command
        [BIN / "samenspel", "collectstatic", "--no-input", "--skip-checks", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  collectstatic (WhiteNoise compresses every file)  {time.perf_counter() - started:5.1f} s")


def top_up_only(plan_path: Path) -> None:
    """Run in a child process with the app's environment: a reused database whose codes have
    been spent gets new ones, made as the data generator makes them."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import django

    django.setup()
    from load.dataset import more_codes

    plan = json.loads(plan_path.read_text())
    voting = plan["voting_codes"][plan["offsets"]["voting"] :]
    panel = plan["panel_codes"][plan["offsets"]["panel"] :]
    new_voting, new_panel = more_codes(plan, CODES_PER_RUN - len(voting), PANEL_PER_RUN - len(panel))
    plan["voting_codes"], plan["panel_codes"] = voting + new_voting, panel + new_panel
    plan["offsets"] = {"voting": 0, "panel": 0}
    plan_path.write_text(json.dumps(plan))
    print(f"  new codes for the reused database: {len(new_voting)} voting codes, {len(new_panel)} panel invitations")


class Locust:
    """Runs one headless locust phase and reads its CSV statistics."""

    def __init__(self, host: str, plan_path: Path, plan: dict, out: Path, app_pid: int, admin):
        self.host, self.plan_path, self.plan, self.out = host, plan_path, plan, out
        self.app_pid, self.admin = app_pid, admin
        self.cpu = 0.0  # the load generator's CPU seconds in the last run
        self.wall = 0.0
        self.app_cpu = 0.0  # gunicorn's workers' CPU seconds in the last run
        self.db_cpu = 0.0  # the PostgreSQL backends' CPU seconds in the last run

    def _server_pids(self) -> tuple[list[int], list[int]]:
        with self.admin.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB_NAME])
            db = [row[0] for row in cursor.fetchall()]
        return children(self.app_pid), db

    def run(self, name: str, user_class: str, users: int, seconds: int, *, codes: int = 0, panel: int = 0) -> dict:
        prefix = self.out / name
        offsets = self.plan["offsets"]
        env = {
            **os.environ,
            "LOAD_PLAN": str(self.plan_path),
            "LOAD_CODES_FROM": str(offsets["voting"]),
            "LOAD_CODES_TO": str(offsets["voting"] + codes),
            "LOAD_PANEL_FROM": str(offsets["panel"]),
            "LOAD_PANEL_TO": str(offsets["panel"] + panel),
        }
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        app_pids, db_pids = self._server_pids()
        app_before, db_before = cpu_seconds(app_pids), cpu_seconds(db_pids)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own command
            [
                BIN / "locust",
                "-f",
                LOCUSTFILE,
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(users, 1)),
                "--run-time",
                f"{seconds}s",
                "--host",
                self.host,
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--exit-code-on-error",
                "0",
                user_class,
            ],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=open(self.out / f"{name}.log", "w"),  # noqa: SIM115 - closed with the process
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.wall = time.perf_counter() - started
        # Connections opened during the run are not counted (CONN_MAX_AGE keeps them after warm-up).
        self.app_cpu = cpu_used(app_before, cpu_seconds(app_pids))
        self.db_cpu = cpu_used(db_before, cpu_seconds(db_pids))
        self.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        # Codes handed to this run are spent, used or not: the next run starts after them.
        offsets["voting"] += codes
        offsets["panel"] += panel
        self.plan_path.write_text(json.dumps(self.plan))
        return read_stats(prefix)


def print_cpu(locust: "Locust", requests: int, unit: str = "request") -> None:
    """CPU per request of the app and the database: unlike latency, hardly changed by other
    work on the machine, so it tells what the cores could carry if they were free."""
    if not requests:
        return
    app = locust.app_cpu * 1000 / requests
    db = locust.db_cpu * 1000 / requests
    cores = os.cpu_count() or 1
    capacity = cores * 1000 / (app + db) if app + db else float("inf")
    print(
        f"    CPU per {unit}: app {app:.1f} ms, PostgreSQL {db:.1f} ms; so {cores} free cores would carry "
        f"about {capacity:.0f} {unit}s/s"
    )


def read_stats(prefix: Path) -> dict:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": _num(row["50%"]),
                "p95": _num(row["95%"]),
                "p99": _num(row["99%"]),
            }
    failures = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with open(path, newline="", encoding="utf-8") as f:
            failures = [(r["Name"], r["Error"], r["Occurrences"]) for r in csv.DictReader(f)]
    return {"rows": rows, "failures": failures}


def _num(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return float("nan")


def is_read(name: str) -> bool:
    return not name.startswith(("vote:", "panel:", "api:")) and name != "Aggregated"


def print_table(stats: dict, seconds: float) -> None:
    print(f"    {'page':26s} {'requests':>8s} {'req/s':>7s} {'p50':>6s} {'p95':>6s} {'p99':>6s} {'errors':>6s}  target")
    rows = stats["rows"]
    for name in sorted(rows, key=lambda n: (n == "Aggregated", not is_read(n), n)):
        r = rows[name]
        if is_read(name):
            target = f"p95 < {READ_TARGET_MS} ms, no errors: " + (
                "met" if r["p95"] < READ_TARGET_MS and not r["failures"] else "NOT met"
            )
        elif name == "Aggregated":
            target = ""
        else:
            target = "no errors: " + ("met" if not r["failures"] else "NOT met")
        print(
            f"    {name:26s} {r['requests']:8d} {r['rps']:7.1f} {r['p50']:6.0f} {r['p95']:6.0f} {r['p99']:6.0f} "
            f"{r['failures']:6d}  {target}"
        )
    for name, error, n in stats["failures"][:8]:
        print(f"      error: {name}: {error} (×{n})")


def count_ballots(pg: str, round_pk: int) -> int:
    with admin_connect(pg, DB_NAME) as conn:
        return conn.execute("SELECT count(*) FROM budgeting_ballot WHERE round_id = %s", [round_pk]).fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shorter phases (about 3-4 minutes in all)")
    parser.add_argument("--reuse", action="store_true", help="keep samenspel_load if it was filled before")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--users", type=int, default=50, help="residents in phase 1")
    parser.add_argument("--fill-only", metavar="PLAN", help=argparse.SUPPRESS)
    parser.add_argument("--top-up-only", metavar="PLAN", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill_only:
        fill_only(Path(args.fill_only))
        return
    if args.top_up_only:
        top_up_only(Path(args.top_up_only))
        return

    pg = pg_server()
    try:
        admin = admin_connect(pg)
    except Exception as exc:  # noqa: BLE001 - any reason means: no PostgreSQL here
        print(f"load benchmark skipped: no PostgreSQL at {pg} ({exc})")
        return
    DATA.mkdir(parents=True, exist_ok=True)
    out = DATA / "runs" / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    plan_path = DATA / "plan.json"
    redis_url = bench_redis()
    env = app_env(pg, redis_url)
    cores = os.cpu_count() or 1
    print(f"Load benchmark: {cores} cores, load average before the run {os.getloadavg()[0]:.2f} (other work here)")

    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone() is not None
    plan = json.loads(plan_path.read_text()) if plan_path.exists() else None
    reuse = args.reuse and exists and plan is not None and plan.get("version") == PLAN_VERSION
    if reuse and plan.get("migrations") != migrations_hash():
        # A database filled before a migration lacks its tables and columns: the pages would fail.
        print("  the migrations changed since the fill: filling again")
        reuse = False
    if not reuse:
        started = time.perf_counter()
        admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        plan_path.unlink(missing_ok=True)
        if template_is_current(admin):
            admin.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{TEMPLATE}"')
            print(f"  migrated database from the template {TEMPLATE}  {time.perf_counter() - started:7.1f} s")
        else:
            admin.execute(f'CREATE DATABASE "{DB_NAME}"')
            migrate = [BIN / "samenspel", "migrate", "--no-input", "--skip-checks", "-v", "0"]
            subprocess.run(migrate, env=env, cwd=ROOT, check=True)  # noqa: S603 - our own command
            print(f"  migrate                                      {time.perf_counter() - started:7.1f} s")
            save_template(admin)
        fill = [sys.executable, __file__, "--fill-only", plan_path]
        subprocess.run(fill, env=env, cwd=ROOT, check=True)  # noqa: S603 - our own command
        plan = json.loads(plan_path.read_text())
        plan["migrations"] = migrations_hash()
        plan_path.write_text(json.dumps(plan))
    else:
        print(f"  reusing {DB_NAME} (filled in {plan['fill_seconds']} s)")
        offsets = plan["offsets"]
        if (
            len(plan["voting_codes"]) - offsets["voting"] < CODES_PER_RUN
            or len(plan["panel_codes"]) - offsets["panel"] < PANEL_PER_RUN
        ):
            top_up = [sys.executable, __file__, "--top-up-only", plan_path]
            subprocess.run(top_up, env=env, cwd=ROOT, check=True)  # noqa: S603 - our own command
            plan = json.loads(plan_path.read_text())
    manifest = DATA / "static" / "staticfiles.json"
    if reuse and manifest.exists():
        print("  static files: reusing the collected ones (--reuse)")
    else:
        collect_static(env)

    port = free_port()
    gunicorn = subprocess.Popen(  # noqa: S603 - our own command
        [BIN / "gunicorn", "samenspel.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(out / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
        start_new_session=True,
    )
    try:
        wait_for(port, gunicorn, seconds=60.0)
        host = f"http://127.0.0.1:{port}"
        locust = Locust(host, plan_path, plan, out, gunicorn.pid, admin)
        quick = args.quick
        print(f"  gunicorn samenspel.wsgi: {args.workers} sync workers; locust headless in a second process")
        print(f"  cache: {f'Redis ({redis_url}, emptied first)' if redis_url else 'per worker, in memory (no Redis)'}")
        # Each worker's first requests load the templates and translations of every flow: not measured.
        locust.run("warmup", "Warmup", args.workers, 15 if quick else 25, codes=WARMUP_CODES, panel=WARMUP_PANEL)

        seconds = 30 if quick else 60
        print(f"\nPhase 1: {args.users} residents, each waiting 1-3 s between steps, {seconds} s")
        stats = locust.run("phase1", "Resident", args.users, seconds, codes=PHASE1_CODES, panel=PHASE1_PANEL)
        print_table(stats, seconds)
        agg = stats["rows"].get("Aggregated", {})
        reads = [r for n, r in stats["rows"].items() if is_read(n)]
        errors = sum(r["failures"] for r in stats["rows"].values() if r is not agg)
        read_ok = all(r["p95"] < READ_TARGET_MS for r in reads) and errors == 0
        print(f"    all pages: {agg.get('rps', 0):.1f} requests/s; load generator CPU {locust.cpu / locust.wall:.0%}")
        print_cpu(locust, agg.get("requests", 0))
        print(f"    target (reading pages p95 < {READ_TARGET_MS} ms, no errors): {'met' if read_ok else 'NOT met'}")

        steps = [10, 30, 60] if quick else [5, 10, 20, 40, 80]
        step_seconds = 12 if quick else 20
        print(f"\nPhase 2: readers without waiting, stepped up ({step_seconds} s a step) until p95 passes 500 ms")
        print(f"    {'users':>6s} {'req/s':>7s} {'p50':>6s} {'p95':>6s} {'p99':>6s} {'errors':>6s} {'gen CPU':>8s}")
        saturation = None
        previous = None
        for users in steps:
            agg = locust.run(f"phase2-{users}", "Reader", users, step_seconds)["rows"]["Aggregated"]
            print(
                f"    {users:6d} {agg['rps']:7.1f} {agg['p50']:6.0f} {agg['p95']:6.0f} {agg['p99']:6.0f} "
                f"{agg['failures']:6d} {locust.cpu / locust.wall:8.0%}"
            )
            print_cpu(locust, agg["requests"])
            if agg["p95"] > SATURATION_MS:
                saturation = (users, agg, previous)
                break
            previous = (users, agg)
        if saturation:
            users, agg, before = saturation
            best = f"; the last step under it carried {before[1]['rps']:.1f} requests/s" if before else ""
            print(
                f"    saturation point: p95 passes {SATURATION_MS} ms at {users} users, "
                f"{agg['rps']:.1f} requests/s{best}"
            )
        else:
            print(
                f"    saturation point: not reached at {steps[-1]} users ({previous[1]['rps']:.1f} requests/s, "
                f"p95 {previous[1]['p95']:.0f} ms); the load generator may be the limit"
            )

        seconds = 15 if quick else 30
        voters = 20
        print(f"\nPhase 3: {voters} voters without waiting, casting ballots with codes, {seconds} s")
        before = count_ballots(pg, plan["open_round"])
        stats = locust.run("phase3", "Voter", voters, seconds, codes=PHASE3_CODES_QUICK if quick else PHASE3_CODES)
        accepted = count_ballots(pg, plan["open_round"]) - before
        print_table(stats, seconds)
        confirmed = stats["rows"].get("vote: confirm", {}).get("requests", 0) - stats["rows"].get(
            "vote: confirm", {}
        ).get("failures", 0)
        rate = accepted / seconds
        print_cpu(locust, accepted, "ballot")
        print(
            f"    ballots accepted: {accepted} in {seconds} s = {rate:.1f} ballots/s (target {BALLOT_TARGET}/s: "
            f"{'met' if rate >= BALLOT_TARGET else 'NOT met'}); confirmed to the voter: {confirmed}"
            f"{'' if accepted >= confirmed else '  MISMATCH'}"
        )

        print(f"\nPhase 4: {voters} voters without waiting, casting ballots through the API, {seconds} s")
        before = count_ballots(pg, plan["open_round"])
        stats = locust.run("phase4", "ApiVoter", voters, seconds, codes=PHASE4_CODES_QUICK if quick else PHASE4_CODES)
        accepted = count_ballots(pg, plan["open_round"]) - before
        print_table(stats, seconds)
        row = stats["rows"].get("api: ballot", {})
        confirmed = row.get("requests", 0) - row.get("failures", 0)
        rate = accepted / seconds
        print_cpu(locust, accepted, "ballot")
        print(
            f"    ballots accepted: {accepted} in {seconds} s = {rate:.1f} ballots/s (target {BALLOT_TARGET}/s: "
            f"{'met' if rate >= BALLOT_TARGET else 'NOT met'}); answered 201 to the voter: {confirmed}"
            f"{'' if accepted >= confirmed else '  MISMATCH: a ballot answered 201 is not in the database'}"
        )
        # More in the database than answered is expected: requests still in flight when locust stopped,
        # and locust's last second of statistics, which its CSV file does not always hold.
        print(f"\n  details: {out}")
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
        admin.close()


if __name__ == "__main__":
    main()
