"""Pages for conversations, debates and meetings. Thin: the services do the work.

Taking part without an account: the browser gets a random key in a signed, HttpOnly cookie the
first time it votes or writes (never on a mere visit). The participant row holds only a keyed
hash of it per conversation, so the same browser cannot be followed from one conversation to
the next. Anonymous participants are rate-limited in Django's cache."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Organisation
from samenspel.agenda.models import AgendaItem
from samenspel.core import exports
from samenspel.core.forms import add_service_errors, run_service
from samenspel.decisions.models import Decision
from samenspel.initiatives.models import Idea
from samenspel.places.models import Place

from . import exports as deliberation_exports
from . import feeds, services
from .forms import (
    AgendaItemForm,
    ArgumentForm,
    AttendanceForm,
    ConversationForm,
    DebateForm,
    DecisionChoiceForm,
    DocumentForm,
    MeetingDecisionForm,
    MeetingForm,
    MergeForm,
    MinutesForm,
    OfflineArgumentForm,
    OnBehalfRegistrationForm,
    QuickPollForm,
    ReasonForm,
    ReplyForm,
    ReportForm,
    RoomStatementForm,
    ScheduleForm,
    StatementForm,
    SummaryForm,
    VoteCardForm,
    VoteForm,
)
from .models import (
    Argument,
    Conversation,
    Debate,
    Meeting,
    MeetingDocument,
    MeetingSchedule,
    MeetingStatus,
    Participant,
    Statement,
    StatementReport,
    StatementStatus,
    Vote,
)

COOKIE = "samenspel_gesprek"
COOKIE_SALT = "samenspel.deliberation.participant"
COOKIE_SECONDS = 365 * 24 * 3600


# --- helpers -----------------------------------------------------------------------------


def _too_many(request):
    return render(request, "429.html", status=429)


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _browser_secret(request) -> str:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return ""
    try:
        secret = signing.loads(value, salt=COOKIE_SALT, max_age=COOKIE_SECONDS)
    except signing.BadSignature:
        return ""
    return secret if isinstance(secret, str) else ""


def _key_for(conversation, secret: str) -> str:
    if not secret:
        return ""
    return salted_hmac(COOKIE_SALT, f"{conversation.pk}:{secret}").hexdigest()[:40]


def _set_browser_cookie(response, secret: str) -> None:
    response.set_cookie(
        COOKIE,
        signing.dumps(secret, salt=COOKIE_SALT),
        max_age=COOKIE_SECONDS,
        path=reverse("deliberation:index"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class Taking:
    """Who takes part from this request: an account, or this browser's key (made on demand)."""

    def __init__(self, request, conversation):
        self.request = request
        self.conversation = conversation
        self.secret = _browser_secret(request)
        self.new_secret = ""

    @property
    def anonymous(self) -> bool:
        return not self.request.user.is_authenticated

    def key(self, create: bool = False) -> str:
        if not self.anonymous:
            return ""
        if not self.secret and create:
            self.secret = self.new_secret = services.new_browser_key()
        return _key_for(self.conversation, self.secret)

    def participant(self) -> Participant | None:
        return services.participant_for(
            self.conversation,
            user=self.request.user if not self.anonymous else None,
            browser_key=self.key(),
            create=False,
        )

    def limiter_key(self) -> str:
        return f"user:{self.request.user.pk}" if not self.anonymous else f"browser:{self.key()}"

    def finish(self, response):
        if self.new_secret:
            _set_browser_cookie(response, self.new_secret)
        return response


def _get_place(municipality_slug, place_slug) -> Place:
    return get_object_or_404(
        Place.objects.select_related("municipality"), municipality__slug=municipality_slug, slug=place_slug
    )


def _place_from_query(request) -> Place:
    place_id = request.GET.get("plaats", "")
    place = get_object_or_404(Place, pk=place_id if place_id.isdigit() else 0)
    if not place.is_neighbourhood:
        raise Http404
    return place


def _can(request, perm, obj) -> bool:
    return request.user.has_perm(perm, obj)


# --- overview ------------------------------------------------------------------------------


def index(request):
    now = timezone.now()
    conversations = Conversation.objects.select_related("place").annotate(
        statement_count=Count("statements", filter=Q(statements__status=StatementStatus.PUBLISHED))
    )
    return render(
        request,
        "deliberation/index.html",
        {
            "conversations": conversations.filter(is_open=True)[:30],
            "closed_conversations": conversations.filter(is_open=False)[:10],
            "debates": Debate.objects.select_related("place")[:20],
            "meetings": services.visible_meetings(request.user).filter(starts_at__gte=now)[:15],
            "past_meetings": services.visible_meetings(request.user)
            .filter(starts_at__lt=now)
            .order_by("-starts_at")[:10],
        },
    )


def place_index(request, municipality, place):
    place = _get_place(municipality, place)
    now = timezone.now()
    meetings = services.visible_meetings(request.user).filter(services_within(place))
    return render(
        request,
        "deliberation/place.html",
        {
            "place": place,
            "conversations": Conversation.objects.filter(place=place),
            "debates": Debate.objects.filter(place=place),
            "meetings": meetings.filter(starts_at__gte=now),
            "past_meetings": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:20],
            "bodies": Organisation.objects.filter(place=place).order_by("name"),
            "can_start": _can(request, "deliberation.start", place),
        },
    )


def services_within(place, field="place"):
    return Q(**{field: place}) | Q(**{f"{field}__parent": place}) | Q(**{f"{field}__parent__parent": place})


# --- conversations -----------------------------------------------------------------------


@login_required
def conversation_new(request):
    place = _place_from_query(request)
    if not _can(request, "deliberation.start", place):
        raise PermissionDenied
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conversation, ok = run_service(request, services.start_conversation, form, place=place, **data)
        if ok:
            messages.success(request, _("The conversation is open."))
            return redirect(conversation)
    return render(request, "deliberation/conversation_form.html", {"form": form, "place": place})


def _conversation_page(request, conversation, *, statement_form=None, status=200, taking=None):
    taking = taking or Taking(request, conversation)
    participant = taking.participant()
    accepting = services.is_accepting(conversation)
    may_take_part = accepting and (request.user.is_authenticated or conversation.allow_anonymous)
    current = services.next_statement(conversation, participant) if may_take_part else None
    done, total = services.progress(conversation, participant)
    own_votes = []
    if participant is not None:
        own_votes = list(
            participant.votes.filter(statement__status=StatementStatus.PUBLISHED)
            .select_related("statement")
            .order_by("-updated_at")[:50]
        )
    can_moderate = _can(request, "deliberation.moderate", conversation)
    return render(
        request,
        "deliberation/conversation.html",
        {
            "conversation": conversation,
            "statement": current,
            "done": done,
            "total": total,
            "accepting": accepting,
            "may_take_part": may_take_part,
            "statement_form": statement_form or StatementForm(),
            "show_different": bool(statement_form is not None and statement_form.errors.get("text")),
            "may_add": may_take_part and (conversation.allow_statements or can_moderate),
            "own_votes": own_votes,
            "votes": Vote,
            "can_moderate": can_moderate,
            "can_record": _can(request, "deliberation.record_from_room", conversation),
            "pending_count": conversation.statements.filter(status=StatementStatus.PENDING).count()
            if can_moderate
            else 0,
            "hidden": conversation.statements.filter(status__in=(StatementStatus.HIDDEN, StatementStatus.MERGED)),
        },
        status=status,
    )


@never_cache
def conversation(request, pk):
    conversation = get_object_or_404(Conversation.objects.select_related("place", "organisation"), pk=pk)
    return _conversation_page(request, conversation)


def _require_taking_part(request, conversation):
    if not request.user.is_authenticated and not conversation.allow_anonymous:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(conversation.get_absolute_url())
    return None


@require_POST
def vote(request, pk):
    conversation = get_object_or_404(Conversation, pk=pk)
    if (response := _require_taking_part(request, conversation)) is not None:
        return response
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or pass."))
        return redirect(conversation)
    statement = get_object_or_404(Statement, pk=form.cleaned_data["statement"], conversation=conversation)
    taking = Taking(request, conversation)
    if taking.anonymous and not taking.secret and services.rate_limited("new_participant", _client_address(request)):
        return _too_many(request)
    key = taking.key(create=True)
    if services.rate_limited("vote", taking.limiter_key()):
        return _too_many(request)
    try:
        services.cast_vote(
            user=request.user,
            conversation=conversation,
            statement=statement,
            vote=form.cleaned_data["vote"],
            browser_key=key,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return taking.finish(redirect(f"{conversation.get_absolute_url()}#stemmen"))


@require_POST
def statement_add(request, pk):
    conversation = get_object_or_404(Conversation.objects.select_related("place"), pk=pk)
    if (response := _require_taking_part(request, conversation)) is not None:
        return response
    taking = Taking(request, conversation)
    form = StatementForm(request.POST)
    if not form.is_valid():
        return _conversation_page(request, conversation, statement_form=form, status=400, taking=taking)
    if taking.anonymous and not taking.secret and services.rate_limited("new_participant", _client_address(request)):
        return _too_many(request)
    key = taking.key(create=True)
    limit = "statement" if taking.anonymous else "statement_account"
    if not _can(request, "deliberation.moderate", conversation) and services.rate_limited(limit, taking.limiter_key()):
        return _too_many(request)
    try:
        statement = services.add_statement(
            user=request.user,
            conversation=conversation,
            text=form.cleaned_data["text"],
            browser_key=key,
            allow_similar=form.cleaned_data["different"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return taking.finish(_conversation_page(request, conversation, statement_form=form, status=400, taking=taking))
    if statement.status == StatementStatus.PENDING:
        messages.success(request, _("Thank you. A moderator checks your statement before it is shown."))
    else:
        messages.success(request, _("Thank you. Your statement is in the conversation."))
    return taking.finish(redirect(f"{conversation.get_absolute_url()}#stemmen"))


def statement_report(request, pk):
    statement = get_object_or_404(Statement.objects.select_related("conversation"), pk=pk)
    conversation = statement.conversation
    if (response := _require_taking_part(request, conversation)) is not None:
        return response
    if statement.status != StatementStatus.PUBLISHED:
        raise Http404
    form = ReportForm(request.POST or None)
    taking = Taking(request, conversation)
    if request.method == "POST" and form.is_valid():
        if (
            taking.anonymous
            and not taking.secret
            and services.rate_limited("new_participant", _client_address(request))
        ):
            return _too_many(request)
        key = taking.key(create=True)
        if services.rate_limited("report", taking.limiter_key()):
            return _too_many(request)
        try:
            services.report_statement(
                user=request.user, statement=statement, reason=form.cleaned_data["reason"], browser_key=key
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at the statement."))
            return taking.finish(redirect(f"{conversation.get_absolute_url()}#stemmen"))
    return taking.finish(render(request, "deliberation/report_form.html", {"statement": statement, "form": form}))


def conversation_map(request, pk):
    conversation = get_object_or_404(Conversation.objects.select_related("place"), pk=pk)
    reading = services.read_map(conversation)
    polls = (
        Statement.objects.filter(conversation=conversation, polls__isnull=False)
        .prefetch_related("polls__meeting")
        .distinct()
    )
    current_votes = (
        Statement.objects.filter(conversation=conversation, status=StatementStatus.PUBLISHED).aggregate(
            n=Count("votes")
        )["n"]
        or 0
    )
    return render(
        request,
        "deliberation/map.html",
        {
            "conversation": conversation,
            "map": reading,
            "polls": polls,
            "new_votes": max(current_votes - conversation.map_votes, 0) if reading else current_votes,
            "room_participants": conversation.participants.filter(channel="meeting").count(),
        },
    )


@login_required
def moderate(request, pk):
    conversation = get_object_or_404(Conversation.objects.select_related("place"), pk=pk)
    if not _can(request, "deliberation.moderate", conversation):
        raise PermissionDenied
    live = conversation.statements.filter(status__in=(StatementStatus.PENDING, StatementStatus.PUBLISHED))
    fmt = exports.requested_format(request) if request.method == "GET" else None
    if fmt:
        return exports.export_response(
            request,
            fmt,
            deliberation_exports.STATEMENT_COLUMNS,
            deliberation_exports.statements(conversation),
            filename=f"gesprek-{conversation.pk}-stellingen",
            title=_("Statements"),
        )
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("close", "open"):
            run_service(request, services.set_open, conversation=conversation, is_open=action == "open")
            return redirect("deliberation:moderate", pk=conversation.pk)
        statement = get_object_or_404(Statement, pk=request.POST.get("statement") or 0, conversation=conversation)
        if action == "approve":
            _obj, ok = run_service(request, services.approve_statement, statement=statement)
            if ok:
                messages.success(request, _("The statement is published."))
        elif action == "hide":
            form = ReasonForm(request.POST)
            if form.is_valid():
                _obj, ok = run_service(
                    request, services.hide_statement, statement=statement, reason=form.cleaned_data["reason"]
                )
                if ok:
                    messages.success(request, _("The statement is hidden; its place shows your reason."))
            else:
                messages.error(request, _("Give the public reason."))
        elif action == "restore":
            _obj, ok = run_service(request, services.restore_statement, statement=statement)
            if ok:
                messages.success(request, _("The statement is back in the conversation."))
        elif action == "merge":
            form = MergeForm(request.POST, statements=live.exclude(pk=statement.pk))
            if form.is_valid():
                _obj, ok = run_service(
                    request, services.merge_statements, statement=statement, into=form.cleaned_data["into"]
                )
                if ok:
                    messages.success(request, _("The statements are merged; the votes went along."))
            else:
                messages.error(request, _("Choose the statement it says the same as."))
        else:
            raise Http404
        return redirect("deliberation:moderate", pk=conversation.pk)
    statements = list(
        conversation.statements.annotate(
            vote_total=Count("votes", distinct=True),
            open_reports=Count("reports", filter=Q(reports__status="open"), distinct=True),
        ).order_by("status", "-open_reports", "pk")
    )
    for statement in statements:
        statement.alike = services.similar_statements(conversation, statement.text, limit=2)
        statement.alike = [s for s in statement.alike if s.pk != statement.pk]
    return render(
        request,
        "deliberation/moderate.html",
        {
            "conversation": conversation,
            "pending": [s for s in statements if s.status == StatementStatus.PENDING],
            "published": [s for s in statements if s.status == StatementStatus.PUBLISHED],
            "removed": [s for s in statements if s.status not in (StatementStatus.PENDING, StatementStatus.PUBLISHED)],
            "reports": StatementReport.objects.filter(
                statement__conversation=conversation, status="open"
            ).select_related("statement"),
            "reason_form": ReasonForm(),
            "export_links": exports.format_links(request),
            "live": list(live),
        },
    )


def _room_meetings(conversation):
    return Meeting.objects.filter(
        Q(place=conversation.place) | Q(place=conversation.place.parent_id) | Q(place__parent=conversation.place)
    ).order_by("-starts_at")


@login_required
def room(request, pk):
    """The facilitator's page: statements and paper vote cards from the room."""
    conversation = get_object_or_404(Conversation.objects.select_related("place"), pk=pk)
    if not _can(request, "deliberation.record_from_room", conversation):
        raise PermissionDenied
    meetings = _room_meetings(conversation)
    published = list(conversation.statements.filter(status=StatementStatus.PUBLISHED))
    action = request.POST.get("action") if request.method == "POST" else None
    statement_form = RoomStatementForm(
        request.POST if action == "statement" else None, prefix="statement", meetings=meetings
    )
    card_form = VoteCardForm(
        request.POST if action == "card" else None, prefix="card", statements=published, meetings=meetings
    )
    if action == "statement" and statement_form.is_valid():
        data = statement_form.cleaned_data
        _obj, ok = run_service(
            request,
            services.record_room_statement,
            statement_form,
            conversation=conversation,
            text=data["text"],
            meeting=data["meeting"],
            allow_similar=data["different"],
        )
        if ok:
            messages.success(request, _("The statement from the room is in the conversation."))
            return redirect("deliberation:room", pk=conversation.pk)
    elif action == "card" and card_form.is_valid():
        _obj, ok = run_service(
            request,
            services.record_vote_card,
            card_form,
            conversation=conversation,
            votes=card_form.votes(),
            meeting=card_form.cleaned_data["meeting"],
        )
        if ok:
            messages.success(request, _("The card is entered. Next card?"))
            return redirect("deliberation:room", pk=conversation.pk)
    elif action not in (None, "statement", "card"):
        raise Http404
    return render(
        request,
        "deliberation/room.html",
        {"conversation": conversation, "statement_form": statement_form, "card_form": card_form},
    )


# --- debates -------------------------------------------------------------------------------


@login_required
def debate_new(request):
    place = _place_from_query(request)
    if not _can(request, "deliberation.start", place):
        raise PermissionDenied
    form = DebateForm(
        request.POST or None,
        agenda_items=AgendaItem.objects.filter(agenda__place=place).order_by("title"),
        ideas=Idea.objects.filter(place=place, is_hidden=False).order_by("title"),
    )
    if request.method == "POST" and form.is_valid():
        debate, ok = run_service(request, services.start_debate, form, place=place, **form.cleaned_data)
        if ok:
            messages.success(request, _("The debate is open."))
            return redirect(debate)
    return render(request, "deliberation/debate_form.html", {"form": form, "place": place})


def debate(request, pk):
    debate = get_object_or_404(
        Debate.objects.select_related("place", "agenda_item", "idea", "decision", "summary_by"), pk=pk
    )
    can_moderate = _can(request, "deliberation.moderate", debate)
    argument_form = ArgumentForm()
    offline_form = OfflineArgumentForm(prefix="offline") if can_moderate else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(debate.get_absolute_url())
        kind = request.POST.get("action", "argument")
        if kind == "reply":
            form = ReplyForm(request.POST)
            if form.is_valid():
                parent = get_object_or_404(Argument, pk=form.cleaned_data["parent"], debate=debate)
                _obj, ok = run_service(
                    request, services.add_argument, debate=debate, parent=parent, text=form.cleaned_data["text"]
                )
                if ok:
                    messages.success(request, _("Your reply is posted."))
                    return redirect(f"{debate.get_absolute_url()}#argument-{parent.pk}")
            else:
                messages.error(request, _("Write your reply."))
        else:
            if kind == "offline" and can_moderate:
                form = OfflineArgumentForm(request.POST, prefix="offline")
            else:
                form = ArgumentForm(request.POST)
            if form.is_valid():
                _obj, ok = run_service(request, services.add_argument, form, debate=debate, **form.cleaned_data)
                if ok:
                    messages.success(request, _("The argument is posted."))
                    return redirect(f"{debate.get_absolute_url()}#arguments")
            if kind == "offline":
                offline_form = form
            else:
                argument_form = form
    arguments = services.arguments_of(debate, user=request.user)
    decisions = Decision.objects.filter(services_within(debate.place)).order_by("-decided_on")[:50]
    return render(
        request,
        "deliberation/debate.html",
        {
            "debate": debate,
            "arguments": arguments,
            "argument_form": argument_form,
            "offline_form": offline_form,
            "can_moderate": can_moderate,
            "decision_form": DecisionChoiceForm(decisions=Decision.objects.filter(pk__in=[d.pk for d in decisions]))
            if can_moderate and debate.summary
            else None,
            "meeting_items": debate.meeting_items.select_related("meeting"),
        },
    )


@login_required
@require_POST
def argument_support(request, pk):
    argument = get_object_or_404(Argument.objects.select_related("debate"), pk=pk)
    supported, ok = run_service(request, services.support_argument, argument=argument)
    if ok:
        messages.success(request, _("You support this argument.") if supported else _("Your support is withdrawn."))
    return redirect(f"{argument.debate.get_absolute_url()}#argument-{argument.pk}")


@login_required
def argument_hide(request, pk):
    argument = get_object_or_404(Argument.objects.select_related("debate"), pk=pk)
    if not _can(request, "deliberation.moderate", argument.debate):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _obj, ok = run_service(request, services.hide_argument, form, argument=argument, **form.cleaned_data)
        if ok:
            messages.success(request, _("The argument is hidden; its place shows your reason."))
            return redirect(argument.debate)
    return render(
        request,
        "deliberation/hide_form.html",
        {
            "form": form,
            "text": argument.text,
            "back": argument.debate.get_absolute_url(),
            "title": _("Hide an argument"),
        },
    )


@login_required
def debate_summary(request, pk):
    debate = get_object_or_404(Debate.objects.select_related("place"), pk=pk)
    if not _can(request, "deliberation.moderate", debate):
        raise PermissionDenied
    form = SummaryForm(request.POST or None, initial={"summary": debate.summary, "close": True})
    if request.method == "POST" and form.is_valid():
        _obj, ok = run_service(request, services.summarise_debate, form, debate=debate, **form.cleaned_data)
        if ok:
            messages.success(request, _("The summary is published."))
            return redirect(f"{debate.get_absolute_url()}#summary")
    return render(
        request,
        "deliberation/summary_form.html",
        {"form": form, "debate": debate, "arguments": services.arguments_of(debate)},
    )


@login_required
@require_POST
def debate_decision(request, pk):
    debate = get_object_or_404(Debate.objects.select_related("place"), pk=pk)
    if not _can(request, "deliberation.moderate", debate):
        raise PermissionDenied
    form = DecisionChoiceForm(request.POST, decisions=Decision.objects.filter(services_within(debate.place)))
    if form.is_valid():
        _obj, ok = run_service(request, services.attach_decision, debate=debate, decision=form.cleaned_data["decision"])
        if ok:
            messages.success(request, _("The debate and its summary are linked to the decision."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect(f"{debate.get_absolute_url()}#summary")


# --- meetings -------------------------------------------------------------------------------


def _visible_meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("place", "place__municipality", "organisation"), pk=pk)
    if not _can(request, "deliberation.view_meeting", meeting):
        raise Http404
    return meeting


def meetings(request):
    now = timezone.now()
    visible = services.visible_meetings(request.user)
    return render(
        request,
        "deliberation/meetings.html",
        {
            "meetings": visible.filter(starts_at__gte=now)[:100],
            "past_meetings": visible.filter(starts_at__lt=now).order_by("-starts_at")[:50],
        },
    )


def _plannable_organisations(user, place):
    return [
        o
        for o in Organisation.objects.filter(place=place).order_by("name")
        if user.has_perm("deliberation.plan_meeting", o)
    ]


@login_required
def meeting_new(request):
    place = _place_from_query(request)
    organisations = _plannable_organisations(request.user, place)
    if not organisations and not _can(request, "deliberation.plan_meeting", place):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None, organisations=Organisation.objects.filter(pk__in=[o.pk for o in organisations])
    )
    if request.method == "POST" and form.is_valid():
        meeting, ok = run_service(request, services.plan_meeting, form, place=place, **form.cleaned_data)
        if ok:
            messages.success(request, _("The meeting is planned."))
            return redirect(meeting)
    return render(request, "deliberation/meeting_form.html", {"form": form, "place": place})


def meeting(request, pk):
    meeting = _visible_meeting(request, pk)
    documents = list(meeting.documents.select_related("agenda_item"))
    for document in documents:
        document.late = services.is_late(document)
    registered = request.user.is_authenticated and meeting.registrations.filter(user=request.user).exists()
    now = timezone.now()
    return render(
        request,
        "deliberation/meeting.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda_items.select_related("agenda_item", "debate", "conversation"),
            "documents": documents,
            "documents_due": services.documents_due(meeting),
            "documents_overdue": now > services.documents_due(meeting) and meeting.starts_at > now and not documents,
            "registered": registered,
            "places_left": services.places_left(meeting),
            "registration_count": meeting.registrations.count(),
            "attendance": meeting.attendance.all(),
            "attendance_total": sum(a.count for a in meeting.attendance.all()),
            "attendees": meeting.attendees.all(),
            "decisions": meeting.decisions.all(),
            "polls": meeting.polls.select_related("statement__conversation"),
            "room_statements": meeting.room_statements.filter(status=StatementStatus.PUBLISHED).select_related(
                "conversation"
            ),
            "can_keep": _can(request, "deliberation.keep_meeting", meeting),
            "is_past": meeting.starts_at <= now,
            "cancelled": meeting.status == MeetingStatus.CANCELLED,
        },
    )


@require_POST
def meeting_register(request, pk):
    meeting = _visible_meeting(request, pk)
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(meeting.get_absolute_url())
    if request.POST.get("action") == "unregister":
        _obj, ok = run_service(request, services.unregister, meeting=meeting)
        if ok:
            messages.success(request, _("You are no longer registered."))
    else:
        _obj, ok = run_service(request, services.register, meeting=meeting)
        if ok:
            messages.success(request, _("You are registered. See you there!"))
    return redirect(f"{meeting.get_absolute_url()}#registration")


MANAGE_ACTIONS = ("agenda", "document", "attendance", "minutes", "decision", "link", "poll", "registration", "cancel")


@login_required
def meeting_manage(request, pk):
    """Keeping the record of a meeting: agenda, documents, registrations, attendance, minutes,
    decisions, quick polls, cancelling. One form per part; each posts its `action`."""
    meeting = _visible_meeting(request, pk)
    if not _can(request, "deliberation.keep_meeting", meeting):
        raise PermissionDenied
    place = meeting.place
    fmt = exports.requested_format(request) if request.method == "GET" else None
    if fmt:
        key = request.GET.get("lijst", "aanmeldingen")
        chosen = deliberation_exports.meeting_lists(meeting).get(key)
        if chosen is None:
            raise Http404
        columns, rows, title, personal = chosen
        return exports.export_response(
            request,
            fmt,
            columns,
            rows,
            filename=f"bijeenkomst-{meeting.pk}-{key}",
            title=str(title),
            personal=personal,
            dataset=f"deliberation.{key}",
            obj=meeting,
        )
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in MANAGE_ACTIONS:
        raise Http404
    bound = request.POST if action else None
    agenda_items = meeting.agenda_items.all()
    conversations = Conversation.objects.filter(services_within(place))
    forms = {
        "agenda": AgendaItemForm(
            bound if action == "agenda" else None,
            prefix="agenda",
            agenda_items=AgendaItem.objects.filter(agenda__place=place).order_by("title"),
            debates=Debate.objects.filter(place=place),
            conversations=conversations,
        ),
        "document": DocumentForm(
            bound if action == "document" else None,
            request.FILES if action == "document" else None,
            prefix="document",
            agenda_items=agenda_items,
        ),
        "attendance": AttendanceForm(
            bound if action == "attendance" else None,
            prefix="attendance",
            initial={a.mode: a.count for a in meeting.attendance.all()},
        ),
        "minutes": MinutesForm(
            bound if action == "minutes" else None, prefix="minutes", initial={"minutes": meeting.minutes}
        ),
        "decision": MeetingDecisionForm(bound if action == "decision" else None, prefix="decision"),
        "link": DecisionChoiceForm(
            bound if action == "link" else None,
            prefix="link",
            decisions=Decision.objects.filter(services_within(place)).exclude(meetings=meeting).order_by("-decided_on"),
        ),
        "poll": QuickPollForm(
            bound if action == "poll" else None,
            prefix="poll",
            statements=Statement.objects.filter(conversation__in=conversations, status=StatementStatus.PUBLISHED),
        ),
        "registration": OnBehalfRegistrationForm(bound if action == "registration" else None, prefix="registration"),
        "cancel": ReasonForm(bound if action == "cancel" else None, prefix="cancel"),
    }
    if action:
        form = forms[action]
        if form.is_valid():
            data = form.cleaned_data
            calls = {
                "agenda": (services.add_agenda_item, data, _("The agenda item is added.")),
                "document": (services.add_document, data, _("The document is published.")),
                "attendance": (
                    services.record_attendance,
                    {"counts": form.counts(), "attendees": form.attendees()} if action == "attendance" else {},
                    _("Attendance is recorded."),
                ),
                "minutes": (services.publish_minutes, data, _("The minutes are published.")),
                "decision": (services.record_meeting_decision, data, _("The decision is in the register.")),
                "link": (services.link_decision, data, _("The decision is linked to the meeting.")),
                "poll": (services.add_quick_poll, data, _("The quick poll is recorded.")),
                "registration": (services.register_on_behalf, data, _("The registration is added.")),
                "cancel": (services.cancel_meeting, data, _("The meeting is cancelled.")),
            }
            func, kwargs, done = calls[action]
            _obj, ok = run_service(request, func, form, meeting=meeting, **kwargs)
            if ok:
                messages.success(request, done)
                return redirect("deliberation:meeting_manage", pk=meeting.pk)
    return render(
        request,
        "deliberation/meeting_manage.html",
        {
            "meeting": meeting,
            "forms": forms,
            "registrations": meeting.registrations.all(),
            "is_past": meeting.starts_at <= timezone.now(),
        },
    )


def document(request, pk):
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    if not _can(request, "deliberation.view_meeting", document.meeting):
        raise Http404
    # An uploaded file: downloaded, never rendered in the site's origin, and sandboxed if it is.
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{slugify(document.title) or 'document'}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def meeting_pdf(request, pk, part):
    from .documents import render_meeting_pdf

    meeting = _visible_meeting(request, pk)
    if part == "notulen" and not meeting.minutes_published_at:
        raise Http404
    pdf = render_meeting_pdf(meeting, "minutes" if part == "notulen" else "agenda", request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{part}-{meeting.place.slug}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def place_calendar(request, municipality, place):
    place = _get_place(municipality, place)
    meetings = Meeting.objects.filter(services_within(place), is_public=True).select_related("place", "organisation")
    return feeds.calendar_response(request, meetings, name=_("Meetings in %(place)s") % {"place": place.name})


def body_calendar(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    meetings = Meeting.objects.filter(organisation=organisation, is_public=True).select_related("place", "organisation")
    return feeds.calendar_response(request, meetings, name=_("Meetings of %(body)s") % {"body": organisation.name})


@login_required
def schedule_new(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not _can(request, "deliberation.plan_meeting", organisation):
        raise PermissionDenied
    form = ScheduleForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        schedule, ok = run_service(
            request, services.create_schedule, form, organisation=organisation, **form.cleaned_data
        )
        if ok:
            created, _ok = run_service(request, services.generate_meetings, schedule=schedule)
            messages.success(request, _("The schedule is set; %(n)d meetings are planned.") % {"n": len(created or [])})
            return redirect("deliberation:body", pk=organisation.pk)
    return render(request, "deliberation/schedule_form.html", {"form": form, "organisation": organisation})


def body(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("place"), pk=pk)
    now = timezone.now()
    visible = services.visible_meetings(request.user).filter(organisation=organisation)
    schedules = MeetingSchedule.objects.filter(organisation=organisation)
    if request.method == "POST":
        schedule = get_object_or_404(schedules, pk=request.POST.get("schedule") or 0)
        created, ok = run_service(request, services.generate_meetings, schedule=schedule)
        if ok:
            messages.success(request, _("%(n)d more meetings are planned.") % {"n": len(created)})
        return redirect("deliberation:body", pk=organisation.pk)
    return render(
        request,
        "deliberation/body.html",
        {
            "organisation": organisation,
            "meetings": visible.filter(starts_at__gte=now)[:24],
            "past_meetings": visible.filter(starts_at__lt=now).order_by("-starts_at")[:24],
            "schedules": schedules,
            "can_plan": _can(request, "deliberation.plan_meeting", organisation),
        },
    )
