"""Speed figures for conversations (opinion maps) through the database: casting votes with the
service, choosing the next statement, recomputing and storing the map from the stored votes,
and rendering the voting and map pages.

Runs on a fresh database in a temporary folder (SQLite), or on DATABASE_URL if set (the test
database `test_…` of that server is created and dropped). Prints figures; asserts nothing.
Settings: --participants (default 5000), --statements (default 30), --votes (service calls, 2000)."""

import argparse
import os
import random
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


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def percentiles(samples):
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.95)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--statements", type=int, default=30)
    parser.add_argument("--votes", type=int, default=2000)
    args = parser.parse_args()
    from django.db import connection

    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


def run(args):
    from django.contrib.auth.models import AnonymousUser
    from django.urls import reverse

    from samenspel.accounts.models import Membership, Role, User
    from samenspel.deliberation import services
    from samenspel.deliberation.models import Conversation, Participant, StatementVote
    from samenspel.places.models import Place, PlaceKind

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Conversation benchmarks on {vendor}, Python {sys.version.split()[0]}")
    rng = random.Random(1)  # noqa: S311 - synthetic votes
    city = Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen")
    wijk = Place.objects.create(kind=PlaceKind.WIJK, name="Selwerd", slug="selwerd", parent=city)
    official = User.objects.create_user("bench@example.org", "x")
    Membership.objects.create(user=official, role=Role.AREA_OFFICIAL, place=wijk)
    seeds = [f"Stelling nummer {n} over de wijk en wat beter kan." for n in range(args.statements)]
    conversation = services.start_conversation(
        user=official, place=wijk, title="Bench", question="Hoe verder?", seed_statements=seeds
    )
    statements = list(conversation.statements.order_by("pk"))

    # Stored votes: three planted groups.
    start = time.perf_counter()
    participants = Participant.objects.bulk_create(
        Participant(conversation=conversation, browser_key=f"bench-{n}") for n in range(args.participants)
    )
    rows = []
    for n, participant in enumerate(participants):
        group = n % 3
        for j, statement in enumerate(statements):
            if rng.random() < 0.3:
                continue
            agree = 0.85 if (j + group) % 3 == 0 else 0.2
            rows.append(
                StatementVote(statement=statement, participant=participant, vote=1 if rng.random() < agree else -1)
            )
    StatementVote.objects.bulk_create(rows, batch_size=10_000)
    print(
        f"stored {len(rows):,} votes of {args.participants:,} participants on {args.statements} statements "
        f"(bulk insert {ms(time.perf_counter() - start)})"
    )

    # Casting votes through the service (a new browser every ten votes), map requests debounced.
    anonymous = AnonymousUser()
    samples = []
    for n in range(args.votes):
        statement = statements[n % len(statements)]
        begin = time.perf_counter()
        services.cast_vote(
            user=anonymous,
            conversation=conversation,
            statement=statement,
            vote=rng.choice((1, -1, 0)),
            browser_key=f"new-{n // 10}",
        )
        samples.append(time.perf_counter() - begin)
    p50, p95 = percentiles(samples)
    print(f"cast_vote: {len(samples) / sum(samples):,.0f} votes/s sequential, p50 {ms(p50)}, p95 {ms(p95)}")

    participant = participants[len(participants) // 2]
    samples = []
    for _n in range(200):
        begin = time.perf_counter()
        services.next_statement(conversation, participant)
        samples.append(time.perf_counter() - begin)
    p50, p95 = percentiles(samples)
    print(f"next_statement: p50 {ms(p50)}, p95 {ms(p95)}")

    for label in ("first", "second (with previous state)"):
        conversation = Conversation.objects.get(pk=conversation.pk)
        begin = time.perf_counter()
        result = services.compute_map(conversation)
        print(
            f"compute_map {label}: {ms(time.perf_counter() - begin)} (k={result.k}, votes={conversation.map_votes:,})"
        )

    client = Client()
    for name, url in (
        ("voting page", conversation.get_absolute_url()),
        ("map page", reverse("deliberation:map", args=[conversation.pk])),
    ):
        samples = []
        for _n in range(20):
            begin = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - begin)
            assert response.status_code == 200
        print(f"{name}: median {ms(statistics.median(samples))} ({len(response.content) // 1024} kB)")
    url = reverse("deliberation:vote", args=[conversation.pk])
    samples = []
    for n in range(100):
        begin = time.perf_counter()
        client.post(url, {"statement": statements[n % len(statements)].pk, "vote": 1})
        samples.append(time.perf_counter() - begin)
    print(f"POST a vote (anonymous browser, test client): median {ms(statistics.median(samples))}")


if __name__ == "__main__":
    main()
