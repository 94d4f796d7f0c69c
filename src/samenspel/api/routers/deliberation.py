"""Debates and meetings: what their public pages show (deliberation/rules.py). Hidden arguments
are left out; a meeting that is not public is 404; minutes only once published."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samenspel.deliberation.models import Argument, Debate, Meeting, MeetingAgendaItem, MeetingKind, Side

from ..errors import READ_ERRORS
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import READ_THROTTLE
from .common import PlaceRef, absolute

router = Router(tags=["debates and meetings"])


# --- debates ---------------------------------------------------------------------------------


class DebateOut(Schema):
    id: int
    title: str
    proposal: str
    place: PlaceRef
    is_open: bool = Field(description="Open for new arguments.")
    arguments_for: int = Field(description="Visible arguments for, replies not counted.")
    arguments_against: int = Field(description="Visible arguments against, replies not counted.")
    summary: str = Field(description="The moderator's summary, once written.")
    summary_at: datetime.datetime | None
    agenda_item_id: int | None
    idea_id: int | None
    decision_id: int | None = Field(description="The decision the summary was attached to.")
    created_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class ArgumentOut(Schema):
    id: int
    side: str = Field(description='"for" or "against"; empty for a reply.')
    parent_id: int | None = Field(description="The argument this replies to.")
    text: str
    author: str = Field(description="The name shown on the page: a display name or whom it was entered for.")
    channel: str
    support_count: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj) -> str:
        if obj.on_behalf_of:
            return obj.on_behalf_of
        return obj.author.display_name if obj.author is not None else ""


class DebateDetailOut(DebateOut):
    arguments: list[ArgumentOut] = Field(description="Visible arguments and replies, most supported first.")


def _debates():
    visible = Q(arguments__is_hidden=False, arguments__parent__isnull=True)
    return Debate.objects.select_related("place").annotate(
        arguments_for=Count("arguments", filter=visible & Q(arguments__side=Side.FOR)),
        arguments_against=Count("arguments", filter=visible & Q(arguments__side=Side.AGAINST)),
    )


@router.get(
    "/debates",
    response={200: list[DebateOut], **READ_ERRORS},
    summary="List debates",
    description="Debates on a proposal or agenda item, newest first, with how many arguments each side has and the "
    "moderator's summary. Filter by `place`, `open` and the date the debate started.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_debates(request, filters: Query[PlaceDateFilter], open: bool | None = None):  # noqa: A002 - the query name
    debates = apply(_debates().order_by("-created_at", "-pk"), filters, date_field="created_at", is_datetime=True)
    if open is not None:
        debates = debates.filter(is_open=open)
    return debates


@router.get(
    "/debates/{int:debate_id}",
    response={200: DebateDetailOut, **READ_ERRORS},
    summary="One debate",
    description="A debate with its visible arguments and replies. Arguments a moderator hid are left out.",
    throttle=READ_THROTTLE,
)
def get_debate(request, debate_id: int):
    visible = Argument.objects.filter(is_hidden=False).select_related("author").order_by("-support_count", "created_at")
    return get_object_or_404(_debates().prefetch_related(Prefetch("arguments", queryset=visible)), pk=debate_id)


# --- meetings --------------------------------------------------------------------------------


class AgendaPointOut(Schema):
    order: int
    title: str
    description: str
    for_decision: bool


class MeetingOut(Schema):
    id: int
    kind: MeetingKind
    title: str
    description: str
    place: PlaceRef
    organisation: str | None = Field(description="The neighbourhood body or organisation that meets, if any.")
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    location_name: str
    address: str
    online_url: str
    status: str = Field(description='"planned" or "cancelled".')
    registration_required: bool
    capacity: int | None
    minutes_published_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name if obj.organisation is not None else None

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaPointOut]
    minutes: str = Field(description="Empty until the minutes are published.")
    decision_ids: list[int] = Field(description="Decisions taken at the meeting (see /decisions).")

    @staticmethod
    def resolve_agenda(obj):
        return list(obj.agenda_items.all())

    @staticmethod
    def resolve_minutes(obj) -> str:
        return obj.minutes if obj.minutes_published_at else ""

    @staticmethod
    def resolve_decision_ids(obj) -> list[int]:
        return sorted(decision.pk for decision in obj.decisions.all())


class MeetingFilter(PlaceDateFilter):
    upcoming: bool | None = Field(None, description="Only meetings still to come (true) or only past ones (false).")


def _meetings():
    # Only public meetings: a body's closed meetings are for its members and the area team.
    return Meeting.objects.filter(is_public=True).select_related("place", "organisation")


@router.get(
    "/meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
    summary="List meetings",
    description="Public meetings of neighbourhood bodies, working groups and open evenings, by start time (the "
    "soonest first with `upcoming=true`, else the newest first). Filter by `place`, `upcoming` and the date.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_meetings(request, filters: Query[MeetingFilter]):
    meetings = apply(_meetings(), filters, date_field="starts_at", is_datetime=True)
    now = timezone.now()
    if filters.upcoming is True:
        return meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")
    if filters.upcoming is False:
        meetings = meetings.filter(starts_at__lt=now)
    return meetings.order_by("-starts_at", "-pk")


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS},
    summary="One meeting",
    description="A public meeting with its agenda, its minutes once published, and the decisions taken there. A "
    "meeting that is not public is 404.",
    throttle=READ_THROTTLE,
)
def get_meeting(request, meeting_id: int):
    meeting = (
        _meetings()
        .prefetch_related(
            Prefetch("agenda_items", queryset=MeetingAgendaItem.objects.order_by("order", "pk")), "decisions"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting
