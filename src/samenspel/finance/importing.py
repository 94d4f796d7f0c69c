"""Importing budget lines from a CSV or XLSX file (one municipality, one year).

Every row is checked first and every problem is collected with its row number, so whoever
prepares the file can fix them all at once. Only when nothing is wrong is anything written,
and then all of it in one transaction: an import is all or nothing.

The file has a header row. Columns (English or Dutch names, in any order):

| column | Dutch | required | what |
|---|---|---|---|
| place | plaats | yes (may be empty) | CBS code, name or slug of a place; empty or "-": not attributable to an area |
| taakveld | taakveld | yes | Iv3 code, e.g. 6.1 |
| description | omschrijving | yes | what the money is for |
| planned | begroot | yes | euro, e.g. 1.234,56 or 1234.56 |
| realised | realisatie | no | euro; empty: not known yet |
| programme | programma | no | |
| economic_category | economische_categorie | no | |
| decided_by | beslist_door | no | gemeente (default) or wijk |
| year | jaar | no | when given, must be the year imported |

A row whose taakveld is TOTAAL (or TOTAL) states the totals: the planned (and, when given,
realised) amounts of all other rows must add up to it exactly.

A line already in the budget for the same place, taakveld, programme, economic category and
description is updated; any other row becomes a new line. Lines not in the file stay as they
are. Money moved out of a line by a challenge agreement stays moved: the planned amount
becomes the file's amount minus what was moved out (plus what was moved in)."""

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.core import audit
from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place, PlaceKind

from .aggregation import total_matches
from .amounts import AmountError, format_euros, parse_amount, parse_optional_amount
from .models import BudgetImport, BudgetLine, DecidedBy, Taakveld

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_PROBLEMS = 200
COLUMNS = {
    "place": ("place", "plaats", "gebied"),
    "taakveld": ("taakveld", "iv3_taakveld", "iv3"),
    "description": ("description", "omschrijving"),
    "planned": ("planned", "begroot", "begroting"),
    "realised": ("realised", "realized", "realisatie", "gerealiseerd"),
    "programme": ("programme", "program", "programma"),
    "economic_category": ("economic_category", "economische_categorie"),
    "decided_by": ("decided_by", "beslist_door"),
    "year": ("year", "jaar"),
}
REQUIRED = ("place", "taakveld", "description", "planned")
TOTAL_MARKERS = {"totaal", "total"}
NOT_ATTRIBUTABLE = {"", "-", "–", "—", "geen", "none", "niet toe te rekenen", "not attributable"}
DECIDERS = {
    "": None,
    "gemeente": DecidedBy.MUNICIPALITY,
    "municipality": DecidedBy.MUNICIPALITY,
    "wijk": DecidedBy.NEIGHBOURHOOD,
    "dorp": DecidedBy.NEIGHBOURHOOD,
    "buurt": DecidedBy.NEIGHBOURHOOD,
    "neighbourhood": DecidedBy.NEIGHBOURHOOD,
}
LIMITS = {"description": 300, "programme": 120, "economic_category": 80}


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # the row (line) number in the file, counting the header as 1
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        return _("row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


class ImportRefused(Exception):
    def __init__(self, problems: list[ImportProblem], more: int = 0):
        self.problems = list(problems)
        self.more = more
        count = len(self.problems) + more
        super().__init__(
            ngettext(
                "Import refused: %(count)d problem; nothing was imported.",
                "Import refused: %(count)d problems; nothing was imported.",
                count,
            )
            % {"count": count}
        )


@dataclass(frozen=True)
class ImportReport:
    year: int
    rows: int
    created: int
    updated: int
    unchanged: int
    total_planned_cents: int
    total_realised_cents: int | None
    budget_import: BudgetImport


@dataclass
class _Row:
    row: int
    place: Place | None
    taakveld: Taakveld
    description: str
    programme: str
    economic_category: str
    planned: int
    realised: int | None
    decided_by: str | None

    @property
    def key(self):
        return (
            self.place.pk if self.place else None,
            self.taakveld.pk,
            self.programme,
            self.economic_category,
            self.description,
        )


class _Problems(list):
    def add(self, row, message):
        self.append(ImportProblem(row, message))


# Reading ---------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _read_csv(data: bytes, problems: _Problems) -> list[tuple[int, list]]:
    try:
        # utf-8-sig: Excel puts a byte order mark in front of UTF-8 files.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A Dutch Excel saves "CSV" in Windows-1252 unless told otherwise.
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for values in reader:
            rows.append((reader.line_num, [v.strip() for v in values]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as e:
        problems.add(reader.line_num, _("the file cannot be read as CSV: %(error)s") % {"error": e})
    return rows


def _read_xlsx(data: bytes, problems: _Problems) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        problems.add(None, _("the file cannot be read as an Excel workbook (XLSX)"))
        return []
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, list(values)))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(file_name: str, data: bytes, problems: _Problems) -> list[tuple[int, list]]:
    suffix = PurePath(file_name).suffix.lower()
    if len(data) > MAX_BYTES:
        problems.add(None, _("the file is larger than 10 MB"))
        return []
    if suffix == ".csv":
        return _read_csv(data, problems)
    if suffix == ".xlsx":
        return _read_xlsx(data, problems)
    problems.add(None, _("only CSV (.csv) and Excel (.xlsx) files can be imported"))
    return []


# Checking ----------------------------------------------------------------------------------------


def _header(rows, problems: _Problems) -> tuple[int, dict, list]:
    """The header's position, a map column → index, and the data rows after it."""
    for position, (number, values) in enumerate(rows):
        names = [_cell_text(v).lower().replace(" ", "_") for v in values]
        if not any(names):
            continue
        index = {}
        for column, aliases in COLUMNS.items():
            for i, name in enumerate(names):
                if name in aliases:
                    if column in index:
                        problems.add(number, _("the column “%(column)s” occurs twice") % {"column": name})
                    index[column] = i
        missing = [c for c in REQUIRED if c not in index]
        if missing:
            problems.add(
                number,
                _("the header row lacks the column(s) %(columns)s") % {"columns": ", ".join(missing)},
            )
        return number, index, rows[position + 1 :]
    problems.add(None, _("the file is empty"))
    return 0, {}, []


class _PlaceIndex:
    def __init__(self, municipality):
        places = list(
            Place.objects.filter(
                models_q_within(municipality),
            )
        )
        self.by_code = {p.cbs_code.upper(): p for p in places if p.cbs_code}
        self.by_slug = {p.slug: p for p in places}
        self.by_name: dict[str, list] = {}
        for p in places:
            self.by_name.setdefault(p.name.lower(), []).append(p)

    def find(self, text: str) -> tuple[Place | None, str]:
        """(place, "") or (None, problem)."""
        if text.upper() in self.by_code:
            return self.by_code[text.upper()], ""
        named = self.by_name.get(text.lower(), [])
        if len(named) == 1:
            return named[0], ""
        if len(named) > 1:
            return None, _("“%(text)s” is the name of more than one place: use its CBS code") % {"text": text}
        if text.lower() in self.by_slug:
            return self.by_slug[text.lower()], ""
        return None, _("unknown place “%(text)s” in this municipality") % {"text": text}


def models_q_within(municipality):
    from django.db.models import Q

    return Q(pk=municipality.pk) | Q(municipality=municipality)


def _check_rows(data_rows, index, *, municipality, year, problems: _Problems):
    taakvelden = {t.code: t for t in Taakveld.objects.all()}
    places = _PlaceIndex(municipality)
    checked: list[_Row] = []
    stated = {"planned": None, "realised": None, "row": None}
    seen: dict = {}

    def cell(values, column):
        i = index.get(column)
        return values[i] if i is not None and i < len(values) else None

    for number, values in data_rows:
        if not any(_cell_text(v) for v in values):
            continue
        raw_taakveld = cell(values, "taakveld")
        code = _cell_text(raw_taakveld)
        if code.lower() in TOTAL_MARKERS:
            if stated["row"] is not None:
                problems.add(number, _("a second total row; the file may state its total only once"))
                continue
            stated["row"] = number
            try:
                stated["planned"] = parse_amount(cell(values, "planned"))
                stated["realised"] = parse_optional_amount(cell(values, "realised"))
            except AmountError as e:
                problems.add(number, _("total: %(problem)s") % {"problem": e})
            continue
        row_problems = len(problems)
        year_text = _cell_text(cell(values, "year"))
        if year_text and year_text not in (str(year), f"{year}.0"):
            problems.add(number, _("the year is %(found)s, not %(year)d") % {"found": year_text, "year": year})
        taakveld = taakvelden.get(code)
        if isinstance(raw_taakveld, float) and f"{code}0" in taakvelden:
            problems.add(
                number,
                _("taakveld %(code)s could also be %(code)s0: format the taakveld column as text") % {"code": code},
            )
            taakveld = None
        elif not code:
            problems.add(number, _("no taakveld"))
        elif taakveld is None:
            problems.add(number, _("unknown taakveld “%(code)s”") % {"code": code})
        elif taakveld.is_main:
            problems.add(
                number,
                _("“%(code)s” is a main heading, not a taakveld: use one of its taakvelden, e.g. %(code)s.1")
                % {"code": code},
            )
        elif not taakveld.active:
            problems.add(number, _("taakveld “%(code)s” is no longer in use") % {"code": code})
        place_text = _cell_text(cell(values, "place"))
        place = None
        if place_text.lower() not in NOT_ATTRIBUTABLE:
            place, problem = places.find(place_text)
            if problem:
                problems.add(number, problem)
        texts = {}
        for column, limit in LIMITS.items():
            texts[column] = _cell_text(cell(values, column))
            if len(texts[column]) > limit:
                problems.add(
                    number, _("the %(column)s is longer than %(max)d characters") % {"column": column, "max": limit}
                )
        if not texts["description"]:
            problems.add(number, _("no description"))
        planned = realised = None
        try:
            planned = parse_amount(cell(values, "planned"))
        except AmountError as e:
            problems.add(number, _("planned amount: %(problem)s") % {"problem": e})
        try:
            realised = parse_optional_amount(cell(values, "realised"))
        except AmountError as e:
            problems.add(number, _("realised amount: %(problem)s") % {"problem": e})
        decider_text = _cell_text(cell(values, "decided_by")).lower()
        decided_by = DECIDERS.get(decider_text, "?")
        if decided_by == "?":
            problems.add(
                number,
                _("“%(text)s” is not who decides: write gemeente or wijk") % {"text": decider_text},
            )
        elif decided_by == DecidedBy.NEIGHBOURHOOD and not (
            place is not None and (place.kind in NEIGHBOURHOOD_KINDS or place.kind == PlaceKind.BUURT)
        ):
            problems.add(
                number, _("only a line of a neighbourhood, village or buurt can be decided by the neighbourhood")
            )
        if len(problems) > row_problems:
            continue
        row = _Row(
            row=number,
            place=place,
            taakveld=taakveld,
            description=texts["description"],
            programme=texts["programme"],
            economic_category=texts["economic_category"],
            planned=planned,
            realised=realised,
            decided_by=decided_by,
        )
        if row.key in seen:
            problems.add(number, _("the same line as row %(row)d") % {"row": seen[row.key]})
            continue
        seen[row.key] = number
        checked.append(row)
    return checked, stated


def _check_totals(rows: list[_Row], stated: dict, stated_total_cents, problems: _Problems):
    planned = sum(r.planned for r in rows)
    if not total_matches(planned, stated["planned"]):
        problems.add(
            stated["row"],
            _("the planned amounts add up to %(sum)s, but the total row says %(total)s")
            % {"sum": format_euros(planned), "total": format_euros(stated["planned"])},
        )
    realised = sum(r.realised or 0 for r in rows)
    if not total_matches(realised, stated["realised"]):
        problems.add(
            stated["row"],
            _("the realised amounts add up to %(sum)s, but the total row says %(total)s")
            % {"sum": format_euros(realised), "total": format_euros(stated["realised"])},
        )
    if not total_matches(planned, stated_total_cents):
        problems.add(
            None,
            _("the planned amounts add up to %(sum)s, not to the total of %(total)s you gave")
            % {"sum": format_euros(planned), "total": format_euros(stated_total_cents)},
        )


# Writing -----------------------------------------------------------------------------------------


def _existing_lines(municipality, year) -> dict:
    lines: dict = {}
    for line in BudgetLine.objects.filter(municipality=municipality, year=year, challenge=None):
        key = (line.place_id, line.taakveld_id, line.programme, line.economic_category, line.description)
        lines.setdefault(key, []).append(line)
    return lines


def _moved(line) -> int:
    out = line.transfers_out.aggregate(s=Sum("amount_cents"))["s"] or 0
    into = line.transfers_in.aggregate(s=Sum("amount_cents"))["s"] or 0
    return into - out


def import_budget(data: bytes, file_name: str, *, municipality, year: int, actor=None, stated_total_cents=None):
    """Check the file and, if nothing is wrong, write its lines. Raises ImportRefused with every
    problem found (row and reason); nothing is written then."""
    problems = _Problems()
    if municipality.kind != PlaceKind.MUNICIPALITY:
        raise ValueError("budget lines are imported for a municipality")
    if not 1900 <= year <= 2200:
        problems.add(None, _("%(year)d is not a budget year") % {"year": year})
    table = read_table(file_name, data, problems)
    if len(table) > MAX_ROWS + 1:
        problems.add(None, _("the file has more than %(max)d rows") % {"max": MAX_ROWS})
    rows, stated = [], {"planned": None, "realised": None, "row": None}
    if table and not problems:
        _header_row, index, data_rows = _header(table, problems)
        if not problems:
            rows, stated = _check_rows(data_rows, index, municipality=municipality, year=year, problems=problems)
            if not problems:
                if not rows:
                    problems.add(None, _("the file has no budget lines"))
                _check_totals(rows, stated, stated_total_cents, problems)
    with transaction.atomic():
        existing = _existing_lines(municipality, year)
        updates = []
        for row in rows:
            matches = existing.get(row.key, [])
            if len(matches) > 1:
                problems.add(row.row, _("this line is in the budget more than once already; merge them first"))
            elif matches:
                planned = row.planned + _moved(matches[0])
                if planned < 0:
                    problems.add(
                        row.row,
                        _("more money was moved out of this line by a challenge agreement than the file plans"),
                    )
                updates.append((row, matches[0] if matches else None, planned))
            else:
                updates.append((row, None, row.planned))
        if problems:
            problems.sort(key=lambda p: (p.row is not None, p.row or 0))
            raise ImportRefused(problems[:MAX_PROBLEMS], more=max(0, len(problems) - MAX_PROBLEMS))
        return _write(updates, data, file_name, municipality=municipality, year=year, actor=actor, rows=rows)


def _write(updates, data, file_name, *, municipality, year, actor, rows) -> ImportReport:
    total_realised = None
    if any(r.realised is not None for r in rows):
        total_realised = sum(r.realised or 0 for r in rows)
    batch = BudgetImport.objects.create(
        municipality=municipality,
        year=year,
        file_name=PurePath(file_name).name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=len(rows),
        total_planned_cents=sum(r.planned for r in rows),
        total_realised_cents=total_realised,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    created = updated = unchanged = 0
    for row, line, planned in updates:
        if line is None:
            line = BudgetLine.objects.create(
                municipality=municipality,
                year=year,
                place=row.place,
                taakveld=row.taakveld,
                programme=row.programme,
                economic_category=row.economic_category,
                description=row.description,
                planned_cents=planned,
                realised_cents=row.realised,
                decided_by=row.decided_by or DecidedBy.MUNICIPALITY,
                source_import=batch,
                created_by=batch.imported_by,
            )
            created += 1
            audit.record(
                "finance.line.imported",
                actor=actor,
                obj=line,
                data={"import": batch.pk, "row": row.row, "planned": planned, "realised": row.realised},
            )
            continue
        before = {"planned": line.planned_cents, "realised": line.realised_cents, "decided_by": line.decided_by}
        line.planned_cents = planned
        if row.realised is not None:
            line.realised_cents = row.realised
        if row.decided_by:
            line.decided_by = row.decided_by
        after = {"planned": line.planned_cents, "realised": line.realised_cents, "decided_by": line.decided_by}
        if after == before:
            unchanged += 1
            continue
        line.source_import = batch
        line.save()
        updated += 1
        audit.record(
            "finance.line.updated",
            actor=actor,
            obj=line,
            data={"import": batch.pk, "row": row.row, "before": before, "after": after},
        )
    BudgetImport.objects.filter(pk=batch.pk).update(created_count=created, updated_count=updated)
    batch.created_count, batch.updated_count = created, updated
    audit.record(
        "finance.budget.imported",
        actor=actor,
        obj=batch,
        data={
            "municipality": municipality.pk,
            "year": year,
            "file": batch.file_name,
            "sha256": batch.sha256,
            "rows": len(rows),
            "created": created,
            "updated": updated,
            "total_planned": batch.total_planned_cents,
        },
    )
    return ImportReport(
        year=year,
        rows=len(rows),
        created=created,
        updated=updated,
        unchanged=unchanged,
        total_planned_cents=batch.total_planned_cents,
        total_realised_cents=total_realised,
        budget_import=batch,
    )
