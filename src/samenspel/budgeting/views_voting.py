"""Voting pages. A resident with a letter votes on a phone in under a minute, without
JavaScript: enter the code (or scan the QR code), choose, check, confirm, keep the receipt.
Residents with an account vote with it when the round allows. Officials issue voting
letters, enter paper ballots, settle differences between entries and close voting.

The plain code is never stored, not even for a moment. `?code=` from the QR code is checked at
once and swapped for a ticket, and a redirect removes the code from the address bar and the
browser history. The ticket holds the code's stored hash and the ballot's change key (see
voting.CodeTicket), neither of which can be turned back into the code. It lives in a signed
cookie (HttpOnly, SameSite=Lax, only sent to this round's vote pages, at most TICKET_SECONDS)
instead of a server-side session: then the server keeps nothing about a voter between the
pages, not even the link between a code's hash and a change key, and a vote costs one
database commit instead of three (see benchmarks/ballots.py). Copying the cookie gives no more
than the code itself gives. After the vote it is replaced by a "voted" marker. Account voters
are logged in anyway: their ticket (the declared postcode, house number and date of birth) is
kept in their session until the vote is cast.

The choices are not stored between the pages either: the review page carries them in hidden
fields and they are checked again on confirmation. The receipt code goes only into the
response that confirms the vote. (A web server's access log would record `?code=`: leave
query strings out of access logs for /begroten/. Gunicorn writes no access log unless told to.)"""

import dataclasses
import datetime
import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samenspel.core import ratelimit
from samenspel.core.forms import add_service_errors

from . import voting
from .forms_voting import BallotForm, CodeForm, DeclarationForm, DiscardForm, LettersForm, PaperSheetForm
from .models import BallotType, PaperEntry, ProjectStatus, Round

TICKET_SECONDS = 60 * 60
TICKET_COOKIE = "stemticket"
TICKET_SALT = "samenspel.budgeting.ticket"
BALLOT_CACHE_SECONDS = 30
ROUND_CACHE_SECONDS = 5
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
# Refusals that end the attempt: start again from the code page.
FINAL_REFUSALS = {"closed", "not_open", "unknown_code", "used_code", "used", "address", "no_accounts"}


def _round(pk) -> Round:
    """The round for the vote pages, kept ROUND_CACHE_SECONDS in the cache: every step of a
    vote needs it. Whatever may change meanwhile (an official closing the vote) is checked
    in the database again when the ballot is cast (voting._confirm_still_open)."""
    key = voting.ROUND_CACHE_KEY.format(pk=pk)
    round = cache.get(key)
    if round is None:
        round = get_object_or_404(Round, pk=pk)
        cache.set(key, round, ROUND_CACHE_SECONDS)
    return round


def _start_url(round) -> str:
    return reverse("budgeting:vote_start", args=[round.pk])


def _account_key(round) -> str:
    return f"budgeting.vote.{round.pk}"


# --- Tickets: who is voting between the pages --------------------------------------------------


def _cookie(request, round) -> dict:
    value = request.COOKIES.get(TICKET_COOKIE)
    if not value:
        return {}
    try:
        data = signing.loads(value, salt=TICKET_SALT, max_age=TICKET_SECONDS)
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) and data.get("round") == round.pk else {}


def _set_cookie(response, round, data: dict) -> None:
    response.set_cookie(
        TICKET_COOKIE,
        signing.dumps({**data, "round": round.pk}, salt=TICKET_SALT),
        max_age=TICKET_SECONDS,
        path=_start_url(round),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _ticket(request, round) -> dict | None:
    """The code ticket (signed cookie) or the account ticket (session) for this round."""
    data = _cookie(request, round)
    if data.get("code_hash"):
        return {"kind": "code", **data}
    if request.user.is_authenticated:
        data = request.session.get(_account_key(round))
        if isinstance(data, dict) and data.get("user") == request.user.pk and time.time() - data["at"] < TICKET_SECONDS:
            return data
    return None


def _has_voted_here(request, round) -> bool:
    return bool(_cookie(request, round).get("voted")) or (
        request.user.is_authenticated and request.session.get(f"budgeting.voted.{round.pk}") is True
    )


def _too_many(request, round):
    return render(
        request,
        "budgeting/voting/too_many.html",
        {"round": round, "minutes": voting.IP_WINDOW // 60},
        status=429,
    )


@dataclasses.dataclass(frozen=True)
class BallotProject:
    """A project as the ballot shows it (lighter than a model instance: read on every vote)."""

    pk: int
    number: int
    title: str
    summary: str
    cost_cents: int | None


def _ballot_projects(round) -> list[BallotProject]:
    """The projects on the ballot, kept BALLOT_CACHE_SECONDS in the cache. They cannot change
    once voting has opened (services.is_before_voting), and nobody can vote before that."""
    key = f"samenspel:budgeting:ballot:{round.pk}:{round.voting_opens.timestamp()}"
    projects = cache.get(key)
    if projects is None:
        rows = (
            round.projects.filter(status=ProjectStatus.ON_BALLOT)
            .order_by("number", "pk")
            .values_list("pk", "number", "title", "summary", "cost_cents")
        )
        projects = [BallotProject(*row) for row in rows]
        if timezone.now() >= round.voting_opens:
            cache.set(key, projects, BALLOT_CACHE_SECONDS)
    return projects


# --- Voting ---------------------------------------------------------------------------------------


@never_cache
def vote_start(request, pk):
    """Enter the voting code; `?code=` (from the QR code) is taken at once and removed."""
    round = _round(pk)
    open_now = round.is_voting_open()
    if "code" in request.GET:
        if not open_now:
            return redirect(_start_url(round))
        return _accept_code(request, round, request.GET.get("code", ""), None)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and open_now and form.is_valid():
        response = _accept_code(request, round, form.cleaned_data["code"], form)
        if response is not None:
            return response
    now = timezone.now()
    return render(
        request,
        "budgeting/voting/start.html",
        {
            "round": round,
            "form": form,
            "open_now": open_now,
            "not_yet": now < round.voting_opens,
            "has_ticket": _ticket(request, round) is not None,
            "voted_with_account": round.allow_account_voting and voting.has_voted(round, request.user),
        },
    )


def _accept_code(request, round, code, form):
    """Check the code (rate limited) and swap it for a ticket. Returns a response, or None to
    show the form with its error."""
    ip = ratelimit.client_ip(request)
    if voting.attempts_blocked(round, ip):
        return _too_many(request, round)
    try:
        ticket = voting.verify_code(round, code)
    except ValidationError as error:
        if voting.error_codes(error) & {"unknown_code", "used_code"}:
            voting.record_failed_attempt(round, ip)
        if form is None:  # from the QR code: show why on the page without the code in its address
            messages.error(request, " ".join(error.messages))
            return redirect(_start_url(round))
        add_service_errors(form, error)
        return None
    response = redirect("budgeting:vote_ballot", round.pk)
    _set_cookie(response, round, {"code_hash": ticket.code_hash, "change_key": ticket.change_key})
    return response


@never_cache
@login_required
def vote_account(request, pk):
    """Vote with an account: declare postcode, house number and (for a minimum age) date of
    birth. They are checked and kept in the session until the ballot is cast."""
    round = _round(pk)
    if not round.allow_account_voting or not round.is_voting_open():
        return redirect(_start_url(round))
    if voting.has_voted(round, request.user) and not round.allow_vote_change:
        messages.info(request, _("You have already voted in this round."))
        return redirect(_start_url(round))
    form = DeclarationForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = voting.check_declaration(
                round,
                request.user,
                postcode=data["postcode"],
                house_number=data["house_number"],
                birth_date=data.get("birth_date"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[_account_key(round)] = {
                "kind": "account",
                "user": request.user.pk,
                "postcode": declaration.postcode,
                "house_number": declaration.house_number,
                "birth_date": declaration.birth_date.isoformat() if declaration.birth_date else None,
                "at": int(time.time()),
            }
            response = redirect("budgeting:vote_ballot", round.pk)
            response.delete_cookie(TICKET_COOKIE, path=_start_url(round))  # vote with the account, not a code
            return response
    return render(request, "budgeting/voting/account.html", {"round": round, "form": form})


def _ballot_rows(projects, selected: dict, form=None) -> list[dict]:
    """One row per project for the ballot template; `form` (when bound) gives field errors."""
    rows = []
    for project in projects:
        key = str(project.pk)
        errors = form.errors.get(f"points-{project.pk}") if form is not None and form.is_bound else None
        rows.append({"project": project, "checked": key in selected, "points": selected.get(key, ""), "errors": errors})
    return rows


def _totals(round, projects, selected: dict) -> dict | None:
    """Running totals of what was submitted: number of projects, their cost, points used."""
    points = {}
    for key, value in selected.items():
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        if number > 0:
            points[key] = number
    if not points:
        return None
    by_pk = {str(p.pk): p for p in projects}
    chosen = [by_pk[key] for key in points if key in by_pk]
    cost = sum(p.cost_cents or 0 for p in chosen)
    return {
        "count": len(chosen),
        "cost": cost,
        "points": sum(points.values()),
        "over_budget": round.ballot_type == BallotType.KNAPSACK and cost > round.amount_cents,
    }


def _ballot_context(round, projects, form, selected, *, show_errors=True) -> dict:
    return {
        "round": round,
        "form": form if show_errors else None,
        "rows": _ballot_rows(projects, selected, form if show_errors else None),
        "totals": _totals(round, projects, selected),
        "cumulative": round.ballot_type == BallotType.CUMULATIVE,
    }


def _empty_ballot(request, round):
    """The ballot as everyone first sees it: no choices yet, no errors. For anonymous voters
    (letter codes) the whole page is the same except for the CSRF token, so it is rendered
    once per round and language, kept BALLOT_CACHE_SECONDS with a placeholder for the token,
    and served with this visitor's token filled in: no project query and no template work
    on the busiest page. (Logged-in voters, or a page with a message to show, get a fresh
    render.) The projects on a ballot do not change once voting has opened."""
    shareable = (
        not request.user.is_authenticated
        and not request.GET  # the page repeats its own address (language switch)
        and not len(messages.get_messages(request))
        and timezone.now() >= round.voting_opens
    )
    key = f"samenspel:budgeting:ballot-page:{round.pk}:{round.voting_opens.timestamp()}:{translation.get_language()}"
    if shareable and (page := cache.get(key)) is not None:
        return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))
    response = render(
        request,
        "budgeting/voting/ballot.html",
        {
            "round": round,
            "form": None,
            "rows": lambda: _ballot_rows(_ballot_projects(round), {}),
            "cumulative": round.ballot_type == BallotType.CUMULATIVE,
        },
    )
    token = CSRF_INPUT.search(response.content.decode())
    if shareable and token:
        cache.set(key, response.content.decode().replace(token.group(1), CSRF_PLACEHOLDER), BALLOT_CACHE_SECONDS)
    return response


@never_cache
def vote_ballot(request, pk):
    """The ballot; after "review" the same URL shows the review page, after "confirm" the vote
    is cast and the thank-you page shows the receipt. The choices travel in the form."""
    round = _round(pk)
    ticket = _ticket(request, round)
    if ticket is None:
        if _has_voted_here(request, round):
            return render(request, "budgeting/voting/done.html", {"round": round, "receipt": None})
        messages.info(request, _("Enter your voting code first."))
        return redirect(_start_url(round))
    if not round.is_voting_open():
        return redirect(_start_url(round))
    if request.method != "POST":
        return _empty_ballot(request, round)
    projects = _ballot_projects(round)
    form = BallotForm(request.POST, round=round, projects=projects)
    action = request.POST.get("action")
    selected = form.selected()
    if action == "change":
        context = _ballot_context(round, projects, form, selected, show_errors=False)
        return render(request, "budgeting/voting/ballot.html", context)
    if form.is_valid():
        costs = {p.pk: p.cost_cents or 0 for p in projects}
        try:
            choices = voting.validate_choices(round, form.choices(), projects=costs)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if action == "confirm":
                return _cast(request, round, ticket, choices, form, costs, projects, selected)
            return _review(request, round, projects, choices)
    return render(request, "budgeting/voting/ballot.html", _ballot_context(round, projects, form, selected))


def _review(request, round, projects, choices):
    by_pk = {str(p.pk): p for p in projects}
    chosen = [{"project": by_pk[key], "points": points} for key, points in choices.items()]
    return render(
        request,
        "budgeting/voting/review.html",
        {
            "round": round,
            "chosen": chosen,
            "choices": choices,
            "total_cost": sum(row["project"].cost_cents or 0 for row in chosen),
            "total_points": sum(choices.values()),
            "cumulative": round.ballot_type == BallotType.CUMULATIVE,
        },
    )


def _cast(request, round, ticket, choices, form, costs, projects, selected):
    try:
        if ticket["kind"] == "code":
            code_ticket = voting.CodeTicket(round.pk, ticket["code_hash"], ticket["change_key"])
            receipt = voting.cast_with_ticket(round, code_ticket, choices, projects=costs)
        else:
            birth_date = ticket.get("birth_date")
            receipt = voting.cast_with_account(
                round,
                request.user,
                choices,
                postcode=ticket["postcode"],
                house_number=ticket["house_number"],
                birth_date=datetime.date.fromisoformat(birth_date) if birth_date else None,
                projects=costs,
            )
    except ValidationError as error:
        if voting.error_codes(error) & FINAL_REFUSALS:
            messages.error(request, " ".join(error.messages))
            response = redirect(_start_url(round))
            _forget(request, round, response)
            return response
        add_service_errors(form, error)
        return render(request, "budgeting/voting/ballot.html", _ballot_context(round, projects, form, selected))
    # The receipt goes only into this response (no redirect): it is never stored on the
    # server. Going back or reloading finds the "voted" marker and says so, without it.
    response = render(request, "budgeting/voting/done.html", {"round": round, "receipt": receipt})
    if ticket["kind"] == "code":
        _set_cookie(response, round, {"voted": True})
    else:
        request.session.pop(_account_key(round), None)
        request.session[f"budgeting.voted.{round.pk}"] = True
    return response


def _forget(request, round, response) -> None:
    response.delete_cookie(TICKET_COOKIE, path=_start_url(round))
    if request.user.is_authenticated:
        request.session.pop(_account_key(round), None)


@never_cache
def vote_leave(request, pk):
    """Stop without voting (for instance on a shared computer): forget the ticket."""
    round = _round(pk)
    response = redirect(_start_url(round))
    if request.method == "POST":
        _forget(request, round, response)
        messages.info(request, _("You stopped without voting. Your code can still be used."))
    return response


# --- Officials -----------------------------------------------------------------------------------


def _managed_round(request, pk) -> Round:
    round = get_object_or_404(Round.objects.select_related("budget__place"), pk=pk)
    if not voting.can_manage(request.user, round):
        raise PermissionDenied
    return round


@never_cache
@login_required
def codes(request, pk):
    """Voting letters: upload an address list, download the letters as one PDF."""
    round = _managed_round(request, pk)
    closed = voting.voting_closed(round)
    form = LettersForm(request.POST or None, request.FILES or None, max_addresses=voting.MAX_ADDRESSES)
    if request.method == "POST" and not closed and form.is_valid():
        data = form.cleaned_data
        try:
            addresses = voting.parse_address_csv(data["addresses"])
            batch, pdf = voting.generate_codes(
                round,
                request.user,
                addresses,
                data["note"],
                contact=data["contact"],
                paper_voting=data["paper_voting"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("addresses", error)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="stemcodes-ronde-{round.pk}-{batch.pk}.pdf"'
            return response
    return render(
        request,
        "budgeting/voting/codes.html",
        {
            "round": round,
            "form": form,
            "closed": closed,
            "batches": round.code_batches.select_related("created_by"),
            "turnout": voting.turnout(round),
            "max_addresses": voting.MAX_ADDRESSES,
            "address_overlap": round.one_vote_per_address and round.allow_account_voting,
        },
    )


def _outcome_message(entry) -> str:
    return {
        "waiting": _("Ballot paper %(sheet)s entered. A colleague must now enter it a second time."),
        "counted": _("Ballot paper %(sheet)s entered a second time: both entries agree, the ballot counts."),
        "invalid": _("Ballot paper %(sheet)s entered a second time: both say it is invalid, it does not count."),
        "discrepancy": _(
            "Ballot paper %(sheet)s entered a second time, but the two entries differ. It does not count until "
            "the difference is resolved."
        ),
    }[entry.outcome] % {"sheet": entry.sheet}


def _choice_rows(entry, titles) -> list[dict]:
    return [
        {"title": titles.get(key, _("(project no longer on the ballot)")), "points": p}
        for key, p in entry.choices.items()
    ]


@never_cache
@login_required
def paper(request, pk):
    """Enter a paper ballot (each sheet twice, by two officials) and see what is settled."""
    round = _managed_round(request, pk)
    projects = _ballot_projects(round)
    posted = request.method == "POST"
    sheet_form = PaperSheetForm(request.POST if posted else None)
    ballot_form = BallotForm(request.POST if posted else None, round=round, projects=projects)
    sheet_ok = posted and sheet_form.is_valid()
    ballot_ok = posted and ballot_form.is_valid()
    if sheet_ok and ballot_ok:
        try:
            entry = voting.enter_paper_ballot(
                round,
                request.user,
                sheet_form.cleaned_data["sheet"],
                ballot_form.choices(),
                invalid=sheet_form.cleaned_data["invalid"],
            )
        except ValidationError as error:
            by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            for field, errors in by_field.items():
                if field == "choices":
                    ballot_form.add_error(None, errors)
                else:
                    sheet_form.add_error(field if field in sheet_form.fields else None, errors)
        else:
            level = messages.WARNING if entry.outcome == "discrepancy" else messages.SUCCESS
            messages.add_message(request, level, _outcome_message(entry))
            return redirect("budgeting:paper", round.pk)
    selected = ballot_form.selected() if posted else {}
    titles = {str(p.pk): p.title for p in projects}
    status = voting.paper_status(round)
    for item in status["discrepancies"]:
        item["rows"] = [{"entry": e, "choices": _choice_rows(e, titles)} for e in item["entries"]]
    return render(
        request,
        "budgeting/voting/paper.html",
        {
            "round": round,
            "sheet_form": sheet_form,
            "form": ballot_form,
            "rows": _ballot_rows(projects, selected, ballot_form),
            "cumulative": round.ballot_type == BallotType.CUMULATIVE,
            "knapsack": round.ballot_type == BallotType.KNAPSACK,
            "status": status,
            "published": round.result_published_at is not None,
            "not_yet": timezone.now() < round.voting_opens,
        },
    )


@never_cache
@login_required
def paper_sheet(request, pk, sheet):
    """Both entries of one ballot paper, with a way to set an entry aside."""
    round = _managed_round(request, pk)
    entries = list(PaperEntry.objects.filter(round=round, sheet=sheet).select_related("entered_by").order_by("pk"))
    if not entries:
        raise Http404
    posted_entry = None
    if request.method == "POST":
        try:
            posted_entry = int(request.POST.get("entry", ""))
        except ValueError:
            posted_entry = None
    forms = {}
    for entry in entries:
        if entry.discarded_at is None:
            data = request.POST if posted_entry == entry.pk else None
            forms[entry.pk] = DiscardForm(data, initial={"entry": entry.pk}, auto_id=f"id_%s_{entry.pk}")
    form = forms.get(posted_entry)
    if form is not None and form.is_valid():
        entry = next(e for e in entries if e.pk == posted_entry)
        try:
            voting.discard_paper_entry(entry, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The entry has been set aside. The ballot paper can be entered again."))
            return redirect("budgeting:paper_sheet", round.pk, sheet)
    titles = {str(key): title for key, title in round.projects.values_list("pk", "title")}
    rows = [{"entry": e, "choices": _choice_rows(e, titles), "form": forms.get(e.pk)} for e in entries]
    return render(
        request,
        "budgeting/voting/paper_sheet.html",
        {"round": round, "sheet": sheet, "rows": rows, "published": round.result_published_at is not None},
    )


@never_cache
@login_required
def close(request, pk):
    """Close voting: no more online votes, and every change key erased."""
    round = _managed_round(request, pk)
    if request.method == "POST":
        try:
            voting.close_voting(round, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Voting is closed. Online votes are no longer possible and no ballot can be traced to a voter."),
            )
            return redirect("budgeting:close", round.pk)
        round.refresh_from_db()
    now = timezone.now()
    return render(
        request,
        "budgeting/voting/close.html",
        {
            "round": round,
            "turnout": voting.turnout(round),
            "paper": voting.paper_status(round),
            "early": round.closed_at is None and now < round.voting_closes,
            "not_yet": now < round.voting_opens,
        },
    )
