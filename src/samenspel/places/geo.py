"""Place outlines: checking GeoJSON geometry and drawing it as SVG on the server, so maps
need no JavaScript and no external tile server. Pure functions over plain data."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from shapely.geometry import shape
from shapely.validation import explain_validity

SUPPORTED_TYPES = {"Polygon", "MultiPolygon"}


def geometry_problems(geometry) -> list[str]:
    """Why a GeoJSON geometry is unusable as a place outline; empty when it is fine."""
    if not isinstance(geometry, dict):
        return ["geometry is missing"]
    gtype = geometry.get("type")
    if gtype not in SUPPORTED_TYPES:
        return [f"geometry type {gtype!r} is not a Polygon or MultiPolygon"]
    coords = geometry.get("coordinates")
    polygons = [coords] if gtype == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return ["geometry has no coordinates"]
    problems = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return ["polygon has no rings"]
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return ["a ring needs at least four positions"]
            for position in ring:
                if (
                    not isinstance(position, list | tuple)
                    or len(position) < 2
                    or not all(isinstance(v, int | float) and math.isfinite(v) for v in position[:2])
                ):
                    return [f"position {position!r} is not a pair of numbers"]
                lon, lat = position[0], position[1]
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    return [f"position {position!r} is not longitude/latitude (WGS84)"]
            if list(ring[0][:2]) != list(ring[-1][:2]):
                problems.append("a ring is not closed (first and last position differ)")
    if problems:
        return problems
    geom = shape(geometry)
    if not geom.is_valid:
        return [f"invalid polygon: {explain_validity(geom)}"]
    return []


def _rings(geometry) -> Iterable[list]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    else:
        for polygon in geometry["coordinates"]:
            yield from polygon


@dataclass(frozen=True)
class SvgMap:
    view_box: str
    width: float
    height: float
    paths: dict  # key -> SVG path data


def svg_map(geometries: dict, width: float = 600.0, padding: float = 8.0) -> SvgMap:
    """Project WGS84 outlines to SVG paths in a box `width` wide. An equirectangular
    projection scaled by cos(latitude) is accurate enough at the scale of a municipality."""
    geometries = {k: g for k, g in geometries.items() if g}
    points = [pt for g in geometries.values() for ring in _rings(g) for pt in ring]
    if not points:
        return SvgMap(f"0 0 {width:g} {width:g}", width, width, {})
    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = (width - 2 * padding) / span_x
    height = span_y * scale + 2 * padding

    def project(lon, lat):
        return (padding + (lon - min_lon) * kx * scale, padding + (max_lat - lat) * scale)

    paths = {}
    for key, geometry in geometries.items():
        parts = []
        for ring in _rings(geometry):
            xy = [project(p[0], p[1]) for p in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        paths[key] = "".join(parts)
    return SvgMap(f"0 0 {width:.0f} {height:.0f}", width, round(height, 1), paths)
