"""An agreement's scope items (themes with their level of say) as files (CSV/XLSX/JSON),
declared once and used by the agreement page's download and by the open-data catalogue; see
samenspel.core.exports."""

from django.utils.translation import gettext_lazy as _

from samenspel.core.exports import Column, Kind

SCOPE_ITEM_COLUMNS = [
    Column("place", _("Place"), get="version.agreement.trajectory.place.name"),
    Column("agreement_id", _("Agreement"), get="version.agreement_id", kind=Kind.INTEGER),
    Column("version", _("Version"), get="version.number", kind=Kind.INTEGER),
    Column("version_status", _("Status of the version"), get="version.get_status_display"),
    Column("valid_from", _("Valid from"), get="version.valid_from", kind=Kind.DATE),
    Column("valid_until", _("Valid until"), get="version.valid_until", kind=Kind.DATE),
    Column("theme", _("Theme"), get="title"),
    Column("kind", _("Kind"), get="get_kind_display"),
    Column("level", _("Level of say"), get="get_level_display"),
    Column("level_number", _("Level (1-3)"), get="level", kind=Kind.INTEGER),
    Column("citywide", _("Citywide issue"), get="is_citywide", kind=Kind.BOOLEAN),
    Column("ownership", _("Ownership"), get="get_ownership_display"),
    Column("budget", _("Budget"), get="budget_cents", kind=Kind.MONEY),
]
