"""Demo trajectories of the Gronings model, one per archetype and at different steps:

- Oosterparkwijk (Groningen): the Coöperatieve Wijkraad decides on the wijkbudget (level 3),
  signed, approved by the council, in force, and evaluated once.
- Marum (Westerkwartier): the village drives its own agenda (level 2), signed and in force.
- Noordwest (Groningen): step 1, conversations held, blank spots still open (level 1 accent).
- Noorddijk e.o. (Lewenborg, Groningen): a wijkbudget at level 3, signed by both sides and
  waiting for the council's decision.
- Helpman e.o. (Groningen): an incongruent draft that shows what the check asks for.

Built through the same services as the pages, by the demo's officials and residents."""

import datetime

from django.utils import timezone

from samenspel.agreements import services
from samenspel.agreements.models import BlankSpot, PraatplaatQuestion, SessionFormat, SignatureSide
from samenspel.core.models import Channel

LEVEL3_SAFEGUARDS = [
    "G-IS-1",
    "G-IS-2",
    "G-IS-3",
    "G-IS-4",
    "G-IS-5",
    "G-IS-6",
    "G-TR-1",
    "G-TR-2",
    "G-TR-3",
    "G-TR-4",
    "G-TR-5",
    "G-ZG-1",
    "G-ZG-2",
    "G-ZG-3",
    "G-ZG-4",
    "G-ZG-5",
    "G-GG-1",
    "G-GG-2",
    "G-GG-3",
]
LEVEL2_SAFEGUARDS = ["G-IS-1", "G-IS-2", "G-IS-5", "G-TR-1", "G-TR-2", "G-TR-3", "G-ZG-1", "G-ZG-2", "G-GG-1", "G-GG-3"]
LEVEL1_SAFEGUARDS = ["G-TR-1", "G-TR-2", "G-ZG-1"]


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _roles(level: int) -> list[tuple[str, str, str]]:
    """A role matrix that fits the level (the shape of the archetypes, 003:135-176)."""
    if level == 3:
        return [
            ("think", "directs", "wijk_body"),
            ("think", "advises", "residents"),
            ("think", "facilitates", "area_team"),
            ("decide", "decides", "wijk_body"),
            ("decide", "advises", "area_team"),
            ("do", "organises", "wijk_body"),
            ("do", "carries_out", "residents"),
            ("do", "facilitates", "area_team"),
            ("learn", "accounts", "wijk_body"),
            ("learn", "organises", "area_team"),
        ]
    if level == 2:
        return [
            ("think", "directs", "resident_organisation"),
            ("think", "facilitates", "area_team"),
            ("decide", "decides", "together"),
            ("do", "organises", "resident_organisation"),
            ("do", "facilitates", "area_team"),
            ("learn", "accounts", "resident_organisation"),
        ]
    return [
        ("think", "advises", "resident_organisation"),
        ("think", "organises", "area_team"),
        ("decide", "decides", "college"),
        ("do", "carries_out", "area_team"),
        ("learn", "accounts", "college"),
    ]


def _answer_questions(user, session, level, texts, unclear_codes=(), channel=Channel.MEETING, on_behalf=""):
    questions = {q.code: q for q in PraatplaatQuestion.objects.filter(min_level__lte=level)}
    answers = [
        {"question": questions[code], "text": text, "unclear": code in unclear_codes}
        for code, text in texts.items()
        if code in questions
    ]
    services.save_answers(user=user, session=session, answers=answers, channel=channel, on_behalf_of=on_behalf)


def _scope(user, version, level, title, kind, safeguards, actions, **extra):
    item = services.save_scope_item(user=user, version=version, title=title, kind=kind, level=level, **extra)
    services.set_roles(user=user, item=item, assignments=_roles(level))
    services.set_safeguards(user=user, version=version, scope_item=item, codes=safeguards)
    for title_, side, owner, days in actions:
        services.add_action(
            user=user,
            version=version,
            scope_item=item,
            title=title_,
            owner_side=side,
            owner_name=owner,
            due_date=_days(days),
        )
    return item


def load(users: dict, places: dict, organisations: dict) -> int:
    official = users["fatima@gemeente-groningen.example"]
    facilitator = users["joost@procesbegeleiding.example"]
    alderman = users["wethouder@gemeente-groningen.example"]
    council_member = users["raadslid@gemeente-groningen.example"]
    cwr_member = users["sanne@oosterpark.example"]
    village_official = users["henk@gemeente-westerkwartier.example"]
    village_rep = users["gerda@marum.example"]

    # --- Oosterparkwijk: level 3, in force, evaluated ---------------------------------
    oosterpark = places["WK001404"]
    t = services.start_trajectory(
        user=official,
        place=oosterpark,
        title="Wijkdemocratie in de Oosterparkwijk",
        desired_level=3,
        description="De Coöperatieve Wijkraad (elf bewoners door loting en zes raadsleden) krijgt zeggenschap "
        "over het wijkbudget.",
    )
    services.add_participant(user=official, trajectory=t, kind="wijk_body", organisation=organisations["cwr"])
    services.add_participant(
        user=official, trajectory=t, kind="resident_organisation", organisation=organisations["bo-oosterpark"]
    )
    services.add_participant(user=official, trajectory=t, kind="facilitator", name="Joost Hendriks", person=facilitator)
    services.add_participant(user=official, trajectory=t, kind="college", name="Wethouder Mulder", person=alderman)
    s1 = services.record_session(
        user=official,
        trajectory=t,
        held_on=_days(-240),
        format=SessionFormat.PHYSICAL,
        location="Buurthuis Oosterparkwijk",
        participant_count=34,
        notes="Eerste gesprek met de praatplaat, aan vier tafels.",
    )
    _answer_questions(
        official,
        s1,
        3,
        {
            "Q-DNA-1": "Een oude arbeiderswijk met een sterke eigen identiteit; mensen voelen zich Oosterparker.",
            "Q-DNA-3": "Het Oosterpark, het buurthuis, de voedselbank en de huiswerkbegeleiding.",
            "Q-ZEG-3": "De CWR regisseert en besluit over het wijkbudget; het gebiedsteam faciliteert.",
            "Q-ZEG-4": "De wijk wil zelf besluiten over het wijkbudget (niveau 3).",
            "Q-ZEG-5": "De CWR: elf bewoners door loting, zes raadsleden. Namens wie precies is nog onduidelijk.",
            "K-IS-1": "Jongeren en nieuwe bewoners ontbreken nog aan tafel.",
            "K-IS-5": "Via het wijkpanel van 400 bewoners en de website 'Oosterpark, altijd een goed idee'.",
            "K-TR-4": "De CWR vergadert openbaar, elke maand op een vaste avond.",
        },
        unclear_codes={"Q-ZEG-5"},
        on_behalf="tafels in het buurthuis",
    )
    s2 = services.record_session(
        user=facilitator,
        trajectory=t,
        held_on=_days(-210),
        format=SessionFormat.HYBRID,
        location="Buurthuis en online",
        participant_count=21,
    )
    _answer_questions(
        facilitator,
        s2,
        3,
        {
            "K-ZG-3": "Werkgroepen bereiden voor, de CWR besluit; bezwaar kan bij de CWR en daarna bij het college.",
            "K-ZG-4": "De CWR legt twee keer per jaar verantwoording af aan de wijk en aan de gemeente.",
            "K-GG-4": "Ja: een onafhankelijke procesbegeleider helpt bij vergaderen en besluiten.",
            "Q-RK-2": "Een wijkbudget waarover bewoners stemmen via een ideeënronde.",
        },
    )
    for spot in BlankSpot.objects.filter(trajectory=t):
        services.resolve_blank_spot(
            user=official,
            spot=spot,
            action_title="Vertegenwoordiging van de CWR beschrijven en publiceren",
            owner_side="wijk",
            owner_name="Coöperatieve Wijkraad",
            due_date=_days(-150),
        )
    v = services.start_agreement(user=official, trajectory=t)
    services.save_version_details(
        user=official,
        version=v,
        summary="De Coöperatieve Wijkraad besluit over het wijkbudget; de wijk jaagt de groene wijkagenda aan; "
        "over verkeer adviseert de wijk.",
        representation_statement="De Coöperatieve Wijkraad: elf bewoners door loting uit het bevolkingsregister "
        "(16+), aangevuld bij weigering met een nieuwe loting, en zes raadsleden. Zij spreken namens de wijk binnen "
        "het mandaat over het wijkbudget.",
        accountability_to_wijk=True,
        accountability_to_gemeente=True,
        accountability_frequency="Twee keer per jaar: een openbare wijkavond en een verslag aan de gemeente.",
        valid_until=_days(3 * 365),
    )
    services.set_safeguards(user=official, version=v, codes=["G-TR-1", "G-TR-2", "G-ZG-1"])
    _scope(
        official,
        v,
        3,
        "Wijkbudget Oosterparkwijk",
        "budget",
        LEVEL3_SAFEGUARDS,
        [
            ("Ideeënronde 'Oosterpark, altijd een goed idee' openen", "wijk", "Coöperatieve Wijkraad", -120),
            ("Uitkomst van de stemming publiceren met toelichting", "wijk", "Coöperatieve Wijkraad", -60),
            ("Budget en bestedingen op de open begroting zetten", "gemeente", "gebiedsteam", 30),
        ],
        desired_level=3,
        ownership=2,
        council_role="frame_setting",
        budget_cents=20_000_000,
        instruments=["buurtbudget", "ideeenronde", "wijkpanel", "loting"],
        description="€ 200.000 per jaar voor ideeën van bewoners. De CWR besluit; bewoners stemmen mee.",
    )
    _scope(
        official,
        v,
        2,
        "Groen en spelen in de wijk",
        "agenda_part",
        LEVEL2_SAFEGUARDS,
        [
            ("Groene wijkagenda opstellen met bewoners", "wijk", "werkgroep Groen", 45),
            ("Kosten en planning van speelplekken aanleveren", "gemeente", "gebiedsteam", 60),
        ],
        desired_level=2,
        ownership=2,
        instruments=["buurtbijeenkomst", "werkgroep"],
    )
    _scope(
        official,
        v,
        1,
        "Verkeer en parkeren",
        "theme",
        LEVEL1_SAFEGUARDS,
        [
            (
                "Advies van de wijk over parkeren meenemen in het stedelijk parkeerplan",
                "gemeente",
                "afdeling Verkeer",
                90,
            ),
        ],
        desired_level=2,
        is_citywide=True,
        ownership=4,
        council_role="deciding",
        level_justification="Parkeren is een stedelijk vraagstuk: de wijk adviseert, de raad besluit.",
        instruments=["inspraak", "wijkadvies"],
    )
    services.submit_for_review(user=official, version=v)
    services.sign(
        user=cwr_member,
        version=v,
        side=SignatureSide.WIJK,
        name_shown="Sanne de Vries",
        capacity="voorzitter Coöperatieve Wijkraad Oosterparkwijk",
    )
    services.sign(
        user=alderman,
        version=v,
        side=SignatureSide.GEMEENTE,
        name_shown="Wethouder Mulder",
        capacity="wijkwethouder Oost, namens het college",
    )
    services.record_council_decision(
        user=council_member,
        municipality=oosterpark.root,
        decided_on=_days(-160),
        reference="RB-2026-041",
        title="Overdracht van het wijkbudget aan de Coöperatieve Wijkraad Oosterparkwijk",
        outcome="adopted",
        versions=[v],
    )
    services.activate(user=official, version=v)
    for item in v.scope_items.all():
        for action in item.actions.filter(due_date__lt=timezone.localdate()):
            services.set_action_status(user=official, action=action, status="done", done_on=action.due_date)
    for commitment in v.safeguard_commitments.filter(safeguard__code__in=["G-TR-4", "G-ZG-4", "G-IS-3", "G-TR-3"]):
        services.record_evidence(
            user=official,
            commitment=commitment,
            on=_days(-30),
            description="Verslag openbare wijkavond en besluitenlijst gepubliceerd",
        )
    evaluation = services.start_evaluation(user=official, version=v, held_on=_days(-7))
    _answer_questions(official, evaluation.session, 3, {}, channel=Channel.MEETING)
    questions = {q.code: q for q in PraatplaatQuestion.objects.exclude(compass_point="")}
    reflection = [
        ("K-IS-1", 3, "Jongeren doen nog weinig mee."),
        ("K-IS-5", 4, "Het wijkpanel werkt goed."),
        ("K-TR-3", 3, "De CWR is nog niet bekend genoeg in de wijk."),
        ("K-TR-4", 5, "Vergaderingen zijn openbaar en op vaste avonden."),
        ("K-ZG-3", 4, "Werkgroepen bereiden goed voor."),
        ("K-GG-1", 4, "Meer overleg vóór besluiten."),
        ("K-GG-2", 4, "De procesbegeleider helpt."),
    ]
    services.save_answers(
        user=official,
        session=evaluation.session,
        channel=Channel.MEETING,
        answers=[
            {"question": questions[c], "score": score, "text": text} for c, score, text in reflection if c in questions
        ],
    )
    services.refresh_evaluation(
        user=official,
        evaluation=evaluation,
        conclusion="Het model past. Aandachtspunt: de zichtbaarheid van de CWR in de wijk en het bereiken van "
        "jongeren.",
    )
    services.add_lesson(
        user=official,
        evaluation=evaluation,
        compass_point="transparency",
        kind="future_building_block",
        text="Laat regelmatig positieve resultaten zien, zodat de wijk de CWR kent.",
    )
    services.add_lesson(
        user=official,
        evaluation=evaluation,
        compass_point="every_voice",
        kind="future_building_block",
        text="Spreek jongeren direct aan op plekken waar zij al zijn.",
    )

    # --- Marum: level 2, signed and in force ---------------------------------------------
    marum = places["WK196911"]
    t = services.start_trajectory(user=village_official, place=marum, title="Dorpsdemocratie Marum", desired_level=2)
    services.add_participant(
        user=village_official, trajectory=t, kind="resident_organisation", organisation=organisations["db-marum"]
    )
    s = services.record_session(
        user=village_official,
        trajectory=t,
        held_on=_days(-120),
        format=SessionFormat.PHYSICAL,
        location="Dorpshuis Marum",
        participant_count=18,
    )
    _answer_questions(
        village_official,
        s,
        2,
        {
            "Q-DNA-3": "Het dorpshuis en de sportvelden; de verenigingen.",
            "Q-ZEG-4": "Het dorp wil zelf de dorpsagenda aanjagen (niveau 2).",
            "Q-ZEG-5": "Dorpsbelangen Marum, gekozen door de leden-inwoners op de jaarvergadering.",
            "K-IS-1": "Ouderen zonder auto en jonge gezinnen doen weinig mee.",
        },
    )
    v = services.start_agreement(user=village_official, trajectory=t)
    services.save_version_details(
        user=village_official,
        version=v,
        representation_statement="Dorpsbelangen Marum spreekt namens de inwoners; het bestuur wordt gekozen op de "
        "openbare jaarvergadering.",
        accountability_to_wijk=True,
        accountability_frequency="Jaarlijks op de dorpsavond.",
    )
    _scope(
        village_official,
        v,
        2,
        "Dorpsagenda Marum",
        "agenda_part",
        LEVEL2_SAFEGUARDS,
        [
            ("Dorpsagenda 2027 opstellen op de dorpsavond", "wijk", "Dorpsbelangen Marum", 60),
            ("Vervoer voor ouderen uitzoeken met de wensbus", "partner", "Wensbus Marum", 120),
        ],
        desired_level=2,
        ownership=2,
        instruments=["buurtbijeenkomst", "wijkkrant"],
    )
    services.submit_for_review(user=village_official, version=v)
    services.sign(
        user=village_rep,
        version=v,
        side=SignatureSide.WIJK,
        name_shown="Gerda",
        capacity="secretaris Dorpsbelangen Marum",
    )
    services.sign(
        user=village_official,
        version=v,
        side=SignatureSide.GEMEENTE,
        name_shown="Henk Smit",
        capacity="dorpencoördinator gemeente Westerkwartier",
    )
    services.activate(user=village_official, version=v)

    # --- Lewenborg: level 3, signed, waiting for the council ----------------------------------
    t = services.start_trajectory(
        user=official, place=places["WK001412"], title="Wijkbudget Lewenborg", desired_level=3
    )
    services.add_participant(
        user=official, trajectory=t, kind="collective", organisation=organisations["golvend-lewenborg"]
    )
    s = services.record_session(
        user=official,
        trajectory=t,
        held_on=_days(-90),
        format=SessionFormat.HYBRID,
        location="Het Dok, Lewenborg",
        participant_count=27,
    )
    _answer_questions(
        official,
        s,
        3,
        {
            "Q-DNA-3": "De kopgroep van vrijwilligers, de wijkkrant en de maandelijkse bijeenkomsten.",
            "Q-ZEG-4": "Lewenborg wil zelf over een deel van het wijkbudget besluiten.",
            "K-IS-4": "Een wijkraad van twaalf bewoners, voor de helft door loting gekozen.",
        },
    )
    v = services.start_agreement(user=official, trajectory=t)
    services.save_version_details(
        user=official,
        version=v,
        representation_statement="De wijkraad van Golvend Lewenborg: zes bewoners uit de kopgroep en zes door loting.",
        accountability_to_wijk=True,
        accountability_to_gemeente=True,
        accountability_frequency="Elk kwartaal in de wijkkrant; jaarlijks aan de gemeente.",
    )
    _scope(
        official,
        v,
        3,
        "Wijkbudget Lewenborg",
        "budget",
        LEVEL3_SAFEGUARDS,
        [
            ("Eerste ideeënronde voor het wijkbudget", "wijk", "Golvend Lewenborg", 90),
            ("Budget op de open begroting zetten", "gemeente", "gebiedsteam", 60),
        ],
        desired_level=3,
        ownership=2,
        council_role="frame_setting",
        budget_cents=7_500_000,
        instruments=["buurtbudget", "wijkpanel", "loting"],
    )
    services.submit_for_review(user=official, version=v)
    services.sign(
        user=users["ria@lewenborg.example"],
        version=v,
        side=SignatureSide.WIJK,
        name_shown="Ria",
        capacity="kopgroep Golvend Lewenborg",
    )
    services.sign(
        user=alderman,
        version=v,
        side=SignatureSide.GEMEENTE,
        name_shown="Wethouder Mulder",
        capacity="wijkwethouder, namens het college",
    )

    # --- Noordwest: step 1 with blank spots -----------------------------------------------
    t = services.start_trajectory(
        user=official, place=places["WK001410"], title="Wijkdemocratie in Noordwest", desired_level=1
    )
    services.add_participant(
        user=official, trajectory=t, kind="resident_organisation", organisation=organisations["bo-selwerd"]
    )
    s = services.record_session(
        user=official,
        trajectory=t,
        held_on=_days(-14),
        format=SessionFormat.PHYSICAL,
        location="Wijkcentrum",
        participant_count=12,
    )
    _answer_questions(
        official,
        s,
        1,
        {
            "Q-DNA-1": "Een wijk met veel studenten en jonge gezinnen naast bewoners die er al lang wonen.",
            "Q-ZEG-1": "Nog onduidelijk waar de bewonersvereniging over gaat en waar de gemeente.",
            "K-IS-1": "Wie ontbreekt er? Daar is nog geen zicht op.",
        },
        unclear_codes={"Q-ZEG-1", "K-IS-1"},
        on_behalf="tafelgesprek in het wijkcentrum",
    )

    # --- Helpman: an incongruent draft --------------------------------------------------------
    t = services.start_trajectory(user=official, place=places["WK001406"], title="Buurtbudget Helpman", desired_level=3)
    services.add_participant(user=official, trajectory=t, kind="collective", name="Bewonerscollectief Helpman")
    v = services.start_agreement(user=official, trajectory=t)
    item = services.save_scope_item(
        user=official,
        version=v,
        title="Buurtbudget Helpman",
        kind="budget",
        level=3,
        desired_level=3,
        budget_cents=5_000_000,
        instruments=["buurtbudget"],
    )
    services.set_roles(
        user=official,
        item=item,
        assignments=[
            ("think", "directs", "residents"),
            ("decide", "decides", "together"),
            ("do", "carries_out", "residents"),
        ],
    )
    services.set_safeguards(user=official, version=v, scope_item=item, codes=["G-TR-1", "G-ZG-1", "G-IS-1"])
    services.submit_for_review(user=official, version=v)
    return 5
