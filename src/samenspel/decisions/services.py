"""Use cases for advice, decisions, objections and accountability reports. Each is one
transaction: it checks permission, validates everything before it writes, records to the
audit log and notifies who should hear. Views, the demo and commands call these.

Sources: ARC-3/ARC-4 (advice and the municipality's response), ARC-6 and §10.8 (binding
decisions only within the mandate), LES-D1/§9.4 (positions and the minority view), G-ZG-3
(objections), ACC-1..5 (accountability in the form the accountable party chooses)."""

import calendar
import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.agreements.models import AgreementVersion, SayLevel
from samenspel.core import audit
from samenspel.core.images import clean_photo
from samenspel.core.templatetags.samenspel import cents
from samenspel.notifications import services as notifications

from . import mandate
from .models import (
    AccountabilityReport,
    Addressee,
    Advice,
    AdviceStatus,
    Audience,
    DeciderKind,
    Decision,
    DecisionOutcome,
    Objection,
    ObjectionStatus,
    ReportComment,
    ReportFormat,
    ReportPhoto,
    Stance,
)

DEFAULT_RESPONSE_DAYS = 42  # six weeks, unless settings.SAMENSPEL_ADVICE_RESPONSE_DAYS says otherwise
MAX_TEXT = 10_000
MAX_OPTIONS = 12
MAX_POSITIONS = 12
MAX_KEY_FIGURES = 20
MAX_PHOTOS = 6
REPORT_INTERVAL_MONTHS = 12

MUNICIPAL_PERMS = {
    DeciderKind.COLLEGE: "decisions.record_college_decision",
    DeciderKind.COUNCIL: "decisions.record_council_decision",
    DeciderKind.AREA_TEAM: "decisions.record_area_team_decision",
}


# --- helpers -------------------------------------------------------------------------------


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


def _text(value, field: str, limit: int, required: str | None = None) -> str:
    """Stripped text; an error on the field when it is missing (and required) or too long.
    Text is stored as typed: templates escape it, and Markdown is sanitised when shown."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": limit}})
    return value


def _not_in_future(day, field: str):
    if day is not None and day > _today():
        raise ValidationError({field: _("This date lies in the future.")})


def within(place, container) -> bool:
    """`place` is `container` or lies below it."""
    if place is None or container is None:
        return False
    return place.pk == container.pk or container.pk in place.ancestor_ids()


def within_q(place, field: str = "place") -> Q:
    """A filter for things whose `field` is `place` or any place below it (the tree is at
    most four levels deep: gemeente, gebied, wijk/dorp, buurt)."""
    return (
        Q(**{field: place})
        | Q(**{f"{field}__parent": place})
        | Q(**{f"{field}__parent__parent": place})
        | Q(**{f"{field}__parent__parent__parent": place})
    )


def scope_place(scope_item):
    return scope_item.version.agreement.trajectory.place


def in_force_version(place):
    """The agreement version in force for a neighbourhood or village, if any."""
    return (
        AgreementVersion.objects.filter(agreement__trajectory__place=place, status__in=mandate.IN_FORCE_STATUSES)
        .order_by("-number")
        .first()
    )


# --- Advice (archetype 1) and the municipality's response ----------------------------------


def response_days() -> int:
    return int(getattr(settings, "SAMENSPEL_ADVICE_RESPONSE_DAYS", DEFAULT_RESPONSE_DAYS))


@transaction.atomic
def give_advice(
    *,
    user,
    organisation,
    addressee: str,
    subject: str,
    text: str,
    on_behalf_of: str = "",
    place=None,
    scope_item=None,
    agenda_item=None,
    submitted_on=None,
    contributors=(),
) -> Advice:
    """Formal advice of a resident organisation or body to the college or the council. The
    response is due `SAMENSPEL_ADVICE_RESPONSE_DAYS` (default 42) days after it was given.
    Everyone in `contributors` (and the person giving it, when they speak for the
    organisation) hears back when the municipality responds."""
    from .rules import member_of

    _require(user, "decisions.give_advice", organisation)
    place = place or organisation.place
    if not within(place, organisation.place):
        raise ValidationError({"place": _("An organisation gives advice about its own neighbourhood or village.")})
    if addressee not in Addressee.values:
        raise ValidationError({"addressee": _("Choose whether the advice is for the college or the council.")})
    subject = _text(subject, "subject", 200, _("Give the advice a subject."))
    text = _text(text, "text", MAX_TEXT, _("Write the advice."))
    on_behalf_of = _text(on_behalf_of, "on_behalf_of", 3000)
    if scope_item is not None:
        if not within(place, scope_place(scope_item)):
            raise ValidationError({"scope_item": _("This part of an agreement belongs to another place.")})
        # ARC-4: from level 2 it matters on whose behalf the advice is given.
        if scope_item.level >= SayLevel.INITIATE and not on_behalf_of:
            raise ValidationError(
                {
                    "on_behalf_of": _(
                        "At this level of say, write on whose behalf you give the advice and how the "
                        "neighbourhood was heard."
                    )
                }
            )
    if agenda_item is not None and not within(agenda_item.agenda.place, place):
        raise ValidationError({"agenda_item": _("This agenda item belongs to another place.")})
    submitted_on = submitted_on or _today()
    _not_in_future(submitted_on, "submitted_on")
    advice = Advice.objects.create(
        place=place,
        organisation=organisation,
        addressee=addressee,
        subject=subject,
        text=text,
        on_behalf_of=on_behalf_of,
        scope_item=scope_item,
        agenda_item=agenda_item,
        submitted_on=submitted_on,
        response_due=submitted_on + datetime.timedelta(days=response_days()),
        submitted_by=user,
    )
    people = {person.pk for person in contributors if person is not None and person.is_active}
    if member_of(user, organisation):
        people.add(user.pk)
    advice.contributors.set(people)
    audit.record(
        "decisions.advice.given",
        actor=user,
        obj=advice,
        data={"organisation": organisation.pk, "addressee": addressee, "place": place.pk, "due": advice.response_due},
    )
    notifications.notify_followers(
        place=place,
        subject=_("New advice from %(organisation)s: %(subject)s") % {"organisation": organisation, "subject": subject},
        url=advice.get_absolute_url(),
        exclude=user,
    )
    return advice


@transaction.atomic
def respond_to_advice(*, user, advice, response: str, weighed: str, responded_on=None) -> Advice:
    """The municipality's response: what it thinks of the advice and what it did with it
    (ARC-3). Everyone who contributed, and everyone following the place, hears what
    happened with their input (LES-D2)."""
    advice = Advice.objects.select_for_update(of=("self",)).select_related("place", "organisation").get(pk=advice.pk)
    _require(user, "decisions.respond_to_advice", advice)
    if advice.status != AdviceStatus.SUBMITTED:
        raise ValidationError(
            _("This advice is no longer waiting for a response (%(status)s).") % {"status": advice.get_status_display()}
        )
    response = _text(response, "response", MAX_TEXT, _("Write the municipality's response."))
    weighed = _text(weighed, "response_weighed", MAX_TEXT, _("Say what was done with the advice."))
    responded_on = responded_on or _today()
    _not_in_future(responded_on, "responded_on")
    if responded_on < advice.submitted_on:
        raise ValidationError({"responded_on": _("The response cannot come before the advice was given.")})
    advice.response = response
    advice.response_weighed = weighed
    advice.responded_on = responded_on
    advice.responded_by = user
    advice.status = AdviceStatus.ANSWERED
    advice.save(update_fields=["response", "response_weighed", "responded_on", "responded_by", "status"])
    audit.record(
        "decisions.advice.answered",
        actor=user,
        obj=advice,
        data={"on_time": responded_on <= advice.response_due},
    )
    recipients = {person.pk: person for person in advice.contributors.filter(is_active=True)}
    for person in notifications.followers(place=advice.place):
        recipients.setdefault(person.pk, person)
    notifications.notify(
        recipients.values(),
        subject=_("What happened with your input: %(subject)s") % {"subject": advice.subject},
        body=weighed,
        url=advice.get_absolute_url(),
        place=advice.place,
        exclude=user,
    )
    return advice


@transaction.atomic
def withdraw_advice(*, user, advice) -> Advice:
    advice = Advice.objects.select_for_update().get(pk=advice.pk)
    _require(user, "decisions.give_advice", advice.organisation)
    if advice.status != AdviceStatus.SUBMITTED:
        raise ValidationError(_("Only advice that is still waiting for a response can be withdrawn."))
    advice.status = AdviceStatus.WITHDRAWN
    advice.save(update_fields=["status"])
    audit.record("decisions.advice.withdrawn", actor=user, obj=advice)
    return advice


def overdue_advice(place=None, today=None):
    """Advice still waiting for the municipality's response after its due date."""
    qs = Advice.objects.filter(status=AdviceStatus.SUBMITTED, response_due__lt=today or _today())
    if place is not None:
        qs = qs.filter(within_q(place))
    return qs.order_by("response_due")


def is_overdue(advice, today=None) -> bool:
    return advice.status == AdviceStatus.SUBMITTED and advice.response_due < (today or _today())


# --- Decisions -------------------------------------------------------------------------------


def _clean_options(options) -> list[str]:
    cleaned = [str(option).strip() for option in options or () if str(option).strip()]
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"options": _("List at most %(max)d options.") % {"max": MAX_OPTIONS}})
    for option in cleaned:
        if len(option) > 300:
            raise ValidationError({"options": _("Describe each option in under 300 characters.")})
    return cleaned


def _clean_positions(positions) -> list[dict]:
    cleaned = []
    for entry in positions or ():
        stance = (entry.get("stance") or "").strip()
        summary = (entry.get("summary") or "").strip()
        by = (entry.get("by") or "").strip()
        if not (summary or by):
            continue
        if stance not in Stance.values:
            raise ValidationError(
                {"positions": _("Say for each position whether it was in favour, against or another view.")}
            )
        if not summary:
            raise ValidationError({"positions": _("Summarise each position.")})
        if len(summary) > 1000 or len(by) > 150:
            raise ValidationError(
                {"positions": _("Keep each position under 1000 characters, and who held it under 150.")}
            )
        cleaned.append({"stance": stance, "summary": summary, "by": by})
    if len(cleaned) > MAX_POSITIONS:
        raise ValidationError({"positions": _("Record at most %(max)d positions.") % {"max": MAX_POSITIONS}})
    return cleaned


def budget_allocated(scope_item) -> int:
    """Money allocated by binding, adopted decisions on this part of the agreement."""
    total = Decision.objects.filter(scope_item=scope_item, is_binding=True, outcome=DecisionOutcome.ADOPTED).aggregate(
        total=Sum("budget_cents")
    )["total"]
    return total or 0


def budget_remaining(scope_item) -> int | None:
    if scope_item is None or scope_item.budget_cents is None:
        return None
    return scope_item.budget_cents - budget_allocated(scope_item)


@transaction.atomic
def record_decision(
    *,
    user,
    decider_kind: str,
    title: str,
    outcome: str,
    rationale: str,
    decided_on,
    place=None,
    body=None,
    meeting: str = "",
    meeting_date=None,
    scope_item=None,
    options=(),
    positions=(),
    minority_view: str = "",
    budget_cents=None,
) -> Decision:
    """Put a decision in the public register.

    By a neighbourhood body (`decider_kind="wijk_body"`, `body` given): the mandate check runs
    (mandate.py). Within the mandate the decision is binding; outside it, it is saved all the
    same, with `recorded_as_advice=True`, and the returned decision's `.mandate` explains
    why it counts as advice. By the college, the council or an area team official: binding
    as a municipal decision.

    The reasons are required; the options considered, the positions taken and the minority
    view are recorded (LES-D1, §9.4). When a position lost (against what was adopted, or in
    favour of what was rejected), the minority view must be written down."""
    if decider_kind not in DeciderKind.values:
        raise ValidationError({"decider_kind": _("Choose who decided.")})
    if decider_kind == DeciderKind.WIJK_BODY:
        if body is None:
            raise ValidationError({"body": _("Choose the neighbourhood body that decided.")})
        _require(user, "decisions.record_body_decision", body)
        place = place or body.place
        if not within(place, body.place):
            raise ValidationError({"place": _("A body decides about its own neighbourhood or village.")})
    else:
        if body is not None:
            raise ValidationError({"body": _("A decision of the municipality is not taken by a neighbourhood body.")})
        if place is None:
            raise ValidationError({"place": _("Choose the neighbourhood or village the decision is about.")})
        _require(user, MUNICIPAL_PERMS[decider_kind], place)
    title = _text(title, "title", 200, _("Say what was decided on."))
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome: adopted, rejected or postponed.")})
    rationale = _text(rationale, "rationale", MAX_TEXT, _("Give the reasons for the decision."))
    if decided_on is None:
        raise ValidationError({"decided_on": _("Give the date of the decision.")})
    _not_in_future(decided_on, "decided_on")
    meeting = _text(meeting, "meeting", 200)
    if meeting_date is None and meeting:
        meeting_date = decided_on
    if meeting_date is not None and meeting_date > decided_on:
        raise ValidationError({"meeting_date": _("The meeting cannot come after the decision.")})
    options = _clean_options(options)
    positions = _clean_positions(positions)
    minority_view = _text(minority_view, "minority_view", MAX_TEXT)
    losing = {DecisionOutcome.ADOPTED: Stance.AGAINST, DecisionOutcome.REJECTED: Stance.FOR}.get(outcome)
    if losing and not minority_view and any(p["stance"] == losing for p in positions):
        raise ValidationError(
            {"minority_view": _("A position lost in this decision: write down the minority view, so it is heard too.")}
        )
    if budget_cents is not None:
        budget_cents = int(budget_cents)
        if budget_cents < 0:
            raise ValidationError({"budget_cents": _("An amount cannot be negative.")})
    if scope_item is not None and not within(place, scope_place(scope_item)):
        raise ValidationError({"scope_item": _("This part of an agreement belongs to another place.")})

    if decider_kind == DeciderKind.WIJK_BODY:
        result = mandate.mandate_for(body, scope_item)
    else:
        result = mandate.result(mandate.MUNICIPAL)
    if (
        result.binding
        and decider_kind == DeciderKind.WIJK_BODY
        and outcome == DecisionOutcome.ADOPTED
        and budget_cents
        and scope_item.budget_cents is not None
    ):
        remaining = budget_remaining(scope_item)
        if budget_cents > remaining:
            raise ValidationError(
                {
                    "budget_cents": _("This is more than what is left of the budget: € %(left)s.")
                    % {"left": cents(max(remaining, 0))}
                }
            )
    decision = Decision.objects.create(
        place=place,
        decider_kind=decider_kind,
        body=body,
        meeting=meeting,
        meeting_date=meeting_date,
        scope_item=scope_item,
        version=scope_item.version if scope_item is not None else None,
        title=title,
        options=options,
        positions=positions,
        minority_view=minority_view,
        outcome=outcome,
        rationale=rationale,
        decided_on=decided_on,
        is_binding=result.binding,
        recorded_as_advice=not result.binding,
        mandate_code=result.code,
        budget_cents=budget_cents,
        recorded_by=user,
    )
    decision.mandate = result
    audit.record(
        "decisions.decision.recorded",
        actor=user,
        obj=decision,
        data={
            "decider_kind": decider_kind,
            "body": body.pk if body else None,
            "scope_item": scope_item.pk if scope_item else None,
            "outcome": outcome,
            "binding": result.binding,
            "mandate": result.code,
        },
    )
    if result.binding:
        subject = _("Decided in %(place)s: %(title)s")
    else:
        subject = _("Advice from a neighbourhood body in %(place)s: %(title)s")
    notifications.notify_followers(
        place=place,
        subject=subject % {"place": place.name, "title": title},
        url=decision.get_absolute_url(),
        exclude=user,
    )
    return decision


@transaction.atomic
def object_to_decision(*, user, decision, text: str) -> Objection:
    """A resident's objection (bezwaar), answered by the deciding side (G-ZG-3)."""
    _require(user, "decisions.object", decision)
    text = _text(text, "text", 3000, _("Write your objection."))
    if Objection.objects.filter(decision=decision, author=user, status=ObjectionStatus.SUBMITTED).exists():
        raise ValidationError(_("You already have an objection to this decision that is waiting for an answer."))
    objection = Objection.objects.create(decision=decision, author=user, text=text)
    audit.record("decisions.objection.submitted", actor=user, obj=objection, data={"decision": decision.pk})
    if decision.recorded_by is not None and decision.recorded_by.is_active:
        notifications.notify(
            [decision.recorded_by],
            subject=_("An objection to “%(title)s”") % {"title": decision.title},
            url=decision.get_absolute_url() + "#objections",
            place=decision.place,
            exclude=user,
        )
    return objection


@transaction.atomic
def answer_objection(*, user, objection, status: str, response: str) -> Objection:
    objection = (
        Objection.objects.select_for_update(of=("self",)).select_related("decision", "author").get(pk=objection.pk)
    )
    _require(user, "decisions.answer_objection", objection.decision)
    if objection.status != ObjectionStatus.SUBMITTED:
        raise ValidationError(_("This objection has already been answered."))
    if status not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise ValidationError({"status": _("Choose whether the objection is upheld or dismissed.")})
    response = _text(response, "response", MAX_TEXT, _("Give the reasons for your answer."))
    objection.status = status
    objection.response = response
    objection.responded_by = user
    objection.responded_at = timezone.now()
    objection.save(update_fields=["status", "response", "responded_by", "responded_at"])
    audit.record("decisions.objection.answered", actor=user, obj=objection, data={"status": status})
    if objection.author is not None and objection.author.is_active:
        notifications.notify(
            [objection.author],
            subject=_("Your objection to “%(title)s” has been answered") % {"title": objection.decision.title},
            body=response,
            url=objection.decision.get_absolute_url() + "#objections",
            place=objection.decision.place,
            exclude=user,
        )
    return objection


# --- Accountability reports ------------------------------------------------------------------


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_report_due(version, after=None) -> datetime.date | None:
    """When the next accountability report under an agreement is due: the first of
    valid_from + 12 months, + 24 months, … that falls on or after `after` (default today).

    The agreement's `accountability_frequency` is free text ("twice a year: a public evening
    and a report to the municipality") and is not parsed: once a year is the floor for a
    level-3 agreement (ARC-6, ACC-5). Where the agreement asks for more, pass `due_on` to
    `write_report` yourself. None when the agreement has no start date."""
    if version is None or version.valid_from is None:
        return None
    after = after or _today()
    steps = 1
    while True:
        due = _add_months(version.valid_from, REPORT_INTERVAL_MONTHS * steps)
        if due >= after:
            return due
        steps += 1


def validate_photo(image, alt_text: str) -> tuple[ContentFile, str]:
    """A clean copy of an uploaded photo (core.images.clean_photo: JPEG, PNG or WebP, at most
    5 MB, metadata dropped), with a description for people who cannot see it."""
    alt_text = _text(alt_text, "alt_text", 200, _("Describe what the photo shows, for people who cannot see it."))
    try:
        data, extension = clean_photo(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}"), alt_text


def _clean_key_figures(key_figures) -> list[dict]:
    cleaned = []
    for entry in key_figures or ():
        label = (entry.get("label") or "").strip()
        value = str(entry.get("value") or "").strip()
        if not (label or value):
            continue
        if not label or not value:
            raise ValidationError({"key_figures": _("Give each key figure both a description and a value.")})
        if len(label) > 150 or len(value) > 60:
            raise ValidationError({"key_figures": _("Keep a key figure short: a description and a value.")})
        cleaned.append({"label": label, "value": value})
    if len(cleaned) > MAX_KEY_FIGURES:
        raise ValidationError({"key_figures": _("Give at most %(max)d key figures.") % {"max": MAX_KEY_FIGURES}})
    return cleaned


def _must_account_to_both(organisation, version) -> bool:
    """ARC-6, ACC-5: the body that decides at level 3 accounts to the neighbourhood and the
    municipality alike."""
    return (
        organisation is not None
        and version is not None
        and version.scope_items.filter(level=SayLevel.DECIDE).exists()
        and mandate.is_mandated_body(organisation, version)
    )


@transaction.atomic
def write_report(
    *,
    user,
    title: str,
    audience: str,
    formats,
    period_start,
    period_end,
    organisation=None,
    idea=None,
    version=None,
    story: str = "",
    key_figures=(),
    income_cents=None,
    spent_cents=None,
    financial_notes: str = "",
    due_on=None,
    photos=(),
) -> AccountabilityReport:
    """A draft accountability report, in the forms the accountable party chooses (ACC-2):
    a story, photos, key figures and/or a financial statement; at least one. Published
    with `publish_report`. `photos` is a list of (file, alt text) pairs.

    The report of a neighbourhood body is linked to the agreement in force for its place,
    and its due date follows from `next_report_due` unless `due_on` is given."""
    if (organisation is None) == (idea is None):
        raise ValidationError(_("A report is by an organisation or about an initiative: choose one of the two."))
    party = organisation or idea
    _require(user, "decisions.write_report", party)
    place = party.place
    title = _text(title, "title", 200, _("Give the report a title."))
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who the report is for.")})
    formats = list(dict.fromkeys(formats or ()))
    if any(f not in ReportFormat.values for f in formats):
        raise ValidationError({"formats": _("Choose the forms from the list.")})
    if period_start is None or period_end is None:
        raise ValidationError({"period_end": _("Give the period the report covers.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    if (income_cents is not None or spent_cents is not None) and ReportFormat.FINANCIAL not in formats:
        formats.append(ReportFormat.FINANCIAL)
    financial_notes = _text(financial_notes, "financial_notes", MAX_TEXT)
    if ReportFormat.FINANCIAL in formats:
        if income_cents is None:
            raise ValidationError({"income_cents": _("A financial statement needs the money received.")})
        if spent_cents is None:
            raise ValidationError({"spent_cents": _("A financial statement needs the money spent.")})
        income_cents, spent_cents = int(income_cents), int(spent_cents)
        if income_cents < 0 or spent_cents < 0:
            raise ValidationError({"spent_cents": _("Amounts cannot be negative.")})
        if spent_cents > income_cents and not financial_notes:
            raise ValidationError({"financial_notes": _("More was spent than received: explain how that was paid.")})
    if not formats:
        raise ValidationError({"formats": _("Choose at least one form for the report.")})

    story = _text(story, "story", 20_000)
    if ReportFormat.STORY in formats and not story:
        raise ValidationError({"story": _("Tell the story, or do not choose a story as a form.")})
    key_figures = _clean_key_figures(key_figures)
    if ReportFormat.KEY_FIGURES in formats and not key_figures:
        raise ValidationError(
            {"key_figures": _("Give at least one key figure, or do not choose key figures as a form.")}
        )
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("A report can have at most %(max)d photos.") % {"max": MAX_PHOTOS}})
    clean_photos = [validate_photo(image, alt) for image, alt in photos]
    if ReportFormat.PHOTOS in formats and not clean_photos:
        raise ValidationError({"photos": _("Add at least one photo, or do not choose photos as a form.")})

    if version is not None:
        if not within(place, version.agreement.trajectory.place):
            raise ValidationError({"version": _("This agreement belongs to another place.")})
    elif organisation is not None:
        candidate = in_force_version(place)
        if candidate is not None and mandate.is_mandated_body(organisation, candidate):
            version = candidate
    if _must_account_to_both(organisation, version) and audience != Audience.BOTH:
        raise ValidationError(
            {
                "audience": _(
                    "This body decides at level 3, so it accounts to both the neighbourhood and the municipality."
                )
            }
        )
    if due_on is None and version is not None:
        due_on = next_report_due(version, after=period_end)

    report = AccountabilityReport.objects.create(
        place=place,
        organisation=organisation,
        idea=idea,
        version=version,
        title=title,
        audience=audience,
        formats=formats,
        period_start=period_start,
        period_end=period_end,
        story=story,
        key_figures=key_figures,
        income_cents=income_cents if ReportFormat.FINANCIAL in formats else None,
        spent_cents=spent_cents if ReportFormat.FINANCIAL in formats else None,
        financial_notes=financial_notes,
        due_on=due_on,
        author=user,
    )
    for content, alt_text in clean_photos:
        ReportPhoto.objects.create(report=report, image=content, alt_text=alt_text)
    audit.record(
        "decisions.report.written",
        actor=user,
        obj=report,
        data={
            "organisation": organisation.pk if organisation else None,
            "idea": idea.pk if idea else None,
            "audience": audience,
            "formats": formats,
            "photos": len(clean_photos),
        },
    )
    return report


@transaction.atomic
def add_report_photo(*, user, report, image, alt_text: str) -> ReportPhoto:
    report = AccountabilityReport.objects.select_for_update().get(pk=report.pk)
    _require(user, "decisions.write_report", report)
    if report.published_on is not None:
        raise ValidationError(_("The report is published; it can no longer be changed."))
    if report.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"image": _("A report can have at most %(max)d photos.") % {"max": MAX_PHOTOS}})
    content, alt_text = validate_photo(image, alt_text)
    photo = ReportPhoto.objects.create(report=report, image=content, alt_text=alt_text)
    if ReportFormat.PHOTOS not in report.formats:
        report.formats = [*report.formats, ReportFormat.PHOTOS]
        report.save(update_fields=["formats"])
    audit.record("decisions.report.photo_added", actor=user, obj=report, data={"photo": photo.pk})
    return photo


@transaction.atomic
def publish_report(*, user, report, published_on=None) -> AccountabilityReport:
    report = (
        AccountabilityReport.objects.select_for_update(of=("self",)).select_related("place", "idea").get(pk=report.pk)
    )
    _require(user, "decisions.write_report", report)
    if report.published_on is not None:
        raise ValidationError(_("This report has already been published."))
    published_on = published_on or _today()
    _not_in_future(published_on, "published_on")
    report.published_on = published_on
    report.save(update_fields=["published_on"])
    audit.record("decisions.report.published", actor=user, obj=report, data={"on_time": _on_time(report)})
    if report.idea is not None:
        from samenspel.initiatives.services import mark_accounted_for

        mark_accounted_for(user=user, idea=report.idea)
    notifications.notify_followers(
        place=report.place,
        idea=report.idea,
        subject=_("Accountability report: %(title)s") % {"title": report.title},
        url=report.get_absolute_url(),
        exclude=user,
    )
    return report


def _on_time(report) -> bool | None:
    if report.due_on is None or report.published_on is None:
        return None
    return report.published_on <= report.due_on


@transaction.atomic
def comment_on_report(*, user, report, text: str) -> ReportComment:
    """Onderlinge verantwoording: residents discuss a published report (ACC-4)."""
    report = AccountabilityReport.objects.select_related("place", "author").get(pk=report.pk)  # as it is now
    _require(user, "decisions.comment_on_report", report)
    text = _text(text, "text", 2000, _("Write your comment."))
    comment = ReportComment.objects.create(report=report, author=user, text=text)
    audit.record("decisions.report.commented", actor=user, obj=comment, data={"report": report.pk})
    if report.author is not None and report.author.is_active:
        notifications.notify(
            [report.author],
            subject=_("A comment on your report “%(title)s”") % {"title": report.title},
            url=report.get_absolute_url() + "#comments",
            place=report.place,
            exclude=user,
        )
    return comment


@transaction.atomic
def hide_comment(*, user, comment, reason: str) -> ReportComment:
    comment = ReportComment.objects.select_for_update(of=("self",)).select_related("report").get(pk=comment.pk)
    _require(user, "decisions.moderate", comment)
    if comment.is_hidden:
        raise ValidationError(_("This comment is already hidden."))
    reason = _text(reason, "reason", 300, _("Give the public reason for hiding this comment."))
    comment.is_hidden = True
    comment.hidden_reason = reason
    comment.save(update_fields=["is_hidden", "hidden_reason"])
    audit.record("decisions.report_comment.hidden", actor=user, obj=comment, data={"reason": reason})
    return comment
