import csv
import io
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Organisation
from samenspel.accounts.rules import is_resident_of
from samenspel.agreements.models import ScopeItem
from samenspel.core import exports
from samenspel.core.forms import run_service as _run
from samenspel.decisions.mandate import IN_FORCE_STATUSES
from samenspel.decisions.models import Decision
from samenspel.initiatives.models import SupportRequest
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place, PlaceKind

from . import charts, overview, services, terms
from .amounts import format_euros
from .document import agreement_context, render_agreement_pdf
from .exports import CHALLENGE_COLUMNS, EXPENDITURE_COLUMNS, LINE_COLUMNS, QUESTION_COLUMNS
from .forms import (
    AdmissibilityForm,
    AgreementForm,
    AnswerForm,
    AssessmentForm,
    AssetBidForm,
    AssetDecisionForm,
    AssetForm,
    ChallengeForm,
    DisposalForm,
    EvaluationForm,
    ExpenditureForm,
    ImportForm,
    LineForm,
    NominationDecisionForm,
    OfferForm,
    PaperSignaturesForm,
    ProgressForm,
    QuestionForm,
    ReasonForm,
    SettingsForm,
    YearForm,
)
from .importing import ImportRefused
from .models import (
    AssetBid,
    AssetStatus,
    BidOutcome,
    BudgetLine,
    Challenge,
    ChallengeOffer,
    ChallengeStatus,
    CommunityAsset,
    DecidedBy,
    Expenditure,
    FinanceSettings,
    LineQuestion,
    OfferStatus,
    QuestionStatus,
)
from .rules import SPEAKING_ROLES

AREA_KINDS = (*NEIGHBOURHOOD_KINDS, PlaceKind.BUURT)
CSV_TABLES = ("regels", "taakvelden", "uitgaven", "jaren", "beslissers", "wijken")


# --- helpers -------------------------------------------------------------------------------------


def _municipality(slug) -> Place:
    return get_object_or_404(Place, slug=slug, kind=PlaceKind.MUNICIPALITY)


def _place(municipality_slug, place_slug) -> Place:
    return get_object_or_404(
        Place.objects.select_related("municipality", "parent"), municipality__slug=municipality_slug, slug=place_slug
    )


def _areas(municipality):
    return Place.objects.filter(municipality=municipality, kind__in=AREA_KINDS).order_by("name")


def _municipal_lines(municipality):
    return (
        BudgetLine.objects.filter(municipality=municipality, decided_by=DecidedBy.MUNICIPALITY, challenge=None)
        .select_related("taakveld", "place")
        .order_by("-year", "taakveld__order", "description")
    )


def _year(request, years):
    form = YearForm(request.GET or None, years=years)
    year = form.cleaned_data.get("jaar") if form.is_valid() else None
    return form, year


def _form_page(request, form, *, title, submit, cancel, crumbs, on_valid, intro="", multipart=False, extra=None):
    """A page with one form: on a valid POST, `on_valid(form)` runs the service and returns a
    redirect, or None when the service refused (its errors are then on the form)."""
    if request.method == "POST" and form.is_valid():
        response = on_valid(form)
        if response is not None:
            return response
    return render(
        request,
        "finance/form_page.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit_label": submit,
            "cancel_url": cancel,
            "crumbs": crumbs,
            "multipart": multipart,
            **(extra or {}),
        },
    )


def _open_budget_crumbs(municipality, place=None) -> list:
    crumbs = [(reverse("finance:index"), _("Open budget"))]
    crumbs.append((reverse("finance:municipality", args=[municipality.slug]), municipality.name))
    if place is not None and place.pk != municipality.pk:
        crumbs.append((reverse("finance:place", args=[municipality.slug, place.slug]), place.name))
    return crumbs


def _challenge_crumbs(challenge) -> list:
    return [
        (reverse("finance:index"), _("Open budget")),
        (reverse("finance:challenges", args=[challenge.municipality.slug]), _("Right to challenge")),
        (challenge.get_absolute_url(), challenge.title),
    ]


def _place_url(place):
    if place is None:
        return ""
    if place.kind == PlaceKind.MUNICIPALITY:
        return reverse("finance:municipality", args=[place.slug])
    return reverse("finance:place", args=[place.root.slug, place.slug])


# --- The open budget -----------------------------------------------------------------------------


def index(request):
    municipalities = Place.objects.filter(kind=PlaceKind.MUNICIPALITY).order_by("name")
    rows = []
    for municipality in municipalities:
        years = overview.years(municipality)
        rows.append(
            {
                "municipality": municipality,
                "years": years,
                "challenges": Challenge.objects.filter(municipality=municipality).count(),
                "offers": ChallengeOffer.objects.filter(municipality=municipality, status=OfferStatus.OPEN).count(),
                "assets": CommunityAsset.objects.filter(municipality=municipality)
                .exclude(status__in=(AssetStatus.NOMINATED, AssetStatus.NOT_LISTED))
                .count(),
            }
        )
    return render(request, "finance/index.html", {"rows": rows})


def _charts(data, place):
    rows = [{"label": r["label"], "planned": r["planned"], "realised": r["realised"]} for r in data["by_taakveld"]]
    trend = [{"label": r["label"], "planned": r["planned"], "realised": r["realised"]} for r in data["trend"]]
    result = {
        "taakveld_chart": charts.paired_chart(rows) if rows else None,
        "trend_chart": charts.paired_chart(trend) if len(trend) > 1 else None,
        "decider_chart": charts.single_chart(data["by_decider"], "planned") if data["lines"] else None,
    }
    if "comparison" in data:
        comparison_rows = [
            {**r, "key": r["place"].pk, "url": _place_url(r["place"])} for r in data["comparison"] if r["lines"]
        ]
        result["comparison_chart"] = charts.single_chart(
            comparison_rows, "planned_per_inhabitant", display=charts.euros
        )
        result["comparison_rows"] = comparison_rows
    return result


def _budget_page(request, municipality, place=None):
    years = overview.years(municipality)
    year_form, year = _year(request, years)
    data = overview.overview(municipality, place, year)
    scope = place or municipality
    fmt = exports.requested_format(request)
    if fmt:
        return _budget_export(request, fmt, data, scope)
    question_counts = dict(
        LineQuestion.objects.filter(line__in=[line.pk for line in data["lines"]])
        .exclude(status=QuestionStatus.HIDDEN)
        .values_list("line_id")
        .annotate(n=Count("pk"))
        .values_list("line_id", "n")
    )
    for line in data["lines"]:
        line.question_count = question_counts.get(line.pk, 0)
    args = [municipality.slug, place.slug] if place else [municipality.slug]
    name = "finance:place_download" if place else "finance:municipality_download"
    csv_url, json_url = reverse(name, args=[*args, "csv"]), reverse(name, args=[*args, "json"])
    year_query = {"jaar": data["year"]} if data["year"] else {}
    tables = [
        ("regels", _("Budget lines (CSV)")),
        ("taakvelden", _("Per taakveld (CSV)")),
        ("beslissers", _("Who decides (CSV)")),
        ("wijken", _("Neighbourhoods compared (CSV)")),
        ("jaren", _("Over the years (CSV)")),
        ("uitgaven", _("Spending (CSV)")),
    ]
    downloads = [
        (label, f"{csv_url}?{urlencode({**year_query, 'tabel': table})}")
        for table, label in tables
        if table != "wijken" or place is None
    ]
    downloads.append((_("Everything (JSON)"), f"{json_url}?{urlencode(year_query)}" if year_query else json_url))
    context = {
        **data,
        **_charts(data, place),
        "year_form": year_form,
        "scope": scope,
        "is_municipality": place is None,
        "crumbs": _open_budget_crumbs(municipality, place),
        "downloads": downloads,
        "can_manage": request.user.has_perm("finance.manage_budget", scope),
        "can_settings": request.user.has_perm("finance.manage_settings", municipality),
        "challenges": Challenge.objects.filter(overview.within_q(scope)).exclude(status=ChallengeStatus.WITHDRAWN)[:10],
        "offers": ChallengeOffer.objects.filter(overview.within_q(scope), status=OfferStatus.OPEN),
        "assets": CommunityAsset.objects.filter(overview.within_q(scope))
        .exclude(status__in=(AssetStatus.NOMINATED, AssetStatus.NOT_LISTED))
        .count(),
    }
    context["export_lists"] = [(key, label) for key, (label, _c, _r) in _budget_lists(data, False).items()]
    return render(request, "finance/budget.html", context)


def _budget_lists(data, can_manage: bool) -> dict:
    """The budget page's lists as files: (title, columns, rows), for the year shown."""
    line_ids = [line.pk for line in data["lines"]]
    questions = LineQuestion.objects.filter(line_id__in=line_ids).select_related("line").order_by("-created_at")
    if not can_manage:
        questions = questions.exclude(status=QuestionStatus.HIDDEN)
    return {
        "regels": (
            _("Budget lines"),
            LINE_COLUMNS,
            BudgetLine.objects.filter(pk__in=line_ids)
            .select_related("municipality", "place", "taakveld")
            .order_by("taakveld__code", "pk"),
        ),
        "uitgaven": (
            _("Spending"),
            EXPENDITURE_COLUMNS,
            Expenditure.objects.filter(pk__in=[e.pk for e in data["expenditures"]])
            .select_related("line__place", "line__taakveld", "decision")
            .order_by("-spent_on", "pk"),
        ),
        "vragen": (_("Questions"), QUESTION_COLUMNS, questions),
    }


def _budget_export(request, fmt, data, scope):
    key = request.GET.get("lijst", "regels")
    chosen = _budget_lists(data, request.user.has_perm("finance.manage_budget", scope)).get(key)
    if chosen is None:
        raise Http404
    title, columns, rows = chosen
    return exports.export_response(
        request,
        fmt,
        columns,
        rows,
        filename=f"open-begroting-{scope.slug}-{data['year'] or 'geen'}-{key}",
        title=str(title),
    )


def municipality_budget(request, municipality):
    return _budget_page(request, _municipality(municipality))


def place_budget(request, municipality, place):
    place = _place(municipality, place)
    return _budget_page(request, place.root, place)


def _line_row(line) -> dict:
    return {
        "id": line.pk,
        "year": line.year,
        "place": line.place.name if line.place else "",
        "place_cbs_code": line.place.cbs_code or "" if line.place else "",
        "attributable": line.place_id is not None,
        "taakveld": line.taakveld.code,
        "taakveld_name": line.taakveld.name,
        "programme": line.programme,
        "economic_category": line.economic_category,
        "description": line.description,
        "planned_euro": format_euros(line.planned_cents),
        "realised_euro": format_euros(line.realised_shown),
        "spent_euro": format_euros(line.spent_cents),
        "decided_by": line.decided_by,
        "agreement_scope_item": line.scope_item.title if line.scope_item else "",
        "challenge": line.challenge_id or "",
    }


def _total_export(row) -> dict:
    result = {
        "label": str(row["label"]),
        "planned_euro": format_euros(row["planned"]),
        "realised_euro": format_euros(row["realised"]),
        "difference_euro": format_euros(row["difference"]),
        "realisation_percent": "" if row["realisation_percent"] is None else str(row["realisation_percent"]),
        "lines": row["lines"],
        "planned_per_inhabitant_euro": format_euros(row["planned_per_inhabitant"]),
        "realised_per_inhabitant_euro": format_euros(row["realised_per_inhabitant"]),
    }
    if "share" in row:
        result["share_percent"] = "" if row["share"] is None else str(row["share"])
    if "place" in row:
        result.update(
            {
                "place_cbs_code": row["place"].cbs_code or "",
                "inhabitants": "" if row["inhabitants"] is None else int(row["inhabitants"]),
                "neighbourhood_decides_percent": ""
                if row["neighbourhood_share"] is None
                else str(row["neighbourhood_share"]),
            }
        )
    return result


def _expenditure_row(e) -> dict:
    return {
        "date": e.spent_on.isoformat(),
        "line": e.line_id,
        "taakveld": e.line.taakveld.code,
        "place": e.line.place.name if e.line.place else "",
        "recipient": e.recipient_name,
        "recipient_kind": e.recipient_kind,
        "recipient_kvk": e.recipient_kvk,
        "purpose": e.purpose,
        "amount_euro": format_euros(e.amount_cents),
        "decision": e.decision.title if e.decision else e.decision_reference,
        "decision_id": e.decision_id or "",
        "initiative": e.idea.title if e.idea else "",
    }


def export_data(data) -> dict:
    """Everything the page shows, as plain data (the JSON download)."""
    scope = data["place"]
    inhabitants = data["inhabitants"]
    result = {
        "municipality": {"name": data["municipality"].name, "cbs_code": data["municipality"].cbs_code},
        "place": {"name": scope.name, "kind": scope.kind, "cbs_code": scope.cbs_code},
        "year": data["year"],
        "years_available": data["years"],
        "inhabitants": None
        if inhabitants is None
        else {"value": int(inhabitants.value), "year": inhabitants.year, "source": inhabitants.source.title},
        "amounts": "euro, with a point for the cents",
        "total": _total_export(data["total"]),
        "by_taakveld": [{"taakveld": r["key"], **_total_export(r)} for r in data["by_taakveld"]],
        "by_who_decides": [{"decided_by": r["key"], **_total_export(r)} for r in data["by_decider"]],
        "trend": [{"year": r["key"], **_total_export(r)} for r in data["trend"]],
        "lines": [_line_row(line) for line in data["lines"]],
        "expenditures": [_expenditure_row(e) for e in data["expenditures"]],
    }
    if "comparison" in data:
        result["comparison"] = [_total_export(r) for r in data["comparison"]]
        result["not_attributable"] = _total_export(data["not_attributable"])
    return result


def _csv_rows(data, table) -> list[dict]:
    if table == "taakvelden":
        return [{"taakveld": r["key"], **_total_export(r)} for r in data["by_taakveld"]]
    if table == "uitgaven":
        return [_expenditure_row(e) for e in data["expenditures"]]
    if table == "jaren":
        return [{"year": r["key"], **_total_export(r)} for r in data["trend"]]
    if table == "beslissers":
        return [{"decided_by": r["key"], **_total_export(r)} for r in data["by_decider"]]
    if table == "wijken":
        return [_total_export(r) for r in data.get("comparison", [])]
    return [_line_row(line) for line in data["lines"]]


def _download(request, municipality, place, fmt):
    years = overview.years(municipality)
    _form, year = _year(request, years)
    data = overview.overview(municipality, place, year)
    scope = place or municipality
    stem = f"open-begroting-{scope.slug}-{data['year'] or 'geen'}"
    if fmt == "json":
        body = json.dumps(export_data(data), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    table = request.GET.get("tabel", "regels")
    if table not in CSV_TABLES or (table == "wijken" and place is not None):
        raise Http404
    rows = _csv_rows(data, table)
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{table}.csv"'
    return response


def municipality_download(request, municipality, fmt):
    return _download(request, _municipality(municipality), None, fmt)


def place_download(request, municipality, place, fmt):
    place = _place(municipality, place)
    return _download(request, place.root, place, fmt)


def line_detail(request, pk):
    line = get_object_or_404(
        BudgetLine.objects.select_related(
            "municipality", "place", "taakveld", "challenge", "scope_item__version__agreement__trajectory__place"
        ),
        pk=pk,
    )
    line = overview.with_spent([line])[0]
    form = QuestionForm(request.POST or None) if request.user.is_authenticated else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            _q, ok = _run(request, services.ask_question, form, line=line, text=form.cleaned_data["text"])
            if ok:
                messages.success(request, _("Your question has been sent. The answer will be published here."))
                return redirect(f"{line.get_absolute_url()}#questions")
    scope = line.place or line.municipality
    return render(
        request,
        "finance/line.html",
        {
            "line": line,
            "scope": scope,
            "crumbs": _open_budget_crumbs(line.municipality, line.place),
            "expenditures": line.expenditures.select_related("decision", "idea", "recipient_organisation"),
            "questions": line.questions.all(),
            "form": form,
            "transfers_out": line.transfers_out.select_related("to_line", "agreement__challenge"),
            "transfers_in": line.transfers_in.select_related("from_line", "agreement__challenge"),
            "can_manage": request.user.has_perm("finance.manage_budget", line),
            "can_answer": request.user.has_perm("finance.answer_question", line),
            "remaining": line.planned_cents - line.spent_cents,
            "today": timezone.localdate(),
        },
    )


# --- Officials: lines, imports, spending, questions, terms ----------------------------------------


def _line_form(request, municipality, line=None):
    places = Place.objects.filter(Q(pk=municipality.pk) | Q(municipality=municipality)).order_by("kind", "name")
    scope_items = ScopeItem.objects.filter(
        version__agreement__trajectory__place__municipality=municipality, version__status__in=IN_FORCE_STATUSES
    ).select_related("version__agreement__trajectory__place")
    initial = {"year": timezone.localdate().year, "decided_by": DecidedBy.MUNICIPALITY}
    if line is not None:
        initial = {
            "year": line.year,
            "place": line.place_id,
            "taakveld": line.taakveld_id,
            "description": line.description,
            "programme": line.programme,
            "economic_category": line.economic_category,
            "planned_cents": line.planned_cents,
            "realised_cents": line.realised_cents,
            "decided_by": line.decided_by,
            "scope_item": line.scope_item_id,
        }
    return LineForm(request.POST or None, initial=initial, places=places, scope_items=scope_items)


@login_required
def line_new(request, municipality):
    municipality = _municipality(municipality)
    if not request.user.has_perm("finance.manage_budget", municipality):
        raise PermissionDenied
    form = _line_form(request, municipality)

    def save(form):
        line, ok = _run(request, services.save_line, form, municipality=municipality, **form.cleaned_data)
        if ok:
            messages.success(request, _("The line is in the open budget."))
            return redirect(line.get_absolute_url())
        return None

    return _form_page(
        request,
        form,
        title=_("Add a budget line"),
        intro=_("Every change is kept in the audit log."),
        submit=_("Add the line"),
        cancel=reverse("finance:municipality", args=[municipality.slug]),
        crumbs=_open_budget_crumbs(municipality),
        on_valid=save,
    )


@login_required
def line_edit(request, pk):
    line = get_object_or_404(BudgetLine.objects.select_related("municipality", "taakveld"), pk=pk)
    if not request.user.has_perm("finance.manage_budget", line):
        raise PermissionDenied
    form = _line_form(request, line.municipality, line)

    def save(form):
        _l, ok = _run(request, services.save_line, form, municipality=line.municipality, line=line, **form.cleaned_data)
        if ok:
            messages.success(request, _("The change is saved; the earlier values stay in the audit log."))
            return redirect(line.get_absolute_url())
        return None

    return _form_page(
        request,
        form,
        title=_("Change the budget line"),
        submit=_("Save"),
        cancel=line.get_absolute_url(),
        crumbs=_open_budget_crumbs(line.municipality, line.place),
        on_valid=save,
    )


@login_required
def line_delete(request, pk):
    line = get_object_or_404(BudgetLine.objects.select_related("municipality", "place", "taakveld"), pk=pk)
    if not request.user.has_perm("finance.manage_budget", line):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)

    def delete(form):
        _r, ok = _run(request, services.delete_line, form, line=line, reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, _("The line has been removed."))
            return redirect(_place_url(line.place or line.municipality))
        return None

    return _form_page(
        request,
        form,
        title=_("Remove the budget line “%(line)s”") % {"line": line.description},
        intro=_("Only a line entered by mistake, with no spending or questions, can be removed."),
        submit=_("Remove the line"),
        cancel=line.get_absolute_url(),
        crumbs=_open_budget_crumbs(line.municipality, line.place),
        on_valid=delete,
    )


@login_required
def budget_import(request, municipality):
    municipality = _municipality(municipality)
    if not request.user.has_perm("finance.manage_budget", municipality):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.import_budget_file(
                user=request.user,
                municipality=municipality,
                year=form.cleaned_data["year"],
                file_name=upload.name,
                data=upload.read(),
                stated_total_cents=form.cleaned_data["total"],
            )
        except ImportRefused as error:
            refused = error
        else:
            messages.success(
                request,
                _(
                    "Imported %(rows)d lines for %(year)d: %(created)d new, %(updated)d changed, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "rows": report.rows,
                    "year": report.year,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect(f"{reverse('finance:municipality', args=[municipality.slug])}?jaar={report.year}")
    return render(
        request,
        "finance/import.html",
        {"form": form, "municipality": municipality, "refused": refused, "crumbs": _open_budget_crumbs(municipality)},
    )


@login_required
def expenditure_new(request, pk):
    line = get_object_or_404(BudgetLine.objects.select_related("municipality", "place", "taakveld"), pk=pk)
    if not request.user.has_perm("finance.manage_budget", line):
        raise PermissionDenied
    scope = line.place or line.municipality
    decisions = Decision.objects.filter(
        overview.within_q(scope) | Q(place__in=[p.pk for p in scope.ancestors()])
    ).order_by("-decided_on")
    awards = SupportRequest.objects.filter(
        overview.within_q(scope, "idea__place"), kind="money", outcome__in=("granted", "partly")
    ).select_related("idea")
    form = ExpenditureForm(
        request.POST or None,
        organisations=Organisation.objects.filter(overview.within_q(line.municipality)).order_by("name"),
        decisions=decisions,
        awards=awards,
    )

    def save(form):
        _e, ok = _run(request, services.record_expenditure, form, line=line, **form.cleaned_data)
        if ok:
            messages.success(request, _("The spending is recorded and published with the line."))
            return redirect(f"{line.get_absolute_url()}#spending")
        return None

    return _form_page(
        request,
        form,
        title=_("Record spending on “%(line)s”") % {"line": line.description},
        intro=_("Money goes to an organisation or a group named as a group, never to a private person."),
        submit=_("Record the spending"),
        cancel=line.get_absolute_url(),
        crumbs=_open_budget_crumbs(line.municipality, line.place),
        on_valid=save,
    )


@login_required
def question_answer(request, pk):
    question = get_object_or_404(LineQuestion.objects.select_related("line__municipality", "line__place"), pk=pk)
    if not request.user.has_perm("finance.answer_question", question.line):
        raise PermissionDenied
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})

    def save(form):
        _q, ok = _run(request, services.answer_question, form, question=question, answer=form.cleaned_data["answer"])
        if ok:
            messages.success(request, _("The answer is published with the line."))
            return redirect(f"{question.line.get_absolute_url()}#question-{question.pk}")
        return None

    return _form_page(
        request,
        form,
        title=_("Answer a question"),
        intro=question.text,
        submit=_("Publish the answer"),
        cancel=question.line.get_absolute_url(),
        crumbs=_open_budget_crumbs(question.line.municipality, question.line.place),
        on_valid=save,
    )


@login_required
def question_hide(request, pk):
    question = get_object_or_404(LineQuestion.objects.select_related("line__municipality", "line__place"), pk=pk)
    if not request.user.has_perm("finance.answer_question", question.line):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)

    def save(form):
        _q, ok = _run(request, services.hide_question, form, question=question, reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, _("The question is hidden; its place shows your reason."))
            return redirect(f"{question.line.get_absolute_url()}#questions")
        return None

    return _form_page(
        request,
        form,
        title=_("Hide a question"),
        intro=question.text,
        submit=_("Hide the question"),
        cancel=question.line.get_absolute_url(),
        crumbs=_open_budget_crumbs(question.line.municipality, question.line.place),
        on_valid=save,
    )


@login_required
def settings_edit(request, municipality):
    municipality = _municipality(municipality)
    if not request.user.has_perm("finance.manage_settings", municipality):
        raise PermissionDenied
    current = terms.terms_for(municipality)
    row = FinanceSettings.objects.filter(municipality=municipality).first()
    initial = {field: getattr(current, field) for field in services.SETTING_FIELDS}
    initial["assessment_criteria"] = row.assessment_criteria if row else ""
    initial["regulation_url"] = current.regulation_url
    form = SettingsForm(request.POST or None, initial=initial)

    def save(form):
        _s, ok = _run(request, services.save_settings, form, municipality=municipality, **form.cleaned_data)
        if ok:
            messages.success(request, _("The terms are saved. They apply to steps that start from now on."))
            return redirect("finance:challenges", municipality.slug)
        return None

    return _form_page(
        request,
        form,
        title=_("Terms of the right to challenge in %(m)s") % {"m": municipality.name},
        intro=_("Set them as the participatieverordening of %(m)s says.") % {"m": municipality.name},
        submit=_("Save the terms"),
        cancel=reverse("finance:challenges", args=[municipality.slug]),
        crumbs=_open_budget_crumbs(municipality),
        on_valid=save,
    )


# --- The right to challenge -----------------------------------------------------------------------


def challenges(request, municipality):
    municipality = _municipality(municipality)
    all_challenges = Challenge.objects.filter(municipality=municipality).select_related(
        "place", "organisation", "offer"
    )
    is_official = request.user.has_perm("finance.handle_challenge", municipality)
    fmt = exports.requested_format(request)
    if fmt:
        return exports.export_response(
            request,
            fmt,
            CHALLENGE_COLUMNS,
            all_challenges.order_by("-created_at", "-pk"),
            filename=f"uitdaagrecht-{municipality.slug}",
            title=_("Right to challenge"),
        )
    return render(
        request,
        "finance/challenges.html",
        {
            "municipality": municipality,
            "running": [c for c in all_challenges if c.status not in FINISHED],
            "finished": [c for c in all_challenges if c.status in FINISHED],
            "offers": ChallengeOffer.objects.filter(municipality=municipality).select_related("place"),
            "terms": terms.terms_for(municipality),
            "export_links": exports.format_links(request),
            "open_terms": services.open_terms(municipality) if is_official else [],
            "can_challenge": request.user.is_authenticated,
            "can_offer": request.user.has_perm("finance.offer_task", municipality),
            "can_settings": request.user.has_perm("finance.manage_settings", municipality),
            "crumbs": [(reverse("finance:index"), _("Open budget")), ("", _("Right to challenge"))],
        },
    )


FINISHED = (
    ChallengeStatus.NOT_ADMISSIBLE,
    ChallengeStatus.REFUSED,
    ChallengeStatus.EVALUATED,
    ChallengeStatus.WITHDRAWN,
)


def _challenge_or_404(pk) -> Challenge:
    return get_object_or_404(
        Challenge.objects.select_related(
            "municipality", "place", "place__municipality", "organisation", "offer", "budget_line__taakveld"
        ),
        pk=pk,
    )


def challenge_detail(request, pk):
    challenge = _challenge_or_404(pk)
    user = request.user
    agreement = getattr(challenge, "agreement", None)
    today = timezone.localdate()
    return render(
        request,
        "finance/challenge.html",
        {
            "challenge": challenge,
            "events": challenge.events.all(),
            "signatures": services.signature_count(challenge),
            "has_signed": user.is_authenticated and challenge.signatures.filter(user=user).exists(),
            "collecting": challenge.status in (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE),
            "can_sign": user.has_perm("finance.sign_challenge", challenge),
            "can_handle": user.has_perm("finance.handle_challenge", challenge),
            "can_decide": user.has_perm("finance.decide_challenge", challenge),
            "can_withdraw": user.has_perm("finance.withdraw_challenge", challenge)
            and challenge.status in (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE, ChallengeStatus.APPROVED),
            "agreement": agreement,
            "talks": agreement.talks.all() if agreement else [],
            "terms": terms.terms_for(challenge.municipality),
            "days_left": terms.days_left(challenge.due_on, today),
            "step": services.step_label(challenge)
            if challenge.due_on and challenge.status in services.STEP_NAMES
            else "",
            "crumbs": _challenge_crumbs(challenge)[:-1],
        },
    )


def _organisations_to_challenge_for(user, municipality):
    if user.has_perm("finance.handle_challenge", municipality):
        return Organisation.objects.filter(overview.within_q(municipality)).order_by("name")
    ids = (
        user.memberships.current()
        .filter(role__in=SPEAKING_ROLES, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
    )
    return Organisation.objects.filter(pk__in=list(ids)).filter(overview.within_q(municipality)).order_by("name")


def _places_to_challenge_in(user, municipality, organisations):
    areas = _areas(municipality)
    if user.has_perm("finance.handle_challenge", municipality):
        return areas
    allowed = Q(pk__in=[])
    for organisation in organisations:
        allowed |= _within_ids(organisation.place)
    for membership in user.memberships.current():
        if is_resident_of(user, membership.place):
            allowed |= _within_ids(membership.place)
    return areas.filter(allowed)


def _within_ids(place) -> Q:
    return Q(pk=place.pk) | Q(parent=place) | Q(parent__parent=place)


@login_required
def challenge_new(request, municipality):
    municipality = _municipality(municipality)
    offer = None
    if request.GET.get("aanbod", "").isdigit():
        offer = get_object_or_404(ChallengeOffer, pk=request.GET["aanbod"], municipality=municipality)
        if not services.offer_is_open(offer):
            messages.info(request, _("This offer no longer takes bids."))
            return redirect(offer.get_absolute_url())
    user = request.user
    organisations = list(_organisations_to_challenge_for(user, municipality))
    places = _places_to_challenge_in(user, municipality, organisations)
    if offer is not None:
        places = places.filter(pk=offer.place_id)
        organisations = [o for o in organisations if services.within(offer.place, o.place)]
    is_official = user.has_perm("finance.handle_challenge", municipality)
    can_group = is_official or any(is_resident_of(user, p) for p in places)
    if not organisations and not can_group:
        return render(
            request,
            "finance/cannot_challenge.html",
            {"municipality": municipality, "offer": offer, "crumbs": [(reverse("finance:index"), _("Open budget"))]},
            status=403,
        )
    form = ChallengeForm(request.POST or None, organisations=organisations, can_group=can_group, places=places)

    def save(form):
        challenge, ok = _run(request, services.submit_challenge, form, offer=offer, **form.service_fields())
        if ok:
            messages.success(
                request,
                _("Your challenge has been submitted. The municipality decides by %(date)s whether it is admissible.")
                % {"date": challenge.due_on.strftime("%d-%m-%Y")},
            )
            return redirect(challenge.get_absolute_url())
        return None

    title = _("Bid on “%(offer)s”") % {"offer": offer.title} if offer else _("Challenge the municipality")
    return _form_page(
        request,
        form,
        title=title,
        intro=_(
            "With the right to challenge, residents can take over a task of the municipality when they can do it "
            "better or cheaper. A challenge must contain the seven points below. It is published, and residents can "
            "support it."
        ),
        submit=_("Submit the bid") if offer else _("Submit the challenge"),
        cancel=offer.get_absolute_url() if offer else reverse("finance:challenges", args=[municipality.slug]),
        crumbs=[
            (reverse("finance:index"), _("Open budget")),
            (reverse("finance:challenges", args=[municipality.slug]), _("Right to challenge")),
        ],
        on_valid=save,
        extra={"offer": offer},
    )


@require_POST
def challenge_sign(request, pk):
    challenge = _challenge_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(challenge.get_absolute_url())
    if not request.user.has_perm("finance.sign_challenge", challenge):
        messages.error(
            request,
            _("Only residents of %(place)s can support this challenge online. You can also sign a paper list.")
            % {"place": challenge.place.name},
        )
        return redirect(f"{challenge.get_absolute_url()}#support")
    _s, ok = _run(request, services.sign_challenge, None, challenge=challenge)
    if ok:
        messages.success(request, _("Thank you: your support is counted. Your name is not published."))
    return redirect(f"{challenge.get_absolute_url()}#support")


@login_required
@require_POST
def challenge_unsign(request, pk):
    challenge = _challenge_or_404(pk)
    _s, ok = _run(request, services.unsign_challenge, None, challenge=challenge)
    if ok:
        messages.success(request, _("Your support has been withdrawn."))
    return redirect(f"{challenge.get_absolute_url()}#support")


def _challenge_form_view(request, pk, *, perm, form_factory, service, title, submit, success, intro="", anchor=""):
    challenge = _challenge_or_404(pk)
    if not request.user.has_perm(perm, challenge):
        raise PermissionDenied
    form = form_factory(request, challenge)

    def save(form):
        fields = form.service_fields() if hasattr(form, "service_fields") else form.cleaned_data
        _r, ok = _run(request, service, form, challenge=challenge, **fields)
        if ok:
            messages.success(request, success)
            return redirect(f"{challenge.get_absolute_url()}{anchor}")
        return None

    return _form_page(
        request,
        form,
        title=title % {"title": challenge.title},
        intro=intro,
        submit=submit,
        cancel=challenge.get_absolute_url(),
        crumbs=_challenge_crumbs(challenge),
        on_valid=save,
        extra={"challenge": challenge},
    )


class _Admissibility(AdmissibilityForm):
    def service_fields(self):
        return {"admissible": self.cleaned_data["admissible"] == "yes", "reasons": self.cleaned_data["reasons"]}


@login_required
def challenge_admissibility(request, pk):
    return _challenge_form_view(
        request,
        pk,
        perm="finance.decide_challenge",
        form_factory=lambda request, c: _Admissibility(request.POST or None),
        service=services.decide_admissibility,
        title=_("Is “%(title)s” admissible?"),
        submit=_("Publish the decision"),
        success=_("The decision on admissibility is published in the timeline."),
        anchor="#timeline",
    )


class _Assessment(AssessmentForm):
    def service_fields(self):
        return {
            "approved": self.cleaned_data["outcome"] == "approved",
            "criteria": self.criteria_data(),
            "reasons": self.cleaned_data["reasons"],
            "budget_line": self.cleaned_data["budget_line"],
        }


@login_required
def challenge_assessment(request, pk):
    return _challenge_form_view(
        request,
        pk,
        perm="finance.decide_challenge",
        form_factory=lambda request, c: _Assessment(
            request.POST or None,
            criteria=terms.terms_for(c.municipality).criteria,
            lines=_municipal_lines(c.municipality),
            initial={"budget_line": c.budget_line_id},
        ),
        service=services.assess_challenge,
        title=_("Assess “%(title)s”"),
        intro=_("Give a verdict on each criterion of the participatieverordening, with a reason where it is not met."),
        submit=_("Publish the assessment"),
        success=_("The assessment is published in the timeline."),
        anchor="#timeline",
    )


class _PaperSignatures(PaperSignaturesForm):
    def service_fields(self):
        return {
            "count": self.cleaned_data["count"],
            "counted_on": self.cleaned_data["counted_on"],
            "note": self.cleaned_data["note"],
        }


@login_required
def challenge_paper_signatures(request, pk):
    return _challenge_form_view(
        request,
        pk,
        perm="finance.handle_challenge",
        form_factory=lambda request, c: _PaperSignatures(request.POST or None),
        service=services.count_paper_signatures,
        title=_("Signatures on paper for “%(title)s”"),
        intro=_("Count the valid signatures on the lists that were handed in. The lists stay with the municipality."),
        submit=_("Add the count"),
        success=_("The signatures are counted."),
        anchor="#support",
    )


@login_required
def challenge_withdraw(request, pk):
    return _challenge_form_view(
        request,
        pk,
        perm="finance.withdraw_challenge",
        form_factory=lambda request, c: ReasonForm(request.POST or None),
        service=services.withdraw_challenge,
        title=_("Withdraw “%(title)s”"),
        submit=_("Withdraw the challenge"),
        success=_("The challenge has been withdrawn."),
    )


def _agreement_initial(challenge):
    agreement = getattr(challenge, "agreement", None)
    if agreement is not None:
        return {
            "tasks": agreement.tasks,
            "result": agreement.result,
            "municipal_support": agreement.municipal_support,
            "budget_cents": agreement.budget_cents,
            "source_line": agreement.source_line_id,
            "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on,
            "progress_interval_days": agreement.progress_interval_days,
        }
    today = timezone.localdate()
    return {
        "tasks": challenge.task,
        "budget_cents": challenge.cost_estimate_cents,
        "source_line": challenge.budget_line_id,
        "municipal_support": challenge.support_wanted,
        "starts_on": today,
        "ends_on": today.replace(year=today.year + 2) if not (today.month == 2 and today.day == 29) else today,
        "progress_interval_days": terms.terms_for(challenge.municipality).progress_interval_days,
    }


@login_required
def agreement_edit(request, pk):
    return _challenge_form_view(
        request,
        pk,
        perm="finance.handle_challenge",
        form_factory=lambda request, c: AgreementForm(
            request.POST or None, lines=_municipal_lines(c.municipality), initial=_agreement_initial(c)
        ),
        service=services.save_agreement,
        title=_("Agreement for “%(title)s”"),
        intro=_(
            "Tasks, result, budget and duration. When the agreement is concluded, the budget moves from the "
            "municipal line to a line of the challengers in the open budget."
        ),
        submit=_("Save the draft"),
        success=_("The draft agreement is saved. Read it through, then conclude it."),
        anchor="#agreement",
    )


@login_required
@require_POST
def agreement_conclude(request, pk):
    challenge = _challenge_or_404(pk)
    if not request.user.has_perm("finance.decide_challenge", challenge):
        raise PermissionDenied
    _a, ok = _run(request, services.conclude_agreement, None, challenge=challenge)
    if ok:
        messages.success(request, _("The agreement is concluded and published; the budget has moved."))
    return redirect(f"{challenge.get_absolute_url()}#agreement")


@login_required
def progress_new(request, pk):
    return _challenge_form_view(
        request,
        pk,
        perm="finance.handle_challenge",
        form_factory=lambda request, c: ProgressForm(request.POST or None, initial={"held_on": timezone.localdate()}),
        service=services.record_progress_talk,
        title=_("Progress talk on “%(title)s”"),
        submit=_("Publish the summary"),
        success=_("The progress talk is published in the timeline."),
        anchor="#timeline",
    )


@login_required
def evaluation_new(request, pk):
    return _challenge_form_view(
        request,
        pk,
        perm="finance.decide_challenge",
        form_factory=lambda request, c: EvaluationForm(request.POST or None),
        service=services.evaluate_challenge,
        title=_("Evaluate “%(title)s”"),
        submit=_("Publish the evaluation"),
        success=_("The evaluation is published."),
        anchor="#timeline",
    )


def agreement_document(request, pk):
    challenge = _challenge_or_404(pk)
    agreement = getattr(challenge, "agreement", None)
    if agreement is None:
        raise Http404
    context = agreement_context(challenge)
    context["crumbs"] = _challenge_crumbs(challenge)
    return render(request, "finance/agreement.html", context)


def agreement_pdf(request, pk):
    challenge = _challenge_or_404(pk)
    if getattr(challenge, "agreement", None) is None:
        raise Http404
    response = HttpResponse(render_agreement_pdf(challenge, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="uitdaagrecht-overeenkomst-{challenge.pk}.pdf"'
    return response


# --- The reverse right to challenge ---------------------------------------------------------------


def offer_detail(request, pk):
    offer = get_object_or_404(
        ChallengeOffer.objects.select_related("municipality", "place", "budget_line__taakveld"), pk=pk
    )
    return render(
        request,
        "finance/offer.html",
        {
            "offer": offer,
            "bids": offer.bids.select_related("organisation").order_by("submitted_on"),
            "is_open": services.offer_is_open(offer),
            "can_withdraw": request.user.has_perm("finance.offer_task", offer)
            and offer.status in (OfferStatus.OPEN, OfferStatus.ASSESSING),
            "crumbs": [
                (reverse("finance:index"), _("Open budget")),
                (reverse("finance:challenges", args=[offer.municipality.slug]), _("Right to challenge")),
            ],
        },
    )


@login_required
def offer_new(request, municipality):
    municipality = _municipality(municipality)
    if not request.user.has_perm("finance.offer_task", municipality):
        raise PermissionDenied
    form = OfferForm(request.POST or None, places=_areas(municipality), lines=_municipal_lines(municipality))

    def save(form):
        offer, ok = _run(request, services.publish_offer, form, **form.cleaned_data)
        if ok:
            messages.success(
                request,
                _("The task is offered. Groups in the neighbourhood can bid until %(date)s.")
                % {"date": offer.bids_until.strftime("%d-%m-%Y")},
            )
            return redirect(offer.get_absolute_url())
        return None

    return _form_page(
        request,
        form,
        title=_("Offer a task to a neighbourhood"),
        intro=_(
            "With the reverse right to challenge, the municipality offers a task with its current budget. Groups bid; "
            "the bids are assessed like a challenge."
        ),
        submit=_("Publish the offer"),
        cancel=reverse("finance:challenges", args=[municipality.slug]),
        crumbs=[
            (reverse("finance:index"), _("Open budget")),
            (reverse("finance:challenges", args=[municipality.slug]), _("Right to challenge")),
        ],
        on_valid=save,
    )


@login_required
def offer_withdraw(request, pk):
    offer = get_object_or_404(ChallengeOffer.objects.select_related("municipality", "place"), pk=pk)
    if not request.user.has_perm("finance.offer_task", offer):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)

    def save(form):
        _o, ok = _run(request, services.withdraw_offer, form, offer=offer, reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, _("The offer has been withdrawn."))
            return redirect(offer.get_absolute_url())
        return None

    return _form_page(
        request,
        form,
        title=_("Withdraw the offer “%(title)s”") % {"title": offer.title},
        intro=_("Open bids are refused with your reason."),
        submit=_("Withdraw the offer"),
        cancel=offer.get_absolute_url(),
        crumbs=[(reverse("finance:challenges", args=[offer.municipality.slug]), _("Right to challenge"))],
        on_valid=save,
    )


# --- Community assets -----------------------------------------------------------------------------


def assets(request, municipality):
    municipality = _municipality(municipality)
    is_official = request.user.has_perm("finance.manage_assets", municipality)
    rows = CommunityAsset.objects.filter(municipality=municipality).select_related("place", "nominated_by")
    return render(
        request,
        "finance/assets.html",
        {
            "municipality": municipality,
            "bidding": [a for a in rows if a.status == AssetStatus.BIDDING],
            "listed": [a for a in rows if a.status in (AssetStatus.LISTED, AssetStatus.DECIDED)],
            "nominated": [a for a in rows if a.status == AssetStatus.NOMINATED],
            "not_listed": [a for a in rows if a.status == AssetStatus.NOT_LISTED],
            "can_add": is_official or bool(_organisations_to_speak_for(request.user, municipality)),
            "is_official": is_official,
            "crumbs": [(reverse("finance:index"), _("Open budget")), ("", _("Community assets"))],
        },
    )


def _organisations_to_speak_for(user, municipality):
    if not user.is_authenticated:
        return Organisation.objects.none()
    ids = (
        user.memberships.current()
        .filter(role__in=SPEAKING_ROLES, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
    )
    return Organisation.objects.filter(pk__in=list(ids)).filter(overview.within_q(municipality)).order_by("name")


def _asset_crumbs(municipality):
    return [
        (reverse("finance:index"), _("Open budget")),
        (reverse("finance:assets", args=[municipality.slug]), _("Community assets")),
    ]


@login_required
def asset_new(request, municipality):
    municipality = _municipality(municipality)
    is_official = request.user.has_perm("finance.manage_assets", municipality)
    organisations = None if is_official else _organisations_to_speak_for(request.user, municipality)
    if not is_official and not organisations:
        raise PermissionDenied
    form = AssetForm(request.POST or None, places=_areas(municipality), organisations=organisations)

    def save(form):
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation", None)
        if is_official:
            asset, ok = _run(request, services.add_asset, form, **data)
        else:
            asset, ok = _run(request, services.nominate_asset, form, organisation=organisation, **data)
        if ok:
            messages.success(
                request,
                _("The asset is in the register.")
                if is_official
                else _("Thank you. The municipality decides on your nomination and gives its reasons."),
            )
            return redirect(asset.get_absolute_url())
        return None

    return _form_page(
        request,
        form,
        title=_("Add a community asset") if is_official else _("Nominate a community asset"),
        intro=_(
            "A building, piece of land or green space that matters to the neighbourhood. When the municipality wants "
            "to sell it or change its use, groups from the neighbourhood get the chance to bid first."
        ),
        submit=_("Add to the register") if is_official else _("Nominate"),
        cancel=reverse("finance:assets", args=[municipality.slug]),
        crumbs=_asset_crumbs(municipality),
        on_valid=save,
    )


def asset_detail(request, pk):
    asset = get_object_or_404(CommunityAsset.objects.select_related("municipality", "place", "nominated_by"), pk=pk)
    user = request.user
    organisations = [
        o
        for o in _organisations_to_speak_for(user, asset.municipality)
        if services.within(asset.place, o.place) or services.within(o.place, asset.place)
    ]
    today = timezone.localdate()
    bidding_open = asset.status == AssetStatus.BIDDING and asset.bids_until and today <= asset.bids_until
    bids = list(asset.bids.select_related("organisation").exclude(outcome=BidOutcome.WITHDRAWN))
    mine = {o.pk for o in organisations}
    for bid in bids:
        bid.can_withdraw = bidding_open and bid.outcome == BidOutcome.OPEN and bid.organisation_id in mine
    return render(
        request,
        "finance/asset.html",
        {
            "asset": asset,
            "bids": bids,
            "is_official": user.has_perm("finance.manage_assets", asset),
            "can_bid": bidding_open and bool(organisations),
            "bidding_open": bidding_open,
            "can_decide": asset.status == AssetStatus.BIDDING and asset.bids_until and today > asset.bids_until,
            "crumbs": _asset_crumbs(asset.municipality),
        },
    )


def _asset_form_view(request, pk, *, form_factory, service, title, submit, success, field_map=None, intro=""):
    asset = get_object_or_404(CommunityAsset.objects.select_related("municipality", "place"), pk=pk)
    form = form_factory(request, asset)
    if form is None:
        raise PermissionDenied

    def save(form):
        fields = form.service_fields() if hasattr(form, "service_fields") else dict(form.cleaned_data)
        if field_map:
            fields = field_map(fields)
        _r, ok = _run(request, service, form, asset=asset, **fields)
        if ok:
            messages.success(request, success)
            return redirect(asset.get_absolute_url())
        return None

    return _form_page(
        request,
        form,
        title=title % {"name": asset.name},
        intro=intro,
        submit=submit,
        cancel=asset.get_absolute_url(),
        crumbs=_asset_crumbs(asset.municipality),
        on_valid=save,
    )


def _official_form(form_class):
    def factory(request, asset):
        if not request.user.has_perm("finance.manage_assets", asset):
            return None
        return form_class(request.POST or None)

    return factory


@login_required
def asset_nomination(request, pk):
    return _asset_form_view(
        request,
        pk,
        form_factory=_official_form(NominationDecisionForm),
        service=services.decide_nomination,
        field_map=lambda f: {"listed": f["listed"] == "yes", "reasons": f["reasons"]},
        title=_("Nomination of %(name)s"),
        submit=_("Publish the decision"),
        success=_("The decision on the nomination is published."),
    )


@login_required
def asset_disposal(request, pk):
    return _asset_form_view(
        request,
        pk,
        form_factory=_official_form(DisposalForm),
        service=services.announce_disposal,
        title=_("Sell %(name)s or change its use"),
        intro=_("Groups from the neighbourhood get the right to bid first. Followers of the neighbourhood hear of it."),
        submit=_("Open for bids"),
        success=_("The asset is open for bids."),
    )


@login_required
def asset_bid(request, pk):
    def factory(request, asset):
        organisations = [
            o.pk
            for o in _organisations_to_speak_for(request.user, asset.municipality)
            if services.within(asset.place, o.place) or services.within(o.place, asset.place)
        ]
        if not organisations:
            return None
        return AssetBidForm(request.POST or None, organisations=Organisation.objects.filter(pk__in=organisations))

    return _asset_form_view(
        request,
        pk,
        form_factory=factory,
        service=services.bid_on_asset,
        title=_("Bid on %(name)s"),
        submit=_("Submit the bid"),
        success=_("Your bid is in. The municipality decides after the bid period and gives its reasons."),
    )


@login_required
@require_POST
def asset_bid_withdraw(request, pk):
    bid = get_object_or_404(AssetBid.objects.select_related("asset", "organisation"), pk=pk)
    if not request.user.has_perm("finance.bid_on_asset", bid.organisation):
        raise PermissionDenied
    _b, ok = _run(request, services.withdraw_asset_bid, None, bid=bid)
    if ok:
        messages.success(request, _("The bid has been withdrawn."))
    return redirect(bid.asset.get_absolute_url())


@login_required
def asset_decide(request, pk):
    def factory(request, asset):
        if not request.user.has_perm("finance.manage_assets", asset):
            return None
        return AssetDecisionForm(request.POST or None, bids=asset.bids.filter(outcome=BidOutcome.OPEN))

    return _asset_form_view(
        request,
        pk,
        form_factory=factory,
        service=services.decide_asset,
        title=_("Decide on %(name)s"),
        intro=_("Say for every bid whether it is accepted; give the reason for each bid that is not."),
        submit=_("Publish the decision"),
        success=_("The decision is published; every bidder hears it."),
    )
