"""Ideas and resident initiatives: read the public ones, submit one, support one. Writing goes
through initiatives.services, exactly as the web forms do (same permission, audit log and
the same limit of ten ideas and comments per person per hour)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from samenspel.initiatives import ratelimit as idea_ratelimit
from samenspel.initiatives import services
from samenspel.initiatives.models import CaseStatus, Idea, IdeaKind, Support
from samenspel.places.models import Place

from ..errors import READ_ERRORS, WRITE_ERRORS, Conflict, RateLimited
from ..filters import PlaceDateFilter, apply
from ..pagination import Pages
from ..security import READ_THROTTLE, WRITE_AUTH, WRITE_THROTTLE, caller
from ..types import Id, Text
from .common import PlaceRef, absolute

router = Router(tags=["ideas"])


class IdeaOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    needs: str
    status: str
    status_label: str
    place: PlaceRef
    buurt_id: int | None
    location_text: str
    ownership: int | None
    initiator: str = Field(description="How the initiator is named in public; never an account.")
    support_count: int
    created_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_initiator(obj) -> str:
        return obj.initiator_label

    @staticmethod
    def resolve_url(obj) -> str:
        return absolute(obj.get_absolute_url())


class IdeaFilter(PlaceDateFilter):
    status: CaseStatus | None = Field(None, description="Only ideas at this step of the case flow.")
    kind: IdeaKind | None = Field(None, description="idea or initiative")


class IdeaIn(Schema):
    place: Id = Field(description="The id of the neighbourhood or village (wijk or dorp).")
    title: Text(150, min_length=1)
    description: Text(5000, min_length=1)
    needs: Text(2000) = ""
    kind: IdeaKind = IdeaKind.IDEA
    ownership: int | None = Field(None, ge=1, le=4)
    location_text: Text(200) = ""
    buurt: Id | None = Field(None, description="Optionally, the id of a buurt in that neighbourhood.")


class SupportOut(Schema):
    idea_id: int
    support_count: int
    supported: bool


def _ideas():
    return Idea.objects.select_related("place", "place__municipality", "author")


def _visible(request, idea_id: int) -> Idea:
    idea = get_object_or_404(_ideas(), pk=idea_id)
    if not caller(request).has_perm("initiatives.view_idea", idea):
        raise Http404
    return idea


@router.get(
    "/ideas",
    response={200: list[IdeaOut], **READ_ERRORS},
    summary="List ideas",
    description="Public ideas and resident initiatives, newest first (ideas hidden by a moderator are left out). "
    "Filter by `place`, `status`, `kind` and the date the idea came in (`since`, `until`).",
    throttle=READ_THROTTLE,
)
@paginate(Pages)
def list_ideas(request, filters: Query[IdeaFilter]):
    ideas = apply(
        _ideas().filter(is_hidden=False).order_by("-created_at", "-pk"),
        filters,
        date_field="created_at",
        is_datetime=True,
    )
    if filters.status:
        ideas = ideas.filter(status=filters.status)
    if filters.kind:
        ideas = ideas.filter(kind=filters.kind)
    return ideas


@router.get(
    "/ideas/{int:idea_id}",
    response={200: IdeaOut, **READ_ERRORS},
    summary="One idea",
    description="A public idea. A hidden idea is 404, except for its initiator and the area team.",
    throttle=READ_THROTTLE,
)
def get_idea(request, idea_id: int):
    return _visible(request, idea_id)


@router.post(
    "/ideas",
    response={201: IdeaOut, 200: IdeaOut, **WRITE_ERRORS},
    summary="Submit an idea",
    description="Submit an idea or resident initiative for a neighbourhood or village, as the key's person. "
    "The idea broker contacts them within a few working days. At most ten ideas and comments per person per hour. "
    "Send an `Idempotency-Key` header (16-64 letters, digits, - or _; random per idea) to retry safely: the same "
    "key again answers 200 with the idea the first call made, instead of making a second one.",
    auth=WRITE_AUTH,
    throttle=WRITE_THROTTLE,
)
def submit_idea(request, payload: IdeaIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    user = request.auth
    if idempotency_key and services.SUBMISSION_KEY_RE.fullmatch(idempotency_key):
        existing = services.submitted_with_key(user, idempotency_key)
        if existing is not None:
            return Status(200, _ideas().get(pk=existing.pk))
    place = Place.objects.filter(pk=payload.place).first()
    if place is None:
        raise ValidationError({"place": _("Choose a neighbourhood or village.")})
    buurt = None
    if payload.buurt is not None:
        buurt = Place.objects.filter(pk=payload.buurt).first()
        if buurt is None:
            raise ValidationError({"buurt": _("This buurt is not part of %(place)s.") % {"place": place.name}})
    if not idea_ratelimit.may_post(user):
        raise RateLimited(
            _("You have posted %(n)d ideas and comments in the past hour. Please wait a while before posting again.")
            % {"n": idea_ratelimit.LIMIT},
            idea_ratelimit.WINDOW_SECONDS,
        )
    idea = services.submit_idea(
        user=user,
        place=place,
        title=payload.title,
        description=payload.description,
        needs=payload.needs,
        kind=payload.kind,
        ownership=payload.ownership,
        location_text=payload.location_text,
        buurt=buurt,
        submission_key=idempotency_key,
    )
    idea_ratelimit.count_post(user)
    return Status(201, _ideas().get(pk=idea.pk))


@router.post(
    "/ideas/{int:idea_id}/support",
    response={201: SupportOut, **WRITE_ERRORS},
    summary="Support an idea",
    description="Add the key's person's support to a public idea. Supporting twice is refused with 409.",
    auth=WRITE_AUTH,
    throttle=WRITE_THROTTLE,
)
def support_idea(request, idea_id: int):
    user = request.auth
    idea = _visible(request, idea_id)
    if not user.has_perm("initiatives.support", idea):
        raise PermissionDenied
    try:
        services.support(user=user, idea=idea)
    except ValidationError as error:
        if Support.objects.filter(idea=idea, user=user).exists():
            raise Conflict(" ".join(error.messages), "already_supported") from None
        raise
    idea.refresh_from_db(fields=["support_count"])
    return Status(201, {"idea_id": idea.pk, "support_count": idea.support_count, "supported": True})


@router.delete(
    "/ideas/{int:idea_id}/support",
    response={200: SupportOut, **WRITE_ERRORS},
    summary="Withdraw support",
    description="Withdraw the key's person's support for an idea.",
    auth=WRITE_AUTH,
    throttle=WRITE_THROTTLE,
)
def unsupport_idea(request, idea_id: int):
    idea = _visible(request, idea_id)
    services.unsupport(user=request.auth, idea=idea)
    idea.refresh_from_db(fields=["support_count"])
    return Status(200, {"idea_id": idea.pk, "support_count": idea.support_count, "supported": False})
