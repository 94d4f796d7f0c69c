"""The idea broker's case list as a file (CSV/XLSX), declared once; see samenspel.core.exports."""

from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

CASE_COLUMNS = [
    Column("id", _("ID"), kind=Kind.INTEGER),
    Column("place", _("Place"), get="place.name"),
    Column("buurt", _("Buurt"), get=lambda i: i.buurt.name if i.buurt else ""),
    Column("title", _("Title")),
    Column("kind", _("Kind"), get="get_kind_display"),
    Column("status", _("Status"), get="get_status_display"),
    Column("initiator", _("Initiator"), get="initiator_label"),
    Column("channel", _("Came in via"), get="get_channel_display"),
    Column("broker", _("Idea broker"), get=lambda i: i.broker.public_name if i.broker else ""),
    Column("first_contact_due", _("First contact due"), kind=Kind.DATE),
    Column("first_contact_on", _("First contact on"), kind=Kind.DATE),
    Column("supporters", _("Supporters"), get="support_count", kind=Kind.INTEGER),
    Column("hidden", _("Hidden"), get="is_hidden", kind=Kind.BOOLEAN),
    Column("created_at", _("Submitted on"), kind=Kind.DATE),
    Column("updated_at", _("Last change"), kind=Kind.DATETIME),
]
