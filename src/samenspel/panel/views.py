import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.core import exports, ratelimit
from samenspel.core.forms import run_service
from samenspel.places.models import Place

from . import exports as panel_exports
from . import results as panel_results
from . import services
from .charts import share_chart
from .forms import (
    AnswerForm,
    CodeForm,
    CodesForm,
    ConsultationForm,
    PanelForm,
    PaperForm,
    PauseForm,
    ProfileForm,
    QuestionForm,
)
from .models import Consultation, JoinedVia, MemberStatus, Panel, PanelMember, Question, Response

SESSION_KEY = "panel_code_members"  # ids of the members whose code was entered in this session
CODE_LIMIT = 10  # wrong codes per client per 15 minutes
CODE_WINDOW = 15 * 60


# --- helpers -------------------------------------------------------------------------------


def _code_members(request) -> list[int]:
    return list(request.session.get(SESSION_KEY, []))


def _remember_code_member(request, member):
    ids = _code_members(request)
    if member.pk not in ids:
        request.session[SESSION_KEY] = [*ids, member.pk][-5:]


def _own_member(request, pk) -> tuple[PanelMember, bool]:
    """A membership the visitor may manage: their account's, or one whose code they entered
    in this session (then `by_code` is True)."""
    member = get_object_or_404(PanelMember.objects.select_related("panel__place", "buurt"), pk=pk)
    if request.user.is_authenticated and member.user_id == request.user.pk:
        return member, False
    if member.pk in _code_members(request) and member.status != MemberStatus.LEFT:
        return member, True
    raise PermissionDenied


def _answering_member(request, consultation):
    """The membership a visitor answers with: a code entered in this session for this panel,
    or their account's membership."""
    if consultation.panel_id:
        for member in PanelMember.objects.filter(pk__in=_code_members(request), panel_id=consultation.panel_id):
            if member.status in (MemberStatus.ACTIVE, MemberStatus.PAUSED):
                return member
    return services.member_for_user(request.user, consultation)


def _place_for_staff(request, perm="panel.manage") -> Place:
    place_id = request.GET.get("plaats") or request.POST.get("plaats") or ""
    place = get_object_or_404(Place, pk=place_id if place_id.isdigit() else 0)
    if not request.user.has_perm(perm, place):
        raise PermissionDenied
    return place


def _client_key(request) -> str:
    return f"samenspel:panel:code:{ratelimit.client_ip(request)}"


# --- Panels --------------------------------------------------------------------------------


def index(request):
    now = timezone.now()
    panels = Panel.objects.select_related("place").annotate(
        active=Count("members", filter=Q(members__status__in=(MemberStatus.ACTIVE, MemberStatus.PAUSED)))
    )
    consultations = Consultation.objects.select_related("place", "panel")
    return render(
        request,
        "panel/index.html",
        {
            "panels": panels,
            "open": consultations.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at"),
            "closed": consultations.filter(closes_at__lte=now).order_by("-closes_at")[:20],
        },
    )


def panel_detail(request, pk):
    panel = get_object_or_404(Panel.objects.select_related("place"), pk=pk)
    members = panel.members.all()
    fmt = exports.requested_format(request)
    if fmt:
        if not request.user.has_perm("panel.manage", panel.place):
            raise PermissionDenied
        return exports.export_response(
            request,
            fmt,
            panel_exports.MEMBER_COLUMNS,
            members.select_related("buurt").order_by("number"),
            filename=f"panel-{panel.pk}-leden",
            title=_("Panel members"),
            personal=True,
            dataset="panel.members",
            obj=panel,
        )
    counts = {
        "active": members.filter(status=MemberStatus.ACTIVE).count(),
        "paused": members.filter(status=MemberStatus.PAUSED).count(),
        "invited": members.filter(status=MemberStatus.INVITED).count(),
        "by_lot": members.filter(joined_via=JoinedVia.LOT).exclude(status=MemberStatus.INVITED).count(),
        "signed_up": members.filter(joined_via=JoinedVia.SIGNUP).count(),
        "profiles": members.exclude(consent_at=None).exclude(status=MemberStatus.LEFT).count(),
    }
    mine = None
    if request.user.is_authenticated:
        mine = members.filter(user=request.user).first()
    if mine is None:
        mine = members.filter(pk__in=_code_members(request)).exclude(status=MemberStatus.LEFT).first()
    return render(
        request,
        "panel/panel.html",
        {
            "panel": panel,
            "counts": counts,
            "mine": mine,
            "consultations": panel.consultations.all(),
            "can_manage": request.user.has_perm("panel.manage", panel.place),
            "now": timezone.now(),
            "export_links": exports.format_links(request),
        },
    )


@login_required
def panel_new(request):
    place = _place_for_staff(request)
    form = PanelForm(
        request.POST or None, initial={"title": _("Neighbourhood panel %(place)s") % {"place": place.name}}
    )
    if request.method == "POST" and form.is_valid():
        panel, ok = run_service(request, services.create_panel, form, place=place, **form.cleaned_data)
        if ok:
            messages.success(request, _("The panel has been set up."))
            return redirect(panel)
    return render(request, "panel/panel_form.html", {"form": form, "place": place})


@login_required
@require_POST
def panel_join(request, pk):
    panel = get_object_or_404(Panel, pk=pk)
    member, ok = run_service(request, services.join_panel, panel=panel)
    if not ok:
        return redirect(panel)
    messages.success(request, _("Welcome to the panel. Tell us a little about yourself, if you like."))
    return redirect("panel:profile", member.pk)


@login_required
def panel_codes(request, pk):
    panel = get_object_or_404(Panel.objects.select_related("place"), pk=pk)
    if not request.user.has_perm("panel.manage", panel.place):
        raise PermissionDenied
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch, ok = run_service(request, services.issue_invitation_codes, form, panel=panel, **form.cleaned_data)
        if ok:
            rows = list(zip([m.number for m in batch.members], batch.codes, strict=True))
            if request.POST.get("format") == "csv":
                response = HttpResponse(content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="panel-{panel.pk}-codes.csv"'
                writer = csv.writer(response)
                writer.writerow(["member_number", "code"])
                writer.writerows(rows)
                return response
            return render(request, "panel/codes.html", {"panel": panel, "rows": rows})
    return render(request, "panel/codes_form.html", {"panel": panel, "form": form})


def code_entry(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _client_key(request)
        if ratelimit.blocked(key, CODE_LIMIT):
            form.add_error("code", _("Too many wrong codes. Try again in 15 minutes."))
        else:
            member, ok = run_service(request, services.accept_invitation, form, code=form.cleaned_data["code"])
            if ok:
                _remember_code_member(request, member)
                messages.success(request, _("Welcome to the panel. Tell us a little about yourself, if you like."))
                return redirect("panel:profile", member.pk)
            ratelimit.count(key, CODE_WINDOW)
    return render(request, "panel/code.html", {"form": form})


def membership(request, pk):
    member, by_code = _own_member(request, pk)
    return render(
        request,
        "panel/membership.html",
        {
            "member": member,
            "by_code": by_code,
            "pause_form": PauseForm(),
            "asked": services.asked_recently(member.panel).get(member.pk, 0),
        },
    )


def profile(request, pk):
    member, by_code = _own_member(request, pk)
    buurten = services.buurten_of(member.panel.place)
    initial = {
        "consent": member.consent_at is not None,
        "age_band": member.age_band,
        "gender": member.gender,
        "buurt": str(member.buurt_id or ""),
        "household": member.household,
        "education": member.education,
    }
    form = ProfileForm(request.POST or None, buurten=buurten, initial=initial)
    if request.method == "POST" and form.is_valid():
        _m, ok = run_service(request, services.save_profile, form, member=member, by_code=by_code, **form.cleaned_data)
        if ok:
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("panel:membership", member.pk)
    return render(request, "panel/profile.html", {"member": member, "form": form})


@require_POST
def pause(request, pk):
    member, by_code = _own_member(request, pk)
    form = PauseForm(request.POST)
    if form.is_valid():
        _m, ok = run_service(request, services.pause_membership, member=member, by_code=by_code, **form.cleaned_data)
        if ok:
            messages.success(request, _("You are taking a break. We will not ask you anything until then."))
    else:
        messages.error(request, _("Choose a date."))
    return redirect("panel:membership", member.pk)


@require_POST
def resume(request, pk):
    member, by_code = _own_member(request, pk)
    _m, ok = run_service(request, services.resume_membership, member=member, by_code=by_code)
    if ok:
        messages.success(request, _("Welcome back."))
    return redirect("panel:membership", member.pk)


@require_POST
def leave(request, pk):
    member, by_code = _own_member(request, pk)
    _m, ok = run_service(request, services.leave_panel, member=member, by_code=by_code)
    if not ok:
        return redirect("panel:membership", member.pk)
    messages.success(request, _("You have left the panel. Your profile has been deleted. Thank you for taking part."))
    return redirect(member.panel)


# --- Consultations -------------------------------------------------------------------------


@login_required
def consultation_new(request):
    place = _place_for_staff(request)
    panels = list(Panel.objects.filter(place=place))
    initial = {"panel": str(panels[0].pk) if panels else "open"}
    form = ConsultationForm(request.POST or None, panels=panels, initial=initial)
    if request.method == "POST" and form.is_valid():
        consultation, ok = run_service(request, services.create_consultation, form, place=place, **form.cleaned_data)
        if ok:
            messages.success(request, _("The consultation has been made. Now add its questions."))
            return redirect("panel:question_add", consultation.pk)
    return render(request, "panel/consultation_form.html", {"form": form, "place": place})


def _consultation(pk) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("place", "panel"), pk=pk)


def consultation_detail(request, pk):
    consultation = _consultation(pk)
    now = timezone.now()
    can_manage = request.user.has_perm("panel.manage", consultation.place)
    member = _answering_member(request, consultation)
    response = None
    if member is not None:
        response = Response.objects.filter(consultation=consultation, member=member).first()
    elif request.user.is_authenticated:
        response = Response.objects.filter(consultation=consultation, user=request.user).first()
    may_answer = consultation.is_open(now) and (
        member is not None if consultation.panel_id else request.user.is_authenticated
    )
    if response is not None and response.channel != "online":
        may_answer = False
    form = None
    if may_answer:
        form = AnswerForm(request.POST or None, consultation=consultation, response=response)
        if request.method == "POST" and form.is_valid():
            _r, ok = run_service(
                request,
                services.submit_response,
                form,
                consultation=consultation,
                answers=form.answers(),
                member=member,
            )
            if ok:
                messages.success(
                    request,
                    _("Thank you, your answers are saved. You can change them until the consultation closes."),
                )
                return redirect(consultation)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "panel/consultation.html",
        {
            "consultation": consultation,
            "form": form,
            "response": response,
            "member": member,
            "can_manage": can_manage,
            "is_open": consultation.is_open(now),
            "is_closed": consultation.is_closed(now),
            "has_started": consultation.has_started(now),
            "questions": consultation.questions.all(),
            "response_count": consultation.responses.count(),
            "invited_count": consultation.invitations.count(),
        },
    )


@login_required
def question_add(request, pk):
    consultation = _consultation(pk)
    if not request.user.has_perm("panel.manage", consultation.place):
        raise PermissionDenied
    form = QuestionForm(request.POST or None, initial={"kind": "single", "scale": "1-5"})
    if request.method == "POST" and form.is_valid():
        _q, ok = run_service(request, services.add_question, form, consultation=consultation, **form.service_kwargs())
        if ok:
            messages.success(request, _("The question has been added."))
            return redirect("panel:question_add", consultation.pk)
    return render(
        request,
        "panel/question_form.html",
        {"consultation": consultation, "form": form, "questions": consultation.questions.all()},
    )


@login_required
@require_POST
def question_remove(request, pk):
    question = get_object_or_404(Question.objects.select_related("consultation__place"), pk=pk)
    _r, ok = run_service(request, services.remove_question, question=question)
    if ok:
        messages.success(request, _("The question has been removed."))
    return redirect("panel:question_add", question.consultation_id)


@login_required
@require_POST
def consultation_invite(request, pk):
    consultation = _consultation(pk)
    result, ok = run_service(request, services.invite_members, consultation=consultation)
    if ok:
        messages.success(
            request,
            _(
                "%(invited)d members asked: %(notified)d by a message, %(letter)d without an account "
                "(send them a letter or call them). Skipped: %(over)d asked too often already in this period, "
                "%(paused)d taking a break or not yet accepted, %(already)d asked before."
            )
            % {
                "invited": result.invited,
                "notified": result.notified,
                "letter": result.by_letter,
                "over": result.over_limit,
                "paused": result.paused,
                "already": result.already,
            },
        )
    return redirect(consultation)


@login_required
def paper_entry(request, pk):
    consultation = _consultation(pk)
    if not request.user.has_perm("panel.enter_paper", consultation.place):
        raise PermissionDenied
    form = PaperForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        _r, ok = run_service(
            request,
            services.enter_paper_response,
            form,
            consultation=consultation,
            answers=form.answers(),
            member_number=form.cleaned_data["member_number"],
            channel=form.cleaned_data["channel"],
        )
        if ok:
            messages.success(request, _("The answers have been entered. Enter the next form."))
            return redirect("panel:paper", consultation.pk)
    return render(request, "panel/paper_form.html", {"consultation": consultation, "form": form})


def _results_allowed(request, consultation) -> bool:
    return consultation.is_closed() or request.user.has_perm("panel.manage", consultation.place)


def results(request, pk):
    consultation = _consultation(pk)
    if not _results_allowed(request, consultation):
        raise Http404
    fmt = exports.requested_format(request)
    if fmt:
        # Every response with its answers: only for those who may read the open answers.
        if not request.user.has_perm("panel.view_open_answers", consultation.place):
            raise PermissionDenied
        return exports.export_response(
            request,
            fmt,
            panel_exports.response_columns(list(consultation.questions.order_by("order", "pk"))),
            panel_exports.responses_with_answers(consultation),
            filename=f"raadpleging-{consultation.pk}-antwoorden",
            title=_("Responses"),
            personal=True,
            dataset="panel.responses",
            obj=consultation,
        )
    res = panel_results.consultation_results(consultation)
    for q in res.questions:
        q.chart_id = f"chart-q{q.question.pk}"
        q.chart = share_chart(q.rows) if q.rows else None
    return render(
        request,
        "panel/results.html",
        {
            "consultation": consultation,
            "res": res,
            "can_read_texts": request.user.has_perm("panel.view_open_answers", consultation.place),
            "is_closed": consultation.is_closed(),
            "export_links": exports.format_links(request),
        },
    )


@login_required
def open_answers_csv(request, pk):
    consultation = _consultation(pk)
    if not request.user.has_perm("panel.view_open_answers", consultation.place):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-open-answers.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(["question", "answer", "channel", "submitted_at"])
    for q in consultation.questions.filter(kind="text"):
        for a in q.answers.select_related("response").order_by("response__submitted_at"):
            writer.writerow(
                [_csv_safe(q.text), _csv_safe(a.text), a.response.channel, a.response.submitted_at.isoformat()]
            )
    return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
