"""Importing CBS "Kerncijfers wijken en buurten": regions with their figures (CSV) and
their boundaries (GeoJSON).

Every file is checked first and every problem is collected, so whoever prepares the files
can fix them all in one go instead of one error per attempt. Only when nothing is wrong is
anything written, and then all of it in one transaction: a half-imported year would show
figures next to places that are missing them.

File formats: see tests/fixtures/cbs/ and the README of the CBS demo data."""

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.core import audit

from .geo import geometry_problems
from .indicators import INDICATORS
from .models import CBS_CODE_PATTERNS, DataSource, IndicatorValue, Place, PlaceKind

REQUIRED_COLUMNS = ("code", "kind", "name", "parent_code")
FILE_KINDS = ("gemeente", "wijk", "buurt")
# A wijk sits directly under its gemeente and a buurt under its wijk.
EXPECTED_PARENT_KIND = {"wijk": "gemeente", "buurt": "wijk"}
# How many digits of a code repeat the parent's: WK0014xx lies in GM0014, BU001404xx in WK001404.
PARENT_DIGITS = {"wijk": 4, "buurt": 6}
# What each kind in Samenspel is called in the CBS files.
FILE_KIND_OF = {
    PlaceKind.MUNICIPALITY: "gemeente",
    PlaceKind.DISTRICT: "gebied",
    PlaceKind.WIJK: "wijk",
    PlaceKind.DORP: "wijk",
    PlaceKind.BUURT: "buurt",
}
NAME_MAX_LENGTH = Place._meta.get_field("name").max_length
# IndicatorValue.value holds 14 digits of which 2 after the point.
VALUE_LIMIT = Decimal(10) ** 12
YEAR_IN_NAME = re.compile(r"_(20\d{2})(?!\d)")
STATCODE = re.compile(r'"statcode"\s*:\s*"([^"\\]*)"')

ATTRIBUTION_EN = (
    "Source: Statistics Netherlands (CBS), Key figures for districts and neighbourhoods {year} "
    "(table {table}), CC BY 4.0. Boundaries: © CBS/Kadaster (CBS area divisions {year}, "
    "simplified by cartomap/nl), CC BY 4.0."
)
ATTRIBUTION = (
    "Bron: CBS, Kerncijfers wijken en buurten {year} (tabel {table}), CC BY 4.0. "
    "Kaartgrenzen: © CBS/Kadaster (CBS gebiedsindelingen {year}, vereenvoudigd door "
    "cartomap/nl), CC BY 4.0."
)


@dataclass(frozen=True)
class ImportProblem:
    file: str  # the file's name, without its folder
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return f"{self.file}: {self.message}"
        return _("%(file)s, line %(line)d: %(message)s") % {
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


class ImportRefused(Exception):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = list(problems)
        super().__init__(
            ngettext(
                "Import refused: %(count)d problem; nothing was imported.",
                "Import refused: %(count)d problems; nothing was imported.",
                len(self.problems),
            )
            % {"count": len(self.problems)}
        )


@dataclass(frozen=True)
class ImportReport:
    year: int
    created: int  # places that did not exist yet
    updated: int  # existing places whose name or boundary changed
    values: int  # figures written
    boundaries: int  # boundaries written
    unchanged: int = 0  # existing places named in the files that were already up to date


@dataclass
class _Row:
    line: int
    code: str
    kind: str  # as in the file: gemeente, wijk or buurt
    name: str
    parent_code: str
    figures: dict  # indicator key -> Decimal, or None where CBS suppressed the value


@dataclass
class _Feature:
    file: str
    line: int | None
    number: int  # 1-based position in the file, for when the line cannot be found
    code: str
    geometry: object


def import_cbs(
    regions_csv: Path,
    boundaries: list[Path],
    *,
    year: int | None = None,
    neighbourhood_kind: str = "wijk",
    table_code: str = "85984NED",
    actor=None,
) -> ImportReport:
    """Check the files and, if nothing is wrong, write places, figures and boundaries.
    Raises ImportRefused with every problem found; nothing is written then."""
    if neighbourhood_kind not in (PlaceKind.WIJK, PlaceKind.DORP):
        raise ValueError(f"neighbourhood_kind must be 'wijk' or 'dorp', not {neighbourhood_kind!r}")
    regions_csv = Path(regions_csv)
    boundaries = [Path(p) for p in boundaries]
    problems: list[ImportProblem] = []

    if year is None:
        match = YEAR_IN_NAME.search(regions_csv.name)
        if match:
            year = int(match.group(1))
        else:
            problems.append(
                ImportProblem(
                    regions_csv.name,
                    None,
                    _("no year given and none found in the file name (such as _2024); give the year (--year)"),
                )
            )

    rows = _read_regions(regions_csv, problems)
    if rows is not None:
        _check_tree(regions_csv.name, rows, problems)

    features = []
    for path in boundaries:
        features += _read_boundaries(path, problems)
    # Without readable regions every feature would be reported as unknown, which only
    # buries the real problem.
    if rows is not None:
        _check_feature_codes(features, {row.code for row in rows}, problems)

    # The checks run in several passes; list the problems file by file, line by line.
    file_order = {name: i for i, name in reversed(list(enumerate([regions_csv.name] + [p.name for p in boundaries])))}
    problems.sort(key=lambda problem: (file_order.get(problem.file, 0), problem.line or 0))

    if problems:
        raise ImportRefused(problems)

    with transaction.atomic():
        return _write(
            rows,
            features,
            year=year,
            neighbourhood_kind=neighbourhood_kind,
            table_code=table_code,
            actor=actor,
            files=[regions_csv.name] + [p.name for p in boundaries],
        )


# Reading and checking


def _read_text(path: Path, problems: list) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as e:
        problems.append(
            ImportProblem(path.name, None, _("cannot be read: %(error)s") % {"error": e.strerror or str(e)})
        )
        return None
    try:
        # utf-8-sig: Excel and Notepad put a byte order mark in front of UTF-8 files.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        problems.append(
            ImportProblem(
                path.name,
                line,
                _(
                    "the file is not UTF-8 (byte 0x%(byte)02x cannot be read); it was probably saved "
                    "as Latin-1/Windows-1252. Save it as UTF-8 and try again."
                )
                % {"byte": data[e.start]},
            )
        )
        return None


def _read_regions(path: Path, problems: list) -> list[_Row] | None:
    """The rows of the regions CSV, each checked on its own; None if the file cannot be
    read as a whole (then its rows are not checked further)."""
    text = _read_text(path, problems)
    if text is None:
        return None
    name = path.name

    def problem(line, message):
        problems.append(ImportProblem(name, line, message))

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            problem(None, _("the file is empty"))
            return None
        header = [column.strip() for column in header]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            problem(1, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
            return None
        index = {}
        for i, column in enumerate(header):
            index.setdefault(column, i)
        # Other columns are allowed (CBS has many more); only known figures are read.
        figure_columns = [column for column in header if column in INDICATORS]

        rows = []
        end_of_previous = reader.line_num
        for cells in reader:
            # A quoted cell may span lines, so a row starts just after the previous one ended.
            line = end_of_previous + 1
            end_of_previous = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problem(
                    line,
                    _("this row has %(found)d fields, the header has %(expected)d")
                    % {"found": len(cells), "expected": len(header)},
                )
                continue
            row = _Row(
                line=line,
                code=cells[index["code"]].strip(),
                kind=cells[index["kind"]].strip().lower(),
                name=cells[index["name"]].strip(),
                parent_code=cells[index["parent_code"]].strip(),
                figures={},
            )
            _check_row(row, problem)
            for column in figure_columns:
                value, message = _parse_figure(column, cells[index[column]])
                if message:
                    problem(line, message)
                row.figures[column] = value
            rows.append(row)
    except csv.Error as e:
        problem(reader.line_num, _("this is not readable as CSV: %(error)s") % {"error": e})
        return None
    return rows


def _check_row(row: _Row, problem) -> None:
    if row.kind not in FILE_KINDS:
        problem(row.line, _("unknown kind “%(kind)s” (expected gemeente, wijk or buurt)") % {"kind": row.kind})
    if not any(pattern.match(row.code) for pattern in CBS_CODE_PATTERNS.values()):
        problem(
            row.line,
            _("unknown code “%(code)s”: a CBS code is GM and 4 digits, WK and 6 digits or BU and 8 digits")
            % {"code": row.code},
        )
    elif row.kind in FILE_KINDS and not CBS_CODE_PATTERNS[row.kind].match(row.code):
        problem(row.line, _("code %(code)s is not the code of a %(kind)s") % {"code": row.code, "kind": row.kind})
    if not row.name:
        problem(row.line, _("the name is empty"))
    elif len(row.name) > NAME_MAX_LENGTH:
        problem(row.line, _("the name is longer than %(max)d characters") % {"max": NAME_MAX_LENGTH})


def _parse_figure(column: str, raw: str) -> tuple[Decimal | None, str]:
    raw = raw.strip()
    if not raw:
        return None, ""  # suppressed by CBS (too few people) or unknown: not an error
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    # Decimal also reads "NaN" and "Infinity", which are no figures either.
    if value is None or not value.is_finite():
        return None, _("%(column)s is not a number: “%(value)s”") % {"column": column, "value": raw}
    if value < 0:
        return None, _("%(column)s is negative: %(value)s") % {"column": column, "value": raw}
    if value >= VALUE_LIMIT:
        return None, _("%(column)s is too large: %(value)s") % {"column": column, "value": raw}
    # The database keeps two decimals; CBS publishes at most one.
    return value.quantize(Decimal("0.01")), ""


def _check_tree(name: str, rows: list[_Row], problems: list) -> None:
    """Duplicates, parents, and agreement with the places already in Samenspel."""

    def problem(line, message):
        problems.append(ImportProblem(name, line, message))

    by_code: dict[str, _Row] = {}
    for row in rows:
        if row.code in by_code:
            problem(
                row.line,
                _("duplicate code %(code)s (also on line %(line)d)")
                % {"code": row.code, "line": by_code[row.code].line},
            )
        else:
            by_code[row.code] = row

    wanted = {row.code for row in rows} | {row.parent_code for row in rows if row.parent_code}
    existing = {
        place.cbs_code: place for place in Place.objects.filter(cbs_code__in=wanted).select_related("parent__parent")
    }

    for row in rows:
        if row.kind not in FILE_KINDS or not CBS_CODE_PATTERNS[row.kind].match(row.code):
            continue  # already reported, and every check below would only repeat it
        place = existing.get(row.code)
        if place is not None and FILE_KIND_OF[place.kind] != row.kind:
            problem(
                row.line,
                _("%(code)s already exists in Samenspel as a %(existing)s, not a %(kind)s")
                % {"code": row.code, "existing": place.get_kind_display(), "kind": row.kind},
            )
            continue

        if row.kind == "gemeente":
            if row.parent_code:
                problem(row.line, _("a gemeente is not part of another place; leave parent_code empty"))
            continue
        expected = EXPECTED_PARENT_KIND[row.kind]
        if not row.parent_code:
            problem(
                row.line,
                _("parent_code is empty; a %(kind)s must be part of a %(parent)s")
                % {"kind": row.kind, "parent": expected},
            )
            continue

        if row.parent_code in by_code:
            parent_kind = by_code[row.parent_code].kind
        elif row.parent_code in existing:
            parent_kind = FILE_KIND_OF[existing[row.parent_code].kind]
        else:
            problem(row.line, _("unknown parent code %(code)s") % {"code": row.parent_code})
            continue
        if parent_kind != expected:
            problem(
                row.line,
                _("a %(kind)s must be part of a %(expected)s, but %(parent)s is a %(parent_kind)s")
                % {
                    "kind": row.kind,
                    "expected": expected,
                    "parent": row.parent_code,
                    "parent_kind": parent_kind,
                },
            )
            continue
        digits = PARENT_DIGITS[row.kind]
        if row.code[2 : 2 + digits] != row.parent_code[2 : 2 + digits]:
            problem(
                row.line,
                _("code %(code)s does not lie in %(parent)s (the digits differ)")
                % {"code": row.code, "parent": row.parent_code},
            )
            continue

        # Moving a place to another parent would move its people, roles and figures with it;
        # that needs a person's decision, not a side effect of an import.
        if place is not None:
            current = _cbs_parent(place)
            current_code = current.cbs_code if current is not None else None
            if current_code != row.parent_code:
                problem(
                    row.line,
                    _(
                        "%(code)s is part of %(current)s in Samenspel, but this file puts it in "
                        "%(parent)s; move it by hand first if that is right"
                    )
                    % {
                        "code": row.code,
                        "parent": row.parent_code,
                        "current": (current.cbs_code or current.name) if current else _("nothing"),
                    },
                )


def _cbs_parent(place: Place) -> Place | None:
    """The parent as CBS sees it. A municipality may group its wijken into districts
    (gebieden) of its own; CBS does not know those, so they are skipped."""
    node = place.parent
    while node is not None and node.kind == PlaceKind.DISTRICT:
        node = node.parent
    return node


def _read_boundaries(path: Path, problems: list) -> list[_Feature]:
    text = _read_text(path, problems)
    if text is None:
        return []
    name = path.name
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        problems.append(ImportProblem(name, e.lineno, _("this is not valid JSON: %(error)s") % {"error": e.msg}))
        return []
    if not (isinstance(doc, dict) and doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list)):
        problems.append(ImportProblem(name, None, _("this is not a GeoJSON FeatureCollection")))
        return []

    # The parsed JSON has no line numbers, so find each feature's line through the text of
    # its statcode: the n-th feature with a code is the n-th place that code is written.
    lines_by_code = defaultdict(list)
    line, position = 1, 0
    for match in STATCODE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines_by_code[match.group(1)].append(line)

    features = []
    for number, feature in enumerate(doc["features"], start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        code = properties.get("statcode") if isinstance(properties, dict) else None
        if not isinstance(code, str) or not code.strip():
            problems.append(
                ImportProblem(name, None, _("feature %(number)d has no properties.statcode") % {"number": number})
            )
            continue
        found = lines_by_code.get(code)
        line = found.pop(0) if found else None
        item = _Feature(name, line, number, code, feature.get("geometry"))
        for message in geometry_problems(item.geometry):
            problems.append(
                _feature_problem(item, _("geometry of %(code)s: %(problem)s") % {"code": code, "problem": message})
            )
        features.append(item)
    return features


def _feature_problem(feature: _Feature, message: str) -> ImportProblem:
    if feature.line is None:
        message = _("feature %(number)d: %(message)s") % {"number": feature.number, "message": message}
    return ImportProblem(feature.file, feature.line, message)


def _where(feature: _Feature) -> str:
    if feature.line is None:
        return _("%(file)s, feature %(number)d") % {"file": feature.file, "number": feature.number}
    return _("%(file)s, line %(line)d") % {"file": feature.file, "line": feature.line}


def _check_feature_codes(features: list[_Feature], csv_codes: set, problems: list) -> None:
    in_db = set(
        Place.objects.filter(cbs_code__in={f.code for f in features} - csv_codes).values_list("cbs_code", flat=True)
    )
    seen: dict[str, _Feature] = {}
    for feature in features:
        if feature.code not in csv_codes and feature.code not in in_db:
            problems.append(
                _feature_problem(
                    feature,
                    _("unknown code %(code)s: it is not in the regions file nor in Samenspel") % {"code": feature.code},
                )
            )
        if feature.code in seen:
            problems.append(
                _feature_problem(
                    feature,
                    _("a second boundary for %(code)s (the first is in %(first)s)")
                    % {"code": feature.code, "first": _where(seen[feature.code])},
                )
            )
        else:
            seen[feature.code] = feature


# Writing


def _write(rows, features, *, year, neighbourhood_kind, table_code, actor, files) -> ImportReport:
    source, _created = DataSource.objects.update_or_create(
        key=f"cbs-kwb-{year}",
        defaults={
            "title": f"CBS, Kerncijfers wijken en buurten {year}",
            "publisher": "CBS",
            "table_code": table_code,
            "licence": "CC BY 4.0",
            "url": f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table_code}/table",
            "attribution": ATTRIBUTION.format(year=year, table=table_code),
            "attribution_en": ATTRIBUTION_EN.format(year=year, table=table_code),
        },
    )
    new_kind = {
        "gemeente": PlaceKind.MUNICIPALITY,
        "wijk": neighbourhood_kind,
        "buurt": PlaceKind.BUURT,
    }
    places: dict[str, Place] = {}
    created, touched, changed = set(), set(), set()
    values = 0

    # Parents before children, so every parent exists by the time its children are made.
    for row in sorted(rows, key=lambda r: FILE_KINDS.index(r.kind)):
        place = Place.objects.filter(cbs_code=row.code).first()
        if place is None:
            parent = None
            if row.parent_code:
                parent = places.get(row.parent_code) or Place.objects.get(cbs_code=row.parent_code)
            municipality = None if parent is None else parent.root
            place = Place.objects.create(
                kind=new_kind[row.kind],
                name=row.name,
                cbs_code=row.code,
                parent=parent,
                slug=_free_slug(row.name, row.code, municipality),
            )
            created.add(place.pk)
        else:
            touched.add(place.pk)
            # The slug stays, even when CBS renames the place, so links keep working.
            if place.name != row.name:
                place.name = row.name
                place.save(update_fields=["name"])
                changed.add(place.pk)
        places[row.code] = place

        for key, value in row.figures.items():
            lookup = {"place": place, "indicator": key, "year": year, "source": source}
            if value is None:
                # Suppressed in this file: an earlier import of the same table and year
                # must not keep showing a figure CBS no longer publishes.
                IndicatorValue.objects.filter(**lookup).delete()
                continue
            IndicatorValue.objects.update_or_create(**lookup, defaults={"value": value})
            values += 1

    for feature in features:
        place = places.get(feature.code) or Place.objects.get(cbs_code=feature.code)
        places[feature.code] = place
        if place.pk not in created:
            touched.add(place.pk)
        if place.boundary != feature.geometry:
            place.boundary = feature.geometry
            place.save(update_fields=["boundary"])
            if place.pk not in created:
                changed.add(place.pk)

    report = ImportReport(
        year=year,
        created=len(created),
        updated=len(changed),
        values=values,
        boundaries=len(features),
        unchanged=len(touched - changed),
    )
    audit.record(
        "places.cbs.imported",
        actor=actor,
        obj=source,
        data={
            "year": year,
            "table_code": table_code,
            "files": files,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "values": report.values,
            "boundaries": report.boundaries,
        },
    )
    from .services import places_changed

    # Cached overviews of figures and outlines are stale now; once more after the commit, in
    # case a page cached the old figures while this transaction was still open.
    places_changed()
    transaction.on_commit(places_changed)
    return report


def _free_slug(name: str, code: str, municipality: Place | None) -> str:
    """slugify(name), with -2, -3, ... when taken: municipalities need a slug unique among
    themselves, other places one unique within their municipality (see Place.Meta)."""
    max_length = Place._meta.get_field("slug").max_length - 4  # room for a suffix
    base = slugify(name)[:max_length].strip("-") or code.lower()
    if municipality is None:
        taken = Place.objects.filter(municipality__isnull=True)
    else:
        taken = Place.objects.filter(municipality=municipality)
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
