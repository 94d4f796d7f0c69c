"""Demo neighbourhood panel: the wijkpanel of Oosterparkwijk (seed 003: 400 residents by lot,
consulted online), with invented members and answers. Everything here is synthetic.

- About 400 members: most invited by lot with a code and no account (a few have not accepted
  yet, a few take a break, a few left), and three residents of the demo who signed up with
  their account. Most shared a profile; some declined single questions.
- Population shares: men and women are the real CBS figures of Oosterparkwijk (from the places
  app); age bands and household types are NOT in the demo's CBS data, so the panel carries
  invented shares for them, labelled as such (`ReferenceShare`, source "demo figures").
- A finished consultation about the Oosterpark's green spaces (six questions of every kind),
  answered by about 230 members with a skewed response: older people and women answered more
  often, and their answers differ, so the representativeness view shows who is missing and the
  weighted result differs visibly from the unweighted one. Some answers came in on paper.
- An open consultation about places to play, with a few answers so far.

The bulk of the answers is made with bulk_create from a seeded random generator; the residents'
own answers, the paper forms and the invitations go through the services (audited).
Needs the demo's people and places: call `load` after the other demos; it does nothing when
the Oosterpark panel exists. `DEMO_CODE` is the invitation code of one member who has not
accepted yet, for trying the code flow."""

import datetime
import random

from django.utils import timezone

from samenspel.core.models import Channel
from samenspel.panel import services
from samenspel.panel.models import (
    AgeBand,
    Answer,
    Consultation,
    Dimension,
    Education,
    Gender,
    Household,
    MemberStatus,
    Panel,
    PanelMember,
    QuestionKind,
    ReferenceShare,
    Response,
)

SEED = 3  # seed 003
DAY = datetime.timedelta(days=1)
MEMBERS = 400
DEMO_CODE = "WKPN-2626-DEMX"

FATIMA = "fatima@gemeente-groningen.example"
RESIDENTS = ["anouk@oosterpark.example", "sanne@oosterpark.example", "erik@oosterpark.example"]

DEMO_SOURCE = "Demo figures, invented for illustration (not CBS)"
AGE_SHARES = {AgeBand.AGE_16_24: 22, AgeBand.AGE_25_44: 38, AgeBand.AGE_45_64: 24, AgeBand.AGE_65_PLUS: 16}
HOUSEHOLD_SHARES = {Household.SINGLE: 58, Household.WITHOUT_CHILDREN: 26, Household.WITH_CHILDREN: 16}
EDUCATION_MIX = {Education.LOW: 0.25, Education.MIDDLE: 0.35, Education.HIGH: 0.40}

GREEN_QUESTIONS = [
    (
        QuestionKind.SINGLE,
        "Hoe vaak komt u in het Oosterpark?",
        ["Bijna elke dag", "Elke week", "Elke maand", "Bijna nooit"],
        {},
    ),
    (
        QuestionKind.MULTIPLE,
        "Wat doet u in het park?",
        [
            "Wandelen",
            "Sporten",
            "Met kinderen spelen",
            "De hond uitlaten",
            "Vrienden ontmoeten",
            "Op een bankje zitten",
        ],
        {},
    ),
    (
        QuestionKind.SCALE,
        "Hoe tevreden bent u over het groen in het park?",
        [],
        {"scale": (1, 5), "label_low": "heel ontevreden", "label_high": "heel tevreden"},
    ),
    (
        QuestionKind.SCALE,
        "Hoe veilig voelt u zich 's avonds in het park?",
        [],
        {"scale": (0, 10), "label_low": "helemaal niet veilig", "label_high": "heel veilig"},
    ),
    (
        QuestionKind.RANKING,
        "Wat moet er eerst gebeuren? Zet in volgorde.",
        ["Meer bomen en bloemen", "Betere verlichting", "Een sportveldje", "Meer bankjes", "Ruimte voor het wijkfeest"],
        {},
    ),
    (QuestionKind.TEXT, "Heeft u nog een idee voor het groen in het park?", [], {}),
]
PLAY_QUESTIONS = [
    (
        QuestionKind.SINGLE,
        "Is er bij u in de buurt genoeg plek om te spelen?",
        ["Ja", "Een beetje", "Nee", "Weet ik niet"],
        {},
    ),
    (
        QuestionKind.MULTIPLE,
        "Voor wie moeten er meer speelplekken komen?",
        ["Peuters", "Kinderen van 4 tot 12", "Tieners", "Volwassenen (sport)"],
        {},
    ),
    (QuestionKind.TEXT, "Waar zou een nieuwe speelplek moeten komen?", [], {}),
]
IDEAS = [
    "Een pluktuin met fruitbomen bij de speeltuin.",
    "Meer lampen langs het pad naar de Oosterhamrikkade.",
    "Bankjes in de schaduw, voor ouderen die even willen uitrusten.",
    "Een veldje om te voetballen voor de tieners.",
    "Minder maaien, meer bloemen voor de bijen.",
    "Een watertappunt voor wandelaars en honden.",
    "Een vaste plek voor het wijkfeest met stroom.",
    "Een hondenuitlaatplek apart van de speelplaats.",
]


def _profile(rng) -> dict:
    """A synthetic resident, roughly like the neighbourhood (the panel was drawn by lot)."""
    age = rng.choices(list(AGE_SHARES), weights=list(AGE_SHARES.values()))[0]
    gender = rng.choices([Gender.WOMAN, Gender.MAN, Gender.OTHER], weights=[50, 48, 2])[0]
    single = 70 if age == AgeBand.AGE_16_24 else 45
    household = rng.choices(list(HOUSEHOLD_SHARES), weights=[single, 30, 5 if age == AgeBand.AGE_16_24 else 25])[0]
    education = rng.choices(list(EDUCATION_MIX), weights=list(EDUCATION_MIX.values()))[0]
    profile = {"age_band": age, "gender": gender, "household": household, "education": education}
    for key in profile:  # some decline single questions
        if rng.random() < 0.05:
            profile[key] = ""
    return profile


def _responds(rng, profile) -> bool:
    """Skewed response: older people and women answer more often."""
    p = {AgeBand.AGE_16_24: 0.25, AgeBand.AGE_25_44: 0.45, AgeBand.AGE_45_64: 0.8, AgeBand.AGE_65_PLUS: 0.95}.get(
        profile.get("age_band"), 0.5
    )
    if profile.get("gender") == Gender.WOMAN:
        p = min(1.0, p * 1.3)
    elif profile.get("gender") == Gender.MAN:
        p *= 0.75
    return rng.random() < p


def _green_answers(rng, profile, questions) -> list[dict]:
    """Answers that depend on age and gender, so weighting changes the result."""
    old = profile.get("age_band") in (AgeBand.AGE_45_64, AgeBand.AGE_65_PLUS)
    young = profile.get("age_band") == AgeBand.AGE_16_24
    woman = profile.get("gender") == Gender.WOMAN
    q1, q2, q3, q4, q5, q6 = questions
    answers = [
        {"question": q1, "choices": [rng.choices(range(4), weights=[4, 4, 2, 1] if old else [2, 4, 3, 2])[0]]},
        {
            "question": q2,
            "choices": sorted(
                i
                for i, p in enumerate(
                    [0.8, 0.7 if young else 0.2, 0.5 if profile.get("household") == "with_children" else 0.05]
                    + [0.25, 0.6 if young else 0.3, 0.6 if old else 0.15]
                )
                if rng.random() < p
            )
            or [0],
        },
        {"question": q3, "number": max(1, min(5, round(rng.gauss(3.8 if old else 3.0, 0.8))))},
        {"question": q4, "number": max(0, min(10, round(rng.gauss(4.5 if woman else 6.8, 1.8))))},
    ]
    base = [3.0, 3.0 + (1.5 if woman else 0) + (1.0 if old else 0), 3.5 if young else 0.3, 3.0 if old else 0.5]
    base.append(2.5 if young else 1.0)
    keys = [b + rng.random() * 2.5 for b in base]
    answers.append({"question": q5, "choices": sorted(range(5), key=lambda i: -keys[i])})
    if rng.random() < 0.3:
        answers.append({"question": q6, "text": rng.choice(IDEAS)})
    return answers


def _consultation(official, panel, title, intro, questions, opens_at, closes_at) -> Consultation:
    """Made in the future so its questions can be added, then moved to its real dates."""
    now = timezone.now()
    consultation = services.create_consultation(
        user=official,
        place=panel.place,
        panel=panel,
        title=title,
        intro=intro,
        opens_at=now + DAY,
        closes_at=now + 2 * DAY,
    )
    for kind, text, options, extra in questions:
        services.add_question(user=official, consultation=consultation, kind=kind, text=text, options=options, **extra)
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=opens_at, closes_at=closes_at)
    consultation.refresh_from_db()
    return consultation


def load(users, places, organisations) -> int:
    """Returns the number of consultations made (0 when the panel exists already)."""
    place = places["WK001404"]
    if Panel.objects.filter(place=place).exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - invented members and answers, reproducible; nothing secret
    official = users[FATIMA]
    panel = services.create_panel(
        user=official,
        place=place,
        title="Wijkpanel Oosterparkwijk",
        description=(
            "Vierhonderd bewoners van de Oosterparkwijk, de meesten door loting uitgenodigd, geven een paar keer per "
            "jaar hun mening over de wijk. Iedereen uit de wijk mag zich ook zelf aanmelden."
        ),
        max_requests=4,
        period_days=365,
    )
    for dimension, shares in ((Dimension.AGE_BAND, AGE_SHARES), (Dimension.HOUSEHOLD, HOUSEHOLD_SHARES)):
        ReferenceShare.objects.bulk_create(
            ReferenceShare(panel=panel, dimension=dimension, category=c, share=s, source=DEMO_SOURCE, year=2024)
            for c, s in shares.items()
        )

    # Members invited by lot (codes; the letters themselves are the sortition app's work).
    batch = services.issue_invitation_codes(user=official, panel=panel, count=MEMBERS - len(RESIDENTS))
    now = timezone.now()
    joined = now - 120 * DAY
    members, profiles = [], {}
    for i, member in enumerate(batch.members):
        roll = rng.random()
        if i == 0:
            member.code_hash = services.code_hash(DEMO_CODE)  # stays invited: try the code flow with it
            continue
        if roll < 0.06:
            continue  # has not accepted the invitation
        member.status, member.joined_at = MemberStatus.ACTIVE, joined + rng.randrange(0, 20) * DAY
        if roll > 0.985:
            member.status, member.left_at, member.code_hash = MemberStatus.LEFT, now - 10 * DAY, ""
        elif roll > 0.96:
            member.status, member.paused_until = MemberStatus.PAUSED, (now + 60 * DAY).date()
        if member.status != MemberStatus.LEFT and rng.random() < 0.93:
            profile = _profile(rng)
            member.consent_at = member.joined_at
            for key, value in profile.items():
                setattr(member, key, value)
            profiles[member.pk] = member.profile()
        members.append(member)
    PanelMember.objects.bulk_update(
        [*members, batch.members[0]],
        [
            "code_hash",
            "status",
            "joined_at",
            "left_at",
            "paused_until",
            "consent_at",
            "age_band",
            "gender",
            "household",
            "education",
        ],
        batch_size=500,
    )
    own = []
    for email, profile in zip(
        RESIDENTS,
        [
            {"age_band": AgeBand.AGE_25_44, "gender": Gender.WOMAN, "household": Household.WITH_CHILDREN},
            {"age_band": AgeBand.AGE_45_64, "gender": Gender.WOMAN, "household": Household.WITHOUT_CHILDREN},
            {"age_band": AgeBand.AGE_65_PLUS, "gender": Gender.MAN, "household": Household.SINGLE},
        ],
        strict=True,
    ):
        member = services.join_panel(user=users[email], panel=panel)
        own.append(services.save_profile(user=users[email], member=member, consent=True, **profile))

    # The finished consultation: open 45 to 31 days ago.
    green = _consultation(
        official,
        panel,
        "Het groen in het Oosterpark",
        "Het Oosterpark krijgt een opknapbeurt. Voordat we plannen maken, willen we weten hoe u het park nu "
        "gebruikt en wat er volgens u eerst moet gebeuren. De Coöperatieve Wijkraad gebruikt de uitkomst bij "
        "het besluit over het wijkbudget.",
        GREEN_QUESTIONS,
        now - 45 * DAY,
        now + 3 * DAY,
    )
    services.invite_members(user=official, consultation=green)
    questions = list(green.questions.all())
    responses, answer_sets = [], []
    paper = []
    active = [m for m in members if m.status in (MemberStatus.ACTIVE, MemberStatus.PAUSED)]
    for member in active:
        profile = profiles.get(member.pk, {})
        if not _responds(rng, profile):
            continue
        if rng.random() < 0.06:
            paper.append(member)
            continue
        at = now - rng.randrange(32, 45) * DAY
        responses.append(
            Response(
                consultation=green,
                member=member,
                channel=Channel.ONLINE,
                profile=profile,
                submitted_at=at,
                updated_at=at,
            )
        )
        answer_sets.append(_green_answers(rng, profile, questions))
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        Answer(response=r, **a) for r, answers in zip(responses, answer_sets, strict=True) for a in answers
    )
    for member in own[:2]:
        answers = _green_answers(rng, member.profile(), questions)
        services.submit_response(
            user=member.user, consultation=green, answers={a["question"].pk: _value(a) for a in answers}
        )
    for member in paper:
        answers = _green_answers(rng, profiles.get(member.pk, {}), questions)
        services.enter_paper_response(
            user=official,
            consultation=green,
            answers={a["question"].pk: _value(a) for a in answers},
            member_number=member.number,
        )
    closes = now - 31 * DAY
    Consultation.objects.filter(pk=green.pk).update(
        closes_at=closes, invitations_sent_at=now - 45 * DAY, reminder_sent_at=now - 38 * DAY
    )
    green.invitations.update(invited_at=now - 45 * DAY)
    green.responses.filter(submitted_at__gt=closes).update(submitted_at=closes - 2 * DAY, updated_at=closes - 2 * DAY)

    # The open consultation: until three weeks from now.
    play = _consultation(
        official,
        panel,
        "Speelplekken in de wijk",
        "Waar spelen kinderen en tieners in de Oosterparkwijk, en wat mist er? Uw antwoorden helpen bij de "
        "wijkagenda van volgend jaar.",
        PLAY_QUESTIONS,
        now - 2 * DAY,
        now + 21 * DAY,
    )
    services.invite_members(user=official, consultation=play)
    q1, q2, _q3 = play.questions.all()
    for member in active[:12]:
        services.submit_response(
            user=None,
            consultation=play,
            member=member,
            answers={q1.pk: rng.randrange(4), q2.pk: sorted(rng.sample(range(4), rng.randint(1, 3)))},
        )
    return 2


def _value(answer: dict):
    kind = answer["question"].kind
    if kind == QuestionKind.SCALE:
        return answer["number"]
    if kind == QuestionKind.TEXT:
        return answer["text"]
    if kind == QuestionKind.SINGLE:
        return answer["choices"][0]
    return answer["choices"]
