"""A municipality-sized data set for the load benchmark, written fast.

"Grootstad" (an invented municipality with CBS-like figures): 6 gebieden, 60 wijken with 4 buurten
each and an outline of 48 points each, three years of wijkkompas figures for every place; 12,000
residents with an account; 20,000 ideas with about 100,000 supports and some comments; a
burgerbegroting with two rounds of 40 projects: one in its voting phase with 100,000 ballots cast
by voting code (and a list of unused codes for new casts), and one closed with 100,000 ballots
whose result is counted and published by the budgeting service itself; a neighbourhood panel of
5,000 members with an open consultation (2,000 answers) and 3,000 invitations by lot; 10
conversations with 40 statements and 500 participants each (200,000 statement votes); a
wijkagenda per wijk with 20 items, 3,000 decisions and 600 meetings.

How it is written: rows go in with COPY (psycopg) for the big tables and bulk_create in batches for
the rest, so the whole fill takes a minute or two. That bypasses the services, and so the audit log,
for the bulk rows: the audit log holds only what the services below write themselves (the
publication of the closed round's result and the panel's invitation codes). The voting codes are
made with the budgeting app's own functions (`voting.new_code`, `voting.code_key`), and the panel's
invitation codes by `panel.services.issue_invitation_codes`, so the hashes match what the app
checks. `fill()` returns the plan for the load run (round, projects, unused codes, the
consultation and its questions, the pages to read); the runner writes it to a JSON file.

Run inside a configured Django (the runner does that): `from load.dataset import fill`."""

# ruff: noqa: S311 - a seeded generator for invented data; secrets is used where codes are made

import datetime
import json
import math
import random
import secrets
import time
import uuid
from decimal import Decimal

N_GEBIEDEN = 6
N_WIJKEN = 60
BUURTEN_PER_WIJK = 4
N_USERS = 12_000
N_IDEAS = 20_000
N_BALLOTS = 100_000
N_PROJECTS = 40
N_UNUSED_CODES = 40_000
N_PANEL_MEMBERS = 5_000
N_PANEL_RESPONSES = 2_000
N_PANEL_INVITES = 3_000
N_CONVERSATIONS = 10
STATEMENTS_PER_CONVERSATION = 40
PARTICIPANTS_PER_CONVERSATION = 500
AGENDA_ITEMS_PER_WIJK = 20
N_DECISIONS = 3_000
N_MEETINGS = 600

WORDS = [
    "speeltuin",
    "bankjes",
    "bomen",
    "groen",
    "verlichting",
    "stoep",
    "fietspad",
    "buurthuis",
    "moestuin",
    "zwerfvuil",
    "parkeren",
    "ontmoeten",
    "ouderen",
    "jongeren",
    "sport",
    "plein",
    "water",
    "kunst",
    "markt",
    "muziek",
    "veiligheid",
    "hondenveld",
    "schoolplein",
    "bloemen",
    "vijver",
    "brug",
    "wandelroute",
    "buurtfeest",
    "repaircafe",
    "voedselbank",
    "kinderboerderij",
]
STREETS = [
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Stationsweg",
    "Julianalaan",
    "Beatrixstraat",
    "Parkweg",
]


# Everyday words around the topic words, so that a search for a topic word finds some ideas
# (about one in ten), as in a real municipality, rather than nearly all of them.
FILLER = [
    a + b
    for a in ("de", "het", "een", "wij", "ook", "meer", "voor", "bij", "naar", "over", "samen", "buurt")
    for b in ("", "s", "en", "je", "tje", "lijk", "heid", "baar", "ig", "er", "ste", "ing", "te", "st", "ers", "d")
]
VOCABULARY = WORDS + FILLER * 3


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(6, 14)) for _ in range(sentences))


class Timer:
    def __init__(self):
        self.steps: list[tuple[str, float, int]] = []
        self.start = time.perf_counter()

    def step(self, name: str, started: float, rows: int) -> None:
        seconds = time.perf_counter() - started
        self.steps.append((name, seconds, rows))
        print(f"  {name:44s} {rows:9,d} rows {seconds:7.1f} s", flush=True)


def copy_rows(model, fields: list[str], rows) -> int:
    """COPY rows (tuples in the order of `fields`) into the model's table; PostgreSQL only.
    JSON fields are given as Python objects and written as JSON text."""
    from django.db import connection

    meta = model._meta
    columns = [meta.get_field(f).column for f in fields]
    json_at = [i for i, f in enumerate(fields) if meta.get_field(f).get_internal_type() == "JSONField"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = f'COPY "{meta.db_table}" ({quoted}) FROM STDIN'
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(sql) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i])
                copy.write_row(row)
                count += 1
    return count


def reset_sequence(model) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def _outline(lon: float, lat: float, radius: float, rng: random.Random, points: int = 48) -> dict:
    ring = []
    for i in range(points):
        angle = 2 * math.pi * i / points
        r = radius * (0.85 + 0.15 * rng.random())
        ring.append([round(lon + r * math.cos(angle) * 1.6, 5), round(lat + r * math.sin(angle), 5)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


# --- the parts ---------------------------------------------------------------------------------


def make_places(rng, timer):
    from samenspel.places.models import DataSource, IndicatorValue, Place, PlaceKind

    t = time.perf_counter()
    city = Place(kind=PlaceKind.MUNICIPALITY, name="Grootstad", slug="grootstad", cbs_code="GM0999")
    city.boundary = _outline(6.0, 52.5, 0.12, rng)
    city.description = "Een bedachte gemeente van gemeentelijke omvang, voor de belastingproef."
    city.save()
    gebieden = Place.objects.bulk_create(
        Place(
            kind=PlaceKind.DISTRICT,
            name=f"Gebied {name}",
            slug=f"gebied-{name.lower()}",
            parent=city,
            municipality=city,
        )
        for name in ("Noord", "Oost", "Zuid", "West", "Centrum", "Haven")
    )
    names = [
        f"{a}{b}"
        for a in ("Oost", "West", "Noord", "Zuid", "Hoog", "Laag")
        for b in ("park", "wijk", "veld", "dorp", "hoek", "kamp", "laan", "meer", "hof", "zijl")
    ]
    wijken = []
    for i in range(N_WIJKEN):
        row, col = divmod(i, 10)
        wijken.append(
            Place(
                kind=PlaceKind.WIJK,
                name=names[i],
                slug=names[i].lower(),
                cbs_code=f"WK0999{i:02d}",
                parent=gebieden[i % N_GEBIEDEN],
                municipality=city,
                boundary=_outline(5.9 + col * 0.022, 52.44 + row * 0.02, 0.007, rng),
                description=_text(rng, 2),
            )
        )
    wijken = Place.objects.bulk_create(wijken)
    buurten = Place.objects.bulk_create(
        Place(
            kind=PlaceKind.BUURT,
            name=f"{w.name} {j + 1}",
            slug=f"{w.slug}-{j + 1}",
            cbs_code=f"BU0999{i:02d}{j:02d}",
            parent=w,
            municipality=city,
        )
        for i, w in enumerate(wijken)
        for j in range(BUURTEN_PER_WIJK)
    )
    sources = {}
    for year in (2022, 2023, 2024):
        sources[year], _ = DataSource.objects.update_or_create(
            key=f"cbs-kwb-{year}",
            defaults={
                "title": f"CBS, Kerncijfers wijken en buurten {year}",
                "publisher": "CBS",
                "licence": "CC BY 4.0",
            },
        )
    values = []
    for place in [city, *gebieden, *wijken, *buurten]:
        base = {PlaceKind.MUNICIPALITY: 240_000, PlaceKind.DISTRICT: 40_000, PlaceKind.WIJK: 4_000}.get(
            place.kind, 1_000
        )
        inhabitants = int(base * rng.uniform(0.6, 1.4))
        for year in (2022, 2023, 2024):
            people = int(inhabitants * (1 + 0.01 * (year - 2024)))
            men = int(people * rng.uniform(0.47, 0.52))
            land = max(10, int(people / rng.uniform(10, 60)))
            figures = {
                "inhabitants": people,
                "men": men,
                "women": people - men,
                "dwellings": int(people / rng.uniform(1.8, 2.3)),
                "population_density_per_km2": int(people / (land / 100)),
                "area_total_ha": land + land // 20,
                "area_land_ha": land,
                "area_water_ha": land // 20,
            }
            values += [
                IndicatorValue(place=place, indicator=k, year=year, value=Decimal(v), source=sources[year])
                for k, v in figures.items()
            ]
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    timer.step("places (gemeente, gebieden, wijken, buurten)", t, 1 + len(gebieden) + len(wijken) + len(buurten))
    timer.step("CBS figures", t, len(values))
    return city, gebieden, wijken, buurten


def make_users(rng, timer):
    from samenspel.accounts.models import User

    t = time.perf_counter()
    admin = User.objects.create_superuser(email="load-admin@grootstad.invalid", password=secrets.token_urlsafe(20))
    admin.display_name = "Beheer Grootstad"
    admin.save(update_fields=["display_name"])
    now = datetime.datetime.now(datetime.UTC)
    first = [
        "Anna",
        "Bram",
        "Chantal",
        "Daan",
        "Emma",
        "Fatima",
        "Gijs",
        "Hanna",
        "Ivo",
        "Jasmijn",
        "Karim",
        "Lotte",
        "Mehmet",
        "Noor",
        "Olaf",
        "Priya",
    ]
    users = User.objects.bulk_create(
        (
            User(
                email=f"bewoner{i}@grootstad.invalid",
                display_name=f"{rng.choice(first)} {i}",
                password="!",  # noqa: S106 - unusable: these residents never log in during the run
                date_joined=now,
                public_id=uuid.uuid4(),
            )
            for i in range(N_USERS)
        ),
        batch_size=5000,
    )
    timer.step("residents with an account", t, len(users))
    return admin, [u.pk for u in users]


def make_ideas(rng, timer, wijken, buurten, user_ids):
    from django.db import connection

    from samenspel.initiatives.models import CaseStatus, Comment, Idea, IdeaKind, Support

    t = time.perf_counter()
    statuses = [s for s, _ in CaseStatus.choices]
    weights = [30, 20, 10, 10, 15, 8, 4, 3]
    buurten_of = {}
    for b in buurten:
        buurten_of.setdefault(b.parent_id, []).append(b.pk)
    ideas = []
    for i in range(N_IDEAS):
        wijk = wijken[int(rng.triangular(0, N_WIJKEN, 0)) % N_WIJKEN]  # some wijken are busier
        ideas.append(
            Idea(
                place=wijk,
                buurt_id=rng.choice(buurten_of[wijk.pk]),
                kind=IdeaKind.INITIATIVE if rng.random() < 0.3 else IdeaKind.IDEA,
                title=f"{_sentence(rng, rng.randint(3, 7))[:-1]} ({i})"[:150],
                description=_text(rng, rng.randint(2, 6)),
                needs=_text(rng, 1) if rng.random() < 0.5 else "",
                location_text=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
                status=rng.choices(statuses, weights)[0],
                author_id=rng.choice(user_ids),
                is_hidden=rng.random() < 0.01,
            )
        )
    ideas = Idea.objects.bulk_create(ideas, batch_size=5000)
    timer.step("ideas", t, len(ideas))

    t = time.perf_counter()
    now = datetime.datetime.now(datetime.UTC)

    def supports():
        for idea in ideas:
            n = min(len(user_ids), int(rng.expovariate(1 / 5)))
            for user_id in rng.sample(user_ids, n):
                yield (idea.pk, user_id, "", "online", now)

    n = copy_rows(Support, ["idea", "user", "on_behalf_of", "channel", "created_at"], supports())
    reset_sequence(Support)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE initiatives_idea i SET support_count = s.n FROM "
            "(SELECT idea_id, count(*) n FROM initiatives_support GROUP BY idea_id) s WHERE s.idea_id = i.id"
        )
        # Spread the ideas over the last two years (auto_now_add gave them all "now").
        cursor.execute(
            "UPDATE initiatives_idea SET created_at = now() - (id % 730) * interval '1 day' - (id % 1440) * "
            "interval '1 minute', updated_at = now() - (id % 30) * interval '1 day'"
        )
    timer.step("supports", t, n)

    t = time.perf_counter()
    comments = [
        Comment(idea=idea, author_id=rng.choice(user_ids), text=_text(rng, rng.randint(1, 3)))
        for idea in ideas
        for _ in range(int(rng.expovariate(1 / 2)))
    ]
    Comment.objects.bulk_create(comments, batch_size=5000)
    timer.step("comments", t, len(comments))
    return ideas


def _round(budget, title, now, *, open_: bool):
    from samenspel.budgeting.models import BallotType, Round

    day = datetime.timedelta(days=1)
    offset = 0 if open_ else 60
    return Round.objects.create(
        budget=budget,
        title=title,
        description="Bewoners van Grootstad beslissen samen over dit geld.",
        amount_cents=150_000_000,
        ideas_opens=now - (offset + 60) * day,
        review_opens=now - (offset + 40) * day,
        voting_opens=now - (offset + 10) * day,
        voting_closes=now + 14 * day if open_ else now - (offset - 5) * day,
        ballot_type=BallotType.APPROVAL,
        min_projects=1,
        max_projects=5,
        allow_vote_change=False,
    )


def _ballots(round_, project_pks, rng, n):
    from samenspel.budgeting.models import Ballot

    today = datetime.date.today()
    popularity = [rng.uniform(0.2, 3.0) for _ in project_pks]
    used = set()

    def rows():
        for _ in range(n):
            chosen = set(rng.choices(project_pks, popularity, k=rng.randint(1, 5)))
            pk = secrets.randbelow(2**63 - 2) + 1
            while pk in used:
                pk = secrets.randbelow(2**63 - 2) + 1
            used.add(pk)
            yield (pk, round_.pk, "code", {str(p): 1 for p in chosen}, None, "", today)

    return copy_rows(Ballot, ["id", "round", "channel", "choices", "change_key", "receipt_hash", "cast_on"], rows())


def make_budget(rng, timer, city, wijken, admin):
    from samenspel.budgeting import services as budgeting
    from samenspel.budgeting import voting
    from samenspel.budgeting.models import Budget, BudgetKind, CodeBatch, Project, ProjectStatus, VotingCode

    t = time.perf_counter()
    now = datetime.datetime.now(datetime.UTC)
    budget = Budget.objects.create(
        place=city,
        kind=BudgetKind.BURGERBEGROTING,
        title="Burgerbegroting Grootstad",
        period_start=datetime.date(now.year - 1, 1, 1),
        period_end=datetime.date(now.year, 12, 31),
        amount_cents=400_000_000,
    )
    rounds = {"open": _round(budget, "Grootstad beslist", now, open_=True)}
    rounds["closed"] = _round(budget, "Grootstad besliste", now, open_=False)
    projects = {}
    for key, round_ in rounds.items():
        projects[key] = Project.objects.bulk_create(
            Project(
                round=round_,
                number=i + 1,
                title=f"{_sentence(rng, rng.randint(3, 6))[:-1]}"[:150],
                summary=_sentence(rng, 12)[:300],
                description=_text(rng, 4),
                cost_cents=rng.randint(20, 400) * 100_000,
                area=wijken[rng.randrange(N_WIJKEN)],
                status=ProjectStatus.ON_BALLOT,
                reviewed_at=now,
            )
            for i in range(N_PROJECTS)
        )
    n = 0
    for key, round_ in rounds.items():
        n += _ballots(round_, [p.pk for p in projects[key]], rng, N_BALLOTS)
    timer.step("budget rounds and ballots (2 rounds)", t, n)

    t = time.perf_counter()
    open_round = rounds["open"]
    batch = CodeBatch.objects.create(round=open_round, letters=N_BALLOTS + N_UNUSED_CODES, note="belastingproef")
    unused = [voting.new_code() for _ in range(N_UNUSED_CODES)]
    used_at = now - datetime.timedelta(days=2)

    def code_rows():
        # The codes already used are never typed in again: a random stored hash is as good as
        # hashing a fresh code, and much quicker. The unused ones are hashed as the app does.
        for _ in range(N_BALLOTS):
            yield (open_round.pk, batch.pk, secrets.token_hex(32), used_at)
        for code in unused:
            yield (open_round.pk, batch.pk, voting.code_key(code), None)

    n = copy_rows(VotingCode, ["round", "batch", "code_hash", "used_at"], code_rows())
    reset_sequence(VotingCode)
    timer.step("voting codes (used and unused)", t, n)

    t = time.perf_counter()
    closed = rounds["closed"]
    budgeting.publish_result(user=admin, round=closed)  # the service counts and publishes
    timer.step("count and publish the closed round (service)", t, N_BALLOTS)
    return {
        "open_round": open_round.pk,
        "open_projects": [p.pk for p in projects["open"]],
        "closed_round": closed.pk,
        "voting_codes": unused,
    }


def make_panel(rng, timer, city, wijken, buurten, admin):
    from samenspel.panel import services as panel_services
    from samenspel.panel.models import (
        AgeBand,
        Answer,
        Consultation,
        Education,
        Gender,
        Household,
        JoinedVia,
        MemberStatus,
        Panel,
        PanelMember,
        Question,
        QuestionKind,
        Response,
    )

    t = time.perf_counter()
    now = datetime.datetime.now(datetime.UTC)
    wijk = wijken[0]
    own_buurten = [b.pk for b in buurten if b.parent_id == wijk.pk]
    panel = Panel.objects.create(place=wijk, title=f"Wijkpanel {wijk.name}", max_requests=12)
    members = PanelMember.objects.bulk_create(
        (
            PanelMember(
                panel=panel,
                number=i + 1,
                joined_via=rng.choice([JoinedVia.SIGNUP, JoinedVia.LOT]),
                status=MemberStatus.ACTIVE,
                joined_at=now,
                consent_at=now,
                age_band=rng.choice(AgeBand.values),
                gender=rng.choice(Gender.values),
                buurt_id=rng.choice(own_buurten),
                household=rng.choice(Household.values),
                education=rng.choice(Education.values),
            )
            for i in range(N_PANEL_MEMBERS)
        ),
        batch_size=5000,
    )
    consultation = Consultation.objects.create(
        place=wijk,
        panel=panel,
        title="Hoe gaan we om met het groen in de wijk?",
        intro=_text(rng, 2),
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=14),
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                consultation=consultation,
                order=1,
                kind=QuestionKind.SINGLE,
                text="Hoe tevreden bent u over het groen in uw buurt?",
                options=["Zeer tevreden", "Tevreden", "Neutraal", "Ontevreden", "Zeer ontevreden"],
                required=True,
            ),
            Question(
                consultation=consultation,
                order=2,
                kind=QuestionKind.MULTIPLE,
                text="Wat wilt u meer zien?",
                options=["Bomen", "Bloemen", "Speelplekken", "Bankjes", "Moestuinen"],
            ),
            Question(
                consultation=consultation,
                order=3,
                kind=QuestionKind.SCALE,
                text="Hoe belangrijk is groen voor u?",
                scale_min=1,
                scale_max=5,
                label_low="Niet belangrijk",
                label_high="Heel belangrijk",
            ),
            Question(consultation=consultation, order=4, kind=QuestionKind.TEXT, text="Wat wilt u nog kwijt?"),
        ]
    )
    responses = Response.objects.bulk_create(
        (
            Response(consultation=consultation, member=m, profile=m.profile(), submitted_at=now, updated_at=now)
            for m in rng.sample(members, N_PANEL_RESPONSES)
        ),
        batch_size=5000,
    )
    answers = []
    for r in responses:
        answers.append(Answer(response=r, question=questions[0], choices=[rng.randrange(5)]))
        answers.append(
            Answer(response=r, question=questions[1], choices=sorted(rng.sample(range(5), rng.randint(1, 3))))
        )
        answers.append(Answer(response=r, question=questions[2], number=rng.randint(1, 5)))
        if rng.random() < 0.3:
            answers.append(Answer(response=r, question=questions[3], text=_text(rng, 1)))
    Answer.objects.bulk_create(answers, batch_size=5000)
    timer.step("panel: members, consultation, answers", t, len(members) + len(responses) + len(answers))

    t = time.perf_counter()
    codes = []
    while len(codes) < N_PANEL_INVITES:
        batch = panel_services.issue_invitation_codes(
            user=admin, panel=panel, count=min(panel_services.MAX_CODES, N_PANEL_INVITES - len(codes))
        )
        codes += batch.codes
    timer.step("panel invitation codes (service)", t, len(codes))
    return {
        "panel": panel.pk,
        "consultation": consultation.pk,
        "questions": {
            "single": questions[0].pk,
            "multiple": questions[1].pk,
            "scale": questions[2].pk,
            "text": questions[3].pk,
        },
        "panel_codes": codes,
    }


def make_conversations(rng, timer, wijken, user_ids):
    from samenspel.deliberation.models import Conversation, Participant, Statement, StatementVote

    t = time.perf_counter()
    conversations = Conversation.objects.bulk_create(
        Conversation(
            place=wijken[i],
            title=f"Het gesprek over {rng.choice(WORDS)} in {wijken[i].name}",
            question=f"Wat vindt u van {rng.choice(WORDS)} en {rng.choice(WORDS)} in de wijk?",
            description=_text(rng, 2),
            allow_anonymous=True,
        )
        for i in range(N_CONVERSATIONS)
    )
    statements = []
    for c in conversations:
        for j in range(STATEMENTS_PER_CONVERSATION):
            text = f"{_sentence(rng, rng.randint(6, 12))[:-1]} ({j + 1})."
            statements.append(
                Statement(conversation=c, text=text, normalised=text.lower(), status="published", is_seed=j < 10)
            )
    statements = Statement.objects.bulk_create(statements, batch_size=5000)
    participants = Participant.objects.bulk_create(
        (
            Participant(conversation=c, browser_key=secrets.token_hex(16))
            if k % 3
            else Participant(conversation=c, user_id=user_ids[(k * 7 + i) % len(user_ids)])
            for i, c in enumerate(conversations)
            for k in range(PARTICIPANTS_PER_CONVERSATION)
        ),
        batch_size=5000,
    )
    by_conversation = {}
    for s in statements:
        by_conversation.setdefault(s.conversation_id, []).append(s.pk)
    now = datetime.datetime.now(datetime.UTC)

    def votes():
        # Two opinion groups, so the map has something to find.
        for p in participants:
            group = p.pk % 2
            for k, s in enumerate(by_conversation[p.conversation_id]):
                lean = 1 if (k % 2) == group else -1
                vote = lean if rng.random() < 0.7 else rng.choice((-1, 0, 1))
                yield (s, p.pk, vote, "online", now, now)

    n = copy_rows(StatementVote, ["statement", "participant", "vote", "channel", "created_at", "updated_at"], votes())
    reset_sequence(StatementVote)
    timer.step("conversations, statements, participants, votes", t, n)
    return [c.pk for c in conversations]


def make_agenda_and_decisions(rng, timer, wijken):
    from samenspel.agenda.models import (
        AgendaItem,
        AgendaStatus,
        ItemOrigin,
        ItemStatus,
        NeighbourhoodAgenda,
        OriginSide,
    )
    from samenspel.decisions.models import DeciderKind, Decision, DecisionOutcome
    from samenspel.deliberation.models import Meeting, MeetingKind

    t = time.perf_counter()
    today = datetime.date.today()
    agendas = NeighbourhoodAgenda.objects.bulk_create(
        NeighbourhoodAgenda(
            place=w,
            title=f"Wijkagenda {w.name} {today.year}–{today.year + 1}",
            period_start=datetime.date(today.year, 1, 1),
            period_end=datetime.date(today.year + 1, 12, 31),
            status=AgendaStatus.ADOPTED,
            introduction=_text(rng, 2),
        )
        for w in wijken
    )
    items = AgendaItem.objects.bulk_create(
        (
            AgendaItem(
                agenda=a,
                title=_sentence(rng, rng.randint(3, 7))[:-1][:200],
                description=_text(rng, 3),
                origin=rng.choice([ItemOrigin.DNA, ItemOrigin.IDEA, ItemOrigin.MUNICIPALITY, ItemOrigin.OTHER]),
                origin_side=rng.choice([OriginSide.BOTTOM_UP, OriginSide.TOP_DOWN]),
                status=rng.choice([ItemStatus.PROPOSED, ItemStatus.ADOPTED, ItemStatus.IN_PROGRAMME, ItemStatus.DONE]),
            )
            for a in agendas
            for _ in range(AGENDA_ITEMS_PER_WIJK)
        ),
        batch_size=5000,
    )
    decisions = Decision.objects.bulk_create(
        (
            Decision(
                place=wijken[rng.randrange(N_WIJKEN)],
                decider_kind=rng.choice([DeciderKind.WIJK_BODY, DeciderKind.COLLEGE, DeciderKind.AREA_TEAM]),
                meeting="Vergadering van de wijkraad",
                meeting_date=today - datetime.timedelta(days=rng.randint(0, 700)),
                title=_sentence(rng, rng.randint(4, 8))[:-1][:200],
                outcome=rng.choice([DecisionOutcome.ADOPTED, DecisionOutcome.REJECTED, DecisionOutcome.POSTPONED]),
                rationale=_text(rng, 3),
                decided_on=today - datetime.timedelta(days=rng.randint(0, 700)),
                recorded_as_advice=True,
            )
            for _ in range(N_DECISIONS)
        ),
        batch_size=5000,
    )
    now = datetime.datetime.now(datetime.UTC)
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                place=wijken[i % N_WIJKEN],
                kind=rng.choice([MeetingKind.BODY_MEETING, MeetingKind.BUURTBIJEENKOMST, MeetingKind.INLOOPMARKT]),
                title=f"Bijeenkomst over {rng.choice(WORDS)}",
                description=_text(rng, 2),
                starts_at=now + datetime.timedelta(days=rng.randint(-300, 120), hours=rng.randint(0, 10)),
                location_name=f"Buurthuis {wijken[i % N_WIJKEN].name}",
                address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
            )
            for i in range(N_MEETINGS)
        ),
        batch_size=5000,
    )
    timer.step("wijkagenda items, decisions, meetings", t, len(items) + len(decisions) + len(meetings))


def more_codes(plan: dict, voting_count: int, panel_count: int) -> tuple[list[str], list[str]]:
    """New unused voting codes for the open round and panel invitations, for a reused database
    whose codes the earlier runs spent. Made with the apps' own functions, as in fill()."""
    from samenspel.accounts.models import User
    from samenspel.budgeting import voting
    from samenspel.budgeting.models import CodeBatch, Round, VotingCode
    from samenspel.panel import services as panel_services
    from samenspel.panel.models import Panel

    voting_codes, panel_codes = [], []
    if voting_count > 0:
        round_ = Round.objects.get(pk=plan["open_round"])
        batch = CodeBatch.objects.create(round=round_, letters=voting_count, note="belastingproef, aanvulling")
        voting_codes = [voting.new_code() for _ in range(voting_count)]
        copy_rows(
            VotingCode,
            ["round", "batch", "code_hash", "used_at"],
            ((round_.pk, batch.pk, voting.code_key(code), None) for code in voting_codes),
        )
        reset_sequence(VotingCode)
    if panel_count > 0:
        admin = User.objects.get(email="load-admin@grootstad.invalid")
        panel = Panel.objects.get(pk=plan["panel"])
        while len(panel_codes) < panel_count:
            count = min(panel_services.MAX_CODES, panel_count - len(panel_codes))
            panel_codes += panel_services.issue_invitation_codes(user=admin, panel=panel, count=count).codes
    return voting_codes, panel_codes


def fill(seed: int = 2026) -> dict:
    """Fill the (empty, migrated) database; return the plan for the load run."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        raise SystemExit("the load data set is written with COPY: run it on PostgreSQL")
    rng = random.Random(seed)
    timer = Timer()
    print("Filling the load database:", flush=True)
    with transaction.atomic():
        city, _gebieden, wijken, buurten = make_places(rng, timer)
        admin, user_ids = make_users(rng, timer)
        ideas = make_ideas(rng, timer, wijken, buurten, user_ids)
        conversations = make_conversations(rng, timer, wijken, user_ids)
        make_agenda_and_decisions(rng, timer, wijken)
    budget = make_budget(rng, timer, city, wijken, admin)  # the services open their own transactions
    panel = make_panel(rng, timer, city, wijken, buurten, admin)
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timer.step("ANALYZE", t, 0)
    total = time.perf_counter() - timer.start
    rows = sum(r for _n, _s, r in timer.steps)
    print(f"  {'the whole fill':44s} {rows:9,d} rows {total:7.1f} s", flush=True)
    visible = [i for i in ideas if not i.is_hidden]
    return {
        "fill_seconds": round(total, 1),
        "municipality": city.slug,
        "wijken": [w.slug for w in wijken],
        "wijk_pks": [w.pk for w in wijken],
        "ideas": [i.pk for i in rng.sample(visible, 2000)],
        "conversations": conversations,
        **budget,
        **panel,
    }
