"""Pages for drawing by lot: the public draw page, replying to an invitation, checking your own
chance, and the pages of the officials who run the draw. Thin: the work is in services.py."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samenspel.core import exports, ratelimit
from samenspel.core.forms import add_service_errors, run_service
from samenspel.places.charts import bar_chart
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place

from . import exports as sortition_exports
from . import register, services
from .forms import (
    CodeForm,
    DrawForm,
    EnterReplyForm,
    ExtractForm,
    InvitationsForm,
    QuotaForm,
    ReleaseForm,
    ReplacementForm,
    ReplyForm,
    SeatForm,
    SeedForm,
    SeedSourceForm,
)
from .models import (
    FEATURE_LABELS,
    Draw,
    DrawStatus,
    Invitation,
    Quota,
    RegisterExtract,
    Respondent,
    RespondentStatus,
    Selection,
    SelectionKind,
    TaskState,
)

SESSION_CODE = "sortition.reply_code"
CODE_LIMIT = 20  # wrong codes per client IP ...
CODE_WINDOW = 15 * 60  # ... per 15 minutes


# --- helpers -------------------------------------------------------------------------------


def _draw(pk) -> Draw:
    return get_object_or_404(Draw.objects.select_related("place", "place__municipality", "organisation"), pk=pk)


def _public_draw(request, pk) -> Draw:
    draw = _draw(pk)
    if not request.user.has_perm("sortition.view_draw", draw):
        raise Http404
    return draw


def _run_draw(request, pk) -> Draw:
    draw = _draw(pk)
    if not services.can_run(request.user, draw):
        raise PermissionDenied
    return draw


def _selection(draw, number) -> Selection:
    return get_object_or_404(Selection, draw=draw, number=number)


def _manage(draw):
    return redirect("sortition:manage", draw.pk)


def _limit_key(request) -> str:
    return f"samenspel:sortition:code:{ratelimit.client_ip(request)}:{int(time.time() // CODE_WINDOW)}"


def _blocked(request) -> bool:
    return ratelimit.blocked(_limit_key(request), CODE_LIMIT)


def _failed(request) -> None:
    ratelimit.count(_limit_key(request), CODE_WINDOW)


def _too_many(request, template, context):
    context["blocked"] = True
    return render(request, template, context, status=429)


def _feature_label(feature: str) -> str:
    return str(FEATURE_LABELS.get(feature, feature))


def _quota_rows(rows) -> list[dict]:
    return [
        {
            **row,
            "feature_label": _feature_label(row["feature"]),
            "label": services.value_label(row["feature"], row["value"]),
        }
        for row in rows
    ]


def _outcome_chart(selection):
    rows = services.outcome_table(selection)
    chart = bar_chart(
        [
            {
                "label": f"{_feature_label(r['feature'])}: {r['label']}",
                "value": r["drawn"] or 0,
                "display": str(r["drawn"]),
            }
            for r in rows
        ],
        label_width=240,
    )
    return rows, chart


def _probability_chart(summary):
    if not summary:
        return None
    return bar_chart(
        [
            {"label": f"{b['low']}–{b['high']} %", "value": b["people"], "display": str(b["people"])}
            for b in summary["buckets"]
        ],
        label_width=120,
    )


def relaxation_text(change: dict) -> str:
    """One step of the smallest relaxation, in plain words."""
    label = services.value_label(change["feature"], change["value"])
    name = f"{_feature_label(change['feature']).capitalize()} {label}"
    parts = []
    if change["new_min"] < change["old_min"]:
        parts.append(
            _("lower the minimum from %(old)d to %(new)d") % {"old": change["old_min"], "new": change["new_min"]}
        )
    if change["new_max"] > change["old_max"]:
        parts.append(
            _("raise the maximum from %(old)d to %(new)d") % {"old": change["old_max"], "new": change["new_max"]}
        )
    return _("%(group)s: %(change)s.") % {"group": name, "change": _(" and ").join(parts)}


def _pct(fraction: float) -> str:
    return f"{number_format(fraction * 100, decimal_pos=1, use_l10n=True)} %"


def _runs(draw) -> list[dict]:
    runs = []
    for selection in draw.selections.all().prefetch_related("replaces"):
        summary = services.probability_summary(selection) if selection.is_committed else None
        rows, chart = _outcome_chart(selection) if selection.is_done else (services.outcome_table(selection), None)
        runs.append(
            {
                "selection": selection,
                "key": f"run{selection.number}",
                "relaxation": [relaxation_text(r) for r in selection.relaxation],
                "summary": summary,
                "pct": {k: _pct(summary[k]) for k in ("min", "max", "equal", "median")} if summary else {},
                "probability_chart": _probability_chart(summary),
                "rows": _quota_rows(rows),
                "chart": chart,
            }
        )
    return runs


def _seated(draw) -> list[dict]:
    members = []
    for r in Respondent.objects.filter(draw=draw, status=RespondentStatus.SEATED).select_related("user"):
        members.append({"label": r.user.public_name if r.user_id else r.public_label, "has_account": bool(r.user_id)})
    return members


# --- public pages --------------------------------------------------------------------------


def index(request):
    draws = [d for d in Draw.objects.select_related("place") if request.user.has_perm("sortition.view_draw", d)]
    can_create = bool(_places_for(request.user))
    return render(request, "sortition/index.html", {"draws": draws, "can_create": can_create})


def draw_detail(request, pk):
    """The public page: what the draw is for, its steps, the commitment, the quotas against
    the outcome, the distribution of chances, the seated council and how to check it all."""
    draw = _public_draw(request, pk)
    stats = Invitation.objects.filter(draw=draw).aggregate(
        letters=Count("id"),
        yes=Count("respondent", filter=Q(respondent__status__in=_yes_statuses())),
        no=Count("respondent", filter=Q(respondent__status=RespondentStatus.DECLINED_INVITATION)),
    )
    return render(
        request,
        "sortition/draw.html",
        {
            "draw": draw,
            "stats": stats,
            "runs": [r for r in _runs(draw) if r["selection"].is_committed],
            "seated": _seated(draw),
            "vacancies": services.vacancies(draw) if draw.reached(DrawStatus.SELECTED) else None,
            "can_run": services.can_run(request.user, draw),
            "steps": _steps(draw),
        },
    )


def _yes_statuses():
    return [s for s in RespondentStatus.values if s != RespondentStatus.DECLINED_INVITATION]


def _steps(draw) -> list[dict]:
    return [
        {"label": label, "done": draw.reached(status), "current": draw.status == status}
        for status, label in DrawStatus.choices
    ]


def material(request, pk, number):
    """The published material of one run as JSON, for `samenspel sortition verify`."""
    draw = _public_draw(request, pk)
    selection = _selection(draw, number)
    if not selection.is_committed:
        raise Http404
    response = JsonResponse(services.material(selection), json_dumps_params={"indent": 1, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="loting-{draw.pk}-{selection.number}.json"'
    return response


@never_cache
def reply(request):
    """Reply to an invitation: type the code (or come from the QR code), then say yes or no."""
    if "code" in request.GET:  # from the QR code: keep the code out of the address bar and logs
        request.session[SESSION_CODE] = services.normalise_code(request.GET["code"])[:20]
        return redirect("sortition:reply")
    code = request.session.get(SESSION_CODE, "")
    invitation = services.find_invitation(code) if code else None
    context = {"invitation": invitation}
    if invitation is None:
        form = CodeForm(request.POST or None)
        context["form"] = form
        if code:
            request.session.pop(SESSION_CODE, None)
            _failed(request)
            form.add_error(None, _("We do not know this code. Check the code on your letter and try again."))
        if request.method == "POST" and form.is_valid():
            if _blocked(request):
                return _too_many(request, "sortition/reply.html", context)
            if services.find_invitation(form.cleaned_data["code"]) is None:
                _failed(request)
                form.add_error("code", _("We do not know this code. Check the code on your letter and try again."))
            else:
                request.session[SESSION_CODE] = services.normalise_code(form.cleaned_data["code"])
                return redirect("sortition:reply")
        return render(request, "sortition/reply.html", context)
    draw = invitation.draw
    answered = Respondent.objects.filter(invitation=invitation).first()
    context.update({"draw": draw, "answered": answered, "open": draw.status == DrawStatus.INVITED})
    if answered or draw.status != DrawStatus.INVITED:
        return render(request, "sortition/reply.html", context)
    form = ReplyForm(request.POST or None, buurten=services.feature_values(draw)["buurt"])
    context["reply_form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            respondent = services.reply(code=code, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(SESSION_CODE, None)
            if respondent.status == RespondentStatus.POOL:
                messages.success(
                    request, _("Thank you! You are in the draw. Keep your letter: with its code you can check it.")
                )
            else:
                messages.success(request, _("Thank you for letting us know."))
            return redirect("sortition:draw", draw.pk)
    return render(request, "sortition/reply.html", context)


@never_cache
def check(request):
    """Check my invitation: with the reply code, your own chance and whether you were drawn."""
    form = CodeForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if _blocked(request):
            return _too_many(request, "sortition/check.html", context)
        result = services.check_invitation(form.cleaned_data["code"])
        if result is None:
            _failed(request)
            form.add_error("code", _("We do not know this code. Check the code on your letter and try again."))
        else:
            for run in result["runs"]:
                run["display"] = _pct(run["probability"]) if run["probability"] is not None else ""
            context["result"] = result
    return render(request, "sortition/check.html", context)


# --- official pages --------------------------------------------------------------------------


def _places_for(user) -> list:
    if not user.is_authenticated:
        return []
    return [
        p
        for p in Place.objects.filter(kind__in=NEIGHBOURHOOD_KINDS).select_related("parent")
        if user.has_perm("sortition.create_draw", p)
    ]


@login_required
def draw_new(request):
    places = _places_for(request.user)
    if not places:
        raise PermissionDenied
    form = DrawForm(request.POST or None, places=Place.objects.filter(pk__in=[p.pk for p in places]))
    if request.method == "POST" and form.is_valid():
        draw, ok = run_service(request, services.create_draw, form, **form.cleaned_data)
        if ok:
            messages.success(request, _("The draw is created. Next: upload the register extract."))
            return _manage(draw)
    return render(request, "sortition/draw_form.html", {"form": form})


@never_cache
@login_required
def manage(request, pk):
    """The official's page: every step from the extract to the seated council."""
    draw = _run_draw(request, pk)
    extract = RegisterExtract.objects.filter(draw=draw).first()
    respondents = list(Respondent.objects.filter(draw=draw).select_related("user", "entered_by", "invitation"))
    fmt = exports.requested_format(request)
    if fmt:
        if not sortition_exports.export_allowed(extract):
            raise PermissionDenied(
                _("The register extract has been deleted: the respondents can no longer be downloaded.")
            )
        return exports.export_response(
            request,
            fmt,
            sortition_exports.respondent_columns(respondents),
            respondents,
            filename=f"loting-{draw.pk}-respondenten",
            title=_("Respondents"),
            personal=True,
            dataset="sortition.respondents",
            obj=draw,
        )
    pool = [r for r in respondents if r.status != RespondentStatus.DECLINED_INVITATION]
    runs = _runs(draw)
    running = any(r["selection"].is_running for r in runs)
    batches = (
        Invitation.objects.filter(draw=draw)
        .values("batch")
        .annotate(letters=Count("id"), printable=Count("id", filter=~Q(letter=b"")))
        .order_by("batch")
    )
    return render(
        request,
        "sortition/manage.html",
        {
            "draw": draw,
            "extract": extract,
            "batches": list(batches),
            "letters": sum(b["letters"] for b in batches),
            "respondents": respondents,
            "yes": len(pool),
            "no": len(respondents) - len(pool),
            "representation": _representation(draw, pool),
            "quotas": _quota_rows(list(Quota.objects.filter(draw=draw).values())),
            "runs": runs,
            "running": running,
            "pending": any(not r["selection"].is_done for r in runs),
            "drawn": [r for r in respondents if r.status in (RespondentStatus.SELECTED, RespondentStatus.SEATED)],
            "released": [r for r in respondents if r.status in (RespondentStatus.DECLINED_SEAT, RespondentStatus.LEFT)],
            "vacancies": services.vacancies(draw) if draw.reached(DrawStatus.SELECTED) else None,
            "extract_form": ExtractForm(),
            "can_export_respondents": sortition_exports.export_allowed(extract),
            "export_links": exports.format_links(request),
            "invitations_form": InvitationsForm(),
            "seed_source_form": SeedSourceForm(
                initial={"seed_source": runs[0]["selection"].seed_source if runs else ""}
            ),
            "seed_form": SeedForm(),
            "replacement_form": ReplacementForm(),
            "seat_form": SeatForm(),
            "release_form": ReleaseForm(),
            "TaskState": TaskState,
        },
    )


def _representation(draw, pool) -> list[dict]:
    """Who said yes against the population, per feature value: shows self-selection."""
    rows = []
    total_pool = len(pool) or 1
    for feature in services.FEATURES:
        figures = (draw.population or {}).get(feature, {})
        total_population = sum(figures.values()) or 1
        for value in services.feature_values(draw)[feature]:
            in_pool = sum(1 for r in pool if r.features.get(feature) == value)
            rows.append(
                {
                    "feature": _feature_label(feature),
                    "label": services.value_label(feature, value),
                    "pool": in_pool,
                    "pool_share": 100 * in_pool / total_pool,
                    "population_share": 100 * figures.get(value, 0) / total_population if figures else None,
                }
            )
    return rows


@require_POST
@login_required
def extract_upload(request, pk):
    draw = _run_draw(request, pk)
    form = ExtractForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            residents = register.parse_extract(form.cleaned_data["extract"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            extract, ok = run_service(request, services.upload_extract, draw=draw, residents=residents)
            if ok:
                messages.success(
                    request,
                    _("The extract is stored encrypted: %(rows)d residents, %(eligible)d of them old enough.")
                    % {"rows": extract.rows, "eligible": extract.eligible},
                )
    else:
        messages.error(request, _("Choose a CSV file."))
    return _manage(draw)


@require_POST
@login_required
def extract_delete(request, pk):
    draw = _run_draw(request, pk)
    _result, ok = run_service(request, services.delete_extract, draw=draw, reason="by hand")
    if ok:
        messages.success(request, _("The register extract and the names and addresses for the letters are deleted."))
    return _manage(draw)


@require_POST
@login_required
def invitations(request, pk):
    draw = _run_draw(request, pk)
    form = InvitationsForm(request.POST)
    if form.is_valid():
        made, ok = run_service(request, services.draw_invitations, form, draw=draw, count=form.cleaned_data["count"])
        if ok:
            messages.success(
                request, _("%(n)d letters are ready. Download them below and send them.") % {"n": len(made)}
            )
        else:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
    else:
        messages.error(request, _("Give the number of letters."))
    return _manage(draw)


@never_cache
@login_required
def letters(request, pk):
    draw = _run_draw(request, pk)
    batch = request.GET.get("batch")
    try:
        pdf = services.letters_pdf(user=request.user, draw=draw, batch=int(batch) if batch else None)
    except (ValueError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Unknown batch.")])))
        return _manage(draw)
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{int(batch)}" if batch else ""
    response["Content-Disposition"] = f'attachment; filename="uitnodigingen-loting-{draw.pk}{suffix}.pdf"'
    return response


@never_cache
@login_required
def reply_enter(request, pk):
    """Enter a reply that came in on paper, by phone or at a meeting."""
    draw = _run_draw(request, pk)
    form = EnterReplyForm(request.POST or None, buurten=services.feature_values(draw)["buurt"])
    if request.method == "POST" and form.is_valid():
        _respondent, ok = run_service(
            request,
            services.enter_reply,
            form,
            draw=draw,
            code=form.cleaned_data["code"],
            channel=form.cleaned_data["channel"],
            **form.service_kwargs(),
        )
        if ok:
            messages.success(request, _("The reply is entered."))
            return redirect("sortition:reply_enter", draw.pk)
    return render(request, "sortition/reply_enter.html", {"draw": draw, "form": form})


@require_POST
@login_required
def close_replies(request, pk):
    draw = _run_draw(request, pk)
    _result, ok = run_service(request, services.close_replies, draw=draw)
    if ok:
        messages.success(request, _("Replies are closed. The register extract is deleted."))
    return _manage(draw)


@never_cache
@login_required
def quotas(request, pk):
    """Set the quotas: calculate them from the population figures, then change them by hand."""
    draw = _run_draw(request, pk)
    rows = _quota_rows(list(Quota.objects.filter(draw=draw).values()))
    form = QuotaForm(request.POST or None, rows=rows)
    if request.method == "POST" and "calculate" in request.POST:
        _result, ok = run_service(request, services.calculate_quotas, draw=draw)
        if ok:
            messages.success(request, _("The quotas are calculated from the population figures."))
        return redirect("sortition:quotas", draw.pk)
    if request.method == "POST" and form.is_valid():
        _result, ok = run_service(request, services.set_quotas, form, draw=draw, limits=form.limits())
        if ok:
            messages.success(request, _("The quotas are saved."))
            return redirect("sortition:quotas", draw.pk)
    _population, sources = services.cbs_population(draw)
    return render(
        request,
        "sortition/quotas.html",
        {"draw": draw, "form": form, "sources": sources, "editable": draw.status in ("invited", "responses_closed")},
    )


@require_POST
@login_required
def selection_start(request, pk):
    draw = _run_draw(request, pk)
    form = SeedSourceForm(request.POST)
    if form.is_valid():
        _result, ok = run_service(
            request, services.start_selection, draw=draw, seed_source=form.cleaned_data["seed_source"]
        )
        if ok:
            messages.success(request, _("The calculation has started. This page shows its progress."))
    else:
        messages.error(request, _("Say where the seed will come from."))
    return redirect(reverse("sortition:manage", args=[draw.pk]) + "#selection")


@require_POST
@login_required
def relax(request, pk, number):
    draw = _run_draw(request, pk)
    _result, ok = run_service(request, services.apply_relaxation, selection=_selection(draw, number))
    if ok:
        messages.success(request, _("The quotas are relaxed and the calculation runs again."))
    return redirect(reverse("sortition:manage", args=[draw.pk]) + "#selection")


@require_POST
@login_required
def commit(request, pk, number):
    draw = _run_draw(request, pk)
    _result, ok = run_service(request, services.commit, selection=_selection(draw, number))
    if ok:
        messages.success(request, _("The commitment is published. Now wait for the seed from the announced source."))
    return redirect(reverse("sortition:manage", args=[draw.pk]) + "#selection")


@require_POST
@login_required
def reveal(request, pk, number):
    draw = _run_draw(request, pk)
    form = SeedForm(request.POST)
    if form.is_valid():
        chosen, ok = run_service(
            request, services.reveal_seed, selection=_selection(draw, number), seed=form.cleaned_data["seed"]
        )
        if ok:
            messages.success(
                request,
                _("%(n)d residents are drawn. Contact them to ask whether they take the seat.") % {"n": len(chosen)},
            )
    else:
        messages.error(request, _("Type the seed."))
    return redirect(reverse("sortition:manage", args=[draw.pk]) + "#members")


def _respondent(draw, respondent_pk) -> Respondent:
    return get_object_or_404(Respondent, draw=draw, pk=respondent_pk)


@require_POST
@login_required
def seat(request, pk, respondent_pk):
    draw = _run_draw(request, pk)
    form = SeatForm(request.POST)
    initials = form.cleaned_data["initials"] if form.is_valid() else ""
    _result, ok = run_service(request, services.seat, respondent=_respondent(draw, respondent_pk), initials=initials)
    if ok:
        messages.success(request, _("The member is seated."))
    return redirect(reverse("sortition:manage", args=[draw.pk]) + "#members")


@require_POST
@login_required
def release(request, pk, respondent_pk):
    draw = _run_draw(request, pk)
    form = ReleaseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _result, ok = run_service(request, services.release, respondent=_respondent(draw, respondent_pk), reason=reason)
    if ok:
        messages.success(request, _("Recorded. Start a replacement to fill the seat."))
    return redirect(reverse("sortition:manage", args=[draw.pk]) + "#members")


@require_POST
@login_required
def replacement_start(request, pk):
    draw = _run_draw(request, pk)
    form = ReplacementForm(request.POST)
    if form.is_valid():
        _result, ok = run_service(request, services.start_replacement, draw=draw, **form.cleaned_data)
        if ok:
            messages.success(request, _("The replacement is being calculated with the remaining quotas."))
    else:
        messages.error(request, _("Say where the seed will come from."))
    return redirect(reverse("sortition:manage", args=[draw.pk]) + "#selection")


@never_cache
@login_required
def replacement_quotas(request, pk, number):
    draw = _run_draw(request, pk)
    selection = _selection(draw, number)
    if selection.kind != SelectionKind.REPLACEMENT:
        raise Http404
    calculated = {(q["feature"], q["value"]): q for q in selection.quotas_calculated}
    rows = _quota_rows(
        [
            {
                **q,
                "calculated_min": calculated.get((q["feature"], q["value"]), {}).get("min"),
                "calculated_max": calculated.get((q["feature"], q["value"]), {}).get("max"),
            }
            for q in selection.quotas
        ]
    )
    form = QuotaForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        _result, ok = run_service(
            request, services.set_selection_quotas, form, selection=selection, limits=form.limits()
        )
        if ok:
            messages.success(request, _("The quotas are saved and the calculation runs again."))
            return redirect(reverse("sortition:manage", args=[draw.pk]) + "#selection")
    return render(
        request,
        "sortition/quotas.html",
        {"draw": draw, "form": form, "selection": selection, "editable": not selection.is_committed},
    )
