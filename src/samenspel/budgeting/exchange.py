"""A round as a pabulib `.pb` file and back, so that any round can be published to pabulib
and counted again by others (and real elections can be loaded to try the rules).

Export (`round_to_pb`): the projects on the ballot (project_id = the project's number in
Samenspel's database) and the counted ballots. Amounts: pabulib files use whole currency
units, so costs and the budget are written in euros when all of them are whole euros (the
usual case); otherwise they are written in cents and META says ``cost_unit;cent``. Either way
META says ``currency;EUR``. The ballots are numbered 1, 2, ... in an order that follows from
their content, not from when they were cast, so the file says nothing about the order of
voting (secret ballot). META also carries the ballot rules (min_length, max_length,
max_sum_cost for a knapsack ballot, max_sum_points and max_points for a cumulative one), the
counting rule (pabulib's name, see `pbfile.RULES_TO_META`), the utility and, when drawn, the
public lot's seed.

Import (`import_pb`): a closed round on the given budget with the file's projects (on the
ballot) and ballots, in euro cents; the result is counted and published the usual way
afterwards. Imported ballots are stored with channel "paper": they were not cast online here.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samenspel.core import audit

from . import pbfile
from .models import Ballot, BallotType, Project, ProjectStatus, Round, TallyRule, Utility, VoteChannel

EURO = 100


def _date(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y") if value else ""


def round_to_pb(round_) -> str:
    """The round's projects on the ballot and its counted ballots as a pabulib file."""
    from .services import counted_ballots

    projects = list(
        round_.projects.filter(status=ProjectStatus.ON_BALLOT, cost_cents__isnull=False).order_by("number", "pk")
    )
    ids = {str(p.pk) for p in projects}
    cumulative = round_.ballot_type == BallotType.CUMULATIVE
    ballots = []
    for choices in counted_ballots(round_).values_list("choices", flat=True).iterator(chunk_size=5000):
        chosen = sorted(
            ((str(pid), int(points)) for pid, points in (choices or {}).items() if str(pid) in ids and points),
            key=lambda item: int(item[0]) if item[0].isdigit() else item[0],
        )
        ballots.append(chosen)
    ballots.sort(key=lambda chosen: [(len(pid), pid, points) for pid, points in chosen])

    amounts = [round_.amount_cents] + [p.cost_cents for p in projects]
    unit = EURO if all(a % EURO == 0 for a in amounts) else 1
    meta = {
        "description": round_.title,
        "country": "Netherlands",
        "unit": round_.budget.place.name,
        "instance": str(timezone.localtime(round_.voting_closes).year),
        "num_projects": str(len(projects)),
        "num_votes": str(len(ballots)),
        "budget": str(round_.amount_cents // unit),
        "vote_type": "cumulative" if cumulative else "approval",
        "rule": pbfile.RULES_TO_META.get(round_.tally_rule, round_.tally_rule),
        "utility": round_.utility,
        "date_begin": _date(round_.voting_opens),
        "date_end": _date(round_.voting_closes),
        "min_length": str(round_.min_projects),
    }
    if round_.max_projects:
        meta["max_length"] = str(round_.max_projects)
    if round_.ballot_type == BallotType.KNAPSACK:
        meta["max_sum_cost"] = str(round_.amount_cents // unit)
    if cumulative and round_.points:
        meta["max_sum_points"] = str(round_.points)
    if cumulative and round_.max_points_per_project:
        meta["max_points"] = str(round_.max_points_per_project)
    meta["language"] = "nl"
    meta["currency"] = "EUR"
    if unit == 1:
        meta["cost_unit"] = "cent"
    if round_.lot_seed:
        meta["lot_seed"] = round_.lot_seed

    votes_per_project = dict.fromkeys(ids, 0)
    for chosen in ballots:
        for pid, points in chosen:
            votes_per_project[pid] += points
    with_selected = any(p.selected is not None for p in projects)
    project_columns = ["project_id", "cost", "votes", "name"] + (["selected"] if with_selected else [])
    rows = []
    for p in projects:
        row = {"project_id": str(p.pk), "cost": p.cost_cents // unit, "votes": str(votes_per_project[str(p.pk)])}
        row["name"] = p.title
        if with_selected:
            row["selected"] = "1" if p.selected else "0"
        rows.append(row)
    vote_columns = ["voter_id", "vote"] + (["points"] if cumulative else [])
    votes = []
    for number, chosen in enumerate(ballots, start=1):
        vote = {"voter_id": str(number), "vote": [pid for pid, _ in chosen]}
        if cumulative:
            vote["points"] = [points for _, points in chosen]
        votes.append(vote)
    return pbfile.write(pbfile.PbFile(meta, rows, votes, project_columns, vote_columns))


def _day(text: str) -> datetime.date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _moment(day: datetime.date, end: bool = False) -> datetime.datetime:
    time = datetime.time(23, 59, 59) if end else datetime.time(0, 0)
    return timezone.make_aware(datetime.datetime.combine(day, time))


@transaction.atomic
def import_pb(text: str, budget, actor) -> Round:
    """A closed round on `budget` with the file's projects and ballots. Raises
    pbfile.PbFormatError for a malformed file (nothing is stored). `actor` may be None (the
    command line); otherwise they must be allowed to manage rounds of this budget."""
    if actor is not None and not actor.has_perm("budgeting.manage_round", budget):
        raise PermissionDenied
    pb = pbfile.parse(text)
    meta = pb.meta
    unit = 1 if meta.get("cost_unit", "").strip().lower() in ("cent", "cents") else EURO
    now = timezone.now()
    begin = _day(meta.get("date_begin", ""))
    end = _day(meta.get("date_end", ""))
    opens = _moment(begin) if begin else now - datetime.timedelta(days=1)
    closes = _moment(end, end=True) if end else now
    if closes <= opens:
        closes = opens + datetime.timedelta(days=1)
    points_ballot = pb.vote_type in pbfile.POINT_VOTE_TYPES
    if points_ballot:
        ballot_type = BallotType.CUMULATIVE
    elif meta.get("max_sum_cost", "").strip() and meta["max_sum_cost"].strip() == meta.get("budget", "").strip():
        ballot_type = BallotType.KNAPSACK
    else:
        ballot_type = BallotType.APPROVAL
    rule = pb.rule or TallyRule.GREEDY
    utility = meta.get("utility", "").strip().lower()
    if utility not in Utility.values:
        utility = Utility.COST

    def number(key):
        try:
            return int(meta[key]) if meta.get(key, "").strip() else None
        except ValueError:
            return None

    described = ", ".join(
        value for value in (meta.get("unit", ""), meta.get("subunit", ""), meta.get("instance", "")) if value
    )
    round_ = Round.objects.create(
        budget=budget,
        title=(meta.get("description") or "Imported round")[:200],
        description=f"Imported from a pabulib file ({described})." if described else "Imported from a pabulib file.",
        amount_cents=pb.budget * unit,
        ideas_opens=opens,
        review_opens=opens,
        voting_opens=opens,
        voting_closes=closes,
        ballot_type=ballot_type,
        min_projects=1 if number("min_length") is None else number("min_length"),
        max_projects=number("max_length"),
        points=number("max_sum_points") if points_ballot else None,
        max_points_per_project=number("max_points") if points_ballot else None,
        tally_rule=rule,
        utility=utility,
        lot_seed=meta.get("lot_seed", "")[:100],
        closed_at=now,
        created_by=actor,
    )
    projects = {}
    for position, row in enumerate(pb.projects, start=1):
        name = (row.get("name") or f"Project {row['project_id']}").strip()
        summary = (row.get("description") or name).strip()
        projects[row["project_id"]] = Project.objects.create(
            round=round_,
            number=min(position, 32767),
            title=name[:150],
            summary=summary[:300],
            cost_cents=row["cost"] * unit,
            status=ProjectStatus.ON_BALLOT,
            submitted_by=None,
        )
    cast_on = end or timezone.localdate()
    ballots = []
    for vote in pb.votes:
        if points_ballot:
            chosen = {str(projects[pid].pk): pts for pid, pts in zip(vote["vote"], vote["points"], strict=True) if pts}
        else:
            chosen = {str(projects[pid].pk): 1 for pid in vote["vote"]}
        ballots.append(Ballot(round=round_, channel=VoteChannel.PAPER, choices=chosen, cast_on=cast_on))
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    audit.record(
        "budgeting.round.imported",
        actor=actor,
        obj=round_,
        data={
            "source": "pabulib",
            "description": meta.get("description", ""),
            "unit": meta.get("unit", ""),
            "instance": meta.get("instance", ""),
            "projects": len(projects),
            "ballots": len(ballots),
            "amount_cents": round_.amount_cents,
            "rule": rule,
        },
    )
    return round_
