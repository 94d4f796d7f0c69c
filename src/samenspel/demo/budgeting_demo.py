"""Demo participatory budgets, built on the demo agreements and ideas:

- "Oosterpark beslist <year>": a finished round in Oosterparkwijk on the wijkbudget of € 200.000
  a year (seed 003, "Oosterpark, altijd een goed idee"), dividing € 100.000 over twelve
  feasible projects. Two proposals were not feasible, with their public reasons. About 780
  ballots with voting codes by letter, with accounts and on paper (entered twice), counted with
  the Method of Equal Shares (Add1). The budget rests on the agreement's level-3 wijkbudget, so
  the result is binding. Several winners report on their realisation.
- "Lewenborg kiest <year>": an open round in Lewenborg, voting now, with voting letters for a
  demo list of 40 invented addresses (the PDF is written to MEDIA_ROOT/demo/), some votes cast
  already, and paper ballots entered once (waiting for the second official) and one sheet
  whose two entries differ. Lewenborg's agreement waits for the council, so the result will
  be advice to the municipality.

Runs through the services as the demo's residents and officials. A round's phases follow
from its dates, so each round is created with dates that make the next step possible now,
then moved on; the finished round is moved back in time at the end. The ballots of the
finished round are made with bulk_create (realistic preferences from a seeded random
generator), its paper ballots and the account votes through the voting services.

Needs the agreements and initiatives demos first: call `load` after them (it does nothing
when a budget round exists)."""

import datetime
import random
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from samenspel.budgeting import services, voting
from samenspel.budgeting.models import (
    Ballot,
    BallotType,
    CodeBatch,
    Project,
    ProjectStatus,
    RealisationStatus,
    Round,
    TallyRule,
    VoteChannel,
    VotingCode,
)
from samenspel.core.models import Channel
from samenspel.initiatives import services as initiatives
from samenspel.initiatives.models import CaseEvent, Idea

SEED = 3  # seed 003, where the Oosterpark wijkbudget comes from
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
MONTHS_AGO = 200  # the finished round's voting closed this many days ago

FATIMA = "fatima@gemeente-groningen.example"
JOOST = "joost@procesbegeleiding.example"
BEHEER = "beheer@gemeente-groningen.example"
ANOUK = "anouk@oosterpark.example"
SANNE = "sanne@oosterpark.example"
ERIK = "erik@oosterpark.example"
RIA = "ria@lewenborg.example"

OOSTERPARK_ROUND = "Oosterpark beslist"  # + the year it was held
LEWENBORG_ROUND = "Lewenborg kiest"
PRINTED_CODES = 5

# key, title, summary, cost (€), who (email, or (channel, on behalf of)), existing idea title or None
OOSTERPARK_PROJECTS = [
    (
        "speeltuin",
        "Nieuwe speeltoestellen in het Oosterpark",
        "De oude klimtoestellen vervangen door een speelplek voor kinderen van 2 tot 12, ook voor kinderen "
        "in een rolstoel.",
        35_000,
        ANOUK,
        "Nieuwe speeltoestellen in het Oosterpark",
    ),
    (
        "moestuin",
        "Buurtmoestuin achter de Oosterparkschool",
        "Twaalf moestuinbakken, een schuurtje en een regenton; buurtbewoners en de school onderhouden ze samen.",
        8_500,
        SANNE,
        None,
    ),
    (
        "verlichting",
        "Betere verlichting op het fietspad door het park",
        "Zuinige ledlampen langs het fietspad, zodat het 's avonds veiliger voelt.",
        22_000,
        (Channel.PAPER, "een bewoner van de Gorechtkade (brief)"),
        None,
    ),
    (
        "bankjes",
        "Bankjes langs het Damsterdiep",
        "Acht bankjes met rugleuning en armsteun, om onderweg even uit te rusten.",
        6_000,
        (Channel.MEETING, "ouderen bij de koffieochtend in het buurthuis"),
        None,
    ),
    (
        "jongeren",
        "Jongerenruimte in het buurthuis",
        "Een eigen plek voor jongeren van 12 tot 18 op vrijdag- en zaterdagavond, met een jongerenwerker.",
        18_000,
        ERIK,
        None,
    ),
    (
        "pannakooi",
        "Pannakooi bij de Oosterparkschool",
        "Een kleine voetbalkooi op het schoolplein, na schooltijd open voor de hele buurt.",
        27_000,
        ERIK,
        None,
    ),
    (
        "geveltuinen",
        "Geveltuinen in de Borgstraat",
        "Tegels eruit, planten erin: geveltuinen voor iedereen in de straat die wil meedoen.",
        7_500,
        ANOUK,
        "Geveltuinen in de Borgstraat",
    ),
    (
        "festival",
        "Zomerfestival in het Oosterpark",
        "Een dag met muziek van buurtbewoners, een kleedjesmarkt en eten uit alle keukens van de wijk.",
        9_000,
        SANNE,
        None,
    ),
    (
        "water",
        "Watertappunt en schaduwbomen bij het speelplein",
        "Een watertappunt en vier bomen, zodat het speelplein ook op hete dagen te gebruiken is.",
        14_000,
        (Channel.PHONE, "ouders van de peuterspeelzaal (telefonisch)"),
        None,
    ),
    (
        "koffie",
        "Koffieochtenden voor ouderen",
        "Elke week een koffieochtend met vervoer voor wie slecht ter been is, tegen eenzaamheid.",
        4_500,
        (Channel.MEETING, "bewoners aan de praattafel in het buurthuis"),
        None,
    ),
    (
        "muur",
        "Muurschildering in de fietstunnel",
        "Kunstenaars en kinderen uit de wijk beschilderen de fietstunnel met de geschiedenis van de Oosterpark.",
        12_000,
        ERIK,
        "Muurschildering in de fietstunnel",
    ),
    (
        "bakfiets",
        "Deelbakfietsen voor de wijk",
        "Drie elektrische bakfietsen om te lenen via een app of bij het buurthuis.",
        11_000,
        SANNE,
        None,
    ),
]
OOSTERPARK_NOT_FEASIBLE = [
    (
        "Overdekt zwembad in het Oosterpark",
        "Een zwembad voor de wijk, met een ondiep bad voor kinderen.",
        ANOUK,
        "Een zwembad kost vele miljoenen, veel meer dan dit budget, en het park is een beschermd groengebied "
        "waarop niet gebouwd mag worden.",
    ),
    (
        "Gratis parkeren voor bewoners",
        "Bewoners van de Oosterparkwijk parkeren gratis in de eigen wijk.",
        (Channel.PHONE, "een bewoner van de Oosterparkwijk (telefonisch)"),
        "Parkeertarieven zijn stedelijk beleid: de gemeenteraad besluit erover, niet een wijkbudget. Het idee "
        "is doorgegeven aan de afdeling parkeren.",
    ),
]

# Who votes for what: share of voters, and per project the chance they choose it.
PROFILES = [
    (
        0.34,
        {
            "speeltuin": 0.75,
            "moestuin": 0.4,
            "pannakooi": 0.35,
            "festival": 0.45,
            "water": 0.5,
            "bakfiets": 0.2,
            "verlichting": 0.15,
        },
    ),
    (
        0.24,
        {
            "bankjes": 0.7,
            "koffie": 0.65,
            "verlichting": 0.55,
            "geveltuinen": 0.3,
            "muur": 0.25,
            "moestuin": 0.25,
            "festival": 0.15,
        },
    ),
    (0.16, {"jongeren": 0.8, "pannakooi": 0.6, "festival": 0.45, "verlichting": 0.3, "muur": 0.3}),
    (
        0.26,
        {
            "moestuin": 0.6,
            "geveltuinen": 0.6,
            "water": 0.45,
            "bakfiets": 0.45,
            "bankjes": 0.2,
            "verlichting": 0.2,
            "muur": 0.2,
        },
    ),
]
CODE_BALLOTS = 700
LETTERS = 6_400
PAPER_SHEETS = 40
INVALID_SHEETS = 2

# (status, days after the result, text, spent €) per winner key
REALISATION = {
    "moestuin": [
        (RealisationStatus.PLANNED, 10, "De school en de bewonerswerkgroep hebben samen een tekening gemaakt.", None),
        (
            RealisationStatus.IN_PROGRESS,
            45,
            "De bakken zijn geplaatst en gevuld; het schuurtje komt volgende week.",
            6_200,
        ),
        (RealisationStatus.DONE, 90, "De moestuin is geopend. Twintig gezinnen hebben een bak.", 8_150),
    ],
    "bankjes": [
        (RealisationStatus.IN_PROGRESS, 30, "De bankjes zijn besteld; de plekken zijn met de bewoners gekozen.", 2_900),
        (RealisationStatus.DONE, 75, "Alle acht bankjes staan er.", 5_840),
    ],
    "koffie": [
        (RealisationStatus.DONE, 20, "De koffieochtenden lopen elke dinsdag; gemiddeld komen er 18 mensen.", 1_100),
    ],
    "verlichting": [
        (RealisationStatus.PLANNED, 25, "De lampen zijn ontworpen met aandacht voor vleermuizen in het park.", None),
        (
            RealisationStatus.DELAYED,
            120,
            "De levering van de palen is vertraagd tot het voorjaar. Het budget blijft gereserveerd.",
            4_000,
        ),
    ],
}

LEWENBORG_PROJECTS = [
    ("Beweegtuin bij het winkelcentrum", "Toestellen om te bewegen voor ouderen, naast de bankjes.", 12_000, RIA),
    ("Wijkfeest: Lewenborg 50 jaar", "Een feest voor de hele wijk op het plein voor Het Dok.", 6_000, RIA),
    (
        "Picknicktafels bij de vijver",
        "Vijf picknicktafels, waarvan twee met plek voor een rolstoel.",
        4_500,
        (Channel.MEETING, "bewoners bij de maandelijkse bijeenkomst van Golvend Lewenborg"),
    ),
    (
        "Fietsenstalling bij het gezondheidscentrum",
        "Een overdekte stalling, ook voor scootmobielen.",
        9_500,
        (Channel.PHONE, "een bewoner van Lewenborg (telefonisch)"),
    ),
    ("Bloemrijke bermen en insectenhotels", "Bermen inzaaien met inheemse bloemen, samen met de school.", 5_000, RIA),
    ("Jongerenhuiskamer", "Een huiskamer voor jongeren, twee avonden per week open.", 15_000, RIA),
    (
        "Verlichting op het wandelpad naar Kardinge",
        "Lampen op het pad dat veel bewoners 's avonds lopen.",
        11_000,
        (Channel.PAPER, "een bewoonster van Lewenborg (brief)"),
    ),
]
LEWENBORG_FIRST_NAMES = ["Jan", "Aaltje", "Mehmet", "Femke", "Klaas", "Samira", "Henk", "Roos", "Pieter", "Noor"]
LEWENBORG_SURNAMES = ["de Boer", "Bakker", "Hoekstra", "Yilmaz", "Dijkstra", "Mulder", "Wierenga", "Smit"]
LEWENBORG_STREETS = ["Wierdepad", "Zonnehof", "Meerweg", "Terpstraat", "Kwelderlaan"]


def _media_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "demo"


def _notes_file() -> Path:
    return _media_dir() / "stemcodes-lewenborg.txt"


def demo_notes() -> list[str]:
    """Lines for `samenspel load_demo` to print: where the voting letters are, a few unused
    demo voting codes, and a receipt code for "what did my vote help fund?". The codes are
    kept in a text file next to the letters PDF (which holds them anyway); empty when the
    budgeting demo was not loaded into this media folder."""
    try:
        return _notes_file().read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def load(users: dict, places: dict, organisations: dict) -> int:
    """Create the demo rounds; returns how many. Idempotent: does nothing when rounds exist."""
    if Round.objects.exists():
        return 0
    oosterpark = places.get("WK001404")
    lewenborg = places.get("WK001412")
    if oosterpark is None or lewenborg is None or FATIMA not in users:
        return 0
    rng = random.Random(SEED)  # noqa: S311 - invented preferences, reproducible; nothing secret
    receipt = _oosterpark(users, oosterpark, rng)
    codes, round_ = _lewenborg(users, lewenborg, rng)
    _write_notes(round_, codes, receipt)
    return 2


# --- moving a round through its phases ---------------------------------------------------------


def _move(round_, phase: str) -> Round:
    """Set the round's dates so that `phase` is active now (the services follow the dates)."""
    now = timezone.now()
    dates = {
        "ideas": (-HOUR, DAY, 2 * DAY, 3 * DAY),
        "review": (-2 * DAY, -HOUR, DAY, 2 * DAY),
        "voting": (-3 * DAY, -2 * DAY, -HOUR, 2 * DAY),
        "closed": (-3 * DAY, -2 * DAY, -2 * HOUR, -datetime.timedelta(minutes=1)),
    }[phase]
    Round.objects.filter(pk=round_.pk).update(
        ideas_opens=now + dates[0],
        review_opens=now + dates[1],
        voting_opens=now + dates[2],
        voting_closes=now + dates[3],
    )
    round_.refresh_from_db()
    return round_


def _submit(round_, user_or_offline, title, summary, users, cost_euros=None):
    fatima = users[FATIMA]
    if isinstance(user_or_offline, tuple):
        channel, on_behalf_of = user_or_offline
        return services.submit_project(
            user=fatima,
            round=round_,
            title=title,
            summary=summary,
            cost_cents=cost_euros * 100 if cost_euros else None,
            channel=channel,
            on_behalf_of=on_behalf_of,
        )
    return services.submit_project(
        user=users[user_or_offline],
        round=round_,
        title=title,
        summary=summary,
        cost_cents=cost_euros * 100 if cost_euros else None,
    )


# --- Oosterparkwijk: finished, with result and realisation ---------------------------------------


def _oosterpark(users, place, rng) -> str:
    from samenspel.decisions.services import in_force_version

    fatima, joost = users[FATIMA], users[JOOST]
    version = in_force_version(place)
    scope_item = version.scope_items.filter(title="Wijkbudget Oosterparkwijk").first() if version else None
    today = timezone.localdate()
    year = (today - MONTHS_AGO * DAY).year  # the year the round was held
    title = f"{OOSTERPARK_ROUND} {year}"
    budget = services.create_budget(
        user=fatima,
        place=place,
        kind="wijkbudget",
        title=f"Wijkbudget Oosterparkwijk {year}",
        description="€ 200.000 per jaar voor ideeën van bewoners (“Oosterpark, altijd een goed idee”). De "
        "Coöperatieve Wijkraad besluit; bewoners stemmen mee over de helft van het budget.",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        amount_cents="€ 200.000",
        scope_item=scope_item,
    )
    now = timezone.now()
    round_ = services.create_round(
        user=fatima,
        budget=budget,
        title=title,
        description="Bewoners van de Oosterparkwijk bedenken projecten en stemmen over € 100.000 uit het "
        "wijkbudget. Kies er tot vijf; de stemmen worden geteld met de methode van gelijke delen, zodat ook "
        "kleinere groepen bewoners iets krijgen waarvoor ze stemden.",
        amount_cents="€ 100.000",
        ideas_opens=now - HOUR,
        review_opens=now + DAY,
        voting_opens=now + 2 * DAY,
        voting_closes=now + 3 * DAY,
        ballot_type=BallotType.APPROVAL,
        min_projects=1,
        max_projects=5,
        min_age=12,
        tally_rule=TallyRule.MES_ADD1,
        utility="cost",
    )

    # Ideas: proposals by residents (online and on paper), and ideas already in the register.
    projects, own_ideas = {}, []
    for key, title, summary, cost, who, idea_title in OOSTERPARK_PROJECTS:
        idea = Idea.objects.filter(place=place, title=idea_title).first() if idea_title else None
        if idea is not None:
            continue  # added from the ideas register while checking, below
        projects[key] = _submit(round_, who, title, summary, users, cost_euros=cost)
        own_ideas.append(projects[key].idea_id)
    rejected = []
    for title, summary, who, reason in OOSTERPARK_NOT_FEASIBLE:
        project = _submit(round_, who, title, summary, users)
        own_ideas.append(project.idea_id)
        rejected.append((project, reason))

    # Checking: the area team sets the cost of each project, or says why it is not feasible.
    round_ = _move(round_, "review")
    for key, _title, _summary, cost, _who, idea_title in OOSTERPARK_PROJECTS:
        if key not in projects:
            idea = Idea.objects.get(place=place, title=idea_title)
            projects[key] = services.add_project_from_idea(user=fatima, round=round_, idea=idea, cost_cents=cost * 100)
    for number, (key, _title, _summary, cost, *_rest) in enumerate(OOSTERPARK_PROJECTS, start=1):
        services.review_project(user=fatima, project=projects[key], feasible=True, cost_cents=cost * 100, number=number)
    for project, reason in rejected:
        services.review_project(user=fatima, project=project, feasible=False, reason=reason)

    # Voting: residents with an account, letters with voting codes, and paper ballots.
    round_ = _move(round_, "voting")
    ids = {key: str(project.pk) for key, project in projects.items()}
    receipt = ""
    voters = (
        (ANOUK, "9713 GB", "14", datetime.date(1986, 5, 3)),
        (SANNE, "9713 HK", "3", datetime.date(1972, 11, 21)),
        (ERIK, "9713 ED", "27A", datetime.date(1991, 2, 8)),
    )
    for email, postcode, number, born in voters:
        if email in users:
            choices = {ids[key]: 1 for key in _preferences(rng)}
            given = voting.cast_with_account(
                round_, users[email], choices, postcode=postcode, house_number=number, birth_date=born
            )
            receipt = receipt or given
    _code_ballots(round_, fatima, ids, rng)
    for sheet in range(1, PAPER_SHEETS + 1):
        invalid = sheet > PAPER_SHEETS - INVALID_SHEETS
        choices = {} if invalid else {ids[key]: 1 for key in _preferences(rng)}
        for official in (fatima, joost):
            voting.enter_paper_ballot(round_, official, f"OP-{sheet:03d}", choices, invalid=invalid)

    # The count, published by the area team; then the round moves back to last year.
    round_ = _move(round_, "closed")
    round_ = services.publish_result(user=fatima, round=round_)
    _back_in_time(round_, MONTHS_AGO * DAY, own_ideas)
    round_.refresh_from_db()

    # The case of every proposal in the ideas register follows the round.
    selected = set(round_.result["selected"])
    for project in round_.projects.select_related("idea"):
        if project.idea_id not in own_ideas:
            continue
        if project.status == ProjectStatus.NOT_FEASIBLE:
            note = f"Niet haalbaar in {title}: {project.review_reason}"
            initiatives.move_case(user=fatima, idea=project.idea, to_status="closed", note=note)
            continue
        initiatives.move_case(user=fatima, idea=project.idea, to_status="in_conversation", note=f"Project in {title}.")
        if str(project.pk) in selected:
            note = f"Gekozen in {title}: de gemeente voert het project uit met de indiener."
            initiatives.move_case(user=fatima, idea=project.idea, to_status="running", note=note)
        else:
            note = f"Niet gekozen in de stemming van {title}. Het idee blijft staan voor een volgende ronde."
            initiatives.move_case(user=fatima, idea=project.idea, to_status="closed", note=note)
    _date_case_steps(own_ideas, MONTHS_AGO * DAY)

    # Realisation: progress reports on the winners.
    published_on = timezone.localtime(round_.result_published_at).date()
    for key, steps in REALISATION.items():
        project = Project.objects.get(pk=projects[key].pk)
        if not project.selected:
            continue
        for status, days, text, spent in steps:
            happened_on = min(published_on + days * DAY, today)
            services.add_realisation_update(
                user=fatima,
                project=project,
                status=status,
                text=text,
                happened_on=happened_on,
                spent_cents=spent * 100 if spent is not None else None,
            )
    return receipt


def _preferences(rng) -> list[str]:
    """One voter's choice: a profile, then each project with that profile's chance; 1 to 5."""
    chances = rng.choices([profile for _share, profile in PROFILES], weights=[share for share, _p in PROFILES])[0]
    chosen = [key for key, chance in chances.items() if rng.random() < chance]
    if not chosen:
        chosen = [max(chances, key=chances.get)]
    rng.shuffle(chosen)
    return sorted(chosen[:5])


def _code_ballots(round_, official, ids, rng) -> None:
    """The letters: one code per household; about one in nine voted with it. Made in bulk:
    the codes' hashes (the codes themselves are not kept, as with real letters) and the
    counted ballots, with random ids like voting.cast_with_code makes them."""
    batch = CodeBatch.objects.create(
        round=round_, letters=LETTERS, skipped=212, note="Brieven aan alle adressen in de wijk", created_by=official
    )
    used_at = timezone.now() - HOUR
    codes = {voting.code_key(voting.new_code()) for _ in range(LETTERS)}
    VotingCode.objects.bulk_create(
        [
            VotingCode(round=round_, batch=batch, code_hash=digest, used_at=used_at if i < CODE_BALLOTS else None)
            for i, digest in enumerate(sorted(codes))
        ],
        batch_size=2000,
    )
    Ballot.objects.bulk_create(
        [
            Ballot(
                id=secrets.randbelow(2**63 - 2) + 1,
                round=round_,
                channel=VoteChannel.CODE,
                choices={ids[key]: 1 for key in _preferences(rng)},
                cast_on=timezone.localdate(),
            )
            for _ in range(CODE_BALLOTS)
        ],
        batch_size=1000,
    )


def _back_in_time(round_, delta, idea_ids) -> None:
    """Move the finished round (and what belongs to it) `delta` into the past."""
    from django.db.models import F

    Round.objects.filter(pk=round_.pk).update(
        ideas_opens=F("ideas_opens") - delta - 120 * DAY,
        review_opens=F("review_opens") - delta - 60 * DAY,
        voting_opens=F("voting_opens") - delta - 14 * DAY,
        voting_closes=F("voting_closes") - delta,
        closed_at=F("closed_at") - delta,
        result_published_at=F("result_published_at") - delta + 6 * DAY,
        created_at=F("created_at") - delta - 130 * DAY,
    )
    round_.budget.__class__.objects.filter(pk=round_.budget_id).update(created_at=F("created_at") - delta - 140 * DAY)
    projects = Project.objects.filter(round=round_)
    projects.update(created_at=F("created_at") - delta - 100 * DAY)
    projects.exclude(reviewed_at=None).update(reviewed_at=F("reviewed_at") - delta - 30 * DAY)
    Ballot.objects.filter(round=round_).update(cast_on=F("cast_on") - delta)
    round_.paper_entries.update(entered_at=F("entered_at") - delta)
    VotingCode.objects.filter(round=round_).exclude(used_at=None).update(used_at=F("used_at") - delta)
    round_.code_batches.update(created_at=F("created_at") - delta - 20 * DAY)
    ideas = Idea.objects.filter(pk__in=idea_ids)
    ideas.update(
        created_at=F("created_at") - delta - 100 * DAY, first_contact_due=F("first_contact_due") - delta - 100 * DAY
    )
    CaseEvent.objects.filter(idea__in=idea_ids).update(at=F("at") - delta - 100 * DAY)


def _date_case_steps(idea_ids, delta) -> None:
    """The broker's steps happened when the round did, not today: first contact a few days
    after the proposal, "not feasible" while checking, and the rest after the result."""
    now = timezone.now()
    contact = now - delta - 97 * DAY
    steps = CaseEvent.objects.filter(idea__in=idea_ids).exclude(to_status="intake")
    steps.filter(to_status="in_conversation").update(at=contact)
    steps.filter(from_status="intake", to_status="closed").update(at=now - delta - 30 * DAY)
    steps.filter(from_status="in_conversation").update(at=now - delta + 8 * DAY)
    Idea.objects.filter(pk__in=idea_ids, first_contact_on__isnull=False).update(first_contact_on=contact.date())


# --- Lewenborg: open, voting now -----------------------------------------------------------------


def _addresses(rng) -> list:
    rows = []
    for i in range(40):
        street = LEWENBORG_STREETS[i % len(LEWENBORG_STREETS)]
        name = f"{rng.choice(LEWENBORG_FIRST_NAMES)} {rng.choice(LEWENBORG_SURNAMES)}"
        postcode = f"9737 {'ABCDEFGH'[i % 8]}{'KLMN'[i % 4]}"
        rows.append(voting.Address(name=name, street=f"{street} {i + 1}", postcode=postcode, city="Groningen"))
    return rows


class _KeepingCodes:
    """`voting.generate_codes` returns the letters, never the plain codes (only their hashes
    are stored). For the demo only, keep the codes it draws, so `make demo` can print a few to
    try; they are in the demo's letters PDF anyway."""

    def __init__(self):
        self.codes = []
        self._original = None

    def __enter__(self):
        self._original = voting._new_codes

        def keep(n):
            codes = self._original(n)
            self.codes.extend(codes)
            return codes

        voting._new_codes = keep
        return self

    def __exit__(self, *exc):
        voting._new_codes = self._original
        return False


def _lewenborg(users, place, rng):
    from samenspel.agreements.models import ScopeItem

    fatima, beheer = users[FATIMA], users.get(BEHEER)
    scope_item = (
        ScopeItem.objects.filter(version__agreement__trajectory__place=place, title="Wijkbudget Lewenborg")
        .order_by("-version__number")
        .first()
    )
    today = timezone.localdate()
    budget = services.create_budget(
        user=fatima,
        place=place,
        kind="wijkbudget",
        title=f"Wijkbudget Lewenborg {today.year}",
        description="Het eerste wijkbudget van Lewenborg, samen met Golvend Lewenborg.",
        period_start=datetime.date(today.year, 1, 1),
        period_end=datetime.date(today.year, 12, 31),
        amount_cents="€ 75.000",
        scope_item=scope_item,
    )
    now = timezone.now()
    round_ = services.create_round(
        user=fatima,
        budget=budget,
        title=f"{LEWENBORG_ROUND} {today.year}",
        description="Kies projecten voor Lewenborg binnen € 40.000: je ziet meteen hoeveel geld er nog over is.",
        amount_cents="€ 40.000",
        ideas_opens=now - HOUR,
        review_opens=now + DAY,
        voting_opens=now + 2 * DAY,
        voting_closes=now + 3 * DAY,
        ballot_type=BallotType.KNAPSACK,
        min_projects=1,
        postcodes="9737",
        tally_rule=TallyRule.MES_ADD1,
        utility="cost",
    )
    projects = [
        _submit(round_, who, title, summary, users, cost_euros=cost)
        for title, summary, cost, who in LEWENBORG_PROJECTS
        if isinstance(who, tuple) or who in users
    ]
    round_ = _move(round_, "review")
    for number, project in enumerate(projects, start=1):
        services.review_project(user=fatima, project=project, feasible=True, number=number)
    round_ = _move(round_, "voting")
    # The real dates: ideas two months ago, voting opened five days ago and closes in sixteen days.
    Round.objects.filter(pk=round_.pk).update(
        ideas_opens=now - 60 * DAY,
        review_opens=now - 30 * DAY,
        voting_opens=now - 5 * DAY,
        voting_closes=now + 16 * DAY,
    )
    round_.refresh_from_db()

    with _KeepingCodes() as kept:
        _batch, pdf = voting.generate_codes(
            round_,
            fatima,
            _addresses(rng),
            note="Demo: brieven voor 40 verzonnen adressen",
            contact="Gebiedsteam Oost, 14 050",
            paper_voting="Stemmen op papier kan in Het Dok, elke dinsdag van 10 tot 12 uur.",
        )
    _media_dir().mkdir(parents=True, exist_ok=True)
    (_media_dir() / "stemcodes-lewenborg.pdf").write_bytes(pdf)

    costs = {str(p.pk): p.cost_cents for p in Project.objects.filter(round=round_)}
    voted = kept.codes[: len(kept.codes) - PRINTED_CODES][:12]
    for code in voted:
        voting.cast_with_code(round_, code, _within(costs, round_.amount_cents, rng))
    if RIA in users:
        voting.cast_with_account(
            round_,
            users[RIA],
            _within(costs, round_.amount_cents, rng),
            postcode="9737 AK",
            house_number="8",
            birth_date=None,
        )

    # Paper ballots from the voting hour in Het Dok: most entered once, one with a difference.
    for sheet in range(1, 7):
        voting.enter_paper_ballot(round_, fatima, f"L-{sheet:03d}", _within(costs, round_.amount_cents, rng))
    if beheer is not None:
        counted = _within(costs, round_.amount_cents, rng)
        for official in (fatima, beheer):
            voting.enter_paper_ballot(round_, official, "L-007", counted)
        cheapest = sorted(costs, key=costs.get)
        first, second = {cheapest[0]: 1}, {cheapest[1]: 1}  # one official read a different box
        voting.enter_paper_ballot(round_, fatima, "L-008", first)
        voting.enter_paper_ballot(round_, beheer, "L-008", second)
    return [voting.format_code(code) for code in kept.codes[-PRINTED_CODES:]], round_


def _within(costs: dict, amount: int, rng) -> dict:
    """A knapsack ballot: projects in random order, each taken while it fits."""
    order = list(costs)
    rng.shuffle(order)
    chosen, spent = {}, 0
    for pid in order:
        if spent + costs[pid] <= amount and rng.random() < 0.7:
            chosen[pid] = 1
            spent += costs[pid]
    if not chosen:
        cheapest = min(costs, key=costs.get)
        chosen[cheapest] = 1
    return chosen


def _write_notes(round_, codes, receipt) -> None:
    from django.urls import reverse

    oosterpark = Round.objects.get(title__startswith=OOSTERPARK_ROUND)
    vote_url = reverse("budgeting:vote_start", args=[round_.pk])
    lines = [
        f"Participatory budget: {round_.title} is open for voting at {vote_url}",
        f"  voting letters (PDF): {_media_dir() / 'stemcodes-lewenborg.pdf'}",
        "  unused demo voting codes: " + ", ".join(codes),
    ]
    if receipt:
        lines.append(
            f"  receipt of Anouk's vote in {oosterpark.title}: {receipt} "
            f"(enter it at {reverse('budgeting:results', args=[oosterpark.pk])})"
        )
    _media_dir().mkdir(parents=True, exist_ok=True)
    _notes_file().write_text("\n".join(lines) + "\n", encoding="utf-8")
