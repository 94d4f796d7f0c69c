from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.core import exports
from samenspel.core.forms import add_service_errors
from samenspel.core.forms import run_service as _run
from samenspel.notifications.services import is_following
from samenspel.places.models import NEIGHBOURHOOD_KINDS, DnaItem, DnaStatus, Municipality, Place

from . import deciding, services
from .exports import AGENDA_PAGE_COLUMNS
from .forms import (
    ActionForm,
    ActionStatusForm,
    AgendaForm,
    DecideForm,
    LeaveOutForm,
    ProposeForm,
    TakeUpForm,
    WorkOutForm,
    default_due_date,
    next_year,
)
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaStatus,
    AreaProgramme,
    ItemStatus,
    NeighbourhoodAgenda,
    OriginSide,
)

# The order in which the agenda page shows its groups: from what is still open to what is settled.
STATUS_ORDER = [
    ItemStatus.PROPOSED,
    ItemStatus.WORKED_OUT,
    ItemStatus.ADOPTED,
    ItemStatus.IN_PROGRAMME,
    ItemStatus.NOT_IN_PROGRAMME,
    ItemStatus.DONE,
    ItemStatus.REJECTED,
]


def _idea_url(idea) -> str:
    """The idea's page, if the ideas pages are there (the app is mounted separately)."""
    if idea is None:
        return ""
    try:
        return idea.get_absolute_url()
    except NoReverseMatch:
        return ""


def _items():
    return AgendaItem.objects.select_related(
        "agenda__place__municipality", "dna_item", "idea", "scope_item__version__agreement__trajectory"
    )


def _today():
    return timezone.localdate()


# --- Public pages -------------------------------------------------------------------------


def _index(request, municipalities, municipality=None):
    agendas = (
        NeighbourhoodAgenda.objects.filter(place__municipality__in=municipalities)
        .select_related("place", "place__municipality")
        .annotate(item_count=Count("items"))
        .order_by("place__municipality__name", "place__name", "-period_start")
    )
    programmes = AreaProgramme.objects.filter(place__municipality__in=municipalities).select_related(
        "place", "place__municipality"
    )
    groups = [
        {
            "municipality": m,
            "agendas": [a for a in agendas if a.place.municipality_id == m.pk],
            "programmes": [p for p in programmes if p.place.municipality_id == m.pk],
        }
        for m in municipalities
    ]
    startable = []
    if request.user.is_authenticated:
        startable = [
            p
            for p in Place.objects.filter(kind__in=NEIGHBOURHOOD_KINDS, municipality__in=municipalities)
            .select_related("municipality")
            .order_by("municipality__name", "name")
            if request.user.has_perm("agenda.manage", p)
        ]
    return render(
        request,
        "agenda/index.html",
        {"groups": groups, "municipality": municipality, "startable_places": startable},
    )


def index(request):
    return _index(request, list(Municipality.objects.order_by("name")))


def municipality(request, municipality):
    m = get_object_or_404(Municipality, slug=municipality)
    return _index(request, [m], m)


def agenda_detail(request, pk):
    agenda = get_object_or_404(NeighbourhoodAgenda.objects.select_related("place", "place__municipality"), pk=pk)
    place = agenda.place
    user = request.user
    today = _today()
    items = list(
        _items()
        .filter(agenda=agenda)
        .annotate(
            late_count=Count(
                "actions",
                filter=Q(actions__due_date__lt=today)
                & ~Q(actions__status__in=[ActionStatus.DONE, ActionStatus.DROPPED]),
            ),
            action_count=Count("actions"),
        )
    )
    fmt = exports.requested_format(request)
    if fmt:
        return exports.export_response(
            request, fmt, AGENDA_PAGE_COLUMNS, items, filename=f"wijkagenda-{agenda.pk}", title=agenda.title
        )
    groups = [
        {"status": status, "label": ItemStatus(status).label, "items": [i for i in items if i.status == status]}
        for status in STATUS_ORDER
    ]
    version = deciding.agreement_in_force(place)
    can_propose = user.has_perm("agenda.propose", agenda) and agenda.status != AgendaStatus.CLOSED
    on_agenda = {i.dna_item_id for i in items if i.dna_item_id}
    candidates = [
        d
        for d in DnaItem.objects.filter(
            place=place, status=DnaStatus.PUBLISHED, kind__in=services.PROMOTABLE_DNA_KINDS
        ).order_by("kind", "-created_at")
        if d.pk not in on_agenda
    ]
    return render(
        request,
        "agenda/agenda.html",
        {
            "agenda": agenda,
            "place": place,
            "groups": [g for g in groups if g["items"]],
            "item_count": len(items),
            "version": version,
            "dna_candidates": candidates,
            "can_propose": can_propose,
            "can_manage": user.has_perm("agenda.manage", agenda),
            "statuses": AgendaStatus.choices,
            "programmes": AreaProgramme.objects.filter(place=place),
            "other_agendas": place.agendas.exclude(pk=agenda.pk),
            "idea_urls": {i.pk: _idea_url(i.idea) for i in items if i.idea_id},
            "export_links": exports.format_links(request),
        },
    )


def item_detail(request, pk):
    item = get_object_or_404(_items(), pk=pk)
    user = request.user
    rule = deciding.rule_for(item)
    can_manage = user.has_perm("agenda.manage", item)
    return render(
        request,
        "agenda/item.html",
        {
            "item": item,
            "agenda": item.agenda,
            "place": item.agenda.place,
            "rule": rule,
            "explanation": rule.explanation(),
            "actions": item.actions.all(),
            "lines": item.programme_lines.select_related("programme"),
            "idea_url": _idea_url(item.idea),
            "can_manage": can_manage,
            "can_work_out": user.has_perm("agenda.work_out", item) and item.status in services.WORKABLE,
            "can_decide": user.has_perm("agenda.decide", item)
            and item.status in (services.ADOPTABLE | services.REJECTABLE),
            "can_programme": can_manage and item.status in services.PROGRAMMABLE,
            "can_finish": can_manage and item.status in services.FINISHABLE,
            "can_add_action": can_manage and item.status not in services.CLOSED_ITEM,
            "following": is_following(user, agenda_item=item),
            "side_top_down": item.origin_side == OriginSide.TOP_DOWN,
        },
    )


def programme_detail(request, pk):
    programme = get_object_or_404(AreaProgramme.objects.select_related("place", "place__municipality"), pk=pk)
    lines = programme.lines.select_related("agenda_item", "agenda_item__agenda")
    total = lines.aggregate(total=Sum("budget_cents"))["total"]
    left_out = (
        AgendaItem.objects.filter(agenda__place=programme.place, status=ItemStatus.NOT_IN_PROGRAMME)
        .select_related("agenda")
        .order_by("-decided_on", "pk")
    )
    return render(
        request,
        "agenda/programme.html",
        {
            "programme": programme,
            "place": programme.place,
            "lines": lines,
            "total": total,
            "left_out": left_out,
            "agendas": programme.place.agendas.all(),
            "other_programmes": AreaProgramme.objects.filter(place=programme.place).exclude(pk=programme.pk),
        },
    )


# --- Forms ------------------------------------------------------------------------------------


def _item_for(request, pk, perm):
    item = get_object_or_404(_items(), pk=pk)
    if not request.user.has_perm(perm, item):
        raise PermissionDenied
    return item


@login_required
def agenda_new(request):
    place = get_object_or_404(
        Place.objects.select_related("municipality"), pk=request.GET.get("plaats") or request.POST.get("plaats") or 0
    )
    if not place.is_neighbourhood:
        raise Http404
    if not request.user.has_perm("agenda.manage", place):
        raise PermissionDenied
    year = next_year()
    form = AgendaForm(
        request.POST or None,
        initial={
            "title": _("Neighbourhood agenda %(place)s %(year)s") % {"place": place.name, "year": year},
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
        },
    )
    if request.method == "POST" and form.is_valid():
        agenda, ok = _run(request, services.create_agenda, form, place=place, **form.cleaned_data)
        if ok:
            messages.success(request, _("The agenda has been made. Put the first items on it."))
            return redirect(agenda.get_absolute_url())
    return render(request, "agenda/agenda_form.html", {"form": form, "place": place})


@login_required
@require_POST
def agenda_status(request, pk):
    agenda = get_object_or_404(NeighbourhoodAgenda, pk=pk)
    if not request.user.has_perm("agenda.manage", agenda):
        raise PermissionDenied
    _a, ok = _run(request, services.set_agenda_status, None, agenda=agenda, status=request.POST.get("status", ""))
    if ok:
        messages.success(request, _("The agenda is now: %(status)s.") % {"status": agenda.get_status_display()})
    return redirect(agenda.get_absolute_url())


@login_required
def item_new(request, pk):
    agenda = get_object_or_404(NeighbourhoodAgenda.objects.select_related("place", "place__municipality"), pk=pk)
    user = request.user
    if not user.has_perm("agenda.propose", agenda):
        raise PermissionDenied
    staff = user.has_perm("agenda.manage", agenda)
    version = deciding.agreement_in_force(agenda.place)
    form = ProposeForm(
        request.POST or None,
        place=agenda.place,
        staff=staff,
        version=version,
        initial={"origin_side": OriginSide.BOTTOM_UP if not staff else OriginSide.TOP_DOWN},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("origin_side", OriginSide.BOTTOM_UP)
        item, ok = _run(request, services.propose_item, form, agenda=agenda, **data)
        if ok:
            messages.success(request, _("The item is on the agenda. Now it will be worked out together."))
            return redirect(item.get_absolute_url())
    return render(
        request, "agenda/item_form.html", {"form": form, "agenda": agenda, "place": agenda.place, "staff": staff}
    )


@login_required
@require_POST
def promote_dna(request, pk, dna_pk):
    agenda = get_object_or_404(NeighbourhoodAgenda.objects.select_related("place"), pk=pk)
    if not request.user.has_perm("agenda.propose", agenda):
        raise PermissionDenied
    dna_item = get_object_or_404(DnaItem, pk=dna_pk, place=agenda.place)
    item, ok = _run(request, services.promote_dna_item, None, dna_item=dna_item, agenda=agenda)
    if ok:
        messages.success(request, _("The point from the profile is now on the agenda."))
        return redirect(item.get_absolute_url())
    return redirect(f"{agenda.get_absolute_url()}#dna")


@login_required
def item_work_out(request, pk):
    item = _item_for(request, pk, "agenda.work_out")
    version = deciding.agreement_in_force(item.agenda.place)
    current = deciding.governing_scope_item(item, version)
    form = WorkOutForm(
        request.POST or None,
        version=version,
        initial={
            "title": item.title,
            "description": item.description,
            "ownership": item.ownership,
            "is_citywide": item.is_citywide,
            "scope_item": current.pk if current else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("scope_item", None)
        _i, ok = _run(request, services.work_out, form, item=item, **data)
        if ok:
            messages.success(request, _("The item has been worked out."))
            return redirect(item.get_absolute_url())
    return render(request, "agenda/work_out_form.html", {"form": form, "item": item, "agenda": item.agenda})


@login_required
def item_decide(request, pk):
    item = _item_for(request, pk, "agenda.decide")
    version = deciding.agreement_in_force(item.agenda.place)
    current = deciding.governing_scope_item(item, version)
    form = DecideForm(
        request.POST or None,
        version=version,
        initial={"decided_on": _today(), "decision": DecideForm.ADOPT, "scope_item": current.pk if current else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        func = services.adopt_item if data["decision"] == DecideForm.ADOPT else services.reject_item
        _i, ok = _run(
            request,
            func,
            form,
            item=item,
            reason=data["reason"],
            decided_on=data["decided_on"],
            together_with=data["together_with"],
            scope_item=data.get("scope_item"),
        )
        if ok:
            messages.success(request, _("The decision has been recorded and published."))
            return redirect(item.get_absolute_url())
    rule = deciding.rule_for(item)
    rules_by_scope = []
    if version is not None:
        rules_by_scope = [
            {"scope_item": s, "explanation": deciding.rule_for(item, s).explanation(citywide_note=False)}
            for s in version.scope_items.prefetch_related("roles")
        ]
    return render(
        request,
        "agenda/decide_form.html",
        {
            "form": form,
            "item": item,
            "agenda": item.agenda,
            "rule": rule,
            "explanation": rule.explanation(),
            "version": version,
            "rules_by_scope": rules_by_scope,
            "outside": deciding.DecisionRule(
                place=item.agenda.place,
                title=item.title,
                kind=deciding.OUTSIDE if version else deciding.NO_AGREEMENT,
                version=version,
                citywide=item.is_citywide,
            ).explanation(citywide_note=False),
            "may_decide_now": bool(set(deciding.capacities(request.user, item.agenda.place)) & rule.allowed_actors()),
        },
    )


@login_required
def item_programme(request, pk):
    item = _item_for(request, pk, "agenda.manage")
    take_up = TakeUpForm(
        request.POST if request.POST.get("step") == "take_up" else None,
        prefix="up",
        initial={"year": next_year(), "description": item.title},
    )
    leave_out = LeaveOutForm(request.POST if request.POST.get("step") == "leave_out" else None, prefix="out")
    if request.method == "POST" and take_up.is_bound and take_up.is_valid():
        data = take_up.cleaned_data
        try:
            with transaction.atomic():
                programme = services.programme_for(user=request.user, place=item.agenda.place, year=data["year"])
                services.take_up_in_programme(
                    user=request.user,
                    item=item,
                    programme=programme,
                    description=data["description"],
                    budget_cents=take_up.budget_cents(),
                )
        except ValidationError as error:
            add_service_errors(take_up, error)
        else:
            messages.success(request, _("The item is now part of the area programme."))
            return redirect(programme.get_absolute_url())
    if request.method == "POST" and leave_out.is_bound and leave_out.is_valid():
        _i, ok = _run(request, services.leave_out_of_programme, leave_out, item=item, **leave_out.cleaned_data)
        if ok:
            messages.success(request, _("The item is not in the area programme; the reason has been published."))
            return redirect(item.get_absolute_url())
    if item.status not in services.PROGRAMMABLE and request.method == "GET":
        messages.error(request, _("Only an adopted item can be taken up in the area programme."))
        return redirect(item.get_absolute_url())
    return render(
        request,
        "agenda/programme_form.html",
        {
            "take_up": take_up,
            "leave_out": leave_out,
            "item": item,
            "agenda": item.agenda,
            "can_leave_out": item.status in services.LEAVABLE,
        },
    )


@login_required
@require_POST
def item_done(request, pk):
    item = _item_for(request, pk, "agenda.manage")
    _i, ok = _run(request, services.mark_done, None, item=item)
    if ok:
        messages.success(request, _("The item is done."))
    return redirect(item.get_absolute_url())


@login_required
def action_new(request, pk):
    item = _item_for(request, pk, "agenda.manage")
    form = ActionForm(request.POST or None, initial={"due_date": default_due_date()})
    if request.method == "POST" and form.is_valid():
        _a, ok = _run(request, services.add_action, form, item=item, **form.cleaned_data)
        if ok:
            messages.success(request, _("The action has been added."))
            return redirect(f"{item.get_absolute_url()}#actions")
    return render(request, "agenda/action_form.html", {"form": form, "item": item, "agenda": item.agenda})


@login_required
@require_POST
def action_status(request, pk):
    action = get_object_or_404(
        ActionItem.objects.select_related("agenda_item__agenda__place"), pk=pk, agenda_item__isnull=False
    )
    if not request.user.has_perm("agenda.manage", action.agenda_item):
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        _a, ok = _run(request, services.set_action_status, None, action=action, status=form.cleaned_data["status"])
        if ok:
            messages.success(request, _("The action's status has been saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(f"{action.agenda_item.get_absolute_url()}#actions")
