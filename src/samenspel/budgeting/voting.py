"""Voting in a budget round: who may vote, voting codes by letter, ballots online (with a code
or an account) and on paper (entered twice), closing, turnout. Views, the demo and benchmarks
call these functions; each checks what it needs and changes nothing when it refuses.

Secret ballot (see models.py). A `Ballot` holds choices only. That a code voted is
`VotingCode.used_at`; that an account voted is a `Participation` row; neither points at the
ballot. The code's hash in `VotingCode.code_hash` (`code_key`) and the ballot's `change_key`
are HMACs of the plain code under different salts, so the two tables cannot be joined without
the plain code, which is never stored. Ballot ids are random rather than sequential, so the
order of the rows says nothing about who voted when (`cast_on` is a date, not a time).
`close_voting` erases every `change_key` for good. What stays possible for someone holding the
database *and* SECRET_KEY while voting is open: recompute an account voter's change key (it is
a keyed hash of the user id) and find that person's ballot. That is the price of letting
account voters change their vote; rounds that disallow changing store no change key at all.

Audit log: code batches, paper entries, their resolution and closing are recorded. Single
ballots are not: an entry per ballot would put a timestamped row next to each vote (a link
between voter and ballot by time) and would serialise every vote on the audit chain's head.

Voting codes: 12 characters from a 31-symbol alphabet without look-alikes (no 0/O, 1/I/L),
printed as K7QM-4XPA-9TRW, made with `secrets`. Stored only as HMAC-SHA256 with a key derived
from SECRET_KEY (`code_key`).

Brute force (rate limits in Django's cache, Redis in production): 31^12 ≈ 7.9e17 ≈ 2^59.5
possible codes. A large round issues 100,000 codes, so one guess finds *some* valid code with
probability 1e5 / 7.9e17 ≈ 1.3e-13. Limits on wrong codes: 10 per client IP (IPv6: per /64)
per 15 minutes, and at most 60 per minute for the whole round, whatever the number of IPs.
The windows are fixed, so at most twice that can pass around a window edge: ≤ 120 per minute
for the round, ≈ 1.7e5 a day, ≈ 4.8e6 in a four-week vote, which gives a chance of about
6e-7 of hitting any code at all, for a botnet as much as for one machine. Without the round
ceiling a million addresses at 10 per 15 minutes would get ≈ 5e10 guesses (≈ 0.7%). The cost:
while someone makes more than 60 wrong guesses a minute, code entry for that round answers
429 for the rest of that minute. Receipt look-ups use the same limits (kind="receipt")."""

import csv
import dataclasses
import datetime
import io
import ipaddress
import re
import secrets
import time
from collections import Counter

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.accounts.rules import is_resident_of
from samenspel.core import audit, ratelimit
from samenspel.core.templatetags.samenspel import cents

from .models import (
    Ballot,
    BallotType,
    CodeBatch,
    PaperEntry,
    Participation,
    ProjectStatus,
    Round,
    VoteChannel,
    VotingCode,
)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols: no 0/O, 1/I/L
CODE_LENGTH = 12
RECEIPT_LENGTH = 10
# One print run. WeasyPrint needs about 45 ms of CPU per letter here (layout, PDF/UA tags,
# the QR code), so 300 letters take some 15 s: well within one web request (gunicorn's
# default timeout is 30 s). Bigger lists go in several runs, each its own CodeBatch.
MAX_ADDRESSES = 300
MAX_CSV_ERRORS = 25

IP_LIMIT = 10  # wrong codes per client IP (IPv6: per /64) ...
IP_WINDOW = 15 * 60  # ... per 15 minutes
ROUND_LIMIT = 60  # wrong codes per round, from all IPs together ...
ROUND_WINDOW = 60  # ... per minute

# The vote pages keep a round a few seconds in the cache (views_voting._round).
ROUND_CACHE_KEY = "samenspel:budgeting:round:{pk}"

_SALT_CODE = "samenspel.budgeting.code"
_SALT_CHANGE_CODE = "samenspel.budgeting.change.code"
_SALT_CHANGE_ACCOUNT = "samenspel.budgeting.change.account"
_SALT_RECEIPT = "samenspel.budgeting.receipt"
_SALT_ADDRESS = "samenspel.budgeting.address"

SHEET_RE = re.compile(r"^[\w .-]+$")
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
HOUSE_NUMBER_RE = re.compile(r"^[0-9]{1,5}(?:[ -/]?[A-Z0-9]{1,6})?$")
# "Zaagmuldersweg 12", "2e Hugo de Grootstraat 12 A", "Kade 3-bis": the number at the end.
STREET_RE = re.compile(r"^(?P<street>.*\D)\s+(?P<number>[0-9]{1,5}(?:\s*[-/]?\s*[A-Za-z0-9]{1,6})?)$")


# --- helpers -------------------------------------------------------------------------------


def _hmac(salt: str, value: str) -> str:
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()


def can_manage(user, round) -> bool:
    """May this user issue codes, enter paper ballots and close voting (rules.py)?"""
    return bool(user and user.has_perm("budgeting.manage_round", round))


def _require_staff(user, round) -> None:
    if not can_manage(user, round):
        raise PermissionDenied


def _closed_message() -> str:
    return _("Voting in this round has closed.")


def _check_open(round, now) -> None:
    if round.result_published_at is not None or round.closed_at is not None or now >= round.voting_closes:
        raise ValidationError(_closed_message(), code="closed")
    if now < round.voting_opens:
        raise ValidationError(
            _("Voting has not started yet. You can vote from %(date)s.")
            % {"date": date_format(timezone.localtime(round.voting_opens), "j F Y, H:i")},
            code="not_open",
        )


def _lock_round_for_casting(round) -> None:
    """First thing in the casting transaction, on PostgreSQL: a KEY SHARE lock on the round row.
    Casts do not block each other (KEY SHARE locks share), but `close_voting` takes FOR UPDATE,
    so it waits for the casts in flight, and casts that start later wait for it to commit. The
    foreign key's own check cannot do this: Django makes foreign keys DEFERRABLE INITIALLY
    DEFERRED, so that lock is only taken at COMMIT, after `_confirm_still_open` has looked.
    SQLite serialises writers, which gives the same order.

    The same locking read says whether the round is still open: a row that `close_voting`
    changed and committed after this statement began is read again in its new version (READ
    COMMITTED's rule for locking reads), so a cast that comes after closing sees `closed_at`,
    and closing cannot commit while a cast holds the lock. `_confirm_still_open` then has
    nothing left to check on PostgreSQL: one query less per ballot (benchmarks/load.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT closed_at IS NULL AND result_published_at IS NULL FROM "budgeting_round" '
                "WHERE id = %s FOR KEY SHARE",
                [round.pk],
            )
            row = cursor.fetchone()
        if row is None or not row[0]:
            raise ValidationError(_closed_message(), code="closed")


def _confirm_still_open(round) -> None:
    """Inside the casting transaction, after the ballot is written (and after
    `_lock_round_for_casting`): a ballot written after `close_voting` committed sees `closed_at`
    here and rolls back. Together: no ballot with a change key survives closing. On PostgreSQL
    the locking read in `_lock_round_for_casting` has checked this already."""
    if connection.vendor == "postgresql":
        return
    if not Round.objects.filter(pk=round.pk, closed_at__isnull=True, result_published_at__isnull=True).exists():
        raise ValidationError(_closed_message(), code="closed")


def _ballot_id() -> int:
    # Random, not sequential: the order of ballot rows must not mirror the order of voters.
    return secrets.randbelow(2**63 - 2) + 1


def _insert_ballot(round, channel, choices, *, receipt_hash="", change_key=None) -> Ballot:
    return Ballot.objects.create(
        id=_ballot_id(),
        round=round,
        channel=channel,
        choices=choices,
        change_key=change_key,
        receipt_hash=receipt_hash,
        cast_on=timezone.localdate(),
    )


# --- codes and receipts ----------------------------------------------------------------------


def normalise_code(code) -> str:
    """Upper case without spaces, dashes or dots: what a person types or a QR code carries."""
    return re.sub(r"[\s\-‐‑–—._]", "", str(code or "")).upper()


def _well_formed(normalised: str, length: int = CODE_LENGTH) -> bool:
    return len(normalised) == length and all(c in ALPHABET for c in normalised)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """K7QM4XPA9TRW -> K7QM-4XPA-9TRW (groups of four, as printed on the letter)."""
    code = normalise_code(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_key(code) -> str:
    """The stored form of a voting code: HMAC-SHA256 under a key derived from SECRET_KEY."""
    return _hmac(_SALT_CODE, normalise_code(code))


def _code_change_key(round, normalised: str) -> str:
    return _hmac(_SALT_CHANGE_CODE, f"{round.pk}:{normalised}")


def _account_change_key(round, user) -> str:
    return _hmac(_SALT_CHANGE_ACCOUNT, f"{round.pk}:{user.pk}")


def new_receipt() -> str:
    plain = "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"{plain[:5]}-{plain[5:]}"


def receipt_key(round, receipt) -> str:
    return _hmac(_SALT_RECEIPT, f"{round.pk}:{normalise_code(receipt)}")


def ballot_for_receipt(round, receipt) -> Ballot | None:
    normalised = normalise_code(receipt)
    if not _well_formed(normalised, RECEIPT_LENGTH):
        return None
    return Ballot.objects.filter(round=round, receipt_hash=receipt_key(round, normalised)).first()


@dataclasses.dataclass(frozen=True)
class CodeTicket:
    """What the vote pages keep between entering a code and confirming the ballot, instead of
    the plain code: the code's stored hash and the ballot's change key. Both come from the
    code; neither can be turned back into it."""

    round_id: int
    code_hash: str
    change_key: str

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data) -> "CodeTicket | None":
        try:
            return cls(int(data["round_id"]), str(data["code_hash"]), str(data["change_key"]))
        except (KeyError, TypeError, ValueError):
            return None


def _unknown_code() -> ValidationError:
    message = _("We do not know this code for this vote. Check the code on your letter and try again.")
    return ValidationError({"code": ValidationError(message, code="unknown_code")})


def _used_code() -> ValidationError:
    return ValidationError({"code": ValidationError(_("This code has already been used."), code="used_code")})


def verify_code(round, code) -> CodeTicket:
    """Check a code typed in (or from the QR code) before showing the ballot: the round is open
    and the code belongs to it and may still vote (unused, or used while changing is allowed)."""
    _check_open(round, timezone.now())
    normalised = normalise_code(code)
    if not _well_formed(normalised):
        raise _unknown_code()
    digest = code_key(normalised)
    used_at = list(VotingCode.objects.filter(round=round, code_hash=digest).values_list("used_at", flat=True)[:1])
    if not used_at:
        raise _unknown_code()
    if used_at[0] is not None and not round.allow_vote_change:
        raise _used_code()
    return CodeTicket(round.pk, digest, _code_change_key(round, normalised))


def code_was_used(round, ticket: CodeTicket) -> bool:
    return VotingCode.objects.filter(round=round, code_hash=ticket.code_hash, used_at__isnull=False).exists()


# --- rate limits -------------------------------------------------------------------------------


def _ip_bucket(ip: str) -> str:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _limit_keys(kind: str, round, ip: str, now: float) -> list[tuple[str, int, int]]:
    return [
        (f"samenspel:budgeting:{kind}:ip:{_ip_bucket(ip)}:{int(now // IP_WINDOW)}", IP_LIMIT, IP_WINDOW),
        (f"samenspel:budgeting:{kind}:round:{round.pk}:{int(now // ROUND_WINDOW)}", ROUND_LIMIT, ROUND_WINDOW),
    ]


def attempts_blocked(round, ip: str, kind: str = "code") -> bool:
    """Too many wrong codes (or receipts) from this IP, or for this round, in the current
    window. Check this *before* looking at the code."""
    keys = _limit_keys(kind, round, ip, time.time())
    counts = cache.get_many([key for key, _limit, _window in keys])
    return any(counts.get(key, 0) >= limit for key, limit, _window in keys)


def record_failed_attempt(round, ip: str, kind: str = "code") -> None:
    for key, _limit, window in _limit_keys(kind, round, ip, time.time()):
        ratelimit.count(key, window)


# --- ballots -----------------------------------------------------------------------------------


def ballot_projects(round) -> dict[int, int]:
    """{project pk: cost in cents} of the projects on the ballot."""
    return {
        pk: cost or 0
        for pk, cost in round.projects.filter(status=ProjectStatus.ON_BALLOT).values_list("pk", "cost_cents")
    }


def _choice_error(message: str, code: str) -> ValidationError:
    return ValidationError({"choices": ValidationError(message, code=code)})


def validate_choices(round, choices, *, projects: dict[int, int] | None = None) -> dict[str, int]:
    """Check a ballot against the round's rules and return it as {"<project pk>": points},
    ordered by project. Approval and knapsack ballots give 1 to each chosen project. A
    cumulative ballot spreads at least 1 and at most `round.points` points, each project at
    most `max_points_per_project`. Every ballot chooses at least one project (at least
    `min_projects`) and at most `max_projects`; a knapsack ballot stays within the amount."""
    if projects is None:
        projects = ballot_projects(round)
    if not isinstance(choices, dict):
        raise _choice_error(_("Choose at least one project."), "empty")
    result: dict[int, int] = {}
    for key, value in choices.items():
        text = str(key).strip()
        if not text.isdigit() or int(text) not in projects:
            raise _choice_error(
                _("One of the chosen projects is not on this ballot. Reload the page and choose again."),
                "unknown_project",
            )
        pk = int(text)
        if pk in result:
            raise _choice_error(_("A project was chosen twice."), "duplicate")
        if isinstance(value, bool) or not isinstance(value, int):
            raise _choice_error(_("Points must be whole numbers."), "points")
        if value <= 0:
            raise _choice_error(_("Give a project at least 1 point, or leave it out."), "points")
        result[pk] = value

    cumulative = round.ballot_type == BallotType.CUMULATIVE
    if not cumulative and any(value != 1 for value in result.values()):
        raise _choice_error(_("On this ballot you choose a project or not: points are not used."), "points")

    count = len(result)
    least = max(1, round.min_projects or 0)
    if count < least:
        raise _choice_error(
            ngettext("Choose at least %(n)d project.", "Choose at least %(n)d projects.", least) % {"n": least},
            "too_few",
        )
    if round.max_projects and count > round.max_projects:
        raise _choice_error(
            ngettext(
                "Choose at most %(n)d project. You chose %(count)d.",
                "Choose at most %(n)d projects. You chose %(count)d.",
                round.max_projects,
            )
            % {"n": round.max_projects, "count": count},
            "too_many",
        )
    if round.ballot_type == BallotType.KNAPSACK:
        total = sum(projects[pk] for pk in result)
        if total > round.amount_cents:
            raise _choice_error(
                _(
                    "Together the projects you chose cost € %(total)s. That is more than the € %(amount)s there is "
                    "to divide. Leave out a project."
                )
                % {"total": cents(total), "amount": cents(round.amount_cents)},
                "over_budget",
            )
    if cumulative:
        if not round.points:
            raise _choice_error(_("This round has no points to spread. Please tell the municipality."), "no_points")
        most = round.max_points_per_project
        if most and any(value > most for value in result.values()):
            raise _choice_error(
                ngettext("Give each project at most %(n)d point.", "Give each project at most %(n)d points.", most)
                % {"n": most},
                "points_per_project",
            )
        used = sum(result.values())
        if used > round.points:
            raise _choice_error(
                _("You gave %(used)d points, but you have %(points)d to spread.")
                % {"used": used, "points": round.points},
                "too_many_points",
            )
    return {str(pk): result[pk] for pk in sorted(result)}


def cast_with_code(round, code, choices) -> str:
    """Vote with the code from a letter. Returns a new receipt code (shown once, stored only as
    a hash). See `cast_with_ticket`."""
    normalised = normalise_code(code)
    if not _well_formed(normalised):
        _check_open(round, timezone.now())
        raise _unknown_code()
    return cast_with_ticket(
        round, CodeTicket(round.pk, code_key(normalised), _code_change_key(round, normalised)), choices
    )


def cast_with_ticket(round, ticket: CodeTicket, choices, *, projects: dict[int, int] | None = None) -> str:
    """One transaction. The code is claimed with a conditional UPDATE (… WHERE used_at IS NULL):
    of many concurrent requests with the same code exactly one claims it and inserts the
    ballot. The others wait for that row lock, then find the code used: they are refused, or,
    when the round allows changing, they replace the ballot found by its change key."""
    now = timezone.now()
    _check_open(round, now)
    if ticket.round_id != round.pk:
        raise _unknown_code()
    normalised = validate_choices(round, choices, projects=projects)
    receipt = new_receipt()
    receipt_hash = receipt_key(round, receipt)
    with transaction.atomic():
        _lock_round_for_casting(round)
        claimed = VotingCode.objects.filter(round=round, code_hash=ticket.code_hash, used_at__isnull=True).update(
            used_at=now
        )
        if claimed:
            change_key = ticket.change_key if round.allow_vote_change else None
            _insert_ballot(round, VoteChannel.CODE, normalised, receipt_hash=receipt_hash, change_key=change_key)
        else:
            if not VotingCode.objects.filter(round=round, code_hash=ticket.code_hash).exists():
                raise _unknown_code()
            if not round.allow_vote_change or not _replace_ballot(round, ticket.change_key, normalised, receipt_hash):
                raise _used_code()
        _confirm_still_open(round)
    return receipt


def _replace_ballot(round, change_key: str, choices: dict, receipt_hash: str) -> bool:
    updated = Ballot.objects.filter(round=round, change_key=change_key).update(
        choices=choices, receipt_hash=receipt_hash, cast_on=timezone.localdate()
    )
    return bool(updated)


# --- who may vote --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Address:
    """One line of an address list. Used to print a letter, then forgotten."""

    name: str
    street: str  # with the house number
    postcode: str  # "9713 AB"
    city: str
    birth_date: datetime.date | None = None

    @property
    def house_number(self) -> str:
        match = STREET_RE.match(self.street.strip())
        return normalise_house_number(match["number"]) if match else ""

    @property
    def key(self) -> str:
        """Postcode and house number: what makes an address one address."""
        return f"{normalise_postcode(self.postcode)}|{self.house_number}"


@dataclasses.dataclass(frozen=True)
class Eligibility:
    """`eligible`'s answer: true or false, and when false a reason to show."""

    ok: bool
    reason: str = ""
    code: str = ""

    def __bool__(self) -> bool:
        return self.ok


def normalise_postcode(postcode) -> str:
    return re.sub(r"\s+", "", str(postcode or "")).upper()


def display_postcode(postcode) -> str:
    normalised = normalise_postcode(postcode)
    return f"{normalised[:4]} {normalised[4:]}" if POSTCODE_RE.match(normalised) else normalised


def normalise_house_number(number) -> str:
    text = re.sub(r"\s+", " ", str(number or "").strip().upper())
    return re.sub(r"^([0-9]+)\s*([-/]?)\s*", r"\1\2", text)


def postcode_allowed(round, postcode, allowed: list[str] | None = None) -> bool:
    """Within the round's postcodes: a 4-digit entry covers all its postcodes, a full entry one.
    An empty list means the postcode is not checked."""
    allowed = round.postcode_list() if allowed is None else allowed
    if not allowed:
        return True
    postcode = normalise_postcode(postcode)
    return any(postcode == entry or (len(entry) == 4 and postcode.startswith(entry)) for entry in allowed)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _age_day(round) -> datetime.date:
    return timezone.localtime(round.voting_opens).date()


def _age_problem(round, birth_date) -> Eligibility | None:
    if not round.min_age:
        return None
    if birth_date is None:
        return Eligibility(False, _("Without a date of birth we cannot check the minimum age."), "birth_date_missing")
    if age_on(birth_date, _age_day(round)) < round.min_age:
        return Eligibility(
            False,
            _("You must be at least %(age)d years old on %(date)s to vote.")
            % {"age": round.min_age, "date": date_format(_age_day(round), "j F Y")},
            "too_young",
        )
    return None


def eligible(round, address: Address, *, seen: set | None = None, allowed: list[str] | None = None) -> Eligibility:
    """May this address (person) get a voting letter for the round? Postcode within the round's
    postcodes, old enough on the day voting opens (a birth date is needed when the round has a
    minimum age), and with one vote per address only the first letter for an address in
    `seen` (a set the caller keeps for one list; matching addresses are added)."""
    if not postcode_allowed(round, address.postcode, allowed):
        return Eligibility(False, _("The postcode is outside the area of this vote."), "postcode")
    problem = _age_problem(round, address.birth_date)
    if problem is not None:  # an Eligibility: false when tested, so compare with None
        return problem
    if round.one_vote_per_address and seen is not None:
        if address.key in seen:
            return Eligibility(False, _("This address already has a letter (one vote per address)."), "address_twice")
        seen.add(address.key)
    return Eligibility(True)


# --- address lists ---------------------------------------------------------------------------------

COLUMNS = {
    "name": {"naam", "name"},
    "street": {"straat", "street", "adres", "address"},
    "postcode": {"postcode", "postal code", "postalcode"},
    "city": {"plaats", "woonplaats", "city"},
    "birth_date": {"geboortedatum", "birth date", "birth_date", "birthdate", "date of birth"},
}
REQUIRED_COLUMNS = ("name", "street", "postcode", "city")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


def _read_text(file) -> str:
    data = file.read() if hasattr(file, "read") else file
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”.")
            ) from error
    return str(data).removeprefix("\ufeff")


def _parse_date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_row(values: dict[str, str]) -> tuple[Address | None, list[str]]:
    problems = []
    name, street, postcode, city = (values.get(c, "").strip() for c in REQUIRED_COLUMNS)
    if not name:
        problems.append(_("the name is missing"))
    elif len(name) > 200:
        problems.append(_("the name is longer than 200 characters"))
    if not street:
        problems.append(_("the street is missing"))
    elif not STREET_RE.match(street):
        problems.append(_("the street “%(street)s” has no house number") % {"street": street[:80]})
    if not POSTCODE_RE.match(normalise_postcode(postcode)):
        problems.append(_("“%(postcode)s” is not a Dutch postcode (like 9713 AB)") % {"postcode": postcode[:20]})
    if not city:
        problems.append(_("the town is missing"))
    birth_date = None
    birth_text = values.get("birth_date", "").strip()
    if birth_text:
        birth_date = _parse_date(birth_text)
        if birth_date is None:
            problems.append(_("“%(date)s” is not a date (use 2001-05-31 or 31-05-2001)") % {"date": birth_text[:20]})
        elif birth_date > timezone.localdate() or birth_date.year < 1900:
            problems.append(_("the date of birth %(date)s cannot be right") % {"date": birth_text[:20]})
    if problems:
        return None, problems
    address = Address(
        name=name,
        street=re.sub(r"\s+", " ", street),
        postcode=display_postcode(postcode),
        city=city,
        birth_date=birth_date,
    )
    return address, []


def parse_address_csv(file) -> list[Address]:
    """Read an address list: a header line naming the columns naam/name, straat/street (with
    the house number), postcode, plaats/city and optionally geboortedatum/birth_date; fields
    separated by `;` or `,`; UTF-8 with or without BOM. Any bad line refuses the whole file,
    with the line numbers and what is wrong."""
    text = _read_text(file)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise ValidationError(_("The file is empty."))
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = None
    columns: dict[str, int] = {}
    addresses: list[Address] = []
    errors: list[str] = []
    error_count = 0
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [re.sub(r"[\s_-]+", " ", cell.strip().lower()) for cell in row]
                for field, names in COLUMNS.items():
                    for index, cell in enumerate(header):
                        if cell in names or cell.replace(" ", "_") in names:
                            columns.setdefault(field, index)
                missing = [field for field in REQUIRED_COLUMNS if field not in columns]
                if missing:
                    raise ValidationError(
                        _(
                            "Line %(line)d must name the columns: naam, straat, postcode, plaats and, if you have "
                            "them, geboortedatum. Not found: %(missing)s."
                        )
                        % {"line": reader.line_num, "missing": ", ".join(missing)}
                    )
                continue
            if len(row) > len(header):
                problems = [_("it has more fields than the first line")]
                address = None
            else:
                values = {field: (row[index] if index < len(row) else "") for field, index in columns.items()}
                address, problems = _parse_row(values)
            if problems:
                error_count += 1
                if len(errors) < MAX_CSV_ERRORS:
                    errors.append(
                        _("Line %(line)d: %(problems)s.") % {"line": reader.line_num, "problems": "; ".join(problems)}
                    )
                continue
            addresses.append(address)
            if len(addresses) > MAX_ADDRESSES:
                raise ValidationError(
                    _("The file has more than %(max)d addresses. Split it into several files of at most %(max)d.")
                    % {"max": MAX_ADDRESSES}
                )
    except csv.Error as error:
        raise ValidationError(
            _("Line %(line)d cannot be read: %(reason)s.") % {"line": reader.line_num, "reason": error}
        ) from error
    if error_count > len(errors):
        errors.append(
            ngettext(
                "And %(n)d more line with a problem.", "And %(n)d more lines with problems.", error_count - len(errors)
            )
            % {"n": error_count - len(errors)}
        )
    if errors:
        raise ValidationError(errors)
    if not addresses:
        raise ValidationError(_("The file has no addresses below the first line."))
    return addresses


# --- voting letters ----------------------------------------------------------------------------------


def _new_codes(n: int) -> list[str]:
    """n codes whose hashes are unique among themselves and in the database."""
    codes: dict[str, str] = {}
    while len(codes) < n:
        fresh = {}
        while len(codes) + len(fresh) < n:
            code = new_code()
            digest = code_key(code)
            if digest not in codes:
                fresh[digest] = code
        taken = set()
        digests = list(fresh)
        for start in range(0, len(digests), 1000):
            chunk = digests[start : start + 1000]
            taken.update(VotingCode.objects.filter(code_hash__in=chunk).values_list("code_hash", flat=True))
        codes.update({digest: code for digest, code in fresh.items() if digest not in taken})
    return list(codes.values())


def voting_closed(round, now=None) -> bool:
    now = now or timezone.now()
    return round.closed_at is not None or round.result_published_at is not None or now >= round.voting_closes


def generate_codes(round, actor, addresses, note="", *, contact="", paper_voting="") -> tuple[CodeBatch, bytes]:
    """Make one voting code per eligible address and the letters PDF (one A4 page each). Only
    the codes' hashes are stored, with the number of letters and of addresses left out; the
    addresses themselves are not kept. `contact` and `paper_voting` are printed on the letter
    (who to call; where to vote on paper). The PDF is made before anything is stored, so a
    failure leaves nothing behind."""
    from .letters import render_letters_pdf

    _require_staff(actor, round)
    if voting_closed(round):
        raise ValidationError(_("Voting in this round has closed: no new voting codes can be made."))
    addresses = list(addresses)
    if not addresses:
        raise ValidationError(_("The list has no addresses."))
    if len(addresses) > MAX_ADDRESSES:
        raise ValidationError(
            _("At most %(max)d letters at a time. Split the list into several files.") % {"max": MAX_ADDRESSES}
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": _("Keep the note under 200 characters.")})
    contact = (contact or "").strip()
    paper_voting = (paper_voting or "").strip()
    for field, value in (("contact", contact), ("paper_voting", paper_voting)):
        if len(value) > 300:
            raise ValidationError({field: _("Keep this under 300 characters.")})

    allowed = round.postcode_list()
    seen: set[str] = set()
    chosen: list[Address] = []
    skipped: Counter = Counter()
    for address in addresses:
        verdict = eligible(round, address, seen=seen, allowed=allowed)
        if verdict:
            chosen.append(address)
        else:
            skipped[verdict.code] += 1
    if not chosen:
        raise ValidationError(
            ngettext(
                "The address in the list may not vote in this round (postcode, age or one vote per address).",
                "None of the %(n)d addresses in the list may vote in this round (postcode, age or one vote per "
                "address).",
                len(addresses),
            )
            % {"n": len(addresses)}
        )
    codes = _new_codes(len(chosen))
    pdf = render_letters_pdf(round, list(zip(chosen, codes, strict=True)), contact=contact, paper_voting=paper_voting)
    with transaction.atomic():
        batch = CodeBatch.objects.create(
            round=round, letters=len(chosen), skipped=sum(skipped.values()), note=note, created_by=actor
        )
        VotingCode.objects.bulk_create(
            [VotingCode(round=round, batch=batch, code_hash=code_key(code)) for code in codes], batch_size=1000
        )
        audit.record(
            "budgeting.codes.generated",
            actor=actor,
            obj=batch,
            data={"round": round.pk, "letters": len(chosen), "skipped": dict(sorted(skipped.items()))},
        )
    return batch, pdf


# --- voting with an account -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Declaration:
    """What an account voter declares: checked, then used for the address key only."""

    postcode: str
    house_number: str
    birth_date: datetime.date | None

    def address_key(self, round) -> str:
        return _hmac(_SALT_ADDRESS, f"{round.pk}:{self.postcode}|{self.house_number}")


def check_declaration(round, user, *, postcode, house_number, birth_date) -> Declaration:
    """May this account vote in the round with this address and date of birth? Raises a
    ValidationError on the field concerned. With no postcodes set for the round, the account
    must be registered as a resident of the round's place."""
    errors = {}
    postcode = normalise_postcode(postcode)
    house_number = normalise_house_number(house_number)
    if not POSTCODE_RE.match(postcode):
        errors["postcode"] = _("Enter your postcode like 9713 AB.")
    elif not round.postcode_list() and not is_resident_of(user, round.budget.place):
        errors["postcode"] = _(
            "Voting with an account is for residents registered for %(place)s. Use the code from your letter."
        ) % {"place": round.budget.place.name}
    elif not postcode_allowed(round, postcode):
        errors["postcode"] = _("Your postcode is outside the area of this vote.")
    if not HOUSE_NUMBER_RE.match(house_number):
        errors["house_number"] = _("Enter your house number, like 12 or 12A.")
    if birth_date is not None and (birth_date > timezone.localdate() or birth_date.year < 1900):
        errors["birth_date"] = _("This date of birth cannot be right.")
    elif (problem := _age_problem(round, birth_date)) is not None:
        errors["birth_date"] = problem.reason
    if errors:
        raise ValidationError(errors)
    return Declaration(postcode, house_number, birth_date)


def cast_with_account(
    round, user, choices, *, postcode, house_number, birth_date, projects: dict[int, int] | None = None
) -> str:
    """Vote with an account, when the round allows it. That the account voted is recorded in
    `Participation` (with, for one vote per address, a keyed hash of postcode and house
    number, never the address); the ballot is not linked to it. Returns a receipt code."""
    if not user or not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    now = timezone.now()
    _check_open(round, now)
    if not round.allow_account_voting:
        raise ValidationError(_("In this round you vote with the code from your letter."), code="no_accounts")
    declaration = check_declaration(round, user, postcode=postcode, house_number=house_number, birth_date=birth_date)
    normalised = validate_choices(round, choices, projects=projects)
    receipt = new_receipt()
    receipt_hash = receipt_key(round, receipt)
    change_key = _account_change_key(round, user) if round.allow_vote_change else None
    address_key = declaration.address_key(round) if round.one_vote_per_address else ""
    with transaction.atomic():
        _lock_round_for_casting(round)
        try:
            with transaction.atomic():
                Participation.objects.create(round=round, user=user, address_key=address_key)
        except IntegrityError:
            if not Participation.objects.filter(round=round, user=user).exists():
                message = _("Someone at this address has already voted in this round.")
                raise ValidationError({"house_number": ValidationError(message, code="address")}) from None
            if not round.allow_vote_change or not _replace_ballot(round, change_key, normalised, receipt_hash):
                raise ValidationError(_("You have already voted in this round."), code="used") from None
        else:
            _insert_ballot(round, VoteChannel.ACCOUNT, normalised, receipt_hash=receipt_hash, change_key=change_key)
        _confirm_still_open(round)
    return receipt


def has_voted(round, user) -> bool:
    return bool(user and user.is_authenticated) and Participation.objects.filter(round=round, user=user).exists()


# --- paper ballots ---------------------------------------------------------------------------------


def _paper_open(round) -> None:
    if round.result_published_at is not None:
        raise ValidationError(_("The result has been published: paper ballots can no longer be entered."))
    if timezone.now() < round.voting_opens:
        raise ValidationError(_("Voting has not started yet: there are no paper ballots to enter."))


def _same(a: PaperEntry, b: PaperEntry) -> bool:
    return a.invalid == b.invalid and (a.invalid or a.choices == b.choices)


@transaction.atomic
def enter_paper_ballot(round, actor, sheet, choices, invalid=False) -> PaperEntry:
    """One official's entry of a paper ballot. Each sheet is entered by two different
    officials; when the two entries agree the ballot counts (once), when they differ nothing
    counts and the sheet waits for resolution (`discard_paper_entry`, then a new entry).
    Possible from the opening of the vote until the result is published."""
    _require_staff(actor, round)
    # Serialise paper entries of the round; NO KEY UPDATE does not block online voting.
    round = Round.objects.select_for_update(no_key=True).get(pk=round.pk)
    _paper_open(round)
    sheet = (sheet or "").strip()
    if not sheet:
        raise ValidationError({"sheet": _("Enter the number on the ballot paper.")})
    if len(sheet) > 40:
        raise ValidationError({"sheet": _("Keep the number under 40 characters.")})
    if not SHEET_RE.match(sheet):
        raise ValidationError({"sheet": _("Use only letters, numbers, spaces, dots and dashes in the number.")})
    normalised = {} if invalid else validate_choices(round, choices)
    live = list(PaperEntry.objects.filter(round=round, sheet=sheet, discarded_at__isnull=True).order_by("pk"))
    if any(entry.ballot_id for entry in live) or (len(live) >= 2 and _same(live[0], live[1])):
        message = _("This ballot paper has already been entered twice, and both entries agree.")
        raise ValidationError({"sheet": ValidationError(message, code="counted")})
    if any(entry.entered_by_id == actor.pk for entry in live):
        message = _("You have already entered this ballot paper. A colleague must enter it the second time.")
        raise ValidationError({"sheet": ValidationError(message, code="same_official")})
    if len(live) >= 2:
        message = _("The two entries of this ballot paper differ. Set one aside before entering it again.")
        raise ValidationError({"sheet": ValidationError(message, code="discrepancy")})
    entry = PaperEntry.objects.create(
        round=round, sheet=sheet, choices=normalised, entered_by=actor, invalid=bool(invalid)
    )
    outcome = "waiting"
    if live:
        first = live[0]
        if _same(first, entry):
            outcome = "invalid"
            if not entry.invalid:
                ballot = _insert_ballot(round, VoteChannel.PAPER, normalised)
                PaperEntry.objects.filter(pk__in=[first.pk, entry.pk]).update(ballot=ballot)
                entry.ballot = ballot
                outcome = "counted"
        else:
            outcome = "discrepancy"
    audit.record(
        "budgeting.paper.entered", actor=actor, obj=entry, data={"round": round.pk, "sheet": sheet, "outcome": outcome}
    )
    entry.outcome = outcome
    return entry


@transaction.atomic
def discard_paper_entry(entry, actor, reason) -> PaperEntry:
    """Set an entry aside (for instance one of two that differ), with a reason. If the sheet
    was counted, its ballot no longer counts until a new entry agrees with the other one."""
    round = Round.objects.select_for_update(no_key=True).select_related("budget__place").get(pk=entry.round_id)
    _require_staff(actor, round)
    entry = PaperEntry.objects.select_for_update().get(pk=entry.pk)
    if round.result_published_at is not None:
        raise ValidationError(_("The result has been published: paper ballots can no longer be changed."))
    if entry.discarded_at is not None:
        raise ValidationError(_("This entry has already been set aside."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this entry is set aside.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep this under 300 characters.")})
    uncounted = entry.ballot_id is not None
    if uncounted:
        Ballot.objects.filter(pk=entry.ballot_id).delete()  # the entries' link is set to NULL
    entry.discarded_at = timezone.now()
    entry.discard_reason = reason
    entry.ballot = None
    entry.save(update_fields=["discarded_at", "discard_reason", "ballot"])
    audit.record(
        "budgeting.paper.discarded",
        actor=actor,
        obj=entry,
        data={"round": round.pk, "sheet": entry.sheet, "reason": reason, "uncounted": uncounted},
    )
    return entry


def paper_status(round) -> dict:
    """Counted sheets, sheets waiting for their second entry, and sheets whose two entries
    differ (with both entries, to resolve)."""
    live = PaperEntry.objects.filter(round=round, discarded_at__isnull=True).select_related("entered_by")
    sheets: dict[str, list[PaperEntry]] = {}
    for entry in live.order_by("sheet", "pk"):
        sheets.setdefault(entry.sheet, []).append(entry)
    counted, invalid, waiting, discrepancies = [], [], [], []
    for sheet, entries in sheets.items():
        if len(entries) == 1:
            waiting.append({"sheet": sheet, "entry": entries[0]})
        elif entries[0].ballot_id:
            counted.append(sheet)
        elif _same(entries[0], entries[1]):
            invalid.append(sheet)
        else:
            discrepancies.append({"sheet": sheet, "entries": entries[:2]})
    return {
        "counted": len(counted),
        "invalid": len(invalid),
        "waiting": waiting,
        "discrepancies": discrepancies,
        "discarded": PaperEntry.objects.filter(round=round, discarded_at__isnull=False).count(),
    }


# --- closing and turnout ----------------------------------------------------------------------------


@transaction.atomic
def close_voting(round, actor) -> Round:
    """End voting now (if it has not been ended yet) and erase every change key, so no ballot
    can be tied to a voter any more. Casting also stops by itself at `voting_closes`; the keys
    are erased only here, so close every round once its voting time is over."""
    _require_staff(actor, round)
    # FOR UPDATE (not NO KEY): waits for the casts in flight (see _lock_round_for_casting).
    round = Round.objects.select_for_update().select_related("budget__place").get(pk=round.pk)
    now = timezone.now()
    if now < round.voting_opens:
        raise ValidationError(_("Voting has not started yet."))
    closed_now = round.closed_at is None
    if closed_now:
        round.closed_at = now
        round.save(update_fields=["closed_at"])
    erased = Ballot.objects.filter(round=round, change_key__isnull=False).update(change_key=None)
    transaction.on_commit(lambda: cache.delete(ROUND_CACHE_KEY.format(pk=round.pk)))
    if closed_now or erased:
        audit.record(
            "budgeting.voting.closed",
            actor=actor,
            obj=round,
            data={"ballots": Ballot.objects.filter(round=round).count(), "change_keys_erased": erased},
        )
    return round


def turnout(round) -> dict:
    """Letters and codes used, accounts that voted, paper ballots counted, ballots in total."""
    codes = VotingCode.objects.filter(round=round).aggregate(
        issued=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False))
    )
    by_channel = dict(Ballot.objects.filter(round=round).order_by().values_list("channel").annotate(n=Count("pk")))
    issued, used = codes["issued"], codes["used"]
    return {
        "codes_issued": issued,
        "codes_used": used,
        "code_share": (used / issued) if issued else None,
        "accounts": Participation.objects.filter(round=round).count(),
        "ballots_code": by_channel.get(VoteChannel.CODE, 0),
        "ballots_account": by_channel.get(VoteChannel.ACCOUNT, 0),
        "paper_counted": by_channel.get(VoteChannel.PAPER, 0),
        "total_ballots": sum(by_channel.values()),
    }


def error_codes(error: ValidationError) -> set[str]:
    """The codes of a ValidationError's messages ("unknown_code", "closed", …)."""
    errors = (
        [e for errors in error.error_dict.values() for e in errors]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    return {e.code for e in errors if e.code}
