"""Loads the demo municipality: Groningen (wijken) and Westerkwartier (dorpen) with real CBS
figures and outlines, invented people for every role, and DNA items. Runs through the same
services as the app, so the demo's audit log is a real one."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.db import transaction
from django.utils.text import slugify

from samenspel.accounts.middleware import needs_two_factor
from samenspel.accounts.models import Organisation, User
from samenspel.accounts.services import grant_role
from samenspel.places.cbs_import import import_cbs
from samenspel.places.models import DnaItem, Place, PlaceKind
from samenspel.places.services import add_dna_item

from .content import DEMO_PASSWORD, DNA_ITEMS, MUNICIPALITIES, ORGANISATIONS, PEOPLE
from .models import DemoAccount

DATA_DIR = Path(__file__).parent / "data" / "cbs"
VILLAGE_NAME = re.compile(r"^Wijk [0-9]+ ")


@dataclass
class DemoLogin:
    email: str
    description: str
    totp_secret: str = ""


@dataclass
class DemoReport:
    places: int = 0
    dna_items: int = 0
    trajectories: int = 0
    agendas: int = 0
    ideas: int = 0
    decisions: int = 0
    budget_rounds: int = 0
    budget_lines: int = 0
    panels: int = 0
    draws: int = 0
    conversations: int = 0
    logins: list = field(default_factory=list)
    password: str = DEMO_PASSWORD


def _import_places(actor=None):
    for stem, kind, _description in MUNICIPALITIES.values():
        import_cbs(
            DATA_DIR / f"{stem}_regions_2024.csv",
            [DATA_DIR / f"{stem}_gemeente_2024.geojson", DATA_DIR / f"{stem}_wijken_2024.geojson"],
            year=2024,
            neighbourhood_kind=kind,
            actor=actor,
        )
    for code, (_stem, _kind, description) in MUNICIPALITIES.items():
        Place.objects.filter(cbs_code=code).update(description=description)
    # CBS calls Westerkwartier's villages "Wijk 04 Leek"; the municipality calls them "Leek".
    # A place's own name may differ from CBS's: the CBS code still ties them together.
    for place in Place.objects.filter(kind=PlaceKind.DORP, name__regex=r"^Wijk [0-9]+ "):
        place.name = VILLAGE_NAME.sub("", place.name)
        place.slug = slugify(place.name)
        place.save(update_fields=["name", "slug"])


def _person(email: str, name: str, description: str) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email, DEMO_PASSWORD, display_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        DemoAccount.objects.create(user=user, description=description)
    return user, created


@transaction.atomic
def load_demo() -> DemoReport:
    """Idempotent: running it twice changes nothing the second time."""
    from samenspel.agreements.seeding import load_reference_data

    report = DemoReport()
    load_reference_data()  # normally there from the migration; a flushed test database lacks it
    _import_places()
    places = {p.cbs_code: p for p in Place.objects.exclude(cbs_code=None)}
    report.places = len(places)

    organisations = {}
    for key, name, kind, code, description in ORGANISATIONS:
        organisations[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "place": places[code], "description": description}
        )

    users = {}
    for email, name, description, roles in PEOPLE:
        user, created = _person(email, name, description)
        users[email] = user
        for role, code, org_key in roles:
            grant_role(
                granted_by=None, user=user, role=role, place=places[code], organisation=organisations.get(org_key)
            )
        if user.email == "beheer@gemeente-groningen.example":
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
            user.refresh_from_db()
        secret = ""
        if needs_two_factor(user):
            existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
            if existing is None:
                secret = generate_totp_secret()
                TOTP.activate(user, secret)
            else:
                secret = decrypt(existing.data["secret"])
        report.logins.append(DemoLogin(email, description, secret))

    from . import api_demo

    api_demo.load(users)

    if not DnaItem.objects.exists():
        for code, kind, text, author_email, offline in DNA_ITEMS:
            if author_email:
                add_dna_item(user=users[author_email], place=places[code], kind=kind, text=text)
            else:
                channel, on_behalf_of, entered_by = offline
                add_dna_item(
                    user=users[entered_by],
                    place=places[code],
                    kind=kind,
                    text=text,
                    channel=channel,
                    on_behalf_of=on_behalf_of,
                )
            report.dna_items += 1
    from samenspel.agreements.models import Trajectory

    if not Trajectory.objects.exists():
        from . import (
            agenda_demo,
            agreements_demo,
            budgeting_demo,
            decisions_demo,
            deliberation_demo,
            finance_demo,
            initiatives_demo,
            panel_demo,
            sortition_demo,
        )

        report.trajectories = agreements_demo.load(users, places, organisations)
        report.ideas = initiatives_demo.load(users, places, organisations)
        report.agendas = agenda_demo.load(users, places, organisations)
        report.decisions = decisions_demo.load(users, places, organisations)
        report.budget_rounds = budgeting_demo.load(users, places, organisations)
        report.budget_lines = finance_demo.load()
        report.panels = panel_demo.load(users, places, organisations)
        report.draws = sortition_demo.load(users, places, organisations)
        report.conversations = deliberation_demo.load(users, places, organisations)
    return report


def demo_totp_code(email: str) -> str:
    """The current two-step code of a demo account (refused for any other account)."""
    account = DemoAccount.objects.select_related("user").get(user__email=email)
    authenticator = Authenticator.objects.get(user=account.user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
