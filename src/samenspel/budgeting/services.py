"""Use cases for budgets, rounds, projects, the result and the realisation. Each is one
transaction: it checks permission, validates everything before it writes, records to the
audit log and tells who should hear. Views, the demo and commands call these. Voting itself
(codes, ballots, paper entries, closing) lives in voting.py; counting in tally.py.

Sources: issue 5 (phases ideas → review → support → voting → result → realisation; a result
binds only at level 3), seed 003 (the Oosterpark wijkbudget), anchor-platforms.md (CONSUL's
phases with published reasons for rejection, Decidim's budgets)."""

import datetime
import re
import secrets
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.core import audit
from samenspel.core.models import Channel
from samenspel.decisions import mandate
from samenspel.notifications import services as notifications
from samenspel.places.models import PlaceKind

from .models import (
    AreaCap,
    Ballot,
    BallotType,
    Budget,
    BudgetKind,
    Project,
    ProjectStatus,
    ProjectSupport,
    ProjectUpdate,
    RealisationStatus,
    Round,
    RoundPhase,
    TallyRule,
    Utility,
    VoteChannel,
)

MAX_TITLE = 200
MAX_PROJECT_TITLE = 150
MAX_SUMMARY = 300
MAX_TEXT = 5000
MAX_REASON = 3000
MAX_AMOUNT_CENTS = 10**13  # a hundred billion euro: anything above is a typing error
MAX_POINTS = 1000
POSTCODE = re.compile(r"^[1-9][0-9]{3}([A-Z]{2})?$")
BUDGET_PLACE_KINDS = (PlaceKind.WIJK, PlaceKind.DORP, PlaceKind.BUURT)
# Add1 raises every voter's share one euro at a time, as equalshares.net and pabulib count.
ADD1_INCREMENT_CENTS = 100
ADD1_RULES = (TallyRule.MES_ADD1, TallyRule.MES_ADD1_OVERSPEND, TallyRule.MES_ADD1_GREEDY)

# What the phases mean for participants, in the order they come.
PHASE_ORDER = [
    RoundPhase.IDEAS,
    RoundPhase.REVIEW,
    RoundPhase.SUPPORT,
    RoundPhase.VOTING,
    RoundPhase.COUNTING,
    RoundPhase.RESULT,
    RoundPhase.REALISATION,
]

# The rules in plain words, for the results page.
RULE_EXPLANATIONS = {
    TallyRule.GREEDY: gettext_lazy(
        "Most votes first: the project with the most votes is funded first, then the next one, and so on. A "
        "project that costs more than the money left is skipped, and the count goes on with the next one."
    ),
    TallyRule.MES: gettext_lazy(
        "Method of Equal Shares: the money is divided equally over everyone who voted. A project is funded "
        "when the people who voted for it can pay for it together from their share. Each step funds the "
        "project that costs its supporters the least per vote. This way a large group cannot take all the "
        "money: smaller groups of voters get projects they chose too."
    ),
    TallyRule.MES_ADD1: gettext_lazy(
        "Method of Equal Shares: the money is divided equally over everyone who voted, and a project is funded "
        "when its voters can pay for it together from their share. When no more projects can be paid this way "
        "while money is left, every voter's share is raised a little at a time (“Add1”) and the count is "
        "repeated, until no other project fits in the budget."
    ),
    TallyRule.MES_ADD1_OVERSPEND: gettext_lazy(
        "Method of Equal Shares: the money is divided equally over everyone who voted, and a project is funded "
        "when its voters can pay for it together from their share. When money is left, every voter's share is "
        "raised a little at a time (“Add1”) and the count is repeated, for as long as the outcome would not "
        "cost more than the budget."
    ),
    TallyRule.MES_ADD1_GREEDY: gettext_lazy(
        "Method of Equal Shares with “Add1” (see above), after which any money left goes to the projects "
        "with the most votes that still fit (most votes first)."
    ),
    TallyRule.PHRAGMEN: gettext_lazy(
        "Sequential Phragmén: every voter earns money at the same steady pace. As soon as the voters of a "
        "project have earned enough together to pay for it, it is funded and their money is spent. Projects "
        "that no longer fit in the budget are skipped."
    ),
}

UTILITY_EXPLANATIONS = {
    Utility.COST: gettext_lazy("A voter values a project by what it costs: a larger project counts for more."),
    Utility.CARDINALITY: gettext_lazy("Every project a voter chose counts the same, whatever it costs."),
}

# Bindingness in the words of a budget round (the codes and the check are decisions.mandate's).
BINDING_MESSAGES = {
    mandate.WITHIN_MANDATE: gettext_lazy(
        "The agreement in force for this neighbourhood gives it the say to decide on this "
        "budget (level 3, “allocate & decide”), with the neighbourhood body deciding."
    ),
    mandate.CITYWIDE: gettext_lazy(
        "This budget is a city-wide matter: a neighbourhood can advise on it but never decides."
    ),
    mandate.NOT_IN_FORCE: gettext_lazy(
        "The agreement this budget rests on is not in force (yet), so the neighbourhood has no mandate to decide."
    ),
    mandate.LEVEL_TOO_LOW: gettext_lazy(
        "The agreement gives the neighbourhood a lower level of say on this budget than “allocate & decide” (level 3)."
    ),
    mandate.DECIDES_TOGETHER: gettext_lazy(
        "The agreement says the neighbourhood and the municipality "
        "decide on this budget together, so the municipality takes the final decision with the neighbourhood."
    ),
    mandate.NO_DECIDING_ROLE: gettext_lazy(
        "In the agreement, someone other than the neighbourhood body decides on this budget."
    ),
    mandate.NO_SCOPE_ITEM: gettext_lazy(
        "This budget is not linked to an agreement that lets the neighbourhood decide on it."
    ),
}
OTHER_PLACE_MESSAGE = gettext_lazy("The agreement this budget is linked to belongs to another place.")


# --- helpers -------------------------------------------------------------------------------


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _now() -> datetime.datetime:
    return timezone.now()


def _text(value, field: str, limit: int, required: str | None = None) -> str:
    """Stripped text; an error on the field when it is missing (and required) or too long.
    Stored as typed: the templates escape it."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": limit}})
    return value


def _within(place, container) -> bool:
    if place is None or container is None:
        return False
    return place.pk == container.pk or container.pk in place.ancestor_ids()


def _lock_round(round_) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("budget", "budget__place").get(pk=round_.pk)


def _lock_project(project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("round", "round__budget", "round__budget__place", "submitted_by")
        .get(pk=project.pk)
    )


def parse_euros(value) -> int:
    """Euro input as typed by a person → cents. Accepts "€ 12.500,50", "12500,50", "12.500",
    "12500.50", "1.000.000", "€ 250,-" and plain numbers. A single separator followed by
    exactly three digits groups thousands ("12.500" is twelve thousand five hundred); followed
    by one or two digits it separates the cents. Raises ValueError for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal):
        if value < 0 or value != value.quantize(Decimal("0.01")):
            raise ValueError("not an amount in euro cents")
        return int(value * 100)
    text = str(value or "").strip()
    text = re.sub(r"(?i)^(€|eur(o)?)\s*", "", text).replace("\u00a0", "").replace(" ", "")
    text = re.sub(r"[.,]-{1,2}$", "", text)
    if not re.fullmatch(r"[0-9][0-9.,]*", text) or text[-1] in ".,":
        raise ValueError("not an amount")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        if text.count(decimal_sep) > 1:
            raise ValueError("two decimal separators")
        whole, cents = text.split(decimal_sep)
    elif dots + commas == 0:
        whole, cents, group_sep = text, "", ""
    else:
        sep = "." if dots else ","
        parts = text.split(sep)
        if len(parts) == 2 and len(parts[1]) != 3:
            whole, cents, group_sep = parts[0], parts[1], ""
        else:
            whole, cents, group_sep = text, "", sep
    if group_sep and group_sep in whole:
        groups = whole.split(group_sep)
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            raise ValueError("thousands are grouped wrongly")
        whole = "".join(groups)
    if not whole.isdigit() or (cents and (not cents.isdigit() or len(cents) > 2)):
        raise ValueError("not an amount")
    try:
        amount = Decimal(f"{whole}.{cents or '0'}")
    except InvalidOperation as error:  # pragma: no cover - guarded by the checks above
        raise ValueError("not an amount") from error
    return int(amount * 100)


def _cents(value, field: str, *, required: str | None = None, allow_zero: bool = False) -> int | None:
    """An amount in cents (an int, or text typed in euro); an error on the field otherwise."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: required})
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        cents = value
    else:
        try:
            cents = parse_euros(value)
        except ValueError:
            raise ValidationError({field: _("Write an amount in euro, for example 12.500 or € 12.500,50.")}) from None
    if cents < 0 or (cents == 0 and not allow_zero):
        raise ValidationError({field: _("The amount must be more than zero.")})
    if cents > MAX_AMOUNT_CENTS:
        raise ValidationError({field: _("This amount is too large.")})
    return cents


def phase_label(phase: str) -> str:
    return str(RoundPhase(phase).label)


def timeline(round_, now=None) -> list[dict]:
    """Every phase of the round in order with its dates, and which one is active."""
    now = now or _now()
    active = round_.phase(now)
    result_at = round_.result_published_at
    rows = [
        {"phase": RoundPhase.IDEAS, "starts": round_.ideas_opens, "ends": round_.review_opens},
        {
            "phase": RoundPhase.REVIEW,
            "starts": round_.review_opens,
            "ends": round_.support_opens or round_.voting_opens,
        },
    ]
    if round_.support_opens is not None:
        rows.append({"phase": RoundPhase.SUPPORT, "starts": round_.support_opens, "ends": round_.voting_opens})
    voting_ended = min(round_.closed_at, round_.voting_closes) if round_.closed_at else round_.voting_closes
    rows += [
        {"phase": RoundPhase.VOTING, "starts": round_.voting_opens, "ends": voting_ended},
        {"phase": RoundPhase.COUNTING, "starts": voting_ended, "ends": result_at},
        {"phase": RoundPhase.RESULT, "starts": result_at, "ends": None},
        {"phase": RoundPhase.REALISATION, "starts": None, "ends": None},
    ]
    order = [row["phase"] for row in rows]
    active_index = order.index(active) if active in order else -1
    for index, row in enumerate(rows):
        row["label"] = phase_label(row["phase"])
        row["active"] = row["phase"] == active
        row["done"] = index < active_index
    return rows


def is_before_voting(round_, now=None) -> bool:
    """Projects and the ballot may still change: voting has not opened and nobody voted."""
    now = now or _now()
    return now < round_.voting_opens and round_.closed_at is None and not round_.ballots.exists()


def voting_has_ended(round_, now=None) -> bool:
    now = now or _now()
    return round_.closed_at is not None or now >= round_.voting_closes


# --- Budgets -------------------------------------------------------------------------------


def _check_scope_item(place, scope_item):
    if scope_item is None:
        return
    agreement_place = scope_item.version.agreement.trajectory.place
    if not _within(place, agreement_place):
        raise ValidationError({"scope_item": _("This part of an agreement belongs to another place.")})


def _budget_fields(place, *, kind, title, description, period_start, period_end, amount_cents, scope_item) -> dict:
    if kind not in BudgetKind.values:
        raise ValidationError({"kind": _("Choose the kind of budget.")})
    title = _text(title, "title", MAX_TITLE, _("Give the budget a name, for example “Wijkbudget Oosterpark 2026”."))
    description = _text(description, "description", MAX_TEXT)
    if period_start is None:
        raise ValidationError({"period_start": _("Give the first day of the period.")})
    if period_end is None:
        raise ValidationError({"period_end": _("Give the last day of the period.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    amount_cents = _cents(amount_cents, "amount_cents", required=_("Give the amount of the budget."))
    _check_scope_item(place, scope_item)
    return {
        "kind": kind,
        "title": title,
        "description": description,
        "period_start": period_start,
        "period_end": period_end,
        "amount_cents": amount_cents,
        "scope_item": scope_item,
    }


@transaction.atomic
def create_budget(
    *,
    user,
    place,
    title: str,
    period_start,
    period_end,
    amount_cents,
    kind: str = BudgetKind.WIJKBUDGET,
    description: str = "",
    scope_item=None,
) -> Budget:
    """A budget for a wijk, dorp or buurt and a period, in euro cents. Linked to the part of
    the agreement that says how much say the neighbourhood has over it (see binding_status)."""
    _require(user, "budgeting.manage_round", place)
    if place.kind not in BUDGET_PLACE_KINDS:
        raise ValidationError({"place": _("A budget belongs to a neighbourhood, a village or a buurt.")})
    fields = _budget_fields(
        place,
        kind=kind,
        title=title,
        description=description,
        period_start=period_start,
        period_end=period_end,
        amount_cents=amount_cents,
        scope_item=scope_item,
    )
    budget = Budget.objects.create(place=place, created_by=user, **fields)
    audit.record(
        "budgeting.budget.created",
        actor=user,
        obj=budget,
        data={"place": place.pk, "amount_cents": budget.amount_cents, "scope_item": getattr(scope_item, "pk", None)},
    )
    return budget


@transaction.atomic
def update_budget(
    *,
    user,
    budget,
    title: str,
    period_start,
    period_end,
    amount_cents,
    kind: str = BudgetKind.WIJKBUDGET,
    description: str = "",
    scope_item=None,
) -> Budget:
    budget = Budget.objects.select_for_update(of=("self",)).select_related("place").get(pk=budget.pk)
    _require(user, "budgeting.manage_round", budget)
    fields = _budget_fields(
        budget.place,
        kind=kind,
        title=title,
        description=description,
        period_start=period_start,
        period_end=period_end,
        amount_cents=amount_cents,
        scope_item=scope_item,
    )
    divided = budget.rounds.aggregate(total=Sum("amount_cents"))["total"] or 0
    if fields["amount_cents"] < divided:
        raise ValidationError(
            {
                "amount_cents": _("The rounds on this budget already divide € %(divided)s: the budget cannot be less.")
                % {"divided": _euro(divided)}
            }
        )
    changed = sorted(name for name, value in fields.items() if getattr(budget, name) != value)
    for name, value in fields.items():
        setattr(budget, name, value)
    budget.save()
    audit.record("budgeting.budget.changed", actor=user, obj=budget, data={"fields": changed})
    return budget


def _euro(cents: int) -> str:
    from samenspel.core.templatetags.samenspel import cents as format_cents

    return format_cents(cents)


def available_for_rounds(budget, exclude_round=None) -> int:
    """What the budget has left to divide over (more) rounds."""
    others = budget.rounds.all()
    if exclude_round is not None and exclude_round.pk:
        others = others.exclude(pk=exclude_round.pk)
    return budget.amount_cents - (others.aggregate(total=Sum("amount_cents"))["total"] or 0)


# --- Rounds --------------------------------------------------------------------------------

ROUND_FIELDS = (
    "title",
    "description",
    "amount_cents",
    "ideas_opens",
    "review_opens",
    "support_opens",
    "shortlist_size",
    "voting_opens",
    "voting_closes",
    "ballot_type",
    "min_projects",
    "max_projects",
    "points",
    "max_points_per_project",
    "allow_vote_change",
    "postcodes",
    "min_age",
    "one_vote_per_address",
    "allow_account_voting",
    "tally_rule",
    "utility",
    "lot_seed",
)
# What may no longer change once voting has opened: the ballot, who may vote, the count.
FIXED_ONCE_VOTING = (
    "amount_cents",
    "ideas_opens",
    "review_opens",
    "support_opens",
    "shortlist_size",
    "voting_opens",
    "ballot_type",
    "min_projects",
    "max_projects",
    "points",
    "max_points_per_project",
    "allow_vote_change",
    "postcodes",
    "min_age",
    "one_vote_per_address",
    "allow_account_voting",
    "tally_rule",
    "utility",
)
DATE_FIELDS = ("ideas_opens", "review_opens", "support_opens", "voting_opens", "voting_closes")
ROUND_DEFAULTS = {
    "description": "",
    "support_opens": None,
    "shortlist_size": None,
    "ballot_type": BallotType.APPROVAL,
    "min_projects": 1,
    "max_projects": None,
    "points": None,
    "max_points_per_project": None,
    "allow_vote_change": True,
    "postcodes": "",
    "min_age": None,
    "one_vote_per_address": False,
    "allow_account_voting": True,
    "tally_rule": TallyRule.MES_ADD1,
    "utility": Utility.COST,
    "lot_seed": "",
}


def _small_int(value, field: str, *, minimum: int, maximum: int = MAX_POINTS) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Give a whole number.")}) from None
    if number < minimum or number > maximum:
        raise ValidationError({field: _("Give a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}})
    return number


def clean_postcodes(text: str) -> str:
    """One postcode (area) per line, normalised: "9713" or "9713AB"."""
    lines = []
    for line in (text or "").splitlines():
        code = line.replace(" ", "").upper()
        if not code:
            continue
        if not POSTCODE.match(code):
            raise ValidationError(
                {
                    "postcodes": _("“%(line)s” is not a postcode: write 4 digits (9713) or a full postcode (9713 AB).")
                    % {"line": line.strip()[:20]}
                }
            )
        if code not in lines:
            lines.append(code)
    return "\n".join(lines)


def _round_fields(budget, fields: dict, round_=None) -> dict:
    """Validate the settings of a round as a whole. Returns the cleaned values."""
    data = {**ROUND_DEFAULTS, **{k: v for k, v in fields.items() if k in ROUND_FIELDS}}
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    data["title"] = _text(data.get("title"), "title", MAX_TITLE, _("Give the round a name."))
    data["description"] = _text(data["description"], "description", MAX_TEXT)
    data["lot_seed"] = _text(data["lot_seed"], "lot_seed", 100)

    amount = _cents(data.get("amount_cents"), "amount_cents", required=_("Give the amount this round divides."))
    available = available_for_rounds(budget, exclude_round=round_)
    if amount > available:
        raise ValidationError(
            {
                "amount_cents": _(
                    "The budget has € %(available)s left to divide (the other rounds on it included): this round can "
                    "divide at most that."
                )
                % {"available": _euro(max(available, 0))}
            }
        )
    data["amount_cents"] = amount

    # The phases, in order.
    labels = {
        "ideas_opens": _("Give the date from which ideas can be submitted."),
        "review_opens": _("Give the date from which ideas are checked."),
        "voting_opens": _("Give the date voting opens."),
        "voting_closes": _("Give the date voting closes."),
    }
    for name, message in labels.items():
        if data.get(name) is None:
            raise ValidationError({name: message})
    if data["review_opens"] < data["ideas_opens"]:
        raise ValidationError({"review_opens": _("Checking ideas cannot start before ideas can be submitted.")})
    support = data["support_opens"]
    if support is not None:
        if support < data["review_opens"]:
            raise ValidationError({"support_opens": _("The support phase cannot start before ideas are checked.")})
        if support > data["voting_opens"]:
            raise ValidationError({"support_opens": _("The support phase comes before voting.")})
    if data["voting_opens"] < (support or data["review_opens"]):
        raise ValidationError({"voting_opens": _("Voting cannot open before the ideas have been checked.")})
    if data["voting_closes"] <= data["voting_opens"]:
        raise ValidationError({"voting_closes": _("Voting must close after it opens.")})
    data["shortlist_size"] = _small_int(data["shortlist_size"], "shortlist_size", minimum=1)
    if data["shortlist_size"] is not None and support is None:
        raise ValidationError(
            {"shortlist_size": _("A shortlist follows from a support phase: give the support phase a date too.")}
        )

    # The ballot.
    ballot_type = data["ballot_type"]
    if ballot_type not in BallotType.values:
        raise ValidationError({"ballot_type": _("Choose a kind of ballot.")})
    data["min_projects"] = _small_int(data["min_projects"], "min_projects", minimum=0) or 0
    data["max_projects"] = _small_int(data["max_projects"], "max_projects", minimum=1)
    data["points"] = _small_int(data["points"], "points", minimum=1)
    data["max_points_per_project"] = _small_int(data["max_points_per_project"], "max_points_per_project", minimum=1)
    if ballot_type == BallotType.CUMULATIVE:
        if data["points"] is None:
            raise ValidationError({"points": _("A cumulative ballot needs the number of points each voter spreads.")})
        if data["max_points_per_project"] is not None and data["max_points_per_project"] > data["points"]:
            raise ValidationError(
                {"max_points_per_project": _("The most points per project cannot be more than the points to spread.")}
            )
    else:
        if data["points"] is not None or data["max_points_per_project"] is not None:
            raise ValidationError({"points": _("Points are only for a cumulative ballot.")})
    if ballot_type == BallotType.KNAPSACK:
        # The budget limits the choice; a maximum number of projects does not apply.
        data["max_projects"] = None
    elif data["max_projects"] is not None and data["max_projects"] < data["min_projects"]:
        raise ValidationError({"max_projects": _("The maximum number of projects cannot be below the minimum.")})
    if ballot_type == BallotType.APPROVAL and data["min_projects"] < 1:
        raise ValidationError({"min_projects": _("On this ballot a voter chooses at least one project.")})

    # Who may vote.
    data["postcodes"] = clean_postcodes(data["postcodes"])
    data["min_age"] = _small_int(data["min_age"], "min_age", minimum=0, maximum=120)
    if not data["allow_account_voting"] and data["one_vote_per_address"]:
        # Codes by letter go to addresses: one per address already.
        data["one_vote_per_address"] = False
    for name in ("allow_vote_change", "one_vote_per_address", "allow_account_voting"):
        data[name] = bool(data[name])

    # The count.
    if data["tally_rule"] not in TallyRule.values:
        raise ValidationError({"tally_rule": _("Choose a counting rule.")})
    if round_ is not None and data["tally_rule"] != TallyRule.GREEDY and round_.area_caps.exists():
        raise ValidationError(
            {"tally_rule": _("This round has caps per area, which work with “most votes first” (greedy) only.")}
        )
    if data["utility"] not in Utility.values:
        raise ValidationError({"utility": _("Choose how projects are valued.")})
    return data


@transaction.atomic
def create_round(*, user, budget, **fields) -> Round:
    """A round on a budget with its phases and ballot. See ROUND_FIELDS for what it takes;
    everything is checked together (phases in order, the amount within what the budget has
    left, a ballot that makes sense)."""
    budget = Budget.objects.select_for_update(of=("self",)).select_related("place").get(pk=budget.pk)
    _require(user, "budgeting.manage_round", budget)
    data = _round_fields(budget, fields)
    round_ = Round.objects.create(budget=budget, created_by=user, **data)
    audit.record(
        "budgeting.round.created",
        actor=user,
        obj=round_,
        data={
            "budget": budget.pk,
            "amount_cents": round_.amount_cents,
            "ballot_type": round_.ballot_type,
            "tally_rule": round_.tally_rule,
            "voting_opens": round_.voting_opens,
            "voting_closes": round_.voting_closes,
        },
    )
    return round_


@transaction.atomic
def update_round(*, user, round, **fields) -> Round:
    """Change a round. Before voting opens anything may change; once voting has opened (or
    someone voted) the ballot, the eligibility, the amount and the count are fixed; after the
    result is published nothing changes."""
    round_ = _lock_round(round)
    _require(user, "budgeting.manage_round", round_)
    if round_.result_published_at is not None:
        raise ValidationError(_("The result of this round is published: the round can no longer change."))
    current = {name: getattr(round_, name) for name in ROUND_FIELDS}
    for name in DATE_FIELDS:
        # A form shows dates to the minute: the same minute means unchanged.
        value, before = fields.get(name), current[name]
        if value is not None and before is not None and abs(value - before) < datetime.timedelta(minutes=1):
            fields[name] = before
    data = _round_fields(round_.budget, {**current, **fields}, round_=round_)
    if not is_before_voting(round_):
        fixed = [name for name in FIXED_ONCE_VOTING if data[name] != current[name]]
        if fixed:
            raise ValidationError(
                {
                    fixed[0]: _(
                        "Voting has opened: the ballot, who may vote, the amount and the counting rule can no longer "
                        "change."
                    )
                }
            )
        if round_.closed_at is not None and data["voting_closes"] != current["voting_closes"]:
            raise ValidationError({"voting_closes": _("Voting has been closed.")})
        if data["voting_closes"] != current["voting_closes"] and data["voting_closes"] < _now():
            raise ValidationError({"voting_closes": _("Voting cannot be closed in the past.")})
    if data["lot_seed"] != current["lot_seed"] and current["lot_seed"] and not is_before_voting(round_):
        raise ValidationError({"lot_seed": _("The public lot has been drawn and can no longer change.")})
    changed = sorted(name for name in ROUND_FIELDS if data[name] != current[name])
    for name in ROUND_FIELDS:
        setattr(round_, name, data[name])
    round_.save()
    audit.record("budgeting.round.changed", actor=user, obj=round_, data={"fields": changed})
    return round_


@transaction.atomic
def set_area_cap(*, user, round, area, cap_cents) -> AreaCap | None:
    """Amsterdam style: at most `cap_cents` of the round for projects in `area` (a part of the
    budget's place). An empty cap removes it. Fixed once voting opens."""
    round_ = _lock_round(round)
    _require(user, "budgeting.manage_round", round_)
    if not is_before_voting(round_):
        raise ValidationError(_("Voting has opened: the caps per area can no longer change."))
    if area is None or area.pk == round_.place.pk or not _within(area, round_.place):
        raise ValidationError({"area": _("Choose an area within %(place)s.") % {"place": round_.place.name}})
    cap = _cents(cap_cents, "cap_cents", allow_zero=True)
    if cap is not None and round_.tally_rule != TallyRule.GREEDY:
        raise ValidationError(
            {"cap_cents": _("Caps per area work with the counting rule “most votes first” (greedy) only.")}
        )
    if cap is None:
        AreaCap.objects.filter(round=round_, area=area).delete()
        audit.record("budgeting.area_cap.removed", actor=user, obj=round_, data={"area": area.pk})
        return None
    if cap > round_.amount_cents:
        raise ValidationError({"cap_cents": _("A cap cannot be more than the round divides.")})
    row, _created = AreaCap.objects.update_or_create(round=round_, area=area, defaults={"cap_cents": cap})
    audit.record("budgeting.area_cap.set", actor=user, obj=round_, data={"area": area.pk, "cap_cents": cap})
    return row


# --- Projects ------------------------------------------------------------------------------


def _project_area(round_, area):
    if area is not None and not _within(area, round_.place):
        raise ValidationError({"area": _("Choose an area within %(place)s.") % {"place": round_.place.name}})
    return area


def _idea_place(place):
    """Ideas belong to a wijk or dorp; a buurt's idea goes to its wijk with the buurt named."""
    if place.kind == PlaceKind.BUURT:
        return place.parent, place
    return place, None


@transaction.atomic
def submit_project(
    *,
    user,
    round,
    title: str,
    summary: str,
    description: str = "",
    cost_cents=None,
    area=None,
    location_text: str = "",
    channel: str = Channel.ONLINE,
    on_behalf_of: str = "",
) -> Project:
    """A resident proposes a project while the round collects ideas. The proposal also goes
    into the ideas register as an idea for the same place (initiatives.submit_idea), linked
    to the project. The cost a resident gives is an estimate; officials set the cost when
    they check the project. Staff enter proposals that came in on paper, by phone or at a
    meeting (`channel`, `on_behalf_of`), also while ideas are being checked."""
    from samenspel.initiatives import services as initiatives

    round_ = _lock_round(round)
    offline = channel != Channel.ONLINE or bool((on_behalf_of or "").strip())
    if offline:
        _require(user, "budgeting.manage_round", round_)
        if round_.phase() not in (RoundPhase.IDEAS, RoundPhase.REVIEW):
            raise ValidationError(_("Projects can only be added while ideas are collected or checked."))
    else:
        if not user.is_authenticated:
            raise PermissionDenied
        if round_.phase() != RoundPhase.IDEAS:
            raise ValidationError(
                _("This round is not collecting ideas now (%(phase)s).") % {"phase": phase_label(round_.phase())}
            )
        _require(user, "budgeting.submit_project", round_)
    title = _text(title, "title", MAX_PROJECT_TITLE, _("Give your project a short title."))
    summary = _text(summary, "summary", MAX_SUMMARY, _("Say in one sentence what your project is."))
    description = _text(description, "description", MAX_TEXT)
    cost = _cents(cost_cents, "cost_cents")
    area = _project_area(round_, area)
    idea_place, buurt = _idea_place(round_.place)
    if area is not None and area.kind == PlaceKind.BUURT and area.parent_id == idea_place.pk:
        buurt = area
    needs = _("Money from the participatory budget “%(round)s”.") % {"round": round_.title}
    idea = initiatives.submit_idea(
        user=user,
        place=idea_place,
        buurt=buurt,
        title=title,
        description="\n\n".join(part for part in (summary, description) if part),
        needs=needs,
        location_text=location_text,
        channel=channel,
        on_behalf_of=on_behalf_of,
    )
    project = Project.objects.create(
        round=round_,
        idea=idea,
        title=title,
        summary=summary,
        description=description,
        cost_cents=cost,
        area=area,
        submitted_by=None if offline else user,
    )
    audit.record(
        "budgeting.project.submitted",
        actor=user,
        obj=project,
        data={"round": round_.pk, "idea": idea.pk, "channel": channel, "estimate_cents": cost},
    )
    return project


@transaction.atomic
def add_project_from_idea(
    *,
    user,
    round,
    idea,
    title: str = "",
    summary: str = "",
    cost_cents=None,
    area=None,
) -> Project:
    """Staff turn an idea from the ideas register into a project of this round, before voting
    opens. The idea keeps its own page and links to the project."""
    round_ = _lock_round(round)
    _require(user, "budgeting.manage_round", round_)
    if not is_before_voting(round_):
        raise ValidationError(_("Voting has opened: no projects can be added any more."))
    if idea.is_hidden:
        raise ValidationError({"idea": _("This idea is hidden by a moderator.")})
    if not (_within(idea.place, round_.place) or (idea.buurt_id and idea.buurt_id == round_.place.pk)):
        raise ValidationError({"idea": _("This idea is for another place than the budget.")})
    if round_.projects.filter(idea=idea).exclude(status=ProjectStatus.WITHDRAWN).exists():
        raise ValidationError({"idea": _("This idea is already a project in this round.")})
    title = _text(title or idea.title, "title", MAX_PROJECT_TITLE, _("Give the project a short title."))
    summary = _text(summary or idea.description.split("\n")[0][:MAX_SUMMARY], "summary", MAX_SUMMARY)
    if not summary:
        raise ValidationError({"summary": _("Say in one sentence what the project is.")})
    project = Project.objects.create(
        round=round_,
        idea=idea,
        title=title,
        summary=summary,
        description=idea.description[:MAX_TEXT],
        cost_cents=_cents(cost_cents, "cost_cents"),
        area=_project_area(round_, area if area is not None else idea.buurt),
        submitted_by=idea.author,
    )
    audit.record("budgeting.project.added_from_idea", actor=user, obj=project, data={"idea": idea.pk})
    return project


def _tell_submitter(project, *, actor, subject: str, body: str = "") -> int:
    if project.submitted_by is None or not project.submitted_by.is_active:
        return 0
    return notifications.notify(
        [project.submitted_by],
        subject=subject,
        body=body,
        url=project.get_absolute_url(),
        place=project.round.budget.place,
        exclude=actor,
    )


def _next_number(round_) -> int:
    top = round_.projects.filter(status=ProjectStatus.ON_BALLOT).aggregate(top=Max("number"))["top"] or 0
    return top + 1


@transaction.atomic
def review_project(
    *,
    user,
    project,
    feasible: bool,
    reason: str = "",
    cost_cents=None,
    number=None,
    area=None,
) -> Project:
    """Officials check a project from the review phase until voting opens. Feasible: with
    its cost and its number on the ballot, it goes on the ballot (or to the support phase).
    Not feasible: the reason is required and published on the round's page."""
    project = _lock_project(project)
    round_ = project.round
    _require(user, "budgeting.manage_round", round_)
    now = _now()
    if now < round_.review_opens:
        raise ValidationError(_("Checking projects starts on %(date)s.") % {"date": _date(round_.review_opens)})
    if not is_before_voting(round_, now):
        raise ValidationError(_("Voting has opened: the projects on the ballot can no longer change."))
    if project.status == ProjectStatus.WITHDRAWN:
        raise ValidationError(_("This project has been withdrawn."))
    if feasible:
        reason = _text(reason, "reason", MAX_REASON)
        cost = _cents(cost_cents if cost_cents not in (None, "") else project.cost_cents, "cost_cents")
        if cost is None:
            raise ValidationError({"cost_cents": _("Give the cost of the project as checked.")})
        if cost > round_.amount_cents:
            raise ValidationError(
                {
                    "cost_cents": _("The project costs more than the round divides (€ %(amount)s).")
                    % {"amount": _euro(round_.amount_cents)}
                }
            )
        number = _small_int(number, "number", minimum=1, maximum=9999)
        if number is None:
            number = project.number if project.status == ProjectStatus.ON_BALLOT and project.number else None
        if number is None:
            number = _next_number(round_)
        clash = round_.projects.filter(number=number, status=ProjectStatus.ON_BALLOT).exclude(pk=project.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "number": _("Number %(number)d is already on the ballot for “%(title)s”.")
                    % {"number": number, "title": clash.first().title}
                }
            )
        project.cost_cents = cost
        project.number = number
        project.status = ProjectStatus.ON_BALLOT
    else:
        reason = _text(
            reason,
            "reason",
            MAX_REASON,
            _("Explain why the project is not feasible. The reason is published on the round's page."),
        )
        project.status = ProjectStatus.NOT_FEASIBLE
        project.number = 0
    if area is not None:
        project.area = _project_area(round_, area)
    project.review_reason = reason
    project.reviewed_by = user
    project.reviewed_at = now
    project.save()
    audit.record(
        "budgeting.project.reviewed",
        actor=user,
        obj=project,
        data={"status": project.status, "cost_cents": project.cost_cents, "reason": reason},
    )
    if feasible:
        subject = _("Your project “%(title)s” is feasible") % {"title": project.title}
    else:
        subject = _("Your project “%(title)s” is not feasible") % {"title": project.title}
    _tell_submitter(project, actor=user, subject=subject, body=reason)
    return project


def _date(moment) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j F Y H:i")


@transaction.atomic
def withdraw_project(*, user, project, reason: str = "") -> Project:
    """The person who proposed it (or staff) withdraws a project before voting opens."""
    project = _lock_project(project)
    round_ = project.round
    is_submitter = user.is_authenticated and project.submitted_by_id == user.pk
    if not (is_submitter or user.has_perm("budgeting.manage_round", round_)):
        raise PermissionDenied
    if not is_before_voting(round_):
        raise ValidationError(_("Voting has opened: the project can no longer be withdrawn."))
    if project.status == ProjectStatus.WITHDRAWN:
        raise ValidationError(_("This project has already been withdrawn."))
    project.status = ProjectStatus.WITHDRAWN
    project.review_reason = _text(reason, "reason", MAX_REASON)
    project.number = 0
    project.save(update_fields=["status", "review_reason", "number"])
    audit.record("budgeting.project.withdrawn", actor=user, obj=project, data={"reason": project.review_reason})
    return project


# --- Support and the shortlist ------------------------------------------------------------


@transaction.atomic
def support_project(*, user, project) -> ProjectSupport:
    """Support a feasible project in the support phase; the shortlist follows from it."""
    project = _lock_project(project)
    if not user.is_authenticated:
        raise PermissionDenied
    if project.round.phase() != RoundPhase.SUPPORT:
        raise ValidationError(_("Projects can only be supported in the support phase."))
    _require(user, "budgeting.support_project", project)
    if project.status not in (ProjectStatus.ON_BALLOT, ProjectStatus.NOT_SHORTLISTED):
        raise ValidationError(_("Only projects that were found feasible can be supported."))
    if ProjectSupport.objects.filter(project=project, user=user).exists():
        raise ValidationError(_("You already support this project."))
    support = ProjectSupport.objects.create(project=project, user=user)
    Project.objects.filter(pk=project.pk).update(support_count=F("support_count") + 1)
    audit.record("budgeting.project.supported", actor=user, obj=project)
    return support


@transaction.atomic
def withdraw_support(*, user, project) -> None:
    project = _lock_project(project)
    if not user.is_authenticated:
        raise PermissionDenied
    if project.round.phase() != RoundPhase.SUPPORT:
        raise ValidationError(_("Support can only be withdrawn in the support phase."))
    deleted, _rows = ProjectSupport.objects.filter(project=project, user=user).delete()
    if not deleted:
        raise ValidationError(_("You do not support this project."))
    Project.objects.filter(pk=project.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
    audit.record("budgeting.project.support_withdrawn", actor=user, obj=project)


def _ensure_lot_seed(round_, user) -> str:
    """The round's public lot: drawn once, recorded, and used for every tie."""
    if not round_.lot_seed:
        round_.lot_seed = secrets.token_hex(16)
        round_.save(update_fields=["lot_seed"])
        audit.record("budgeting.round.lot_drawn", actor=user, obj=round_, data={"lot_seed": round_.lot_seed})
    return round_.lot_seed


@transaction.atomic
def apply_shortlist(*, user, round) -> list[Project]:
    """After the support phase, before anyone votes: the `shortlist_size` feasible projects
    with the most support go on the ballot, the others get "too little support". Equal
    support is decided by the round's public lot (tally.lot_order), never by id. May be
    applied again until the first ballot, e.g. when support came in late. Returns the
    projects on the ballot, best supported first."""
    from . import tally

    round_ = _lock_round(round)
    _require(user, "budgeting.manage_round", round_)
    if round_.support_opens is None or round_.shortlist_size is None:
        raise ValidationError(_("This round has no support phase with a shortlist."))
    now = _now()
    if now < round_.support_opens:
        raise ValidationError(_("The support phase has not started yet."))
    if round_.ballots.exists() or round_.paper_entries.exists() or round_.closed_at is not None:
        raise ValidationError(_("Votes have been cast: the ballot can no longer change."))
    candidates = list(round_.projects.filter(status__in=[ProjectStatus.ON_BALLOT, ProjectStatus.NOT_SHORTLISTED]))
    seed = _ensure_lot_seed(round_, user)
    lot = {pid: index for index, pid in enumerate(tally.lot_order(seed, [str(p.pk) for p in candidates]))}
    ranked = sorted(candidates, key=lambda p: (-p.support_count, lot[str(p.pk)]))
    on_ballot = ranked[: round_.shortlist_size]
    left_out = ranked[round_.shortlist_size :]
    tie_at_cut = bool(on_ballot and left_out and on_ballot[-1].support_count == left_out[0].support_count)
    for project in on_ballot:
        if project.status != ProjectStatus.ON_BALLOT:
            project.status = ProjectStatus.ON_BALLOT
            project.review_reason = ""
            project.save(update_fields=["status", "review_reason"])
    for project in left_out:
        reason = _(
            "Too little support for the ballot: %(count)d people supported it; the ballot has room for the "
            "%(size)d projects with the most support."
        ) % {"count": project.support_count, "size": round_.shortlist_size}
        if tie_at_cut and project.support_count == on_ballot[-1].support_count:
            reason += " " + _("Projects with equal support were put in order by the round's public lot.")
        project.status = ProjectStatus.NOT_SHORTLISTED
        project.review_reason = reason
        project.save(update_fields=["status", "review_reason"])
    audit.record(
        "budgeting.round.shortlisted",
        actor=user,
        obj=round_,
        data={
            "on_ballot": [p.pk for p in on_ballot],
            "left_out": [p.pk for p in left_out],
            "supports": {str(p.pk): p.support_count for p in ranked},
            "lot_seed": seed,
            "tie_at_cut": tie_at_cut,
        },
    )
    for project in left_out:
        _tell_submitter(
            project,
            actor=user,
            subject=_("Your project “%(title)s” did not make the ballot") % {"title": project.title},
            body=project.review_reason,
        )
    return on_ballot


# --- The result ----------------------------------------------------------------------------


def open_paper_work(round_) -> dict:
    """Paper ballots that are not settled (voting.paper_status): sheets entered once, waiting
    for the second official, and sheets whose two entries differ, waiting for resolution."""
    from . import voting

    status = voting.paper_status(round_)
    return {
        "single": len(status["waiting"]),
        "discrepancies": len(status["discrepancies"]),
        "counted": status["counted"],
        "invalid": status["invalid"],
    }


def counted_ballots(round_):
    """The ballots that count. A paper ballot becomes a Ballot only when two officials' entries
    agree and it is valid (voting.enter_paper_ballot); the exclusion guards the rule anyway."""
    return Ballot.objects.filter(round=round_).exclude(paper_entries__invalid=True)


def build_election(round_):
    """The tally.Election for a round: the projects on the ballot with their costs, the
    counted ballots' choices (restricted to those projects), areas and area caps."""
    from . import tally

    projects = list(round_.projects.filter(status=ProjectStatus.ON_BALLOT, cost_cents__isnull=False))
    costs = {str(p.pk): int(p.cost_cents) for p in projects}
    ballots = []
    for choices in counted_ballots(round_).values_list("choices", flat=True).iterator(chunk_size=5000):
        ballot = {str(pid): int(points) for pid, points in (choices or {}).items() if str(pid) in costs and points}
        ballots.append(ballot)
    areas = {str(p.pk): str(p.area_id) for p in projects if p.area_id is not None}
    caps = {str(cap.area_id): int(cap.cap_cents) for cap in round_.area_caps.all()}
    return tally.Election(budget=int(round_.amount_cents), costs=costs, ballots=ballots, areas=areas, area_caps=caps)


@transaction.atomic
def publish_result(*, user, round, force: bool = False, force_reason: str = "") -> Round:
    """Count and publish the result once voting has ended. Refused while paper ballots wait
    for their second entry or for resolution, unless `force` with a reason (which is
    recorded and published). The public lot is drawn if the round has none yet. Every
    counted ballot goes into the tally with the round's rule; the result, the winners, the
    time and a summary in the audit log are stored; followers of the place hear of it."""
    from . import tally

    round_ = _lock_round(round)
    _require(user, "budgeting.manage_round", round_)
    if round_.result_published_at is not None:
        raise ValidationError(_("The result of this round has already been published."))
    now = _now()
    if not voting_has_ended(round_, now):
        raise ValidationError(
            _("Voting is still open until %(date)s: the result can only be counted after it closes.")
            % {"date": _date(round_.voting_closes)}
        )
    paper = open_paper_work(round_)
    open_count = paper["single"] + paper["discrepancies"]
    force_reason = _text(force_reason, "force_reason", 1000)
    if open_count and not force:
        raise ValidationError(
            _(
                "Paper ballots are not settled yet: %(single)d wait for the second entry and %(discrepancies)d "
                "for resolution of a difference between the two entries. Settle them first, or publish anyway "
                "with a reason."
            )
            % paper
        )
    if open_count and not force_reason:
        raise ValidationError({"force_reason": _("Say why the result is published while paper ballots are open.")})
    if round_.closed_at is None:
        from . import voting

        voting.close_voting(round_, user)
        round_.refresh_from_db()
    seed = _ensure_lot_seed(round_, user)
    election = build_election(round_)
    if not election.costs:
        raise ValidationError(_("There are no projects on the ballot to count."))
    lot = tally.lot_order(seed, sorted(election.costs))
    increment = ADD1_INCREMENT_CENTS if round_.tally_rule in ADD1_RULES else None
    try:
        outcome = tally.tally(election, round_.tally_rule, utility=round_.utility, lot=lot, increment=increment)
    except tally.TallyError as error:
        raise ValidationError(_("The votes could not be counted: %(reason)s") % {"reason": error}) from error
    result = outcome.to_dict()
    channels = dict(counted_ballots(round_).values("channel").annotate(n=Count("pk")).values_list("channel", "n"))
    result["lot_seed"] = seed
    result["ballots_by_channel"] = {channel: channels.get(channel, 0) for channel in VoteChannel.values}
    result["invalid_paper"] = paper["invalid"]
    result["published_at"] = now.isoformat()
    result["open_paper"] = {"single": paper["single"], "discrepancies": paper["discrepancies"]} if open_count else None
    result["force_reason"] = force_reason if open_count else ""
    selected = set(result["selected"])
    round_.result = result
    round_.result_published_at = now
    round_.save(update_fields=["result", "result_published_at"])
    results_changed(round_.pk)  # and again after the commit (see results_changed)
    transaction.on_commit(lambda: results_changed(round_.pk))
    for project in round_.projects.all():
        value = (str(project.pk) in selected) if project.status == ProjectStatus.ON_BALLOT else None
        if project.selected != value:
            project.selected = value
            project.save(update_fields=["selected"])
    audit.record(
        "budgeting.result.published",
        actor=user,
        obj=round_,
        data={
            "rule": result["rule"],
            "utility": result["utility"],
            "selected": result["selected"],
            "cost": result["cost"],
            "budget": result["budget"],
            "voters": result["voters"],
            "lot_seed": seed,
            "open_paper": result["open_paper"],
            "force_reason": force_reason if open_count else "",
        },
    )
    notifications.notify_followers(
        place=round_.budget.place,
        subject=_("The result of “%(title)s” is known") % {"title": round_.title},
        body=_("%(count)d projects are funded, for € %(cost)s in total.")
        % {"count": len(result["selected"]), "cost": _euro(result["cost"])},
        url=round_.get_absolute_url(),
        exclude=user,
    )
    return round_


# --- The results page's cache ------------------------------------------------------------------
#
# The results page works out, per project, why it won or lost, and draws the chart: the same
# for everyone until the result is published again or a winner's realisation moves on. Views
# keep that under a version per round, which these services move on explicitly (after commit).
# With REDIS_URL all app servers see the new version at once; with the per-process memory cache
# the page of another process is at most RESULTS_CACHE_SECONDS old.

RESULTS_CACHE_SECONDS = 600


def _results_version_key(round_pk: int) -> str:
    return f"samenspel:budgeting:results-version:{round_pk}"


def results_version(round_pk: int) -> int:
    return cache.get(_results_version_key(round_pk), 0)


def results_changed(round_pk: int) -> None:
    """Call it when the change is made and once more after its commit: a page rendered while
    the transaction was open may have cached the old state under the first new version."""
    key = _results_version_key(round_pk)
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, None)


# --- Realisation ---------------------------------------------------------------------------


@transaction.atomic
def add_realisation_update(
    *, user, project, status: str, text: str, happened_on=None, spent_cents=None
) -> ProjectUpdate:
    """A public step in carrying out a winning project; the project's realisation status
    follows the latest update."""
    project = _lock_project(project)
    _require(user, "budgeting.update_realisation", project)
    if project.selected is not True or project.round.result_published_at is None:
        raise ValidationError(_("Only projects that won in a published result are carried out."))
    if status not in RealisationStatus.values:
        raise ValidationError({"status": _("Choose the status of the project.")})
    text = _text(text, "text", 3000, _("Say what happened."))
    happened_on = happened_on or timezone.localdate()
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("This date lies in the future.")})
    if happened_on < timezone.localtime(project.round.result_published_at).date():
        raise ValidationError({"happened_on": _("This date lies before the result was published.")})
    spent = _cents(spent_cents, "spent_cents", allow_zero=True)
    update = ProjectUpdate.objects.create(
        project=project, status=status, text=text, happened_on=happened_on, spent_cents=spent, author=user
    )
    latest = project.updates.order_by("-happened_on", "-pk").first()
    project.realisation = latest.status
    project.save(update_fields=["realisation"])
    results_changed(project.round_id)  # and again after the commit (see results_changed)
    transaction.on_commit(lambda: results_changed(project.round_id))
    audit.record(
        "budgeting.project.realisation_update",
        actor=user,
        obj=project,
        data={"status": status, "spent_cents": spent, "happened_on": happened_on},
    )
    notifications.notify_followers(
        place=project.round.budget.place,
        subject=_("Progress on “%(title)s”: %(status)s")
        % {"title": project.title, "status": RealisationStatus(status).label},
        body=text[:500],
        url=project.get_absolute_url(),
        exclude=user,
    )
    return update


def latest_spent(project) -> int | None:
    """What was spent on a project according to its latest update that says so."""
    row = project.updates.exclude(spent_cents=None).order_by("-happened_on", "-pk").first()
    return row.spent_cents if row else None


# --- Binding or advice ---------------------------------------------------------------------


def binding_status(round_) -> mandate.MandateResult:
    """Is the round's result binding, or advice to the municipality? Binding only when the
    budget is linked to a part of the agreement in force for its place at level 3, with the
    neighbourhood body deciding (decisions.mandate.check_mandate); never for a city-wide
    matter. Without such a link, the result is advice."""
    budget = round_.budget
    item = budget.scope_item
    if item is None:
        return mandate.MandateResult(False, BINDING_MESSAGES[mandate.NO_SCOPE_ITEM], mandate.NO_SCOPE_ITEM)
    version = item.version
    if not _within(budget.place, version.agreement.trajectory.place):
        return mandate.MandateResult(False, OTHER_PLACE_MESSAGE, mandate.NO_SCOPE_ITEM)
    roles = set(item.roles.filter(phase="decide", responsibility="decides").values_list("actor", flat=True))
    outcome = mandate.check_mandate(
        item.level,
        "wijk_body" in roles,
        version.status in mandate.IN_FORCE_STATUSES,
        item.is_citywide,
        decides_together="together" in roles,
    )
    return mandate.MandateResult(outcome.binding, BINDING_MESSAGES[outcome.code], outcome.code)
