"""The respondents of a draw as a file (CSV/XLSX) for the officials running it; see
samenspel.core.exports. The pool number, initials, the characteristics used for the quotas
and the status: never a name or an address. Only while the extract policy still allows the
draw's personal data to be worked with, that is until the register extract is deleted."""

from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind


def export_allowed(extract) -> bool:
    return extract is not None and not extract.is_deleted


def respondent_columns(respondents) -> list[Column]:
    columns = [
        Column("pool_id", _("Pool number")),
        Column("initials", _("Initials")),
        Column("status", _("Status"), get="get_status_display"),
        Column("channel", _("How the reply came in"), get="get_channel_display"),
        Column("created_at", _("Replied at"), kind=Kind.DATETIME),
    ]
    keys = sorted({key for r in respondents for key in (r.features or {}) if key not in ADDRESS_KEYS})
    columns += [Column(f"feature_{key}", key, get=lambda r, k=key: (r.features or {}).get(k, "")) for key in keys]
    return columns


# Never exported, whatever a reply form stored among the characteristics.
ADDRESS_KEYS = {"address", "adres", "street", "straat", "postcode", "postal_code", "house_number", "huisnummer"}
