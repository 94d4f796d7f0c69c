"""Participatory budgets: rounds with their projects, the published result, and voting with a
code from a letter. Everyone sees every round and its projects (budgeting/rules.py); the
result only once it is published, as on the results page. Votes go through
budgeting.voting.cast_with_code, rate-limited per IP exactly like the web form."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from samenspel.budgeting import voting
from samenspel.budgeting.models import Project, Round, RoundPhase
from samenspel.budgeting.services import phase_label
from samenspel.budgeting.views import result_rows
from samenspel.core import ratelimit

from ..errors import READ_ERRORS, WRITE_ERRORS, RateLimited
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import CODE_THROTTLE, READ_THROTTLE
from ..types import Text
from .common import PlaceRef, absolute

router = Router(tags=["budgets"])

MAX_CHOICES = 500


class BudgetRef(Schema):
    id: int
    kind: str
    title: str
    amount_cents: int
    place: PlaceRef


class RoundOut(Schema):
    id: int
    title: str
    description: str
    amount_cents: int
    budget: BudgetRef
    phase: str
    phase_label: str
    ideas_opens: datetime.datetime
    review_opens: datetime.datetime
    support_opens: datetime.datetime | None
    voting_opens: datetime.datetime
    voting_closes: datetime.datetime
    ballot_type: str = Field(description="approval, knapsack or cumulative")
    min_projects: int
    max_projects: int | None
    points: int | None
    max_points_per_project: int | None
    allow_vote_change: bool
    tally_rule: str
    result_published_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_phase(obj) -> str:
        return _phase(obj)

    @staticmethod
    def resolve_phase_label(obj) -> str:
        return phase_label(_phase(obj))

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class ProjectOut(Schema):
    id: int
    number: int
    title: str
    summary: str
    description: str
    cost_cents: int | None
    area_id: int | None
    status: str
    review_reason: str = Field(description="The public reason when a project was not put on the ballot.")
    support_count: int
    selected: bool | None = Field(description="Funded or not; null until the result is published.")
    realisation: str | None

    @staticmethod
    def resolve_selected(obj):
        return obj.selected if obj.round.result_published_at is not None else None


class RoundDetailOut(RoundOut):
    projects: list[ProjectOut]

    @staticmethod
    def resolve_projects(obj):
        return list(obj.projects.order_by("number", "pk"))


class ResultRow(Schema):
    project_id: int
    number: int
    title: str
    votes: int
    cost_cents: int
    selected: bool
    order: int | None
    why: list[str] = Field(description="Why it won or lost, in plain words.")


class ResultOut(Schema):
    round_id: int
    published_at: datetime.datetime
    tally_rule: str
    amount_cents: int
    projects: list[ResultRow]


class BallotIn(Schema):
    code: Text(40, min_length=1, description="The voting code from the letter (spaces and dashes are ignored).")
    choices: dict[str, int] = Field(
        description='{"<project id>": points}. For approval and knapsack ballots each chosen project gets 1.'
    )

    @field_validator("choices")
    @classmethod
    def _not_too_many(cls, value):
        if len(value) > MAX_CHOICES or any(len(key) > 12 for key in value):
            raise ValueError("Too many choices.")
        return value


class ReceiptOut(Schema):
    receipt: str = Field(description="The receipt code, shown once: with it the voter sees what their vote funded.")


def _phase(round_) -> str:
    if round_.result_published_at is not None and hasattr(round_, "has_realisation"):
        return RoundPhase.REALISATION if round_.has_realisation else RoundPhase.RESULT
    return round_.phase()


def _rounds():
    return Round.objects.select_related("budget__place").annotate(
        has_realisation=Exists(Project.objects.filter(round=OuterRef("pk"), realisation__isnull=False))
    )


@router.get(
    "/budget-rounds",
    response={200: list[RoundOut], **READ_ERRORS},
    summary="List budget rounds",
    description="Every participatory budget round, newest voting first, with its phase and dates. Filter by "
    "`place` (of the budget) and the date voting opens (`since`, `until`).",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_rounds(request, filters: Query[PlaceDateFilter]):
    return apply(
        _rounds().order_by("-voting_opens", "-pk"),
        filters,
        date_field="voting_opens",
        is_datetime=True,
        place_field="budget__place",
    )


@router.get(
    "/budget-rounds/{int:round_id}",
    response={200: RoundDetailOut, **READ_ERRORS},
    summary="One budget round",
    description="A round with all its projects, including those not put on the ballot with the public reason. "
    "Whether a project was funded shows once the result is published.",
    throttle=READ_THROTTLE,
)
def get_round(request, round_id: int):
    return get_object_or_404(_rounds(), pk=round_id)


@router.get(
    "/budget-rounds/{int:round_id}/results",
    response={200: ResultOut, **READ_ERRORS},
    summary="A round's result",
    description="The published result: votes per project, funded or not, and why, in plain words. 404 until the "
    "result is published.",
    throttle=READ_THROTTLE,
)
def get_round_results(request, round_id: int):
    round_ = get_object_or_404(_rounds(), pk=round_id)
    if round_.result_published_at is None or not round_.result:
        raise Http404
    return {
        "round_id": round_.pk,
        "published_at": round_.result_published_at,
        "tally_rule": round_.tally_rule,
        "amount_cents": round_.amount_cents,
        "projects": [
            {
                "project_id": row["project"].pk,
                "number": row["project"].number,
                "title": row["project"].title,
                "votes": row["votes"],
                "cost_cents": row["cost"],
                "selected": row["selected"],
                "order": row["order"],
                "why": [str(line) for line in row["why"]],
            }
            for row in result_rows(round_)
        ],
    }


@router.post(
    "/budget-rounds/{int:round_id}/ballots",
    response={201: ReceiptOut, **WRITE_ERRORS},
    summary="Vote with a voting code",
    description="Cast a ballot with the code from a letter; no key is needed, the code is the proof. The ballot "
    "holds the choices only. Wrong codes are limited per IP address and per round, as on the web form (429 with "
    "Retry-After). A code already used is refused with 409, unless the round allows changing a vote.",
    auth=None,
    throttle=CODE_THROTTLE,
)
def cast_ballot(request, round_id: int, payload: BallotIn):
    round_ = get_object_or_404(Round.objects.select_related("budget"), pk=round_id)
    ip = ratelimit.client_ip(request)
    if voting.attempts_blocked(round_, ip):
        raise RateLimited(
            _("Too many wrong codes were tried. Wait %(minutes)d minutes and try again.")
            % {"minutes": voting.IP_WINDOW // 60},
            voting.IP_WINDOW,
        )
    try:
        receipt = voting.cast_with_code(round_, payload.code, payload.choices)
    except ValidationError as error:
        if voting.error_codes(error) & {"unknown_code", "used_code"}:
            voting.record_failed_attempt(round_, ip)
        raise
    return Status(201, {"receipt": receipt})
