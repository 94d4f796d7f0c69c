import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Membership, Organisation, Role
from samenspel.agreements.models import ScopeItem
from samenspel.core import exports
from samenspel.core.forms import run_service as _run
from samenspel.initiatives.models import CaseStatus, Idea
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Municipality, Place

from . import mandate, services
from .exports import ADVICE_COLUMNS, DECISION_COLUMNS, REPORT_COLUMNS
from .forms import (
    AdviceForm,
    AnswerObjectionForm,
    CommentForm,
    DecisionForm,
    HideForm,
    ObjectionForm,
    PhotoForm,
    PlaceFilterForm,
    RegisterFilterForm,
    ReportForm,
    RespondForm,
)
from .models import (
    AccountabilityReport,
    Advice,
    AdviceStatus,
    DeciderKind,
    Decision,
    Objection,
    ObjectionStatus,
    ReportComment,
    Stance,
)
from .rules import SPEAKING_ROLES

PER_PAGE = 50
STAFF_ROLES = (Role.AREA_OFFICIAL, Role.FACILITATOR, Role.ADMINISTRATOR)
RECORDING_ROLES = (Role.AREA_OFFICIAL, Role.COLLEGE, Role.COUNCIL, *STAFF_ROLES)
REPORTABLE_IDEAS = (CaseStatus.RUNNING, CaseStatus.COMPLETED, CaseStatus.ACCOUNTED_FOR)


def _get_place(municipality_slug, place_slug) -> Place:
    return get_object_or_404(
        Place.objects.select_related("municipality", "parent"), municipality__slug=municipality_slug, slug=place_slug
    )


def _places_within(place):
    return Place.objects.filter(
        Q(pk=place.pk) | Q(parent=place) | Q(parent__parent=place) | Q(parent__parent__parent=place)
    )


def _memberships(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return user.memberships.current().select_related("organisation", "place")


def _in_force_scope_items(place):
    return ScopeItem.objects.filter(
        version__agreement__trajectory__place=place, version__status__in=mandate.IN_FORCE_STATUSES
    ).order_by("version__agreement", "order", "pk")


# --- The decision register -------------------------------------------------------------------


def _register_rows():
    return Decision.objects.select_related(
        "place", "place__municipality", "body", "scope_item", "version__agreement__trajectory__place"
    )


def register(request):
    places = Place.objects.filter(decisions__isnull=False).distinct().order_by("name")
    form = RegisterFilterForm(request.GET or None, places=places)
    decisions = _register_rows()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["wijk"]:
            decisions = decisions.filter(services.within_q(data["wijk"]))
        if data["besluitnemer"]:
            decisions = decisions.filter(decider_kind=data["besluitnemer"])
        if data["soort"] == "binding":
            decisions = decisions.filter(is_binding=True)
        elif data["soort"] == "advies":
            decisions = decisions.filter(recorded_as_advice=True)
        if data["van"]:
            decisions = decisions.filter(decided_on__gte=data["van"])
        if data["tot"]:
            decisions = decisions.filter(decided_on__lte=data["tot"])
    fmt = exports.requested_format(request)
    if fmt:
        return exports.export_response(
            request, fmt, DECISION_COLUMNS, decisions, filename="besluitenregister", title=_("Decision register")
        )
    page = Paginator(decisions, PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "decisions/register.html",
        {
            "form": form,
            "page": page,
            "decisions": page.object_list,
            "query": query.urlencode(),
            "filtered": form.is_bound and any(v for k, v in request.GET.items() if k != "pagina"),
            "can_record": bool(_places_to_record_for(request.user)),
            "export_links": exports.format_links(request),
        },
    )


def decision_detail(request, pk):
    decision = get_object_or_404(_register_rows().select_related("recorded_by"), pk=pk)
    form = ObjectionForm(request.POST or None) if request.user.is_authenticated else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            _objection, ok = _run(
                request, services.object_to_decision, form, decision=decision, text=form.cleaned_data["text"]
            )
            if ok:
                messages.success(request, _("Your objection has been submitted. The deciding side will answer it."))
                return redirect(f"{decision.get_absolute_url()}#objections")
    decide_roles = list(decision.scope_item.roles.filter(phase="decide")) if decision.scope_item else []
    return render(
        request,
        "decisions/decision.html",
        {
            "decision": decision,
            "objections": decision.objections.select_related("responded_by"),
            "form": form,
            "can_answer": request.user.has_perm("decisions.answer_objection", decision),
            "decide_roles": decide_roles,
            "stances": dict(Stance.choices),
        },
    )


def _places_to_record_for(user) -> list:
    """The neighbourhoods and villages for which the user may record some decision."""
    places = {}
    for m in _memberships(user):
        if m.organisation is not None and m.role in SPEAKING_ROLES:
            places[m.organisation.place_id] = m.organisation.place
        if m.role in RECORDING_ROLES:
            for place in _places_within(m.place).filter(kind__in=NEIGHBOURHOOD_KINDS):
                places[place.pk] = place
    return sorted(places.values(), key=lambda p: p.name)


def _decider_options(user, place) -> list:
    options = [
        (body, DeciderKind.WIJK_BODY)
        for body in Organisation.objects.filter(place=place).order_by("name")
        if user.has_perm("decisions.record_body_decision", body)
    ]
    options += [(None, kind) for kind, perm in services.MUNICIPAL_PERMS.items() if user.has_perm(perm, place)]
    return options


@login_required
def decision_new(request):
    place_id = request.GET.get("plaats")
    if not place_id:
        places = _places_to_record_for(request.user)
        if not places:
            raise PermissionDenied
        if len(places) == 1:
            return redirect(f"{reverse('decisions:decision_new')}?plaats={places[0].pk}")
        return render(
            request,
            "decisions/chooser.html",
            {
                "title": _("Record a decision"),
                "intro": _("For which neighbourhood or village?"),
                "choices": [(f"{reverse('decisions:decision_new')}?plaats={p.pk}", p.name) for p in places],
                "section": "register",
            },
        )
    place = get_object_or_404(Place, pk=place_id if str(place_id).isdigit() else 0)
    if not place.is_neighbourhood:
        raise Http404
    deciders = _decider_options(request.user, place)
    if not deciders:
        raise PermissionDenied
    form = DecisionForm(request.POST or None, deciders=deciders, scope_items=_in_force_scope_items(place))
    if request.method == "POST" and form.is_valid():
        decision, ok = _run(request, services.record_decision, form, place=place, **form.service_fields())
        if ok:
            if decision.recorded_as_advice:
                messages.warning(
                    request,
                    _("Recorded, but as advice to the municipality, not as a binding decision. %(reason)s")
                    % {"reason": decision.mandate.reason},
                )
            else:
                messages.success(request, _("The decision is in the public register."))
            return redirect(decision.get_absolute_url())
    return render(request, "decisions/decision_form.html", {"form": form, "place": place})


@login_required
def objection_answer(request, pk):
    objection = get_object_or_404(Objection.objects.select_related("decision", "decision__place"), pk=pk)
    decision = objection.decision
    if not request.user.has_perm("decisions.answer_objection", decision):
        raise PermissionDenied
    if objection.status != ObjectionStatus.SUBMITTED:
        messages.info(request, _("This objection has already been answered."))
        return redirect(f"{decision.get_absolute_url()}#objections")
    form = AnswerObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _o, ok = _run(request, services.answer_objection, form, objection=objection, **form.cleaned_data)
        if ok:
            messages.success(request, _("Your answer has been published with the decision."))
            return redirect(f"{decision.get_absolute_url()}#objections")
    return render(
        request, "decisions/objection_answer.html", {"form": form, "objection": objection, "decision": decision}
    )


# --- Advice ----------------------------------------------------------------------------------


def _organisations_for_advice(user) -> list:
    organisations = {}
    for m in _memberships(user):
        if m.organisation is not None and m.role in SPEAKING_ROLES:
            organisations[m.organisation.pk] = m.organisation
        if m.role in STAFF_ROLES:
            for organisation in Organisation.objects.filter(services.within_q(m.place)):
                organisations[organisation.pk] = organisation
    return sorted(organisations.values(), key=lambda o: o.name)


def _advice_list(request, place=None):
    advices = Advice.objects.select_related("place", "organisation", "scope_item")
    if place is not None:
        advices = advices.filter(services.within_q(place))
    fmt = exports.requested_format(request)
    if fmt:
        return exports.export_response(
            request,
            fmt,
            ADVICE_COLUMNS,
            advices.order_by("-submitted_on", "-pk"),
            filename=f"adviezen-{place.slug}" if place is not None else "adviezen",
            title=_("Advice"),
        )
    waiting = list(advices.filter(status=AdviceStatus.SUBMITTED).order_by("response_due"))
    for advice in waiting:
        advice.overdue = services.is_overdue(advice)
    return render(
        request,
        "decisions/advice_list.html",
        {
            "place": place,
            "waiting": waiting,
            "overdue_count": sum(1 for a in waiting if a.overdue),
            "answered": advices.filter(status=AdviceStatus.ANSWERED).order_by("-responded_on", "-pk"),
            "withdrawn": advices.filter(status=AdviceStatus.WITHDRAWN),
            "can_give": bool(_organisations_for_advice(request.user)),
            "response_days": services.response_days(),
            "export_links": exports.format_links(request),
        },
    )


def advices(request):
    return _advice_list(request)


def advices_municipality(request, municipality):
    return _advice_list(request, get_object_or_404(Municipality, slug=municipality))


def advices_place(request, municipality, place):
    return _advice_list(request, _get_place(municipality, place))


def advice_detail(request, pk):
    advice = get_object_or_404(
        Advice.objects.select_related("place", "place__municipality", "organisation", "scope_item", "responded_by"),
        pk=pk,
    )
    return render(
        request,
        "decisions/advice.html",
        {
            "advice": advice,
            "overdue": services.is_overdue(advice),
            "can_respond": advice.status == AdviceStatus.SUBMITTED
            and request.user.has_perm("decisions.respond_to_advice", advice),
            "can_withdraw": advice.status == AdviceStatus.SUBMITTED
            and request.user.has_perm("decisions.give_advice", advice.organisation),
            "contributor_count": advice.contributors.count(),
        },
    )


@login_required
def advice_new(request):
    organisation_id = request.GET.get("organisatie")
    if not organisation_id:
        organisations = _organisations_for_advice(request.user)
        if not organisations:
            raise PermissionDenied
        if len(organisations) == 1:
            return redirect(f"{reverse('decisions:advice_new')}?organisatie={organisations[0].pk}")
        return render(
            request,
            "decisions/chooser.html",
            {
                "title": _("Give advice"),
                "intro": _("On behalf of which organisation?"),
                "choices": [(f"{reverse('decisions:advice_new')}?organisatie={o.pk}", o.name) for o in organisations],
                "section": "advices",
            },
        )
    organisation = get_object_or_404(
        Organisation.objects.select_related("place"), pk=organisation_id if str(organisation_id).isdigit() else 0
    )
    if not request.user.has_perm("decisions.give_advice", organisation):
        raise PermissionDenied
    form = AdviceForm(request.POST or None, scope_items=_in_force_scope_items(organisation.place))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contributors = []
        if data["include_members"]:
            contributors = [
                m.user for m in Membership.objects.current().filter(organisation=organisation).select_related("user")
            ]
        advice, ok = _run(
            request,
            services.give_advice,
            form,
            organisation=organisation,
            addressee=data["addressee"],
            subject=data["subject"],
            text=data["text"],
            on_behalf_of=data["on_behalf_of"],
            scope_item=data["scope_item"],
            submitted_on=data["submitted_on"],
            contributors=contributors,
        )
        if ok:
            messages.success(
                request,
                _("The advice has been given. The municipality is asked to respond by %(date)s.")
                % {"date": date_format(advice.response_due, "j F Y")},
            )
            return redirect(advice.get_absolute_url())
    return render(request, "decisions/advice_form.html", {"form": form, "organisation": organisation})


@login_required
def advice_respond(request, pk):
    advice = get_object_or_404(Advice.objects.select_related("place", "organisation"), pk=pk)
    if not request.user.has_perm("decisions.respond_to_advice", advice):
        raise PermissionDenied
    if advice.status != AdviceStatus.SUBMITTED:
        messages.info(request, _("This advice is no longer waiting for a response."))
        return redirect(advice.get_absolute_url())
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _a, ok = _run(
            request,
            services.respond_to_advice,
            form,
            advice=advice,
            response=form.cleaned_data["response"],
            weighed=form.cleaned_data["response_weighed"],
        )
        if ok:
            messages.success(request, _("The response is published. Everyone who contributed hears what happened."))
            return redirect(advice.get_absolute_url())
    return render(request, "decisions/respond_form.html", {"form": form, "advice": advice})


@login_required
@require_POST
def advice_withdraw(request, pk):
    advice = get_object_or_404(Advice, pk=pk)
    if not request.user.has_perm("decisions.give_advice", advice.organisation):
        raise PermissionDenied
    _a, ok = _run(request, services.withdraw_advice, None, advice=advice)
    if ok:
        messages.success(request, _("The advice has been withdrawn."))
    return redirect(advice.get_absolute_url())


# --- Accountability reports ------------------------------------------------------------------


def _report_parties(user) -> list:
    """(url, label) for every organisation and initiative the user may write a report for."""
    if not user.is_authenticated:
        return []
    new = reverse("decisions:report_new")
    organisations, ideas = {}, {}
    for m in _memberships(user):
        if m.organisation is not None:
            organisations[m.organisation.pk] = m.organisation
        if m.role in STAFF_ROLES:
            for organisation in Organisation.objects.filter(services.within_q(m.place)):
                organisations[organisation.pk] = organisation
            for idea in Idea.objects.filter(services.within_q(m.place), status__in=REPORTABLE_IDEAS):
                ideas[idea.pk] = idea
    for idea in Idea.objects.filter(author=user, status__in=REPORTABLE_IDEAS):
        ideas[idea.pk] = idea
    choices = [(f"{new}?organisatie={o.pk}", o.name) for o in sorted(organisations.values(), key=lambda o: o.name)]
    choices += [
        (f"{new}?idee={i.pk}", _("Initiative: %(title)s") % {"title": i.title})
        for i in sorted(ideas.values(), key=lambda i: i.title)
    ]
    return choices


def reports(request):
    places = Place.objects.filter(accountability_reports__published_on__isnull=False).distinct().order_by("name")
    form = PlaceFilterForm(request.GET or None, places=places)
    published = AccountabilityReport.objects.filter(published_on__isnull=False).select_related(
        "place", "organisation", "idea"
    )
    if form.is_bound and form.is_valid() and form.cleaned_data["wijk"]:
        published = published.filter(services.within_q(form.cleaned_data["wijk"]))
    fmt = exports.requested_format(request)
    if fmt:
        return exports.export_response(
            request,
            fmt,
            REPORT_COLUMNS,
            published.order_by("-published_on", "-pk"),
            filename="verantwoording",
            title=_("Accountability reports"),
        )
    drafts = []
    if request.user.is_authenticated:
        drafts = [
            r
            for r in AccountabilityReport.objects.filter(published_on=None).select_related(
                "place", "organisation", "idea"
            )
            if request.user.has_perm("decisions.write_report", r)
        ]
    page = Paginator(published, PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "decisions/report_list.html",
        {
            "form": form,
            "page": page,
            "reports": page.object_list,
            "query": query.urlencode(),
            "drafts": drafts,
            "due": _reports_due(),
            "can_write": bool(_report_parties(request.user)),
            "export_links": exports.format_links(request),
        },
    )


def _reports_due() -> list[dict]:
    """For every level-3 agreement in force: when its body's next report is due (ACC-5)."""
    from samenspel.agreements.models import AgreementVersion

    rows = []
    versions = (
        AgreementVersion.objects.filter(status__in=mandate.IN_FORCE_STATUSES, scope_items__level=3)
        .distinct()
        .select_related("agreement__trajectory__place")
    )
    for version in versions:
        last = version.accountability_reports.filter(published_on__isnull=False).order_by("-period_end").first()
        rows.append(
            {
                "version": version,
                "place": version.agreement.trajectory.place,
                "due": services.next_report_due(version, after=last.period_end if last else None),
                "last": last,
            }
        )
    return sorted(rows, key=lambda r: (r["due"] is None, r["due"] or 0, r["place"].name))


def _report_or_404(pk):
    return get_object_or_404(
        AccountabilityReport.objects.select_related(
            "place", "place__municipality", "organisation", "idea", "version__agreement__trajectory__place"
        ),
        pk=pk,
    )


def report_detail(request, pk):
    report = _report_or_404(pk)
    can_write = request.user.has_perm("decisions.write_report", report)
    if report.published_on is None and not can_write:
        raise Http404
    form = None
    if request.user.is_authenticated and report.published_on is not None:
        form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            _c, ok = _run(request, services.comment_on_report, form, report=report, text=form.cleaned_data["text"])
            if ok:
                messages.success(request, _("Thank you. Your comment has been placed."))
                return redirect(f"{report.get_absolute_url()}#comments")
    balance = None
    if report.income_cents is not None and report.spent_cents is not None:
        balance = report.income_cents - report.spent_cents
    return render(
        request,
        "decisions/report.html",
        {
            "report": report,
            "photos": report.photos.all(),
            "comments": report.comments.select_related("author"),
            "form": form,
            "can_write": can_write,
            "can_moderate": request.user.has_perm("decisions.moderate", report),
            "balance": balance,
            "balance_negative": balance is not None and balance < 0,
            "photo_room": report.photos.count() < services.MAX_PHOTOS,
        },
    )


@login_required
def report_new(request):
    organisation_id, idea_id = request.GET.get("organisatie"), request.GET.get("idee")
    if not (organisation_id or idea_id):
        choices = _report_parties(request.user)
        if not choices:
            raise PermissionDenied
        if len(choices) == 1:
            return redirect(choices[0][0])
        return render(
            request,
            "decisions/chooser.html",
            {
                "title": _("Write an accountability report"),
                "intro": _("For which organisation or initiative?"),
                "choices": choices,
                "section": "reports",
            },
        )
    organisation = idea = None
    if organisation_id:
        organisation = get_object_or_404(Organisation, pk=organisation_id if organisation_id.isdigit() else 0)
    else:
        idea = get_object_or_404(Idea, pk=idea_id if idea_id.isdigit() else 0)
    party = organisation or idea
    if not request.user.has_perm("decisions.write_report", party):
        raise PermissionDenied
    version = None
    if organisation is not None:
        candidate = services.in_force_version(organisation.place)
        if candidate is not None and mandate.is_mandated_body(organisation, candidate):
            version = candidate
    last = AccountabilityReport.objects.filter(organisation=organisation, idea=idea).order_by("-period_end").first()
    initial = {
        "period_start": last.period_end + datetime.timedelta(days=1) if last else getattr(version, "valid_from", None),
        "period_end": timezone.localdate(),
        "audience": "both" if version is not None else None,
    }
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        report, ok = _run(
            request, services.write_report, form, organisation=organisation, idea=idea, **form.service_fields()
        )
        if ok:
            messages.success(request, _("The report is saved as a draft. Check it, then publish it."))
            return redirect(report.get_absolute_url())
    return render(
        request,
        "decisions/report_form.html",
        {
            "form": form,
            "organisation": organisation,
            "idea": idea,
            "version": version,
            "next_due": services.next_report_due(version) if version else None,
        },
    )


@login_required
@require_POST
def report_publish(request, pk):
    report = _report_or_404(pk)
    if not request.user.has_perm("decisions.write_report", report):
        raise PermissionDenied
    _r, ok = _run(request, services.publish_report, None, report=report)
    if ok:
        messages.success(request, _("The report is published. Everyone can read it and comment on it."))
    return redirect(report.get_absolute_url())


@login_required
def report_photo(request, pk):
    report = _report_or_404(pk)
    if not request.user.has_perm("decisions.write_report", report):
        raise PermissionDenied
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _p, ok = _run(request, services.add_report_photo, form, report=report, **form.cleaned_data)
        if ok:
            messages.success(request, _("The photo has been added."))
            return redirect(f"{report.get_absolute_url()}#photos")
    return render(request, "decisions/photo_form.html", {"form": form, "report": report})


@login_required
def comment_hide(request, pk):
    comment = get_object_or_404(ReportComment.objects.select_related("report", "report__place"), pk=pk)
    if not request.user.has_perm("decisions.moderate", comment):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _c, ok = _run(request, services.hide_comment, form, comment=comment, reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, _("The comment is hidden; its place shows your reason."))
            return redirect(f"{comment.report.get_absolute_url()}#comments")
    return render(request, "decisions/hide_form.html", {"form": form, "comment": comment})
