"""Lists of the open budget and the right to challenge as files (CSV/XLSX/JSON), declared once
and used by the budget page's downloads and by the open-data catalogue; see
samenspel.core.exports. Recipients of spending are never private persons (RecipientKind);
questions and challenges are exported without who asked or submitted them."""

from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

LINE_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    Column("year", _("Year"), kind=Kind.INTEGER),
    Column("municipality", _("Municipality"), get="municipality.name"),
    Column("place", _("Place"), get=lambda line: line.place.name if line.place else ""),
    Column("taakveld", _("Taakveld"), get="taakveld.code"),
    Column("taakveld_name", _("Taakveld name"), get="taakveld.name"),
    Column("programme", _("Programme")),
    Column("description", _("Description")),
    Column("planned", _("Planned"), get="planned_cents", kind=Kind.MONEY),
    Column("realised", _("Realised"), get="realised_cents", kind=Kind.MONEY),
    Column("decided_by", _("Who decides"), get="get_decided_by_display"),
]

EXPENDITURE_COLUMNS = [
    Column("date", _("Date"), get="spent_on", kind=Kind.DATE),
    Column("line", _("Budget line"), get="line_id", kind=Kind.INTEGER),
    Column("taakveld", _("Taakveld"), get="line.taakveld.code"),
    Column("place", _("Place"), get=lambda e: e.line.place.name if e.line.place else ""),
    Column("recipient", _("Recipient"), get="recipient_name"),
    Column("recipient_kind", _("Kind of recipient"), get="get_recipient_kind_display"),
    Column("recipient_kvk", _("KvK number")),
    Column("purpose", _("What it was for")),
    Column("amount", _("Amount"), get="amount_cents", kind=Kind.MONEY),
    Column("decision", _("Decision"), get=lambda e: e.decision.title if e.decision else e.decision_reference),
]

CHALLENGE_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    Column("municipality", _("Municipality"), get="municipality.name"),
    Column("place", _("Place"), get=lambda c: c.place.name if c.place else ""),
    Column(
        "challengers",
        _("Challengers"),
        get=lambda c: c.organisation.name if c.organisation else c.group_name,
    ),
    Column("title", _("Title")),
    Column("task", _("Task")),
    Column("cost_estimate", _("Cost estimate"), get="cost_estimate_cents", kind=Kind.MONEY),
    Column("status", _("Status"), get="get_status_display"),
    Column("submitted_on", _("Submitted on"), kind=Kind.DATE),
    Column("assessed_on", _("Assessed on"), kind=Kind.DATE),
    Column("assessment_reasons", _("Reasons")),
]

QUESTION_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    Column("line", _("Budget line"), get="line_id", kind=Kind.INTEGER),
    Column("line_description", _("Description"), get="line.description"),
    Column("question", _("Question"), get="text"),
    Column("status", _("Status"), get="get_status_display"),
    Column("asked_on", _("Asked on"), get="created_at", kind=Kind.DATE),
    Column("answer_due", _("Answer due"), kind=Kind.DATE),
    Column("answer", _("Answer")),
    Column("answered_on", _("Answered on"), kind=Kind.DATE),
    Column("hidden_reason", _("Public reason for hiding")),
]
