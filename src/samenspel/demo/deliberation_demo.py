"""Demo conversations, debates and meetings:

- An opinion map for Selwerd (wijk Noordwest): "Hoe maken we Selwerd de komende jaren beter?",
  30 statements and 420 synthetic participants without accounts in three planted opinion
  groups (green and quiet / more homes and young people / safety and maintenance first), with
  shared ground (meeting places, the playgrounds) and a few divisive statements (building on
  the green, the sports park). One statement and a show of hands come from an inloopmarkt in
  the wijk; one statement is hidden with a public reason. The map is computed synchronously.
- A debate in the Oosterparkwijk on extending paid parking, with arguments for and against,
  replies, supports, the facilitator's summary, and the CWR's decision attached (when the
  decisions demo made it).
- The monthly public meeting of the Coöperatieve Wijkraad Oosterparkwijk: a fixed moment
  (first Tuesday, 19:30) with the coming six months planned, and the last meeting's full record:
  agenda, documents published on time, attendance, minutes and the decisions taken there.

Runs through the services, as the demo's residents and officials, except for the synthetic
votes (bulk-inserted: they carry no one's words) and the documents' publication dates, set to
before the meeting as they would have been. Idempotent: does nothing when a conversation exists."""

import datetime
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from samenspel.core.models import Channel
from samenspel.decisions.models import Decision
from samenspel.deliberation import services
from samenspel.deliberation.models import (
    Conversation,
    MeetingDocument,
    MeetingKind,
    Moderation,
    Participant,
    StatementVote,
)

SEED = 2026
PARTICIPANTS = (170, 140, 110)  # planted group sizes
SHARPEN = 1.4  # pushes each group's agree probabilities away from 50 %, so the groups stand out

# (statement, agree probability per group: green & quiet, homes & young people, safety & upkeep)
SELWERD_STATEMENTS = [
    ("Er moet meer groen komen in de straten van Selwerd.", (0.92, 0.55, 0.6)),
    ("Het Selwerderpark moet blijven zoals het is: geen nieuwe gebouwen.", (0.95, 0.1, 0.55)),
    ("Op de braakliggende plekken in de wijk moeten woningen voor jongeren komen.", (0.15, 0.95, 0.4)),
    ("De wijk heeft een plek nodig waar buren elkaar kunnen ontmoeten.", (0.88, 0.9, 0.85)),
    ("De speeltuinen in Selwerd zijn toe aan vernieuwing.", (0.8, 0.85, 0.9)),
    ("Het is 's avonds niet veilig genoeg op straat.", (0.3, 0.25, 0.95)),
    ("Er moet meer straatverlichting komen op de fietspaden.", (0.45, 0.5, 0.95)),
    ("De gemeente moet de stoepen en straten beter onderhouden.", (0.6, 0.55, 0.97)),
    ("Hoogbouw langs de Kastanjelaan is een goed idee.", (0.05, 0.85, 0.3)),
    ("Studenten en vaste bewoners moeten meer samen doen in de wijk.", (0.7, 0.85, 0.5)),
    ("Er zijn te veel kamers voor studenten in gewone eengezinswoningen.", (0.6, 0.15, 0.85)),
    ("Het sportpark moet plaatsmaken voor woningbouw.", (0.05, 0.75, 0.2)),
    ("Bewoners moeten zelf kunnen beslissen over een deel van het geld voor de wijk.", (0.85, 0.8, 0.75)),
    ("De wijkagent moet vaker zichtbaar zijn in de wijk.", (0.35, 0.3, 0.95)),
    ("Afval en zwerfvuil zijn een groot probleem in Selwerd.", (0.5, 0.4, 0.92)),
    ("Er moeten meer bankjes komen, zodat ouderen onderweg kunnen uitrusten.", (0.85, 0.6, 0.8)),
    ("De winkels aan het Selwerderhof moeten een opknapbeurt krijgen.", (0.55, 0.75, 0.85)),
    ("Auto's moeten meer ruimte maken voor fietsers en voetgangers.", (0.9, 0.7, 0.25)),
    ("Parkeren in de wijk moet gratis blijven.", (0.25, 0.35, 0.9)),
    ("Selwerd heeft een moestuin of buurttuin nodig.", (0.92, 0.55, 0.35)),
    ("Nieuwe woningen moeten betaalbaar zijn voor mensen die al in de wijk wonen.", (0.75, 0.9, 0.85)),
    ("De bussen naar de binnenstad moeten vaker rijden.", (0.5, 0.85, 0.55)),
    ("Er is te weinig te doen voor jongeren in de wijk.", (0.55, 0.9, 0.75)),
    ("Bomen mogen niet gekapt worden voor nieuwbouw.", (0.97, 0.15, 0.5)),
    ("Het buurthuis moet ook 's avonds en in het weekend open zijn.", (0.7, 0.8, 0.7)),
    ("De gemeente luistert te weinig naar bewoners van Selwerd.", (0.7, 0.6, 0.85)),
    ("Meer camera's op straat maken de wijk veiliger.", (0.15, 0.2, 0.9)),
    ("Een wijkfeest in het Selwerderpark verbindt oude en nieuwe bewoners.", (0.8, 0.85, 0.65)),
    ("Geluidsoverlast door feesten moet strenger worden aangepakt.", (0.8, 0.2, 0.85)),
]
ROOM_STATEMENT = "De bibliotheek moet terugkomen in de wijk, als plek om te lezen en te leren."
ROOM_PROFILE = (0.85, 0.8, 0.7)
HIDDEN_STATEMENT = "Die nieuwe bewoners aan de Eikenlaan moeten gewoon weer vertrekken."


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _first_tuesday(day: datetime.date) -> datetime.date:
    first = day.replace(day=1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7)


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica, no images), for the demo's meeting documents."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ["BT /F1 16 Tf 56 780 Td (" + escape(title) + ") Tj ET"]
    y = 750
    for line in lines:
        body.append(f"BT /F1 11 Tf 56 {y} Td (" + escape(line) + ") Tj ET")
        y -= 18
    stream = "\n".join(body).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _upload(name: str, title: str, lines: list[str]) -> ContentFile:
    return ContentFile(_pdf(title, lines), name=name)


@transaction.atomic
def load(users: dict, places: dict, organisations: dict) -> int:
    if Conversation.objects.exists():
        return 0
    created = 0
    created += _selwerd(users, places, organisations)
    created += _oosterpark(users, places, organisations)
    return created


def _synthetic_votes(conversation, statements, profiles, rng) -> int:
    """Participants without accounts in planted groups; each votes on most statements."""
    participants = []
    groups = []
    for group, size in enumerate(PARTICIPANTS):
        for _n in range(size):
            participants.append(Participant(conversation=conversation, browser_key=f"demo-{rng.getrandbits(96):024x}"))
            groups.append(group)
    participants = Participant.objects.bulk_create(participants)
    votes = []
    for participant, group in zip(participants, groups, strict=True):
        share = rng.uniform(0.45, 0.95)  # some people vote on nearly everything, others on half
        for statement, profile in zip(statements, profiles, strict=True):
            if rng.random() > share:
                continue
            agree = min(max(0.5 + (profile[group] - 0.5) * SHARPEN, 0.03), 0.97)
            roll = rng.random()
            if roll < 0.1:
                value = 0  # pass / unsure
            elif roll < 0.1 + 0.9 * agree:
                value = 1
            else:
                value = -1
            votes.append(StatementVote(statement=statement, participant=participant, vote=value))
    StatementVote.objects.bulk_create(votes, batch_size=5000)
    return len(votes)


def _selwerd(users, places, organisations) -> int:
    noordwest = places.get("WK001410")
    if noordwest is None:
        return 0
    mohammed = users["mohammed@noordwest.example"]
    fatima = users["fatima@gemeente-groningen.example"]
    rng = random.Random(SEED)  # noqa: S311 - synthetic demo votes, not security
    conversation = services.start_conversation(
        user=mohammed,
        place=noordwest,
        title="Het gesprek over Selwerd",
        question="Hoe maken we Selwerd de komende jaren beter?",
        description=(
            "Selwerd verandert: er komen nieuwe woningen, er wonen veel studenten en het Selwerderpark is "
            "geliefd. Bewonersvereniging Noordwest wil weten waar de wijk het over eens is en waar niet, "
            "voordat de wijkagenda wordt gemaakt. Stem op de stellingen van anderen, of schrijf er zelf een."
        ),
        moderation=Moderation.AFTER,
        allow_anonymous=True,
        organisation=organisations.get("bo-selwerd"),
        seed_statements=[text for text, _profile in SELWERD_STATEMENTS],
    )
    statements = list(conversation.statements.order_by("pk"))
    profiles = [profile for _text, profile in SELWERD_STATEMENTS]

    market = services.plan_meeting(
        user=fatima,
        kind=MeetingKind.INLOOPMARKT,
        title="Inloopmarkt Selwerd: praat mee over de wijk",
        place=noordwest,
        starts_at=_at(-12, 14),
        ends_at=_at(-12, 17),
        location_name="Buurthuis Selwerd",
        address="Eikenlaan 288, Groningen",
        description="Kraampjes van de gemeente, de woningcorporatie en bewoners. Met de stellingen op papier.",
    )
    room = services.record_room_statement(user=fatima, conversation=conversation, text=ROOM_STATEMENT, meeting=market)
    statements.append(room)
    profiles.append(ROOM_PROFILE)
    services.add_quick_poll(user=fatima, meeting=market, statement=statements[3], agree=26, disagree=2, passed=3)
    services.record_attendance(user=fatima, meeting=market, counts={"in_person": 64})

    vote_count = _synthetic_votes(conversation, statements, profiles, rng)
    for _card in range(6):  # paper cards from the inloopmarkt, entered by the area team
        choices = {s.pk: rng.choice((1, 1, 1, -1, 0)) for s in rng.sample(statements[:12], 8)}
        services.record_vote_card(user=fatima, conversation=conversation, votes=choices, meeting=market)

    anonymous = services.add_statement(
        user=None, conversation=conversation, text=HIDDEN_STATEMENT, browser_key="demo-hidden", allow_similar=True
    )
    services.hide_statement(
        user=mohammed,
        statement=anonymous,
        reason="Deze stelling richt zich tegen een groep bewoners. Dat past niet in een gesprek waarin iedereen "
        "welkom is.",
    )
    services.compute_map(conversation)
    Conversation.objects.filter(pk=conversation.pk).update(map_requested_at=None)
    return 2 + (vote_count > 0)


def _oosterpark(users, places, organisations) -> int:
    oosterpark = places.get("WK001404")
    cwr = organisations.get("cwr")
    if oosterpark is None or cwr is None:
        return 0
    sanne = users["sanne@oosterpark.example"]
    anouk = users["anouk@oosterpark.example"]
    erik = users["erik@oosterpark.example"]
    joost = users["joost@procesbegeleiding.example"]
    created = 0

    # The debate on paid parking, with the CWR's decision attached.
    from samenspel.agenda.models import AgendaItem

    parking_item = AgendaItem.objects.filter(agenda__place=oosterpark, title__startswith="Betaald parkeren").first()
    debate = services.start_debate(
        user=erik,
        place=oosterpark,
        title="Betaald parkeren in de hele Oosterparkwijk?",
        proposal="De gemeente overweegt het vergunningsgebied voor bewonersparkeren uit te breiden naar de hele "
        "Oosterparkwijk. Wat vinden bewoners en ondernemers daarvan? De CWR neemt de argumenten mee in haar "
        "advies.",
        agenda_item=parking_item,
    )
    arguments = [
        (anouk, "for", "Ik vind 's avonds nooit een plek in mijn eigen straat, door bezoekers van de binnenstad."),
        (sanne, "for", "Minder zoekverkeer maakt de straten rustiger en veiliger voor kinderen."),
        (erik, "against", "Voor ondernemers aan de Oosterstraat betekent het minder klanten die even langskomen."),
        (anouk, "against", "Een vergunning kost geld; voor mensen met een kleine beurs is dat een drempel."),
    ]
    posted = [services.add_argument(user=u, debate=debate, side=side, text=text) for u, side, text in arguments]
    services.add_argument(
        user=erik,
        debate=debate,
        parent=posted[0],
        text="Zou een vergunning alleen voor de avonduren dat probleem al oplossen?",
    )
    services.add_argument(
        user=joost,
        debate=debate,
        side="against",
        text="Ouderen die bezoek krijgen van mantelzorgers moeten dan steeds bezoekersuren kopen.",
        channel=Channel.MEETING,
        on_behalf_of="een bewoner op de wijkraadsvergadering",
    )
    for user, argument in ((sanne, posted[0]), (erik, posted[0]), (anouk, posted[2]), (joost, posted[1])):
        services.support_argument(user=user, argument=argument)
    services.summarise_debate(
        user=joost,
        debate=debate,
        summary="Voor: bewoners vinden 's avonds geen plek en willen rustiger straten. Tegen: ondernemers vrezen "
        "minder klanten, en voor mensen met een kleine beurs en voor mantelzorgers is een vergunning een drempel. "
        "Veel deelnemers vinden een vergunning voor de avonduren een goed midden. De CWR neemt dit mee in haar "
        "advies aan het stedelijk parkeerplan.",
    )
    parking = Decision.objects.filter(body=cwr, title__startswith="Bewonersparkeren").first()
    if parking is not None:
        services.attach_decision(user=joost, debate=debate, decision=parking)
    created += 1

    # The fixed monthly moment, and the coming six months.
    today = timezone.localdate()
    schedule = services.create_schedule(
        user=sanne,
        organisation=cwr,
        title="Openbare vergadering van de Coöperatieve Wijkraad",
        weekday=1,
        week_of_month=1,
        start_time=datetime.time(19, 30),
        starts_on=today,
        location_name="Wijkcentrum Oosterpark",
        address="Oosterparkweg 1, Groningen",
        online_url="https://meet.example/cwr-oosterpark",
        documents_days_before=7,
    )
    created += len(services.generate_meetings(user=sanne, schedule=schedule))

    # The last meeting and its full record: on the day of the CWR's latest decisions.
    latest = Decision.objects.filter(body=cwr).exclude(meeting_date=None).order_by("-meeting_date").first()
    day = latest.meeting_date if latest is not None else _first_tuesday(today - datetime.timedelta(days=28))
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30)))
    meeting = services.plan_meeting(
        user=sanne,
        kind=MeetingKind.BODY_MEETING,
        title="Openbare vergadering van de Coöperatieve Wijkraad",
        organisation=cwr,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        location_name="Wijkcentrum Oosterpark",
        address="Oosterparkweg 1, Groningen",
        online_url="https://meet.example/cwr-oosterpark",
        description="Iedereen is welkom. Aan het begin is er ruimte om in te spreken over punten op de agenda.",
    )
    items = [
        ("Opening, mededelingen en inspreekmoment", "", False, None),
        ("Verslag van de vorige vergadering", "", True, None),
        ("Bewonersparkeren: advies aan het stedelijk parkeerplan", "Met de samenvatting van het debat.", True, debate),
        ("Stand van het wijkbudget", "De penningmeester licht de uitgaven tot nu toe toe.", False, None),
        ("Rondvraag en sluiting", "", False, None),
    ]
    agenda = [
        services.add_agenda_item(
            user=sanne, meeting=meeting, title=title, description=text, for_decision=decide, debate=linked
        )
        for title, text, decide, linked in items
    ]
    documents = [
        (
            "Verslag van de vorige vergadering",
            agenda[1],
            "verslag-vorige-vergadering.pdf",
            ["Aanwezig: 14 leden en 19 bewoners.", "Besluiten: zie het besluitenregister."],
        ),
        (
            "Notitie bewonersparkeren",
            agenda[2],
            "notitie-bewonersparkeren.pdf",
            ["Uitkomsten van de peiling in het wijkpanel (412 reacties).", "Drie opties en hun gevolgen."],
        ),
        (
            "Overzicht wijkbudget",
            agenda[3],
            "overzicht-wijkbudget.pdf",
            ["Toegekend, uitgegeven en nog beschikbaar per project."],
        ),
    ]
    for title, item, name, lines in documents:
        document = services.add_document(
            user=sanne, meeting=meeting, title=title, file=_upload(name, title, lines), agenda_item=item
        )
        # Published eight days before the meeting, as the CWR does (the demo writes history afterwards).
        MeetingDocument.objects.filter(pk=document.pk).update(published_at=starts_at - datetime.timedelta(days=8))
    services.record_attendance(
        user=sanne,
        meeting=meeting,
        counts={"in_person": 27, "online": 6},
        attendees=[
            ("Sanne de Vries", "voorzitter", "in_person", True),
            ("Joost Hendriks", "procesbegeleider", "in_person", True),
        ],
    )
    services.add_quick_poll(
        user=sanne,
        meeting=meeting,
        question="Moet de wijkraad ook eens per kwartaal in een ander buurthuis vergaderen?",
        agree=21,
        disagree=4,
        passed=2,
    )
    for decision in Decision.objects.filter(body=cwr, meeting_date=day):
        services.link_decision(user=sanne, meeting=meeting, decision=decision)
    services.publish_minutes(
        user=sanne,
        meeting=meeting,
        minutes=(
            "**1. Opening.** De voorzitter opent om 19.30 uur en heet 27 aanwezigen in de zaal en 6 online welkom. "
            "Twee bewoners spreken in over parkeren in de Oosterstraat.\n\n"
            "**2. Verslag.** Het verslag van de vorige vergadering wordt zonder wijzigingen vastgesteld.\n\n"
            "**3. Bewonersparkeren.** De procesbegeleider vat het debat samen. Een grote meerderheid is voor een "
            "vergunningsgebied in de hele wijk; ondernemers vrezen minder klanten. Parkeren is een stedelijk "
            "vraagstuk, dus de CWR geeft haar besluit als advies mee aan het stedelijk parkeerplan. "
            "Het minderheidsstandpunt (alleen rond het Oosterpark) staat in het besluit.\n\n"
            "**4. Wijkbudget.** Van het wijkbudget is ruim de helft toegekend. Vragen over de moestuin worden "
            "schriftelijk beantwoord.\n\n"
            "**5. Rondvraag.** Met handopsteken: 21 aanwezigen willen eens per kwartaal in een ander buurthuis "
            "vergaderen. De CWR neemt dit mee in de planning. De voorzitter sluit om 21.20 uur."
        ),
    )
    return created + 1
