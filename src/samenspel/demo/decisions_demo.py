"""Demo advice, decisions and accountability, built on the demo agreements:

- The Coöperatieve Wijkraad Oosterparkwijk (CWR) decides on the wijkbudget (level 3, in
  force): awards from the ideeënronde with positions and a minority view, one postponed, one
  rejected, and one decision on parking that falls outside its mandate and so counts as
  advice. A resident objects to one decision; the CWR answers.
- The college decides on extra maintenance of play areas (a municipal decision).
- Advice from three resident organisations: one answered by the college, one waiting, one
  overdue.
- The CWR's accountability report to the neighbourhood and the municipality, and one for a
  completed initiative if the initiatives demo made one.

Runs through the services, as the demo's residents and officials. Needs the agreements demo
(and, optionally, the initiatives demo) to have run first. Idempotent: does nothing when
decisions or advice already exist."""

import datetime

from django.utils import timezone

from samenspel.decisions import services
from samenspel.decisions.models import Advice, Decision


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def load(users: dict, places: dict, organisations: dict) -> int:
    if Decision.objects.exists() or Advice.objects.exists():
        return 0
    created = 0
    created += _oosterpark_decisions(users, places, organisations)
    created += _advice(users, places, organisations)
    created += _reports(users, places, organisations)
    return created


def _oosterpark_decisions(users, places, organisations) -> int:
    oosterpark = places["WK001404"]
    cwr = organisations["cwr"]
    sanne = users["sanne@oosterpark.example"]
    anouk = users["anouk@oosterpark.example"]
    alderman = users["wethouder@gemeente-groningen.example"]
    version = services.in_force_version(oosterpark)
    if version is None:
        return 0
    items = {item.title: item for item in version.scope_items.all()}
    budget = items.get("Wijkbudget Oosterparkwijk")
    traffic = items.get("Verkeer en parkeren")
    green = items.get("Groen en spelen in de wijk")
    if budget is None:
        return 0
    meeting = "Openbare vergadering van de Coöperatieve Wijkraad, buurthuis Oosterparkwijk"

    def cwr_decides(days, **fields):
        return services.record_decision(
            user=sanne,
            decider_kind="wijk_body",
            body=cwr,
            place=oosterpark,
            meeting=meeting,
            meeting_date=_days(days),
            decided_on=_days(days),
            **fields,
        )

    cwr_decides(
        -120,
        scope_item=budget,
        title="Ideeënronde voorjaar: moestuin achter de Oosterparkschool",
        outcome="adopted",
        budget_cents=450_000,
        options=["Toekennen zoals gevraagd (€ 4.500)", "Toekennen met een lager bedrag (€ 3.000)", "Afwijzen"],
        positions=[
            {
                "stance": "for",
                "summary": "Het idee kreeg 214 stemmen in de ideeënronde; buurtbewoners onderhouden de tuin zelf.",
                "by": "zestien leden",
            },
            {
                "stance": "other",
                "summary": "Eerst schriftelijk vastleggen met de school dat de grond beschikbaar blijft.",
                "by": "één lid",
            },
        ],
        rationale="Het idee had de meeste steun in de ideeënronde 'Oosterpark, altijd een goed idee' en past "
        "binnen de criteria van het wijkbudget. De CWR vraagt de initiatiefnemers om de afspraak met de "
        "school over de grond vóór de start te delen.",
    )
    youth = cwr_decides(
        -90,
        scope_item=budget,
        title="Jongerenplek met overkapping bij het Oosterpark",
        outcome="adopted",
        budget_cents=1_200_000,
        options=[
            "Overkapping en bankjes voor jongeren (€ 12.000)",
            "Een plek voor alle leeftijden (€ 12.000)",
            "Niet doen",
        ],
        positions=[
            {
                "stance": "for",
                "summary": "Jongeren hebben 's avonds weinig plekken om elkaar te ontmoeten; dat kwam uit het "
                "DNA van de wijk en uit het wijkpanel.",
                "by": "twaalf leden",
            },
            {
                "stance": "against",
                "summary": "Het geld moet over alle buurten worden gespreid en ouderen hebben ook een plek nodig.",
                "by": "vier leden",
            },
        ],
        minority_view="Een deel van de CWR vindt dat het budget eerlijker over de buurten verdeeld moet worden, en "
        "vraagt om in de volgende ronde een activiteit voor ouderen voorrang te geven.",
        rationale="Uit het DNA van de wijk en het wijkpanel blijkt dat jongeren 's avonds weinig plekken hebben. "
        "De gemeente gaf de plek geen prioriteit; de CWR betaalt de overkapping uit het wijkbudget. Jongerenwerk "
        "en drie jongeren uit de wijk ontwerpen de plek mee; over het geluid komen afspraken met de buren.",
    )
    cwr_decides(
        -60,
        scope_item=budget,
        title="Bankjes langs de Oosterparkweg",
        outcome="adopted",
        budget_cents=875_000,
        options=["Vier bankjes met leuning", "Twee bankjes"],
        positions=[
            {
                "stance": "for",
                "summary": "Voor ouderen is de wandeling naar de winkels zonder rustpunt te lang.",
                "by": "alle aanwezige leden",
            }
        ],
        rationale="Een oudere bewoner vroeg er per brief om, en het idee kreeg veel steun op de wijkavond. De "
        "gemeente plaatst en onderhoudt de bankjes; de CWR betaalt de aanschaf uit het wijkbudget.",
    )
    cwr_decides(
        -45,
        scope_item=budget,
        title="Bijdrage aan het wijkfeest",
        outcome="postponed",
        budget_cents=1_500_000,
        options=["Bijdrage van € 15.000", "Bijdrage van € 8.000", "Geen bijdrage"],
        positions=[
            {
                "stance": "other",
                "summary": "Eerst een begroting en een plan van het organiserend comité.",
                "by": "de meeste leden",
            }
        ],
        rationale="Aangehouden tot de volgende vergadering: het comité levert eerst een begroting aan, zodat de "
        "CWR kan zien wat de bijdrage oplevert.",
    )
    cwr_decides(
        -30,
        scope_item=budget,
        title="Sponsoring van een voetbaltoernooi in Hoogkerk",
        outcome="rejected",
        budget_cents=250_000,
        options=["Sponsoren (€ 2.500)", "Niet sponsoren"],
        positions=[
            {
                "stance": "for",
                "summary": "Veel jongeren uit de wijk spelen mee; het toernooi verbindt.",
                "by": "één lid",
            },
            {
                "stance": "against",
                "summary": "Het wijkbudget is voor activiteiten in de Oosterparkwijk zelf.",
                "by": "vijftien leden",
            },
        ],
        minority_view="Eén lid vindt dat activiteiten buiten de wijk ook gesteund kunnen worden als vooral "
        "Oosterparkers meedoen.",
        rationale="Het toernooi vindt buiten de wijk plaats en valt daarmee buiten de criteria van het wijkbudget. "
        "De CWR verwijst de organisatoren naar het stedelijk sportfonds.",
    )
    if traffic is not None:
        cwr_decides(
            -20,
            scope_item=traffic,
            title="Bewonersparkeren: voorkeur voor een vergunningsgebied in de hele wijk",
            outcome="adopted",
            options=["Vergunningsgebied in de hele wijk", "Alleen rond het Oosterpark", "Niets veranderen"],
            positions=[
                {
                    "stance": "for",
                    "summary": "Bewoners vinden 's avonds geen plek door bezoekers van de binnenstad.",
                    "by": "de meeste leden",
                },
                {
                    "stance": "other",
                    "summary": "Ondernemers aan de Oosterstraat vrezen minder klanten.",
                    "by": "twee leden",
                },
            ],
            rationale="Uit een peiling in het wijkpanel (412 reacties) blijkt dat twee derde van de bewoners een "
            "vergunningsgebied wil. Parkeren is een stedelijk vraagstuk: de CWR geeft dit als advies mee aan "
            "het stedelijk parkeerplan.",
        )
    if green is not None:
        services.record_decision(
            user=alderman,
            decider_kind="college",
            place=oosterpark,
            scope_item=green,
            meeting="Collegevergadering",
            meeting_date=_days(-15),
            decided_on=_days(-15),
            title="Extra onderhoud van de speelplekken in de Oosterparkwijk",
            outcome="adopted",
            budget_cents=2_500_000,
            options=["Extra onderhoud in 2026", "Onderhoud volgens het bestaande schema"],
            rationale="De groene wijkagenda en de CWR vroegen om betere speelplekken. Het college maakt € 25.000 "
            "vrij uit het onderhoudsbudget en plant het werk samen met de werkgroep Groen.",
        )
    objection = services.object_to_decision(
        user=anouk,
        decision=youth,
        text="Ik mis in dit besluit de ouderen in de wijk. Ook zij zitten 's avonds alleen. Waarom niet een "
        "plek voor alle leeftijden?",
    )
    services.answer_objection(
        user=sanne,
        objection=objection,
        status="dismissed",
        response="Dank voor uw bezwaar. De CWR heeft beide opties besproken (zie de standpunten). De plek is "
        "overdag voor iedereen; 's avonds is hij vooral voor jongeren, omdat zij die plek nu missen. In de "
        "volgende ideeënronde krijgt een activiteit voor ouderen voorrang, zoals de minderheid voorstelde; de "
        "wekelijkse wandelgroep voor ouderen heeft zich al gemeld.",
    )
    return Decision.objects.count()


def _advice(users, places, organisations) -> int:
    erik = users["erik@oosterpark.example"]
    anouk = users["anouk@oosterpark.example"]
    gerda = users["gerda@marum.example"]
    mohammed = users["mohammed@noordwest.example"]
    alderman = users["wethouder@gemeente-groningen.example"]
    oosterpark = places["WK001404"]
    version = services.in_force_version(oosterpark)
    green = version.scope_items.filter(title="Groen en spelen in de wijk").first() if version else None

    crossing = services.give_advice(
        user=erik,
        organisation=organisations["bo-oosterpark"],
        addressee="college",
        subject="Een veilige oversteek bij de ingang van het Oosterpark",
        text="Bewonersorganisatie Oosterpark adviseert het college om bij de ingang van het Oosterpark aan de "
        "Oosterparkstraat een zebrapad met verlichting aan te leggen.\n\n"
        "- Kinderen steken hier dagelijks over naar de speeltuin.\n"
        "- Auto's rijden er harder dan 30 km per uur.\n"
        "- Bewoners meldden twee bijna-ongelukken dit voorjaar.",
        on_behalf_of="Besproken op de ledenvergadering van de bewonersorganisatie (38 aanwezigen) en in een "
        "rondgang langs de scholen in de wijk.",
        scope_item=green,
        submitted_on=_days(-70),
        contributors=[anouk],
    )
    services.respond_to_advice(
        user=alderman,
        advice=crossing,
        response="Het college dankt de bewonersorganisatie voor het heldere advies. Een verkeerskundige heeft de "
        "situatie bekeken en bevestigt dat er te hard wordt gereden.",
        weighed="Het zebrapad met verlichting komt er: de aanleg staat gepland voor het najaar. Daarnaast komt er een "
        "verkeersdrempel. Het advies om de hele straat 30 km te maken, neemt het college mee in het stedelijk "
        "verkeersplan.",
        responded_on=_days(-35),
    )
    services.give_advice(
        user=gerda,
        organisation=organisations["db-marum"],
        addressee="council",
        subject="Houd de busverbinding Marum–Groningen in stand",
        text="Dorpsbelangen Marum vraagt de raad om bij de vervoerregio te pleiten voor het behoud van de "
        "uurdienst naar Groningen. Ouderen zonder auto komen anders moeilijk bij het ziekenhuis.",
        on_behalf_of="Op de dorpsavond hebben 64 inwoners hun zorgen gedeeld; de wensbus kan de rit niet overnemen.",
        submitted_on=_days(-20),
    )
    services.give_advice(
        user=mohammed,
        organisation=organisations["bo-selwerd"],
        addressee="college",
        subject="Parkeren rond het winkelcentrum in Selwerd",
        text="De bewonersvereniging adviseert om de parkeerplaatsen achter het winkelcentrum 's avonds open te "
        "stellen voor bewoners.",
        on_behalf_of="Bestuur van de bewonersvereniging, na klachten van bewoners van de omliggende straten.",
        submitted_on=_days(-55),
    )
    return Advice.objects.count()


def _reports(users, places, organisations) -> int:
    from samenspel.initiatives.models import Idea

    sanne = users["sanne@oosterpark.example"]
    anouk = users["anouk@oosterpark.example"]
    oosterpark = places["WK001404"]
    created = 0
    if services.in_force_version(oosterpark) is not None:
        report = services.write_report(
            user=sanne,
            organisation=organisations["cwr"],
            title="Verantwoording van de Coöperatieve Wijkraad: het wijkbudget, eerste half jaar",
            audience="both",
            formats=["story", "key_figures", "financial"],
            period_start=_days(-180),
            period_end=_days(-1),
            story="In het eerste half jaar heeft de Coöperatieve Wijkraad zes keer openbaar vergaderd in het "
            "buurthuis. Bewoners brachten in de ideeënronde *Oosterpark, altijd een goed idee* 41 ideeën in; "
            "ruim 1.100 bewoners stemden mee.\n\n"
            "**Wat het opleverde:** een moestuin achter de Oosterparkschool, een jongerenplek met overkapping bij het "
            "Oosterpark en bankjes langs de Oosterparkweg. Het wijkfeest is aangehouden tot er een begroting "
            "ligt.\n\n"
            "**Wat we leerden:** jongeren bereiken we vooral via de plekken waar ze al zijn, en de CWR moet "
            "bekender worden in de wijk. Daarom houden we voortaan ook een inloopavond op het plein.",
            key_figures=[
                {"label": "Openbare vergaderingen", "value": "6"},
                {"label": "Ideeën ingediend", "value": "41"},
                {"label": "Bewoners die stemden", "value": "1.126"},
                {"label": "Ideeën toegekend", "value": "3"},
                {"label": "Bezwaren ontvangen en beantwoord", "value": "1"},
            ],
            income_cents=10_000_000,
            spent_cents=2_715_000,
            financial_notes="Ontvangen: de helft van het jaarlijkse wijkbudget. Besteed: € 25.250 aan de drie "
            "toegekende ideeën en € 1.900 aan zaalhuur en de wijkkrant. Het restant blijft beschikbaar voor de "
            "najaarsronde.",
        )
        services.publish_report(user=sanne, report=report)
        services.comment_on_report(
            user=anouk,
            report=report,
            text="Fijn om te lezen wat er met het geld gebeurt. Komt er ook een ronde voor ouderen?",
        )
        created += 1
    completed = Idea.objects.filter(status="completed").select_related("author", "place").order_by("pk")
    idea = completed.filter(title=FRIDGE).first() or completed.first()
    if idea is not None:
        writer = next(
            (
                user
                for user in [idea.author, *users.values()]
                if user is not None and user.has_perm("decisions.write_report", idea)
            ),
            None,
        )
        if writer is not None:
            fields = _fridge_report() if idea.title == FRIDGE else _idea_report(idea)
            report = services.write_report(
                user=writer,
                idea=idea,
                audience="wijk",
                period_start=min(idea.created_at.date(), _days(-30)),
                period_end=_days(-1),
                **fields,
            )
            services.publish_report(user=writer, report=report)
            created += 1
    return created


FRIDGE = "Buurtkoelkast bij het buurthuis"  # the completed idea of the initiatives demo


def _fridge_report() -> dict:
    return {
        "title": "Een jaar buurtkoelkast: hoe het ging",
        "formats": ["story", "key_figures", "financial"],
        "story": "Sinds een jaar staat de buurtkoelkast in de hal van het buurthuis. Buren zetten er eten in dat "
        "ze over hebben, en halen eruit wat ze kunnen gebruiken.\n\n"
        "**Wat goed ging:** elke week komen er zo'n veertig buren langs, en het rooster van vrijwilligers is vol. "
        "De Voedselbank hielp ons met de regels voor voedselveiligheid.\n\n"
        "**Wat lastig was:** in de zomer was de koelkast soms te vol met brood. We hangen nu een briefje op "
        "met wat er wel en niet in mag.\n\n"
        "**Hoe verder:** het buurthuis blijft de stroom betalen; wij zoeken nog twee vrijwilligers voor de "
        "zaterdag.",
        "key_figures": [
            {"label": "Buren per week", "value": "ongeveer 40"},
            {"label": "Vrijwilligers op het rooster", "value": "12"},
            {"label": "Weken open", "value": "52"},
        ],
        "income_cents": 85_000,
        "spent_cents": 81_240,
        "financial_notes": "Ontvangen uit het wijkbudget: € 850. Uitgegeven: koelkast met glazen deur € 649,00, "
        "thermometer € 24,95 en hygiënemiddelen € 138,45. De resterende € 37,60 gaat terug naar het wijkbudget.",
    }


def _idea_report(idea) -> dict:
    return {
        "title": f"Hoe het ging: {idea.title}",
        "formats": ["story"],
        "story": f"“{idea.title}” is afgerond. Bewoners hebben het idee samen uitgevoerd, met hulp van de "
        "ideeënmakelaar van de gemeente.\n\n"
        "**Wat goed ging:** buren die elkaar nog niet kenden, werkten samen. **Wat lastig was:** het regelen "
        "kostte meer tijd dan verwacht. Een volgende keer beginnen we daar eerder mee.",
    }
