"""Agreements (the Gronings model): every version with its scope items and levels of say. The
division of say is a public record: the web pages show every version to everyone."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samenspel.agreements.models import AgreementVersion, ScopeItem, VersionStatus

from ..errors import READ_ERRORS
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import READ_THROTTLE
from .common import PlaceRef, absolute

router = Router(tags=["agreements"])


class ScopeItemOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    level: int = Field(description="Level of say: 1 advise, 2 initiate, 3 decide.")
    level_label: str
    desired_level: int | None
    level_justification: str
    is_citywide: bool
    ownership: int | None = Field(description="1 community … 4 municipality (seed 001).")
    council_role: str
    budget_cents: int | None

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())


class CouncilDecisionOut(Schema):
    reference: str
    title: str
    decided_on: datetime.date
    outcome: str
    url: str


class AgreementOut(Schema):
    id: int = Field(description="The version's id.")
    agreement_id: int
    number: int
    status: str
    status_label: str
    trajectory_id: int = Field(alias="agreement.trajectory_id")
    trajectory: str = Field(alias="agreement.trajectory.title")
    place: PlaceRef = Field(alias="agreement.trajectory.place")
    summary: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    activated_at: datetime.datetime | None
    created_at: datetime.datetime
    council_decision: CouncilDecisionOut | None
    scope_items: list[ScopeItemOut]
    url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_scope_items(obj):
        return list(obj.scope_items.all())

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class AgreementFilter(PlaceDateFilter):
    status: VersionStatus | None = Field(None, description="Only versions with this status (e.g. `active`).")


def _versions():
    return AgreementVersion.objects.select_related("agreement__trajectory__place", "council_decision").prefetch_related(
        Prefetch("scope_items", queryset=ScopeItem.objects.order_by("order", "pk"))
    )


@router.get(
    "/agreements",
    response={200: list[AgreementOut], **READ_ERRORS},
    summary="List agreement versions",
    description="Every version of every neighbourhood's agreement, newest first, with its scope items and the "
    "level of say per item. Filter by `place`, `status` and the date the version was made (`since`, `until`).",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_agreements(request, filters: Query[AgreementFilter]):
    versions = apply(
        _versions().order_by("-created_at", "-pk"),
        filters,
        date_field="created_at",
        is_datetime=True,
        place_field="agreement__trajectory__place",
    )
    if filters.status:
        versions = versions.filter(status=filters.status)
    return versions


@router.get(
    "/agreements/{int:version_id}",
    response={200: AgreementOut, **READ_ERRORS},
    summary="One agreement version",
    description="An agreement version with its scope items and levels of say.",
    throttle=READ_THROTTLE,
)
def get_agreement(request, version_id: int):
    return get_object_or_404(_versions(), pk=version_id)
