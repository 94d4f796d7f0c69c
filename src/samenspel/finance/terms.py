"""The terms of the right to challenge, as the municipality's participatieverordening sets
them, and the pure rules for when a term is near or past. The law leaves the terms to each
municipality; where the verordening sets none, an application must be decided within a
reasonable term of at most eight weeks (Awb 4:13), hence 56 days for the assessment."""

import datetime
from dataclasses import dataclass, fields

from django.utils.translation import gettext_lazy as _

DEFAULT_CRITERIA = [
    _("The task serves the public interest and the residents it affects."),
    _("The challengers can deliver at least the same quality, and keep it up."),
    _("It costs the municipality no more than now, or the extra value is worth it."),
    _("There is enough support among the residents it affects."),
    _("It is legally possible: contracts, permits, staff and liability are taken care of."),
    _("The risks are known and can be carried."),
]


@dataclass(frozen=True)
class Terms:
    admissibility_days: int = 28
    assessment_days: int = 56
    agreement_days: int = 56
    progress_interval_days: int = 91
    evaluation_days: int = 56
    reminder_days: int = 7
    question_answer_days: int = 28
    min_signatures: int = 0
    offer_bid_days: int = 42
    asset_bid_days: int = 56
    criteria: tuple = ()
    regulation_url: str = ""


def terms_for(municipality) -> Terms:
    """The terms of this municipality: its FinanceSettings, or the defaults."""
    from .models import FinanceSettings

    row = FinanceSettings.objects.filter(municipality=municipality).first() if municipality is not None else None
    if row is None:
        return Terms(criteria=tuple(str(c) for c in DEFAULT_CRITERIA))
    values = {f.name: getattr(row, f.name) for f in fields(Terms) if f.name not in ("criteria",)}
    criteria = tuple(line.strip() for line in row.assessment_criteria.splitlines() if line.strip())
    return Terms(**values, criteria=criteria or tuple(str(c) for c in DEFAULT_CRITERIA))


def due(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days)


NONE, BEFORE, OVERDUE = "none", "before", "overdue"


def reminder_state(due_on: datetime.date | None, today: datetime.date, reminder_days: int) -> str:
    """ "before" from `reminder_days` before the term until the last day of it, "overdue" after
    it, otherwise "none". A term without a date is never reminded of."""
    if due_on is None:
        return NONE
    if today > due_on:
        return OVERDUE
    if (due_on - today).days <= reminder_days:
        return BEFORE
    return NONE


def days_left(due_on: datetime.date | None, today: datetime.date) -> int | None:
    return None if due_on is None else (due_on - today).days
