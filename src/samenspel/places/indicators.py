"""The wijkkompas figures Samenspel knows, with their labels and units. Kept in code so
labels are translatable; values live in IndicatorValue."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class IndicatorDef:
    key: str
    label: str
    unit: str
    decimals: int = 0


INDICATORS: dict[str, IndicatorDef] = {
    d.key: d
    for d in [
        IndicatorDef("inhabitants", _("Inhabitants"), _("people")),
        IndicatorDef("men", _("Men"), _("people")),
        IndicatorDef("women", _("Women"), _("people")),
        IndicatorDef("dwellings", _("Dwellings"), _("dwellings")),
        IndicatorDef("population_density_per_km2", _("Population density"), _("inhabitants per km² of land")),
        IndicatorDef("area_total_ha", _("Area, total"), _("hectares")),
        IndicatorDef("area_land_ha", _("Area, land"), _("hectares")),
        IndicatorDef("area_water_ha", _("Area, water"), _("hectares")),
    ]
}

INDICATOR_CHOICES = [(d.key, d.label) for d in INDICATORS.values()]
