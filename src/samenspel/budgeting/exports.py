"""The officials' lists of a budget round as files (CSV/XLSX); see samenspel.core.exports.
Ballots are never exported: turnout is counted per channel, voting codes only as numbers per
print run, paper entries without their choices."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

from .models import CodeBatch, PaperEntry, VoteChannel

PROJECT_COLUMNS = [
    Column("number", _("Number on the ballot"), kind=Kind.INTEGER),
    Column("title", _("Title")),
    Column("summary", _("In one sentence")),
    Column("status", _("Status"), get="get_status_display"),
    Column("review_reason", _("Reason (public)")),
    Column("area", _("Area"), get=lambda p: p.area.name if p.area else ""),
    Column("cost", _("Cost"), get="cost_cents", kind=Kind.MONEY),
    Column("supporters", _("Supporters"), get="support_count", kind=Kind.INTEGER),
    Column("from_idea", _("From idea"), get="idea_id", kind=Kind.INTEGER),
    Column("selected", _("Won"), kind=Kind.BOOLEAN),
    Column("realisation", _("Realisation"), get="get_realisation_display"),
    Column("created_at", _("Submitted on"), kind=Kind.DATE),
]

TURNOUT_COLUMNS = [
    Column("what", _("What")),
    Column("count", _("Number"), kind=Kind.INTEGER),
]

PAPER_COLUMNS = [
    Column("sheet", _("Ballot paper number")),
    Column("entered_by", _("Entered by"), get=lambda e: e.entered_by.public_name),
    Column("entered_at", _("Entered at"), kind=Kind.DATETIME),
    Column("state", _("State"), get=lambda e: str(paper_state(e))),
    Column("invalid", _("Invalid"), kind=Kind.BOOLEAN),
    Column("discard_reason", _("Why set aside")),
]

BATCH_COLUMNS = [
    Column("created_at", _("Made on"), kind=Kind.DATETIME),
    Column("letters", _("Letters"), kind=Kind.INTEGER),
    Column("skipped", _("Addresses left out"), kind=Kind.INTEGER),
    Column("used", _("Codes used"), kind=Kind.INTEGER),
    Column("note", _("Note")),
]


def paper_state(entry):
    if entry.discarded_at is not None:
        return _("set aside")
    if entry.ballot_id is not None:
        return _("counted (both entries agree)")
    return _("waiting for the second entry or a difference to resolve")


def turnout_rows(turnout: dict) -> list[dict]:
    return [
        {"what": VoteChannel.CODE.label, "count": turnout["ballots_code"]},
        {"what": VoteChannel.ACCOUNT.label, "count": turnout["ballots_account"]},
        {"what": VoteChannel.PAPER.label, "count": turnout["paper_counted"]},
        {"what": _("Ballots in total"), "count": turnout["total_ballots"]},
        {"what": _("Voting codes sent"), "count": turnout["codes_issued"]},
        {"what": _("Voting codes used"), "count": turnout["codes_used"]},
        {"what": _("Accounts that voted"), "count": turnout["accounts"]},
    ]


def lists(round_, turnout: dict | None) -> dict:
    """Per list: (columns, rows, file name part, title, holds personal data)."""
    return {
        "projecten": (
            PROJECT_COLUMNS,
            round_.projects.select_related("area").order_by("status", "number", "pk"),
            _("Projects"),
            False,
        ),
        "opkomst": (TURNOUT_COLUMNS, turnout_rows(turnout) if turnout else [], _("Turnout"), False),
        "papier": (
            PAPER_COLUMNS,
            PaperEntry.objects.filter(round=round_).select_related("entered_by").order_by("sheet", "entered_at"),
            _("Paper entries"),
            True,
        ),
        "codes": (
            BATCH_COLUMNS,
            CodeBatch.objects.filter(round=round_)
            .annotate(used=Count("codes", filter=Q(codes__used_at__isnull=False)))
            .order_by("created_at"),
            _("Voting letters"),
            False,
        ),
    }
