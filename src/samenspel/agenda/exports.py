"""Agenda items as files (CSV/XLSX/JSON), declared once and used by the agenda page's
downloads and by the open-data catalogue; see samenspel.core.exports."""

from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

AGENDA_ITEM_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    Column("place", _("Place"), get="agenda.place.name"),
    Column("agenda", _("Agenda"), get="agenda.title"),
    Column("title", _("Title")),
    Column("origin", _("Origin"), get="get_origin_display"),
    Column("status", _("Status"), get="get_status_display"),
    Column("citywide", _("Citywide issue"), get="is_citywide", kind=Kind.BOOLEAN),
    Column("decided_by", _("Decided by")),
    Column("decided_on", _("Decided on"), kind=Kind.DATE),
    Column("decision_reason", _("Reason")),
    Column("created_at", _("Added on"), kind=Kind.DATE),
]

# On the agenda page the items also carry how many actions they have and how many are late.
AGENDA_PAGE_COLUMNS = [
    *AGENDA_ITEM_COLUMNS,
    Column("actions", _("Actions"), get="action_count", kind=Kind.INTEGER),
    Column("late_actions", _("Late actions"), get="late_count", kind=Kind.INTEGER),
]
