"""Demo neighbourhood agendas (wijkagenda's) and area programmes, one agenda for each demo
wijk or dorp with a trajectory, built after the agreements demo and through the same
services as the pages:

- Oosterparkwijk: the agreement is in force. The Coöperatieve Wijkraad adopts items under
  the wijkbudget on its own and items under "Groen en spelen" together with the area team;
  parking is city-wide and waits for the college. Three items are in the area programme for
  next year (with budgets), one is left out with a published reason, one was not adopted.
- Marum: the agreement is in force; Dorpsbelangen Marum and the municipality decide together.
- Noorddijk e.o. (Lewenborg): the agreement waits for the council, so the area team adopts.
- Noordwest and Helpman: no agreement in force yet; items proposed and worked out.

Items come from the DNA profile (DNA-3), from residents and from the municipality. Some
actions are late. Call `load` after `agreements_demo.load`."""

import datetime

from django.utils import timezone

from samenspel.agenda import deciding, services
from samenspel.agenda.models import AgendaStatus, NeighbourhoodAgenda
from samenspel.places.models import DnaItem


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _dna(place, starts_with: str) -> DnaItem:
    return DnaItem.objects.get(place=place, text__startswith=starts_with)


def _scope(place, title: str):
    version = deciding.agreement_in_force(place)
    return version.scope_items.get(title=title)


def _agenda(user, place, year: int, introduction: str):
    return services.create_agenda(
        user=user,
        place=place,
        title=f"Wijkagenda {place.name} {year}" if place.kind == "wijk" else f"Dorpsagenda {place.name} {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        introduction=introduction,
    )


def _actions(user, item, actions):
    """actions: (title, owner side, owner name, due in days, done on in days or None)."""
    for title, side, owner, due, done in actions:
        action = services.add_action(
            user=user, item=item, title=title, owner_side=side, owner_name=owner, due_date=_days(due)
        )
        if done is not None:
            services.set_action_status(user=user, action=action, status="done", done_on=_days(done))


def load(users: dict, places: dict, organisations: dict) -> int:
    """Returns the number of agendas made; makes none when there already are agendas."""
    if NeighbourhoodAgenda.objects.exists():
        return 0
    year = timezone.localdate().year + 1
    official = users["fatima@gemeente-groningen.example"]
    facilitator = users["joost@procesbegeleiding.example"]
    sanne = users["sanne@oosterpark.example"]
    erik = users["erik@oosterpark.example"]
    anouk = users["anouk@oosterpark.example"]
    mohammed = users["mohammed@noordwest.example"]
    ria = users["ria@lewenborg.example"]
    gerda = users["gerda@marum.example"]
    henk = users["henk@gemeente-westerkwartier.example"]
    fatima_for_gemeente = "Fatima Bakker, gebiedsteam Groningen"
    sanne_for_wijk = "Sanne de Vries, Coöperatieve Wijkraad Oosterparkwijk"

    # --- Oosterparkwijk: the agreement is in force ------------------------------------------
    oosterpark = places["WK001404"]
    agenda = _agenda(
        official,
        oosterpark,
        year,
        "Wat de Oosterparkwijk het komende jaar wil aanpakken. Punten uit het wijkprofiel, ideeën van bewoners en "
        "plannen van de gemeente. De Coöperatieve Wijkraad stelt vast wat onder het wijkbudget valt; over groen en "
        "spelen besluiten wijk en gemeente samen.",
    )
    wijkbudget = _scope(oosterpark, "Wijkbudget Oosterparkwijk")
    groen = _scope(oosterpark, "Groen en spelen in de wijk")
    verkeer = _scope(oosterpark, "Verkeer en parkeren")
    programme = services.create_programme(
        user=official,
        place=oosterpark,
        year=year,
        title=f"Gebiedsprogramma Oosterparkwijk {year}",
        description="Wat de gemeente in de Oosterparkwijk doet, met het geld uit de gemeentebegroting. Vastgestelde "
        "punten van de wijkagenda krijgen hier een plek.",
    )

    jongeren = services.promote_dna_item(
        user=erik,
        dna_item=_dna(oosterpark, "Jongeren hebben"),
        agenda=agenda,
        title="Een eigen plek voor jongeren in de avond",
    )
    services.work_out(
        user=facilitator,
        item=jongeren,
        description="Een jongerenruimte in het buurthuis, twee avonden per week open, met jongerenwerk van WIJ "
        "Groningen. Jongeren richten de ruimte zelf in en bepalen mee wat er gebeurt.",
        ownership=2,
        scope_item=wijkbudget,
    )
    services.adopt_item(
        user=sanne,
        item=jongeren,
        reason="Jongeren misten een plek; dit kwam in het wijkpanel en aan de praattafels steeds terug.",
        decided_on=_days(-45),
    )
    services.take_up_in_programme(
        user=official,
        item=jongeren,
        programme=programme,
        description="Jongerenruimte in het buurthuis: inrichting en jongerenwerk op twee avonden per week",
        budget_cents=4_500_000,
    )
    _actions(
        official,
        jongeren,
        [
            ("Jongeren uitnodigen voor een ontwerpavond", "wijk", "werkgroep Jongeren", -10, None),
            ("Afspraken over openingstijden en sleutelbeheer", "partner", "Buurthuis Oosterpark", 30, None),
            ("Jongerenwerker voor twee avonden inroosteren", "partner", "WIJ Groningen", 60, None),
        ],
    )

    renovatie = services.promote_dna_item(
        user=sanne,
        dna_item=_dna(oosterpark, "De renovatie van huurwoningen"),
        agenda=agenda,
        title="Bewoners richten samen de straten in na de renovatie",
    )
    services.work_out(
        user=official,
        item=renovatie,
        description="Na de renovatie van de huurwoningen in de Oosterparkstraten worden straten en tuinen opnieuw "
        "ingericht. Bewoners ontwerpen mee met de gemeente en de woningcorporatie: meer groen, minder tegels, "
        "plekken om te spelen.",
        ownership=3,
        scope_item=groen,
    )
    services.adopt_item(
        user=sanne,
        item=renovatie,
        reason="Een kans die maar één keer komt; wijk en gemeente willen dit samen doen.",
        decided_on=_days(-45),
        together_with=fatima_for_gemeente,
    )
    services.take_up_in_programme(
        user=official,
        item=renovatie,
        programme=programme,
        description="Groene herinrichting van de straten na de renovatie, ontworpen met bewoners",
        budget_cents=12_000_000,
    )
    _actions(
        official,
        renovatie,
        [
            ("Ontwerpavonden met bewoners plannen", "gemeente", "gebiedsteam", -5, None),
            ("Planning van de renovatie afstemmen", "partner", "woningcorporatie", 45, None),
        ],
    )

    bankjes = services.propose_item(
        user=anouk,
        agenda=agenda,
        title="Meer bankjes en schaduw in het Oosterpark",
        description="Ouderen en ouders met kleine kinderen kunnen in het park nergens in de schaduw zitten.",
        origin="other",
    )
    services.work_out(
        user=erik,
        item=bankjes,
        description="Tien bankjes langs de paden en bij de speeltuin, en zes schaduwbomen. Bewoners kiezen de "
        "plekken tijdens een wandeling door het park.",
        ownership=2,
        scope_item=groen,
    )
    services.adopt_item(
        user=official,
        item=bankjes,
        reason="Eenvoudig, snel te doen en goed voor ouderen en jonge gezinnen.",
        decided_on=_days(-40),
        together_with=sanne_for_wijk,
    )
    services.take_up_in_programme(
        user=official,
        item=bankjes,
        programme=programme,
        description="Tien bankjes en zes schaduwbomen in het Oosterpark",
        budget_cents=3_850_000,
    )
    _actions(
        official,
        bankjes,
        [
            ("Wandeling met bewoners om de plekken te kiezen", "wijk", "werkgroep Groen", -20, -21),
            ("Bankjes bestellen", "gemeente", "Stadsbeheer", -3, None),
            ("Bomen planten in het plantseizoen", "gemeente", "Stadsbeheer", 120, None),
        ],
    )

    speeltuin = services.propose_item(
        user=anouk,
        agenda=agenda,
        title="Nieuwe toestellen voor de speeltuin",
        description="De toestellen in de speeltuin van het Oosterpark zijn oud en een paar zijn afgezet.",
        origin="other",
    )
    services.work_out(
        user=facilitator,
        item=speeltuin,
        description="Drie nieuwe toestellen, gekozen met de kinderen van de twee basisscholen. De speeltuinvereniging "
        "blijft eigenaar en beheert de speeltuin.",
        ownership=2,
        scope_item=wijkbudget,
    )
    services.adopt_item(
        user=sanne,
        item=speeltuin,
        reason="De speeltuin is het hart van het park voor gezinnen.",
        decided_on=_days(-45),
    )
    services.leave_out_of_programme(
        user=official,
        item=speeltuin,
        reason="Niet in het gebiedsprogramma: de speeltuinvereniging vraagt eerst een bijdrage uit het wijkbudget en "
        "fondsen aan. Als dat niet genoeg is, komt het terug bij het programma van het jaar erna.",
    )
    _actions(
        official,
        speeltuin,
        [("Aanvraag bij het wijkbudget indienen", "wijk", "Speeltuinvereniging Oosterpark", 21, None)],
    )

    parkeren = services.propose_item(
        user=official,
        agenda=agenda,
        title="Betaald parkeren uitbreiden naar de Oosterparkwijk",
        description="De gemeente onderzoekt of de parkeerregulering wordt uitgebreid naar de Oosterparkwijk.",
        origin="municipality",
        origin_side="top_down",
    )
    services.work_out(
        user=official,
        item=parkeren,
        description="Stadsbreed parkeerbeleid. De wijk geeft advies over de grenzen van het gebied en de tijden; de "
        "gemeente besluit. Het advies van de wijk gaat mee naar het college.",
        ownership=4,
        scope_item=verkeer,
    )

    services.propose_item(
        user=erik,
        agenda=agenda,
        title="Elk jaar een wijkfeest in het Oosterpark",
        description="Bewoners organiseren zelf een wijkfeest, met muziek, eten uit de wijk en de verenigingen.",
        origin="other",
        ownership=1,
    )

    honden = services.propose_item(
        user=anouk,
        agenda=agenda,
        title="Hondenlosloopgebied in het hele park",
        description="Honden overal in het park los laten lopen, behalve bij de speeltuin.",
        origin="other",
    )
    services.work_out(
        user=erik,
        item=honden,
        description="Het hele Oosterpark losloopgebied maken, met een hek rond de speeltuin.",
        scope_item=groen,
    )
    services.reject_item(
        user=sanne,
        item=honden,
        reason="Het park is te klein om overal honden los te laten; ouders en ouderen voelen zich dan niet meer "
        "veilig. De werkgroep Groen zoekt met hondenbezitters een andere plek.",
        decided_on=_days(-45),
        together_with=fatima_for_gemeente,
    )
    services.set_agenda_status(user=official, agenda=agenda, status=AgendaStatus.ADOPTED)

    # --- Marum: the village and the municipality decide together ---------------------------
    marum = places["WK196911"]
    agenda = _agenda(
        henk,
        marum,
        year,
        "Wat Marum het komende jaar wil aanpakken, opgesteld op de dorpsavond. Dorpsbelangen en de gemeente stellen "
        "de punten samen vast.",
    )
    dorpsagenda = _scope(marum, "Dorpsagenda Marum")
    bus = services.promote_dna_item(
        user=henk, dna_item=_dna(marum, "De bushalte"), agenda=agenda, title="Vervoer voor ouderen zonder auto"
    )
    services.work_out(
        user=gerda,
        item=bus,
        description="De wensbus rijdt vaker, met vrijwillige chauffeurs uit het dorp, ook naar het ziekenhuis in "
        "Groningen.",
        ownership=2,
        scope_item=dorpsagenda,
    )
    services.adopt_item(
        user=gerda,
        item=bus,
        reason="Ouderen zonder auto raken anders geïsoleerd.",
        decided_on=_days(-30),
        together_with="Henk Smit, dorpencoördinator gemeente Westerkwartier",
    )
    _actions(
        henk,
        bus,
        [
            ("Vrijwillige chauffeurs werven", "wijk", "Dorpsbelangen Marum", -7, None),
            ("Gesprek over uitbreiding van de ritten", "partner", "Wensbus Marum", 30, None),
        ],
    )
    hoofdstraat = services.propose_item(
        user=henk,
        agenda=agenda,
        title="Veilig oversteken op de Hoofdstraat bij de school",
        description="De gemeente richt de Hoofdstraat opnieuw in; de oversteek bij de school is onveilig.",
        origin="municipality",
        origin_side="top_down",
    )
    services.work_out(
        user=henk,
        item=hoofdstraat,
        description="Een verhoogde oversteek en een lagere snelheid bij de school; ouders en school denken mee over "
        "het ontwerp.",
        ownership=3,
        scope_item=dorpsagenda,
    )
    services.adopt_item(
        user=henk,
        item=hoofdstraat,
        reason="Veiligheid van kinderen gaat voor.",
        decided_on=_days(-30),
        together_with="Gerda, Dorpsbelangen Marum",
    )
    marum_programme = services.create_programme(
        user=henk,
        place=marum,
        year=year,
        title=f"Gebiedsprogramma Marum {year}",
    )
    services.take_up_in_programme(
        user=henk,
        item=hoofdstraat,
        programme=marum_programme,
        description="Verhoogde oversteek en 30 km/u bij de school aan de Hoofdstraat",
        budget_cents=8_500_000,
    )
    _actions(henk, hoofdstraat, [("Ontwerp bespreken met school en ouders", "gemeente", "afdeling Verkeer", 40, None)])
    dorpshuis = services.propose_item(
        user=gerda,
        agenda=agenda,
        title="Het dorpshuis verduurzamen",
        description="Zonnepanelen op het dak en betere isolatie, zodat het dorpshuis betaalbaar blijft.",
        origin="other",
    )
    services.work_out(
        user=gerda,
        item=dorpshuis,
        description="Het bestuur van het dorpshuis vraagt subsidie aan; Dorpsbelangen helpt met de aanvraag en de "
        "gemeente met advies.",
        ownership=2,
        scope_item=dorpsagenda,
    )
    services.propose_item(
        user=gerda,
        agenda=agenda,
        title="Jeu-de-boulesbaan bij het dorpshuis",
        description="Een baan om elkaar te ontmoeten, door de vrijwilligers van het dorpshuis aangelegd.",
        origin="other",
        ownership=1,
    )
    services.set_agenda_status(user=henk, agenda=agenda, status=AgendaStatus.ADOPTED)

    # --- Noorddijk e.o. (Lewenborg): the agreement waits for the council ------------------
    lewenborg = places["WK001412"]
    agenda = _agenda(
        official,
        lewenborg,
        year,
        "Zolang de afspraken over het wijkbudget nog niet van kracht zijn, stelt het gebiedsteam de punten vast, na "
        "overleg met Golvend Lewenborg.",
    )
    dok = services.propose_item(
        user=ria,
        agenda=agenda,
        title="Het Dok als huiskamer van de wijk",
        description="Langere openingstijden van Het Dok, zodat bewoners er ook 's avonds en in het weekend terecht "
        "kunnen.",
        origin="other",
    )
    services.work_out(
        user=ria,
        item=dok,
        description="Het Dok is ook op dinsdag- en donderdagavond en op zaterdag open, met vrijwilligers van de "
        "kopgroep als gastheer.",
        ownership=2,
    )
    services.adopt_item(
        user=official,
        item=dok,
        reason="Past bij wat bewoners in de gesprekken vroegen; de kopgroep levert de vrijwilligers.",
        decided_on=_days(-20),
    )
    _actions(
        official,
        dok,
        [
            ("Rooster met vrijwillige gastheren maken", "wijk", "Golvend Lewenborg", -4, None),
            ("Sleutelplan en verzekering regelen", "gemeente", "gebiedsteam", 14, None),
        ],
    )
    winkelcentrum = services.propose_item(
        user=official,
        agenda=agenda,
        title="Vernieuwing van het winkelcentrum: bewoners denken mee",
        description="De gemeente en de eigenaar vernieuwen het winkelcentrum Lewenborg.",
        origin="municipality",
        origin_side="top_down",
    )
    services.work_out(
        user=official,
        item=winkelcentrum,
        description="Bewoners denken mee over het plein, de looproutes en de plek van de markt. Twee "
        "inloopavonden in Het Dok.",
        ownership=4,
    )
    services.propose_item(
        user=ria,
        agenda=agenda,
        title="De wijkkrant ook in het Engels en het Arabisch",
        description="Veel nieuwe bewoners lezen nog weinig Nederlands; zo weten ook zij wat er speelt.",
        origin="other",
        ownership=1,
    )
    services.propose_item(
        user=official,
        agenda=agenda,
        title="Veilige fietsroutes naar school",
        description="Uit de enquête onder ouders: de oversteken bij de Kardingerweg voelen onveilig.",
        origin="consultation",
        origin_side="bottom_up",
    )

    # --- Noordwest: step 1 of the trajectory --------------------------------------------------
    noordwest = places["WK001410"]
    agenda = _agenda(
        official,
        noordwest,
        year,
        "Een eerste wijkagenda, opgesteld terwijl wijk en gemeente nog in gesprek zijn over de afspraken.",
    )
    studenten = services.promote_dna_item(
        user=mohammed,
        dna_item=_dna(noordwest, "Veel studenten"),
        agenda=agenda,
        title="Nieuwe bewoners betrekken bij buurtactiviteiten",
    )
    services.work_out(
        user=mohammed,
        item=studenten,
        description="Een welkomstavond per half jaar voor nieuwe bewoners, met de bewonersvereniging en de "
        "studentenverenigingen.",
        ownership=1,
    )
    services.propose_item(
        user=mohammed,
        agenda=agenda,
        title="Speelpleinen in Selwerd opknappen",
        description="Twee speelpleinen zijn verouderd; ouders willen meedenken over wat er komt.",
        origin="other",
    )
    warmte = services.propose_item(
        user=official,
        agenda=agenda,
        title="Aardgasvrij Selwerd: informatie over het warmtenet",
        description="De gemeente legt een warmtenet aan in Selwerd en wil bewoners op tijd informeren.",
        origin="municipality",
        origin_side="top_down",
    )
    services.work_out(
        user=official,
        item=warmte,
        description="Drie informatieavonden en een spreekuur in het wijkcentrum; de bewonersvereniging helpt met de "
        "uitnodigingen.",
        ownership=4,
    )
    services.propose_item(
        user=mohammed,
        agenda=agenda,
        title="Een buurtmoestuin bij het winkelcentrum",
        description="Op het braakliggende stuk naast het winkelcentrum samen groente kweken.",
        origin="other",
        ownership=1,
    )

    # --- Helpman: the agreement is still a draft ---------------------------------------------
    helpman = places["WK001406"]
    agenda = _agenda(
        official,
        helpman,
        year,
        "Opgehaald bij de buurtgesprekken in Helpman. Het bewonerscollectief en het gebiedsteam werken de punten "
        "samen uit.",
    )
    ouderen = services.propose_item(
        user=official,
        agenda=agenda,
        title="Een ontmoetingsplek voor ouderen",
        description="Genoemd aan alle tafels van het buurtgesprek: er is geen plek waar ouderen elkaar zonder "
        "afspraak treffen.",
        origin="consultation",
        origin_side="bottom_up",
    )
    services.work_out(
        user=official,
        item=ouderen,
        description="Een wekelijkse inloopochtend in de kerkzaal, met koffie en een vast aanspreekpunt van WIJ.",
        ownership=2,
    )
    bloemen = services.propose_item(
        user=official,
        agenda=agenda,
        title="Minder maaien, meer bloemen",
        description="De gemeente maait de bermen in Helpman minder vaak, zodat er meer bloemen en insecten komen.",
        origin="municipality",
        origin_side="top_down",
    )
    services.work_out(
        user=official,
        item=bloemen,
        description="Ecologisch maaibeheer in de bermen; bewoners kunnen stukken adopteren en zelf inzaaien.",
        ownership=3,
    )
    services.adopt_item(
        user=official,
        item=bloemen,
        reason="Goed voor de biodiversiteit en bewoners kunnen meedoen.",
        decided_on=_days(-10),
    )
    _actions(official, bloemen, [("Bermen aanwijzen met bewoners", "gemeente", "Stadsbeheer", 60, None)])
    services.propose_item(
        user=official,
        agenda=agenda,
        title="Nieuwe bomen langs de Coendersweg",
        description="Tien bomen langs de Coendersweg zijn ziek en worden vervangen; bewoners kunnen meekiezen welke "
        "soorten er terugkomen.",
        origin="municipality",
        origin_side="top_down",
        ownership=4,
    )
    services.propose_item(
        user=official,
        agenda=agenda,
        title="Hoe verdelen we het buurtbudget?",
        description="Uit het buurtgesprek: bewoners willen meebeslissen over het buurtbudget, maar hoe?",
        origin="consultation",
        origin_side="bottom_up",
    )
    return 5
