"""Pages of participatory budgets: the rounds, a round with its phases and projects, a project,
the result explained, the realisation, and the officials' pages. Voting itself is in
views_voting.py."""

import json
from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Role
from samenspel.core import exports, ratelimit
from samenspel.core.forms import run_service as _run
from samenspel.core.templatetags.samenspel import cents as format_cents
from samenspel.initiatives.models import Idea
from samenspel.places.charts import bar_chart
from samenspel.places.models import Place

from . import exports as round_exports
from . import services
from .forms import (
    AreaCapForm,
    BudgetForm,
    FromIdeaForm,
    PlaceFilterForm,
    ProjectForm,
    ProjectOnBehalfForm,
    PublishForm,
    RealisationForm,
    ReceiptForm,
    ReviewForm,
    RoundForm,
)
from .models import Budget, Project, ProjectStatus, ProjectSupport, RealisationStatus, Round, RoundPhase, TallyRule

STAFF_ROLES = (Role.AREA_OFFICIAL, Role.FACILITATOR, Role.ADMINISTRATOR)
OPEN_PHASES = (RoundPhase.IDEAS, RoundPhase.REVIEW, RoundPhase.SUPPORT, RoundPhase.VOTING)
MES_RULES = (TallyRule.MES, TallyRule.MES_ADD1, TallyRule.MES_ADD1_OVERSPEND, TallyRule.MES_ADD1_GREEDY)
STATUS_GROUPS = [
    (ProjectStatus.ON_BALLOT, "on-ballot"),
    (ProjectStatus.SUBMITTED, "submitted"),
    (ProjectStatus.NOT_SHORTLISTED, "not-shortlisted"),
    (ProjectStatus.NOT_FEASIBLE, "not-feasible"),
    (ProjectStatus.WITHDRAWN, "withdrawn"),
]


def _round_or_404(pk) -> Round:
    return get_object_or_404(
        Round.objects.select_related("budget", "budget__place", "budget__place__municipality"), pk=pk
    )


def _project_or_404(pk) -> Project:
    return get_object_or_404(
        Project.objects.select_related(
            "round", "round__budget", "round__budget__place", "round__budget__place__municipality", "idea", "area"
        ),
        pk=pk,
    )


def _require(request, perm, obj):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _euro(value) -> str:
    return f"€ {format_cents(value)}" if value is not None else ""


def _voting_url(name: str, round_) -> str:
    return reverse(f"budgeting:{name}", args=[round_.pk])


# --- Lists ---------------------------------------------------------------------------------


def _with_phase(rounds):
    now = timezone.now()
    for round_ in rounds:
        round_.current_phase = round_.phase(now)
        round_.current_phase_label = services.phase_label(round_.current_phase)
    return rounds


def index(request):
    """Every round: open now first, then coming, then past; filtered by place."""
    places = Place.objects.filter(budgets__isnull=False).distinct().order_by("name")
    form = PlaceFilterForm(request.GET or None, places=places)
    rounds = Round.objects.select_related("budget", "budget__place", "budget__place__municipality")
    place = None
    if form.is_bound and form.is_valid() and form.cleaned_data["wijk"]:
        place = form.cleaned_data["wijk"]
        rounds = rounds.filter(Q(budget__place=place) | Q(budget__place__parent=place))
    rounds = _with_phase(list(rounds))
    open_now = sorted((r for r in rounds if r.current_phase in OPEN_PHASES), key=lambda r: r.voting_closes)
    coming = sorted((r for r in rounds if r.current_phase == RoundPhase.UPCOMING), key=lambda r: r.ideas_opens)
    past = sorted(
        (r for r in rounds if r.current_phase not in OPEN_PHASES and r.current_phase != RoundPhase.UPCOMING),
        key=lambda r: r.voting_closes,
        reverse=True,
    )
    return render(
        request,
        "budgeting/index.html",
        {
            "form": form,
            "place": place,
            "open_now": open_now,
            "coming": coming,
            "past": past,
            "filtered": place is not None,
            "manageable_places": _manageable_places(request.user),
        },
    )


def rounds_for_place(place):
    """For the place page: the rounds of this place's budgets (and its buurten's), with their
    phase, open ones first. Include "budgeting/_place_rounds.html" with `rounds`."""
    rounds = Round.objects.filter(Q(budget__place=place) | Q(budget__place__parent=place)).select_related(
        "budget", "budget__place"
    )
    rounds = _with_phase(list(rounds))
    return sorted(rounds, key=lambda r: (r.current_phase not in OPEN_PHASES, -r.voting_closes.timestamp()))


def _manageable_places(user) -> list:
    """The wijken, dorpen and buurten the user may start a budget for."""
    if not user.is_authenticated:
        return []
    from samenspel.places.models import PlaceKind

    places = {}
    for membership in user.memberships.current().filter(role__in=STAFF_ROLES).select_related("place"):
        scope = membership.place
        if scope is None:
            continue
        below = Place.objects.filter(
            Q(pk=scope.pk) | Q(parent=scope) | Q(parent__parent=scope) | Q(parent__parent__parent=scope),
            kind__in=services.BUDGET_PLACE_KINDS,
        ).select_related("municipality")
        for place in below:
            places[place.pk] = place
    if not places and user.has_perm("budgeting.manage_round", None):
        for place in Place.objects.filter(kind__in=[PlaceKind.WIJK, PlaceKind.DORP]).select_related("municipality"):
            places[place.pk] = place
    return sorted(places.values(), key=lambda p: (p.kind == PlaceKind.BUURT, p.name))


def budget_detail(request, pk):
    budget = get_object_or_404(Budget.objects.select_related("place", "place__municipality", "scope_item"), pk=pk)
    rounds = _with_phase(list(budget.rounds.all()))
    return render(
        request,
        "budgeting/budget.html",
        {
            "budget": budget,
            "rounds": rounds,
            "available": services.available_for_rounds(budget),
            "can_manage": request.user.has_perm("budgeting.manage_round", budget),
        },
    )


# --- A round -------------------------------------------------------------------------------


def _turnout(round_):
    from . import voting

    return voting.turnout(round_)


def _grouped_projects(round_):
    projects = list(round_.projects.select_related("area", "idea"))
    groups = []
    for status, anchor in STATUS_GROUPS:
        members = [p for p in projects if p.status == status]
        if status == ProjectStatus.ON_BALLOT and round_.result_published_at is not None:
            members.sort(key=lambda p: (p.selected is not True, p.number))
        groups.append({"status": status, "label": ProjectStatus(status).label, "anchor": anchor, "projects": members})
    return groups


def round_detail(request, pk):
    round_ = _round_or_404(pk)
    now = timezone.now()
    phase = round_.phase(now)
    user = request.user
    supported = set()
    if user.is_authenticated and phase == RoundPhase.SUPPORT:
        supported = set(
            ProjectSupport.objects.filter(user=user, project__round=round_).values_list("project_id", flat=True)
        )
    turnout = _turnout(round_) if now >= round_.voting_opens else None
    groups = _grouped_projects(round_)
    return render(
        request,
        "budgeting/round.html",
        {
            "round": round_,
            "budget": round_.budget,
            "place": round_.budget.place,
            "phase": phase,
            "phase_label": services.phase_label(phase),
            "timeline": services.timeline(round_, now),
            "binding": services.binding_status(round_),
            "groups": groups,
            "has_projects": any(group["projects"] for group in groups),
            "show_support": phase == RoundPhase.SUPPORT,
            "supported": supported,
            "turnout": turnout,
            "can_manage": user.has_perm("budgeting.manage_round", round_),
            "can_submit": user.has_perm("budgeting.submit_project", round_),
            "can_support": user.has_perm("budgeting.support_project", round_),
            "vote_url": _voting_url("vote_start", round_),
            "ballot_count": round_.projects.filter(status=ProjectStatus.ON_BALLOT).count(),
        },
    )


@login_required
def project_submit(request, pk):
    round_ = _round_or_404(pk)
    if round_.phase() != RoundPhase.IDEAS:
        messages.info(request, _("This round is not collecting ideas now."))
        return redirect(round_.get_absolute_url())
    _require(request, "budgeting.submit_project", round_)
    form = ProjectForm(request.POST or None, place=round_.budget.place)
    if request.method == "POST" and form.is_valid():
        project, ok = _run(request, services.submit_project, form, round=round_, **form.service_fields())
        if ok:
            messages.success(
                request,
                _(
                    "Thank you. Your project has been submitted and is in the ideas register too. The area team "
                    "checks it; you hear whether it is feasible."
                ),
            )
            return redirect(project.get_absolute_url())
    return render(request, "budgeting/project_form.html", {"form": form, "round": round_, "on_behalf": False})


# --- A project -----------------------------------------------------------------------------


def explain(result: dict, pid: str) -> list[str]:
    """Why a project won or lost, in plain words, from the stored result."""
    row = (result or {}).get("projects", {}).get(str(pid))
    if row is None:
        return []
    rule = result.get("rule", "")
    mes = rule in MES_RULES
    lines = []
    left = max(int(result.get("budget", 0)) - int(result.get("cost", 0)), 0)
    if row.get("selected"):
        paying = int(row.get("supporters_paying") or 0)
        paid = int(row.get("paid_by_supporters") or 0)
        if paying and paid:
            lines.append(
                _("Funded: %(n)d voters who chose it paid %(paid)s of its cost together from their equal shares.")
                % {"n": paying, "paid": _euro(paid)}
            )
            if paid < int(row.get("cost") or 0):
                lines.append(
                    _("The rest, %(rest)s, came from the money left at the end.")
                    % {"rest": _euro(int(row["cost"]) - paid)}
                )
        elif mes:
            lines.append(
                _(
                    "Funded with the money left after the equal shares: it had the most votes of the projects "
                    "that still fitted."
                )
            )
        elif row.get("kind") == "phragmen":
            lines.append(_("Funded: the people who voted for it had together earned enough to pay for it."))
        else:
            lines.append(_("Funded: it had more votes than the projects after it, and it fitted in what was left."))
        return lines
    reason = row.get("reason")
    if reason == "no_votes":
        lines.append(_("Not funded: nobody voted for it."))
    elif reason == "area_cap":
        lines.append(_("Not funded: the most that may go to projects in its area had been reached."))
    elif reason == "not_affordable" and mes:
        share = float(row.get("effective_support") or 0)
        lines.append(
            _("Not funded: when the money ran out, its voters could pay %(percent)s%% of its cost together.")
            % {"percent": f"{share * 100:.0f}"}
        )
    elif reason == "over_budget" and rule == TallyRule.PHRAGMEN:
        lines.append(
            _("Not funded: its voters had not yet earned enough for it when the next project no longer fitted.")
        )
    elif reason in ("over_budget", "not_affordable"):
        lines.append(_("Not funded: it did not fit in what was left (%(left)s at the end).") % {"left": _euro(left)})
    return lines


def project_detail(request, pk):
    project = _project_or_404(pk)
    round_ = project.round
    user = request.user
    phase = round_.phase()
    supports = False
    if user.is_authenticated:
        supports = ProjectSupport.objects.filter(project=project, user=user).exists()
    result_row = None
    if round_.result_published_at is not None and round_.result:
        result_row = round_.result.get("projects", {}).get(str(project.pk))
    spent = services.latest_spent(project) if project.selected else None
    return render(
        request,
        "budgeting/project.html",
        {
            "project": project,
            "round": round_,
            "place": round_.budget.place,
            "phase": phase,
            "supports": supports,
            "can_support": phase == RoundPhase.SUPPORT
            and project.status in (ProjectStatus.ON_BALLOT, ProjectStatus.NOT_SHORTLISTED),
            "result_row": result_row,
            "why": explain(round_.result, project.pk) if result_row else [],
            "updates": project.updates.select_related("author"),
            "spent": spent,
            "can_manage": user.has_perm("budgeting.manage_round", round_),
            "can_update": project.selected is True and user.has_perm("budgeting.update_realisation", project),
            "can_review": user.has_perm("budgeting.manage_round", round_)
            and services.is_before_voting(round_)
            and timezone.now() >= round_.review_opens
            and project.status != ProjectStatus.WITHDRAWN,
            "can_withdraw": services.is_before_voting(round_)
            and project.status != ProjectStatus.WITHDRAWN
            and (
                (user.is_authenticated and project.submitted_by_id == user.pk)
                or user.has_perm("budgeting.manage_round", round_)
            ),
        },
    )


@require_POST
def project_support(request, pk):
    project = _project_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(project.get_absolute_url())
    if request.POST.get("action") == "withdraw":
        _r, ok = _run(request, services.withdraw_support, None, project=project)
        if ok:
            messages.success(request, _("You no longer support this project."))
    else:
        _r, ok = _run(request, services.support_project, None, project=project)
        if ok:
            messages.success(request, _("Thank you for your support."))
    target = request.POST.get("next")
    if target == "round":
        return redirect(f"{project.round.get_absolute_url()}#project-{project.pk}")
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def project_withdraw(request, pk):
    project = _project_or_404(pk)
    _r, ok = _run(request, services.withdraw_project, None, project=project, reason=request.POST.get("reason", ""))
    if ok:
        messages.success(request, _("The project has been withdrawn."))
    return redirect(project.get_absolute_url())


# --- The result ----------------------------------------------------------------------------


def _published_round(pk) -> Round:
    round_ = _round_or_404(pk)
    if round_.result_published_at is None or not round_.result:
        raise Http404
    return round_


def _per_voter(result) -> int | None:
    value = result.get("per_voter_budget")
    if not value:
        return None
    return round(Fraction(value))


def result_rows(round_) -> list[dict]:
    result = round_.result or {}
    rows = []
    projects = {str(p.pk): p for p in round_.projects.filter(status=ProjectStatus.ON_BALLOT).select_related("area")}
    for pid, project in projects.items():
        row = result.get("projects", {}).get(pid, {})
        rows.append(
            {
                "project": project,
                "pid": pid,
                "votes": int(row.get("votes") or 0),
                "cost": int(row.get("cost") or project.cost_cents or 0),
                "selected": bool(row.get("selected")),
                "order": row.get("order"),
                "why": explain(result, pid),
                "paid": int(row.get("paid_by_supporters") or 0),
                "paying": int(row.get("supporters_paying") or 0),
                "support_percent": round(float(row.get("effective_support") or 0) * 100),
            }
        )
    rows.sort(key=lambda r: (not r["selected"], r["order"] if r["order"] is not None else 10**6, -r["votes"]))
    return rows


def _results_body(round_) -> dict:
    """The chart and the tables of a result, rendered once and cached per round, publication,
    language and the version that services.results_changed moves on: the rows and the HTML are
    the same for every visitor, and rendering them is most of the page's work."""
    key = (
        f"samenspel:budgeting:results:{round_.pk}:{services.results_version(round_.pk)}:"
        f"{round_.result_published_at.timestamp()}:{get_language()}"
    )
    cached = cache.get(key)
    if cached is None:
        rows = result_rows(round_)
        chart = bar_chart(
            [
                {
                    "label": f"{r['project'].number}. {r['project'].title}",
                    "value": r["votes"],
                    "display": str(r["votes"]),
                    "highlight": r["selected"],
                    "url": r["project"].get_absolute_url(),
                }
                for r in rows
            ],
            label_width=240,
        )
        winners = [r for r in rows if r["selected"]]
        html = render_to_string(
            "budgeting/_results_body.html",
            {"round": round_, "chart": chart, "winners": winners, "losers": [r for r in rows if not r["selected"]]},
        )
        cached = {"funded_count": len(winners), "html": html}
        cache.set(key, cached, services.RESULTS_CACHE_SECONDS)
    return cached


def _receipt_lookup(request, round_, result):
    """What the ballot with this receipt helped fund. Returns (form, answer, blocked). Wrong
    receipts count towards the same limits as wrong voting codes (voting.attempts_blocked)."""
    from . import tally, voting

    form = ReceiptForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return form, None, False
    ip = ratelimit.client_ip(request)
    if voting.attempts_blocked(round_, ip, "receipt"):
        form.add_error(
            "receipt",
            ngettext(
                "Too many wrong codes were tried. Wait %(minutes)d minute and try again.",
                "Too many wrong codes were tried. Wait %(minutes)d minutes and try again.",
                voting.IP_WINDOW // 60,
            )
            % {"minutes": voting.IP_WINDOW // 60},
        )
        return form, None, True
    ballot = voting.ballot_for_receipt(round_, form.cleaned_data["receipt"])
    if ballot is None:
        voting.record_failed_attempt(round_, ip, "receipt")
        form.add_error("receipt", _("No counted ballot has this receipt code. Check the code and try again."))
        return form, None, False
    shares = tally.voter_share(result, ballot.choices)
    projects = {str(p.pk): p for p in round_.projects.filter(pk__in=[int(k) for k in ballot.choices if k.isdigit()])}
    chosen = []
    for pid in ballot.choices:
        project = projects.get(str(pid))
        if project is None:
            continue
        row = result.get("projects", {}).get(str(pid), {})
        chosen.append(
            {
                "project": project,
                "points": ballot.choices[pid],
                "selected": bool(row.get("selected")),
                "paid": int(shares.get(str(pid), 0) or 0),
            }
        )
    chosen.sort(key=lambda c: (not c["selected"], c["project"].number))
    answer = {
        "chosen": chosen,
        "funded": sum(1 for c in chosen if c["selected"]),
        "paid": sum(c["paid"] for c in chosen),
    }
    return form, answer, False


def results(request, pk):
    round_ = _published_round(pk)
    result = round_.result
    body = _results_body(round_)
    form, answer, blocked = _receipt_lookup(request, round_, result)
    seed = str(result.get("lot_seed") or round_.lot_seed)
    spent = int(result.get("cost") or 0)
    return render(
        request,
        "budgeting/results.html",
        {
            "round": round_,
            "place": round_.budget.place,
            "result": result,
            "funded_count": body["funded_count"],
            "results_body": body["html"],  # a SafeString (render_to_string), also after the cache
            "rule_label": TallyRule(result["rule"]).label if result.get("rule") in TallyRule.values else result["rule"],
            "rule_explanation": services.RULE_EXPLANATIONS.get(result.get("rule"), ""),
            "utility_explanation": services.UTILITY_EXPLANATIONS.get(result.get("utility"), ""),
            "is_mes": result.get("rule") in MES_RULES,
            "per_voter": _per_voter(result),
            "spent": spent,
            "left": int(result.get("budget") or round_.amount_cents) - spent,
            "binding": services.binding_status(round_),
            "receipt_form": form,
            "answer": answer,
            "channels": result.get("ballots_by_channel") or {},
            # The seed in pieces that may wrap on a phone (copying it still gives the whole seed).
            "seed_pieces": [seed[i : i + 8] for i in range(0, len(seed), 8)],
        },
        status=429 if blocked else 200,
    )


def results_json(request, pk):
    round_ = _published_round(pk)
    body = json.dumps(round_.result, ensure_ascii=False, indent=2, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uitslag-{slugify(round_.title) or round_.pk}.json"'
    return response


def results_pb(request, pk):
    from . import exchange

    round_ = _published_round(pk)
    response = HttpResponse(exchange.round_to_pb(round_), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(round_.title) or round_.pk}.pb"'
    return response


def realisation(request, pk):
    round_ = _published_round(pk)
    winners = list(round_.projects.filter(selected=True).prefetch_related("updates"))
    rows = []
    for project in sorted(winners, key=lambda p: p.number):
        updates = list(project.updates.all())
        latest = updates[0] if updates else None
        spent = next((u.spent_cents for u in updates if u.spent_cents is not None), None)
        rows.append(
            {
                "project": project,
                "latest": latest,
                "spent": spent,
                "status": project.get_realisation_display() if project.realisation else _("not started yet"),
                "over": spent is not None and project.cost_cents is not None and spent > project.cost_cents,
            }
        )
    total_cost = sum(p.cost_cents or 0 for p in winners)
    total_spent = sum(r["spent"] or 0 for r in rows)
    return render(
        request,
        "budgeting/realisation.html",
        {
            "round": round_,
            "place": round_.budget.place,
            "rows": rows,
            "total_cost": total_cost,
            "total_spent": total_spent,
            "done": sum(1 for p in winners if p.realisation == RealisationStatus.DONE),
            "can_update": request.user.has_perm("budgeting.update_realisation", round_),
        },
    )


# --- Officials -----------------------------------------------------------------------------


@login_required
def budget_new(request):
    place_id = request.GET.get("plaats", "")
    if not place_id.isdigit():
        places = _manageable_places(request.user)
        if not places:
            raise PermissionDenied
        return render(request, "budgeting/place_chooser.html", {"places": places})
    place = get_object_or_404(Place, pk=int(place_id))
    _require(request, "budgeting.manage_round", place)
    form = BudgetForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        budget, ok = _run(request, services.create_budget, form, place=place, **form.cleaned_data)
        if ok:
            messages.success(request, _("The budget has been created. Now add a round to divide it."))
            return redirect("budgeting:round_new", budget.pk)
    return render(request, "budgeting/budget_form.html", {"form": form, "place": place, "budget": None})


@login_required
def budget_edit(request, pk):
    budget = get_object_or_404(Budget.objects.select_related("place"), pk=pk)
    _require(request, "budgeting.manage_round", budget)
    initial = {
        name: getattr(budget, name)
        for name in ("kind", "title", "description", "period_start", "period_end", "amount_cents", "scope_item")
    }
    form = BudgetForm(request.POST or None, place=budget.place, initial=initial)
    if request.method == "POST" and form.is_valid():
        _b, ok = _run(request, services.update_budget, form, budget=budget, **form.cleaned_data)
        if ok:
            messages.success(request, _("The budget has been saved."))
            return redirect("budgeting:budget", budget.pk)
    return render(request, "budgeting/budget_form.html", {"form": form, "place": budget.place, "budget": budget})


@login_required
def round_new(request, pk):
    budget = get_object_or_404(Budget.objects.select_related("place"), pk=pk)
    _require(request, "budgeting.manage_round", budget)
    form = RoundForm(request.POST or None, initial={"amount_cents": services.available_for_rounds(budget)})
    if request.method == "POST" and form.is_valid():
        round_, ok = _run(request, services.create_round, form, budget=budget, **form.service_fields())
        if ok:
            messages.success(request, _("The round has been created."))
            return redirect("budgeting:manage", round_.pk)
    return render(request, "budgeting/round_form.html", {"form": form, "budget": budget, "round": None})


@login_required
def round_edit(request, pk):
    round_ = _round_or_404(pk)
    _require(request, "budgeting.manage_round", round_)
    if round_.result_published_at is not None:
        messages.info(request, _("The result of this round is published: the round can no longer change."))
        return redirect("budgeting:manage", round_.pk)
    form = RoundForm(request.POST or None, initial=RoundForm.initial_from(round_))
    if request.method == "POST" and form.is_valid():
        _r, ok = _run(request, services.update_round, form, round=round_, **form.service_fields())
        if ok:
            messages.success(request, _("The round has been saved."))
            return redirect("budgeting:manage", round_.pk)
    return render(request, "budgeting/round_form.html", {"form": form, "budget": round_.budget, "round": round_})


def _paper_status(round_):
    from . import voting

    return voting.paper_status(round_)


@login_required
def manage(request, pk):
    """The officials' page of a round: what to do now, in the order of the phases."""
    round_ = _round_or_404(pk)
    _require(request, "budgeting.manage_round", round_)
    now = timezone.now()
    fmt = exports.requested_format(request)
    if fmt:
        return _manage_export(request, round_, fmt, now)
    phase = round_.phase(now)
    projects = list(round_.projects.select_related("area", "idea").order_by("status", "number", "pk"))
    on_ballot = [p for p in projects if p.status == ProjectStatus.ON_BALLOT]
    shortlist_pending = bool(round_.shortlist_size and round_.support_opens and len(on_ballot) > round_.shortlist_size)
    voting_started = now >= round_.voting_opens
    return render(
        request,
        "budgeting/manage.html",
        {
            "round": round_,
            "budget": round_.budget,
            "place": round_.budget.place,
            "phase": phase,
            "phase_label": services.phase_label(phase),
            "to_review": [p for p in projects if p.status == ProjectStatus.SUBMITTED],
            "projects": projects,
            "on_ballot": on_ballot,
            "before_voting": services.is_before_voting(round_, now),
            "review_open": now >= round_.review_opens,
            "shortlist_pending": shortlist_pending,
            "can_shortlist": bool(round_.shortlist_size and round_.support_opens and now >= round_.support_opens)
            and services.is_before_voting(round_, now),
            "voting_started": voting_started,
            "voting_ended": services.voting_has_ended(round_, now),
            "paper": services.open_paper_work(round_),
            "turnout": _turnout(round_) if voting_started else None,
            "area_caps": round_.area_caps.select_related("area"),
            "has_areas": round_.budget.place.children.exists(),
            "codes_url": _voting_url("codes", round_),
            "paper_url": _voting_url("paper", round_),
            "close_url": _voting_url("close", round_),
            "winners": [p for p in projects if p.selected],
            "export_lists": [(key, title) for key, (_c, _r, title, _p) in round_exports.lists(round_, None).items()],
        },
    )


def _manage_export(request, round_, fmt, now):
    """One of the round's lists as a file, for the officials who may manage the round."""
    turnout = _turnout(round_) if now >= round_.voting_opens else None
    chosen = round_exports.lists(round_, turnout).get(request.GET.get("lijst", "projecten"))
    if chosen is None:
        raise Http404
    columns, rows, title, personal = chosen
    key = request.GET.get("lijst", "projecten")
    return exports.export_response(
        request,
        fmt,
        columns,
        rows,
        filename=f"{slugify(round_.title) or round_.pk}-{key}",
        title=str(title),
        personal=personal,
        dataset=f"budgeting.{key}",
        obj=round_,
    )


@login_required
def area_caps(request, pk):
    round_ = _round_or_404(pk)
    _require(request, "budgeting.manage_round", round_)
    form = AreaCapForm(request.POST or None, place=round_.budget.place)
    if request.method == "POST" and form.is_valid():
        _c, ok = _run(request, services.set_area_cap, form, round=round_, **form.cleaned_data)
        if ok:
            messages.success(request, _("The cap has been saved."))
            return redirect("budgeting:area_caps", round_.pk)
    return render(
        request,
        "budgeting/area_caps.html",
        {"form": form, "round": round_, "caps": round_.area_caps.select_related("area")},
    )


@login_required
def project_new(request, pk):
    """Staff enter a proposal that came in on paper, by phone or at a meeting."""
    round_ = _round_or_404(pk)
    _require(request, "budgeting.manage_round", round_)
    form = ProjectOnBehalfForm(request.POST or None, place=round_.budget.place)
    if request.method == "POST" and form.is_valid():
        project, ok = _run(request, services.submit_project, form, round=round_, **form.service_fields())
        if ok:
            messages.success(request, _("The project has been added, and the idea is in the ideas register."))
            return redirect(project.get_absolute_url())
    return render(request, "budgeting/project_form.html", {"form": form, "round": round_, "on_behalf": True})


def _ideas_for(round_):
    place = round_.budget.place
    taken = round_.projects.exclude(idea=None).exclude(status=ProjectStatus.WITHDRAWN).values_list("idea_id")
    return (
        Idea.objects.filter(
            Q(place=place) | Q(place__parent=place) | Q(buurt=place) | Q(place=place.parent, buurt=place),
            is_hidden=False,
        )
        .exclude(pk__in=taken)
        .order_by("-created_at")
    )


@login_required
def project_from_idea(request, pk):
    round_ = _round_or_404(pk)
    _require(request, "budgeting.manage_round", round_)
    form = FromIdeaForm(request.POST or None, ideas=_ideas_for(round_))
    if request.method == "POST" and form.is_valid():
        project, ok = _run(request, services.add_project_from_idea, form, round=round_, **form.cleaned_data)
        if ok:
            messages.success(request, _("The idea is now a project in this round. Check it to put it on the ballot."))
            return redirect(project.get_absolute_url())
    return render(request, "budgeting/from_idea_form.html", {"form": form, "round": round_})


@login_required
def review(request, pk):
    project = _project_or_404(pk)
    _require(request, "budgeting.manage_round", project.round)
    initial = {"cost_cents": project.cost_cents, "reason": project.review_reason}
    if project.status == ProjectStatus.ON_BALLOT:
        initial.update({"feasible": "yes", "number": project.number})
    elif project.status == ProjectStatus.NOT_FEASIBLE:
        initial["feasible"] = "no"
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _p, ok = _run(request, services.review_project, form, project=project, **form.cleaned_data)
        if ok:
            messages.success(request, _("The check has been saved and published."))
            return redirect("budgeting:manage", project.round.pk)
    return render(request, "budgeting/review_form.html", {"form": form, "project": project, "round": project.round})


@login_required
@require_POST
def shortlist(request, pk):
    round_ = _round_or_404(pk)
    _require(request, "budgeting.manage_round", round_)
    on_ballot, ok = _run(request, services.apply_shortlist, None, round=round_)
    if ok:
        messages.success(
            request, _("The shortlist has been applied: %(n)d projects are on the ballot.") % {"n": len(on_ballot)}
        )
    return redirect("budgeting:manage", round_.pk)


@login_required
def publish(request, pk):
    round_ = _round_or_404(pk)
    _require(request, "budgeting.manage_round", round_)
    if round_.result_published_at is not None:
        return redirect("budgeting:results", round_.pk)
    form = PublishForm(request.POST if request.method == "POST" else None)
    paper = services.open_paper_work(round_)
    if request.method == "POST" and form.is_valid():
        _r, ok = _run(request, services.publish_result, form, round=round_, **form.cleaned_data)
        if ok:
            messages.success(request, _("The result has been counted and published."))
            return redirect("budgeting:results", round_.pk)
    return render(
        request,
        "budgeting/publish_form.html",
        {
            "form": form,
            "round": round_,
            "paper": paper,
            "paper_open": paper["single"] + paper["discrepancies"],
            "voting_ended": services.voting_has_ended(round_),
            "rule_explanation": services.RULE_EXPLANATIONS.get(round_.tally_rule, ""),
        },
    )


@login_required
def realisation_update(request, pk):
    project = _project_or_404(pk)
    _require(request, "budgeting.update_realisation", project)
    if project.selected is not True:
        raise Http404
    form = RealisationForm(request.POST or None, initial={"status": project.realisation or RealisationStatus.PLANNED})
    if request.method == "POST" and form.is_valid():
        _u, ok = _run(request, services.add_realisation_update, form, project=project, **form.cleaned_data)
        if ok:
            messages.success(request, _("The progress update has been published."))
            return redirect(f"{project.get_absolute_url()}#realisation")
    return render(
        request, "budgeting/realisation_form.html", {"form": form, "project": project, "round": project.round}
    )
