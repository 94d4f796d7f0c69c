"""Reference data of the Gronings model, used to seed the database of every installation.

Pure data, standard library only. The texts are Dutch because they are the municipality's data and are shown as is.

Sources: the spec ``docs/research/seeds-000-001-003.md`` (§3 question tables, §4.3 kompas question bank, §5.3
safeguard catalogue, §6 instruments, §9 appendix lessons) and the seed text it cites. ``basis`` gives 1-based
line numbers in the seed, e.g. ``"003:268-269"`` (seed 003, "Het Gronings model voor wijk- en dorpsdemocratie").

The praatplaat itself is missing from the seed (spec §0.3), so the question wording is derived and MUST stay data
that the real praatplaat can replace. "Wijk" also means "dorp" (003:64-65).
"""

BUILDING_BLOCKS = ("dna", "say_and_roles", "democratic_values", "capacity", "learning")
# DNA van de wijk; zeggenschap & heldere rol- en taakverdeling (incl. rol van de gemeenteraad);
# democratische waarden; realisatiekracht; samen leren (003:208-216, 003:262-557).

COMPASS_POINTS = ("every_voice", "transparency", "say", "good_conversation")
# Kompas voor wijkdemocratie (003:334-342): ieders stem telt (inclusie en democratische vaardigheden),
# transparantie, zeggenschap, het goede gesprek (deliberatie en efficiency).

DEMOCRATIC_VALUES = ("inclusion", "transparency", "efficiency", "deliberation", "democratic_skills", "say")
# The six national democratic values (003:352-371).


def _q(code, building_block, compass_point, democratic_values, text, min_level, basis):
    return {
        "code": code,
        "building_block": building_block,
        "compass_point": compass_point,
        "democratic_values": list(democratic_values),
        "text": text,
        "min_level": min_level,
        "basis": basis,
    }


_QUESTIONS = [
    # §3.1 DNA van de wijk (003:262-271)
    _q(
        "Q-DNA-1",
        "dna",
        None,
        [],
        "Wat typeert onze wijk? Wat is kenmerkend voor de wijk en de mensen die er wonen?",
        1,
        "003:268-269",
    ),
    _q("Q-DNA-2", "dna", None, [], "Wat leeft er in de wijk? Welke vraagstukken spelen er?", 1, "003:269"),
    _q(
        "Q-DNA-3",
        "dna",
        None,
        [],
        "Wat werkt al goed in de wijk? Wat zijn onze ‘kroonjuwelen’: de plekken, initiatieven en organisaties "
        "waar we trots op zijn?",
        1,
        "003:269, 001:172-175",
    ),
    _q(
        "Q-DNA-4",
        "dna",
        None,
        [],
        "Wat zijn de sterke en de zwakke kanten van de wijk? Welke kansen en bedreigingen zien we?",
        1,
        "003:266-267",
    ),
    _q(
        "Q-DNA-5",
        "dna",
        None,
        [],
        "Wat zeggen de feiten en cijfers over de wijk (het wijkkompas)? Herkennen we ons daarin?",
        1,
        "003:267-268, 003:513",
    ),
    _q(
        "Q-DNA-6",
        "dna",
        "every_voice",
        ["inclusion"],
        "Welke bewonersorganisaties, groepen en platforms zijn actief in de wijk?",
        1,
        "003:82-83, 003:104-105",
    ),
    _q(
        "Q-DNA-7",
        "dna",
        None,
        [],
        "Welk gebied voelt als onze gemeenschap? Zijn er in de wijk kleinere buurten of groepen met een eigen "
        "karakter?",
        1,
        "000:512, 000:528",
    ),
    # §3.2 Zeggenschap & heldere rol- en taakverdeling, inclusief rol gemeenteraad (003:274-324, 003:520-527)
    _q("Q-ZEG-1", "say_and_roles", "say", ["say"], "Waar gaat wie wel en niet over?", 1, "003:293-294"),
    _q(
        "Q-ZEG-2",
        "say_and_roles",
        "say",
        ["say", "transparency"],
        "Wie, wat, waar, wanneer, waarom en hoe? Spreek per onderwerp af wie wat doet, waar en wanneer, "
        "waarom en op welke manier.",
        1,
        "003:295-296",
    ),
    _q(
        "Q-ZEG-3",
        "say_and_roles",
        "say",
        ["say"],
        "Wie regisseert, organiseert, beslist en voert uit?",
        1,
        "003:524",
    ),
    _q(
        "Q-ZEG-4",
        "say_and_roles",
        "say",
        ["say"],
        "Hoe wil de wijk betrokken zijn, en hoe kan dat? Hoeveel zeggenschap wil en kan de wijk zelf dragen?",
        1,
        "003:521-523",
    ),
    _q(
        "Q-ZEG-5",
        "say_and_roles",
        "every_voice",
        ["inclusion"],
        "Wie vertegenwoordigt de wijk? En namens wie spreken zij?",
        2,
        "003:140-142, 003:301-303",
    ),
    _q(
        "Q-ZEG-6",
        "say_and_roles",
        "say",
        ["say"],
        "Welke rol wil de gemeenteraad spelen, en in welke situatie?",
        1,
        "003:85-86, 003:323-324",
    ),
    _q(
        "Q-ZEG-7",
        "say_and_roles",
        "say",
        ["say"],
        "Hoe werken we samen in elke fase: bij de voorbereiding, de uitvoering en de evaluatie? Denken we samen, "
        "beslissen we samen, doen we samen en leren we samen?",
        1,
        "003:298-300, 003:538-539",
    ),
    _q(
        "Q-ZEG-8",
        "say_and_roles",
        "say",
        ["say"],
        "Bij wie ligt het initiatief: bij de wijk, bij de gemeente of bij een andere initiatiefnemer, zoals een "
        "projectontwikkelaar?",
        1,
        "003:281-283",
    ),
    _q(
        "Q-ZEG-9",
        "say_and_roles",
        "say",
        ["say"],
        "Gaat het om een vraagstuk van alleen deze wijk, of speelt het in de hele stad of gemeente?",
        1,
        "003:168-170, 003:296-298",
    ),
    _q(
        "Q-ZEG-10",
        "say_and_roles",
        "say",
        ["say"],
        "Wie is de eigenaar van dit onderwerp: de gemeenschap, de gemeente (of een maatschappelijke partij), "
        "en wie levert een bijdrage?",
        1,
        "001:97-109, 001:197-198",
    ),
    _q(
        "Q-ZEG-11",
        "say_and_roles",
        "transparency",
        ["transparency"],
        "Wat verwachten we van elkaar? Wat verwacht de wijk van de gemeente, en wat verwacht de gemeente van de wijk?",
        1,
        "003:291-293",
    ),
    # §4.3 Kompas question bank (derived from 003:355-371 and the appendix lessons)
    _q(
        "K-IS-1",
        "democratic_values",
        "every_voice",
        ["inclusion"],
        "Heeft iedereen die erbij betrokken is een stem? Wie missen we nog, bijvoorbeeld jongeren, nieuwe groepen "
        "of mensen die niet online zijn?",
        1,
        "003:355, 003:740, 003:398-399",
    ),
    _q(
        "K-IS-2",
        "democratic_values",
        "every_voice",
        ["inclusion"],
        "Kan iedereen makkelijk meedoen? Is er een laagdrempelige plek om elkaar te ontmoeten én een manier om "
        "online mee te doen?",
        1,
        "003:355, 003:416-422, 003:735-736",
    ),
    _q(
        "K-IS-3",
        "democratic_values",
        "every_voice",
        ["inclusion"],
        "Hoe zorgen we dat ook de mening van een kleine groep (een minderheid) gehoord wordt en meetelt?",
        2,
        "003:356, 003:734",
    ),
    _q(
        "K-IS-4",
        "democratic_values",
        "every_voice",
        ["inclusion"],
        "Namens wie spreken de mensen die de wijk vertegenwoordigen? Hoe worden zij gekozen: door loting, door "
        "een verkiezing of via een organisatie?",
        2,
        "003:140-142, 003:301-302, 003:994-997",
    ),
    _q(
        "K-IS-5",
        "democratic_values",
        "every_voice",
        ["inclusion"],
        "Hoe vragen we de hele wijk om haar mening, bijvoorbeeld met een wijkpanel of via de Stem van Groningen?",
        3,
        "003:675-676, 003:699-700, 003:999-1000",
    ),
    _q(
        "K-IS-6",
        "democratic_values",
        "every_voice",
        ["democratic_skills"],
        "Heeft iedereen wat nodig is om mee te doen en verantwoordelijkheid te dragen? Denk aan vergaderen, "
        "samen besluiten nemen en met elkaar in gesprek gaan.",
        2,
        "003:367-368, 003:822-823, 003:1017-1019",
    ),
    _q(
        "K-IS-7",
        "democratic_values",
        "every_voice",
        ["inclusion", "democratic_skills"],
        "Hebben we zowel doeners (mensen die graag de handen uit de mouwen steken) als denkers (mensen die graag "
        "meedenken over thema’s en plannen)?",
        1,
        "003:382-385, 003:914-918",
    ),
    _q(
        "K-TR-1",
        "democratic_values",
        "transparency",
        ["transparency"],
        "Is voor iedereen duidelijk wie waarover praat en beslist, en wanneer, waar en hoe dat gebeurt?",
        1,
        "003:358, 003:623",
    ),
    _q(
        "K-TR-2",
        "democratic_values",
        "transparency",
        ["transparency"],
        "Kan iedereen zien hoe we werken en waar het geld naartoe gaat?",
        2,
        "003:359, 003:454-456",
    ),
    _q(
        "K-TR-3",
        "democratic_values",
        "transparency",
        ["transparency"],
        "Hoe laten we weten wat er besloten is en wat het heeft opgeleverd? Bijvoorbeeld met een wijkkrant, een "
        "maandelijkse bijeenkomst of online.",
        2,
        "003:626-628, 003:638, 003:990-991",
    ),
    _q(
        "K-TR-4",
        "democratic_values",
        "transparency",
        ["transparency"],
        "Zijn de vergaderingen openbaar, zodat iedereen kan komen luisteren? Worden besluiten op vaste momenten "
        "genomen?",
        3,
        "003:644-645, 003:659-660",
    ),
    _q(
        "K-TR-5",
        "democratic_values",
        "transparency",
        ["transparency"],
        "Weet iedereen vooraf wat er gaat gebeuren en wat er van de deelnemers wordt verwacht?",
        1,
        "003:1021-1023",
    ),
    _q(
        "K-ZG-1",
        "democratic_values",
        "say",
        ["say"],
        "Wie zet de agenda? Wie bepaalt dus over welke onderwerpen we het hebben?",
        1,
        "003:371",
    ),
    _q(
        "K-ZG-2",
        "democratic_values",
        "say",
        ["say"],
        "Waar gaat wie wel en niet over? Wie regisseert, wie organiseert, wie beslist en wie voert uit?",
        1,
        "003:293-294, 003:524",
    ),
    _q(
        "K-ZG-3",
        "democratic_values",
        "say",
        ["say"],
        "Hoe zorgen we voor macht en tegenmacht (checks & balances)? Wie bereidt besluiten voor, wie neemt ze, en "
        "waar kunnen bewoners terecht als zij het er niet mee eens zijn?",
        3,
        "003:370",
    ),
    _q(
        "K-ZG-4",
        "democratic_values",
        "say",
        ["say"],
        "Hoe gaan verantwoordelijkheid en zeggenschap samen? Aan wie leggen we uit wat we gedaan en besloten hebben?",
        3,
        "003:370-371, 003:176",
    ),
    _q(
        "K-ZG-5",
        "democratic_values",
        "say",
        ["say"],
        "Welke taken, bevoegdheden of budgetten neemt de wijk over van de gemeente? En heeft de gemeenteraad "
        "daarmee ingestemd?",
        3,
        "003:86-87, 003:246-248",
    ),
    _q(
        "K-GG-1",
        "democratic_values",
        "good_conversation",
        ["deliberation"],
        "Is er een open gesprek waar iedereen aan mee kan doen, voordat er iets besloten wordt?",
        2,
        "003:364, 003:987-988",
    ),
    _q(
        "K-GG-2",
        "democratic_values",
        "good_conversation",
        ["deliberation"],
        "Gaan het gesprek, de discussie en het besluiten op een eerlijke en zuivere manier? Wie begeleidt het gesprek?",
        2,
        "003:364-365, 003:803-805",
    ),
    _q(
        "K-GG-3",
        "democratic_values",
        "good_conversation",
        ["efficiency"],
        "Hoeveel geld, tijd en energie kost het? En is dat het waard, als we kijken naar wat het oplevert voor "
        "bewoners en andere betrokkenen?",
        1,
        "003:361-362",
    ),
    _q(
        "K-GG-4",
        "democratic_values",
        "good_conversation",
        ["deliberation"],
        "Is er een onafhankelijke procesleider nodig, die het gesprek begeleidt en het proces ondersteunt?",
        3,
        "003:491-495, 003:1017-1019",
    ),
    # §3.4 Realisatiekracht (003:442-545)
    _q(
        "Q-RK-1",
        "capacity",
        "transparency",
        ["transparency"],
        "Welke opgaven en budgetten zijn er voor de wijk? Wat is daarvan al zichtbaar (open begroting)?",
        1,
        "003:454-460",
    ),
    _q(
        "Q-RK-2",
        "capacity",
        "say",
        ["say"],
        "Welk (financieel) instrument past bij de rol en de zeggenschap die de wijk kiest? Bijvoorbeeld een "
        "buurtbudget, een burgerbegroting, het gebiedsprogramma, een wijkdeal of de Omgekeerde Right to Challenge.",
        1,
        "003:458-463",
    ),
    _q(
        "Q-RK-3",
        "capacity",
        None,
        [],
        "Welke ondersteuning is nodig? Bijvoorbeeld een procesleider, praktische hulp bij communicatie, organisatie "
        "en activiteiten, het wijkbedrijf of (participatie)banen.",
        1,
        "003:491-502",
    ),
    _q("Q-RK-4", "capacity", None, [], "Welke regels staan ons in de weg?", 1, "003:467-468, 001:252-303"),
    _q(
        "Q-RK-5",
        "capacity",
        "transparency",
        ["transparency"],
        "Wat gaat wie doen, en wanneer? Wat doet de wijk en wat doet de gemeente?",
        1,
        "003:229-230, 003:447-449",
    ),
    _q(
        "Q-RK-6",
        "capacity",
        "say",
        ["say"],
        "Hoe komen de punten van de wijkagenda in het gebiedsprogramma en de gemeentebegroting terecht? Op welk "
        "moment in het jaar moet dat geregeld zijn?",
        1,
        "003:510-518",
    ),
    # §3.5 Samen leren (003:548-557)
    _q(
        "Q-SL-1",
        "learning",
        None,
        [],
        "Hoe willen we samen leren? Bijvoorbeeld met een wijkacademie, door ervaringen uit te wisselen "
        "(intervisie) of met een evaluatiegesprek.",
        1,
        "003:554-555",
    ),
    _q(
        "Q-SL-2",
        "learning",
        None,
        [],
        "Wat hebben we geleerd over ieders stem, transparantie, zeggenschap en het goede gesprek?",
        1,
        "003:241-245, 003:550-552",
    ),
    _q("Q-SL-3", "learning", None, [], "Welke successen vieren we?", 1, "003:555-557, 003:931"),
    _q(
        "Q-SL-4",
        "learning",
        "every_voice",
        ["democratic_skills"],
        "Welke vaardigheden missen we nog, zoals vergaderen, samen besluiten nemen of het gesprek leiden?",
        1,
        "003:367-368, 003:822-823",
    ),
]

# The order follows the bouwstenen of step 1 (003:208-216): DNA, zeggenschap, democratische waarden (kompas),
# realisatiekracht, samen leren.
QUESTIONS = [{**q, "order": (i + 1) * 10} for i, q in enumerate(_QUESTIONS)]


# ---------------------------------------------------------------------------------------------------------------
# Safeguard catalogue (spec §5.3). min_level: the lowest level of say at which the safeguard is mandatory;
# recommended_from: the spec's "S at n"; frequency_days: how often evidence is expected during step 3 (None for a
# one-off document or a setting).

SAFEGUARDS = [
    {
        "code": "G-IS-1",
        "compass_point": "every_voice",
        "title": "Online én offline meedoen",
        "description": "Bewoners kunnen op minstens één manier op een fysieke plek en op minstens één manier "
        "online meedoen. Online is een aanvulling op bijeenkomsten, geen vervanging.",
        "min_level": 2,
        "recommended_from": 1,
        "evidence": "Per participatieproces een lijst van de gebruikte kanalen, met minstens één offline en één "
        "online kanaal.",
        "frequency_days": None,
        "basis": "003:414-422",
    },
    {
        "code": "G-IS-2",
        "compass_point": "every_voice",
        "title": "Duidelijk namens wie wordt gesproken",
        "description": "Er staat op papier namens wie de wijkvertegenwoordiging spreekt en hoe zij daarvoor "
        "gemandateerd is.",
        "min_level": 2,
        "recommended_from": None,
        "evidence": "Een vastgelegde verklaring over de vertegenwoordiging (namens wie, hoe samengesteld en "
        "gemandateerd).",
        "frequency_days": None,
        "basis": "003:140-142, 003:379",
    },
    {
        "code": "G-IS-3",
        "compass_point": "every_voice",
        "title": "Brede raadpleging van de wijk",
        "description": "De hele wijk wordt geraadpleegd met een wijkpanel of iets vergelijkbaars. We kijken of de "
        "deelnemers een goede afspiegeling van de wijk zijn, vergeleken met de cijfers van het wijkkompas.",
        "min_level": 3,
        "recommended_from": None,
        "evidence": "De samenstelling van het wijkpanel en een overzicht van de afspiegeling ten opzichte van de "
        "wijkkompascijfers (inclusief zelfselectie).",
        "frequency_days": 365,
        "basis": "003:235-237, 003:675-676, 003:999-1000",
    },
    {
        "code": "G-IS-4",
        "compass_point": "every_voice",
        "title": "Een divers samengestelde groep die besluit",
        "description": "De groep die besluit wordt zo divers mogelijk samengesteld, bijvoorbeeld door loting of "
        "loting met aanvulling, of op een andere vastgelegde manier. We houden bij wie ‘ja’ en wie ‘nee’ zegt "
        "(zelfselectie).",
        "min_level": 3,
        "recommended_from": None,
        "evidence": "Het verslag van de loting of de beschreven andere werkwijze, met het aandeel mensen dat "
        "deelname heeft geaccepteerd.",
        "frequency_days": None,
        "basis": "003:769, 003:911-912, 003:994-997",
    },
    {
        "code": "G-IS-5",
        "compass_point": "every_voice",
        "title": "Ruimte voor minderheidsstandpunten",
        "description": "Bij besluiten wordt vastgelegd welke andere standpunten er waren, ook als het om een kleine "
        "groep gaat.",
        "min_level": 2,
        "recommended_from": None,
        "evidence": "Besluitverslagen waarin afwijkende standpunten en minderheidsstandpunten zijn opgenomen.",
        "frequency_days": 90,
        "basis": "003:355-356, 003:734",
    },
    {
        "code": "G-IS-6",
        "compass_point": "every_voice",
        "title": "Hulp bij vergaderen, besluiten en dialoog",
        "description": "Leden krijgen ondersteuning of training om te vergaderen, samen te besluiten en het gesprek "
        "te voeren.",
        "min_level": 3,
        "recommended_from": 2,
        "evidence": "Een leeractiviteit (training, begeleiding of oefenbijeenkomst) voor de leden.",
        "frequency_days": 365,
        "basis": "003:367-368, 003:822-823, 003:1017-1019",
    },
    {
        "code": "G-TR-1",
        "compass_point": "transparency",
        "title": "Openbare rolverdeling",
        "description": "Iedereen kan zien wie waarover spreekt en beslist, en wanneer, waar en hoe dat gebeurt.",
        "min_level": 1,
        "recommended_from": None,
        "evidence": "De gepubliceerde afspraken met de rol- en taakverdeling.",
        "frequency_days": None,
        "basis": "003:358, 003:623",
    },
    {
        "code": "G-TR-2",
        "compass_point": "transparency",
        "title": "Vooraf duidelijk wat er verwacht wordt",
        "description": "Voordat mensen meedoen, is bekend wat er gaat gebeuren en wat er van leden en deelnemers "
        "wordt verwacht.",
        "min_level": 1,
        "recommended_from": None,
        "evidence": "Een gepubliceerd document met de verwachtingen van leden en deelnemers.",
        "frequency_days": None,
        "basis": "003:1021-1023",
    },
    {
        "code": "G-TR-3",
        "compass_point": "transparency",
        "title": "Regelmatig laten zien wat er gebeurt",
        "description": "Besluiten en resultaten worden regelmatig gedeeld, bijvoorbeeld in een wijkkrant, op een "
        "maandelijkse bijeenkomst of online.",
        "min_level": 2,
        "recommended_from": None,
        "evidence": "Publicaties over besluiten en resultaten (wijkkrant, verslag van een bijeenkomst, online "
        "bericht).",
        "frequency_days": 90,
        "basis": "003:626-628, 003:990-991",
    },
    {
        "code": "G-TR-4",
        "compass_point": "transparency",
        "title": "Openbare vergaderingen en besluiten",
        "description": "Vergaderingen zijn openbaar en besluiten worden met hun onderbouwing gepubliceerd. Er wordt "
        "op vaste momenten besloten.",
        "min_level": 3,
        "recommended_from": None,
        "evidence": "Verslagen van openbare vergaderingen en gepubliceerde besluiten met onderbouwing, volgens een "
        "vast vergaderschema.",
        "frequency_days": 90,
        "basis": "003:644-646, 003:659-660, 003:1003-1004",
    },
    {
        "code": "G-TR-5",
        "compass_point": "transparency",
        "title": "Open begroting",
        "description": "De werkwijze en de begroting van het deel waarover de wijk beslist zijn voor iedereen "
        "inzichtelijk.",
        "min_level": 3,
        "recommended_from": None,
        "evidence": "Een openbaar overzicht van de begroting en de uitgaven voor het gemandateerde deel.",
        "frequency_days": 365,
        "basis": "003:359, 003:454-456",
    },
    {
        "code": "G-ZG-1",
        "compass_point": "say",
        "title": "Rolverdeling per onderwerp vastgelegd",
        "description": "Per onderwerp is vastgelegd wie regisseert, organiseert, beslist en uitvoert.",
        "min_level": 1,
        "recommended_from": None,
        "evidence": "De afspraken met een rol- en taakverdeling per onderwerp.",
        "frequency_days": None,
        "basis": "003:291-296, 003:524",
    },
    {
        "code": "G-ZG-2",
        "compass_point": "say",
        "title": "Afgesproken wie de agenda zet",
        "description": "Er is afgesproken wie bepaalt welke onderwerpen op de (wijk)agenda komen.",
        "min_level": 2,
        "recommended_from": None,
        "evidence": "De afspraken, met daarin wie de agenda zet.",
        "frequency_days": None,
        "basis": "003:371, 003:156",
    },
    {
        "code": "G-ZG-3",
        "compass_point": "say",
        "title": "Macht en tegenmacht",
        "description": "Het voorbereiden (bijvoorbeeld in een werkgroep) en het nemen van besluiten zijn gescheiden. "
        "Bewoners kunnen bezwaar maken en leden melden het als zij zelf belang hebben bij een besluit.",
        "min_level": 3,
        "recommended_from": None,
        "evidence": "De vastgelegde werkwijze (werkgroepen, bezwaarroute, melden van belangen) en de verslagen "
        "daarvan.",
        "frequency_days": None,
        "basis": "003:370, 003:1002-1004",
    },
    {
        "code": "G-ZG-4",
        "compass_point": "say",
        "title": "Verantwoording aan wijk en gemeente",
        "description": "De wijk legt regelmatig verantwoording af over wat zij heeft gedaan en besloten, zowel aan de "
        "wijk als aan de gemeente.",
        "min_level": 3,
        "recommended_from": None,
        "evidence": "Een verantwoordingsverslag, gedeeld met de wijk en met de gemeente.",
        "frequency_days": 365,
        "basis": "003:176, 003:646",
    },
    {
        "code": "G-ZG-5",
        "compass_point": "say",
        "title": "Besluit van de gemeenteraad over overdracht",
        "description": "Als taken, bevoegdheden of budgetten naar de wijk gaan, heeft de gemeenteraad daarover "
        "besloten.",
        "min_level": 3,
        "recommended_from": None,
        "evidence": "Een verwijzing naar het raadsbesluit over de overdracht.",
        "frequency_days": None,
        "basis": "003:83-87",
    },
    {
        "code": "G-GG-1",
        "compass_point": "good_conversation",
        "title": "Open gesprek vóór elk besluit",
        "description": "Voor elk besluit is er een open en toegankelijk gesprek waar iedereen aan mee kan doen.",
        "min_level": 2,
        "recommended_from": None,
        "evidence": "Verslagen van de open gesprekken die aan de besluiten voorafgingen.",
        "frequency_days": 90,
        "basis": "003:364, 003:987-988",
    },
    {
        "code": "G-GG-2",
        "compass_point": "good_conversation",
        "title": "Begeleiding van het gesprek",
        "description": "Het gesprek wordt begeleid door het gebiedsteam of door een onafhankelijke procesleider.",
        "min_level": 3,
        "recommended_from": 2,
        "evidence": "De aanwijzing van een gespreksbegeleider of procesleider.",
        "frequency_days": None,
        "basis": "003:491-495, 003:803-805",
    },
    {
        "code": "G-GG-3",
        "compass_point": "good_conversation",
        "title": "Kosten en opbrengst bekijken",
        "description": "Bij elke evaluatie kijken we hoeveel geld, tijd en energie het kost en of dat opweegt tegen "
        "wat het oplevert.",
        "min_level": 2,
        "recommended_from": None,
        "evidence": "Een evaluatieverslag met een afweging van kosten (geld, tijd, energie) en opbrengst.",
        "frequency_days": 365,
        "basis": "003:361-362",
    },
]


# ---------------------------------------------------------------------------------------------------------------
# Instruments named in the sources (spec §6). The level range is derived; it drives the instrument-fit check
# ("De te kiezen instrumenten moeten passen bij de rol die de wijk wil spelen en de mate van zeggenschap",
# 003:462-463).


def _i(code, name, description, level_min, level_max, compass_points, basis):
    return {
        "code": code,
        "name": name,
        "description": description,
        "level_min": level_min,
        "level_max": level_max,
        "compass_points": list(compass_points),
        "basis": basis,
    }


INSTRUMENTS = [
    _i(
        "inspraak",
        "Formele inspraak",
        "Bewoners gebruiken de formele inspraakmogelijkheden van de gemeente om hun mening te geven.",
        1,
        3,
        ["every_voice", "say"],
        "003:138-142, 003:297-298",
    ),
    _i(
        "wijkadvies",
        "Advies van de wijk",
        "Bewoners brengen advies uit over zaken die de wijk aangaan; college en raad betrekken dat bij hun afweging.",
        1,
        3,
        ["say"],
        "003:138-146, 003:297-298",
    ),
    _i(
        "wijkconvenant",
        "Wijkconvenant",
        "Het convenant tussen de gemeente en de bewonersorganisaties, de basis van het archetype ‘adviseren en "
        "inspreken’.",
        1,
        1,
        ["say"],
        "003:135-136, 003:542-543",
    ),
    _i(
        "wijkpanel",
        "Wijkpanel",
        "Een (digitaal) panel van wijkbewoners dat geraadpleegd wordt over zaken die de wijk aangaan.",
        1,
        3,
        ["every_voice", "say"],
        "003:233-237, 003:390, 003:694-700, 003:999-1000",
    ),
    _i(
        "stem_van_groningen",
        "Stem van Groningen",
        "Het online participatieplatform van de gemeente Groningen voor raadplegingen, ideeën en stemmingen.",
        1,
        3,
        ["every_voice", "transparency"],
        "003:390, 003:400-401, 003:426-430, 003:741-742",
    ),
    _i(
        "inloopmarkt",
        "Inloopmarkt",
        "Een laagdrempelige bijeenkomst waar bewoners kunnen binnenlopen om informatie te halen en hun mening te "
        "geven.",
        1,
        3,
        ["every_voice"],
        "003:390-392",
    ),
    _i(
        "kampvuurbijeenkomst",
        "Kampvuurbijeenkomst",
        "Een informele bijeenkomst in kleine kring waarin bewoners in gesprek gaan over de wijk.",
        1,
        3,
        ["every_voice", "good_conversation"],
        "003:390-392",
    ),
    _i(
        "buurtbijeenkomst",
        "Buurtbijeenkomst",
        "Een fysieke bijeenkomst in de buurt waar bewoners elkaar ontmoeten en meepraten.",
        1,
        3,
        ["every_voice", "good_conversation"],
        "003:390-392, 003:673-674, 003:697-698",
    ),
    _i(
        "loting",
        "Loting (met aanvulling)",
        "Leden van een wijkraad of panel worden door loting gekozen, eventueel aangevuld om groepen die ontbreken "
        "alsnog te betrekken.",
        2,
        3,
        ["every_voice"],
        "003:391, 003:762, 003:769, 003:911-912, 003:994-997",
    ),
    _i(
        "doeners_en_denkers",
        "Doeners en denkers werven",
        "Bewoners werven voor wat bij hen past: denkers voor thema’s en plannen, doeners voor het uitvoeren van "
        "activiteiten.",
        1,
        3,
        ["every_voice"],
        "003:380-385, 003:914-918",
    ),
    _i(
        "wijkagenda",
        "Wijkagenda",
        "De agenda met de thema’s en vraagstukken waar de wijk mee aan de slag wil, gemaakt in co-creatie.",
        1,
        3,
        ["say"],
        "003:45, 003:156, 003:168, 003:271, 003:515-516, 003:674",
    ),
    _i(
        "wijkkompas",
        "Wijkkompas",
        "Feiten en cijfers over de wijk, als basis voor de wijkanalyse en het gesprek over de wijk.",
        1,
        3,
        ["transparency"],
        "003:267-268, 003:280, 003:513",
    ),
    _i(
        "gebiedsprogramma",
        "Gebiedsprogramma",
        "Het programma per gebied in de gemeentebegroting, waarin punten van de wijkagenda een plek krijgen.",
        1,
        3,
        ["say", "transparency"],
        "003:149-150, 003:164-166, 003:462, 003:512-518",
    ),
    _i(
        "open_begroting",
        "Open begroting",
        "Een begroting waarin de gebiedsgerichte inzet van de gemeente per wijk en dorp zichtbaar is.",
        1,
        3,
        ["transparency"],
        "003:454-460",
    ),
    _i(
        "omgekeerd_right_to_challenge",
        "Omgekeerde Right to Challenge",
        "De gemeente biedt taken of budgetten aan die bewoners(collectieven) kunnen overnemen.",
        2,
        3,
        ["say"],
        "003:458, 003:489",
    ),
    _i(
        "right_to_challenge",
        "Right to Challenge",
        "Bewoners(collectieven) dagen de gemeente uit om een taak van haar over te nemen als zij die beter of "
        "goedkoper kunnen uitvoeren.",
        2,
        3,
        ["say"],
        "001:25",
    ),
    _i(
        "buurtbudget",
        "Buurtbudget (wijkbudget)",
        "Een eigen budget van de buurt of wijk waarover bewoners zelf beslissen en waarover zij verantwoording "
        "afleggen.",
        3,
        3,
        ["say", "transparency"],
        "003:278, 003:460-463, 003:842-843, 003:876, 001:221",
    ),
    _i(
        "burgerbegroting",
        "Burgerbegroting",
        "Bewoners beslissen zelf over de besteding van een deel van de gemeentebegroting voor hun wijk.",
        3,
        3,
        ["say", "transparency"],
        "003:460-463, 003:881-882",
    ),
    _i(
        "wijkdeal",
        "Wijkdeal",
        "Een set afspraken tussen bewoners, gemeente en partners over wat ieder in de wijk gaat doen.",
        2,
        3,
        ["say", "good_conversation"],
        "003:462, 003:615, 003:714-718",
    ),
    _i(
        "wijkbedrijf",
        "Wijkbedrijf",
        "Een bedrijf in de wijk dat praktische ondersteuning levert vanuit de kwaliteiten van de wijk, ook via "
        "basisbanen en participatie- of vrijwilligerstrajecten.",
        1,
        3,
        ["every_voice"],
        "003:495-502, 003:616, 003:884-885",
    ),
    _i(
        "ideeenronde",
        "Ideeënronde met stemming",
        "Bewoners dragen ideeën aan en stemmen over de besteding van geld aan projecten, zoals bij ‘Oosterpark, "
        "altijd een goed idee’.",
        3,
        3,
        ["say", "every_voice"],
        "003:1006-1011",
    ),
    _i(
        "werkgroep",
        "Werkgroep",
        "Een werkgroep die samen met de wijk besluiten voorbereidt met concrete acties.",
        2,
        3,
        ["say", "good_conversation"],
        "003:1002-1004",
    ),
    _i(
        "wijkkrant",
        "Wijkkrant",
        "Een krant of nieuwsbrief voor de hele wijk over besluiten, voortgang en resultaten.",
        1,
        3,
        ["transparency"],
        "003:626-628, 003:656",
    ),
    _i(
        "maandelijkse_bijeenkomst",
        "Maandelijkse bijeenkomst",
        "Een vaste bijeenkomst elke maand waarop besluiten en resultaten worden gedeeld en besproken.",
        1,
        3,
        ["transparency", "good_conversation"],
        "003:626-628, 003:656",
    ),
    _i(
        "procesleider",
        "Onafhankelijke procesleider",
        "Een onafhankelijke begeleider die het groepsproces faciliteert, adviseert en kan voorzitten en plannen.",
        1,
        3,
        ["good_conversation"],
        "003:302, 003:491-495, 003:920-922, 003:1017-1019",
    ),
    _i(
        "cooperatieve_wijkraad",
        "Coöperatieve wijkraad",
        "Een door loting samengestelde wijkraad die besluiten voor de wijk kan nemen, zoals in de Oosterparkwijk.",
        3,
        3,
        ["say", "every_voice"],
        "003:613, 003:695, 003:983-1023",
    ),
    _i(
        "participatieverordening",
        "Participatieverordening",
        "De verordening van de raad die vastlegt hoe bewoners in alle fasen van beleid kunnen meedoen en wat zij "
        "van de gemeente mogen verwachten.",
        1,
        3,
        ["transparency", "say"],
        "003:536-545",
    ),
    _i(
        "planning_en_control_cyclus",
        "Planning- en controlcyclus van de raad",
        "De jaarlijkse cyclus van voorjaarsnota, begroting, tussentijdse rapportage en jaarrekening.",
        1,
        3,
        ["transparency", "say"],
        "003:510-512",
    ),
    _i(
        "gebiedsteamcyclus",
        "Cyclus van het gebiedsteam",
        "Van wijkanalyse met het wijkkompas en het gesprek in de wijk naar gebiedsprogramma’s in de gemeentebegroting.",
        1,
        3,
        ["say"],
        "003:512-518",
    ),
    _i(
        "participatiewerkboek",
        "Groninger Participatiewerkboek",
        "Een werkboek met vormen van participatie en dialoog, als hulpmiddel bij het ontwerpen van een proces.",
        1,
        3,
        ["every_voice", "good_conversation"],
        "003:392, 003:431, 003:483",
    ),
    _i(
        "participatiegarage",
        "Participatiegarage",
        "Een multidisciplinair team dat adviseert over online en offline participatie voor een zorgvuldig "
        "democratisch proces.",
        1,
        3,
        ["every_voice", "good_conversation"],
        "003:437-439, 003:484",
    ),
    _i(
        "eerste_hulp_online_participatie",
        "Eerste Hulp bij Online Participatie",
        "Een brochure voor medewerkers over het goed organiseren van online participatie.",
        1,
        3,
        ["every_voice"],
        "003:436-437",
    ),
    _i(
        "leergang_democratisch_vakmanschap",
        "Leergang ambtelijk democratisch vakmanschap",
        "Een leergang voor ambtenaren om democratische en samenwerkingsvaardigheden te ontwikkelen.",
        1,
        3,
        ["good_conversation"],
        "003:481-485",
    ),
    _i(
        "wijkacademie",
        "Wijkacademie",
        "Een vorm om in de wijk of het dorp samen te leren, zoals in de Regiodeal Noord Groningen.",
        1,
        3,
        ["every_voice"],
        "003:554-555",
    ),
]


# ---------------------------------------------------------------------------------------------------------------
# Lessons from the appendix of 003 (spec §9.1-9.7): the evaluation of the five experiments. In the seed the tables
# lost their two columns ("Werkende bestanddeel" / "Bouwsteen toekomst"); the split follows the spec, which infers
# it from blank lines. Uncertain columns (spec §0.3): 003:664-666, 003:829-831, 003:833-834, 003:884-885.

A_KWARTIER = "A-kwartier"
CWR = "Coöperatieve Wijkraad Oosterparkwijk"
LEWENBORG = "Golvend Lewenborg"
WIJERT = "Wijkdeal de Wijert"
SELWERD = "Wijkbedrijf Selwerd"

_THEME_COMPASS = {
    "transparency": "transparency",
    "say": "say",
    "inclusion": "every_voice",
    "deliberation": "good_conversation",
    "checks_and_balances": "say",
    "connect_create_combine": "good_conversation",
}

_W = "working_ingredient"
_B = "future_building_block"
_F = "finding"


def _lessons(theme, rows):
    return [
        {
            "experiment": experiment,
            "theme": theme,
            "compass_point": _THEME_COMPASS[theme],
            "kind": kind,
            "text": text,
            "basis": basis,
        }
        for experiment, kind, text, basis in rows
    ]


def _outcome(compass_point, text, basis):
    return {
        "experiment": CWR,
        "theme": "outcome",
        "compass_point": compass_point,
        "kind": _F,
        "text": text,
        "basis": basis,
    }


LESSONS = [
    # §9.1 Transparantie (003:622-666)
    *_lessons(
        "transparency",
        [
            (
                None,
                _F,
                "Voor alle deelnemers moet het transparant zijn wie, wanneer, waar en hoe over spreekt en besluit.",
                "003:623",
            ),
            (
                None,
                _F,
                "Het maken van realistische afspraken is belangrijk zodat deze ook worden nagekomen. Het liefst in "
                "concrete en behapbare activiteiten.",
                "003:624-625",
            ),
            (
                None,
                _F,
                "Er zijn duidelijke kaders nodig waarbinnen helderheid is over de taak en rol(len) van de deelnemers.",
                "003:625-626",
            ),
            (
                None,
                _F,
                "Ook communicatie over besluitvorming moet transparant zijn. Dit kan met wijkkranten en maandelijkse "
                "bijeenkomsten zoals bij Golvend Lewenborg. Dit draagt ook bij aan het vergroten van de bekendheid "
                "zoals de Wijkdeal de Wijert voorstelt.",
                "003:626-628",
            ),
            (A_KWARTIER, _W, "Realistische afspraken maken en nakomen.", "003:636"),
            (A_KWARTIER, _W, "Berichtgeving: toegankelijk voor iedereen.", "003:637"),
            (A_KWARTIER, _W, "Zichtbare resultaten.", "003:638"),
            (A_KWARTIER, _B, "Realistische afspraken maken en nakomen.", "003:640"),
            (A_KWARTIER, _B, "Korte lijnen.", "003:641"),
            (CWR, _W, "Concrete en behapbare activiteiten.", "003:643"),
            (CWR, _W, "Openbare vergaderingen, transparante besluitvorming.", "003:644-645"),
            (CWR, _W, "Verantwoording aan de wijk.", "003:646"),
            (CWR, _B, "Tijdige en duidelijke communicatie.", "003:648"),
            (CWR, _B, "Helderheid over de taak, rol(len) van de CWR.", "003:649-650"),
            (CWR, _B, "Stel experimenteerruimte en heldere kaders samen vast.", "003:651-652"),
            (CWR, _B, "Bekendheid CWR en haar activiteiten.", "003:653"),
            (CWR, _B, "Zichtbare resultaten.", "003:654"),
            (LEWENBORG, _W, "Wijkkrant en maandelijkse bijeenkomsten.", "003:656"),
            (LEWENBORG, _B, "Wijkkrant en maandelijkse bijeenkomsten.", "003:656"),
            (WIJERT, _W, "De werkwijzen zijn helder.", "003:658"),
            (WIJERT, _W, "Besluitvorming en voortgang vinden plaats op een vast tijdstip.", "003:659-660"),
            (WIJERT, _B, "Het vergroten van de bekendheid.", "003:662"),
            # Column uncertain (no blank line in the seed); the spec reads it as the working ingredient.
            (SELWERD, _W, "Realistische afspraken maken.", "003:664"),
            (SELWERD, _W, "Korte lijnen.", "003:665"),
            (SELWERD, _W, "Duidelijke kaders voor de werkwijze.", "003:666"),
        ],
    ),
    # §9.2 Zeggenschap (003:667-731)
    *_lessons(
        "say",
        [
            (
                None,
                _F,
                "Het is belangrijk om wijkbewoners vanaf het begin te betrekken bij het maken van plannen.",
                "003:668",
            ),
            (
                None,
                _F,
                "Uit het experiment van Golvend Lewenborg blijkt dat bewoners graag worden uitgenodigd om mee te "
                "denken over wijkthema’s en activiteiten. Dit zien we in meerdere experimenten terug.",
                "003:668-670",
            ),
            (
                None,
                _F,
                "Ook de Wijkdeal heeft goede ervaringen met bewoners die vanaf het begin gelijkwaardig worden "
                "betrokken bij nieuwe plannen en projecten.",
                "003:670-672",
            ),
            (
                None,
                _F,
                "Als bouwsteen voor de toekomst geven meerdere experimenten mee dat wijkbewoners meer invloed willen "
                "op de grotere vragen die spelen. Dit kan door fysieke bijeenkomsten waar de wijkagenda in "
                "co-creatie wordt gemaakt met bewoners en netwerken. Maar ook zoals de CWR voorstelt om meer met "
                "wijkraadpleging te doen door uitbreiding van het wijkpanel en de digitale mogelijkheden.",
                "003:672-676",
            ),
            (A_KWARTIER, _W, "De gedeelde visie als startpunt voor de veranderingen.", "003:687-688"),
            (
                A_KWARTIER,
                _B,
                "De gedeelde visie op het totale herinrichtingsproces bijstellen, verder ontwikkelen met alle "
                "belanghebbenden.",
                "003:690-692",
            ),
            (CWR, _W, "Het wijkpanel.", "003:694"),
            (CWR, _W, "CWR besluiten voor de wijk kan nemen.", "003:695"),
            (
                CWR,
                _B,
                "Fysieke bijeenkomsten aan de hand van de wijkagenda of andere thema’s die spelen.",
                "003:697-698",
            ),
            (CWR, _B, "Wijkraadpleging, breid het wijkpanel en de digitale mogelijkheden uit.", "003:699-700"),
            (CWR, _B, "Co-creatie.", "003:701"),
            (LEWENBORG, _W, "Deelnemers en wijkbewoners denken mee over uitvoering activiteiten.", "003:703-704"),
            (LEWENBORG, _W, "Bewoners worden uitgenodigd mee te denken over wijkthema’s.", "003:705-706"),
            (LEWENBORG, _B, "De wijkagenda in co-creatie maken en uitvoeren.", "003:708-709"),
            (
                LEWENBORG,
                _B,
                "Grotere vragen die spelen kunnen samen met wijkbewoners en de netwerken worden aangepakt.",
                "003:710-712",
            ),
            (WIJERT, _W, "Gelijkwaardigheid en waardering.", "003:714"),
            (WIJERT, _W, "De mensen voelen zich thuis bij de Wijkdeal.", "003:715"),
            (WIJERT, _W, "De opzet van de Wijkdeal.", "003:716"),
            (
                WIJERT,
                _W,
                "Het betrekken van de bewoners vanaf het begin en bij nieuwe plannen en projecten.",
                "003:717-718",
            ),
            (WIJERT, _B, "De wijkagenda in co-creatie maken en uitvoeren.", "003:720-721"),
            (
                WIJERT,
                _B,
                "Grotere vragen die spelen kunnen samen met wijkbewoners en de netwerken worden aangepakt.",
                "003:722-724",
            ),
            (SELWERD, _W, "Wederkerigheid als basis.", "003:726"),
            (
                SELWERD,
                _B,
                "Invloed van de wijk op de grotere/strategische beslissingen voor de wijk vergroten.",
                "003:729-731",
            ),
        ],
    ),
    # §9.3 Inclusie (003:732-790)
    *_lessons(
        "inclusion",
        [
            (None, _F, "Bij inclusie gaat het erom of alle betrokkenen een stem in het proces hebben.", "003:733"),
            (
                None,
                _F,
                "De vorm waarin mensen worden betrokken moet bij hen passen en er moet ook ruimte zijn voor "
                "minderheidsbelang.",
                "003:733-734",
            ),
            (
                None,
                _F,
                "Uit veel experimenten blijkt dat, zoals bij Golvend Lewenborg, een laagdrempelige fysieke plek handig "
                "is. Zo is er direct en persoonlijk contact met buurtbewoners.",
                "003:735-736",
            ),
            (
                None,
                _F,
                "Ook het centraal stellen van bewoners wordt vaak naar voren gebracht. Zoals bij de Wijkdeal waar ze "
                "bij de doorontwikkeling de hele wijk willen betrekken bij het experiment.",
                "003:736-738",
            ),
            (
                None,
                _F,
                "Als bouwsteen voor de toekomst is het advies om meer te investeren in de samenwerking met "
                "verschillende organisaties.",
                "003:738-739",
            ),
            (
                None,
                _F,
                "Ook het betrekken van nieuwe diverse groepen, zoals jongeren, wordt vaker genoemd. Dit kan door zoals "
                "de CWR heeft gedaan door mensen direct mensen aan te spreken, loting en digitale mogelijkheden zoals "
                "het online participatieplatform de Stem van Groningen.",
                "003:739-742",
            ),
            (A_KWARTIER, _W, "De aandacht van de gemeente voor thema’s van de buurtbewoners.", "003:753-754"),
            (
                A_KWARTIER,
                _B,
                "Investeren in verbinding tussen de bewoners en partners en in het samenspel gemeente en wijkbewoners.",
                "003:756-758",
            ),
            (CWR, _W, "Samenwerken met verschillende groepen.", "003:760-761"),
            (CWR, _W, "Loting en direct aanspreken.", "003:762"),
            (CWR, _W, "Groot bereik online.", "003:763"),
            (CWR, _B, "Betrokkenheid van nieuwe groepen.", "003:765"),
            (CWR, _B, "Innovatie.", "003:766"),
            (CWR, _B, "Samenwerken.", "003:767"),
            (CWR, _B, "Meer zichtbaar.", "003:768"),
            (CWR, _B, "Loting met aanvulling.", "003:769"),
            (CWR, _B, "Digitale mogelijkheden uitbreiden.", "003:770"),
            (LEWENBORG, _W, "Fysieke, laagdrempelige plek.", "003:772"),
            (LEWENBORG, _W, "Direct en persoonlijk contact met buurtbewoners.", "003:773-774"),
            (LEWENBORG, _W, "Veel verschillende soorten activiteiten.", "003:775-776"),
            (LEWENBORG, _B, "De samenwerking met verschillende organisaties verbreden en verdiepen.", "003:778-779"),
            (
                LEWENBORG,
                _B,
                "Investeren in het enthousiasmeren en activeren van diverse groepen in de wijk.",
                "003:780-781",
            ),
            (WIJERT, _W, "Het centraal stellen van de bewoners.", "003:783"),
            (WIJERT, _B, "De hele wijk betrekken bij het experiment.", "003:783"),
            (SELWERD, _W, "Olievlekwerking.", "003:785"),
            (SELWERD, _W, "Betrekken van anderen.", "003:786"),
            (SELWERD, _W, "Het centraal stellen van de bewoners.", "003:787"),
            (SELWERD, _B, "Meer investeren in de samenwerking.", "003:789"),
            (SELWERD, _B, "Diversiteit bevorderen.", "003:790"),
        ],
    ),
    # §9.4 Deliberatie (003:797-834). Selwerd has no row.
    *_lessons(
        "deliberation",
        [
            (
                None,
                _F,
                "Bij deliberatie hoort de wijze van dialoog, discussie en besluitvorming zuiver te zijn.",
                "003:798",
            ),
            (
                None,
                _F,
                "Het gesprek is open en toegankelijk voor iedereen. Dit vraagt, zoals Herontwikkeling A-kwartier het "
                "stelt, om blijvend te luisteren naar elkaar en de inbreng van bewoners serieus te nemen.",
                "003:798-800",
            ),
            (
                None,
                _F,
                "Volgens de CWR moet de vergader-, besluit- en dialoogvaardigheden in de wijk verder worden "
                "vormgegeven.",
                "003:800-801",
            ),
            (
                None,
                _F,
                "En zoals de Wijkdeal heeft aangegeven is dat de kwaliteit van de communicatie in overleggen en "
                "tweegesprekken erg belangrijk.",
                "003:801-803",
            ),
            (
                None,
                _F,
                # The seed reads "Zeker zwanneer en beleidsmatiger"; corrected as in the spec.
                "Deliberatieve processen in de wijk vragen om goede dialoogbegeleiding. Zeker wanneer er "
                "beleidsmatiger en gestructureerder wordt gewerkt aan grotere thema’s.",
                "003:803-805",
            ),
            (A_KWARTIER, _W, "Het luisteren naar elkaar.", "003:815"),
            (
                A_KWARTIER,
                _B,
                "Blijven luisteren naar elkaar en inbreng van bewoners serieus blijven nemen.",
                "003:815-816",
            ),
            (CWR, _W, "Midden in de wijk staan.", "003:818"),
            (CWR, _W, "Samen de standpunten onderzoeken en besluiten.", "003:819-820"),
            (CWR, _B, "Vergroot vergader-, besluit- en dialoogvaardigheden.", "003:822-823"),
            (CWR, _B, "Deliberatieve proces in de wijk vormgeven.", "003:824"),
            (CWR, _B, "Goede dialoogbegeleiding.", "003:825"),
            (CWR, _B, "Samen met anderen formuleren van de wijkagenda.", "003:826-827"),
            # Column uncertain; the spec reads it as a building block for the future.
            (
                LEWENBORG,
                _B,
                "Wanneer er beleidsmatiger en gestructureerder wordt gewerkt en met grotere thema’s wordt deliberatie "
                "belangrijker.",
                "003:829-831",
            ),
            # Column uncertain; the spec reads it as a working ingredient.
            (WIJERT, _W, "Kwaliteit van de communicatie in overleggen en tweegesprekken.", "003:833-834"),
        ],
    ),
    # §9.5 Checks and Balances (003:835-885)
    *_lessons(
        "checks_and_balances",
        [
            (
                None,
                _F,
                "In meerdere experimenten kwam naar voren dat een goed gestructureerde samenwerking met professionele "
                "netwerken, de gemeente (het gebiedsteam) en organisaties nodig is.",
                "003:836-837",
            ),
            (
                None,
                _F,
                "Zo ziet de CWR graag dat de gemeente het co-creatieproces gaat faciliteren en tijd en ruimte geeft "
                "om te experimenteren.",
                "003:837-839",
            ),
            (
                None,
                _F,
                "Het A-kwartier wil zich blijven inzetten op gedeelde verantwoordelijkheid met bewoners en "
                "ondernemers zowel in uitvoering en beheer.",
                "003:839-840",
            ),
            (
                None,
                _F,
                "Het nemen van eigen verantwoordelijkheid vraagt volgens de CWR om een gedragsverandering van "
                "bewoners.",
                "003:840-841",
            ),
            (
                None,
                _F,
                "En zoals Golvend Lewenborg en de Wijkdeal voorstellen hoort bij deze verantwoordelijkheid ook eigen "
                "wijkbudgetten.",
                "003:841-843",
            ),
            (
                None,
                _F,
                "Wijkdeal de Wijert en Wijkbedrijf Selwerd hebben gemerkt dat het creëren van (participatie)banen ten "
                "goede komt aan de wijk.",
                "003:843-844",
            ),
            (A_KWARTIER, _W, "Trots.", "003:853"),
            (A_KWARTIER, _W, "Een gevoel van veiligheid en saamhorigheid tussen de bewoners.", "003:854-855"),
            (A_KWARTIER, _W, "Samen leren.", "003:856"),
            (A_KWARTIER, _W, "Het delen van de ervaringen.", "003:857"),
            (
                A_KWARTIER,
                _B,
                "Uitvoering en beheer van de vernieuwingen blijven een gedeelde verantwoordelijkheid.",
                "003:859-860",
            ),
            (CWR, _W, "De democratische leerschool.", "003:862"),
            (CWR, _B, "Tijd en ruimte voor experimenteren.", "003:862"),
            (CWR, _B, "Gedragsverandering aangaande eigenaarschap van wijkbewoners.", "003:863-864"),
            (CWR, _B, "Gemeente kan het co-creatieproces faciliteren.", "003:865-866"),
            (
                LEWENBORG,
                _W,
                "Goede en gestructureerde samenwerking met professionele netwerken, de gemeente (het gebiedsteam) & "
                "organisaties.",
                "003:868-870",
            ),
            (
                LEWENBORG,
                _W,
                "De voorwaarde voor nieuwe activiteiten waarin betrokkenheid en verantwoordelijkheid wijkbewoners "
                "geregeld is.",
                "003:871-874",
            ),
            (LEWENBORG, _B, "Eigen wijkbudget met meer speelruimte.", "003:876"),
            (
                WIJERT,
                _W,
                "Het gezamenlijk met partners creëren van (participatie) banen voor wijkbewoners.",
                "003:878-879",
            ),
            (WIJERT, _B, "Burgerbudgetten en verantwoordelijkheid nemen voor de financiën.", "003:881-882"),
            # Columns uncertain (no blank line in the seed); split as in the spec.
            (SELWERD, _W, "Het creëren van (participatie)banen.", "003:884"),
            (SELWERD, _B, "De banen komen ook ten goede aan de wijk.", "003:885"),
        ],
    ),
    # §9.6 Connect, creëer en combineer: organisational lessons (003:886-982)
    *_lessons(
        "connect_create_combine",
        [
            (
                None,
                _F,
                "Uit de evaluatie blijkt dat verbinding en samenspel tussen wijkbewoners en gemeente erg belangrijk "
                "is. En dat in een zo vroeg mogelijk stadium van visievorming.",
                "003:888-889",
            ),
            (
                None,
                _F,
                "Het proces vergt een lange adem en kost energie, maar levert ook veel enthousiasme en verbondenheid "
                "op.",
                "003:889-890",
            ),
            (
                None,
                _F,
                "De verbinding die verschillende personen met elkaar aangaan is van groot belang. Wijkbewoners, "
                "ambtenaren, projectleiders die een band hebben met elkaar werken aan wederzijds vertrouwen.",
                "003:890-892",
            ),
            (
                None,
                _F,
                "Daar waar vanuit de gemeente een knip wordt gezet tussen het ontwikkelen van de gezamenlijke visie en "
                "de uitvoering wordt het samenspel doorbroken en de relatie geschaad.",
                "003:892-894",
            ),
            # Eindbeschouwing: alle belanghebbenden, het hele systeem, moeten betrokken zijn (003:896-897).
            (None, _F, "Verbind de politiek, de ambtelijke wereld en die van de wijk met elkaar.", "003:899"),
            (None, _F, "Vertrouwen hebben dat je samen het goede bedenkt voor de wijk.", "003:900"),
            (None, _F, "Samen een gewenste toekomst formuleren EN uitvoeren.", "003:901"),
            (None, _F, "Werk de visie uit in concrete en behapbare plannen.", "003:902"),
            (
                None,
                _F,
                "Leer met elkaar tijdens de uitvoering daarvan. Experimenteer en blijf er plezier in houden.",
                "003:903",
            ),
            # Positive practices (003:905-935).
            (
                None,
                _F,
                "Zorg voor een zich uitbreidende groep actieve buurtbewoners die op basis van motivatie en aanwezige "
                "kwaliteiten hun bijdrage willen leveren. Streef naar diversiteit en overweeg het lotingsprincipe.",
                "003:909-912",
            ),
            (
                None,
                _F,
                "Maak een onderscheid tussen “Doeners” en “Denkers” werf in beide groepen genoeg mensen en zet ze in "
                "op de juiste plekken. “Denkers” zijn nodig wanneer nagedacht moet worden over de keuze van "
                "wijkthema’s om met elkaar inzet op te leveren en hoe het thema te vertalen naar plannen en acties. "
                "“Doeners” zijn onmisbaar en goud waard bij het initiëren en uitvoeren van activiteiten voor de buurt.",
                "003:914-918",
            ),
            (
                None,
                _F,
                "Overweeg het inschakelen van professionals wanneer het aankomt op vlotte en effectieve communicatie- "
                "en besluitvorming procedure. Kies een goede professional die bij je experiment past.",
                "003:920-922",
            ),
            (
                None,
                _F,
                "Bekijk de optie van het creëren van (participatie)-banen met partners samen. Het draagt in het "
                "bijzonder bij aan de activering, trots en het zelfvertrouwen van bewoners en heeft een positieve "
                "uitstraling in de hele wijk.",
                "003:924-926",
            ),
            (
                None,
                _F,
                "Communiceer met alle betrokken partijen laat van je zien en horen. Maak gebruik van nieuwe digitale "
                "mogelijkheden.",
                "003:928-929",
            ),
            (
                None,
                _F,
                "Maak gehaalde successen zichtbaar en zet mensen in het zonnetje. Maak samen goede afspraken over de "
                "waardering en vergoeding van vrijwilligers.",
                "003:931-932",
            ),
            (
                None,
                _F,
                "Breid het handelingsrepertoire uit en onderzoek nieuwe rollen voor ambtenaren en politici voor een "
                "goed co-creatieproces.",
                "003:934-935",
            ),
            (A_KWARTIER, _W, "Actieve opstelling van de bewoners.", "003:951"),
            (A_KWARTIER, _W, "Waardering voor actieve bewoners.", "003:952"),
            (A_KWARTIER, _B, "Een gedeelde visie op de hele wijk gezamenlijk ontwerpen.", "003:954-955"),
            (CWR, _W, "Samen leren en ontwikkelen.", "003:957"),
            (CWR, _B, "Continu aandacht voor samen leren en ontwikkelen.", "003:957-958"),
            (CWR, _B, "Samen activiteiten organiseren die zorgen voor verbinding.", "003:959-960"),
            (LEWENBORG, _W, "Voortdurende enthousiaste inzet van de vrijwilligers van de kopgroep.", "003:962-963"),
            (
                LEWENBORG,
                _B,
                "De doe democratie is sterk en lijkt belangrijk in het voortbestaan van Lewenborg.",
                "003:965-967",
            ),
            (LEWENBORG, _B, "De co-creatie op grotere thema’s en wijkbudget vraagt aandacht.", "003:967-968"),
            (WIJERT, _W, "Het gebruik maken van elkaars expertise.", "003:970"),
            (WIJERT, _W, "De lerende organisatie.", "003:971"),
            (WIJERT, _W, "Professionele ondersteuning bij communicatie en Besluitvormingsprocessen.", "003:972-973"),
            (
                WIJERT,
                _B,
                "Het leren, vooral in de vorm van uitproberen van initiatieven verdient blijvende aandacht en "
                "facilitering.",
                "003:975-977",
            ),
            (SELWERD, _W, "Actieve opstelling van de bewoners.", "003:979"),
            (SELWERD, _W, "Waardering voor de actieve bewoners.", "003:980"),
            (SELWERD, _B, "Mensen ook mee laten denken.", "003:982"),
        ],
    ),
    # §9.7 Coöperatieve Wijkraad Oosterparkwijk: outcome evaluation by Bureau Breuer Intraval and OIS Groningen
    # (003:983-1023). Compass point: best fit per finding.
    _outcome(
        "say",
        "Uit dit onderzoek blijkt dat het nemen van goede besluiten (resultaat) door de CWR deels is gerealiseerd.",
        "003:986-987",
    ),
    _outcome(
        "good_conversation",
        "Meer mensen vinden dat er voldoende (goed) overleg heeft plaatsgevonden voordat er besluiten zijn genomen.",
        "003:987-988",
    ),
    _outcome(
        "every_voice",
        "Het betrekken van genoeg (verschillende) wijkbewoners bij het nemen van besluiten en het begrip voor de "
        "beslissingen van de CWR gaan de goede kant op (maar is niet statistisch significant).",
        "003:988-990",
    ),
    _outcome(
        "transparency",
        "Aandachtspunt is het vergroten van de zichtbaarheid in de wijk. Dit kan door regelmatig positieve resultaten "
        "te laten zien.",
        "003:990-991",
    ),
    # Werkzame bestanddelen uit de procesevaluatie (003:991-992).
    _outcome(
        "every_voice",
        "Het lotingssysteem heeft een divers samengestelde CWR opgeleverd waardoor verschillende en andersoortige "
        "meningen naar voren zijn gekomen. Kanttekeningen hierbij zijn dat het in een diverse groep lastiger is om "
        "het eens te worden. En niet iedereen zegt bij loting ‘ja’ voor deelname waardoor er sprake is van een vorm "
        "van ‘zelfselectie’.",
        "003:994-997",
    ),
    _outcome(
        "every_voice",
        "Het wijkpanel is een veelbelovend instrument om wijkbewoners (digitaal) te consulteren over zaken die de "
        "wijk aangaan. Kanttekening is dat ook hier sprake kan zijn van ‘zelfselectie’.",
        "003:999-1000",
    ),
    _outcome(
        "say",
        "Werkgroepen die samen met de wijk besluiten voorbereiden met concrete acties lijken goed te werken. "
        "Aandachtspunt hierbij is dat het op een goede wijze delen van informatie tijdens openbare vergaderingen "
        "belangrijk is.",
        "003:1002-1004",
    ),
    _outcome(
        "say",
        "Om de verbinding met de wijk te verbeteren is een website om ideeën te verzamelen en te stemmen een stap in "
        "de goede richting. Via ‘Oosterpark, altijd een goed idee’ zijn ideeën verzameld en hebben wijkbewoners "
        "kunnen meebeslissen over de besteding van geld aan projecten. Kanttekening hierbij is dat de activiteiten "
        "(nog) meer kunnen worden afgestemd op zoveel mogelijk wijkbewoners. De samenwerking met andere instanties, "
        "organisaties en partijen in de wijk draagt hieraan bij.",
        "003:1006-1011",
    ),
    _outcome(
        "good_conversation",
        "De ‘aanloopfase’ in het opstartjaar was veel intern gericht waardoor het ‘werkplezier’ niet voor iedereen "
        "voldoende was. Werkplezier is een belangrijk fundament als basis voor verdere samenwerking.",
        "003:1013-1015",
    ),
    _outcome(
        "every_voice",
        "Mede omdat ingelote wijkbewoners onervaren zijn met vergaderen wordt teruggevallen op (reeds lang) "
        "bestaande overlegstructuren. Een ervaren projectleider van buitenaf kan bijdragen aan alternatieve "
        "overlegvormen.",
        "003:1017-1019",
    ),
    _outcome(
        "transparency",
        "Het experiment leert ons dat het vooraf duidelijk moet zijn wat er gaat gebeuren en wat er van de leden "
        "wordt verwacht. Dit vraagt een goede begeleiding van de gemeente en/of externe partij(en).",
        "003:1021-1023",
    ),
]
