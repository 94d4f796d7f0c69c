"""Faults during a burst, and nothing lost: the app runs as in production (gunicorn sync
workers, DEBUG off, PostgreSQL on this machine, a fresh throwaway database `bench_faults_<pid>`),
and several client threads cast ballots with voting codes (the four steps of benchmarks/
ballots.py) and submit ideas (form, preview, submit) as logged-in residents. Mid-burst:

1. one gunicorn worker is killed with SIGKILL (gunicorn starts a new one);
2. every database connection of the app is terminated (pg_terminate_backend), so each worker
   finds a dead connection (CONN_MAX_AGE with conn_health_checks replaces it).

The clients keep firing. A vote that failed is tried once more with the same code, as a
resident would; an idea that failed is sent once more as the same form (its submission key),
as a browser does when the resident goes back and submits again. Afterwards it compares:

- every vote answered with a receipt is in the database (looked up by its receipt), every idea
  answered with its page is there, once (by its client-made title), retries included;
- no code used twice (ballots = codes used), no ballot or idea more than the successes plus the
  requests that got no answer (those may or may not have been stored: the client cannot know);
- the app answers again without anyone stepping in (/gezond/ and a new vote).

Prints the counts; exits non-zero on a mismatch. Settings: BENCH_PG (the PostgreSQL server;
default: that of DATABASE_URL, else postgres://postgres@127.0.0.1:5432), --workers, --clients,
--ballots, --ideas."""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ballots import (  # noqa: E402 - the sibling benchmark, found through the path above
    BIN,
    CSRF_RE,
    RECEIPT_RE,
    ROOT,
    Voter,
    admin_connect,
    children,
    create_round,
    free_port,
    run,
    wait_for,
)

IDEA_URL_RE = re.compile(r"/ideeen/(\d+)/$")
SUBMISSION_KEY_RE = re.compile(r'name="submission_key" value="([^"]+)"')
TITLE_PREFIX = "Storingstest"


def default_pg() -> str:
    pg = os.environ.get("BENCH_PG", "")
    if not pg:
        url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
        pg = (
            f"{url.scheme}://{url.netloc}"
            if url.scheme.startswith("postgres")
            else "postgres://postgres@127.0.0.1:5432"
        )
    return pg.rstrip("/")


def make_residents(n: int) -> list[str]:
    """n residents, each logged in (a session made directly: no password hashing in the bench)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from samenspel.accounts.models import User

    keys = []
    for i in range(n):
        user = User.objects.create(email=f"storing-{i}-{secrets.token_hex(3)}@example.nl")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def vote(port: int, round_pk: int, code: str, choice: list[int]) -> tuple[str, str]:
    """("ok", receipt) | ("refused", reason) | ("unanswered", error) for one whole vote."""
    voter = Voter(port)
    start_url = f"/begroten/ronde/{round_pk}/stemmen/"
    ballot_url = f"{start_url}stembiljet/"
    try:
        status, location, page = voter.request("GET", f"{start_url}?code={code}")
        if status != 302 or not (location or "").endswith("/stembiljet/"):
            return ("refused", f"code link {status}") if status < 500 else ("unanswered", f"code link {status}")
        status, _, page = voter.request("GET", ballot_url)
        token = CSRF_RE.search(page)
        if status != 200 or token is None:
            return "unanswered", f"ballot {status}"
        form = {"csrfmiddlewaretoken": token.group(1), "projects": [str(pk) for pk in choice]}
        status, _, page = voter.request("POST", ballot_url, {**form, "action": "review"})
        if status != 200 or 'value="confirm"' not in page:
            return "unanswered", f"review {status}"
        status, _, page = voter.request("POST", ballot_url, {**form, "action": "confirm"})
    except OSError as exc:
        return "unanswered", type(exc).__name__
    receipt = RECEIPT_RE.search(page) if status == 200 else None
    if receipt is None:
        return "unanswered", f"confirm {status}"
    return "ok", receipt.group(1).strip()


def submit_idea(port: int, session_key: str, place_pk: int, title: str, key: str = "") -> tuple[str, str, str]:
    """(("ok", idea pk) | ("unanswered", error)) and the form's submission key: form, preview,
    submit. With `key`, the form is the one filled in before (sent again)."""
    resident = Voter(port)
    resident.cookies["sessionid"] = session_key
    url = "/ideeen/nieuw/"
    try:
        status, _, page = resident.request("GET", url)
        token = CSRF_RE.search(page)
        found_key = SUBMISSION_KEY_RE.search(page)
        if status != 200 or token is None or found_key is None:
            return "unanswered", f"form {status}", key
        key = key or found_key.group(1)
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "submission_key": key,
            "place": str(place_pk),
            "kind": "idea",
            "title": title,
            "description": "Een bankje bij de speeltuin, zodat ouders en grootouders even kunnen zitten.",
        }
        status, _, page = resident.request("POST", url, form)
        token = CSRF_RE.search(page)
        if status != 200 or token is None or 'name="previewed"' not in page:
            return "unanswered", f"preview {status}", key
        form["csrfmiddlewaretoken"] = token.group(1)
        status, location, _ = resident.request("POST", url, {**form, "previewed": "1", "action": "submit"})
    except OSError as exc:
        return "unanswered", type(exc).__name__, key
    found = IDEA_URL_RE.search(location or "") if status == 302 else None
    if found is None:
        return "unanswered", f"submit {status}", key
    return "ok", found.group(1), key


class Burst:
    """Client threads working through a shared list of jobs; `progress` counts finished jobs."""

    def __init__(self, port, round_pk, project_pks, place_pk):
        self.port, self.round_pk, self.project_pks, self.place_pk = port, round_pk, project_pks, place_pk
        self.lock = threading.Lock()
        self.done = 0
        self.votes: list[tuple[str, str, str]] = []  # (code, outcome, detail), retries included
        self.ideas: list[tuple[str, str, str]] = []  # (title, outcome, detail)
        self.after_faults = Counter()
        self.faults_over = threading.Event()
        self.rng = secrets.SystemRandom()

    def job(self, kind, value):
        if kind == "vote":
            choice = self.rng.sample(self.project_pks, self.rng.randint(1, 5))
            outcome, detail = vote(self.port, self.round_pk, value, choice)
            attempts = [(value, outcome, detail)]
            if outcome != "ok":  # the resident tries once more with the same letter
                outcome, detail = vote(self.port, self.round_pk, value, choice)
                attempts.append((value, outcome, detail))
            with self.lock:
                self.votes.extend(attempts)
        else:
            session_key, title = value
            outcome, detail, key = submit_idea(self.port, session_key, self.place_pk, title)
            attempts = [(title, outcome, detail)]
            if outcome != "ok":  # the same form once more
                outcome, detail, _key = submit_idea(self.port, session_key, self.place_pk, title, key)
                attempts.append((title, outcome, detail))
            with self.lock:
                self.ideas.extend(attempts)
        with self.lock:
            self.done += 1
            if self.faults_over.is_set():
                self.after_faults[outcome] += 1

    def run(self, jobs, clients):
        queue = list(reversed(jobs))

        def client():
            while True:
                with self.lock:
                    if not queue:
                        return
                    kind, value = queue.pop()
                self.job(kind, value)

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        return threads


def run_faults(*, pg: str, workers=3, clients=8, ballots=300, ideas=100, say=print) -> dict:
    """Set up, burst with faults, check. Returns the figures (and "ok")."""
    name = f"bench_faults_{os.getpid()}_{secrets.token_hex(2)}"
    admin = admin_connect(pg)
    tmp = Path(tempfile.mkdtemp(prefix="samenspel-bench-faults-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{pg}/{name}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "CONN_MAX_AGE": "600",  # persistent connections: terminating them is a real fault
        "SAMENSPEL_DATA_DIR": str(tmp),
        "STATIC_ROOT": str(tmp / "static"),
        "DJANGO_SETTINGS_MODULE": "samenspel.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "LOG_LEVEL": "CRITICAL",
    }
    env.pop("REDIS_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
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

        from samenspel.budgeting import voting
        from samenspel.budgeting.models import Ballot, VotingCode
        from samenspel.initiatives.models import Idea

        round_, project_pks, codes = create_round(ballots + 5)
        place_pk = round_.budget.place_id
        residents = make_residents(max(1, ideas // 5))  # at most 5 ideas each: under the hourly limit
        connection.close()

        port = free_port()
        gunicorn = subprocess.Popen(  # noqa: S603 - our own command
            [BIN / "gunicorn", "samenspel.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(port, gunicorn)
        say(
            f"Faults during a burst: gunicorn {workers} sync workers, PostgreSQL, {clients} clients, "
            f"{ballots} votes and {ideas} ideas"
        )
        jobs = [("vote", code) for code in codes[:ballots]]
        jobs += [
            ("idea", (residents[i % len(residents)], f"{TITLE_PREFIX} {uuid.uuid4().hex[:12]}")) for i in range(ideas)
        ]
        secrets.SystemRandom().shuffle(jobs)
        burst = Burst(port, round_.pk, project_pks, place_pk)
        started = time.perf_counter()
        threads = burst.run(jobs, clients)
        total = len(jobs)
        faults = []

        def wait_until(fraction):
            while burst.done < fraction * total and any(t.is_alive() for t in threads):
                time.sleep(0.02)

        wait_until(0.3)
        victims = children(gunicorn.pid)
        if victims:
            os.kill(victims[0], signal.SIGKILL)
            faults.append(f"SIGKILL gunicorn worker {victims[0]} after {burst.done} of {total} jobs")
        wait_until(0.6)
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid()",
                [name],
            )
            terminated = cursor.fetchone()[0]
        faults.append(f"terminated {terminated} database connections after {burst.done} of {total} jobs")
        burst.faults_over.set()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        for fault in faults:
            say(f"  fault: {fault}")

        # Recovery without intervention: the health check and one more vote.
        recovered_health = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _, _ = Voter(port).request("GET", "/gezond/")
            except OSError:
                status = 0
            if status == 200:
                recovered_health = True
                break
            time.sleep(0.2)
        last_outcome, _ = vote(port, round_.pk, codes[ballots], project_pks[:1])

        # The comparison, read straight from the database.
        final_votes: dict[str, tuple[str, str]] = {}
        for code, outcome, detail in burst.votes:
            if final_votes.get(code, ("",))[0] != "ok":
                final_votes[code] = (outcome, detail)
        receipts = [detail for outcome, detail in final_votes.values() if outcome == "ok"]
        unanswered_votes = sum(1 for code, outcome, _ in burst.votes if outcome == "unanswered")
        refused_retries = sum(1 for outcome, _ in final_votes.values() if outcome == "refused")
        lost_votes = [r for r in receipts if voting.ballot_for_receipt(round_, r) is None]
        ballots_stored = Ballot.objects.filter(round=round_).count() - (1 if last_outcome == "ok" else 0)
        codes_used = VotingCode.objects.filter(round=round_, used_at__isnull=False).count() - (
            1 if last_outcome == "ok" else 0
        )
        ok_ideas = {title: pk for title, outcome, pk in burst.ideas if outcome == "ok"}
        final_ideas = {title: outcome for title, outcome, _ in burst.ideas}  # the last attempt per idea
        unanswered_ideas = sum(1 for outcome in final_ideas.values() if outcome != "ok")
        idea_retries = len(burst.ideas) - len(final_ideas)
        stored = Counter(Idea.objects.filter(title__startswith=TITLE_PREFIX).values_list("title", flat=True))
        lost_ideas = [t for t in ok_ideas if stored[t] != 1]
        doubled_ideas = [t for t, n in stored.items() if n > 1]
        figures = {
            "seconds": round(seconds, 1),
            "votes_ok": len(receipts),
            "vote_attempts_unanswered": unanswered_votes,
            "retries_refused_code_used": refused_retries,
            "ballots_stored": ballots_stored,
            "codes_used": codes_used,
            "votes_lost": len(lost_votes),
            "ideas_ok": len(ok_ideas),
            "ideas_unanswered": unanswered_ideas,
            "idea_retries": idea_retries,
            "ideas_stored": sum(stored.values()),
            "ideas_lost": len(lost_ideas),
            "ideas_doubled": len(doubled_ideas),
            "after_faults": dict(burst.after_faults),
            "recovered_health": bool(recovered_health),
            "recovered_vote": last_outcome == "ok",
            "faults": faults,
        }
        figures["ok"] = (
            not lost_votes
            and ballots_stored == codes_used
            and len(receipts) <= ballots_stored <= len(receipts) + unanswered_votes
            and not lost_ideas
            and not doubled_ideas
            and len(ok_ideas) <= sum(stored.values()) <= len(ok_ideas) + unanswered_ideas
            and bool(recovered_health)
            and last_outcome == "ok"
            and burst.after_faults.get("ok", 0) > 0
            and len(faults) == 2
        )
        say(f"  took {seconds:.1f} s")
        say(
            f"  votes: {len(receipts)} answered with a receipt, {ballots_stored} ballots stored, {codes_used} codes "
            f"used, {len(lost_votes)} receipts missing; {unanswered_votes} attempts got no answer, "
            f"{refused_retries} retries refused because the first attempt had been stored"
        )
        say(
            f"  ideas: {len(ok_ideas)} answered with their page, {sum(stored.values())} stored, "
            f"{len(lost_ideas)} missing, {len(doubled_ideas)} twice; {idea_retries} sent again as the same form, "
            f"{unanswered_ideas} got no answer in the end"
        )
        say(f"  after the faults: {dict(burst.after_faults)}")
        say(
            f"  recovered without intervention: health {'200' if recovered_health else 'no answer'}, "
            f"a new vote {'cast' if last_outcome == 'ok' else 'failed'}"
        )
        say(f"  check: {'OK' if figures['ok'] else 'MISMATCH'}")
        connection.close()
        return figures
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    parser.add_argument("--ballots", type=int, default=600, help="votes in the burst")
    parser.add_argument("--ideas", type=int, default=200, help="ideas in the burst")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line at the end")
    args = parser.parse_args()
    pg = default_pg()
    try:
        admin_connect(pg).close()
    except Exception as exc:  # noqa: BLE001 - any reason means: no PostgreSQL here
        print(f"faults benchmark skipped: no PostgreSQL at {pg} ({exc})")
        return
    figures = run_faults(pg=pg, workers=args.workers, clients=args.clients, ballots=args.ballots, ideas=args.ideas)
    if args.json:
        print(json.dumps(figures))
    if not figures["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
