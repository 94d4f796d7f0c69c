"""Advice, the decision register and accountability reports: the public record
(decisions/rules.py). Accountability reports only once published, as on the web."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samenspel.decisions.models import AccountabilityReport, Advice, AdviceStatus, DeciderKind, Decision

from ..errors import READ_ERRORS
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import READ_THROTTLE
from .common import PlaceRef, absolute

router = Router(tags=["decisions"])


def _name(organisation) -> str | None:
    return organisation.name if organisation is not None else None


class DecisionOut(Schema):
    id: int
    title: str
    place: PlaceRef
    decider_kind: str
    body: str | None = Field(description="The neighbourhood body or organisation that decided, if any.")
    meeting: str
    meeting_date: datetime.date | None
    options: list
    positions: list
    minority_view: str
    outcome: str
    rationale: str
    decided_on: datetime.date
    is_binding: bool = Field(description="Binding only within the body's mandate (level 3, agreement in force).")
    recorded_as_advice: bool
    mandate_code: str
    budget_cents: int | None
    scope_item_id: int | None
    version_id: int | None
    url: str

    @staticmethod
    def resolve_body(obj):
        return _name(obj.body)

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class DecisionFilter(PlaceDateFilter):
    decider_kind: DeciderKind | None = Field(None, description="Only decisions by this kind of decider.")
    binding: bool | None = Field(None, description="Only binding (true) or only non-binding (false) decisions.")


class AdviceOut(Schema):
    id: int
    subject: str
    text: str
    place: PlaceRef
    organisation: str | None
    addressee: str
    on_behalf_of: str
    status: str
    submitted_on: datetime.date
    response_due: datetime.date
    response: str
    response_weighed: str
    responded_on: datetime.date | None
    url: str

    @staticmethod
    def resolve_organisation(obj):
        return _name(obj.organisation)

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class AdviceFilter(PlaceDateFilter):
    status: AdviceStatus | None = Field(None, description="Only advice with this status.")


class ReportOut(Schema):
    id: int
    title: str
    place: PlaceRef
    organisation: str | None
    idea_id: int | None
    version_id: int | None
    audience: str
    formats: list
    period_start: datetime.date
    period_end: datetime.date
    story: str
    key_figures: list
    income_cents: int | None
    spent_cents: int | None
    financial_notes: str
    published_on: datetime.date
    url: str

    @staticmethod
    def resolve_organisation(obj):
        return _name(obj.organisation)

    @staticmethod
    def resolve_idea_id(obj):
        return obj.idea_id if obj.idea_id and not obj.idea.is_hidden else None

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


def _decisions():
    return Decision.objects.select_related("place", "body")


def _advice():
    return Advice.objects.select_related("place", "organisation")


def _reports():
    return AccountabilityReport.objects.filter(published_on__isnull=False).select_related(
        "place", "organisation", "idea"
    )


@router.get(
    "/decisions",
    response={200: list[DecisionOut], **READ_ERRORS},
    summary="The decision register",
    description="Decisions about neighbourhoods, newest first: who decided, the reasons, and whether the decision is "
    "binding or counts as advice. Filter by `place`, `decider_kind`, `binding` and the date of the decision.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_decisions(request, filters: Query[DecisionFilter]):
    decisions = apply(_decisions().order_by("-decided_on", "-pk"), filters, date_field="decided_on")
    if filters.decider_kind:
        decisions = decisions.filter(decider_kind=filters.decider_kind)
    if filters.binding is not None:
        decisions = decisions.filter(is_binding=filters.binding)
    return decisions


@router.get(
    "/decisions/{int:decision_id}",
    response={200: DecisionOut, **READ_ERRORS},
    summary="One decision",
    description="One entry of the decision register.",
    throttle=READ_THROTTLE,
)
def get_decision(request, decision_id: int):
    return get_object_or_404(_decisions(), pk=decision_id)


@router.get(
    "/advice",
    response={200: list[AdviceOut], **READ_ERRORS},
    summary="List advice",
    description="Advice from neighbourhood organisations to the college or council, with the municipality's "
    "response and what was done with it. Filter by `place`, `status` and the date it was given.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_advice(request, filters: Query[AdviceFilter]):
    advice = apply(_advice().order_by("-submitted_on", "-pk"), filters, date_field="submitted_on")
    if filters.status:
        advice = advice.filter(status=filters.status)
    return advice


@router.get(
    "/advice/{int:advice_id}",
    response={200: AdviceOut, **READ_ERRORS},
    summary="One advice",
    description="An advice with the municipality's response.",
    throttle=READ_THROTTLE,
)
def get_advice(request, advice_id: int):
    return get_object_or_404(_advice(), pk=advice_id)


@router.get(
    "/accountability-reports",
    response={200: list[ReportOut], **READ_ERRORS},
    summary="List accountability reports",
    description="Published accountability reports (verantwoording), newest first. Filter by `place` and the date "
    "of publication.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_reports(request, filters: Query[PlaceDateFilter]):
    return apply(_reports().order_by("-published_on", "-pk"), filters, date_field="published_on")


@router.get(
    "/accountability-reports/{int:report_id}",
    response={200: ReportOut, **READ_ERRORS},
    summary="One accountability report",
    description="A published accountability report. Drafts are 404.",
    throttle=READ_THROTTLE,
)
def get_report(request, report_id: int):
    return get_object_or_404(_reports(), pk=report_id)
