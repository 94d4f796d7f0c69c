"""Conversations (opinion maps in the manner of Polis): the published statements, and voting
on one. Only published statements are public; pending, rejected, hidden and merged ones are
not. Votes go through deliberation.services.cast_vote with the web page's own limit per
participant."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samenspel.deliberation import services
from samenspel.deliberation.models import Conversation, Statement, StatementStatus, Vote

from ..errors import READ_ERRORS, WRITE_ERRORS, RateLimited
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import READ_THROTTLE, WRITE_AUTH, WRITE_THROTTLE
from .common import PlaceRef, absolute

router = Router(tags=["conversations"])


class ConversationOut(Schema):
    id: int
    title: str
    question: str
    description: str
    place: PlaceRef
    is_open: bool
    accepting: bool = Field(description="Open for votes and statements now.")
    closes_on: datetime.date | None
    allow_statements: bool
    created_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_accepting(obj) -> bool:
        return services.is_accepting(obj)

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class StatementOut(Schema):
    id: int
    text: str
    is_seed: bool = Field(description="Put in by the organiser.")
    created_at: datetime.datetime


class VoteIn(Schema):
    vote: Vote = Field(description="1 agree, -1 disagree, 0 pass")


class VoteOut(Schema):
    statement_id: int
    vote: int


@router.get(
    "/conversations",
    response={200: list[ConversationOut], **READ_ERRORS},
    summary="List conversations",
    description="Conversations in the neighbourhoods, newest first. Filter by `place` and the date they started.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_conversations(request, filters: Query[PlaceDateFilter]):
    conversations = Conversation.objects.select_related("place").order_by("-created_at", "-pk")
    return apply(conversations, filters, date_field="created_at", is_datetime=True)


@router.get(
    "/conversations/{int:conversation_id}/statements",
    response={200: list[StatementOut], **READ_ERRORS},
    summary="A conversation's statements",
    description="The published statements of a conversation, oldest first.",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_statements(request, conversation_id: int):
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    return Statement.objects.filter(conversation=conversation, status=StatementStatus.PUBLISHED).order_by(
        "created_at", "pk"
    )


@router.put(
    "/conversations/{int:conversation_id}/statements/{int:statement_id}/vote",
    response={200: VoteOut, **WRITE_ERRORS},
    summary="Vote on a statement",
    description="Agree (1), disagree (-1) or pass (0) on a published statement, as the key's person. Voting again "
    "changes the vote.",
    auth=WRITE_AUTH,
    throttle=WRITE_THROTTLE,
)
def vote(request, conversation_id: int, statement_id: int, payload: VoteIn):
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    statement = get_object_or_404(Statement, pk=statement_id, conversation=conversation)
    user = request.auth
    if services.rate_limited("vote", f"user:{user.pk}"):
        raise RateLimited(_("You are going very fast. Wait a few minutes and try again."), services.LIMITS["vote"][1])
    row = services.cast_vote(user=user, conversation=conversation, statement=statement, vote=int(payload.vote))
    return Status(200, {"statement_id": statement.pk, "vote": row.vote})
