"""The open budget (lines and spending) and the right to challenge. Everyone reads the open
budget and its spending, and every challenge with its public timeline and the number of
signatures, never the names (finance/rules.py)."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samenspel.finance.models import (
    BudgetLine,
    Challenge,
    ChallengeStatus,
    Expenditure,
    PaperSignatureCount,
    SupportSignature,
)

from ..errors import READ_ERRORS
from ..filters import EARLIEST, LATEST, PlaceDateFilter, by_date, place_ids, within
from ..pagination import Pages
from ..security import READ_THROTTLE
from .common import PlaceRef, absolute

router = Router(tags=["finance"])


class TaakveldOut(Schema):
    code: str
    name: str


class LineOut(Schema):
    id: int
    municipality_id: int
    year: int
    place: PlaceRef | None = Field(description="Null when the line is not attributable to an area.")
    taakveld: TaakveldOut
    programme: str
    economic_category: str
    description: str
    planned_cents: int
    realised_cents: int | None
    decided_by: str = Field(description="Who decides about this money: the municipality or the neighbourhood.")
    scope_item_id: int | None
    challenge_id: int | None
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class LineFilter(PlaceDateFilter):
    year: int | None = Field(None, ge=1900, le=2999, description="Only this budget year.")


class ExpenditureOut(Schema):
    id: int
    line_id: int
    spent_on: datetime.date
    recipient_kind: str
    recipient_name: str = Field(description="An organisation, a foundation, a company or a group named as a group.")
    recipient_kvk: str
    purpose: str
    amount_cents: int
    decision_id: int | None
    decision_reference: str
    idea_id: int | None
    challenge_id: int | None

    @staticmethod
    def resolve_idea_id(obj):
        return obj.idea_id if obj.idea_id and not obj.idea.is_hidden else None


class SignaturesOut(Schema):
    online: int
    paper: int
    total: int


class EventOut(Schema):
    kind: str
    happened_on: datetime.date
    text: str


class ChallengeOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    municipality_id: int
    place: PlaceRef
    offer_id: int | None = Field(description="Set when this is a bid on a task the municipality offered.")
    challenger: str = Field(description="The organisation or group that challenges.")
    task: str
    why_better: str
    involvement: str
    support_description: str
    cost_estimate_cents: int
    cost_explanation: str
    support_wanted: str
    quality_continuity: str
    submitted_on: datetime.date
    due_on: datetime.date | None
    admissibility_reasons: str
    admissibility_decided_on: datetime.date | None
    assessment: list
    assessment_reasons: str
    assessed_on: datetime.date | None
    withdrawn_reason: str
    signatures: SignaturesOut
    url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_challenger(obj) -> str:
        return obj.challenger_label

    @staticmethod
    def resolve_signatures(obj) -> dict:
        return {"online": obj.online_count, "paper": obj.paper_count, "total": obj.online_count + obj.paper_count}

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class ChallengeDetailOut(ChallengeOut):
    events: list[EventOut] = Field(description="The public timeline of the procedure.")

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class ChallengeFilter(PlaceDateFilter):
    status: ChallengeStatus | None = Field(None, description="Only challenges with this status.")


def _lines():
    return BudgetLine.objects.select_related("place", "taakveld")


def _challenges():
    online = (
        SupportSignature.objects.filter(challenge=OuterRef("pk"))
        .values("challenge")
        .annotate(n=Count("pk"))
        .values("n")
    )
    paper = (
        PaperSignatureCount.objects.filter(challenge=OuterRef("pk"))
        .values("challenge")
        .annotate(n=Sum("count"))
        .values("n")
    )
    return Challenge.objects.select_related("place", "organisation").annotate(
        online_count=Coalesce(Subquery(online, output_field=IntegerField()), Value(0)),
        paper_count=Coalesce(Subquery(paper, output_field=IntegerField()), Value(0)),
    )


@router.get(
    "/budget-lines",
    response={200: list[LineOut], **READ_ERRORS},
    summary="Open budget lines",
    description="Lines of the open budget per year, place and Iv3 taakveld, planned against realised (euro cents). "
    "Filter by `place` (a municipality gives all its lines, a neighbourhood the lines of it and its buurten), "
    "`year`, or a range of years with `since` and `until`.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_lines(request, filters: Query[LineFilter]):
    lines = _lines().order_by("-year", "taakveld__code", "pk")
    ids = place_ids(filters.place)
    if ids is not None:
        lines = lines.filter(within(ids) | within(ids, "municipality"))
    if filters.year:
        lines = lines.filter(year=filters.year)
    if filters.since:
        lines = lines.filter(year__gte=max(filters.since, EARLIEST).year)
    if filters.until:
        lines = lines.filter(year__lte=min(filters.until, LATEST).year)
    return lines


@router.get(
    "/budget-lines/{int:line_id}",
    response={200: LineOut, **READ_ERRORS},
    summary="One budget line",
    description="One line of the open budget.",
    throttle=READ_THROTTLE,
)
def get_line(request, line_id: int):
    return get_object_or_404(_lines(), pk=line_id)


@router.get(
    "/expenditures",
    response={200: list[ExpenditureOut], **READ_ERRORS},
    summary="Spending",
    description="What was spent on the open budget's lines, with the decision that allowed it. Filter by `place` "
    "(of the line) and the date of spending.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_expenditures(request, filters: Query[PlaceDateFilter]):
    spending = Expenditure.objects.select_related("idea").order_by("-spent_on", "-pk")
    ids = place_ids(filters.place)
    if ids is not None:
        spending = spending.filter(within(ids, "line__place") | within(ids, "line__municipality"))
    return by_date(spending, filters, "spent_on")


@router.get(
    "/challenges",
    response={200: list[ChallengeOut], **READ_ERRORS},
    summary="Right-to-challenge requests",
    description="Every challenge (uitdaagrecht) with its seven elements, its status and the number of signatures "
    "of support. Filter by `place`, `status` and the date it was submitted.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_challenges(request, filters: Query[ChallengeFilter]):
    challenges = by_date(_challenges().order_by("-submitted_on", "-pk"), filters, "submitted_on")
    ids = place_ids(filters.place)
    if ids is not None:
        challenges = challenges.filter(within(ids) | within(ids, "municipality"))
    if filters.status:
        challenges = challenges.filter(status=filters.status)
    return challenges


@router.get(
    "/challenges/{int:challenge_id}",
    response={200: ChallengeDetailOut, **READ_ERRORS},
    summary="One challenge",
    description="A challenge with the public timeline of its procedure.",
    throttle=READ_THROTTLE,
)
def get_challenge(request, challenge_id: int):
    return get_object_or_404(_challenges(), pk=challenge_id)
