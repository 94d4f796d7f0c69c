"""The people, organisations and DNA items of the demo municipality. All people and their
words are invented; places and figures are real (CBS)."""

from samenspel.accounts.models import OrganisationKind, Role
from samenspel.core.models import Channel
from samenspel.places.models import DnaKind

DEMO_PASSWORD = "samen-demo-2026"  # noqa: S105 - printed for the demo, never used outside it

# CBS code of the municipality → (file stem, kind of its neighbourhoods, description)
MUNICIPALITIES = {
    "GM0014": (
        "groningen",
        "wijk",
        "Een stad van wijken, van de binnenstad tot Haren en Ten Boer. Hier ontstond het "
        "Gronings model voor wijk- en dorpsdemocratie.",
    ),
    "GM1969": (
        "westerkwartier",
        "dorp",
        "Een plattelandsgemeente van dorpen, van Leek en Marum tot Grootegast en Opende.",
    ),
}

ORGANISATIONS = [
    # (key, name, kind, place CBS code, description)
    (
        "cwr",
        "Coöperatieve Wijkraad Oosterparkwijk",
        OrganisationKind.NEIGHBOURHOOD_BODY,
        "WK001404",
        "Elf bewoners door loting en zes raadsleden, die samen besluiten over een wijkbudget.",
    ),
    (
        "bo-oosterpark",
        "Bewonersorganisatie Oosterpark",
        OrganisationKind.RESIDENT_ORGANISATION,
        "WK001404",
        "Bewoners die opkomen voor de wijk en activiteiten organiseren.",
    ),
    (
        "bo-selwerd",
        "Bewonersvereniging Noordwest",
        OrganisationKind.RESIDENT_ORGANISATION,
        "WK001410",
        "Bewonersvereniging voor de wijken in Noordwest.",
    ),
    (
        "golvend-lewenborg",
        "Golvend Lewenborg",
        OrganisationKind.COLLECTIVE,
        "WK001412",
        "Bewonerscollectief met een kopgroep van vrijwilligers, een wijkkrant en maandelijkse bijeenkomsten.",
    ),
    (
        "db-marum",
        "Dorpsbelangen Marum",
        OrganisationKind.VILLAGE_COUNCIL,
        "WK196911",
        "Dorpsraad van Marum: spreekbuis van het dorp richting gemeente.",
    ),
    ("db-leek", "Dorpsbelangen Leek", OrganisationKind.VILLAGE_COUNCIL, "WK196904", "Dorpsraad van Leek."),
]

# email, display name, description, [(role, place CBS code, organisation key or None)]
PEOPLE = [
    ("anouk@oosterpark.example", "Anouk", "bewoner van de Oosterparkwijk", [(Role.RESIDENT, "WK001404", None)]),
    (
        "sanne@oosterpark.example",
        "Sanne de Vries",
        "lid van de Coöperatieve Wijkraad Oosterparkwijk",
        [(Role.RESIDENT, "WK001404", None), (Role.BODY_MEMBER, "WK001404", "cwr")],
    ),
    (
        "erik@oosterpark.example",
        "Erik",
        "vertegenwoordiger van Bewonersorganisatie Oosterpark",
        [(Role.RESIDENT, "WK001404", None), (Role.ORG_REPRESENTATIVE, "WK001404", "bo-oosterpark")],
    ),
    (
        "mohammed@noordwest.example",
        "Mohammed",
        "bewoner van Noordwest",
        [(Role.RESIDENT, "WK001410", None), (Role.ORG_REPRESENTATIVE, "WK001410", "bo-selwerd")],
    ),
    (
        "ria@lewenborg.example",
        "Ria",
        "kopgroep Golvend Lewenborg",
        [(Role.RESIDENT, "WK001412", None), (Role.ORG_REPRESENTATIVE, "WK001412", "golvend-lewenborg")],
    ),
    (
        "fatima@gemeente-groningen.example",
        "Fatima Bakker",
        "gebiedsteam Groningen (ideeënmakelaar)",
        [(Role.AREA_OFFICIAL, "GM0014", None)],
    ),
    (
        "joost@procesbegeleiding.example",
        "Joost Hendriks",
        "onafhankelijk procesbegeleider, Oosterparkwijk",
        [(Role.FACILITATOR, "WK001404", None)],
    ),
    (
        "wethouder@gemeente-groningen.example",
        "Wethouder Mulder",
        "wijkwethouder (college van B&W)",
        [(Role.COLLEGE, "GM0014", None)],
    ),
    (
        "raadslid@gemeente-groningen.example",
        "Lotte Kramer",
        "gemeenteraadslid Groningen",
        [(Role.COUNCIL, "GM0014", None)],
    ),
    (
        "beheer@gemeente-groningen.example",
        "Beheerder",
        "beheerder van Samenspel",
        [(Role.ADMINISTRATOR, "GM0014", None), (Role.ADMINISTRATOR, "GM1969", None)],
    ),
    (
        "gerda@marum.example",
        "Gerda",
        "Dorpsbelangen Marum",
        [(Role.RESIDENT, "WK196911", None), (Role.ORG_REPRESENTATIVE, "WK196911", "db-marum")],
    ),
    ("pieter@leek.example", "Pieter", "bewoner van Leek", [(Role.RESIDENT, "WK196904", None)]),
    (
        "henk@gemeente-westerkwartier.example",
        "Henk Smit",
        "dorpencoördinator Westerkwartier",
        [(Role.AREA_OFFICIAL, "GM1969", None)],
    ),
]

# place CBS code, kind, text, author email (online) or None with (channel, on behalf of, entered by)
DNA_ITEMS = [
    (
        "WK001404",
        DnaKind.CROWN_JEWEL,
        "Het Oosterpark zelf: groen midden in de wijk, met de speeltuin en ruimte voor het wijkfeest.",
        "anouk@oosterpark.example",
        None,
    ),
    (
        "WK001404",
        DnaKind.STRENGTH,
        "Veel bewoners zetten zich in voor elkaar: vrijwilligers in het buurthuis, bij de "
        "voedselbank en bij de huiswerkbegeleiding.",
        "sanne@oosterpark.example",
        None,
    ),
    (
        "WK001404",
        DnaKind.STRENGTH,
        "Een wijk met een eigen karakter en een lange geschiedenis als arbeiderswijk; mensen "
        "voelen zich *Oosterparker*.",
        None,
        (Channel.MEETING, "bewoners aan de praattafel in het buurthuis", "fatima@gemeente-groningen.example"),
    ),
    (
        "WK001404",
        DnaKind.WEAKNESS,
        "Jongeren hebben 's avonds weinig plekken om elkaar te ontmoeten.",
        "erik@oosterpark.example",
        None,
    ),
    (
        "WK001404",
        DnaKind.CHANCE,
        "De renovatie van huurwoningen is een kans om bewoners mee te laten denken over de "
        "straten en het groen eromheen.",
        "sanne@oosterpark.example",
        None,
    ),
    (
        "WK001404",
        DnaKind.THREAT,
        "Eenzaamheid onder ouderen die alleen wonen; niet iedereen is online te bereiken.",
        None,
        (Channel.PAPER, "een bewoner van de Oosterparkwijk (reactie op papier)", "fatima@gemeente-groningen.example"),
    ),
    (
        "WK001410",
        DnaKind.CROWN_JEWEL,
        "Het winkelcentrum en de speelpleinen: plekken waar de buurt elkaar dagelijks ziet.",
        "mohammed@noordwest.example",
        None,
    ),
    (
        "WK001410",
        DnaKind.CHANCE,
        "Veel studenten en jonge gezinnen nieuw in de wijk: nieuwe energie voor buurtactiviteiten.",
        "mohammed@noordwest.example",
        None,
    ),
    (
        "WK196911",
        DnaKind.CROWN_JEWEL,
        "Het dorpshuis en de sportvelden: het hart van het verenigingsleven in Marum.",
        "gerda@marum.example",
        None,
    ),
    (
        "WK196911",
        DnaKind.STRENGTH,
        "Korte lijnen: iedereen kent elkaar en de dorpsraad weet wat er speelt.",
        "gerda@marum.example",
        None,
    ),
    (
        "WK196911",
        DnaKind.THREAT,
        "De bushalte richting Groningen rijdt minder vaak; ouderen zonder auto komen moeilijker weg.",
        None,
        (Channel.PHONE, "een inwoner van Marum (telefonisch)", "henk@gemeente-westerkwartier.example"),
    ),
    (
        "WK196904",
        DnaKind.WEAKNESS,
        "Het centrum van Leek loopt leeg: winkels sluiten en er is weinig reden om te blijven.",
        "pieter@leek.example",
        None,
    ),
    (
        "WK196904",
        DnaKind.CHANCE,
        "Het landgoed Nienoord trekt bezoekers; het dorp kan daar meer van profiteren.",
        "pieter@leek.example",
        None,
    ),
]
