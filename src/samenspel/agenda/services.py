"""Use cases of the neighbourhood agenda (wijkagenda) and the area programme
(gebiedsprogramma): spec §10.4, §12.15, the planning cycle 003:509-518 (wijkagenda →
gebiedsprogramma → begroting) and DNA-3 (DNA points become agenda items, traceably).

Each use case is one transaction, checks permission, guards the item's lifecycle, writes to
the audit log and tells the people following the item. Views and the demo call these."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.agreements.models import Ownership
from samenspel.core import audit
from samenspel.core.text import plain_text
from samenspel.notifications.services import notify_followers
from samenspel.places.models import DnaKind, DnaStatus

from . import deciding
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaStatus,
    AreaProgramme,
    ItemOrigin,
    ItemStatus,
    NeighbourhoodAgenda,
    OriginSide,
    ProgrammeLine,
    validate_action,
)

# DNA points that are issues, and so candidates for the agenda (Q-DNA-2, Q-DNA-4).
PROMOTABLE_DNA_KINDS = (DnaKind.WEAKNESS, DnaKind.CHANCE, DnaKind.THREAT)

# Which statuses each step may start from (§12.15).
WORKABLE = {ItemStatus.PROPOSED, ItemStatus.WORKED_OUT}
ADOPTABLE = {ItemStatus.WORKED_OUT}
REJECTABLE = {ItemStatus.PROPOSED, ItemStatus.WORKED_OUT}
PROGRAMMABLE = {ItemStatus.ADOPTED, ItemStatus.NOT_IN_PROGRAMME}
LEAVABLE = {ItemStatus.ADOPTED}
FINISHABLE = {ItemStatus.ADOPTED, ItemStatus.IN_PROGRAMME, ItemStatus.NOT_IN_PROGRAMME}
CLOSED_ITEM = {ItemStatus.REJECTED, ItemStatus.DONE}


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _text(value: str, limit: int) -> str:
    """One line of text without markup (plain_text stores it unescaped; templates escape)."""
    return plain_text(value or "").strip()[:limit]


def _lock(item: AgendaItem) -> AgendaItem:
    """The item as it is in the database now, locked for this transaction."""
    return AgendaItem.objects.select_for_update(of=("self",)).select_related("agenda__place").get(pk=item.pk)


def _status_error(item, doing: str):
    return ValidationError(
        _("This item cannot be %(doing)s now: it is “%(status)s”.")
        % {"doing": doing, "status": item.get_status_display()}
    )


def _open_agenda(agenda):
    if agenda.status == AgendaStatus.CLOSED:
        raise ValidationError(_("The period of this agenda has ended. Put new items on a newer agenda."))


def _tell(user, item, subject: str, body: str = ""):
    notify_followers(subject=subject, body=body, url=item.get_absolute_url(), agenda_item=item, exclude=user)


def _ownership(value):
    if value in (None, ""):
        return None
    if value not in Ownership.values:
        raise ValidationError({"ownership": _("Choose an ownership type from 1 to 4.")})
    return value


def _check_scope_item(agenda, scope_item):
    """A scope item can only be linked when it is part of the agreement in force for the place."""
    if scope_item is None:
        return None
    version = deciding.agreement_in_force(agenda.place)
    if version is None or scope_item.version_id != version.pk:
        raise ValidationError({"scope_item": _("Choose a part of the agreement that is in force for this place.")})
    return scope_item


def _past_or_today(value, field="decided_on"):
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise ValidationError({field: _("A decision cannot be dated in the future.")})
    return value


# --- The agenda -------------------------------------------------------------------------------


@transaction.atomic
def create_agenda(*, user, place, title: str, period_start, period_end, introduction: str = "") -> NeighbourhoodAgenda:
    _require(user, "agenda.manage", place)
    if not place.is_neighbourhood:
        raise ValidationError(_("A neighbourhood agenda belongs to a neighbourhood or village."))
    errors = {}
    title = _text(title, 200)
    if not title:
        errors["title"] = _("Give the agenda a title.")
    if period_start is None:
        errors["period_start"] = _("Give the date the agenda starts.")
    if period_end is None:
        errors["period_end"] = _("Give the date the agenda ends.")
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = _("The end date lies before the start date.")
    if errors:
        raise ValidationError(errors)
    agenda = NeighbourhoodAgenda.objects.create(
        place=place,
        title=title,
        period_start=period_start,
        period_end=period_end,
        introduction=(introduction or "").strip(),
        created_by=user,
    )
    audit.record("agenda.agenda.created", actor=user, obj=agenda, data={"place": place.pk})
    return agenda


@transaction.atomic
def set_agenda_status(*, user, agenda, status: str) -> NeighbourhoodAgenda:
    _require(user, "agenda.manage", agenda)
    if status not in AgendaStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    previous = agenda.status
    agenda.status = status
    agenda.save(update_fields=["status"])
    audit.record("agenda.agenda.status", actor=user, obj=agenda, data={"from": previous, "to": status})
    return agenda


# --- Proposing items --------------------------------------------------------------------------


@transaction.atomic
def propose_item(
    *,
    user,
    agenda,
    title: str,
    origin: str,
    origin_side: str = OriginSide.BOTTOM_UP,
    description: str = "",
    ownership=None,
    is_citywide: bool = False,
    scope_item=None,
    idea=None,
    dna_item=None,
) -> AgendaItem:
    """Put an item on the agenda. Residents propose from the neighbourhood; the area team may
    also propose from the municipality, and record items raised in a meeting."""
    _require(user, "agenda.propose", agenda)
    if origin_side not in OriginSide.values:
        raise ValidationError({"origin_side": _("Say whether this comes from the neighbourhood or the municipality.")})
    if origin_side == OriginSide.TOP_DOWN:
        _require(user, "agenda.manage", agenda)
    _open_agenda(agenda)
    place = agenda.place
    errors = {}
    title = _text(title, 200)
    if not title:
        errors["title"] = _("Give the item a title.")
    if origin not in ItemOrigin.values:
        errors["origin"] = _("Say where this item comes from.")
    elif origin == ItemOrigin.MUNICIPALITY and origin_side != OriginSide.TOP_DOWN:
        errors["origin"] = _("An item from the municipality is raised by the municipality (top-down).")
    elif origin == ItemOrigin.DNA and dna_item is None:
        errors["dna_item"] = _("Choose the point of the neighbourhood's profile this item comes from.")
    elif origin == ItemOrigin.IDEA and idea is None:
        errors["idea"] = _("Choose the idea this item comes from.")
    if dna_item is not None:
        if dna_item.place_id != place.pk or dna_item.status != DnaStatus.PUBLISHED:
            errors["dna_item"] = _("This point is not part of the published profile of %(place)s.") % {
                "place": place.name
            }
        elif agenda.items.filter(dna_item=dna_item).exists():
            errors["dna_item"] = _("This point is already on the agenda.")
    if idea is not None and (idea.place_id != place.pk or idea.is_hidden):
        errors["idea"] = _("This idea is not one of %(place)s.") % {"place": place.name}
    if errors:
        raise ValidationError(errors)
    ownership = _ownership(ownership)
    scope_item = _check_scope_item(agenda, scope_item)
    item = AgendaItem.objects.create(
        agenda=agenda,
        title=title,
        description=(description or "").strip(),
        origin=origin,
        origin_side=origin_side,
        dna_item=dna_item,
        idea=idea,
        scope_item=scope_item,
        is_citywide=bool(is_citywide) or bool(scope_item and scope_item.is_citywide),
        ownership=ownership,
        proposed_by=user,
    )
    audit.record(
        "agenda.item.proposed",
        actor=user,
        obj=item,
        data={
            "agenda": agenda.pk,
            "origin": origin,
            "side": origin_side,
            "dna_item": dna_item.pk if dna_item else None,
            "idea": idea.pk if idea else None,
        },
    )
    _tell(
        user,
        item,
        _("New on the agenda of %(place)s: %(title)s") % {"place": place.name, "title": title},
        item.description,
    )
    return item


def _title_from(text: str) -> str:
    text = re.sub(r"[*_`#>]", "", _text(text, 2000)).replace("\n", " ")
    sentence = re.split(r"(?<=[.;:!?])\s", text.strip())[0].rstrip(".;:")
    if len(sentence) > 120:
        sentence = sentence[:117].rsplit(" ", 1)[0] + "…"
    return sentence


@transaction.atomic
def promote_dna_item(*, user, dna_item, agenda, title: str = "", description: str = "") -> AgendaItem:
    """DNA-3: an issue in the neighbourhood's profile becomes an agenda item, keeping the link."""
    _require(user, "agenda.propose", agenda)
    if dna_item.kind not in PROMOTABLE_DNA_KINDS:
        raise ValidationError(_("Only weaknesses, chances and threats of the profile can go on the agenda."))
    return propose_item(
        user=user,
        agenda=agenda,
        title=title or _title_from(dna_item.text),
        description=description or dna_item.text,
        origin=ItemOrigin.DNA,
        origin_side=OriginSide.BOTTOM_UP,
        dna_item=dna_item,
    )


# --- Working out, adopting, refusing ------------------------------------------------------------


@transaction.atomic
def work_out(
    *,
    user,
    item,
    description: str,
    title: str | None = None,
    ownership=None,
    is_citywide: bool | None = None,
    scope_item=None,
) -> AgendaItem:
    """Neighbourhood and municipality work the item out together (IN_CO_CREATIE): what it is,
    who owns it, and which part of the agreement it falls under."""
    _require(user, "agenda.work_out", item)
    item = _lock(item)
    if item.status not in WORKABLE:
        raise _status_error(item, _("worked out"))
    description = (description or "").strip()
    errors = {}
    if not description:
        errors["description"] = _("Describe what the item is about, as worked out together.")
    if title is not None:
        title = _text(title, 200)
        if not title:
            errors["title"] = _("Give the item a title.")
    if errors:
        raise ValidationError(errors)
    item.description = description
    if title is not None:
        item.title = title
    item.ownership = _ownership(ownership)
    item.scope_item = _check_scope_item(item.agenda, scope_item)
    if is_citywide is not None:
        item.is_citywide = bool(is_citywide)
    if item.scope_item is not None and item.scope_item.is_citywide:
        item.is_citywide = True
    previous = item.status
    item.status = ItemStatus.WORKED_OUT
    item.save()
    audit.record(
        "agenda.item.worked_out",
        actor=user,
        obj=item,
        data={"ownership": item.ownership, "scope_item": item.scope_item_id, "citywide": item.is_citywide},
    )
    if previous != item.status:
        _tell(user, item, _("Worked out: %(title)s") % {"title": item.title}, item.description)
    return item


def _decide(user, item, *, status, reason, decided_on, together_with, scope_item, doing):
    _require(user, "agenda.decide", item)
    item = _lock(item)
    allowed = ADOPTABLE if status == ItemStatus.ADOPTED else REJECTABLE
    if item.status not in allowed:
        if status == ItemStatus.ADOPTED and item.status == ItemStatus.PROPOSED:
            raise ValidationError(_("Work the item out together before it is adopted."))
        raise _status_error(item, doing)
    if scope_item is not None:
        item.scope_item = _check_scope_item(item.agenda, scope_item)
        item.is_citywide = item.is_citywide or item.scope_item.is_citywide
    else:
        # Follow a link to an older version of the agreement to the version in force.
        version = deciding.agreement_in_force(item.agenda.place)
        current = deciding.governing_scope_item(item, version)
        if current is not None:
            item.scope_item = current
    rule = deciding.rule_for(item)
    by = deciding.decided_by(user, rule, together_with)
    reason = (reason or "").strip()
    if status == ItemStatus.REJECTED and not reason:
        raise ValidationError({"reason": _("Explain publicly why the item is not adopted.")})
    item.status = status
    item.decided_by = by
    item.decided_on = _past_or_today(decided_on)
    item.decision_reason = reason
    item.save()
    return item, rule


@transaction.atomic
def adopt_item(
    *, user, item, reason: str = "", decided_on=None, together_with: str = "", scope_item=None
) -> AgendaItem:
    """Adopt an item (VASTGESTELD), by whoever the agreement in force says decides on it."""
    item, rule = _decide(
        user,
        item,
        status=ItemStatus.ADOPTED,
        reason=reason,
        decided_on=decided_on,
        together_with=together_with,
        scope_item=scope_item,
        doing=_("adopted"),
    )
    audit.record(
        "agenda.item.adopted",
        actor=user,
        obj=item,
        data={"rule": rule.kind, "scope_item": item.scope_item_id, "decided_by": item.decided_by},
    )
    body = _("Adopted by %(by)s.") % {"by": item.decided_by}
    if item.decision_reason:
        body = f"{body}\n\n{item.decision_reason}"
    _tell(user, item, _("Adopted: %(title)s") % {"title": item.title}, body)
    return item


@transaction.atomic
def reject_item(*, user, item, reason: str, decided_on=None, together_with: str = "", scope_item=None) -> AgendaItem:
    """Not adopted, with a public reason; decided by the same party that could adopt it."""
    item, rule = _decide(
        user,
        item,
        status=ItemStatus.REJECTED,
        reason=reason,
        decided_on=decided_on,
        together_with=together_with,
        scope_item=scope_item,
        doing=_("refused"),
    )
    audit.record(
        "agenda.item.rejected",
        actor=user,
        obj=item,
        data={"rule": rule.kind, "scope_item": item.scope_item_id, "decided_by": item.decided_by},
    )
    _tell(user, item, _("Not adopted: %(title)s") % {"title": item.title}, item.decision_reason)
    return item


# --- The area programme -------------------------------------------------------------------------


@transaction.atomic
def create_programme(*, user, place, year: int, title: str = "", description: str = "") -> AreaProgramme:
    _require(user, "agenda.manage", place)
    if not place.is_neighbourhood:
        raise ValidationError(_("An area programme belongs to a neighbourhood or village."))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year, for example 2027.")})
    if AreaProgramme.objects.filter(place=place, year=year).exists():
        raise ValidationError(
            {"year": _("%(place)s already has an area programme for %(year)s.") % {"place": place.name, "year": year}}
        )
    programme = AreaProgramme.objects.create(
        place=place,
        year=year,
        title=_text(title, 200) or _("Area programme %(place)s %(year)s") % {"place": place.name, "year": year},
        description=(description or "").strip(),
    )
    audit.record("agenda.programme.created", actor=user, obj=programme, data={"place": place.pk, "year": year})
    return programme


def programme_for(*, user, place, year: int) -> AreaProgramme:
    """The area programme of the place for the year, created when there is none yet."""
    existing = AreaProgramme.objects.filter(place=place, year=year).first()
    return existing or create_programme(user=user, place=place, year=year)


@transaction.atomic
def take_up_in_programme(*, user, item, programme, description: str, budget_cents=None) -> ProgrammeLine:
    """The adopted item gets a place in the area programme, with what will be done and the
    money for it (003:515-518: influence on the budgets that go round in the wijk)."""
    _require(user, "agenda.manage", item)
    item = _lock(item)
    if item.status not in PROGRAMMABLE:
        raise _status_error(item, _("taken up in the area programme"))
    if programme.place_id != item.agenda.place_id:
        raise ValidationError({"programme": _("This area programme belongs to another place.")})
    description = _text(description, 300)
    errors = {}
    if not description:
        errors["description"] = _("Say what the area programme will do for this item.")
    if budget_cents is not None and (not isinstance(budget_cents, int) or budget_cents < 0):
        errors["budget"] = _("Give the budget as an amount in euro, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    line = ProgrammeLine.objects.create(
        programme=programme, agenda_item=item, description=description, budget_cents=budget_cents
    )
    item.status = ItemStatus.IN_PROGRAMME
    item.programme_reason = ""
    item.save(update_fields=["status", "programme_reason"])
    audit.record(
        "agenda.item.in_programme",
        actor=user,
        obj=item,
        data={"programme": programme.pk, "line": line.pk, "budget_cents": budget_cents},
    )
    _tell(
        user,
        item,
        _("In the area programme %(year)s: %(title)s") % {"year": programme.year, "title": item.title},
        description,
    )
    return line


@transaction.atomic
def leave_out_of_programme(*, user, item, reason: str) -> AgendaItem:
    """Adopted, but not in the area programme: the reason is published (§12.15 NIET_OPGENOMEN)."""
    _require(user, "agenda.manage", item)
    item = _lock(item)
    if item.status not in LEAVABLE:
        raise _status_error(item, _("left out of the area programme"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Explain publicly why the item is not in the area programme.")})
    item.status = ItemStatus.NOT_IN_PROGRAMME
    item.programme_reason = reason
    item.save(update_fields=["status", "programme_reason"])
    audit.record("agenda.item.not_in_programme", actor=user, obj=item)
    _tell(user, item, _("Not in the area programme: %(title)s") % {"title": item.title}, reason)
    return item


@transaction.atomic
def mark_done(*, user, item) -> AgendaItem:
    _require(user, "agenda.manage", item)
    item = _lock(item)
    if item.status not in FINISHABLE:
        raise _status_error(item, _("marked as done"))
    item.status = ItemStatus.DONE
    item.save(update_fields=["status"])
    audit.record("agenda.item.done", actor=user, obj=item)
    _tell(user, item, _("Done: %(title)s") % {"title": item.title})
    return item


# --- Actions --------------------------------------------------------------------------------


@transaction.atomic
def add_action(*, user, item, title: str, owner_side: str, due_date, owner_name: str = "") -> ActionItem:
    """Who does what by when to carry out the item (RK-1, 003:229-230)."""
    _require(user, "agenda.manage", item)
    item = _lock(item)
    if item.status in CLOSED_ITEM:
        raise _status_error(item, _("given new actions"))
    validate_action(title, owner_side, due_date)
    action = ActionItem.objects.create(
        place=item.agenda.place,
        agenda_item=item,
        title=_text(title, 200),
        owner_side=owner_side,
        owner_name=_text(owner_name, 120),
        due_date=due_date,
        created_by=user,
    )
    audit.record("agenda.action.added", actor=user, obj=action, data={"owner_side": owner_side, "agenda_item": item.pk})
    _tell(
        user,
        item,
        _("New action for %(title)s: %(action)s") % {"title": item.title, "action": action.title},
        _("%(who)s, by %(date)s.")
        % {
            "who": action.owner_name or action.get_owner_side_display(),
            "date": due_date.isoformat() if isinstance(due_date, datetime.date) else due_date,
        },
    )
    return action


@transaction.atomic
def set_action_status(*, user, action, status: str, done_on=None) -> ActionItem:
    if action.agenda_item_id is None:
        raise ValidationError(_("This action belongs to an agreement, not to the neighbourhood agenda."))
    _require(user, "agenda.manage", action.agenda_item)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    previous = action.status
    action.status = status
    action.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_on"])
    audit.record(
        "agenda.action.status",
        actor=user,
        obj=action,
        data={"from": previous, "status": status, "agenda_item": action.agenda_item_id},
    )
    if previous != status:
        item = action.agenda_item
        _tell(
            user,
            item,
            _("Action “%(action)s” is now: %(status)s")
            % {"action": action.title, "status": action.get_status_display()},
        )
    return action


def late_actions(queryset):
    """Actions past their date and not done or dropped."""
    return queryset.filter(due_date__lt=timezone.localdate()).exclude(
        status__in=[ActionStatus.DONE, ActionStatus.DROPPED]
    )
