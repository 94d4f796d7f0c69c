import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.core import exports
from samenspel.core.forms import run_service as _run
from samenspel.notifications.services import is_following
from samenspel.places.charts import bar_chart
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place, PlaceKind

from . import ratelimit, services
from .exports import CASE_COLUMNS
from .forms import (
    OWNERSHIP_PLAIN,
    CommentForm,
    ConnectForm,
    DecideSupportForm,
    HelpForm,
    HideForm,
    IdeaChangeForm,
    IdeaFilterForm,
    IdeaForm,
    IdeaOnBehalfForm,
    MoveForm,
    ObstacleFilterForm,
    ObstacleForm,
    ObstacleUpdateForm,
    PeriodForm,
    PhotoForm,
    ReportForm,
    StaffObstacleForm,
    SupportOnBehalfForm,
    SupportRequestForm,
    UpdateForm,
    WithdrawForm,
    neighbourhoods,
)
from .models import (
    AbuseReport,
    CaseStatus,
    Comment,
    Connection,
    Idea,
    IdeaPhoto,
    KillerPhrase,
    Obstacle,
    ObstacleCategory,
    ObstacleStatus,
    ReportStatus,
    Support,
    SupportOutcome,
    SupportRequest,
)
from .obstacles import ObstacleRow, days_open
from .rules import OPEN_STATUSES
from .scope import covered, is_staff_anywhere
from .workdays import working_days_between

PAGE_SIZE = 20
PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
# The case flow as shown to everyone, in order; "not taken further" only when it happened.
FLOW = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]


def _too_many_posts(request, form) -> bool:
    if ratelimit.may_post(request.user):
        return False
    form.add_error(
        None,
        _("You have posted %(n)d ideas and comments in the past hour. Please wait a while before posting again.")
        % {"n": ratelimit.LIMIT},
    )
    return True


# An idea's pages show the names of its places, never their outlines (large GeoJSON).
PLACE_OUTLINES = ("place__boundary", "place__municipality__boundary", "buurt__boundary")


def _ideas():
    return Idea.objects.select_related("place", "place__municipality", "author", "buurt", "broker").defer(
        *PLACE_OUTLINES
    )


def _idea(request, pk, perm="initiatives.view_idea") -> Idea:
    idea = get_object_or_404(_ideas(), pk=pk)
    if not request.user.has_perm(perm, idea):
        if perm == "initiatives.view_idea":
            raise Http404
        raise PermissionDenied
    return idea


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def first_contact_sla(idea: Idea, today: datetime.date | None = None) -> dict | None:
    """The promise of first contact, as the broker sees it: done, due in N working days, due
    today, or overdue by N working days."""
    today = today or timezone.localdate()
    if idea.first_contact_on:
        return {
            "state": "done",
            "on": idea.first_contact_on,
            "late": bool(idea.first_contact_due and idea.first_contact_on > idea.first_contact_due),
        }
    if idea.status != CaseStatus.INTAKE or not idea.first_contact_due:
        return None
    days = working_days_between(today, idea.first_contact_due)
    if idea.first_contact_due < today:
        return {"state": "overdue", "days": max(1, -days), "due": idea.first_contact_due}
    if idea.first_contact_due == today:
        return {"state": "today", "due": idea.first_contact_due}
    return {"state": "due", "days": days, "due": idea.first_contact_due}


# --- Lists ----------------------------------------------------------------------------------


def _idea_list(request, place=None):
    form = IdeaFilterForm(request.GET or None)
    # The comment count as a subquery per shown idea, not a join grouped over every idea: the
    # page then reads only its 20 ideas from the created_at index (benchmarks/load.py).
    visible_comments = (
        Comment.objects.filter(idea=OuterRef("pk"), is_hidden=False)
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The places and initiators of the shown ideas come in one query each (prefetch), not as
    # joins: with a search term PostgreSQL cannot estimate how many ideas match, and joins
    # planned for "a few" cost seconds when thousands match.
    ideas = (
        Idea.objects.filter(is_hidden=False)
        .prefetch_related(Prefetch("place", queryset=Place.objects.defer("boundary")), "author")
        .annotate(comment_count=Coalesce(Subquery(visible_comments), 0))
    )
    if place is not None:
        ideas = ideas.filter(place=place)
    if form.is_valid():
        data = form.cleaned_data
        if data["wijk"] and place is None:
            ideas = ideas.filter(place=data["wijk"])
        if data["status"]:
            ideas = ideas.filter(status=data["status"])
        if data["kind"]:
            ideas = ideas.filter(kind=data["kind"])
        if data["q"]:
            ideas = ideas.filter(Q(title__icontains=data["q"]) | Q(description__icontains=data["q"]))
    page, query = _page(request, ideas.order_by("-created_at", "-pk"))
    return render(
        request,
        "initiatives/idea_list.html",
        {
            "place": place,
            "form": form,
            "page": page,
            "query": query,
            "following": is_following(request.user, place=place) if place else False,
            "can_enter_on_behalf": is_staff_anywhere(request.user),
        },
    )


def idea_list(request):
    return _idea_list(request)


def place_ideas(request, municipality, place):
    place = get_object_or_404(
        Place.objects.select_related("municipality"),
        municipality__slug=municipality,
        slug=place,
        kind__in=NEIGHBOURHOOD_KINDS,
    )
    return _idea_list(request, place)


# --- One idea -------------------------------------------------------------------------------


def _detail(request, idea: Idea, *, status=200, **forms):
    user = request.user
    can_see_hidden = user.has_perm("initiatives.moderate", idea)
    comments = idea.comments.select_related("author")
    broker = user.has_perm("initiatives.broker", idea)
    support_requests = list(idea.support_requests.select_related("decided_by"))
    today = timezone.localdate()
    for request_row in support_requests:
        request_row.late = (
            request_row.outcome == SupportOutcome.OPEN and request_row.answer_due and (request_row.answer_due < today)
        )
    connections = list(Connection.objects.filter(idea=idea).select_related("other_idea", "other_idea__place"))
    connected_from = list(
        Connection.objects.filter(other_idea=idea).select_related("idea", "idea__place").exclude(idea__is_hidden=True)
    )
    context = {
        "idea": idea,
        "ownership_plain": OWNERSHIP_PLAIN.get(idea.ownership),
        "photos": idea.photos.all(),
        "comments": comments,
        "help_offers": idea.help_offers.select_related("user"),
        "events": idea.events.select_related("by"),
        "support_requests": support_requests,
        "connections": connections,
        "connected_from": connected_from,
        "obstacles": idea.obstacles.select_related("killer_phrase"),
        "supported": user.is_authenticated and Support.objects.filter(idea=idea, user=user).exists(),
        "following": is_following(user, idea=idea),
        "flow": [(s, CaseStatus(s).label) for s in FLOW],
        "is_open": idea.status in OPEN_STATUSES,
        "can_support": user.has_perm("initiatives.support", idea) and idea.status != CaseStatus.CLOSED,
        "can_comment": user.has_perm("initiatives.comment", idea),
        "can_help": user.has_perm("initiatives.offer_help", idea) and idea.status in OPEN_STATUSES,
        "can_report": user.has_perm("initiatives.report", idea),
        "can_change": user.has_perm("initiatives.change_idea", idea),
        "can_withdraw": user.has_perm("initiatives.withdraw_idea", idea),
        "can_update": user.has_perm("initiatives.post_update", idea),
        "can_photos": user.has_perm("initiatives.manage_photos", idea) and idea.photos.count() < services.MAX_PHOTOS,
        "can_manage_photos": user.has_perm("initiatives.manage_photos", idea),
        "can_obstacle": user.has_perm("initiatives.log_obstacle", idea),
        "can_request_support": user.has_perm("initiatives.request_support", idea) and idea.status in OPEN_STATUSES,
        "can_write_report": user.has_perm("decisions.write_report", idea),
        "can_moderate": can_see_hidden,
        "broker": broker,
        "next_steps": [(s, CaseStatus(s).label) for s in services.next_steps(idea)] if broker else [],
        "sla": first_contact_sla(idea, today) if broker else None,
        "comment_form": forms.get("comment_form") or CommentForm(),
        "help_form": forms.get("help_form") or HelpForm(),
        "update_form": forms.get("update_form") or UpdateForm(),
        "move_form": forms.get("move_form") or MoveForm(),
        "support_form": forms.get("support_form") or SupportOnBehalfForm(),
    }
    return render(request, "initiatives/idea.html", context, status=status)


def idea_detail(request, pk):
    idea = get_object_or_404(_ideas(), pk=pk)
    if not request.user.has_perm("initiatives.view_idea", idea):
        return render(request, "initiatives/idea_hidden.html", {"idea": idea})
    return _detail(request, idea)


# --- Submitting -----------------------------------------------------------------------------


def _submit(request, *, on_behalf: bool):
    places = neighbourhoods()
    if on_behalf:
        places = places.filter(covered(request.user))
        if not places.exists():
            raise PermissionDenied
    form_class = IdeaOnBehalfForm if on_behalf else IdeaForm
    initial = {}
    wijk = request.GET.get("wijk", "")
    if wijk.isdigit():
        initial["place"] = wijk
    form = form_class(request.POST or None, places=places, initial=initial)
    similar, previewed = None, False
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        confirmed = request.POST.get("action") == "submit" and request.POST.get("previewed") == "1"
        sent_before = confirmed and services.submitted_with_key(request.user, data["submission_key"])
        if sent_before:
            # The same form again (a second click, or a retry after the answer got lost): one idea.
            messages.info(request, _("This idea had already been received. Here it is."))
            return redirect(sent_before.get_absolute_url())
        if not confirmed:
            similar = services.suggest_similar(data["place"], data["title"], data["description"])
            previewed = True
        elif not on_behalf and _too_many_posts(request, form):
            previewed = True
        else:
            idea, ok = _run(request, services.submit_idea, form, **data)
            if ok:
                if not on_behalf:
                    ratelimit.count_post(request.user)
                messages.success(
                    request,
                    _("Thank you. Your idea has been received. The idea broker will contact you within a few days.")
                    if not on_behalf
                    else _("The idea has been entered on behalf of %(who)s.") % {"who": idea.on_behalf_of},
                )
                return redirect(idea.get_absolute_url())
            previewed = True
    return render(
        request,
        "initiatives/idea_form.html",
        {"form": form, "on_behalf": on_behalf, "similar": similar, "previewed": previewed},
    )


@login_required
def submit(request):
    return _submit(request, on_behalf=False)


@login_required
def submit_on_behalf(request):
    return _submit(request, on_behalf=True)


@login_required
def idea_change(request, pk):
    idea = _idea(request, pk, "initiatives.change_idea")
    staff = request.user.has_perm("initiatives.broker", idea)
    initial = {
        "kind": idea.kind,
        "title": idea.title,
        "description": idea.description,
        "needs": idea.needs,
        "ownership": idea.ownership,
        "location_text": idea.location_text,
        "contact_note": idea.contact_note,
    }
    form = IdeaChangeForm(request.POST or None, initial=initial, staff=staff)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(request, services.change_idea, form, idea=idea, buurt=idea.buurt, **form.cleaned_data)
        if ok:
            messages.success(request, _("Your changes have been saved."))
            return redirect(idea.get_absolute_url())
    return render(request, "initiatives/idea_change.html", {"idea": idea, "form": form})


@login_required
def idea_withdraw(request, pk):
    idea = _idea(request, pk, "initiatives.withdraw_idea")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(request, services.withdraw_idea, form, idea=idea, reason=form.cleaned_data["reason"])
        if ok:
            messages.success(
                request, _("Your idea has been withdrawn. It stays readable, marked as not taken further.")
            )
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "initiatives/idea_action.html",
        {
            "idea": idea,
            "form": form,
            "title": _("Withdraw your idea"),
            "intro": _("The idea stays readable, marked as not taken further, with your reason."),
            "submit_label": _("Withdraw idea"),
            "danger": True,
        },
    )


# --- Photos ---------------------------------------------------------------------------------


@login_required
def photo_add(request, pk):
    idea = _idea(request, pk, "initiatives.manage_photos")
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(
            request,
            services.add_photos,
            form,
            idea=idea,
            photos=[(form.cleaned_data["photo"], form.cleaned_data["alt_text"])],
        )
        if ok:
            messages.success(request, _("The photo has been added."))
            return redirect(f"{idea.get_absolute_url()}#photos")
    return render(
        request,
        "initiatives/photo_form.html",
        {"idea": idea, "form": form, "room": services.MAX_PHOTOS - idea.photos.count()},
    )


def photo_file(request, pk):
    photo = get_object_or_404(IdeaPhoto.objects.select_related("idea", "idea__place"), pk=pk)
    if not request.user.has_perm("initiatives.view_idea", photo.idea):
        raise Http404
    extension = photo.image.name.rsplit(".", 1)[-1].lower()
    if extension not in PHOTO_TYPES:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=PHOTO_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def photo_remove(request, pk):
    photo = get_object_or_404(IdeaPhoto.objects.select_related("idea"), pk=pk)
    idea = _idea(request, photo.idea_id, "initiatives.manage_photos")
    services.remove_photo(user=request.user, photo=photo)
    messages.success(request, _("The photo has been removed."))
    return redirect(f"{idea.get_absolute_url()}#photos")


# --- Support, comments, help ----------------------------------------------------------------


@login_required
@require_POST
def support_add(request, pk):
    idea = _idea(request, pk)
    if not request.user.has_perm("initiatives.support", idea):
        raise PermissionDenied
    _result, ok = _run(request, services.support, idea=idea)
    if ok:
        messages.success(request, _("Thank you for your support."))
    return redirect(f"{idea.get_absolute_url()}#support")


@login_required
@require_POST
def support_remove(request, pk):
    idea = _idea(request, pk)
    _result, ok = _run(request, services.unsupport, idea=idea)
    if ok:
        messages.success(request, _("Your support has been withdrawn."))
    return redirect(f"{idea.get_absolute_url()}#support")


@login_required
@require_POST
def support_on_behalf(request, pk):
    idea = _idea(request, pk, "initiatives.support_on_behalf")
    form = SupportOnBehalfForm(request.POST)
    if form.is_valid():
        _result, ok = _run(request, services.add_support_on_behalf, form, idea=idea, **form.cleaned_data)
        if ok:
            messages.success(request, _("The support has been added."))
            return redirect(f"{idea.get_absolute_url()}#support")
    return _detail(request, idea, support_form=form, status=400)


@login_required
@require_POST
def comment_add(request, pk):
    idea = _idea(request, pk)
    if not request.user.has_perm("initiatives.comment", idea):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid() and not _too_many_posts(request, form):
        row, ok = _run(request, services.comment, form, idea=idea, text=form.cleaned_data["text"])
        if ok:
            ratelimit.count_post(request.user)
            messages.success(request, _("Your comment has been placed."))
            return redirect(f"{idea.get_absolute_url()}#comment-{row.pk}")
    return _detail(request, idea, comment_form=form, status=400)


@login_required
@require_POST
def help_offer(request, pk):
    idea = _idea(request, pk)
    if not request.user.has_perm("initiatives.offer_help", idea):
        raise PermissionDenied
    form = HelpForm(request.POST)
    if form.is_valid():
        _result, ok = _run(request, services.offer_help, form, idea=idea, **form.cleaned_data)
        if ok:
            messages.success(request, _("Thank you. The initiator hears that you want to help."))
            return redirect(f"{idea.get_absolute_url()}#help")
    return _detail(request, idea, help_form=form, status=400)


# --- Reports and moderation -----------------------------------------------------------------


def _report(request, *, idea, comment=None):
    if not request.user.has_perm("initiatives.report", idea):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(
            request,
            services.report_abuse,
            form,
            idea=None if comment else idea,
            comment=comment,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, _("Thank you. A moderator will look at it."))
            return redirect(idea.get_absolute_url())
    return render(request, "initiatives/report_form.html", {"idea": idea, "comment": comment, "form": form})


@login_required
def report_idea(request, pk):
    return _report(request, idea=_idea(request, pk))


@login_required
def report_comment(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("idea"), pk=pk)
    return _report(request, idea=_idea(request, comment.idea_id), comment=comment)


@login_required
def idea_hide(request, pk):
    idea = _idea(request, pk, "initiatives.moderate")
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(request, services.hide_idea, form, idea=idea, reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, _("The idea is hidden. The reason is shown in its place."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "initiatives/idea_action.html",
        {
            "idea": idea,
            "form": form,
            "title": _("Hide this idea"),
            "intro": _("Hide an idea only when it breaks the house rules. Everyone can read the reason you give."),
            "submit_label": _("Hide idea"),
            "danger": True,
        },
    )


@login_required
@require_POST
def idea_unhide(request, pk):
    idea = _idea(request, pk, "initiatives.moderate")
    _result, ok = _run(request, services.unhide_idea, idea=idea)
    if ok:
        messages.success(request, _("The idea can be seen again."))
    return redirect(idea.get_absolute_url())


@login_required
def comment_hide(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("idea", "idea__place"), pk=pk)
    if not request.user.has_perm("initiatives.moderate", comment):
        raise PermissionDenied
    idea = comment.idea
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(request, services.hide_comment, form, comment=comment, reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, _("The comment is hidden. The reason is shown in its place."))
            return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "initiatives/idea_action.html",
        {
            "idea": idea,
            "form": form,
            "quote": comment.text,
            "title": _("Hide this comment"),
            "intro": _("Hide a comment only when it breaks the house rules. Everyone can read the reason you give."),
            "submit_label": _("Hide comment"),
            "danger": True,
        },
    )


@login_required
@require_POST
def comment_unhide(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("idea", "idea__place"), pk=pk)
    if not request.user.has_perm("initiatives.moderate", comment):
        raise PermissionDenied
    _result, ok = _run(request, services.unhide_comment, comment=comment)
    if ok:
        messages.success(request, _("The comment can be seen again."))
    return redirect(f"{comment.idea.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def report_dismiss(request, pk):
    report = get_object_or_404(AbuseReport.objects.select_related("idea", "comment__idea"), pk=pk)
    if not request.user.has_perm("initiatives.moderate", report):
        raise PermissionDenied
    _result, ok = _run(request, services.dismiss_report, report=report)
    if ok:
        messages.success(request, _("The report has been closed: nothing wrong."))
    return redirect("initiatives:moderation")


@login_required
def moderation(request):
    if not is_staff_anywhere(request.user):
        raise PermissionDenied
    scope = covered(request.user, "idea__place__") | covered(request.user, "comment__idea__place__")
    reports = AbuseReport.objects.filter(scope).select_related("idea", "comment", "comment__idea", "handled_by")
    open_reports = reports.filter(status=ReportStatus.OPEN).order_by("created_at")
    handled = reports.exclude(status=ReportStatus.OPEN).order_by("-handled_at")[:20]
    hidden_ideas = _ideas().filter(covered(request.user, "place__"), is_hidden=True).order_by("-updated_at")[:20]
    return render(
        request,
        "initiatives/moderation.html",
        {"open_reports": open_reports, "handled": handled, "hidden_ideas": hidden_ideas},
    )


# --- The broker -----------------------------------------------------------------------------


@login_required
@require_POST
def case_move(request, pk):
    idea = _idea(request, pk, "initiatives.broker")
    form = MoveForm(request.POST)
    to_status = request.POST.get("status", "")
    if form.is_valid():
        _result, ok = _run(
            request, services.move_case, form, idea=idea, to_status=to_status, note=form.cleaned_data["note"]
        )
        if ok:
            messages.success(request, _("The case is now: %(status)s.") % {"status": CaseStatus(to_status).label})
            return redirect(f"{idea.get_absolute_url()}#case")
    return _detail(request, idea, move_form=form, status=400)


@login_required
@require_POST
def update_add(request, pk):
    idea = _idea(request, pk, "initiatives.post_update")
    form = UpdateForm(request.POST)
    if form.is_valid():
        _result, ok = _run(request, services.post_update, form, idea=idea, note=form.cleaned_data["note"])
        if ok:
            messages.success(request, _("Your update has been posted."))
            return redirect(f"{idea.get_absolute_url()}#case")
    return _detail(request, idea, update_form=form, status=400)


@login_required
def connect(request, pk):
    idea = _idea(request, pk, "initiatives.broker")
    form = ConnectForm(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(request, services.connect, form, idea=idea, **form.cleaned_data)
        if ok:
            messages.success(request, _("The connection has been recorded."))
            return redirect(f"{idea.get_absolute_url()}#connections")
    return render(
        request,
        "initiatives/connect_form.html",
        {
            "idea": idea,
            "form": form,
            "similar": services.suggest_similar(idea.place, idea.title, idea.description, exclude=idea),
        },
    )


@login_required
def support_request_add(request, pk):
    idea = _idea(request, pk, "initiatives.request_support")
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(request, services.request_support, form, idea=idea, **form.service_kwargs())
        if ok:
            messages.success(
                request,
                _(
                    "The support request has been recorded. The answer is due within the "
                    "promised number of working days."
                ),
            )
            return redirect(f"{idea.get_absolute_url()}#support-requests")
    first_contact_days, answer_days = services.service_level(idea.place)
    return render(
        request,
        "initiatives/support_request_form.html",
        {"idea": idea, "form": form, "answer_days": answer_days},
    )


@login_required
def support_request_decide(request, pk):
    support_request = get_object_or_404(SupportRequest.objects.select_related("idea"), pk=pk)
    idea = _idea(request, support_request.idea_id, "initiatives.decide_support")
    if support_request.outcome != SupportOutcome.OPEN:
        messages.info(request, _("This support request has already been answered."))
        return redirect(f"{idea.get_absolute_url()}#support-requests")
    form = DecideSupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = _run(request, services.decide_support, form, request=support_request, **form.service_kwargs())
        if ok:
            messages.success(request, _("The answer has been recorded. The initiator hears of it."))
            return redirect(f"{idea.get_absolute_url()}#support-requests")
    return render(
        request,
        "initiatives/support_decide_form.html",
        {"idea": idea, "support_request": support_request, "form": form},
    )


@login_required
def broker_dashboard(request):
    if not is_staff_anywhere(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    ideas = _ideas().filter(covered(request.user, "place__"))
    fmt = exports.requested_format(request)
    if fmt:
        return exports.export_response(
            request,
            fmt,
            CASE_COLUMNS,
            ideas.order_by("-created_at", "-pk"),
            filename=f"ideeen-{today.isoformat()}",
            title=_("Ideas"),
            personal=True,
            dataset="initiatives.cases",
        )
    counts = dict(ideas.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    status_rows = [{"status": s, "label": label, "count": counts.get(s, 0)} for s, label in CaseStatus.choices]
    waiting = list(ideas.filter(status=CaseStatus.INTAKE).order_by("first_contact_due", "created_at"))
    for idea in waiting:
        idea.sla = first_contact_sla(idea, today)
    overdue = [i for i in waiting if i.sla and i.sla["state"] == "overdue"]
    on_time = [i for i in waiting if i not in overdue]
    late_requests = (
        SupportRequest.objects.filter(
            covered(request.user, "idea__place__"), outcome=SupportOutcome.OPEN, answer_due__lt=today
        )
        .select_related("idea", "idea__place")
        .order_by("answer_due")
    )
    open_requests = (
        SupportRequest.objects.filter(
            covered(request.user, "idea__place__"), outcome=SupportOutcome.OPEN, answer_due__gte=today
        )
        .select_related("idea", "idea__place")
        .order_by("answer_due")
    )
    open_obstacles = Obstacle.objects.filter(
        covered(request.user, "place__"), status__in=[ObstacleStatus.REPORTED, ObstacleStatus.IN_PROGRESS]
    ).count()
    mine = ideas.filter(broker=request.user, status__in=OPEN_STATUSES).order_by("-updated_at")
    return render(
        request,
        "initiatives/broker.html",
        {
            "status_rows": status_rows,
            "overdue": overdue,
            "on_time": on_time,
            "late_requests": late_requests,
            "open_requests": open_requests,
            "open_obstacles": open_obstacles,
            "mine": mine,
            "today": today,
            "export_links": exports.format_links(request),
        },
    )


# --- Obstacles ------------------------------------------------------------------------------


def _obstacle_kwargs(form) -> dict:
    data = dict(form.cleaned_data)
    return {
        "killer_phrase": data.get("killer_phrase"),
        "category": data.get("category") or "",
        "description": data["description"],
        "rule_or_department": data.get("rule_or_department", ""),
        "reported_on": data.get("reported_on"),
    }


@login_required
def obstacle_add_for_idea(request, pk):
    idea = _idea(request, pk, "initiatives.log_obstacle")
    form = ObstacleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obstacle, ok = _run(request, services.log_obstacle, form, idea=idea, **_obstacle_kwargs(form))
        if ok:
            messages.success(request, _("The obstacle has been logged. The area team will look at it."))
            return redirect(f"{idea.get_absolute_url()}#obstacles")
    return render(request, "initiatives/obstacle_form.html", {"idea": idea, "form": form})


@login_required
def obstacle_add(request):
    places = (
        Place.objects.filter(covered(request.user))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    if not is_staff_anywhere(request.user) or not places.exists():
        raise PermissionDenied
    form = StaffObstacleForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        obstacle, ok = _run(
            request, services.log_obstacle, form, place=form.cleaned_data["place"], **_obstacle_kwargs(form)
        )
        if ok:
            messages.success(request, _("The obstacle has been logged."))
            return redirect("initiatives:obstacle", pk=obstacle.pk)
    return render(request, "initiatives/obstacle_form.html", {"idea": None, "form": form})


def obstacle_detail(request, pk):
    obstacle = get_object_or_404(
        Obstacle.objects.select_related("place", "place__municipality", "idea", "killer_phrase"), pk=pk
    )
    can_deal = request.user.has_perm("initiatives.deal_with_obstacle", obstacle)
    form = None
    if can_deal:
        form = ObstacleUpdateForm(
            request.POST or None,
            initial={
                "status": obstacle.status,
                "resolution": obstacle.resolution,
                "escalated": obstacle.escalated,
                "resolved_on": obstacle.resolved_on,
            },
        )
        if request.method == "POST" and form.is_valid():
            _result, ok = _run(request, services.update_obstacle, form, obstacle=obstacle, **form.cleaned_data)
            if ok:
                messages.success(request, _("The obstacle has been updated."))
                return redirect("initiatives:obstacle", pk=obstacle.pk)
    elif request.method == "POST":
        raise PermissionDenied
    idea_visible = obstacle.idea is not None and request.user.has_perm("initiatives.view_idea", obstacle.idea)
    return render(
        request,
        "initiatives/obstacle.html",
        {
            "obstacle": obstacle,
            "form": form,
            "idea_visible": idea_visible,
            "days_open": days_open(_row(obstacle), timezone.localdate()),
        },
    )


def _row(obstacle):
    return ObstacleRow(
        category=obstacle.category,
        status=obstacle.status,
        reported_on=obstacle.reported_on,
        resolved_on=obstacle.resolved_on,
        rule_or_department=obstacle.rule_or_department,
        escalated=obstacle.escalated,
    )


def obstacle_register(request):
    form = ObstacleFilterForm(request.GET or None)
    obstacles = Obstacle.objects.select_related("place", "place__municipality", "idea", "killer_phrase").order_by(
        "-reported_on", "-pk"
    )
    municipality = None
    if form.is_valid():
        data = form.cleaned_data
        municipality = data["municipality"]
        if municipality:
            obstacles = obstacles.filter(Q(place=municipality) | Q(place__municipality=municipality))
        if data["status"]:
            obstacles = obstacles.filter(status=data["status"])
        if data["category"]:
            obstacles = obstacles.filter(category=data["category"])
    page, query = _page(request, obstacles)
    return render(
        request,
        "initiatives/obstacle_register.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "municipality": municipality,
            "municipalities": Place.objects.filter(kind=PlaceKind.MUNICIPALITY).order_by("name"),
            "can_log": is_staff_anywhere(request.user),
            "phrases": KillerPhrase.objects.all(),
        },
    )


def obstacle_report(request, municipality):
    municipality = get_object_or_404(Place, slug=municipality, kind=PlaceKind.MUNICIPALITY)
    today = timezone.localdate()
    default_from = today - datetime.timedelta(days=365)
    form = PeriodForm(request.GET or None, initial={"date_from": default_from, "date_to": today})
    date_from, date_to = default_from, today
    if form.is_valid():
        date_from = form.cleaned_data["date_from"] or default_from
        date_to = form.cleaned_data["date_to"] or today
    report = services.obstacle_report(municipality, date_from, date_to, today=today)
    labels = dict(ObstacleCategory.choices)
    chart = None
    if report["by_category"]:
        chart = bar_chart(
            [
                {"label": str(labels.get(g.key, g.key)).capitalize(), "value": g.count, "display": str(g.count)}
                for g in report["by_category"]
            ]
        )
    return render(
        request,
        "initiatives/obstacle_report.html",
        {
            "municipality": municipality,
            "form": form,
            "report": report,
            "chart": chart,
            "category_labels": labels,
        },
    )


def killer_phrases(request):
    phrases = KillerPhrase.objects.annotate(heard=Count("obstacles"))
    return render(request, "initiatives/killer_phrases.html", {"phrases": phrases})
