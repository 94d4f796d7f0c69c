"""Demo ideas and resident initiatives, at every step of the idea broker's case flow, with
support, comments, offers of help, support requests with every kind of answer, and the
obstacle register. All people, ideas and words are invented; the places are real.

Built through the same services as the pages (so the audit log is real), by the demo's
residents and officials. Afterwards the timestamps are spread over the past months, so the
case histories, the service-level timers and the obstacle report look like real use.

Two ideas are completed; the decisions demo publishes the accountability report of
"Buurtkoelkast bij het buurthuis" in the Oosterparkwijk (`COMPLETED_TITLE`), which makes it
accounted for; the walking group still waits for its report."""

import datetime

from django.db import transaction
from django.utils import timezone

from samenspel.core.models import Channel
from samenspel.initiatives import services
from samenspel.initiatives.models import (
    CaseEvent,
    Comment,
    Connection,
    HelpOffer,
    Idea,
    KillerPhrase,
    ServiceLevel,
    Support,
    SupportRequest,
)
from samenspel.initiatives.seeding import load_reference_data
from samenspel.initiatives.workdays import add_working_days

COMPLETED_TITLE = "Buurtkoelkast bij het buurthuis"

FATIMA = "fatima@gemeente-groningen.example"
HENK = "henk@gemeente-westerkwartier.example"
JOOST = "joost@procesbegeleiding.example"
ANOUK = "anouk@oosterpark.example"
SANNE = "sanne@oosterpark.example"
ERIK = "erik@oosterpark.example"
MOHAMMED = "mohammed@noordwest.example"
RIA = "ria@lewenborg.example"
GERDA = "gerda@marum.example"
PIETER = "pieter@leek.example"

# Service levels per municipality (working days): Westerkwartier promises a quicker first call.
SERVICE_LEVELS = {"GM0014": (5, 20), "GM1969": (3, 15)}

# Each idea: where, who (an email, or (channel, on behalf of, entered by, contact note) for an
# idea that came in offline), what, how many days ago it came in, and the steps that followed.
# Steps, in order:
#   ("move", by, status, note)                       the broker moves the case
#   ("connect", by, {"name"/"other", "note"})        connect with a partner or another idea (by key)
#   ("request", by, key, kind, description, cents)   a support request
#   ("decide", by, key, {outcome, reason, ...})      the answer to it
#   ("update", by, note)                             news on the case
#   ("comment", by, text) / ("support", [by, ...]) / ("help", by, role, note)
#   ("offline", by, channel, where from, count)      support gathered on paper or at a meeting
#   ("obstacle", by, key, {phrase, category, description, rule})
#   ("deal", by, key, status, resolution, days after the report, escalated)
#   ("withdraw", by, reason)
IDEAS = [
    # --- Oosterparkwijk ---------------------------------------------------------------------
    {
        "key": "moestuin",
        "place": "WK001404",
        "by": ANOUK,
        "kind": "initiative",
        "ownership": 2,
        "title": "Moestuin achter de Oosterparkschool",
        "description": "Op het braakliggende stuk grond achter de school willen we een moestuin voor de buurt "
        "beginnen. Kinderen van de school tuinieren overdag, buren 's avonds en in het weekend. Wat we oogsten "
        "delen we, en een deel gaat naar de buurtkoelkast.",
        "needs": "Toestemming om de grond te gebruiken, tuingereedschap, een waterpunt en mensen met groene vingers.",
        "location_text": "Grasveld achter de Oosterparkschool",
        "days_ago": 150,
        "steps": [
            ("comment", ERIK, "Goed plan! Ik heb nog een kruiwagen en twee schoppen staan."),
            ("support", [SANNE, ERIK, MOHAMMED]),
            ("help", ERIK, "doer", "Ik kan op zaterdag helpen spitten."),
            ("move", FATIMA, "in_conversation", "Met Anouk gesproken op de school. De directeur is enthousiast."),
            (
                "obstacle",
                ANOUK,
                "bestemmingsplan",
                {
                    "phrase": 14,
                    "description": "Bij de balie hoorden we dat een moestuin op deze grond niet past in het "
                    "bestemmingsplan (groen, geen tuinbouw).",
                    "rule": "Bestemmingsplan Oosterparkwijk",
                },
            ),
            (
                "connect",
                FATIMA,
                {"name": "Stichting Buurttuinen Groningen", "note": "Helpt met opzet, grondonderzoek en zaaiplan."},
            ),
            (
                "request",
                ANOUK,
                "grond",
                "in_kind",
                "Gebruik van de grond voor vijf jaar, een waterpunt en tuingereedschap uit het gemeentelijk depot.",
                None,
            ),
            (
                "deal",
                FATIMA,
                "bestemmingsplan",
                "resolved",
                "Tijdelijke afwijking van het bestemmingsplan voor vijf jaar verleend; een moestuin telt als "
                "groenvoorziening.",
                18,
                False,
            ),
            (
                "decide",
                FATIMA,
                "grond",
                {"outcome": "granted", "reason": "Gebruiksovereenkomst voor vijf jaar; waterpunt door Stadsbeheer."},
            ),
            ("move", FATIMA, "running", "De eerste spade gaat op 12 april de grond in."),
            ("update", ANOUK, "Twaalf bakken staan, de kinderen hebben radijs en sla gezaaid!"),
            ("comment", SANNE, "De eerste radijsjes lagen gisteren in de buurtkoelkast. Prachtig."),
            ("support", [RIA, GERDA]),
        ],
    },
    {
        "key": "jongerenplek",
        "place": "WK001404",
        "by": ERIK,
        "kind": "initiative",
        "ownership": 2,
        "title": "Jongerenplek met overkapping bij het Oosterpark",
        "description": "Jongeren hebben 's avonds weinig plekken om elkaar te ontmoeten. Samen met een groep "
        "jongeren uit de wijk willen we een overdekte hangplek met zitbanken en verlichting, op een plek waar "
        "niemand er last van heeft.",
        "needs": "Een overkapping, verlichting en afspraken met de buren en de wijkagent.",
        "location_text": "Hoek Oosterpark, bij het basketbalveld",
        "days_ago": 100,
        "steps": [
            ("support", [ANOUK, SANNE, MOHAMMED]),
            ("offline", FATIMA, Channel.PAPER, "handtekeningenlijst jongerenwerk", 31),
            ("move", FATIMA, "in_conversation", "Gesprek met Erik, twee jongeren en de jongerenwerker."),
            ("connect", FATIMA, {"name": "Jongerenwerk WerkPro Oosterpark", "note": "Begeleidt de groep jongeren."}),
            (
                "request",
                ERIK,
                "overkapping",
                "money",
                "Bijdrage in de kosten van een overkapping met verlichting (offerte van een lokale aannemer).",
                350000,
            ),
            (
                "obstacle",
                ERIK,
                "prioriteit",
                {
                    "phrase": 5,
                    "description": "Bij de afdeling Openbare Ruimte kregen we te horen dat een jongerenplek dit jaar "
                    "geen prioriteit heeft.",
                    "rule": "Team Openbare Ruimte",
                },
            ),
            ("deal", FATIMA, "prioriteit", "in_progress", "", 0, True),
            ("comment", ANOUK, "Als buurvrouw vind ik het prima, als er maar goede afspraken over het geluid zijn."),
        ],
    },
    {
        "key": "koelkast",
        "place": "WK001404",
        "by": SANNE,
        "kind": "initiative",
        "ownership": 2,
        "title": COMPLETED_TITLE,
        "description": "Een koelkast bij het buurthuis waar iedereen eten in kan zetten en uit kan halen. Tegen "
        "verspilling, en voor buren die het even krap hebben. Vrijwilligers houden hem schoon en controleren de "
        "houdbaarheid.",
        "needs": "Een koelkast, een overkapping of plek binnen, stroom, en een rooster van vrijwilligers.",
        "location_text": "Buurthuis Oosterparkwijk",
        "days_ago": 240,
        "steps": [
            ("support", [ANOUK, ERIK, MOHAMMED, RIA]),
            ("move", FATIMA, "in_conversation", "Sanne gebeld; het buurthuis wil de stroom betalen."),
            ("connect", FATIMA, {"name": "Voedselbank Groningen", "note": "Ervaring met voedselveiligheid."}),
            (
                "request",
                SANNE,
                "koelkast",
                "money",
                "Een koelkast met glazen deur, een thermometer en hygiënemiddelen voor het eerste jaar.",
                85000,
            ),
            ("decide", FATIMA, "koelkast", {"outcome": "granted", "reason": "Uit het wijkbudget Oosterpark."}),
            ("move", FATIMA, "running", "De koelkast staat sinds vandaag in de hal van het buurthuis."),
            ("help", ANOUK, "doer", "Ik neem de dinsdagen voor het schoonmaken."),
            ("update", SANNE, "Elke week komen er zo'n veertig buren langs. Het rooster is vol."),
            ("move", FATIMA, "completed", "Het eerste jaar is rond. Sanne schrijft het verslag voor de wijk."),
        ],
    },
    {
        "key": "bankjes",
        "place": "WK001404",
        "offline": (
            Channel.PAPER,
            "een oudere bewoner van de Gorechtkade (brief)",
            FATIMA,
            "Brief via de brievenbus van het buurthuis; terugschrijven of bellen via het buurthuis.",
        ),
        "ownership": 3,
        "title": "Bankjes langs de Oosterparkweg",
        "description": "Langs de Oosterparkweg staat over een lange afstand geen enkel bankje. Voor ouderen is "
        "de wandeling naar de winkels daardoor te lang. Een paar bankjes onderweg zouden veel schelen.",
        "needs": "Drie of vier bankjes, door de gemeente geplaatst.",
        "location_text": "Oosterparkweg, tussen het park en de winkels",
        "days_ago": 20,
        "steps": [
            ("offline", FATIMA, Channel.MEETING, "bewonersavond in het buurthuis", 12),
            ("move", FATIMA, "in_conversation", "Teruggeschreven en op bezoek geweest. Samen de route gelopen."),
        ],
    },
    {
        "key": "wandelgroep",
        "place": "WK001404",
        "by": ANOUK,
        "kind": "initiative",
        "ownership": 1,
        "title": "Wekelijkse wandelgroep voor ouderen",
        "description": "Elke woensdagochtend een rustige wandeling door het Oosterpark, met koffie na afloop in "
        "het buurthuis. Voor iedereen die wat meer wil bewegen of gewoon gezelschap zoekt.",
        "needs": "Een paar vaste wandelmaatjes en bekendheid bij ouderen die niet online zijn.",
        "days_ago": 110,
        "steps": [
            ("support", [SANNE, ERIK]),
            ("move", FATIMA, "in_conversation", "Anouk heeft alles al geregeld; wij helpen met een flyer."),
            ("move", FATIMA, "running", "Geen geld of vergunning nodig. De wijkkrant plaatst een oproep."),
            ("help", SANNE, "doer", "Ik loop mee en haal mevrouw Bos op."),
            ("update", ANOUK, "We zijn inmiddels met veertien vaste wandelaars."),
            ("move", FATIMA, "completed", "De proefperiode is voorbij; de groep gaat zelfstandig verder."),
        ],
    },
    {
        "key": "muurschildering",
        "place": "WK001404",
        "by": ERIK,
        "ownership": 2,
        "title": "Muurschildering in de fietstunnel",
        "description": "De fietstunnel onder het spoor is grauw en voelt 's avonds onveilig. Samen met kinderen "
        "uit de wijk en een kunstenaar willen we de wanden beschilderen met de geschiedenis van de Oosterpark.",
        "needs": "Toestemming van de beheerder, verf en een kunstenaar die de kinderen begeleidt.",
        "location_text": "Fietstunnel onder het spoor bij de Oosterhamrikkade",
        "days_ago": 45,
        "steps": [
            ("support", [ANOUK, SANNE]),
            ("move", FATIMA, "in_conversation", "Erik heeft al een kunstenaar gevonden."),
            (
                "request",
                ERIK,
                "kunstadvies",
                "expertise",
                "Advies over welke verf en welke voorbereiding nodig zijn voor een tunnelwand.",
                None,
            ),
            ("connect", FATIMA, {"name": "Kunstenaarscollectief De Wand", "note": "Maakte eerder muurschilderingen."}),
            (
                "decide",
                FATIMA,
                "kunstadvies",
                {
                    "outcome": "referred",
                    "referred_to": "Marleen Dijkstra, team Beheer Kunstwerken en Tunnels",
                    "reason": "Zij beheert de tunnels en belt Erik deze week.",
                },
            ),
        ],
    },
    {
        "key": "geveltuinen",
        "place": "WK001404",
        "offline": (Channel.PHONE, "bewoners van de Borgstraat (telefonisch)", JOOST, "Via Joost, de procesbegeleider"),
        "ownership": 1,
        "title": "Geveltuinen in de Borgstraat",
        "description": "Een paar buren willen tegels uit de stoep halen voor smalle geveltuinen langs de huizen. "
        "Ze vragen hoe dat moet en of de gemeente de tegels ophaalt.",
        "days_ago": 12,
        "steps": [],
    },
    {
        "key": "repaircafe",
        "place": "WK001404",
        "by": SANNE,
        "ownership": 1,
        "title": "Repair Café in het buurthuis",
        "description": "Eens per maand een middag waarop vrijwilligers kapotte spullen repareren: stofzuigers, "
        "fietsen, kleding. Met koffie.",
        "days_ago": 95,
        "steps": [
            ("move", FATIMA, "in_conversation", "Sanne gesproken."),
            ("connect", FATIMA, {"name": "Repair Café De Wijert", "note": "Bestaat al, zoekt vrijwilligers."}),
            (
                "move",
                FATIMA,
                "closed",
                "Er bestaat al een Repair Café op fietsafstand. Sanne sluit daar met haar groep bij aan in "
                "plaats van een tweede te beginnen.",
            ),
        ],
    },
    {
        "key": "speeltoestellen",
        "place": "WK001404",
        "by": ANOUK,
        "ownership": 3,
        "title": "Nieuwe speeltoestellen in het Oosterpark",
        "description": "De speeltuin in het park is verouderd: de glijbaan is weg en de schommels zijn vaak kapot. "
        "Ouders uit de buurt willen meedenken over nieuwe toestellen, ook voor kinderen met een beperking.",
        "needs": "Een gesprek met de gemeente over vervanging, en ouders die meedenken.",
        "location_text": "Speeltuin Oosterpark",
        "days_ago": 1,
        "steps": [("support", [SANNE])],
    },
    # --- Noordwest --------------------------------------------------------------------------
    {
        "key": "taalcafe",
        "place": "WK001410",
        "by": MOHAMMED,
        "kind": "initiative",
        "ownership": 2,
        "title": "Taalcafé in de bibliotheek Selwerd",
        "description": "Elke donderdagavond oefenen nieuwe en oude buren samen Nederlands, met een kop thee. "
        "Vrijwilligers praten mee aan tafels per niveau.",
        "needs": "Een ruimte op donderdagavond en een paar taalmaatjes.",
        "days_ago": 130,
        "steps": [
            ("support", [ANOUK, RIA]),
            ("move", FATIMA, "in_conversation", "Mohammed gesproken in het wijkcentrum."),
            ("connect", FATIMA, {"name": "Biblionet Groningen", "note": "Heeft een zaal op donderdagavond."}),
            ("request", MOHAMMED, "zaal", "space", "De leeszaal op donderdagavond van 19 tot 21 uur.", None),
            (
                "decide",
                FATIMA,
                "zaal",
                {"outcome": "granted", "reason": "De bibliotheek stelt de zaal gratis ter beschikking."},
            ),
            ("move", FATIMA, "running", "Het eerste taalcafé is volgende week donderdag."),
            ("help", SANNE, "thinker", "Ik geef Nederlandse les en denk mee over de opzet."),
            ("update", MOHAMMED, "Gemiddeld komen er 25 mensen. We zoeken nog taalmaatjes!"),
        ],
    },
    {
        "key": "bbq",
        "place": "WK001410",
        "by": MOHAMMED,
        "kind": "initiative",
        "ownership": 2,
        "title": "Buurtbarbecue voor nieuwe bewoners",
        "description": "Veel studenten en jonge gezinnen zijn nieuw in de wijk. Met een barbecue op het "
        "speelplein willen we nieuwe en oude bewoners kennis laten maken.",
        "needs": "Een barbecue, tafels en stoelen, en een kleine bijdrage in de boodschappen.",
        "location_text": "Speelplein Siersteenlaan",
        "days_ago": 60,
        "steps": [
            ("support", [ANOUK]),
            ("move", FATIMA, "in_conversation", "Mohammed gebeld."),
            ("request", MOHAMMED, "boodschappen", "money", "Boodschappen en huur van tafels en stoelen.", 40000),
            (
                "decide",
                FATIMA,
                "boodschappen",
                {
                    "outcome": "partly",
                    "granted_cents": 25000,
                    "reason": "De tafels en stoelen kunnen gratis bij het wijkcentrum worden geleend; de "
                    "boodschappen worden vergoed.",
                },
            ),
            ("move", FATIMA, "running", "De barbecue is op zaterdag 14 juni."),
        ],
    },
    {
        "key": "fietsenstalling",
        "place": "WK001410",
        "offline": (Channel.MEETING, "bewoners op de bewonersavond in Selwerd", FATIMA, ""),
        "ownership": 4,
        "title": "Fietsenstalling bij de studentenflats",
        "description": "Rond de flats staan fietsen overal op de stoep, waardoor mensen met een rollator of "
        "kinderwagen er niet langs kunnen. Een overdekte stalling zou helpen.",
        "days_ago": 35,
        "steps": [
            ("move", FATIMA, "in_conversation", "Besproken met de bewonerscommissie van de flats."),
            (
                "obstacle",
                FATIMA,
                "collega",
                {
                    "phrase": 9,
                    "description": "De woningcorporatie verwees naar de gemeente, de gemeente naar de corporatie. "
                    "Niemand voelt zich eigenaar van de stoep rond de flats.",
                    "rule": "Woningcorporatie en team Verkeer",
                },
            ),
            ("update", FATIMA, "Corporatie en team Verkeer zitten op 3 december samen met de bewonerscommissie."),
            ("support", [MOHAMMED]),
        ],
    },
    {
        "key": "voetbalkooi",
        "place": "WK001410",
        "by": MOHAMMED,
        "ownership": 3,
        "title": "Voetbalkooi opknappen",
        "description": "De voetbalkooi in Paddepoel heeft gaten in het hek en de doelen zijn kapot. Jongeren "
        "willen helpen met opknappen als de gemeente de materialen levert.",
        "days_ago": 28,
        "steps": [
            ("support", [ERIK]),
            ("move", FATIMA, "in_conversation", "Met de jongeren bij de kooi gekeken."),
            ("connect", FATIMA, {"other": "jongerenplek", "note": "Ook een plek voor jongeren; samen optrekken?"}),
        ],
    },
    {
        "key": "prikploeg",
        "place": "WK001410",
        "by": MOHAMMED,
        "ownership": 1,
        "title": "Zwerfvuil-prikploeg Paddepoel",
        "description": "Eén zaterdag per maand samen zwerfvuil prikken rond het winkelcentrum en langs het water.",
        "needs": "Grijpers, vuilniszakken en een afspraak over het ophalen van de zakken.",
        "days_ago": 2,
        "steps": [],
    },
    # --- Noorddijk e.o. (Lewenborg) ---------------------------------------------------------
    {
        "key": "wijkkrant",
        "place": "WK001412",
        "by": RIA,
        "kind": "initiative",
        "ownership": 2,
        "title": "De wijkkrant van Golvend Lewenborg ook op papier",
        "description": "Onze wijkkrant is nu alleen online. Veel ouderen lezen hem daardoor niet. We willen vier "
        "keer per jaar een papieren editie huis-aan-huis bezorgen.",
        "needs": "Drukkosten en bezorgers.",
        "days_ago": 180,
        "steps": [
            ("support", [ANOUK, MOHAMMED]),
            ("move", FATIMA, "in_conversation", "Ria gesproken op de maandelijkse bijeenkomst."),
            ("request", RIA, "drukwerk", "money", "Drukkosten voor vier edities van 4.500 exemplaren.", 120000),
            ("decide", FATIMA, "drukwerk", {"outcome": "granted", "reason": "Uit het wijkbudget Lewenborg."}),
            ("move", FATIMA, "running", "De eerste papieren editie valt in maart op de mat."),
            ("help", MOHAMMED, "doer", "Ik bezorg in mijn straat mee."),
        ],
    },
    {
        "key": "natuurspeelplaats",
        "place": "WK001412",
        "by": RIA,
        "kind": "initiative",
        "ownership": 2,
        "title": "Natuurspeelplaats aan de Lewenborgvijver",
        "description": "Een speelplek met boomstammen, water en zand aan de rand van de vijver, aangelegd "
        "met buurtbewoners en onderhouden door een vaste groep ouders.",
        "needs": "Toestemming, boomstammen en zand, en geld voor een ontwerp.",
        "location_text": "Oostoever Lewenborgvijver",
        "days_ago": 50,
        "steps": [
            ("support", [ANOUK, SANNE, ERIK]),
            ("offline", FATIMA, Channel.MEETING, "bijeenkomst Golvend Lewenborg", 18),
            ("move", FATIMA, "in_conversation", "Ria en drie ouders gesproken aan de vijver."),
            ("request", RIA, "ontwerp", "money", "Een ontwerp door een speelplekontwerper.", 450000),
            (
                "obstacle",
                RIA,
                "continuiteit",
                {
                    "phrase": 19,
                    "description": "Bij het fonds vroegen ze wie de speelplek over vijf jaar nog onderhoudt.",
                    "rule": "Groenfonds Groningen",
                },
            ),
            ("deal", FATIMA, "continuiteit", "in_progress", "", 0, False),
            (
                "decide",
                FATIMA,
                "ontwerp",
                {
                    "outcome": "refused",
                    "category": "financial",
                    "rule_or_department": "Subsidieregeling leefbaarheid en bewonersinitiatieven",
                    "reason": "Het budget voor ontwerpen is dit jaar op. Een bijdrage in de uitvoering kan wel "
                    "volgend jaar; we helpen bij een aanvraag bij een fonds.",
                },
            ),
            (
                "request",
                RIA,
                "toestemming",
                "permission",
                "Toestemming om op de oever een natuurspeelplaats aan te leggen.",
                None,
            ),
            ("comment", SANNE, "In de Oosterpark hebben we er goede ervaringen mee. Succes!"),
        ],
    },
    {
        "key": "ontmoetingsochtend",
        "place": "WK001412",
        "offline": (
            Channel.HOME_VISIT,
            "een bewoonster van Lewenborg (huisbezoek)",
            FATIMA,
            "Bellen na 10 uur; dochter helpt met de telefoon.",
        ),
        "ownership": 1,
        "title": "Ontmoetingsochtend in Het Dok",
        "description": "Een vaste ochtend in de week om elkaar te zien, voor mensen die alleen wonen. Met koffie, "
        "een spelletje en af en toe iemand die iets vertelt.",
        "days_ago": 16,
        "steps": [("move", FATIMA, "in_conversation", "Tweede bezoek: we zoeken samen vrijwilligers.")],
    },
    {
        "key": "jeudeboules",
        "place": "WK001412",
        "by": RIA,
        "ownership": 2,
        "title": "Jeu de boules-baan bij het winkelcentrum",
        "description": "Een jeu de boules-baan bij het winkelcentrum, zodat ouderen buiten kunnen spelen.",
        "days_ago": 90,
        "steps": [
            ("move", FATIMA, "in_conversation", "Ria gesproken."),
            ("withdraw", RIA, "De groep is te klein geworden; we spelen voorlopig bij de buren in Beijum."),
        ],
    },
    {
        "key": "ommetje",
        "place": "WK001412",
        "by": RIA,
        "ownership": 3,
        "title": "Ommetjes-route met bankjes",
        "description": "Een rondje van twee kilometer door de wijk, met bordjes en om de paar honderd meter een "
        "bankje, voor mensen die niet ver kunnen lopen.",
        "days_ago": 11,
        "steps": [("support", [GERDA])],
    },
    # --- Helpman e.o. -----------------------------------------------------------------------
    {
        "key": "burendag",
        "place": "WK001406",
        "offline": (Channel.MEETING, "buren uit de Rivierenbuurt (spreekuur)", FATIMA, ""),
        "ownership": 1,
        "title": "Burendag in de Rivierenbuurt",
        "description": "Op Burendag de straat afsluiten, tafels buiten, kinderspelen en een gezamenlijke maaltijd.",
        "days_ago": 70,
        "steps": [
            ("move", FATIMA, "in_conversation", "Buren geholpen met de aanvraag voor het afsluiten van de straat."),
            ("move", FATIMA, "running", "Straat afgesloten op 27 september; ontheffing is er."),
        ],
    },
    {
        "key": "schaakclub",
        "place": "WK001406",
        "offline": (Channel.PHONE, "een inwoner van Helpman (telefonisch)", FATIMA, "Terugbellen op werkdagen."),
        "ownership": 1,
        "title": "Schaakclub voor jong en oud",
        "description": "Een wekelijkse schaakavond waar jongeren en ouderen tegen elkaar spelen en van elkaar leren.",
        "days_ago": 3,
        "steps": [],
    },
    {
        "key": "bloembakken",
        "place": "WK001406",
        "offline": (Channel.PAPER, "ondernemers aan de Verlengde Hereweg", FATIMA, ""),
        "ownership": 3,
        "title": "Bloembakken op de Verlengde Hereweg",
        "description": "Ondernemers willen bloembakken langs de stoep, die zij zelf water geven.",
        "days_ago": 100,
        "steps": [
            ("move", FATIMA, "in_conversation", "Met twee ondernemers langs de weg gelopen."),
            (
                "obstacle",
                FATIMA,
                "jaar",
                {
                    "phrase": 13,
                    "description": "Team Verkeer: de weg wordt over twee jaar heringericht, kom dan nog maar eens "
                    "terug.",
                    "rule": "Team Verkeer en Vervoer",
                },
            ),
            (
                "deal",
                FATIMA,
                "jaar",
                "not_solvable",
                "De herinrichting ligt vast in de planning; tijdelijke bakken zouden binnen een jaar weer weg "
                "moeten. Het idee is als inbreng doorgegeven aan het projectteam van de herinrichting.",
                21,
                False,
            ),
            (
                "move",
                FATIMA,
                "closed",
                "Niet nu: de weg wordt heringericht. De ondernemers denken mee in het ontwerp van de nieuwe weg.",
            ),
        ],
    },
    # --- Marum ------------------------------------------------------------------------------
    {
        "key": "dorpshuis",
        "place": "WK196911",
        "by": GERDA,
        "kind": "initiative",
        "ownership": 2,
        "title": "Zonnepanelen op het dorpshuis van Marum",
        "description": "Dorpsbelangen wil het dorpshuis verduurzamen met zonnepanelen op het dak. De opbrengst "
        "houdt de huur laag voor de verenigingen.",
        "needs": "Advies over het dak, financiering en vrijwilligers voor de aanvraag.",
        "days_ago": 85,
        "steps": [
            ("support", [PIETER]),
            ("offline", HENK, Channel.MEETING, "ledenvergadering Dorpsbelangen Marum", 46),
            ("move", HENK, "in_conversation", "Bij Gerda en het bestuur van het dorpshuis geweest."),
            (
                "request",
                GERDA,
                "dakadvies",
                "expertise",
                "Een bouwkundige blik op het dak: kan het gewicht erop?",
                None,
            ),
            (
                "decide",
                HENK,
                "dakadvies",
                {"outcome": "granted", "reason": "De bouwkundige van de gemeente komt kijken."},
            ),
            ("request", GERDA, "panelen", "money", "Bijdrage in de aanschaf van 40 panelen.", 1200000),
            (
                "decide",
                HENK,
                "panelen",
                {
                    "outcome": "referred",
                    "referred_to": "Anne Veenstra, Energieloket Westerkwartier",
                    "reason": "Het energieloket helpt met de provinciale subsidie voor maatschappelijk vastgoed.",
                },
            ),
            ("comment", PIETER, "In Leek zoeken we hetzelfde voor de sporthal. Mogen we jullie aanvraag zien?"),
        ],
    },
    {
        "key": "buurtbus",
        "place": "WK196911",
        "offline": (Channel.PHONE, "een inwoner van Marum (telefonisch)", HENK, "Bellen via Dorpsbelangen."),
        "ownership": 2,
        "title": "Buurtbus naar Leek en Groningen",
        "description": "De bus rijdt minder vaak. Vrijwillige chauffeurs willen een buurtbus laten rijden voor "
        "ouderen zonder auto, naar de huisarts in Leek en het ziekenhuis in Groningen.",
        "days_ago": 40,
        "steps": [
            ("support", [GERDA]),
            ("move", HENK, "in_conversation", "Met de beller en Dorpsbelangen om tafel gezeten."),
            (
                "obstacle",
                HENK,
                "provincie",
                {
                    "phrase": 10,
                    "description": "De gemeente verwees naar de provincie; de provincie naar de vervoerder.",
                    "rule": "Provinciale OV-concessie",
                },
            ),
            ("deal", HENK, "provincie", "in_progress", "", 0, True),
        ],
    },
    {
        "key": "kerstmarkt",
        "place": "WK196911",
        "by": GERDA,
        "ownership": 1,
        "title": "Kerstmarkt op de Brink",
        "description": "Een kerstmarkt met kramen van verenigingen, een koor en warme chocolademelk.",
        "days_ago": 55,
        "steps": [
            ("move", HENK, "in_conversation", "Gerda gebeld."),
            ("move", HENK, "running", "Vergunning is rond; de markt is op de tweede zaterdag van december."),
            ("help", PIETER, "doer", "Ik help met het opbouwen van de kramen."),
        ],
    },
    {
        "key": "eetmiddag",
        "place": "WK196911",
        "by": GERDA,
        "ownership": 1,
        "title": "Maandelijkse eetmiddag voor ouderen in het dorpshuis",
        "description": "Eens per maand samen eten in het dorpshuis, gekookt door vrijwilligers. Voor ouderen die "
        "alleen wonen; wie niet kan komen, wordt opgehaald.",
        "days_ago": 140,
        "steps": [
            ("move", HENK, "in_conversation", "Prachtig plan; geen hulp nodig, wel een vermelding in de dorpskrant."),
            ("move", HENK, "running", "De eerste eetmiddag was vol: 32 gasten."),
            ("update", GERDA, "We koken nu ook voor de ouderen in De Wilp."),
        ],
    },
    {
        "key": "aed",
        "place": "WK196911",
        "offline": (Channel.PAPER, "EHBO-vereniging Marum (formulier)", HENK, ""),
        "ownership": 2,
        "title": "AED-buurtnetwerk uitbreiden",
        "description": "Twee extra AED's in de buitengebieden van Marum en een cursus reanimeren voor buren.",
        "days_ago": 1,
        "steps": [],
    },
    # --- Leek -------------------------------------------------------------------------------
    {
        "key": "popup",
        "place": "WK196904",
        "by": PIETER,
        "kind": "initiative",
        "ownership": 2,
        "title": "Pop-upwinkels in lege panden in het centrum",
        "description": "In het centrum van Leek staan winkels leeg. Lokale makers en starters willen ze tijdelijk "
        "gebruiken als pop-upwinkel, zodat er weer reden is om het centrum in te gaan.",
        "needs": "Afspraken met eigenaren en toestemming voor tijdelijk gebruik.",
        "days_ago": 80,
        "steps": [
            ("support", [GERDA]),
            ("move", HENK, "in_conversation", "Met Pieter en twee pandeigenaren gesproken."),
            (
                "obstacle",
                PIETER,
                "formulier",
                {
                    "phrase": 16,
                    "description": "Voor elk pand moest eerst een apart formulier worden ingevuld, ook voor één "
                    "weekend.",
                    "rule": "Team Vergunningen",
                },
            ),
            (
                "request",
                PIETER,
                "tijdelijk",
                "permission",
                "Toestemming om drie lege winkelpanden een jaar lang tijdelijk als pop-upwinkel te gebruiken.",
                None,
            ),
            ("deal", HENK, "formulier", "resolved", "Eén aanvraag voor alle panden samen is voldoende.", 9, False),
            (
                "obstacle",
                PIETER,
                "regels",
                {
                    "phrase": 8,
                    "description": "Tijdelijk gebruik als winkel mag volgens de afdeling niet zonder "
                    "omgevingsvergunning.",
                    "rule": "Bestemmingsplan Centrum Leek",
                },
            ),
            ("deal", HENK, "regels", "reported", "", 0, True),
        ],
    },
    {
        "key": "nienoord",
        "place": "WK196904",
        "by": PIETER,
        "ownership": 3,
        "title": "Wandelroute van het centrum naar Nienoord",
        "description": "Een bewegwijzerde wandelroute van het centrum naar landgoed Nienoord, zodat bezoekers van "
        "het landgoed ook het dorp in komen.",
        "days_ago": 33,
        "steps": [
            ("move", HENK, "in_conversation", "Pieter gesproken."),
            ("connect", HENK, {"name": "Stichting Landgoed Nienoord", "note": "Wil meedenken over de route."}),
        ],
    },
    {
        "key": "skatebaan",
        "place": "WK196904",
        "by": PIETER,
        "ownership": 3,
        "title": "Skatebaan bij het sportpark",
        "description": "Jongeren in Leek willen een skatebaan. Ze hebben zelf al een ontwerp gemaakt.",
        "days_ago": 100,
        "steps": [
            ("support", [GERDA]),
            (
                "obstacle",
                PIETER,
                "stapel",
                {
                    "phrase": 17,
                    "description": "Na twee maanden was er nog geen reactie op onze vraag: 'het ligt op de stapel'.",
                    "rule": "Team Sport",
                },
            ),
            ("deal", HENK, "stapel", "resolved", "Vaste contactpersoon bij team Sport aangewezen.", 41, False),
            ("move", HENK, "in_conversation", "Eindelijk om tafel, met de jongeren en team Sport."),
        ],
    },
    {
        "key": "fotoavond",
        "place": "WK196904",
        "by": PIETER,
        "ownership": 1,
        "title": "Fotoavond 'Leek van vroeger'",
        "description": "Een avond in de bibliotheek met oude foto's van Leek, waar ouderen vertellen wie en wat er "
        "op staat.",
        "days_ago": 2,
        "steps": [],
    },
    # --- Other villages of the Westerkwartier -----------------------------------------------
    {
        "key": "dorpsommetje",
        "place": "WK196905",
        "offline": (Channel.MEETING, "werkgroep Dorpsommetje Zevenhuizen", HENK, ""),
        "ownership": 2,
        "title": "Dorpsommetje Zevenhuizen met informatiebordjes",
        "description": "Een wandelrondje langs de oude veenkoloniale plekken van het dorp, met bordjes over de "
        "geschiedenis.",
        "days_ago": 120,
        "steps": [
            ("move", HENK, "in_conversation", "Werkgroep gesproken."),
            ("request", HENK, "bordjes", "money", "Tien informatiebordjes met palen.", 180000),
            ("decide", HENK, "bordjes", {"outcome": "granted", "reason": "Uit het dorpenbudget."}),
            ("move", HENK, "running", "De bordjes zijn besteld."),
        ],
    },
    {
        "key": "jongerenhonk",
        "place": "WK196906",
        "offline": (Channel.MEETING, "jongeren uit Tolbert (dorpsavond)", HENK, "Via de jongerenwerker."),
        "ownership": 2,
        "title": "Jongerenhonk in Tolbert",
        "description": "Jongeren willen een eigen plek om samen te komen: een oude keet of een ruimte in een "
        "leegstaand gebouw.",
        "days_ago": 65,
        "steps": [
            ("offline", HENK, Channel.MEETING, "dorpsavond Tolbert", 27),
            ("move", HENK, "in_conversation", "Met de jongeren en de jongerenwerker gesproken."),
            ("request", HENK, "ruimte", "space", "Een ruimte in een leegstaand gemeentelijk gebouw.", None),
            (
                "decide",
                HENK,
                "ruimte",
                {
                    "outcome": "refused",
                    "category": "priority",
                    "rule_or_department": "Team Vastgoed",
                    "reason": "Er is nu geen geschikt leegstaand gemeentelijk gebouw in Tolbert. We zoeken "
                    "samen verder bij de kerk en de sportvereniging.",
                },
            ),
        ],
    },
    {
        "key": "zonnepanelen",
        "place": "WK196900",
        "offline": (Channel.PHONE, "een inwoner van Grootegast (telefonisch)", HENK, ""),
        "ownership": 1,
        "title": "Samen zonnepanelen inkopen in Grootegast",
        "description": "Met het hele dorp zonnepanelen inkopen, zodat het goedkoper wordt en buren elkaar helpen.",
        "days_ago": 18,
        "steps": [("move", HENK, "in_conversation", "Teruggebeld; informatieavond in voorbereiding.")],
    },
]

# An obstacle met outside any single idea, logged by the area team.
LOOSE_OBSTACLES = [
    {
        "place": "GM0014",
        "by": FATIMA,
        "phrase": 20,
        "description": "Een groep mantelzorgers die een ontmoetingsplek wil, werd heen en weer gestuurd tussen "
        "het Wmo-loket en team Welzijn.",
        "rule": "Wmo-loket en team Welzijn",
        "days_ago": 60,
        "resolved_after": 25,
        "resolution": "Het gebiedsteam is nu het ene aanspreekpunt; team Welzijn neemt de vraag over.",
    },
]


def _date(moment) -> datetime.date:
    return timezone.localtime(moment).date()


def _days_ago(now, days: float):
    return now - datetime.timedelta(days=days)


def _stamp(idea: Idea, before: dict, when) -> None:
    """Give the rows a step created the time of that step."""
    CaseEvent.objects.filter(idea=idea, pk__gt=before["event"]).update(at=when)
    for model in (Comment, Support, HelpOffer, Connection):
        model.objects.filter(idea=idea, pk__gt=before[model.__name__]).update(created_at=when)


def _last_pks(idea: Idea) -> dict:
    return {
        "event": idea.events.order_by("-pk").values_list("pk", flat=True).first() or 0,
        **{
            model.__name__: model.objects.filter(idea=idea).order_by("-pk").values_list("pk", flat=True).first() or 0
            for model in (Comment, Support, HelpOffer, Connection)
        },
    }


def _submit(spec, users, places) -> Idea:
    place = places[spec["place"]]
    common = {
        "place": place,
        "title": spec["title"],
        "description": spec["description"],
        "needs": spec.get("needs", ""),
        "kind": spec.get("kind", "idea"),
        "ownership": spec.get("ownership"),
        "location_text": spec.get("location_text", ""),
    }
    if "offline" in spec:
        channel, on_behalf_of, entered_by, contact_note = spec["offline"]
        return services.submit_idea(
            user=users[entered_by], channel=channel, on_behalf_of=on_behalf_of, contact_note=contact_note, **common
        )
    return services.submit_idea(user=users[spec["by"]], **common)


def _build(spec, users, places, ideas, answer_days) -> Idea:
    now = timezone.now()
    days_ago = spec["days_ago"]
    steps = spec["steps"]
    start = _days_ago(now, days_ago)
    span = max(days_ago - 0.5, 0)

    def moment(i):  # step i of n, spread from the day it came in to half a day ago
        return start + datetime.timedelta(days=span * i / max(len(steps), 1))

    idea = _submit(spec, users, places)
    requests, obstacles = {}, {}
    first_contact_days, _answer = services.service_level(idea.place)
    for i, step in enumerate(steps, start=1):
        when = moment(i)
        action, by, *args = step
        if action == "move" and args[0] == "in_conversation":
            # The broker calls within the promised days (a few calendar days after it came in).
            when = min(when, start + datetime.timedelta(days=1 + len(spec["key"]) % first_contact_days))
        before = _last_pks(idea)
        if action == "support":
            for email in by:
                services.support(user=users[email], idea=idea)
            _stamp(idea, before, when)
            continue
        user = users[by]
        if action == "move":
            status, note = args
            services.move_case(user=user, idea=idea, to_status=status, note=note)
            if status == "in_conversation":
                Idea.objects.filter(pk=idea.pk).update(first_contact_on=_date(when))
        elif action == "connect":
            (data,) = args
            other = ideas[data["other"]] if "other" in data else None
            services.connect(user=user, idea=idea, other_idea=other, name=data.get("name", ""), note=data["note"])
        elif action == "request":
            key, kind, description, cents = args
            request = services.request_support(
                user=user, idea=idea, kind=kind, description=description, amount_cents=cents
            )
            SupportRequest.objects.filter(pk=request.pk).update(
                created_at=when, answer_due=add_working_days(_date(when), answer_days)
            )
            requests[key] = request
        elif action == "decide":
            key, data = args
            services.decide_support(user=user, request=requests[key], **data)
            SupportRequest.objects.filter(pk=requests[key].pk).update(decided_on=_date(when))
            # A refusal is logged as an obstacle on the day of the answer.
            idea.obstacles.filter(reported_on=timezone.localdate(), killer_phrase=None).update(reported_on=_date(when))
        elif action == "update":
            (note,) = args
            services.post_update(user=user, idea=idea, note=note)
        elif action == "comment":
            (text,) = args
            services.comment(user=user, idea=idea, text=text)
        elif action == "help":
            role, note = args
            services.offer_help(user=user, idea=idea, role=role, note=note)
        elif action == "offline":
            channel, where, count = args
            services.add_support_on_behalf(user=user, idea=idea, channel=channel, on_behalf_of=where, count=count)
        elif action == "obstacle":
            key, data = args
            obstacles[key] = services.log_obstacle(
                user=user,
                idea=idea,
                killer_phrase=KillerPhrase.objects.get(number=data["phrase"]) if data.get("phrase") else None,
                category=data.get("category", ""),
                description=data["description"],
                rule_or_department=data.get("rule", ""),
                reported_on=_date(when),
            )
        elif action == "deal":
            key, status, resolution, days_after, escalated = args
            obstacle = obstacles[key]
            resolved_on = min(obstacle.reported_on + datetime.timedelta(days=days_after), timezone.localdate())
            services.update_obstacle(
                user=user,
                obstacle=obstacle,
                status=status,
                resolution=resolution,
                escalated=escalated,
                resolved_on=resolved_on if status in ("resolved", "not_solvable") else None,
            )
        elif action == "withdraw":
            (reason,) = args
            services.withdraw_idea(user=user, idea=idea, reason=reason)
        else:  # pragma: no cover - a typo in the data above
            raise ValueError(action)
        _stamp(idea, before, when)
        idea.refresh_from_db()

    Idea.objects.filter(pk=idea.pk).update(
        created_at=start, first_contact_due=add_working_days(_date(start), first_contact_days)
    )
    CaseEvent.objects.filter(idea=idea, from_status="").update(at=start)
    return idea


@transaction.atomic
def load(users: dict, places: dict, organisations: dict) -> int:
    """Create the demo ideas; returns how many. Idempotent: does nothing when ideas exist."""
    load_reference_data()  # normally there from the migration; a flushed test database lacks it
    if Idea.objects.exists():
        return 0
    for code, (first_contact, answer) in SERVICE_LEVELS.items():
        ServiceLevel.objects.get_or_create(
            municipality=places[code], defaults={"first_contact_days": first_contact, "support_answer_days": answer}
        )
    ideas: dict[str, Idea] = {}
    for spec in IDEAS:
        municipality_code = places[spec["place"]].root.cbs_code
        ideas[spec["key"]] = _build(spec, users, places, ideas, SERVICE_LEVELS[municipality_code][1])

    today = timezone.localdate()
    for loose in LOOSE_OBSTACLES:
        reported_on = today - datetime.timedelta(days=loose["days_ago"])
        obstacle = services.log_obstacle(
            user=users[loose["by"]],
            place=places[loose["place"]],
            killer_phrase=KillerPhrase.objects.get(number=loose["phrase"]),
            description=loose["description"],
            rule_or_department=loose["rule"],
            reported_on=reported_on,
        )
        services.update_obstacle(
            user=users[loose["by"]],
            obstacle=obstacle,
            status="resolved",
            resolution=loose["resolution"],
            resolved_on=reported_on + datetime.timedelta(days=loose["resolved_after"]),
        )
    return len(ideas)
