"""The JSON Schema (draft 2020-12) of a publication's metadata (services.metadata), served at
/publicaties/metadata.schema.json so a harvester can check what it receives."""

from .models import PublicationStatus
from .woo import CATEGORIES, Kind

_resource = {
    "type": "object",
    "required": ["label", "resource"],
    "properties": {"label": {"type": "string", "minLength": 1}, "resource": {"type": "string"}},
}
_datetime = {"type": "string", "format": "date-time"}

METADATA_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "metadata.schema.json",
    "title": "Samenspel publication metadata (DiWoo field names)",
    "type": "object",
    "required": [
        "identifier",
        "publisher",
        "verantwoordelijke",
        "titelcollectie",
        "classificatiecollectie",
        "creatiedatum",
        "publicatiedatum",
        "laatstGewijzigdDatum",
        "language",
        "documenthandelingen",
        "status",
        "ingetrokken",
        "versie",
        "soort",
        "weergaven",
    ],
    "properties": {
        "identifier": {"type": "string", "pattern": "^https?://"},
        "publisher": _resource,
        "verantwoordelijke": _resource,
        "titelcollectie": {
            "type": "object",
            "required": ["officieleTitel"],
            "properties": {"officieleTitel": {"type": "string", "minLength": 1}},
        },
        "omschrijvingen": {"type": "array", "items": {"type": "string"}},
        "classificatiecollectie": {
            "type": "object",
            "required": ["informatiecategorieen", "documentsoorten"],
            "properties": {
                "informatiecategorieen": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["label", "resource", "artikel"],
                        "properties": {
                            "label": {"enum": sorted(c.label for c in CATEGORIES.values())},
                            "resource": {"enum": sorted(c.resource for c in CATEGORIES.values())},
                            "artikel": {"type": "string", "pattern": "^Woo art\\. 3\\.3 lid [12] onder [a-l]$"},
                        },
                    },
                },
                "documentsoorten": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "object", "required": ["label"], "properties": {"label": {"type": "string"}}},
                },
                "trefwoorden": {"type": "array", "items": {"type": "string"}},
            },
        },
        "creatiedatum": {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
        "publicatiedatum": _datetime,
        "laatstGewijzigdDatum": _datetime,
        "language": {
            "type": "object",
            "required": ["code"],
            "properties": {"code": {"const": "nl"}, "label": {"type": "string"}},
        },
        "documenthandelingen": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["soortHandeling", "atTime"],
                "properties": {
                    "soortHandeling": {"enum": ["publicatie", "wijziging", "intrekking"]},
                    "atTime": _datetime,
                },
            },
        },
        "status": {"enum": list(PublicationStatus.values)},
        "ingetrokken": {"type": "boolean"},
        "versie": {"type": "integer", "minimum": 1},
        "revisie": {"type": "integer", "minimum": 1},
        "soort": {"enum": list(Kind.values)},
        "locatie": {
            "type": ["object", "null"],
            "required": ["label"],
            "properties": {"label": {"type": "string"}, "cbs_code": {"type": "string"}, "url": {"type": "string"}},
        },
        "weergaven": {
            "type": "array",
            "minItems": 3,
            "items": {
                "type": "object",
                "required": ["format", "url"],
                "properties": {
                    "format": {"enum": ["text/html", "application/pdf", "application/json"]},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "sha256": {"type": "string", "pattern": "^([0-9a-f]{64})?$"},
                },
            },
        },
        "bron": {"type": "string"},
    },
}
