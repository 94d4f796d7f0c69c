"""Demo open budget and right to challenge for Groningen, built on the demo's people, places,
agreements, decisions and initiatives:

- Budget lines for three years (two closed, with realised amounts; the current one open) for
  five wijken across taakvelden, imported through the same CSV import officials use, plus lines
  for the city as a whole and lines not attributable to an area. The Oosterpark wijkraad's
  € 200.000 wijkbudget (seed 003) is decided by the neighbourhood under the agreement in force.
- Spending with recipients and the decisions that allowed it: the Coöperatieve Wijkraad's awards,
  the college's extra maintenance of play areas, and money awarded to initiatives.
- A challenge in progress: the residents' collective Golvend Lewenborg takes over the upkeep of
  the wijkpark; its agreement moved the budget from the municipal green line to the collective.
- A fresh challenge in the Oosterparkwijk still collecting support.
- A reverse-challenge offer in Noordwest, with a bid.
- Community assets, one open for bids, one nominated by a village council.
- A question about the wijkbudget with a published answer, and one still open.

All amounts and texts are invented; places are real (CBS). Runs through the services, as the
demo's officials and residents, so the audit log is a real one. Idempotent: does nothing when
Groningen already has budget lines. Call after the agreements, initiatives and decisions demos."""

import csv
import datetime
import io

from django.utils import timezone

from samenspel.accounts.models import Organisation, User
from samenspel.decisions.models import Decision
from samenspel.finance import services
from samenspel.finance.importing import import_budget
from samenspel.finance.models import BudgetLine, DecidedBy, Taakveld
from samenspel.finance.seeding import load_taakvelden
from samenspel.initiatives.models import SupportRequest
from samenspel.places.models import IndicatorValue, Place

FATIMA = "fatima@gemeente-groningen.example"
ALDERMAN = "wethouder@gemeente-groningen.example"
ANOUK = "anouk@oosterpark.example"
SANNE = "sanne@oosterpark.example"
ERIK = "erik@oosterpark.example"
MOHAMMED = "mohammed@noordwest.example"
RIA = "ria@lewenborg.example"
GERDA = "gerda@marum.example"

OOSTERPARK, NOORDWEST, NOORDDIJK, CENTRUM, HELPMAN = "WK001404", "WK001410", "WK001412", "WK001400", "WK001406"
WIJKEN = [OOSTERPARK, NOORDWEST, NOORDDIJK, CENTRUM, HELPMAN]

# taakveld, description, euro cents per inhabitant per year
WIJK_LINES = [
    ("6.1", "Buurthuis en wijkopbouw", 900),
    ("5.7", "Onderhoud openbaar groen en speelplekken", 2_400),
    ("2.1", "Wegen, verlichting en straatreiniging", 3_100),
    ("6.2", "Wijkteam: toegang en eerste ondersteuning", 5_200),
    ("8.1", "Gebiedsgericht werken: wijkprogramma", 600),
]
# place ("gemeente" or "" for not attributable), taakveld, description, euro
CITY_LINES = [
    ("gemeente", "0.1", "Gemeenteraad, griffie en rekenkamer", 6_200_000),
    ("gemeente", "6.1", "Stedelijk fonds voor bewonersinitiatieven", 1_500_000),
    ("gemeente", "5.7", "Stadsparken: Noorderplantsoen, Stadspark en Hortus", 4_100_000),
    ("", "0.4", "Overhead van de gemeentelijke organisatie", 112_000_000),
    ("", "6.6", "Maatwerkvoorzieningen Wmo", 61_500_000),
    ("", "7.2", "Riolering", 27_800_000),
    ("", "4.2", "Onderwijshuisvesting", 33_400_000),
]
WIJKBUDGET_OOSTERPARK = "Wijkbudget Oosterparkwijk (Coöperatieve Wijkraad)"
WIJKBUDGET_LEWENBORG = "Wijkbudget Lewenborg"
GREEN = "Onderhoud openbaar groen en speelplekken"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _euro(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    return f"{whole},{rest:02d}"


def load() -> int:
    """Returns the number of budget lines created (0 when the demo was there already)."""
    load_taakvelden()
    groningen = Place.objects.filter(cbs_code="GM0014").first()
    if groningen is None or BudgetLine.objects.filter(municipality=groningen).exists():
        return 0
    users = {u.email: u for u in User.objects.filter(email__contains=".example")}
    if FATIMA not in users:
        return 0
    places = {p.cbs_code: p for p in Place.objects.exclude(cbs_code=None)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    official = users[FATIMA]
    services.save_settings(user=official, municipality=groningen, min_signatures=25)
    this_year = timezone.localdate().year
    for year in (this_year - 2, this_year - 1, this_year):
        _import_year(official, groningen, places, year, closed=year < this_year)
    _wijkbudget(official, groningen, places, this_year)
    _spending(users, groningen, places)
    _challenge_lewenborg(users, groningen, places, organisations)
    _challenge_oosterpark(users, places, organisations)
    _offer_noordwest(users, places, organisations, this_year)
    _assets(users, places, organisations)
    _questions(users, groningen, places, this_year)
    return BudgetLine.objects.filter(municipality=groningen).count()


def _inhabitants(place) -> int:
    value = IndicatorValue.objects.filter(place=place, indicator="inhabitants").order_by("-year").first()
    return int(value.value) if value else 10_000


def _planned(place, rate: int, index: int, year: int, this_year: int) -> int:
    """A plausible amount: per inhabitant, varied per wijk, 3% more each year, in hundreds of euro."""
    cents = _inhabitants(place) * rate * (85 + 10 * (index % 4)) // 100
    cents = cents * (100 + 3 * (year - this_year + 2)) // 100
    return cents // 10_000 * 10_000


def _realised(planned: int, index: int, year: int) -> int:
    return planned * (90 + 3 * ((index + year) % 5)) // 100


def _import_year(official, groningen, places, year: int, *, closed: bool):
    """The year's lines as the municipality would deliver them: a CSV with a total row."""
    this_year = timezone.localdate().year
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["plaats", "taakveld", "omschrijving", "begroot", "realisatie", "programma", "beslist_door"])
    total_planned = total_realised = 0
    rows = []
    for i, code in enumerate(WIJKEN):
        for j, (taakveld, description, rate) in enumerate(WIJK_LINES):
            planned = _planned(places[code], rate, i + j, year, this_year)
            rows.append((code, taakveld, description, planned, "Wijken en dorpen"))
    for where, taakveld, description, euro in CITY_LINES:
        planned = euro * 100 * (100 + 2 * (year - this_year + 2)) // 100
        rows.append(("GM0014" if where else "", taakveld, description, planned, "Stad"))
    lewenborg = 7_500_000 if year == this_year else 5_000_000
    rows.append((NOORDDIJK, "6.1", WIJKBUDGET_LEWENBORG, lewenborg, "Wijken en dorpen"))
    for k, (code, taakveld, description, planned, programme) in enumerate(rows):
        realised = _realised(planned, k, year) if closed else None
        total_planned += planned
        total_realised += realised or 0
        writer.writerow(
            [code, taakveld, description, _euro(planned), _euro(realised) if realised else "", programme, "gemeente"]
        )
    writer.writerow(["", "TOTAAL", "", _euro(total_planned), _euro(total_realised) if closed else "", "", ""])
    import_budget(
        buffer.getvalue().encode("utf-8"),
        f"begroting-groningen-{year}.csv",
        municipality=groningen,
        year=year,
        actor=official,
    )


def _wijkbudget(official, groningen, places, this_year):
    """The CWR's € 200.000 a year, decided by the neighbourhood under the agreement in force."""
    oosterpark = places[OOSTERPARK]
    from samenspel.decisions.services import in_force_version

    version = in_force_version(oosterpark)
    item = version.scope_items.filter(title="Wijkbudget Oosterparkwijk").first() if version else None
    taakveld = Taakveld.objects.get(code="6.1")
    realised = {this_year - 2: 18_825_000, this_year - 1: 19_640_000}
    for year in (this_year - 2, this_year - 1, this_year):
        services.save_line(
            user=official,
            municipality=groningen,
            year=year,
            place=oosterpark,
            taakveld=taakveld,
            description=WIJKBUDGET_OOSTERPARK,
            programme="Wijken en dorpen",
            planned_cents=20_000_000,
            realised_cents=realised.get(year),
            decided_by=DecidedBy.NEIGHBOURHOOD,
            scope_item=item,
        )


def _line(groningen, place, description, year):
    return BudgetLine.objects.filter(municipality=groningen, place=place, description=description, year=year).first()


def _spend_date(decided_on: datetime.date) -> datetime.date:
    return min(decided_on + datetime.timedelta(days=7), timezone.localdate())


def _spending(users, groningen, places):
    official = users[FATIMA]
    oosterpark = places[OOSTERPARK]
    cwr_awards = [
        (
            "Ideeënronde voorjaar: moestuin achter de Oosterparkschool",
            "Bewonersorganisatie Oosterpark",
            "resident_organisation",
            "Moestuinbakken, grond, gereedschap en een waterton.",
        ),
        (
            "Jongerenplek met overkapping bij het Oosterpark",
            "Speelruimte Noord B.V.",
            "company",
            "Overkapping, bankjes en plaatsing van de jongerenplek.",
        ),
        ("Bankjes langs de Oosterparkweg", "Buitenmeubilair Groningen B.V.", "company", "Vier bankjes met leuning."),
    ]
    for title, recipient, kind, purpose in cwr_awards:
        decision = Decision.objects.filter(place=oosterpark, title=title, outcome="adopted").first()
        if decision is None or not decision.budget_cents:
            continue
        spent_on = _spend_date(decision.decided_on)
        line = _line(groningen, oosterpark, WIJKBUDGET_OOSTERPARK, spent_on.year)
        organisation = Organisation.objects.filter(name=recipient).first()
        services.record_expenditure(
            user=official,
            line=line,
            spent_on=spent_on,
            recipient_kind=kind,
            recipient_name=recipient,
            recipient_organisation=organisation,
            recipient_kvk="" if organisation else "12345678",
            purpose=purpose,
            amount_cents=decision.budget_cents,
            decision=decision,
        )
    play = Decision.objects.filter(
        place=oosterpark, title="Extra onderhoud van de speelplekken in de Oosterparkwijk", outcome="adopted"
    ).first()
    if play is not None:
        spent_on = _spend_date(play.decided_on)
        services.record_expenditure(
            user=official,
            line=_line(groningen, oosterpark, GREEN, spent_on.year),
            spent_on=spent_on,
            recipient_kind="company",
            recipient_name="Groenbedrijf Noord B.V.",
            recipient_kvk="87654321",
            purpose="Extra onderhoud en nieuwe ondergrond van drie speelplekken.",
            amount_cents=play.budget_cents,
            decision=play,
        )
    for award in SupportRequest.objects.filter(
        kind="money", outcome__in=("granted", "partly"), idea__place__municipality=groningen
    ).select_related("idea", "idea__place"):
        amount = award.granted_cents or award.amount_cents
        if not amount:
            continue
        spent_on = _spend_date(award.decided_on or timezone.localdate())
        place = award.idea.place
        description = WIJKBUDGET_OOSTERPARK if place == oosterpark else "Buurthuis en wijkopbouw"
        if place == places[NOORDDIJK]:
            description = WIJKBUDGET_LEWENBORG
        line = _line(groningen, place, description, spent_on.year)
        if line is None:
            continue
        services.record_expenditure(
            user=official,
            line=line,
            spent_on=spent_on,
            recipient_kind="residents_group",
            recipient_name=f"Initiatiefgroep “{award.idea.title}”",
            purpose=award.description,
            amount_cents=amount,
            decision_reference=f"Toekenning ondersteuningsvraag door de ideeënmakelaar, {spent_on:%d-%m-%Y}",
            idea=award.idea,
            support_request=award,
        )


def _criteria(verdicts: list[tuple[str, str]], municipality) -> list[dict]:
    from samenspel.finance.terms import terms_for

    return [
        {"criterion": criterion, "verdict": verdict, "reason": reason}
        for criterion, (verdict, reason) in zip(terms_for(municipality).criteria, verdicts, strict=False)
    ]


def _challenge_lewenborg(users, groningen, places, organisations):
    """In progress: Golvend Lewenborg maintains the wijkpark; the budget moved to the collective."""
    ria, official, alderman = users[RIA], users[FATIMA], users[ALDERMAN]
    collective = organisations.get("Golvend Lewenborg")
    if collective is None:
        return
    noorddijk = places[NOORDDIJK]
    challenge = services.submit_challenge(
        user=ria,
        organisation=collective,
        place=noorddijk,
        title="Bewoners onderhouden het wijkpark van Lewenborg",
        task="Het dagelijkse onderhoud van het wijkpark bij de Kluiverboom: maaien, snoeien, zwerfvuil ruimen, de "
        "vijverrand bijhouden en de bankjes schoonhouden. Groot onderhoud (bomen, paden) blijft bij de gemeente.",
        why_better="Wij wonen eromheen en zien elke dag wat er nodig is. Nu komt de aannemer eens in de drie weken; "
        "wij kunnen sneller en vaker. Met vrijwilligers en twee betaalde krachten uit de wijk is het goedkoper, en "
        "het park wordt weer van de buurt.",
        involvement="Golvend Lewenborg heeft een kopgroep van vrijwilligers en organiseert al drie jaar de "
        "opschoondagen. Twee leden zijn hovenier geweest. Het Dok stelt een schuur beschikbaar voor gereedschap.",
        support_description="Op de maandelijkse bijeenkomst steunden 40 bewoners het plan. We verzamelen "
        "handtekeningen op papier in Het Dok en online.",
        cost_estimate_cents=1_800_000,
        cost_explanation="Twee parttime krachten uit de wijk (€ 12.000), gereedschap en materiaal (€ 3.500), "
        "afvoer van groenafval (€ 1.500), verzekering (€ 1.000). Nu kost het onderhoud € 21.500 per jaar.",
        support_wanted="Een contactpersoon bij Stadsbeheer, afvoer van groenafval via de gemeentelijke route, en "
        "een cursus veilig werken met gereedschap.",
        quality_continuity="Een onderhoudsplan per seizoen, een logboek dat de gemeente kan inzien, een rooster met "
        "vervangers, en elk kwartaal een schouw met Stadsbeheer.",
        submitted_on=_days(-75),
    )
    services.sign_challenge(user=ria, challenge=challenge)
    services.count_paper_signatures(
        user=official,
        challenge=challenge,
        count=63,
        counted_on=_days(-60),
        note="Lijsten ingeleverd in Het Dok.",
    )
    services.decide_admissibility(
        user=official,
        challenge=challenge,
        admissible=True,
        reasons="Het verzoek bevat alle zeven onderdelen, en het dagelijks onderhoud van een wijkpark is een taak "
        "die volgens de participatieverordening kan worden uitgedaagd. Er zijn 64 handtekeningen van steun.",
        decided_on=_days(-55),
    )
    green = _line(groningen, noorddijk, GREEN, _days(-10).year)
    verdicts = [
        ("yes", ""),
        ("yes", "De kopgroep heeft ervaring; het onderhoudsplan en de schouw borgen de kwaliteit."),
        ("yes", "€ 18.000 in plaats van € 21.500 per jaar."),
        ("yes", "64 handtekeningen en steun op de bewonersbijeenkomst."),
        ("partly", "De verzekering moet vóór de start geregeld zijn; het contract met de aannemer loopt af."),
        ("yes", ""),
    ]
    services.assess_challenge(
        user=alderman,
        challenge=challenge,
        approved=True,
        criteria=_criteria(verdicts, groningen),
        reasons="Het college geeft het collectief de ruimte: het plan is goedkoper, de buurt steunt het en de "
        "kwaliteit wordt bewaakt met een schouw. Voorwaarde is een verzekering vóór de start.",
        budget_line=green,
        decided_on=_days(-25),
    )
    services.save_agreement(
        user=official,
        challenge=challenge,
        tasks="Dagelijks onderhoud van het wijkpark bij de Kluiverboom: maaien (april tot oktober elke twee weken), "
        "snoeien van heesters, zwerfvuil ruimen (wekelijks), de vijverrand en de bankjes bijhouden.",
        result="Een schoon en heel park, beoordeeld in een schouw per kwartaal met Stadsbeheer.",
        municipal_support="Een vaste contactpersoon bij Stadsbeheer, afvoer van groenafval, een cursus veilig "
        "werken, en groot onderhoud (bomen en paden) door de gemeente.",
        budget_cents=1_800_000,
        source_line=green,
        starts_on=_days(-10),
        ends_on=_days(-10).replace(year=_days(-10).year + 2),
        progress_interval_days=91,
    )
    services.conclude_agreement(user=alderman, challenge=challenge, concluded_on=_days(-10))


def _challenge_oosterpark(users, places, organisations):
    """Just submitted, still collecting support."""
    organisation = organisations.get("Bewonersorganisatie Oosterpark")
    if organisation is None:
        return
    challenge = services.submit_challenge(
        user=users[ERIK],
        organisation=organisation,
        place=places[OOSTERPARK],
        title="Beheer van de speeltuin in het Oosterpark",
        task="Het openen en sluiten van de speeltuin, de wekelijkse controle van de toestellen en het zandbak-"
        "onderhoud.",
        why_better="Ouders uit de buurt zijn er elke dag. Zo kan de speeltuin ook 's zomers langer open.",
        involvement="De bewonersorganisatie heeft twintig vrijwilligers; drie hebben een cursus speeltoestellen "
        "keuren gevolgd.",
        support_description="Bewoners rond het park steunen dit; we verzamelen handtekeningen.",
        cost_estimate_cents=650_000,
        cost_explanation="Vergoeding vrijwilligers en materiaal (€ 4.000), keuringscursus (€ 1.500), sloten en "
        "borden (€ 1.000).",
        support_wanted="Jaarlijkse keuring door de gemeente en een sleutelkastje.",
        quality_continuity="Een rooster met vaste vrijwilligers, een logboek van de controles en een jaarlijkse "
        "keuring door de gemeente.",
        submitted_on=_days(-6),
    )
    services.sign_challenge(user=users[SANNE], challenge=challenge)


def _offer_noordwest(users, places, organisations, this_year):
    official = users[FATIMA]
    noordwest = places[NOORDWEST]
    line = BudgetLine.objects.filter(place=noordwest, description=GREEN, year=this_year).first()
    offer = services.publish_offer(
        user=official,
        place=noordwest,
        title="Onderhoud van de plantsoenen rond het winkelcentrum Selwerd",
        task="Het bijhouden van de plantsoenen en boomspiegels rond het winkelcentrum: wieden, snoeien, planten "
        "en zwerfvuil ruimen.",
        conditions="Een onderhoudsplan, een verzekering, en elk half jaar een schouw met Stadsbeheer.",
        current_budget_cents=2_400_000,
        budget_line=line,
        bids_until=_days(30),
    )
    organisation = organisations.get("Bewonersvereniging Noordwest")
    if organisation is not None:
        services.submit_challenge(
            user=users[MOHAMMED],
            organisation=organisation,
            place=noordwest,
            offer=offer,
            title="De bewonersvereniging onderhoudt de plantsoenen van Selwerd",
            task="Het onderhoud zoals de gemeente het aanbiedt, met een moestuinhoek voor de basisschool.",
            why_better="Bewoners en winkeliers zijn samen verantwoordelijk; de buurt ziet dat er iets gebeurt.",
            involvement="Vijftien vrijwilligers en een hovenier uit de wijk die de ploeg begeleidt.",
            support_description="De winkeliersvereniging en de basisschool doen mee.",
            cost_estimate_cents=2_200_000,
            cost_explanation="Begeleiding door de hovenier (€ 14.000), planten en materiaal (€ 6.000), "
            "verzekering (€ 2.000).",
            support_wanted="Afvoer van groenafval en een schouw met Stadsbeheer.",
            quality_continuity="Een vaste ploeg met reserves, een onderhoudsplan per seizoen en een jaarverslag.",
        )


def _assets(users, places, organisations):
    official = users[FATIMA]
    services.add_asset(
        user=official,
        place=places[OOSTERPARK],
        name="Buurthuis Oosterparkwijk",
        kind="building",
        owner="Gemeente Groningen",
        address="In het hart van de Oosterparkwijk",
        current_use="Buurthuis met de buurtkoelkast, huiswerkbegeleiding en de vergaderingen van de wijkraad.",
        community_value="Dé ontmoetingsplek van de wijk: hier vergadert de Coöperatieve Wijkraad en staat de "
        "buurtkoelkast.",
    )
    services.add_asset(
        user=official,
        place=places[OOSTERPARK],
        name="Moestuin achter de Oosterparkschool",
        kind="land",
        owner="Gemeente Groningen",
        current_use="Moestuin van buurtbewoners en de school.",
        community_value="Gemaakt met geld uit het wijkbudget; buren en kinderen tuinieren er samen.",
    )
    meadow = services.add_asset(
        user=official,
        place=places[NOORDDIJK],
        name="Speelweide aan de Kluiverboom",
        kind="green_space",
        owner="Gemeente Groningen",
        address="Kluiverboom, Lewenborg",
        current_use="Speelweide en plek voor het wijkfeest.",
        community_value="De enige grote open speelplek in het noorden van Lewenborg.",
    )
    services.announce_disposal(
        user=official,
        asset=meadow,
        disposal_kind="change_of_use",
        plan="De gemeente onderzoekt woningbouw op de noordelijke helft van de weide. Groepen uit de wijk kunnen "
        "een plan indienen om de weide (of een deel ervan) als speel- en ontmoetingsplek te beheren.",
        bids_until=_days(40),
    )
    collective = organisations.get("Golvend Lewenborg")
    if collective is not None:
        services.bid_on_asset(
            user=users[RIA],
            asset=meadow,
            organisation=collective,
            plan="Golvend Lewenborg beheert de zuidelijke helft als speelweide met een natuurspeelplek en houdt er "
            "het jaarlijkse wijkfeest.",
            support_description="Besproken op de bewonersbijeenkomst; 52 bewoners tekenden een steunbrief.",
        )
    marum = organisations.get("Dorpsbelangen Marum")
    if marum is not None and GERDA in users:
        services.nominate_asset(
            user=users[GERDA],
            organisation=marum,
            place=marum.place,
            name="Het dorpshuis van Marum",
            kind="building",
            owner="Stichting Dorpshuis (gebouw), gemeente Westerkwartier (grond)",
            current_use="Verenigingen, de bibliotheek en de dorpsavonden.",
            community_value="Het hart van het verenigingsleven in Marum; zonder dorpshuis geen dorpsavond.",
        )


def _questions(users, groningen, places, this_year):
    line = _line(groningen, places[OOSTERPARK], WIJKBUDGET_OOSTERPARK, this_year)
    question = services.ask_question(
        user=users[ANOUK],
        line=line,
        text="Hoeveel van de € 200.000 is dit jaar al besteed, en wie besluit wat er met de rest gebeurt?",
    )
    services.answer_question(
        user=users[FATIMA],
        question=question,
        answer="De Coöperatieve Wijkraad besluit over het wijkbudget; dat staat in de afspraken van de wijk, die "
        "de gemeenteraad heeft bekrachtigd. Wat al is besteed, staat hieronder bij de uitgaven, met het besluit "
        "van de wijkraad erbij. Over de rest besluit de wijkraad in de najaarsronde, in een openbare vergadering.",
    )
    other = _line(groningen, places[NOORDWEST], "Wegen, verlichting en straatreiniging", this_year)
    if other is not None and MOHAMMED in users:
        services.ask_question(
            user=users[MOHAMMED],
            line=other,
            text="Valt de verlichting van het fietspad langs het winkelcentrum ook onder deze regel?",
        )
