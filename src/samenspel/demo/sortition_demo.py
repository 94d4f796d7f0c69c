"""Demo: the Coöperatieve Wijkraad Oosterparkwijk drawn by lot (seed 003: 11 residents by lot
from the population register, age 16+, decliners replaced by a new draw, 003:613, 003:769).

The register is SYNTHETIC: about 1,500 invented residents aged 16 and older, on invented
streets, whose gender split follows the wijk's CBS figures (6,385 men, 6,585 women) and whose
age bands follow a student-rich city neighbourhood. Nobody in it is a real person. The draw
runs through the same services as the app: upload (encrypted), 250 letters spread over the
buurten, about 80 yes-replies skewed towards older residents and women (self-selection,
003:994-1000), quotas from the figures, the public commitment, LEXIMIN, the seed, seating, one
decliner and its replacement. The register extract is deleted when the replies close."""

import random

from django.db import transaction

from samenspel.core.models import Channel
from samenspel.sortition import register, services
from samenspel.sortition.models import Draw, Invitation, age_band

TITLE = "Coöperatieve Wijkraad Oosterparkwijk 2026"
PURPOSE = (
    "De Coöperatieve Wijkraad besluit samen met zes gemeenteraadsleden over het wijkbudget en de "
    "wijkagenda van de Oosterparkwijk. Elf bewoners worden door loting gekozen, zodat de raad een "
    "eerlijke afspiegeling van de wijk is. Je hoeft niets te weten van politiek: jouw ervaring met de "
    "wijk telt."
)
REGISTER_SIZE = 1500
LETTERS = 250
SEED_SOURCE = "de eerste 6 cijfers van de trekking van de Staatsloterij van 10 januari 2026"
SEED = "482913"
REPLACEMENT_SOURCE = "de eerste 6 cijfers van de trekking van de Staatsloterij van 10 februari 2026"
REPLACEMENT_SEED = "175204"

# Invented buurten and streets (the demo's own division of the wijk, not CBS buurten).
BUURTEN = {"Noord": 0.30, "Midden": 0.25, "Zuid": 0.25, "Oost": 0.20}
STREETS = {
    "Noord": ["Proefstraat", "Voorbeeldlaan"],
    "Midden": ["Oefenplein", "Lotingstraat"],
    "Zuid": ["Fictieweg", "Verzinsingkade"],
    "Oost": ["Demostraat", "Bedachtstraat"],
}
POSTCODES = {"Noord": "9999 AA", "Midden": "9999 AB", "Zuid": "9999 AC", "Oost": "9999 AD"}
AGE_SHARES = {(16, 24): 0.22, (25, 44): 0.38, (45, 64): 0.24, (65, 95): 0.16}
MEN, WOMEN = 6385, 6585  # CBS 2024, Oosterparkwijk (WK001404)
FIRST_NAMES = [
    "Anna", "Bram", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Jesse", "Kim", "Lars", "Mila", "Noor",
    "Omar", "Pim", "Roos", "Sem", "Tess", "Umut", "Vera", "Wout", "Yara", "Zeynep", "Ahmed", "Lieke", "Tom",
]  # fmt: skip
LAST_NAMES = [
    "de Boer", "Bakker", "Mulder", "de Vries", "Smit", "Meijer", "Visser", "Jansen", "Dijkstra", "Bos",
    "Kramer", "Hoekstra", "Postma", "Yilmaz", "El Amrani", "Wiersma", "Zijlstra", "Kuipers",
]  # fmt: skip


def synthetic_register(size: int = REGISTER_SIZE, seed: int = 2026) -> list[register.Resident]:
    """`size` invented residents aged 16+, living 1 to 3 to an address."""
    rng = random.Random(seed)  # noqa: S311 - invented demo data, reproducible on purpose
    residents = []
    house = 0
    buurten, weights = list(BUURTEN), list(BUURTEN.values())
    while len(residents) < size:
        house += 1
        buurt = rng.choices(buurten, weights)[0]
        street = rng.choice(STREETS[buurt])
        address = f"{street} {house}"
        last = rng.choice(LAST_NAMES)
        for _ in range(min(rng.choices([1, 2, 3], [45, 40, 15])[0], size - len(residents))):
            low, high = rng.choices(list(AGE_SHARES), list(AGE_SHARES.values()))[0]
            gender = rng.choices(["man", "woman", "other"], [MEN, WOMEN, 40])[0]
            residents.append(
                register.Resident(
                    id=f"DEMO{len(residents) + 1:05d}",
                    age=rng.randint(low, high),
                    gender=gender,
                    buurt=buurt,
                    address=address,
                    name=f"{rng.choice(FIRST_NAMES)} {last}",
                    postcode=POSTCODES[buurt].replace(" ", ""),
                    city="Groningen",
                )
            )
    return residents


def _says_yes(rng, resident) -> bool | None:
    """Self-selection: older residents and women say yes more often; most letters get no reply."""
    chance = {"16-24": 0.14, "25-44": 0.21, "45-64": 0.36, "65+": 0.48}[age_band(resident.age)]
    chance *= 1.25 if resident.gender == "woman" else 0.85
    if resident.buurt == "Noord":
        chance *= 1.3
    roll = rng.random()
    if roll < chance:
        return True
    if roll < chance + 0.15:
        return False
    return None


def _initials(name: str) -> str:
    first, *rest = name.split()
    return f"{first[0]}.{rest[-1][0].upper()}." if rest else f"{first[0]}."


def _draw(official, selection, seed: str):
    selection = services.commit(user=official, selection=selection)
    return services.reveal_seed(user=official, selection=selection, seed=seed)


def _compute(official, selection):
    """Apply the smallest relaxation if the quotas cannot all hold with this pool."""
    for _ in range(3):
        if selection.task_state != "infeasible":
            break
        selection = services.apply_relaxation(user=official, selection=selection, run_now=True)
    return selection


@transaction.atomic
def load(users, places, organisations) -> int:
    """Returns the number of draws created (0 when the demo draw exists already)."""
    if Draw.objects.filter(title=TITLE).exists():
        return 0
    official = users["fatima@gemeente-groningen.example"]
    place = places["WK001404"]
    draw = services.create_draw(
        user=official,
        place=place,
        organisation=organisations.get("cwr"),
        title=TITLE,
        purpose=PURPOSE,
        seats=11,
        min_age=16,
        stratify_by_buurt=True,
        contact="Gebiedsteam Oost, telefoon 14 050 (op werkdagen), of kom langs in het wijkcentrum.",
    )
    residents = synthetic_register()
    by_id = {r.id: r for r in residents}
    services.upload_extract(user=official, draw=draw, residents=residents)
    services.draw_invitations(user=official, draw=draw, count=LETTERS)

    rng = random.Random(6)  # noqa: S311 - who replies in the demo, reproducible on purpose
    channels = [Channel.ONLINE] * 8 + [Channel.PAPER, Channel.PHONE]
    for invitation in Invitation.objects.filter(draw=draw).order_by("number"):
        letter = register.decrypt(invitation.letter)
        person = by_id[letter["ids"][0]]
        answer = _says_yes(rng, person)
        if answer is None:
            continue
        street, number = person.address.rsplit(" ", 1)
        kwargs = {
            "code": letter["code"],
            "accept": answer,
            "features": {"age": age_band(person.age), "gender": person.gender, "buurt": person.buurt},
            "postcode": person.postcode,
            "house_number": number,
            "initials": _initials(person.name),
            "consent": answer,
        }
        channel = rng.choice(channels)
        if channel == Channel.ONLINE:
            services.reply(**kwargs)
        else:
            services.enter_reply(user=official, draw=draw, channel=channel, **kwargs)
    services.close_replies(user=official, draw=draw)  # deletes the register extract
    services.calculate_quotas(user=official, draw=draw)

    selection = services.start_selection(user=official, draw=draw, seed_source=SEED_SOURCE, run_now=True)
    selection = _compute(official, selection)
    chosen = sorted(_draw(official, selection, SEED), key=lambda r: r.pool_id)
    decliner, *accepting = chosen
    for respondent in accepting:
        services.seat(user=official, respondent=respondent)
    services.release(user=official, respondent=decliner, reason="Verhuist binnenkort naar een andere stad.")

    replacement = services.start_replacement(
        user=official,
        draw=draw,
        seed_source=REPLACEMENT_SOURCE,
        reason="Een gelote bewoner nam de zetel niet aan (verhuist).",
        run_now=True,
    )
    replacement = _compute(official, replacement)
    for respondent in _draw(official, replacement, REPLACEMENT_SEED):
        services.seat(user=official, respondent=respondent)
    return 1
