"""What residents do on an evening in Grootstad, for locust (run headless by benchmarks/load.py).

The plan (written by the data generator: round, projects, unused voting codes, panel invitation
codes, the consultation and its questions, wijken, ideas) comes from the JSON file in LOAD_PLAN.
Each locust run gets its own slice of the codes (LOAD_CODES_FROM/_TO for voting codes,
LOAD_PANEL_FROM/_TO for panel invitations), so no code is used twice across the phases.

User classes:
  Warmup    - every page and flow, without waiting, before anything is measured;
  Resident  - the realistic mix, waiting 1-3 s between steps (phase 1);
  Reader    - the reading pages only, without waiting (phase 2, the saturation point);
  Voter     - casting ballots with a code on the web pages, without waiting (phase 3);
  ApiVoter  - casting ballots with a code through the API, one request each, without waiting
              (phase 4): what a voting app or a polling-station tablet does. Each voter comes
              from an address of their own, which the benchmark's stand-in for the proxy puts in
              X-Forwarded-For (the app runs with TRUSTED_PROXY_COUNT=1, as behind nginx).

Every request has a page name; a page that does not answer with what a browser would see (the
status, the CSRF token in a form, the receipt after confirming) counts as a failure."""

# ruff: noqa: S311 - random picks what a simulated resident looks at

import json
import os
import random
import re
import threading
import urllib.parse

from locust import FastHttpUser, between, constant, task

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT_RE = re.compile(r'id="receipt">([^<]+)<')

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
_from = int(os.environ.get("LOAD_CODES_FROM", "0"))
_to = int(os.environ.get("LOAD_CODES_TO", str(len(PLAN["voting_codes"]))))
VOTING_CODES = PLAN["voting_codes"][_from:_to]
PANEL_CODES = PLAN["panel_codes"][
    int(os.environ.get("LOAD_PANEL_FROM", "0")) : int(os.environ.get("LOAD_PANEL_TO", "0"))
]
_lock = threading.Lock()  # locust users are greenlets; the lock keeps the pops honest anyway
STATUSES = ["", "", "intake", "in_conversation", "running", "completed"]
WORDS = ["bankjes", "groen", "speeltuin", "fietspad", "buurthuis", "bomen"]


FORM = "application/x-www-form-urlencoded"


def encode(form: dict) -> str:
    """A form body as a browser sends it: a field with several values (checkboxes) repeated."""
    return urllib.parse.urlencode(form, doseq=True)


def _take(codes: list) -> str | None:
    with _lock:
        return codes.pop() if codes else None


class Pages:
    """The reading pages, shared by Resident and Reader."""

    def wijk(self):
        slug = random.choice(PLAN["wijken"])
        self.client.get(f"/plaatsen/{PLAN['municipality']}/{slug}/", name="wijk page")

    def ideas(self):
        params = []
        if random.random() < 0.5:
            params.append(f"wijk={random.choice(PLAN['wijk_pks'])}")
        if status := random.choice(STATUSES):
            params.append(f"status={status}")
        if random.random() < 0.2:
            params.append(f"q={random.choice(WORDS)}")
        if random.random() < 0.2:
            params.append(f"page={random.randint(2, 5)}")
        self.client.get("/ideeen/?" + "&".join(params), name="idea list (filters)")

    def idea(self):
        self.client.get(f"/ideeen/{random.choice(PLAN['ideas'])}/", name="idea page")

    def results(self):
        self.client.get(f"/begroten/ronde/{PLAN['closed_round']}/uitslag/", name="budget results")

    def conversation(self):
        self.client.get(f"/gesprek/{random.choice(PLAN['conversations'])}/", name="conversation page")


class Actions:
    """The writing flows: a ballot with a voting code, and answering a consultation."""

    def vote(self):
        code = _take(VOTING_CODES)
        if code is None:
            return
        self.client.cookiejar.clear()  # a new phone, a new session
        start = f"/begroten/ronde/{PLAN['open_round']}/stemmen/"
        ballot = f"{start}stembiljet/"
        with self.client.get(
            f"{start}?code={code}", name="vote: code link", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 302 or not (r.headers.get("Location") or "").endswith("/stembiljet/"):
                r.failure(f"code link answered {r.status_code}")
                return
        with self.client.get(ballot, name="vote: ballot", catch_response=True) as r:
            token = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or token is None:
                r.failure(f"ballot answered {r.status_code}")
                return
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "projects": [str(pk) for pk in random.sample(PLAN["open_projects"], random.randint(1, 5))],
        }
        headers = {"Referer": f"{self.host}{ballot}", "Content-Type": FORM}
        with self.client.post(
            ballot, data=encode({**form, "action": "review"}), headers=headers, name="vote: review", catch_response=True
        ) as r:
            if r.status_code != 200 or 'value="confirm"' not in (r.text or ""):
                r.failure(f"review answered {r.status_code}")
                return
        with self.client.post(
            ballot,
            data=encode({**form, "action": "confirm"}),
            headers=headers,
            name="vote: confirm",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or RECEIPT_RE.search(r.text or "") is None:
                r.failure(f"confirm answered {r.status_code}")

    def api_vote(self):
        code = _take(VOTING_CODES)
        if code is None:
            return
        chosen = random.sample(PLAN["open_projects"], random.randint(1, 5))
        body = {"code": code, "choices": {str(pk): 1 for pk in chosen}}
        # A voter's own address (10.x.y.z), as our proxy would pass it on: limits are per address.
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        with self.client.post(
            f"/api/v1/budget-rounds/{PLAN['open_round']}/ballots",
            json=body,
            headers={"X-Forwarded-For": address},
            name="api: ballot",
            catch_response=True,
        ) as r:
            if r.status_code != 201 or '"receipt"' not in (r.text or ""):
                r.failure(f"ballot answered {r.status_code}: {(r.text or '')[:120]}")

    def answer(self):
        code = _take(PANEL_CODES)
        if code is None:
            return
        self.client.cookiejar.clear()
        with self.client.get("/wijkpanel/code/", name="panel: code form", catch_response=True) as r:
            token = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or token is None:
                r.failure(f"code form answered {r.status_code}")
                return
        headers = {"Referer": f"{self.host}/wijkpanel/code/", "Content-Type": FORM}
        with self.client.post(
            "/wijkpanel/code/",
            data=encode({"csrfmiddlewaretoken": token.group(1), "code": code}),
            headers=headers,
            name="panel: code",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"code answered {r.status_code}")
                return
        url = f"/wijkpanel/raadpleging/{PLAN['consultation']}/"
        with self.client.get(url, name="panel: consultation", catch_response=True) as r:
            token = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or token is None:
                r.failure(f"consultation answered {r.status_code}")
                return
        q = PLAN["questions"]
        data = {
            "csrfmiddlewaretoken": token.group(1),
            f"q{q['single']}": str(random.randrange(5)),
            f"q{q['multiple']}": [str(i) for i in random.sample(range(5), 2)],
            f"q{q['scale']}": str(random.randint(1, 5)),
            f"q{q['text']}": "Meer bomen langs de Molenweg, graag.",
        }
        with self.client.post(
            url,
            data=encode(data),
            headers={"Referer": f"{self.host}{url}", "Content-Type": FORM},
            name="panel: answer",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"answer answered {r.status_code}")


class Resident(FastHttpUser, Pages, Actions):
    """The realistic mix, with 1-3 s between steps."""

    wait_time = between(1, 3)

    @task(5)
    def t_wijk(self):
        self.wijk()

    @task(5)
    def t_ideas(self):
        self.ideas()

    @task(4)
    def t_idea(self):
        self.idea()

    @task(3)
    def t_results(self):
        self.results()

    @task(1)
    def t_conversation(self):
        self.conversation()

    @task(1)
    def t_vote(self):
        self.vote()

    @task(1)
    def t_answer(self):
        self.answer()


class Warmup(FastHttpUser, Pages, Actions):
    """Every page and flow once in a while, so each worker has loaded its templates before phase 1."""

    wait_time = constant(0)

    @task(3)
    def t_read(self):
        random.choice([self.wijk, self.ideas, self.idea, self.results, self.conversation])()

    @task(1)
    def t_write(self):
        random.choice([self.vote, self.answer, self.api_vote])()


class Reader(FastHttpUser, Pages):
    """Reading pages as fast as the server answers."""

    wait_time = constant(0)

    @task(5)
    def t_wijk(self):
        self.wijk()

    @task(5)
    def t_ideas(self):
        self.ideas()

    @task(4)
    def t_idea(self):
        self.idea()

    @task(3)
    def t_results(self):
        self.results()

    @task(1)
    def t_conversation(self):
        self.conversation()


class Voter(FastHttpUser, Actions):
    """Casting ballots as fast as the server takes them."""

    wait_time = constant(0)

    @task
    def t_vote(self):
        self.vote()


class ApiVoter(FastHttpUser, Actions):
    """Casting ballots through the API as fast as the server takes them."""

    wait_time = constant(0)

    @task
    def t_vote(self):
        self.api_vote()
