"""Lists of the decisions app as files (CSV/XLSX/JSON), declared once and used by the
register's own downloads and by the open-data catalogue; see samenspel.core.exports."""

from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

PLACE = Column("place", _("Place"), get="place.name")

DECISION_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    Column("decided_on", _("Decided on"), kind=Kind.DATE),
    PLACE,
    Column("decider", _("Decided by"), get="get_decider_kind_display"),
    Column("body", _("Body"), get=lambda d: d.body.name if d.body else ""),
    Column("title", _("Title")),
    Column("outcome", _("Outcome"), get="get_outcome_display"),
    Column("rationale", _("Rationale")),
    Column("binding", _("Binding"), get="is_binding", kind=Kind.BOOLEAN),
    Column("as_advice", _("Counts as advice"), get="recorded_as_advice", kind=Kind.BOOLEAN),
    Column("budget", _("Money"), get="budget_cents", kind=Kind.MONEY),
]

ADVICE_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    PLACE,
    Column("organisation", _("From"), get=lambda a: a.organisation.name if a.organisation else ""),
    Column("addressee", _("To"), get="get_addressee_display"),
    Column("subject", _("Subject")),
    Column("status", _("Status"), get="get_status_display"),
    Column("submitted_on", _("Submitted on"), kind=Kind.DATE),
    Column("response_due", _("Response due"), kind=Kind.DATE),
    Column("responded_on", _("Responded on"), kind=Kind.DATE),
    Column("text", _("Advice")),
    Column("response", _("Response")),
]

REPORT_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    PLACE,
    Column("organisation", _("Organisation"), get=lambda r: r.organisation.name if r.organisation else ""),
    Column("title", _("Title")),
    Column("period_start", _("From"), kind=Kind.DATE),
    Column("period_end", _("Until"), kind=Kind.DATE),
    Column("income", _("Income"), get="income_cents", kind=Kind.MONEY),
    Column("spent", _("Spent"), get="spent_cents", kind=Kind.MONEY),
    Column("published_on", _("Published on"), kind=Kind.DATE),
]
