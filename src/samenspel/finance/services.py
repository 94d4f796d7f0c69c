"""Use cases of the open budget, budget monitoring, the right to challenge and its reverse, and
the register of community assets. Each is one transaction: it checks permission, validates
everything before it writes, records to the audit log and notifies who should hear. Views, the
demo and the commands call these.

The procedure of a challenge (Gemeentewet art. 150; the participatieverordening sets the terms):
submitted → admissible / not admissible → assessed (criteria and reasons) → refused / go-ahead
→ agreement (the budget moves to the challengers) → carried out with progress talks → evaluated.
Each step that the municipality owes has a term (`Challenge.due_on`), reminded of before it
expires and when it has (`send_reminders`)."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenspel.accounts.models import Membership, User
from samenspel.agreements.models import SayLevel
from samenspel.core import audit
from samenspel.decisions.mandate import IN_FORCE_STATUSES
from samenspel.notifications import services as notifications
from samenspel.places.models import NEIGHBOURHOOD_KINDS, PlaceKind

from . import importing, terms
from .models import (
    AgreementStatus,
    AssetBid,
    AssetKind,
    AssetStatus,
    BidOutcome,
    BudgetLine,
    BudgetTransfer,
    Challenge,
    ChallengeAgreement,
    ChallengeEvent,
    ChallengeOffer,
    ChallengeStatus,
    CommunityAsset,
    DecidedBy,
    DisposalKind,
    EvaluationOutcome,
    EventKind,
    Expenditure,
    FinanceSettings,
    LineQuestion,
    OfferStatus,
    PaperSignatureCount,
    ProgressTalk,
    QuestionStatus,
    RecipientKind,
    SupportSignature,
    TermReminder,
)
from .rules import OFFICIAL_ROLES, SPEAKING_ROLES

MAX_TEXT = 5000
CHALLENGE_PLACE_KINDS = (*NEIGHBOURHOOD_KINDS, PlaceKind.BUURT)
VERDICTS = ("yes", "partly", "no")
KVK = "0123456789"


# --- helpers -------------------------------------------------------------------------------------


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


def _text(value, field: str, limit: int = MAX_TEXT, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": limit}})
    return value


def _amount(value, field: str, required: str | None = None) -> int | None:
    if value is None:
        if required:
            raise ValidationError({field: required})
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: _("Give an amount of zero euro or more.")})
    return value


def within(place, container) -> bool:
    if place is None or container is None:
        return False
    return place.pk == container.pk or container.pk in place.ancestor_ids()


def officials_for(place):
    """The people who hold an official role covering `place` (its area team and administrators)."""
    if place is None:
        return User.objects.none()
    ids = place.ancestor_ids() | {place.pk}
    user_ids = (
        Membership.objects.current().filter(role__in=OFFICIAL_ROLES, place_id__in=ids).values_list("user_id", flat=True)
    )
    return User.objects.filter(pk__in=list(user_ids), is_active=True)


def challengers(challenge):
    """Who submitted the challenge and the representatives of its organisation."""
    ids = set()
    if challenge.submitted_by_id:
        ids.add(challenge.submitted_by_id)
    if challenge.organisation_id:
        ids |= set(
            Membership.objects.current()
            .filter(organisation=challenge.organisation, role__in=SPEAKING_ROLES)
            .values_list("user_id", flat=True)
        )
    return User.objects.filter(pk__in=ids, is_active=True)


def money(cents: int) -> str:
    """An amount as people read it, in the site's language: € 18.000,00."""
    from samenspel.core.templatetags.samenspel import cents as format_cents

    with translation.override(settings.LANGUAGE_CODE):
        return f"€ {format_cents(cents)}"


def _day(value: datetime.date) -> str:
    from django.utils.formats import date_format

    with translation.override(settings.LANGUAGE_CODE):
        return date_format(value, "j F Y")


def _site_language(text_function, *args):
    """Text stored in the database (a line's description) is written in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return text_function(*args)


def _event(challenge, kind, text="", *, actor=None, on=None):
    return ChallengeEvent.objects.create(
        challenge=challenge, kind=kind, happened_on=on or _today(), text=text, actor=actor
    )


def decided_by_for(scope_item) -> str:
    """Who decides on money that an agreement's scope item covers: the neighbourhood at level 3
    ("allocate & decide") on a matter of its own, otherwise the municipality."""
    if scope_item.level >= SayLevel.DECIDE and not scope_item.is_citywide:
        return DecidedBy.NEIGHBOURHOOD
    return DecidedBy.MUNICIPALITY


def spent_on_line(line) -> int:
    return line.expenditures.aggregate(s=Sum("amount_cents"))["s"] or 0


# --- The open budget -----------------------------------------------------------------------------


def import_budget_file(*, user, municipality, year: int, file_name: str, data: bytes, stated_total_cents=None):
    """Import budget lines from a CSV or XLSX file; see importing.py. Raises
    importing.ImportRefused (every row and reason; nothing imported)."""
    _require(user, "finance.manage_budget", municipality)
    return importing.import_budget(
        data, file_name, municipality=municipality, year=year, actor=user, stated_total_cents=stated_total_cents
    )


def _check_line_place(municipality, place, decided_by, scope_item):
    if place is not None and place.pk != municipality.pk and place.municipality_id != municipality.pk:
        raise ValidationError({"place": _("This place is not part of the municipality.")})
    if decided_by not in DecidedBy.values:
        raise ValidationError({"decided_by": _("Choose who decides on this money.")})
    if decided_by == DecidedBy.NEIGHBOURHOOD and (place is None or place.kind not in CHALLENGE_PLACE_KINDS):
        raise ValidationError(
            {"decided_by": _("Only money of a neighbourhood, village or buurt can be decided on by the neighbourhood.")}
        )
    if scope_item is not None:
        version = scope_item.version
        agreement_place = version.agreement.trajectory.place
        if version.status not in IN_FORCE_STATUSES:
            raise ValidationError({"scope_item": _("This agreement is not in force.")})
        if place is None or not within(place, agreement_place):
            raise ValidationError({"scope_item": _("This part of an agreement is about another place.")})


@transaction.atomic
def save_line(
    *,
    user,
    municipality,
    year: int,
    taakveld,
    description: str,
    planned_cents: int,
    realised_cents: int | None = None,
    place=None,
    programme: str = "",
    economic_category: str = "",
    decided_by: str | None = None,
    scope_item=None,
    line=None,
) -> BudgetLine:
    """Add a budget line, or change one. With a scope item, who decides follows from the
    agreement (level 3: the neighbourhood); otherwise it is `decided_by` (default: the
    municipality). Every change is in the audit log with the values before and after."""
    _require(user, "finance.manage_budget", place or municipality)
    if line is not None:
        _require(user, "finance.manage_budget", line)
        if line.challenge_id:
            raise ValidationError(_("This line belongs to a challenge agreement; it changes with the agreement."))
    if municipality.kind != PlaceKind.MUNICIPALITY:
        raise ValidationError({"municipality": _("Budget lines belong to a municipality.")})
    if not isinstance(year, int) or not 1900 <= year <= 2200:
        raise ValidationError({"year": _("Give the budget year, e.g. 2026.")})
    if taakveld is None or taakveld.is_main or not taakveld.active:
        raise ValidationError({"taakveld": _("Choose a taakveld (not a main heading).")})
    description = _text(description, "description", 300, _("Say what the money is for."))
    programme = _text(programme, "programme", 120)
    economic_category = _text(economic_category, "economic_category", 80)
    planned_cents = _amount(planned_cents, "planned_cents", _("Give the planned amount."))
    realised_cents = _amount(realised_cents, "realised_cents")
    if scope_item is not None:
        decided_by = decided_by_for(scope_item)
    decided_by = decided_by or DecidedBy.MUNICIPALITY
    _check_line_place(municipality, place, decided_by, scope_item)
    values = {
        "year": year,
        "place": place,
        "taakveld": taakveld,
        "description": description,
        "programme": programme,
        "economic_category": economic_category,
        "planned_cents": planned_cents,
        "realised_cents": realised_cents,
        "decided_by": decided_by,
        "scope_item": scope_item,
    }
    if line is None:
        line = BudgetLine.objects.create(municipality=municipality, created_by=user, **values)
        audit.record("finance.line.created", actor=user, obj=line, data=_line_data(line))
        return line
    if line.municipality_id != municipality.pk:
        raise ValidationError(_("This line belongs to another municipality."))
    spent = spent_on_line(line)
    if spent > planned_cents:
        raise ValidationError(
            {
                "planned_cents": _("%(spent)s has already been spent on this line: the plan cannot be lower.")
                % {"spent": money(spent)}
            }
        )
    before = _line_data(line)
    for field, value in values.items():
        setattr(line, field, value)
    line.save()
    after = _line_data(line)
    if after != before:
        audit.record("finance.line.changed", actor=user, obj=line, data={"before": before, "after": after})
    return line


def _line_data(line) -> dict:
    return {
        "year": line.year,
        "place": line.place_id,
        "taakveld": line.taakveld.code,
        "description": line.description,
        "programme": line.programme,
        "economic_category": line.economic_category,
        "planned": line.planned_cents,
        "realised": line.realised_cents,
        "decided_by": line.decided_by,
        "scope_item": line.scope_item_id,
    }


@transaction.atomic
def delete_line(*, user, line, reason: str) -> None:
    """Remove a line entered by mistake. Only a line nothing refers to: no spending, questions,
    transfers, challenges or offers."""
    _require(user, "finance.manage_budget", line)
    reason = _text(reason, "reason", 300, _("Say why the line is removed."))
    if (
        line.challenge_id
        or line.expenditures.exists()
        or line.questions.exists()
        or line.transfers_in.exists()
        or line.transfers_out.exists()
        or line.challenges.exists()
        or line.offers.exists()
    ):
        raise ValidationError(_("Spending, questions or challenges refer to this line: it cannot be removed."))
    audit.record("finance.line.deleted", actor=user, obj=line, data={**_line_data(line), "reason": reason})
    line.delete()


@transaction.atomic
def record_expenditure(
    *,
    user,
    line,
    spent_on: datetime.date,
    recipient_kind: str,
    recipient_name: str,
    purpose: str,
    amount_cents: int,
    decision=None,
    decision_reference: str = "",
    recipient_organisation=None,
    recipient_kvk: str = "",
    idea=None,
    support_request=None,
    challenge=None,
) -> Expenditure:
    """Record money spent against a line: to an organisation or a group named as a group (never
    a private person), with the decision that allowed it."""
    _require(user, "finance.manage_budget", line)
    if recipient_kind not in RecipientKind.values:
        raise ValidationError({"recipient_kind": _("Say what kind of organisation received the money.")})
    if recipient_organisation is not None:
        recipient_kind = RecipientKind.RESIDENT_ORGANISATION
        recipient_name = recipient_name or recipient_organisation.name
    recipient_name = _text(recipient_name, "recipient_name", 200, _("Name the organisation that received the money."))
    if "@" in recipient_name:
        raise ValidationError({"recipient_name": _("Name the organisation, not a person or an email address.")})
    recipient_kvk = (recipient_kvk or "").strip()
    if recipient_kvk and (len(recipient_kvk) != 8 or any(c not in KVK for c in recipient_kvk)):
        raise ValidationError({"recipient_kvk": _("A KvK number has eight digits.")})
    purpose = _text(purpose, "purpose", 1000, _("Say what the money was for."))
    amount_cents = _amount(amount_cents, "amount_cents", _("Give the amount."))
    if amount_cents == 0:
        raise ValidationError({"amount_cents": _("Give the amount.")})
    if spent_on is None:
        raise ValidationError({"spent_on": _("Give the date.")})
    if spent_on.year != line.year:
        raise ValidationError({"spent_on": _("The date lies outside the budget year %(year)d.") % {"year": line.year}})
    if spent_on > _today():
        raise ValidationError({"spent_on": _("This date lies in the future.")})
    decision_reference = _text(decision_reference, "decision_reference", 200)
    if decision is None and not decision_reference:
        raise ValidationError({"decision": _("Link the decision that allowed this spending, or give its reference.")})
    line_place = line.place or line.municipality
    if decision is not None and not (within(decision.place, line_place) or within(line_place, decision.place)):
        raise ValidationError({"decision": _("This decision is about another place.")})
    if support_request is not None:
        idea = idea or support_request.idea
        if support_request.idea_id != idea.pk:
            raise ValidationError({"support_request": _("This award belongs to another initiative.")})
        if support_request.outcome not in ("granted", "partly"):
            raise ValidationError({"support_request": _("This support request was not granted.")})
    if challenge is not None and challenge.status not in (ChallengeStatus.CARRIED_OUT, ChallengeStatus.EVALUATED):
        raise ValidationError({"challenge": _("The challengers have no agreement to pay for.")})
    spent = spent_on_line(line)
    if spent + amount_cents > line.planned_cents:
        raise ValidationError(
            {
                "amount_cents": _(
                    "This would spend %(total)s on a line of %(planned)s. Change the plan of the line first."
                )
                % {"total": money(spent + amount_cents), "planned": money(line.planned_cents)}
            }
        )
    expenditure = Expenditure.objects.create(
        line=line,
        spent_on=spent_on,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name,
        recipient_organisation=recipient_organisation,
        recipient_kvk=recipient_kvk,
        purpose=purpose,
        amount_cents=amount_cents,
        decision=decision,
        decision_reference=decision_reference,
        idea=idea,
        support_request=support_request,
        challenge=challenge,
        created_by=user,
    )
    audit.record(
        "finance.expenditure.recorded",
        actor=user,
        obj=expenditure,
        data={
            "line": line.pk,
            "amount": amount_cents,
            "recipient": recipient_name,
            "decision": decision.pk if decision else decision_reference,
            "spent_total": spent + amount_cents,
        },
    )
    return expenditure


# --- Budget monitoring: questions and published answers -------------------------------------------


@transaction.atomic
def ask_question(*, user, line, text: str) -> LineQuestion:
    _require(user, "finance.ask_question", line)
    text = _text(text, "text", 2000, _("Write your question."))
    due_on = terms.due(_today(), terms.terms_for(line.municipality).question_answer_days)
    question = LineQuestion.objects.create(line=line, author=user, text=text, answer_due=due_on)
    audit.record("finance.question.asked", actor=user, obj=question, data={"line": line.pk, "due": due_on})
    notifications.notify(
        officials_for(line.place or line.municipality),
        subject=_("A question about the budget line “%(line)s”") % {"line": line.description},
        body=text,
        url=f"{line.get_absolute_url()}#questions",
        place=line.place or line.municipality,
        exclude=user,
    )
    return question


@transaction.atomic
def answer_question(*, user, question, answer: str) -> LineQuestion:
    _require(user, "finance.answer_question", question.line)
    if question.status == QuestionStatus.HIDDEN:
        raise ValidationError(_("This question is hidden."))
    answer = _text(answer, "answer", MAX_TEXT, _("Write the answer."))
    first = question.status == QuestionStatus.OPEN
    question.answer = answer
    question.answered_by = user
    question.answered_on = _today()
    question.status = QuestionStatus.ANSWERED
    question.save()
    audit.record("finance.question.answered", actor=user, obj=question, data={"changed": not first})
    if question.author is not None:
        notifications.notify(
            [question.author],
            subject=_("Your question about “%(line)s” has been answered") % {"line": question.line.description},
            body=answer,
            url=f"{question.line.get_absolute_url()}#question-{question.pk}",
            place=question.line.place,
        )
    return question


@transaction.atomic
def hide_question(*, user, question, reason: str) -> LineQuestion:
    _require(user, "finance.answer_question", question.line)
    reason = _text(reason, "reason", 300, _("Give a reason: it is shown in the question's place."))
    question.status = QuestionStatus.HIDDEN
    question.hidden_reason = reason
    question.save()
    audit.record("finance.question.hidden", actor=user, obj=question, data={"reason": reason})
    return question


# --- Terms per municipality -----------------------------------------------------------------------

SETTING_FIELDS = (
    "admissibility_days",
    "assessment_days",
    "agreement_days",
    "progress_interval_days",
    "evaluation_days",
    "reminder_days",
    "question_answer_days",
    "min_signatures",
    "offer_bid_days",
    "asset_bid_days",
)


@transaction.atomic
def save_settings(*, user, municipality, assessment_criteria: str = "", regulation_url: str = "", **values):
    """The terms the participatieverordening sets. Terms apply to steps started after the change."""
    _require(user, "finance.manage_settings", municipality)
    if municipality.kind != PlaceKind.MUNICIPALITY:
        raise ValidationError(_("Terms are set per municipality."))
    row, _created = FinanceSettings.objects.get_or_create(municipality=municipality)
    before = {field: getattr(row, field) for field in SETTING_FIELDS}
    for field in SETTING_FIELDS:
        if field in values:
            value = values[field]
            if not isinstance(value, int) or value < 0 or value > 3650:
                raise ValidationError({field: _("Give a whole number of days between 0 and 3650.")})
            if field.endswith("_days") and field != "reminder_days" and value == 0:
                raise ValidationError({field: _("A term of 0 days leaves no time at all.")})
            setattr(row, field, value)
    row.assessment_criteria = _text(assessment_criteria, "assessment_criteria", MAX_TEXT)
    row.regulation_url = (regulation_url or "").strip()
    row.updated_by = user
    row.full_clean()
    row.save()
    audit.record(
        "finance.settings.changed",
        actor=user,
        obj=row,
        data={"before": before, "after": {field: getattr(row, field) for field in SETTING_FIELDS}},
    )
    return row


# --- The right to challenge -----------------------------------------------------------------------


def signature_count(challenge) -> dict:
    online = challenge.signatures.count()
    paper = challenge.paper_counts.aggregate(s=Sum("count"))["s"] or 0
    return {"online": online, "paper": paper, "total": online + paper}


def offer_is_open(offer, today=None) -> bool:
    return offer.status == OfferStatus.OPEN and (today or _today()) <= offer.bids_until


@transaction.atomic
def submit_challenge(
    *,
    user,
    place,
    title: str,
    task: str,
    why_better: str,
    involvement: str,
    support_description: str,
    cost_estimate_cents: int,
    cost_explanation: str,
    support_wanted: str,
    quality_continuity: str,
    organisation=None,
    group_name: str = "",
    offer=None,
    budget_line=None,
    submitted_on=None,
) -> Challenge:
    """A challenge (or, with `offer`, a bid on an offered task) from a resident organisation or
    an informal group of residents, with the seven required elements. Officials covering the
    place may enter one that came in on paper."""
    if place is None or place.kind not in CHALLENGE_PLACE_KINDS:
        raise ValidationError({"place": _("Choose the neighbourhood, village or buurt the task is in.")})
    is_official = user.has_perm("finance.handle_challenge", place)
    if (organisation is None) == (not (group_name or "").strip()):
        raise ValidationError(
            {"organisation": _("Challenge on behalf of a resident organisation, or give the name of your group.")}
        )
    if organisation is not None:
        if not (is_official or user.has_perm("finance.challenge_for_organisation", organisation)):
            raise PermissionDenied
        if not within(place, organisation.place):
            raise ValidationError({"place": _("An organisation challenges about its own neighbourhood or village.")})
    elif not (is_official or user.has_perm("finance.challenge_as_group", place)):
        raise PermissionDenied
    group_name = _text(group_name, "group_name", 150)
    if offer is not None:
        if not offer_is_open(offer):
            raise ValidationError(_("This offer no longer takes bids."))
        if not within(place, offer.place):
            raise ValidationError({"place": _("The bid must be for the place of the offer.")})
        budget_line = offer.budget_line
    title = _text(title, "title", 200, _("Give your challenge a short title."))
    required = _("This is one of the seven things a challenge must contain.")
    elements = {
        "task": _text(task, "task", MAX_TEXT, required),
        "why_better": _text(why_better, "why_better", MAX_TEXT, required),
        "involvement": _text(involvement, "involvement", MAX_TEXT, required),
        "support_description": _text(support_description, "support_description", MAX_TEXT, required),
        "cost_explanation": _text(cost_explanation, "cost_explanation", MAX_TEXT, required),
        "support_wanted": _text(support_wanted, "support_wanted", MAX_TEXT, required),
        "quality_continuity": _text(quality_continuity, "quality_continuity", MAX_TEXT, required),
    }
    cost_estimate_cents = _amount(cost_estimate_cents, "cost_estimate_cents", required)
    municipality = place.root
    if budget_line is not None and budget_line.municipality_id != municipality.pk:
        raise ValidationError({"budget_line": _("This budget line belongs to another municipality.")})
    submitted_on = submitted_on or _today()
    if submitted_on > _today():
        raise ValidationError({"submitted_on": _("This date lies in the future.")})
    term = terms.terms_for(municipality)
    challenge = Challenge.objects.create(
        municipality=municipality,
        place=place,
        offer=offer,
        organisation=organisation,
        group_name=group_name if organisation is None else "",
        submitted_by=user,
        title=title,
        cost_estimate_cents=cost_estimate_cents,
        budget_line=budget_line,
        submitted_on=submitted_on,
        due_on=terms.due(submitted_on, term.admissibility_days),
        **elements,
    )
    _event(challenge, EventKind.SUBMITTED, actor=user, on=submitted_on)
    audit.record(
        "finance.challenge.submitted",
        actor=user,
        obj=challenge,
        data={
            "place": place.pk,
            "organisation": organisation.pk if organisation else None,
            "offer": offer.pk if offer else None,
            "cost_estimate": cost_estimate_cents,
            "due": challenge.due_on,
        },
    )
    subject = (
        _("New bid on “%(offer)s”: %(title)s") % {"offer": offer.title, "title": title}
        if offer
        else _("New challenge in %(place)s: %(title)s") % {"place": place.name, "title": title}
    )
    notifications.notify(
        officials_for(place), subject=subject, url=challenge.get_absolute_url(), place=place, exclude=user
    )
    notifications.notify_followers(place=place, subject=subject, url=challenge.get_absolute_url(), exclude=user)
    return challenge


@transaction.atomic
def withdraw_challenge(*, user, challenge, reason: str = "") -> Challenge:
    _require(user, "finance.withdraw_challenge", challenge)
    if challenge.status not in (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE, ChallengeStatus.APPROVED):
        raise ValidationError(_("This challenge can no longer be withdrawn."))
    challenge.withdrawn_reason = _text(reason, "reason", 2000)
    challenge.status = ChallengeStatus.WITHDRAWN
    challenge.due_on = None
    challenge.save()
    _event(challenge, EventKind.WITHDRAWN, challenge.withdrawn_reason, actor=user)
    audit.record("finance.challenge.withdrawn", actor=user, obj=challenge)
    notifications.notify(
        officials_for(challenge.place),
        subject=_("Challenge withdrawn: %(title)s") % {"title": challenge.title},
        url=challenge.get_absolute_url(),
        place=challenge.place,
        exclude=user,
    )
    return challenge


@transaction.atomic
def sign_challenge(*, user, challenge) -> SupportSignature:
    _require(user, "finance.sign_challenge", challenge)
    if challenge.status not in (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE):
        raise ValidationError(_("Support is no longer being collected for this challenge."))
    signature, created = SupportSignature.objects.get_or_create(challenge=challenge, user=user)
    if not created:
        raise ValidationError(_("You already support this challenge."))
    audit.record("finance.challenge.signed", actor=user, obj=challenge)
    return signature


@transaction.atomic
def unsign_challenge(*, user, challenge) -> None:
    if challenge.status not in (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE):
        raise ValidationError(_("Support is no longer being collected for this challenge."))
    deleted, _rows = SupportSignature.objects.filter(challenge=challenge, user=user).delete()
    if not deleted:
        raise ValidationError(_("You did not support this challenge."))
    audit.record("finance.challenge.unsigned", actor=user, obj=challenge)


@transaction.atomic
def count_paper_signatures(*, user, challenge, count: int, counted_on=None, note: str = "") -> PaperSignatureCount:
    """An official enters the valid signatures of a paper list. The lists stay with the municipality."""
    _require(user, "finance.handle_challenge", challenge)
    if challenge.status not in (ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE):
        raise ValidationError(_("Support is no longer being collected for this challenge."))
    if not isinstance(count, int) or count <= 0 or count > 1_000_000:
        raise ValidationError({"count": _("Give the number of valid signatures counted.")})
    counted_on = counted_on or _today()
    if counted_on > _today():
        raise ValidationError({"counted_on": _("This date lies in the future.")})
    note = _text(note, "note", 300)
    row = PaperSignatureCount.objects.create(
        challenge=challenge, count=count, counted_on=counted_on, note=note, counted_by=user
    )
    _event(
        challenge,
        EventKind.SIGNATURES,
        _("%(count)d signatures on paper counted.") % {"count": count},
        actor=user,
        on=counted_on,
    )
    audit.record("finance.challenge.paper_signatures", actor=user, obj=challenge, data={"count": count})
    return row


def _notify_challengers(challenge, subject, *, exclude=None):
    notifications.notify(
        challengers(challenge),
        subject=subject,
        url=challenge.get_absolute_url(),
        place=challenge.place,
        exclude=exclude,
    )


def _decision_date(challenge, decided_on, field="decided_on") -> datetime.date:
    """The date a step was decided (today, or earlier when an official records it afterwards)."""
    decided_on = decided_on or _today()
    if decided_on > _today():
        raise ValidationError({field: _("This date lies in the future.")})
    if decided_on < challenge.submitted_on:
        raise ValidationError({field: _("This date lies before the challenge was submitted.")})
    return decided_on


@transaction.atomic
def decide_admissibility(*, user, challenge, admissible: bool, reasons: str, decided_on=None) -> Challenge:
    """Is the request complete and is the task one that may be challenged? Reasons are public."""
    _require(user, "finance.decide_challenge", challenge)
    if challenge.status != ChallengeStatus.SUBMITTED:
        raise ValidationError(_("Admissibility has already been decided."))
    reasons = _text(reasons, "reasons", MAX_TEXT, _("Give the reasons: they are published with the challenge."))
    term = terms.terms_for(challenge.municipality)
    if admissible:
        count = signature_count(challenge)["total"]
        if count < term.min_signatures:
            raise ValidationError(
                _("The participatieverordening asks for %(needed)d signatures of support; there are %(count)d.")
                % {"needed": term.min_signatures, "count": count}
            )
    today = _decision_date(challenge, decided_on)
    challenge.status = ChallengeStatus.ADMISSIBLE if admissible else ChallengeStatus.NOT_ADMISSIBLE
    challenge.admissibility_reasons = reasons
    challenge.admissibility_decided_on = today
    challenge.due_on = terms.due(today, term.assessment_days) if admissible else None
    challenge.handler = challenge.handler or user
    challenge.save()
    _event(challenge, EventKind.ADMISSIBLE if admissible else EventKind.NOT_ADMISSIBLE, reasons, actor=user, on=today)
    audit.record(
        "finance.challenge.admissibility",
        actor=user,
        obj=challenge,
        data={"admissible": admissible, "due": challenge.due_on},
    )
    _notify_challengers(
        challenge,
        (
            _("Your challenge is admissible: %(title)s")
            if admissible
            else _("Your challenge is not admissible: %(title)s")
        )
        % {"title": challenge.title},
        exclude=user,
    )
    return challenge


def clean_assessment(criteria: list, expected: tuple) -> list[dict]:
    """Every criterion of the municipality gets a verdict (yes, partly, no); a verdict other
    than yes needs a reason. Pure."""
    given = {str(row.get("criterion", "")).strip(): row for row in criteria}
    cleaned, problems = [], []
    for criterion in expected:
        row = given.get(criterion)
        verdict = (row or {}).get("verdict", "")
        reason = str((row or {}).get("reason", "") or "").strip()
        if verdict not in VERDICTS:
            problems.append(_("Give a verdict on: %(criterion)s") % {"criterion": criterion})
        elif verdict != "yes" and not reason:
            problems.append(_("Give the reason for the verdict on: %(criterion)s") % {"criterion": criterion})
        if len(reason) > 2000:
            problems.append(_("Keep each reason under 2000 characters."))
        cleaned.append({"criterion": criterion, "verdict": verdict, "reason": reason})
    if problems:
        raise ValidationError({"assessment": problems})
    return cleaned


@transaction.atomic
def assess_challenge(
    *, user, challenge, approved: bool, criteria: list, reasons: str, budget_line=None, decided_on=None
) -> Challenge:
    """The assessment: a verdict with reasons on each criterion of the verordening, and the
    outcome with its reasons. A go-ahead on a bid awards the offer; its other open bids are
    refused with that reason."""
    _require(user, "finance.decide_challenge", challenge)
    if challenge.status != ChallengeStatus.ADMISSIBLE:
        raise ValidationError(_("Only an admissible challenge can be assessed."))
    term = terms.terms_for(challenge.municipality)
    assessment = clean_assessment(criteria, term.criteria)
    reasons = _text(reasons, "reasons", MAX_TEXT, _("Give the reasons: they are published with the challenge."))
    if budget_line is not None and budget_line.municipality_id != challenge.municipality_id:
        raise ValidationError({"budget_line": _("This budget line belongs to another municipality.")})
    today = _decision_date(challenge, decided_on)
    if challenge.admissibility_decided_on and today < challenge.admissibility_decided_on:
        raise ValidationError({"decided_on": _("The assessment cannot be before the decision on admissibility.")})
    challenge.assessment = assessment
    challenge.assessment_reasons = reasons
    challenge.assessed_on = today
    challenge.status = ChallengeStatus.APPROVED if approved else ChallengeStatus.REFUSED
    challenge.due_on = terms.due(today, term.agreement_days) if approved else None
    challenge.budget_line = budget_line or challenge.budget_line
    challenge.handler = challenge.handler or user
    challenge.save()
    _event(challenge, EventKind.APPROVED if approved else EventKind.REFUSED, reasons, actor=user, on=today)
    audit.record(
        "finance.challenge.assessed",
        actor=user,
        obj=challenge,
        data={"approved": approved, "assessment": assessment, "due": challenge.due_on},
    )
    _notify_challengers(
        challenge,
        (_("Go-ahead for your challenge: %(title)s") if approved else _("Your challenge was refused: %(title)s"))
        % {"title": challenge.title},
        exclude=user,
    )
    if approved and challenge.offer_id:
        _award_offer(user, challenge)
    return challenge


def _award_offer(user, winner):
    offer = winner.offer
    offer.status = OfferStatus.AWARDED
    offer.status_reason = _("Awarded to %(name)s.") % {"name": winner.challenger_label}
    offer.save()
    audit.record("finance.offer.awarded", actor=user, obj=offer, data={"challenge": winner.pk})
    reason = _("Another bid on this task was chosen: %(name)s.") % {"name": winner.challenger_label}
    for bid in offer.bids.filter(status__in=(ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE)).exclude(
        pk=winner.pk
    ):
        bid.status = ChallengeStatus.REFUSED
        bid.assessment_reasons = reason
        bid.assessed_on = _today()
        bid.due_on = None
        bid.save()
        _event(bid, EventKind.REFUSED, reason, actor=user)
        audit.record("finance.challenge.assessed", actor=user, obj=bid, data={"approved": False, "offer_awarded": True})
        _notify_challengers(bid, _("Your bid was not chosen: %(title)s") % {"title": bid.title}, exclude=user)


@transaction.atomic
def save_agreement(
    *,
    user,
    challenge,
    tasks: str,
    result: str,
    budget_cents: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    municipal_support: str = "",
    source_line=None,
    progress_interval_days: int | None = None,
) -> ChallengeAgreement:
    """Draft (or change the draft of) the agreement: tasks, result, budget and duration."""
    _require(user, "finance.handle_challenge", challenge)
    if challenge.status != ChallengeStatus.APPROVED:
        raise ValidationError(_("An agreement is made after a go-ahead in the assessment."))
    existing = getattr(challenge, "agreement", None)
    if existing is not None and existing.status != AgreementStatus.DRAFT:
        raise ValidationError(_("This agreement has been concluded and can no longer be changed."))
    tasks = _text(tasks, "tasks", 10_000, _("Describe the tasks the challengers take over."))
    result = _text(result, "result", MAX_TEXT, _("Describe the result that is agreed."))
    municipal_support = _text(municipal_support, "municipal_support", MAX_TEXT)
    budget_cents = _amount(budget_cents, "budget_cents", _("Give the budget."))
    if starts_on is None or ends_on is None or ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The agreement ends after it starts.")})
    interval = progress_interval_days or terms.terms_for(challenge.municipality).progress_interval_days
    if not 7 <= interval <= 730:
        raise ValidationError({"progress_interval_days": _("Hold progress talks every 7 to 730 days.")})
    if source_line is not None:
        if source_line.municipality_id != challenge.municipality_id:
            raise ValidationError({"source_line": _("This budget line belongs to another municipality.")})
        if source_line.decided_by != DecidedBy.MUNICIPALITY or source_line.challenge_id:
            raise ValidationError({"source_line": _("The money must come from a line the municipality decides on.")})
        if not starts_on.year <= source_line.year <= ends_on.year:
            raise ValidationError({"source_line": _("This line is of a year outside the agreement.")})
        available = source_line.planned_cents - spent_on_line(source_line)
        if budget_cents > available:
            raise ValidationError(
                {
                    "budget_cents": _("The line has %(available)s left to move; the agreement asks %(budget)s.")
                    % {"available": money(available), "budget": money(budget_cents)}
                }
            )
    elif budget_cents:
        raise ValidationError({"source_line": _("Choose the municipal budget line the money comes from.")})
    values = {
        "tasks": tasks,
        "result": result,
        "municipal_support": municipal_support,
        "budget_cents": budget_cents,
        "source_line": source_line,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "progress_interval_days": interval,
    }
    if existing is None:
        agreement = ChallengeAgreement.objects.create(challenge=challenge, created_by=user, **values)
    else:
        agreement = existing
        for field, value in values.items():
            setattr(agreement, field, value)
        agreement.save()
    audit.record(
        "finance.agreement.saved",
        actor=user,
        obj=agreement,
        data={
            "challenge": challenge.pk,
            "budget": budget_cents,
            "source_line": source_line.pk if source_line else None,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return agreement


@transaction.atomic
def conclude_agreement(*, user, challenge, concluded_on=None) -> ChallengeAgreement:
    """Both sides agree. The budget moves from the municipal line to a new line of the
    challengers (visible in the open budget, decided on by the neighbourhood), and the first
    progress talk is due one interval later."""
    _require(user, "finance.decide_challenge", challenge)
    agreement = getattr(challenge, "agreement", None)
    if challenge.status != ChallengeStatus.APPROVED or agreement is None:
        raise ValidationError(_("There is no draft agreement to conclude."))
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("This agreement has already been concluded."))
    concluded_on = concluded_on or _today()
    if concluded_on > _today():
        raise ValidationError({"concluded_on": _("This date lies in the future.")})
    if agreement.source_line_id and agreement.budget_cents:
        source = BudgetLine.objects.select_for_update().get(pk=agreement.source_line_id)
        available = source.planned_cents - spent_on_line(source)
        if agreement.budget_cents > available:
            raise ValidationError(
                _("The line has %(available)s left to move; the agreement asks %(budget)s.")
                % {"available": money(available), "budget": money(agreement.budget_cents)}
            )
        agreement.line = _move_budget(user, challenge, agreement, source, concluded_on)
    agreement.status = AgreementStatus.CONCLUDED
    agreement.concluded_on = concluded_on
    agreement.next_progress_due = terms.due(concluded_on, agreement.progress_interval_days)
    agreement.save()
    challenge.status = ChallengeStatus.CARRIED_OUT
    challenge.due_on = _next_term(agreement)
    challenge.save()
    _event(
        challenge,
        EventKind.AGREEMENT,
        _("Agreement from %(start)s to %(end)s, with a budget of %(budget)s per year.")
        % {
            "start": _day(agreement.starts_on),
            "end": _day(agreement.ends_on),
            "budget": money(agreement.budget_cents),
        },
        actor=user,
        on=concluded_on,
    )
    audit.record(
        "finance.agreement.concluded",
        actor=user,
        obj=agreement,
        data={"challenge": challenge.pk, "line": agreement.line_id, "next_progress_due": agreement.next_progress_due},
    )
    subject = _("Agreement made: %(title)s") % {"title": challenge.title}
    _notify_challengers(challenge, subject, exclude=user)
    notifications.notify_followers(
        place=challenge.place, subject=subject, url=agreement.get_absolute_url(), exclude=user
    )
    return agreement


def _move_budget(user, challenge, agreement, source, on) -> BudgetLine:
    description = _site_language(
        lambda: (
            _("Right to challenge: %(title)s (%(name)s)")
            % {"title": challenge.title, "name": challenge.challenger_label}
        )
    )[:300]
    before = _line_data(source)
    source.planned_cents -= agreement.budget_cents
    source.save()
    audit.record(
        "finance.line.changed",
        actor=user,
        obj=source,
        data={"before": before, "after": _line_data(source), "challenge": challenge.pk},
    )
    line = BudgetLine.objects.create(
        municipality=challenge.municipality,
        year=source.year,
        place=challenge.place,
        taakveld=source.taakveld,
        programme=source.programme,
        economic_category=source.economic_category,
        description=description,
        planned_cents=agreement.budget_cents,
        decided_by=DecidedBy.NEIGHBOURHOOD,
        challenge=challenge,
        created_by=user,
    )
    audit.record("finance.line.created", actor=user, obj=line, data={**_line_data(line), "challenge": challenge.pk})
    transfer = BudgetTransfer.objects.create(
        from_line=source,
        to_line=line,
        amount_cents=agreement.budget_cents,
        agreement=agreement,
        reason=_site_language(lambda: _("Agreement under the right to challenge"))[:300],
        made_on=on,
        made_by=user,
    )
    audit.record(
        "finance.budget.moved",
        actor=user,
        obj=transfer,
        data={"from": source.pk, "to": line.pk, "amount": agreement.budget_cents, "challenge": challenge.pk},
    )
    _event(
        challenge,
        EventKind.BUDGET_MOVED,
        _("%(amount)s moved from “%(source)s” to the challengers' budget line.")
        % {"amount": money(agreement.budget_cents), "source": source.description},
        actor=user,
        on=on,
    )
    return line


def _next_term(agreement) -> datetime.date:
    """The next thing that is due while the agreement runs: a progress talk, or after the end
    the evaluation."""
    evaluation_due = terms.due(agreement.ends_on, terms.terms_for(agreement.challenge.municipality).evaluation_days)
    if agreement.next_progress_due and agreement.next_progress_due <= agreement.ends_on:
        return agreement.next_progress_due
    return evaluation_due


@transaction.atomic
def record_progress_talk(*, user, challenge, held_on: datetime.date, summary: str) -> ProgressTalk:
    """The college and the challengers discuss the progress periodically (Middelburg); the summary
    is public."""
    _require(user, "finance.handle_challenge", challenge)
    agreement = getattr(challenge, "agreement", None)
    if challenge.status != ChallengeStatus.CARRIED_OUT or agreement is None:
        raise ValidationError(_("Progress talks are held while the agreement is carried out."))
    summary = _text(summary, "summary", MAX_TEXT, _("Summarise what was discussed and agreed."))
    if held_on is None or held_on > _today():
        raise ValidationError({"held_on": _("Give the date the talk was held (not in the future).")})
    if agreement.concluded_on and held_on < agreement.concluded_on:
        raise ValidationError({"held_on": _("The talk cannot be before the agreement was made.")})
    talk = ProgressTalk.objects.create(agreement=agreement, held_on=held_on, summary=summary, recorded_by=user)
    agreement.next_progress_due = terms.due(held_on, agreement.progress_interval_days)
    agreement.save()
    challenge.due_on = _next_term(agreement)
    challenge.save()
    _event(challenge, EventKind.PROGRESS, summary, actor=user, on=held_on)
    audit.record(
        "finance.progress.recorded",
        actor=user,
        obj=talk,
        data={"challenge": challenge.pk, "next_due": challenge.due_on},
    )
    return talk


@transaction.atomic
def evaluate_challenge(*, user, challenge, evaluation: str, outcome: str, evaluated_on=None) -> ChallengeAgreement:
    _require(user, "finance.decide_challenge", challenge)
    agreement = getattr(challenge, "agreement", None)
    if challenge.status != ChallengeStatus.CARRIED_OUT or agreement is None:
        raise ValidationError(_("Only an agreement being carried out can be evaluated."))
    evaluation = _text(evaluation, "evaluation", 10_000, _("Write the evaluation: what went well, what did not."))
    if outcome not in EvaluationOutcome.values:
        raise ValidationError({"outcome": _("Choose how it goes on.")})
    evaluated_on = evaluated_on or _today()
    if evaluated_on > _today():
        raise ValidationError({"evaluated_on": _("This date lies in the future.")})
    agreement.evaluation = evaluation
    agreement.evaluation_outcome = outcome
    agreement.evaluated_on = evaluated_on
    agreement.status = AgreementStatus.EVALUATED
    agreement.next_progress_due = None
    agreement.save()
    challenge.status = ChallengeStatus.EVALUATED
    challenge.due_on = None
    challenge.save()
    _event(challenge, EventKind.EVALUATED, evaluation, actor=user, on=evaluated_on)
    audit.record("finance.challenge.evaluated", actor=user, obj=challenge, data={"outcome": outcome})
    _notify_challengers(challenge, _("Evaluation published: %(title)s") % {"title": challenge.title}, exclude=user)
    return agreement


# --- The reverse right to challenge: tasks offered to neighbourhoods ------------------------------


@transaction.atomic
def publish_offer(
    *,
    user,
    place,
    title: str,
    task: str,
    current_budget_cents: int,
    conditions: str = "",
    budget_line=None,
    bids_until=None,
) -> ChallengeOffer:
    """The municipality offers a task with its current budget; groups in the neighbourhood bid."""
    _require(user, "finance.offer_task", place)
    if place is None or place.kind not in CHALLENGE_PLACE_KINDS:
        raise ValidationError({"place": _("Choose the neighbourhood, village or buurt the task is in.")})
    title = _text(title, "title", 200, _("Name the task."))
    task = _text(task, "task", MAX_TEXT, _("Describe the task."))
    conditions = _text(conditions, "conditions", MAX_TEXT)
    current_budget_cents = _amount(current_budget_cents, "current_budget_cents", _("Give the current budget."))
    municipality = place.root
    if budget_line is not None and (
        budget_line.municipality_id != municipality.pk or budget_line.decided_by != DecidedBy.MUNICIPALITY
    ):
        raise ValidationError(
            {"budget_line": _("Choose a line of this municipality that the municipality decides on.")}
        )
    today = _today()
    bids_until = bids_until or terms.due(today, terms.terms_for(municipality).offer_bid_days)
    if bids_until <= today:
        raise ValidationError({"bids_until": _("Give groups time to bid: a date after today.")})
    offer = ChallengeOffer.objects.create(
        municipality=municipality,
        place=place,
        title=title,
        task=task,
        conditions=conditions,
        budget_line=budget_line,
        current_budget_cents=current_budget_cents,
        published_on=today,
        bids_until=bids_until,
        created_by=user,
    )
    audit.record(
        "finance.offer.published",
        actor=user,
        obj=offer,
        data={"place": place.pk, "budget": current_budget_cents, "bids_until": bids_until},
    )
    notifications.notify_followers(
        place=place,
        subject=_("The municipality offers a task to %(place)s: %(title)s") % {"place": place.name, "title": title},
        url=offer.get_absolute_url(),
        exclude=user,
    )
    return offer


@transaction.atomic
def withdraw_offer(*, user, offer, reason: str) -> ChallengeOffer:
    _require(user, "finance.offer_task", offer)
    if offer.status not in (OfferStatus.OPEN, OfferStatus.ASSESSING):
        raise ValidationError(_("This offer can no longer be withdrawn."))
    reason = _text(reason, "reason", 2000, _("Say why the offer is withdrawn."))
    offer.status = OfferStatus.WITHDRAWN
    offer.status_reason = reason
    offer.save()
    audit.record("finance.offer.withdrawn", actor=user, obj=offer, data={"reason": reason})
    for bid in offer.bids.filter(status__in=(ChallengeStatus.SUBMITTED, ChallengeStatus.ADMISSIBLE)):
        bid.status = ChallengeStatus.REFUSED
        bid.assessment_reasons = _("The municipality withdrew the offer: %(reason)s") % {"reason": reason}
        bid.due_on = None
        bid.save()
        _event(bid, EventKind.REFUSED, bid.assessment_reasons, actor=user)
        audit.record(
            "finance.challenge.assessed", actor=user, obj=bid, data={"approved": False, "offer_withdrawn": True}
        )
        _notify_challengers(bid, _("The offer you bid on was withdrawn: %(title)s") % {"title": offer.title})
    return offer


# --- Community assets and the right to bid --------------------------------------------------------


def _asset_fields(name, kind, owner, community_value, address, description, current_use) -> dict:
    if kind not in AssetKind.values:
        raise ValidationError({"kind": _("Choose the kind of asset.")})
    return {
        "name": _text(name, "name", 200, _("Give the name.")),
        "kind": kind,
        "owner": _text(owner, "owner", 150, _("Say who owns it.")),
        "community_value": _text(
            community_value, "community_value", 3000, _("Say why it matters to the neighbourhood.")
        ),
        "address": _text(address, "address", 200),
        "description": _text(description, "description", MAX_TEXT),
        "current_use": _text(current_use, "current_use", 3000),
    }


@transaction.atomic
def add_asset(
    *,
    user,
    place,
    name: str,
    kind: str,
    owner: str,
    community_value: str,
    address: str = "",
    description: str = "",
    current_use: str = "",
) -> CommunityAsset:
    """The municipality takes an asset into the register."""
    _require(user, "finance.manage_assets", place)
    if place is None or place.kind not in CHALLENGE_PLACE_KINDS:
        raise ValidationError({"place": _("Choose the neighbourhood, village or buurt it is in.")})
    fields = _asset_fields(name, kind, owner, community_value, address, description, current_use)
    asset = CommunityAsset.objects.create(
        municipality=place.root, place=place, status=AssetStatus.LISTED, listed_on=_today(), created_by=user, **fields
    )
    audit.record("finance.asset.listed", actor=user, obj=asset, data={"place": place.pk, "kind": kind})
    return asset


@transaction.atomic
def nominate_asset(
    *,
    user,
    organisation,
    place,
    name: str,
    kind: str,
    owner: str,
    community_value: str,
    address: str = "",
    description: str = "",
    current_use: str = "",
) -> CommunityAsset:
    """A resident organisation proposes an asset for the register."""
    _require(user, "finance.nominate_asset", organisation)
    if place is None or place.kind not in CHALLENGE_PLACE_KINDS or not within(place, organisation.place):
        raise ValidationError({"place": _("An organisation nominates an asset in its own neighbourhood or village.")})
    fields = _asset_fields(name, kind, owner, community_value, address, description, current_use)
    asset = CommunityAsset.objects.create(
        municipality=place.root,
        place=place,
        status=AssetStatus.NOMINATED,
        nominated_by=organisation,
        created_by=user,
        **fields,
    )
    audit.record("finance.asset.nominated", actor=user, obj=asset, data={"organisation": organisation.pk})
    notifications.notify(
        officials_for(place),
        subject=_("%(organisation)s nominates a community asset: %(name)s")
        % {"organisation": organisation.name, "name": asset.name},
        url=asset.get_absolute_url(),
        place=place,
        exclude=user,
    )
    return asset


@transaction.atomic
def decide_nomination(*, user, asset, listed: bool, reasons: str) -> CommunityAsset:
    _require(user, "finance.manage_assets", asset)
    if asset.status != AssetStatus.NOMINATED:
        raise ValidationError(_("This asset is not waiting for a decision on its nomination."))
    asset.listing_reasons = _text(reasons, "reasons", MAX_TEXT, _("Give the reasons: they are public."))
    asset.status = AssetStatus.LISTED if listed else AssetStatus.NOT_LISTED
    asset.listed_on = _today() if listed else None
    asset.save()
    audit.record("finance.asset.nomination_decided", actor=user, obj=asset, data={"listed": listed})
    if asset.nominated_by_id:
        members = Membership.objects.current().filter(organisation=asset.nominated_by, role__in=SPEAKING_ROLES)
        notifications.notify(
            User.objects.filter(pk__in=members.values_list("user_id", flat=True), is_active=True),
            subject=(
                _("%(name)s is in the register of community assets")
                if listed
                else _("%(name)s was not taken into the register")
            )
            % {"name": asset.name},
            url=asset.get_absolute_url(),
            place=asset.place,
            exclude=user,
        )
    return asset


@transaction.atomic
def announce_disposal(*, user, asset, disposal_kind: str, plan: str, bids_until=None) -> CommunityAsset:
    """The municipality wants to sell the asset or change its use: groups get the right to bid
    first, until `bids_until` (default: the municipality's term)."""
    _require(user, "finance.manage_assets", asset)
    if asset.status not in (AssetStatus.LISTED, AssetStatus.DECIDED):
        raise ValidationError(_("Only an asset in the register can be offered for bids."))
    if disposal_kind not in DisposalKind.values:
        raise ValidationError({"disposal_kind": _("Say whether it is to be sold or used differently.")})
    plan = _text(plan, "plan", MAX_TEXT, _("Describe what the municipality plans."))
    today = _today()
    bids_until = bids_until or terms.due(today, terms.terms_for(asset.municipality).asset_bid_days)
    if bids_until <= today:
        raise ValidationError({"bids_until": _("Give groups time to bid: a date after today.")})
    asset.status = AssetStatus.BIDDING
    asset.disposal_kind = disposal_kind
    asset.disposal_description = plan
    asset.bids_until = bids_until
    asset.decision = ""
    asset.decided_on = None
    asset.save()
    audit.record(
        "finance.asset.disposal_announced", actor=user, obj=asset, data={"kind": disposal_kind, "until": bids_until}
    )
    notifications.notify_followers(
        place=asset.place,
        subject=_("Right to bid: %(name)s – %(what)s")
        % {"name": asset.name, "what": asset.get_disposal_kind_display()},
        url=asset.get_absolute_url(),
        exclude=user,
    )
    return asset


@transaction.atomic
def bid_on_asset(
    *, user, asset, organisation, plan: str, support_description: str, offer_cents: int | None = None
) -> AssetBid:
    _require(user, "finance.bid_on_asset", organisation)
    if asset.status != AssetStatus.BIDDING or asset.bids_until is None or _today() > asset.bids_until:
        raise ValidationError(_("This asset is not open for bids."))
    if not (within(asset.place, organisation.place) or within(organisation.place, asset.place)):
        raise ValidationError({"organisation": _("An organisation bids on an asset in its own neighbourhood.")})
    if asset.bids.filter(organisation=organisation, outcome=BidOutcome.OPEN).exists():
        raise ValidationError(_("Your organisation has already made a bid; withdraw it to make a new one."))
    bid = AssetBid.objects.create(
        asset=asset,
        organisation=organisation,
        plan=_text(plan, "plan", MAX_TEXT, _("Describe your plan.")),
        support_description=_text(
            support_description, "support_description", 3000, _("Describe the support in the neighbourhood.")
        ),
        offer_cents=_amount(offer_cents, "offer_cents"),
        submitted_on=_today(),
        submitted_by=user,
    )
    audit.record("finance.asset.bid", actor=user, obj=bid, data={"asset": asset.pk, "offer": bid.offer_cents})
    notifications.notify(
        officials_for(asset.place),
        subject=_("%(organisation)s bids on %(name)s") % {"organisation": organisation.name, "name": asset.name},
        url=asset.get_absolute_url(),
        place=asset.place,
        exclude=user,
    )
    return bid


@transaction.atomic
def withdraw_asset_bid(*, user, bid) -> AssetBid:
    """The bidding organisation withdraws its bid while bids are open (to make a new one, say)."""
    _require(user, "finance.bid_on_asset", bid.organisation)
    if bid.outcome != BidOutcome.OPEN or bid.asset.status != AssetStatus.BIDDING:
        raise ValidationError(_("This bid can no longer be withdrawn."))
    bid.outcome = BidOutcome.WITHDRAWN
    bid.save()
    audit.record("finance.asset.bid_withdrawn", actor=user, obj=bid, data={"asset": bid.asset_id})
    return bid


@transaction.atomic
def decide_asset(*, user, asset, decision: str, accepted_bid=None, reasons: dict | None = None) -> CommunityAsset:
    """After the bid period: the decision, and for every bid whether it is accepted, with reasons
    for each bid not accepted."""
    _require(user, "finance.manage_assets", asset)
    if asset.status != AssetStatus.BIDDING:
        raise ValidationError(_("This asset is not open for bids."))
    if asset.bids_until and _today() <= asset.bids_until:
        raise ValidationError(_("Groups can bid until %(date)s; decide after that.") % {"date": _day(asset.bids_until)})
    decision = _text(decision, "decision", MAX_TEXT, _("Describe the decision."))
    reasons = reasons or {}
    bids = list(asset.bids.filter(outcome=BidOutcome.OPEN))
    if accepted_bid is not None and accepted_bid.pk not in {b.pk for b in bids}:
        raise ValidationError({"accepted_bid": _("This bid is not open on this asset.")})
    for bid in bids:
        if accepted_bid is not None and bid.pk == accepted_bid.pk:
            bid.outcome = BidOutcome.ACCEPTED
            bid.reasons = str(reasons.get(bid.pk, "") or "").strip()[:MAX_TEXT]
        else:
            reason = str(reasons.get(bid.pk, "") or "").strip()
            if not reason:
                raise ValidationError(
                    {
                        "reasons": _("Give the reason why the bid of %(name)s is not accepted.")
                        % {"name": bid.organisation}
                    }
                )
            bid.outcome = BidOutcome.NOT_ACCEPTED
            bid.reasons = reason[:MAX_TEXT]
        bid.save()
    asset.decision = decision
    asset.decided_on = _today()
    asset.status = AssetStatus.DECIDED
    asset.save()
    audit.record(
        "finance.asset.decided",
        actor=user,
        obj=asset,
        data={"accepted_bid": accepted_bid.pk if accepted_bid else None, "bids": [b.pk for b in bids]},
    )
    for bid in bids:
        members = Membership.objects.current().filter(organisation=bid.organisation, role__in=SPEAKING_ROLES)
        notifications.notify(
            User.objects.filter(pk__in=members.values_list("user_id", flat=True), is_active=True),
            subject=_("Decision on %(name)s: your bid is %(outcome)s")
            % {"name": asset.name, "outcome": bid.get_outcome_display()},
            url=asset.get_absolute_url(),
            place=asset.place,
            exclude=user,
        )
    return asset


# --- Reminders before a term expires --------------------------------------------------------------

STEP_NAMES = {
    ChallengeStatus.SUBMITTED: "admissibility",
    ChallengeStatus.ADMISSIBLE: "assessment",
    ChallengeStatus.APPROVED: "agreement",
    ChallengeStatus.CARRIED_OUT: "progress",
}


def step_label(challenge) -> str:
    agreement = getattr(challenge, "agreement", None)
    if challenge.status == ChallengeStatus.CARRIED_OUT and agreement and challenge.due_on > agreement.ends_on:
        return _("the evaluation")
    return {
        ChallengeStatus.SUBMITTED: _("the decision on admissibility"),
        ChallengeStatus.ADMISSIBLE: _("the assessment"),
        ChallengeStatus.APPROVED: _("the agreement"),
        ChallengeStatus.CARRIED_OUT: _("the next progress talk"),
    }[challenge.status]


def _once(key: str) -> bool:
    """True the first time a reminder key is seen (and remembers it)."""
    _row, created = TermReminder.objects.get_or_create(key=key[:120])
    return created


@transaction.atomic
def send_reminders(*, today=None) -> int:
    """Remind whoever holds a term: `reminder_days` before it expires and once when it has
    expired. Challenges: the handling official (or, without one, every official covering the
    place), and for terms during the agreement the challengers too; when the municipality is
    past its term the challengers hear it as well. Questions: the officials. Also closes offers
    whose bid period is over and reminds of assets whose bid period is over. Run daily
    (`samenspel finance_reminders`). Returns the number of notifications created."""
    today = today or _today()
    sent = 0
    open_statuses = list(STEP_NAMES)
    for challenge in (
        Challenge.objects.filter(status__in=open_statuses)
        .exclude(due_on=None)
        .select_related("place", "municipality", "handler", "organisation")
    ):
        term = terms.terms_for(challenge.municipality)
        state = terms.reminder_state(challenge.due_on, today, term.reminder_days)
        if state == terms.NONE:
            continue
        key = f"challenge:{challenge.pk}:{STEP_NAMES[challenge.status]}:{challenge.due_on.isoformat()}:{state}"
        if not _once(key):
            continue
        step = step_label(challenge)
        municipal = (
            [challenge.handler]
            if challenge.handler and challenge.handler.is_active
            else list(officials_for(challenge.place))
        )
        if state == terms.BEFORE:
            subject = _("Term for %(step)s ends on %(date)s: %(title)s") % {
                "step": step,
                "date": _day(challenge.due_on),
                "title": challenge.title,
            }
        else:
            subject = _("Term for %(step)s has expired (%(date)s): %(title)s") % {
                "step": step,
                "date": _day(challenge.due_on),
                "title": challenge.title,
            }
        recipients = {u.pk: u for u in municipal}
        if challenge.status == ChallengeStatus.CARRIED_OUT or state == terms.OVERDUE:
            recipients |= {u.pk: u for u in challengers(challenge)}
        sent += notifications.notify(
            list(recipients.values()), subject=subject, url=challenge.get_absolute_url(), place=challenge.place
        )
    for question in LineQuestion.objects.filter(status=QuestionStatus.OPEN).select_related(
        "line__place", "line__municipality"
    ):
        line = question.line
        term = terms.terms_for(line.municipality)
        state = terms.reminder_state(question.answer_due, today, term.reminder_days)
        if state == terms.NONE or not _once(f"question:{question.pk}:{question.answer_due.isoformat()}:{state}"):
            continue
        subject = (
            _("A question about “%(line)s” is to be answered by %(date)s")
            if state == terms.BEFORE
            else _("A question about “%(line)s” is past its answer date (%(date)s)")
        ) % {"line": line.description, "date": _day(question.answer_due)}
        sent += notifications.notify(
            officials_for(line.place or line.municipality),
            subject=subject,
            url=f"{line.get_absolute_url()}#question-{question.pk}",
            place=line.place or line.municipality,
        )
    for offer in ChallengeOffer.objects.filter(status=OfferStatus.OPEN, bids_until__lt=today):
        offer.status = OfferStatus.ASSESSING
        offer.save()
        audit.record("finance.offer.closed_for_bids", obj=offer, data={"bids": offer.bids.count()})
    for asset in CommunityAsset.objects.filter(status=AssetStatus.BIDDING, bids_until__lt=today).select_related(
        "place"
    ):
        if not _once(f"asset:{asset.pk}:{asset.bids_until.isoformat()}:decide"):
            continue
        sent += notifications.notify(
            officials_for(asset.place),
            subject=_("The bid period for %(name)s has ended: decide on the bids") % {"name": asset.name},
            url=asset.get_absolute_url(),
            place=asset.place,
        )
    return sent


def open_terms(municipality, today=None) -> list[dict]:
    """Every term the municipality owes, soonest first, with days left (negative: past)."""
    today = today or _today()
    rows = []
    challenges = (
        Challenge.objects.filter(Q(municipality=municipality), status__in=list(STEP_NAMES))
        .exclude(due_on=None)
        .select_related("place")
    )
    for challenge in challenges:
        rows.append(
            {
                "challenge": challenge,
                "step": step_label(challenge),
                "due_on": challenge.due_on,
                "days_left": terms.days_left(challenge.due_on, today),
            }
        )
    return sorted(rows, key=lambda r: r["due_on"])
