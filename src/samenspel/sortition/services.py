"""Use cases for drawing a council by lot, from the upload of the register extract to the
seated council and its replacements. Each is one transaction: it checks permission, validates
before it writes, and records what happened in the audit log. Views, the demo and commands call
these; the long calculation runs as a background task (tasks.py) that calls `compute`.

Privacy: the register extract is encrypted at rest (register.py), every read of it is audited
(`sortition.extract.read`), and it is deleted when the replies are closed (or earlier, by hand).
Reply codes are stored only as keyed hashes. What is published (the pool with pool numbers and
features, quotas, distribution, seed, outcome) holds no names, addresses or register ids.

Sources: seed 003 (the Coöperatieve Wijkraad Oosterpark, 003:613, "loting met aanvulling"
003:769, self-selection 003:994-1000), issue 6."""

import dataclasses
import datetime
import logging
import re
import secrets
from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.accounts.models import Membership, OrganisationKind, Role
from samenspel.core import audit
from samenspel.core.models import Channel
from samenspel.places.models import IndicatorValue, PlaceKind

from . import register
from .models import (
    AGE_BANDS,
    GENDERS,
    Algorithm,
    Draw,
    DrawStatus,
    Invitation,
    InviteUnit,
    Quota,
    RegisterExtract,
    Respondent,
    RespondentStatus,
    Selection,
    SelectionKind,
    TaskState,
    age_band,
)

log = logging.getLogger(__name__)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
CODE_LENGTH = 12
POOL_ID_LENGTH = 6
MAX_LETTERS = 1000  # one batch; WeasyPrint makes about 40 letters a second
MAX_SEATS = 200
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
HOUSE_NUMBER_RE = re.compile(r"^[0-9]{1,5}[A-Z0-9 -]{0,6}$")
_SALT_CODE = "samenspel.sortition.reply-code"
_SALT_HOUSEHOLD = "samenspel.sortition.household"
FEATURES = ("age", "gender", "buurt")
OPEN_RESPONDENT = (RespondentStatus.SELECTED, RespondentStatus.SEATED)


# --- helpers -------------------------------------------------------------------------------


def _require(user, perm, obj):
    if not user or not user.has_perm(perm, obj):
        raise PermissionDenied


def can_run(user, draw) -> bool:
    return bool(user and user.has_perm("sortition.run_draw", draw))


def _hmac(salt: str, value: str) -> str:
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()


def normalise_code(code) -> str:
    return re.sub(r"[\s\-‐‑–—._]", "", str(code or "")).upper()


def format_code(code: str) -> str:
    code = normalise_code(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_key(code) -> str:
    return _hmac(_SALT_CODE, normalise_code(code))


def household_key(draw, postcode: str, house_number: str) -> str:
    number = re.sub(r"\s+", "", (house_number or "").upper())
    return _hmac(_SALT_HOUSEHOLD, f"{draw.pk}:{normalise_postcode(postcode)}:{number}")


def normalise_postcode(postcode) -> str:
    return re.sub(r"\s+", "", str(postcode or "")).upper()


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _new_codes(n: int) -> list[str]:
    codes: dict[str, str] = {}
    while len(codes) < n:
        code = _new_code()
        codes.setdefault(code_key(code), code)
    taken = set(Invitation.objects.filter(code_hash__in=list(codes)).values_list("code_hash", flat=True))
    fresh = [code for digest, code in codes.items() if digest not in taken]
    return fresh + (_new_codes(n - len(fresh)) if len(fresh) < n else [])


def _new_pool_id(draw) -> str:
    while True:
        candidate = "".join(secrets.choice(ALPHABET) for _ in range(POOL_ID_LENGTH))
        if not Respondent.objects.filter(draw=draw, pool_id=candidate).exists():
            return candidate


def _status(draw, *allowed):
    if draw.status not in allowed:
        raise ValidationError(
            _("This cannot be done now: the draw is at the step “%(status)s”.") % {"status": draw.get_status_display()}
        )


def _lock(draw) -> Draw:
    return Draw.objects.select_for_update().get(pk=draw.pk)


def feature_values(draw) -> dict[str, list[str]]:
    """The values residents choose from on the reply form, per feature."""
    buurten = draw.features.get("buurt") or list(
        draw.place.children.filter(kind=PlaceKind.BUURT).order_by("name").values_list("name", flat=True)
    )
    return {"age": [v for v, _label in AGE_BANDS], "gender": [v for v, _label in GENDERS], "buurt": list(buurten)}


def value_label(feature: str, value: str) -> str:
    labels = dict(AGE_BANDS) if feature == "age" else dict(GENDERS) if feature == "gender" else {}
    return str(labels.get(value, value))


# --- the draw ------------------------------------------------------------------------------


@transaction.atomic
def create_draw(
    *,
    user,
    place,
    title: str,
    purpose: str,
    seats: int,
    organisation=None,
    min_age: int = 16,
    invite_unit: str = InviteUnit.PERSON,
    stratify_by_buurt: bool = True,
    reply_by=None,
    algorithm: str = Algorithm.LEXIMIN,
    contact: str = "",
) -> Draw:
    _require(user, "sortition.create_draw", place)
    errors = {}
    if not place.is_neighbourhood:
        errors["place"] = _("Choose a neighbourhood or village.")
    title, purpose, contact = (title or "").strip(), (purpose or "").strip(), (contact or "").strip()
    if not title:
        errors["title"] = _("Give the draw a title.")
    if not purpose:
        errors["purpose"] = _("Say what the council is for.")
    if not seats or seats < 1 or seats > MAX_SEATS:
        errors["seats"] = _("Choose between 1 and %(max)d seats.") % {"max": MAX_SEATS}
    if min_age is None or not 12 <= min_age <= 99:
        errors["min_age"] = _("Choose a minimum age between 12 and 99.")
    if organisation is not None and (
        organisation.kind != OrganisationKind.NEIGHBOURHOOD_BODY or organisation.place_id != place.pk
    ):
        errors["organisation"] = _("Choose a neighbourhood body of this neighbourhood or village.")
    if invite_unit not in InviteUnit.values:
        errors["invite_unit"] = _("Choose people or addresses.")
    if algorithm not in Algorithm.values:
        errors["algorithm"] = _("Unknown method.")
    if reply_by is not None and reply_by < timezone.localdate():
        errors["reply_by"] = _("This date lies in the past.")
    if errors:
        raise ValidationError(errors)
    draw = Draw.objects.create(
        place=place,
        organisation=organisation,
        title=title[:200],
        purpose=purpose[:5000],
        seats=seats,
        min_age=min_age,
        invite_unit=invite_unit,
        stratify_by_buurt=stratify_by_buurt,
        reply_by=reply_by,
        algorithm=algorithm,
        contact=contact[:300],
        created_by=user,
    )
    audit.record(
        "sortition.draw.created", actor=user, obj=draw, data={"place": place.pk, "seats": seats, "min_age": min_age}
    )
    return draw


# --- the register extract ----------------------------------------------------------------


def _population_counts(residents) -> dict:
    counts = {"age": Counter(), "gender": Counter(), "buurt": Counter()}
    for r in residents:
        counts["age"][age_band(r.age)] += 1
        counts["gender"][r.gender] += 1
        counts["buurt"][r.buurt] += 1
    return {feature: dict(sorted(c.items())) for feature, c in counts.items()}


@transaction.atomic
def upload_extract(*, user, draw, residents: list) -> RegisterExtract:
    """Store the register extract encrypted. The aggregate counts of the residents old enough
    (per age band, gender and buurt) are kept as the draw's population figures: no personal
    data, and they are what the quotas can be calculated from."""
    _require(user, "sortition.view_extract", draw)
    draw = _lock(draw)
    _status(draw, DrawStatus.DRAFT)
    eligible = [r for r in residents if r.age >= draw.min_age]
    if not eligible:
        raise ValidationError(
            _("Nobody in the extract is %(age)d or older. Is it the right file?") % {"age": draw.min_age}
        )
    counts = _population_counts(eligible)
    payload = register.encrypt([r.as_dict() for r in residents])
    RegisterExtract.objects.filter(draw=draw).delete()
    extract = RegisterExtract.objects.create(
        draw=draw,
        payload=payload,
        rows=len(residents),
        eligible=len(eligible),
        buurt_counts=counts["buurt"],
        uploaded_by=user,
    )
    draw.features = {**draw.features, "buurt": sorted(counts["buurt"])}
    draw.population = counts
    draw.population_source = _("register extract of %(date)s, residents aged %(age)d and older") % {
        "date": timezone.localdate().isoformat(),
        "age": draw.min_age,
    }
    draw.save(update_fields=["features", "population", "population_source"])
    audit.record(
        "sortition.extract.uploaded",
        actor=user,
        obj=extract,
        data={"draw": draw.pk, "rows": len(residents), "eligible": len(eligible)},
    )
    return extract


def read_extract(*, user, draw, purpose: str) -> list[register.Resident]:
    """The decrypted extract, for a stated purpose. Every read is in the audit log."""
    _require(user, "sortition.view_extract", draw)
    extract = RegisterExtract.objects.filter(draw=draw).first()
    if extract is None or extract.is_deleted:
        raise ValidationError(_("There is no register extract (any more) for this draw."))
    residents = [register.Resident(**row) for row in register.decrypt(extract.payload)]
    audit.record("sortition.extract.read", actor=user, obj=extract, data={"draw": draw.pk, "purpose": purpose})
    return residents


@transaction.atomic
def delete_extract(*, user, draw, reason: str = "") -> None:
    """Delete the register extract and the names and addresses kept for printing letters.
    What stays: the number of residents, the counts per buurt, and the letters' code hashes."""
    _require(user, "sortition.view_extract", draw)
    _delete_extract(draw, actor=user, reason=reason or "by hand")


def _delete_extract(draw, *, actor, reason: str) -> None:
    extract = RegisterExtract.objects.filter(draw=draw, deleted_at__isnull=True).first()
    letters = Invitation.objects.filter(draw=draw).exclude(letter=b"").update(letter=b"")
    if extract is None and not letters:
        return
    if extract is not None:
        extract.payload = b""
        extract.deleted_at = timezone.now()
        extract.save(update_fields=["payload", "deleted_at"])
    audit.record(
        "sortition.extract.deleted",
        actor=actor,
        obj=extract or draw,
        data={"draw": draw.pk, "reason": reason, "letters_wiped": letters},
    )


# --- stage 1: invitations ----------------------------------------------------------------


def _allocate(counts: dict[str, int], total: int) -> dict[str, int]:
    """Largest remainder: `total` letters over the buurten in proportion to `counts`, never
    more than a buurt has."""
    available = sum(counts.values())
    if total >= available:
        return dict(counts)
    shares = {k: total * v / available for k, v in counts.items()}
    result = {k: min(counts[k], int(s)) for k, s in shares.items()}
    order = sorted(counts, key=lambda k: (-(shares[k] - int(shares[k])), k))
    i = 0
    while sum(result.values()) < total:
        key = order[i % len(order)]
        if result[key] < counts[key]:
            result[key] += 1
        i += 1
    return result


def _invited_ids(draw) -> set[str]:
    """Register ids already invited (they sit inside the encrypted letters)."""
    ids = set()
    for token in Invitation.objects.filter(draw=draw).exclude(letter=b"").values_list("letter", flat=True):
        ids.update((register.decrypt(token) or {}).get("ids", []))
    return ids


@transaction.atomic
def draw_invitations(*, user, draw, count: int) -> list[Invitation]:
    """Draw `count` people (or addresses) at random from the eligible residents in the extract
    who have not had a letter yet, spread over the buurten when the draw says so, and make a
    letter with a reply code for each. Returns the new invitations (a batch)."""
    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    _status(draw, DrawStatus.DRAFT, DrawStatus.INVITED)
    if not count or count < 1 or count > MAX_LETTERS:
        raise ValidationError({"count": _("Choose between 1 and %(max)d letters.") % {"max": MAX_LETTERS}})
    residents = read_extract(user=user, draw=draw, purpose="draw invitations")
    invited = _invited_ids(draw)
    eligible = [r for r in residents if r.age >= draw.min_age and r.id not in invited]
    # An address (or a person) is one unit; for addresses, everyone old enough living there.
    units: dict[str, list] = defaultdict(list)
    for r in eligible:
        key = f"{r.postcode}|{r.address.lower()}" if draw.invite_unit == InviteUnit.ADDRESS else r.id
        units[key].append(r)
    if draw.invite_unit == InviteUnit.ADDRESS:
        already = {
            f"{r.postcode}|{r.address.lower()}" for r in residents if r.id in invited
        }  # an address gets one letter
        units = {k: v for k, v in units.items() if k not in already}
    if not units:
        raise ValidationError(_("Everyone in the extract has had a letter already."))
    if count > len(units):
        raise ValidationError(
            {
                "count": ngettext(
                    "Only %(n)d person or address is left to invite.",
                    "Only %(n)d people or addresses are left to invite.",
                    len(units),
                )
                % {"n": len(units)}
            }
        )
    rng = secrets.SystemRandom()
    if draw.stratify_by_buurt:
        by_buurt: dict[str, list[str]] = defaultdict(list)
        for key, people in units.items():
            by_buurt[people[0].buurt].append(key)
        allocation = _allocate({b: len(keys) for b, keys in by_buurt.items()}, count)
        chosen = [key for b, keys in sorted(by_buurt.items()) for key in rng.sample(sorted(keys), allocation[b])]
    else:
        chosen = rng.sample(sorted(units), count)
    rng.shuffle(chosen)
    codes = _new_codes(len(chosen))
    last = Invitation.objects.filter(draw=draw).order_by("-number").values_list("number", "batch").first()
    number, batch = (last[0], last[1] + 1) if last else (0, 1)
    invitations = []
    for key, code in zip(chosen, codes, strict=True):
        people = units[key]
        first = people[0]
        number += 1
        letter = {
            "ids": [p.id for p in people],
            "name": first.name if draw.invite_unit == InviteUnit.PERSON else "",
            "address": first.address,
            "postcode": first.postcode,
            "city": first.city,
            "code": code,
        }
        invitations.append(
            Invitation(
                draw=draw,
                number=number,
                batch=batch,
                buurt=first.buurt,
                code_hash=code_key(code),
                letter=register.encrypt(letter),
            )
        )
    Invitation.objects.bulk_create(invitations)
    if draw.status == DrawStatus.DRAFT:
        draw.status = DrawStatus.INVITED
        draw.save(update_fields=["status"])
    audit.record(
        "sortition.invitations.drawn",
        actor=user,
        obj=draw,
        data={"batch": batch, "letters": len(invitations), "stratified": draw.stratify_by_buurt},
    )
    return invitations


def letters_pdf(*, user, draw, batch: int | None = None) -> bytes:
    """The letters (all, or one batch) as one PDF. Reads names and addresses: audited."""
    from .letters import render_letters_pdf

    _require(user, "sortition.view_extract", draw)
    invitations = Invitation.objects.filter(draw=draw).exclude(letter=b"").order_by("number")
    if batch is not None:
        invitations = invitations.filter(batch=batch)
    letters = [(inv, register.decrypt(inv.letter)) for inv in invitations]
    if not letters:
        raise ValidationError(_("There are no letters to print: the addresses have been deleted."))
    pdf = render_letters_pdf(draw, [(inv.number, data) for inv, data in letters])
    audit.record("sortition.letters.printed", actor=user, obj=draw, data={"batch": batch, "letters": len(letters)})
    return pdf


# --- replies -------------------------------------------------------------------------------


def find_invitation(code) -> Invitation | None:
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH or any(c not in ALPHABET for c in normalised):
        return None
    return Invitation.objects.select_related("draw", "draw__place").filter(code_hash=code_key(normalised)).first()


def _unknown_code() -> ValidationError:
    return ValidationError({"code": _("We do not know this code. Check the code on your letter and try again.")})


@transaction.atomic
def reply(
    *,
    code: str,
    accept: bool,
    features: dict | None = None,
    postcode: str = "",
    house_number: str = "",
    initials: str = "",
    consent: bool = False,
    user=None,
    channel: str = Channel.ONLINE,
    entered_by=None,
) -> Respondent:
    """An invitee says yes or no. Yes needs their consent, the features used for the quotas
    (age band, gender, buurt) and postcode and house number (kept only as a keyed hash, so
    that at most one person per household is drawn). `user` links the reply to the account
    of the person replying; `entered_by` is the official entering a reply from paper, phone
    or a meeting (checked by `enter_reply`)."""
    invitation = find_invitation(code)
    if invitation is None:
        raise _unknown_code()
    draw = _lock(invitation.draw)
    if draw.status != DrawStatus.INVITED:
        raise ValidationError(_("Replies for this draw are closed. Thank you for your interest."))
    if Respondent.objects.filter(invitation=invitation).exists():
        raise ValidationError(_("This invitation has already been answered."))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    errors = {}
    values = feature_values(draw)
    clean_features = {}
    key = ""
    initials = re.sub(r"[^\w. -]", "", (initials or "").strip())[:12]
    if accept:
        if not consent:
            errors["consent"] = _("We can only put you in the draw with your consent.")
        for feature in FEATURES:
            value = (features or {}).get(feature, "")
            if value not in values[feature]:
                errors[feature] = _("Choose one of the options.")
            else:
                clean_features[feature] = value
        postcode = normalise_postcode(postcode)
        number = (house_number or "").strip().upper()
        if not POSTCODE_RE.match(postcode):
            errors["postcode"] = _("Give a postcode like 9713 AB.")
        if not HOUSE_NUMBER_RE.match(number):
            errors["house_number"] = _("Give your house number, for example 12 or 12A.")
        if errors:
            raise ValidationError(errors)
        key = household_key(draw, postcode, number)
    respondent = Respondent.objects.create(
        draw=draw,
        invitation=invitation,
        pool_id=_new_pool_id(draw),
        status=RespondentStatus.POOL if accept else RespondentStatus.DECLINED_INVITATION,
        features=clean_features,
        household_key=key,
        initials=initials if accept else "",
        user=user if (accept and user is not None and user.is_authenticated) else None,
        consent_at=timezone.now() if accept else None,
        channel=channel,
        entered_by=entered_by,
    )
    audit.record(
        "sortition.reply.received",
        actor=entered_by or user,
        obj=respondent,
        data={"draw": draw.pk, "accept": bool(accept), "channel": channel},
    )
    return respondent


def enter_reply(*, user, draw, code: str, channel: str, **kwargs) -> Respondent:
    """An official enters a reply that came in on paper, by phone or at a meeting."""
    _require(user, "sortition.run_draw", draw)
    invitation = find_invitation(code)
    if invitation is None or invitation.draw_id != draw.pk:
        raise _unknown_code()
    if channel == Channel.ONLINE:
        raise ValidationError({"channel": _("Choose how the reply came in.")})
    return reply(code=code, channel=channel, entered_by=user, **kwargs)


@transaction.atomic
def close_replies(*, user, draw) -> None:
    """End the invitation stage: no more replies, and the register extract and the names and
    addresses for the letters are deleted."""
    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    _status(draw, DrawStatus.INVITED)
    pool = Respondent.objects.filter(draw=draw, status=RespondentStatus.POOL).count()
    if not pool:
        raise ValidationError(_("Nobody has said yes yet. Send more letters first."))
    if pool < draw.seats:  # so there are at least 2 seats
        raise ValidationError(
            ngettext(
                "Only %(pool)d person said yes, fewer than the %(seats)d seats. Send more letters first.",
                "Only %(pool)d people said yes, fewer than the %(seats)d seats. Send more letters first.",
                pool,
            )
            % {"pool": pool, "seats": draw.seats}
        )
    draw.status = DrawStatus.RESPONSES_CLOSED
    draw.responses_closed_at = timezone.now()
    draw.save(update_fields=["status", "responses_closed_at"])
    audit.record("sortition.replies.closed", actor=user, obj=draw, data={"pool": pool})
    _delete_extract(draw, actor=user, reason="invitation stage over")


# --- quotas ----------------------------------------------------------------------------------


def cbs_population(draw) -> tuple[dict, list[str]]:
    """Population figures per feature value: men and women from the CBS figures of the place,
    inhabitants per buurt from the CBS figures of its buurten, and what CBS lacks (age bands
    from 16, and anything missing) from the register extract's counts. Returns the figures and
    a description of the sources used."""
    population = {feature: dict(values) for feature, values in (draw.population or {}).items()}
    sources = []
    latest = {}
    for iv in IndicatorValue.objects.filter(place=draw.place, indicator__in=("men", "women")).order_by("-year"):
        latest.setdefault(iv.indicator, iv)
    if len(latest) == 2:
        population["gender"] = {
            "woman": int(latest["women"].value),
            "man": int(latest["men"].value),
            "other": 0,
        }
        sources.append(_("gender: CBS figures %(year)d (all ages)") % {"year": latest["men"].year})
    buurten = {}
    for iv in IndicatorValue.objects.filter(
        place__parent=draw.place, place__kind=PlaceKind.BUURT, indicator="inhabitants"
    ).select_related("place"):
        buurten.setdefault(iv.place.name, int(iv.value))
    known = set(feature_values(draw)["buurt"])
    if buurten and known and known <= set(buurten):
        population["buurt"] = {name: buurten[name] for name in sorted(known)}
        sources.append(_("buurt: CBS inhabitants per buurt"))
    missing = [f for f in FEATURES if f not in sources and f in population and population[f]]
    if draw.population_source and missing:
        sources.append(draw.population_source)
    return population, sources


def _clean_population(draw, population: dict) -> dict:
    values = feature_values(draw)
    result = {}
    for feature in FEATURES:
        figures = {v: int(population.get(feature, {}).get(v, 0) or 0) for v in values[feature]}
        if sum(figures.values()) > 0:
            result[feature] = figures
    return result


@transaction.atomic
def calculate_quotas(*, user, draw, population: dict | None = None, source: str = "", slack: int = 1) -> list[Quota]:
    """Quotas around each value's fair share of the seats (`quotas_from_population`), from the
    given figures or else from `cbs_population`. The calculated values are kept next to the
    used ones, which start equal and may be changed by hand."""
    from .quotas import QuotaError, quotas_from_population

    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    _status(draw, DrawStatus.INVITED, DrawStatus.RESPONSES_CLOSED)
    if population is None:
        population, sources = cbs_population(draw)
        source = "; ".join(sources)
    figures = _clean_population(draw, population)
    if not figures:
        raise ValidationError(_("There are no population figures to calculate quotas from."))
    try:
        calculated = quotas_from_population(figures, draw.seats, slack=slack)
    except QuotaError as error:
        raise ValidationError(error.message) from error
    Quota.objects.filter(draw=draw).delete()
    rows = Quota.objects.bulk_create(
        [
            Quota(
                draw=draw,
                feature=q.feature,
                value=q.value,
                population=figures[q.feature][q.value],
                calculated_min=q.min,
                calculated_max=q.max,
                min=q.min,
                max=q.max,
            )
            for q in calculated
        ]
    )
    draw.population_source = (source or draw.population_source)[:300]
    draw.save(update_fields=["population_source"])
    audit.record(
        "sortition.quotas.calculated",
        actor=user,
        obj=draw,
        data={"quotas": [[q.feature, q.value, q.min, q.max] for q in calculated], "source": draw.population_source},
    )
    return rows


def _check_limits(rows: dict, seats: int) -> dict:
    errors = {}
    for (feature, value), (low, high) in rows.items():
        if low is None or high is None or low < 0 or high < 0:
            errors[f"{feature}:{value}"] = _("Give a minimum and a maximum of 0 or more.")
        elif low > high:
            errors[f"{feature}:{value}"] = _("The minimum is above the maximum.")
        elif high > seats:
            errors[f"{feature}:{value}"] = _("The maximum is above the number of seats.")
    return errors


@transaction.atomic
def set_quotas(*, user, draw, limits: dict) -> None:
    """Change the used quotas by hand: `limits` maps (feature, value) to (min, max). The
    calculated values stay as they were."""
    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    _status(draw, DrawStatus.INVITED, DrawStatus.RESPONSES_CLOSED)
    if _main_committed(draw):
        raise ValidationError(_("The commitment is published: the quotas can no longer change."))
    quotas = {(q.feature, q.value): q for q in Quota.objects.filter(draw=draw)}
    unknown = [f"{f} = {v}" for f, v in limits if (f, v) not in quotas]
    if unknown:
        raise ValidationError(_("Unknown quota: %(names)s.") % {"names": ", ".join(unknown)})
    errors = _check_limits(limits, draw.seats)
    if errors:
        raise ValidationError(errors)
    changed = []
    for key, (low, high) in limits.items():
        quota = quotas[key]
        if (quota.min, quota.max) != (low, high):
            quota.min, quota.max = low, high
            quota.save(update_fields=["min", "max"])
            changed.append([key[0], key[1], low, high])
    if changed:
        audit.record("sortition.quotas.changed", actor=user, obj=draw, data={"changed": changed})


def _main_committed(draw) -> bool:
    return Selection.objects.filter(draw=draw, kind=SelectionKind.MAIN).exclude(commitment="").exists()


def quota_list(rows) -> list[dict]:
    return [{"feature": q["feature"], "value": q["value"], "min": q["min"], "max": q["max"]} for q in rows]


def _distribution(selection):
    """The stored lottery as the pure modules' Distribution."""
    from .leximin import Distribution

    stored = selection.distribution
    committees = [tuple(c) for c in stored["committees"]]
    return Distribution(
        committees, list(stored["probabilities"]), dict(stored.get("marginals", {})), stored["algorithm"]
    )


def _as_quotas(rows):
    from .quotas import Quota as PureQuota

    return [PureQuota(r["feature"], r["value"], int(r["min"]), int(r["max"])) for r in rows]


# --- stage 2: the selection ----------------------------------------------------------------


def _households(respondents) -> dict[str, str]:
    """Pool id -> household number, for households with more than one person in the pool.
    Numbers, not the keyed hashes: the published material must not link across draws."""
    groups: dict[str, list[str]] = defaultdict(list)
    for r in respondents:
        if r.household_key:
            groups[r.household_key].append(r.pool_id)
    shared = sorted(sorted(ids) for ids in groups.values() if len(ids) > 1)
    return {pid: f"h{i}" for i, ids in enumerate(shared, start=1) for pid in ids}


def _enqueue(selection, run_now: bool = False) -> None:
    """Start the calculation in the background task worker, or (`run_now`: the demo and the
    command line) here and now."""
    from .tasks import compute_selection

    selection.task_state = TaskState.QUEUED
    selection.progress = 0.0
    selection.progress_message = ""
    selection.error = ""
    selection.relaxation = []
    selection.distribution = {}
    selection.save(update_fields=["task_state", "progress", "progress_message", "error", "relaxation", "distribution"])
    if run_now:
        compute(selection.pk)
        selection.refresh_from_db()
    else:
        compute_selection.enqueue(selection.pk)


def _check_pool(selection) -> None:
    from .quotas import QuotaError, check_quotas

    try:
        check_quotas(selection.people, _as_quotas(selection.quotas), selection.seats)
    except QuotaError as error:
        raise ValidationError(error.message) from error


@transaction.atomic
def start_selection(*, user, draw, seed_source: str, run_now: bool = False) -> Selection:
    """Take the pool (everyone who said yes) and the quotas as they are now, and start the
    calculation of the distribution in the background. Can be repeated until the commitment
    is published (for instance after changing the quotas)."""
    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    _status(draw, DrawStatus.RESPONSES_CLOSED)
    seed_source = (seed_source or "").strip()
    if not seed_source:
        raise ValidationError({"seed_source": _("Say where the seed will come from, before anyone can know it.")})
    if len(seed_source) > 300:
        raise ValidationError({"seed_source": _("Keep this under 300 characters.")})
    quotas = list(Quota.objects.filter(draw=draw))
    if not quotas:
        raise ValidationError(_("Set the quotas first."))
    pool = list(Respondent.objects.filter(draw=draw, status=RespondentStatus.POOL))
    used_features = sorted({q.feature for q in quotas})
    selection, _created = Selection.objects.get_or_create(
        draw=draw, kind=SelectionKind.MAIN, defaults={"number": 1, "seats": draw.seats, "created_by": user}
    )
    if selection.is_committed:
        raise ValidationError(_("The commitment is published: the draw cannot be prepared again."))
    if selection.is_running:
        raise ValidationError(_("The calculation is still running."))
    selection.seats = draw.seats
    selection.algorithm = draw.algorithm
    selection.seed_source = seed_source
    selection.quotas_calculated = [
        {"feature": q.feature, "value": q.value, "min": q.calculated_min, "max": q.calculated_max}
        for q in quotas
        if q.calculated_min is not None
    ]
    selection.quotas = [{"feature": q.feature, "value": q.value, "min": q.min, "max": q.max} for q in quotas]
    selection.people = {r.pool_id: {f: r.features.get(f, "") for f in used_features} for r in pool}
    selection.households = _households(pool)
    selection.save()
    _check_pool(selection)
    audit.record(
        "sortition.selection.started",
        actor=user,
        obj=selection,
        data={"pool": len(pool), "seats": selection.seats, "algorithm": selection.algorithm},
    )
    _enqueue(selection, run_now)
    return selection


class _Progress:
    """Stores the calculation's progress on the selection, at most about a hundred times."""

    def __init__(self, selection_id: int):
        self.selection_id = selection_id
        self.last = -1.0

    def __call__(self, fraction: float, message: str) -> None:
        fraction = max(0.0, min(1.0, float(fraction)))
        if fraction - self.last < 0.01 and fraction < 1.0:
            return
        self.last = fraction
        Selection.objects.filter(pk=self.selection_id).update(progress=fraction, progress_message=str(message)[:300])


def compute(selection_id: int) -> str:
    """The background task's body: find the distribution over committees. Stores the outcome,
    the smallest relaxation when the quotas cannot all hold, or the error. Returns the state."""
    from .leximin import find_distribution
    from .quotas import Infeasible, QuotaError

    selection = Selection.objects.get(pk=selection_id)
    # Idempotent: a task run again after its worker died (samenspel.core.worker) finds the
    # outcome already stored and leaves it; every new calculation is queued with state QUEUED.
    if selection.is_committed or selection.task_state in (TaskState.DONE, TaskState.INFEASIBLE, TaskState.FAILED):
        return selection.task_state
    Selection.objects.filter(pk=selection_id).update(task_state=TaskState.RUNNING, progress=0.0)
    state, error, relaxation, distribution = TaskState.DONE, "", [], {}
    try:
        result = find_distribution(
            selection.people,
            _as_quotas(selection.quotas),
            selection.seats,
            households=selection.households or None,
            algorithm=selection.algorithm,
            progress=_Progress(selection_id),
        )
    except Infeasible as exc:
        state, error = TaskState.INFEASIBLE, str(exc)
        relaxation = [dataclasses.asdict(r) for r in exc.relaxation]
    except QuotaError as exc:
        state, error = TaskState.FAILED, exc.message
    except Exception as exc:  # a solver failure must not leave the page "calculating" for ever
        log.exception("sortition: calculating selection %s failed", selection_id)
        state, error = TaskState.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
    else:
        distribution = {
            "algorithm": result.algorithm,
            "committees": [sorted(c) for c in result.committees],
            "probabilities": [float(p) for p in result.probabilities],
            "marginals": {pid: float(p) for pid, p in sorted(result.marginals.items())},
        }
    with transaction.atomic():
        Selection.objects.filter(pk=selection_id).update(
            task_state=state,
            error=error,
            relaxation=relaxation,
            distribution=distribution,
            progress=1.0 if state == TaskState.DONE else 0.0,
            progress_message="",
        )
        audit.record(
            "sortition.selection.computed",
            obj=selection,
            data={"state": state, "committees": len(distribution.get("committees", []))},
        )
    return state


@transaction.atomic
def apply_relaxation(*, user, selection, run_now: bool = False) -> Selection:
    """Use the smallest relaxation the calculation found, and calculate again."""
    draw = selection.draw
    _require(user, "sortition.run_draw", draw)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.task_state != TaskState.INFEASIBLE or not selection.relaxation:
        raise ValidationError(_("There is no relaxation to apply."))
    changes = {(r["feature"], r["value"]): (r["new_min"], r["new_max"]) for r in selection.relaxation}
    if selection.kind == SelectionKind.MAIN:
        for (feature, value), (low, high) in changes.items():
            Quota.objects.filter(draw=draw, feature=feature, value=value).update(min=low, max=high)
    selection.quotas = [
        {**q, "min": changes[(q["feature"], q["value"])][0], "max": changes[(q["feature"], q["value"])][1]}
        if (q["feature"], q["value"]) in changes
        else q
        for q in selection.quotas
    ]
    selection.save(update_fields=["quotas"])
    audit.record("sortition.quotas.relaxed", actor=user, obj=selection, data={"relaxation": selection.relaxation})
    _check_pool(selection)
    _enqueue(selection, run_now)
    return selection


@transaction.atomic
def set_selection_quotas(*, user, selection, limits: dict) -> Selection:
    """Change a replacement's quotas by hand before its commitment; calculate again."""
    _require(user, "sortition.run_draw", selection.draw)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.kind != SelectionKind.REPLACEMENT or selection.is_committed:
        raise ValidationError(_("These quotas can no longer change."))
    if selection.is_running:
        raise ValidationError(_("The calculation is still running."))
    known = {(q["feature"], q["value"]) for q in selection.quotas}
    if set(limits) - known:
        raise ValidationError(_("Unknown quota."))
    errors = _check_limits(limits, selection.seats)
    if errors:
        raise ValidationError(errors)
    selection.quotas = [
        {**q, "min": limits[(q["feature"], q["value"])][0], "max": limits[(q["feature"], q["value"])][1]}
        if (q["feature"], q["value"]) in limits
        else q
        for q in selection.quotas
    ]
    selection.save(update_fields=["quotas"])
    audit.record("sortition.quotas.changed", actor=user, obj=selection, data={"quotas": selection.quotas})
    _check_pool(selection)
    _enqueue(selection)
    return selection


@transaction.atomic
def commit(*, user, selection) -> Selection:
    """Publish the commitment: a hash of the pool (pool numbers and features, no personal
    data), the households, the quotas, the seats and the description of the seed's source.
    From now on nothing of it can change, and the seed must come from the stated source."""
    from .draw import commitment

    draw = selection.draw
    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.is_committed:
        raise ValidationError(_("The commitment is already published."))
    if selection.task_state != TaskState.DONE:
        raise ValidationError(_("The distribution has not been calculated yet."))
    selection.commitment = commitment(
        selection.people,
        _as_quotas(selection.quotas),
        selection.seats,
        selection.seed_source,
        households=selection.households or None,
        algorithm=selection.algorithm,
        distribution=_distribution(selection),
    )
    selection.committed_at = timezone.now()
    selection.save(update_fields=["commitment", "committed_at"])
    if selection.kind == SelectionKind.MAIN:
        draw.status = DrawStatus.COMMITTED
        draw.save(update_fields=["status"])
    audit.record(
        "sortition.commitment.published",
        actor=user,
        obj=selection,
        data={"commitment": selection.commitment, "seed_source": selection.seed_source},
    )
    from samenspel.notifications.services import notify_followers

    notify_followers(
        subject=_("%(title)s: the commitment for the draw is published") % {"title": draw.title},
        body=_("The seed will come from: %(source)s") % {"source": selection.seed_source},
        url=draw.get_absolute_url(),
        place=draw.place,
        exclude=user,
    )
    return selection


@transaction.atomic
def reveal_seed(*, user, selection, seed: str) -> list[Respondent]:
    """Type in the seed from the announced source, draw the council from the distribution,
    and publish everything needed to check it."""
    from .draw import select

    draw = selection.draw
    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    seed = (seed or "").strip()
    if not selection.is_committed:
        raise ValidationError(_("Publish the commitment before the seed is known."))
    if selection.is_done:
        raise ValidationError(_("The seed has already been revealed."))
    if not seed or len(seed) > 200:
        raise ValidationError({"seed": _("Type the seed exactly as published (at most 200 characters).")})
    if selection.algorithm == Algorithm.LEGACY:
        from .legacy import select_one

        chosen = list(
            select_one(
                selection.people,
                _as_quotas(selection.quotas),
                selection.seats,
                households=selection.households or None,
                seed=seed,
            )
        )
    else:
        chosen = list(select(_distribution(selection), seed))
    selection.seed = seed
    selection.revealed_at = timezone.now()
    selection.selected = sorted(chosen)
    selection.save(update_fields=["seed", "revealed_at", "selected"])
    now = timezone.now()
    Respondent.objects.filter(draw=draw, pool_id__in=chosen).update(
        status=RespondentStatus.SELECTED, status_changed_at=now
    )
    if selection.kind == SelectionKind.MAIN:
        draw.status = DrawStatus.SELECTED
        draw.save(update_fields=["status"])
    audit.record(
        "sortition.seed.revealed", actor=user, obj=selection, data={"seed": seed, "selected": selection.selected}
    )
    return list(Respondent.objects.filter(draw=draw, pool_id__in=chosen))


# --- seating and replacements --------------------------------------------------------------


def _respondent(respondent) -> Respondent:
    return Respondent.objects.select_for_update().select_related("draw").get(pk=respondent.pk)


def _update_seated(draw) -> None:
    seated = Respondent.objects.filter(draw=draw, status=RespondentStatus.SEATED).count()
    if seated >= draw.seats and draw.status != DrawStatus.SEATED:
        draw.status = DrawStatus.SEATED
        draw.seated_at = timezone.now()
        draw.save(update_fields=["status", "seated_at"])


@transaction.atomic
def seat(*, user, respondent, initials: str = "") -> Respondent:
    """A drawn resident accepts the seat. With an account they become a member of the body
    (role body_member for its organisation); without one, the public page shows their
    initials only."""
    from samenspel.accounts.services import grant_role

    respondent = _respondent(respondent)
    draw = _lock(respondent.draw)
    _require(user, "sortition.run_draw", draw)
    if respondent.status != RespondentStatus.SELECTED:
        raise ValidationError(_("Only someone who was drawn can take a seat."))
    initials = re.sub(r"[^\w. -]", "", (initials or "").strip())[:12]
    if initials:
        respondent.initials = initials
    respondent.status = RespondentStatus.SEATED
    respondent.status_changed_at = timezone.now()
    respondent.save(update_fields=["status", "status_changed_at", "initials"])
    membership = None
    if respondent.user_id and draw.organisation_id:
        membership = grant_role(
            granted_by=None,
            user=respondent.user,
            role=Role.BODY_MEMBER,
            place=draw.place,
            organisation=draw.organisation,
        )
        if membership.valid_from is None:
            membership.valid_from = timezone.localdate()
            membership.save(update_fields=["valid_from"])
    audit.record(
        "sortition.member.seated",
        actor=user,
        obj=respondent,
        data={"draw": draw.pk, "pool_id": respondent.pool_id, "membership": membership.pk if membership else None},
    )
    _update_seated(draw)
    return respondent


@transaction.atomic
def release(*, user, respondent, reason: str = "") -> Respondent:
    """A drawn resident declines the seat, or a seated member leaves. Their seat needs a
    replacement (`start_replacement`)."""
    respondent = _respondent(respondent)
    draw = _lock(respondent.draw)
    _require(user, "sortition.run_draw", draw)
    reason = (reason or "").strip()[:500]
    if respondent.status == RespondentStatus.SELECTED:
        respondent.status = RespondentStatus.DECLINED_SEAT
    elif respondent.status == RespondentStatus.SEATED:
        respondent.status = RespondentStatus.LEFT
        if respondent.user_id and draw.organisation_id:
            yesterday = timezone.localdate() - datetime.timedelta(days=1)
            Membership.objects.filter(
                user_id=respondent.user_id, role=Role.BODY_MEMBER, organisation=draw.organisation
            ).update(valid_until=yesterday)
        if draw.status == DrawStatus.SEATED:
            draw.status = DrawStatus.SELECTED
            draw.save(update_fields=["status"])
    else:
        raise ValidationError(_("Only a drawn or seated member can decline or leave."))
    respondent.status_changed_at = timezone.now()
    respondent.save(update_fields=["status", "status_changed_at"])
    audit.record(
        "sortition.member.released",
        actor=user,
        obj=respondent,
        data={"draw": draw.pk, "pool_id": respondent.pool_id, "status": respondent.status, "reason": reason},
    )
    return respondent


def vacancies(draw) -> int:
    return draw.seats - Respondent.objects.filter(draw=draw, status__in=OPEN_RESPONDENT).count()


@transaction.atomic
def start_replacement(*, user, draw, seed_source: str, reason: str = "", run_now: bool = False) -> Selection:
    """*Loting met aanvulling*: draw the empty seats again from those in the pool who were never
    drawn, with the remaining quotas max(0, min − held) and max(0, max − held), leaving out
    housemates of members still holding a seat. The calculated quotas are stored; the
    organiser may change the used ones before the commitment."""
    from .quotas import remaining_quotas

    _require(user, "sortition.run_draw", draw)
    draw = _lock(draw)
    _status(draw, DrawStatus.SELECTED, DrawStatus.SEATED)
    if Selection.objects.filter(draw=draw, revealed_at__isnull=True).exists():
        raise ValidationError(_("Finish the replacement that is under way first."))
    empty = vacancies(draw)
    if empty < 1:
        raise ValidationError(_("All seats are taken: there is nothing to replace."))
    seed_source = (seed_source or "").strip()
    if not seed_source or len(seed_source) > 300:
        raise ValidationError({"seed_source": _("Say where the seed will come from (at most 300 characters).")})
    main = draw.main_selection
    holding = list(Respondent.objects.filter(draw=draw, status__in=OPEN_RESPONDENT))
    held = Counter()
    for r in holding:
        for feature, value in r.features.items():
            held[(feature, value)] += 1
    calculated = remaining_quotas(_as_quotas(main.quotas), held)
    quotas = [{"feature": q.feature, "value": q.value, "min": q.min, "max": q.max} for q in calculated]
    blocked = {r.household_key for r in holding if r.household_key}
    pool = [
        r
        for r in Respondent.objects.filter(draw=draw, status=RespondentStatus.POOL)
        if not r.household_key or r.household_key not in blocked
    ]
    features = sorted({q["feature"] for q in quotas})
    number = (Selection.objects.filter(draw=draw).order_by("-number").values_list("number", flat=True).first()) + 1
    selection = Selection.objects.create(
        draw=draw,
        kind=SelectionKind.REPLACEMENT,
        number=number,
        seats=empty,
        reason=(reason or "").strip()[:2000],
        algorithm=draw.algorithm,
        quotas_calculated=quotas,
        quotas=quotas,
        people={r.pool_id: {f: r.features.get(f, "") for f in features} for r in pool},
        households=_households(pool),
        held=sorted(r.pool_id for r in holding),
        seed_source=seed_source,
        created_by=user,
    )
    already = set(Selection.objects.filter(draw=draw).values_list("replaces", flat=True))
    selection.replaces.set(
        Respondent.objects.filter(
            draw=draw, status__in=(RespondentStatus.DECLINED_SEAT, RespondentStatus.LEFT)
        ).exclude(pk__in=already)
    )
    audit.record(
        "sortition.replacement.started",
        actor=user,
        obj=selection,
        data={"seats": empty, "pool": len(pool), "held": selection.held, "quotas": quotas},
    )
    _check_pool(selection)
    _enqueue(selection, run_now)
    return selection


# --- what is public --------------------------------------------------------------------------


def material(selection) -> dict:
    """Everything needed to check the draw with `samenspel sortition verify` (format
    samenspel-sortition/1 of draw.py), without names, addresses or register ids. Before the
    seed is known: what the commitment covers; afterwards also the seed and the panel."""
    from . import draw as verifiable

    quotas = _as_quotas(selection.quotas)
    households = selection.households or None
    if selection.is_done:
        data = verifiable.material(
            selection.people,
            quotas,
            selection.seats,
            selection.seed_source,
            selection.seed,
            _distribution(selection),
            tuple(selection.selected),
            households,
        )
    else:
        data = verifiable.canonical(
            selection.people,
            quotas,
            selection.seats,
            selection.seed_source,
            households,
            algorithm=selection.algorithm,
            distribution=_distribution(selection) if selection.distribution else None,
        )
        data["commitment"] = selection.commitment
        if selection.distribution:
            data["probabilities"] = dict(sorted(selection.distribution.get("marginals", {}).items()))
    data["about"] = {
        "draw": selection.draw.title,
        "place": selection.draw.place.name,
        "run": selection.number,
        "kind": selection.kind,
        "committed_at": selection.committed_at.isoformat() if selection.committed_at else None,
        "revealed_at": selection.revealed_at.isoformat() if selection.revealed_at else None,
    }
    if selection.kind == SelectionKind.REPLACEMENT:
        data["about"]["held"] = list(selection.held)
        data["about"]["quotas_calculated"] = quota_list(selection.quotas_calculated)
    return data


def outcome_table(selection) -> list[dict]:
    """Per quota: population share, the quota, the pool and how many were drawn."""
    chosen = set(selection.selected)
    rows = []
    for q in selection.quotas:
        feature, value = q["feature"], q["value"]
        in_pool = sum(1 for p in selection.people.values() if p.get(feature) == value)
        drawn = sum(1 for pid in chosen if selection.people.get(pid, {}).get(feature) == value)
        rows.append(
            {
                "feature": feature,
                "value": value,
                "label": value_label(feature, value),
                "min": q["min"],
                "max": q["max"],
                "pool": in_pool,
                "drawn": drawn if selection.is_done else None,
                "ok": q["min"] <= drawn <= q["max"] if selection.is_done else None,
            }
        )
    return rows


def probability_summary(selection) -> dict | None:
    marginals = (selection.distribution or {}).get("marginals") or {}
    if not marginals:
        return None
    values = sorted(marginals.values())
    n = len(values)
    equal = selection.seats / n if n else 0
    return {
        "people": n,
        "committees": len(selection.distribution.get("committees", [])),
        "min": values[0],
        "max": values[-1],
        "median": values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2,
        "equal": equal,
        "zero": sum(1 for v in values if v < 1e-9),
        "buckets": _buckets(values),
    }


def _buckets(values: list[float]) -> list[dict]:
    """How many people have a chance in each band of 5 percentage points."""
    counts = Counter(min(int(v * 100 // 5), 19) for v in values)
    return [{"low": b * 5, "high": b * 5 + 5, "people": counts[b]} for b in sorted(counts)]


def check_invitation(code) -> dict | None:
    """What the holder of a reply code may see: their reply, pool number, their chance in each
    run they were part of, and whether they were drawn."""
    invitation = find_invitation(code)
    if invitation is None:
        return None
    respondent = Respondent.objects.filter(invitation=invitation).first()
    runs = []
    if respondent is not None:
        for selection in invitation.draw.selections.exclude(commitment="").order_by("number"):
            marginals = (selection.distribution or {}).get("marginals", {})
            if respondent.pool_id not in selection.people:
                continue
            runs.append(
                {
                    "selection": selection,
                    "probability": marginals.get(respondent.pool_id),
                    "selected": respondent.pool_id in selection.selected if selection.is_done else None,
                }
            )
    return {"invitation": invitation, "draw": invitation.draw, "respondent": respondent, "runs": runs}


def reply_url(code: str | None = None) -> str:
    from django.urls import reverse

    url = settings.SAMENSPEL_BASE_URL.rstrip("/") + reverse("sortition:reply")
    return f"{url}?code={normalise_code(code)}" if code else url
