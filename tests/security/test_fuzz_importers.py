"""Fuzzing every importer with hypothesis: for arbitrary input, and for valid input mutated
adversarially, an importer either imports completely or refuses with its own error type and a
message for people — never another exception, and never half an import (row counts stay the
same on refusal).

Importers: CBS figures (CSV) and boundaries (GeoJSON), agreement documents (JSON), pabulib
`.pb` files (parse and import as a round), the open budget (CSV and XLSX), the sortition
files (features and people), Polis votes (CSV) and the register extract (CSV)."""

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenspel.places.models import Place, PlaceKind

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).parent.parent
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What an attacker (or a confused spreadsheet) puts in a file.
NASTY = [
    ";",
    ",",
    "\n",
    "\r\n",
    '"',
    "\t",
    "\x00",
    "\ufeff",
    "-1",
    "0",
    "1e999",
    "NaN",
    "-0",
    "9" * 40,
    "1.234,56",
    "",
    " ",
    "é",
    "💥",
    "=cmd|' /C calc'!A0",
    "<script>",
    "null",
    "[]",
    "{}",
    "2026-02-30",
]
pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


@st.composite
def mutated(draw, valid: str, max_steps: int = 4):
    """`valid` with a few of: characters deleted, nasty text inserted, a line replaced,
    duplicated, swapped or dropped, the text cut short."""
    text = valid
    for _ in range(draw(st.integers(1, max_steps))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["delete", "insert", "replace_line", "duplicate_line", "drop_line", "swap", "cut"]))
        if op == "delete" and text:
            i = draw(st.integers(0, len(text) - 1))
            text = text[:i] + text[i + draw(st.integers(1, 12)) :]
        elif op == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(pieces) + text[i:]
        elif op == "replace_line" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.lists(pieces, max_size=6).map("".join))
            text = "\n".join(lines)
        elif op == "duplicate_line" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "drop_line" and lines:
            lines.pop(draw(st.integers(0, len(lines) - 1)))
            text = "\n".join(lines)
        elif op == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "cut":
            text = text[: draw(st.integers(0, len(text)))]
    return text


@st.composite
def mutated_bytes(draw, valid: bytes):
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "delete", "insert", "cut"]))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 64))]
        elif op == "insert":
            data[i:i] = draw(st.binary(max_size=16))
        else:
            del data[i:]
    return bytes(data)


def _counts(models) -> tuple:
    return tuple(model.objects.count() for model in models)


def imports_or_refuses(run, errors, models):
    """Run one import inside a savepoint (undone afterwards, so every example starts from the
    same database). A refusal must be one of `errors`, carry a message, and change nothing."""
    before = _counts(models)
    savepoint = transaction.savepoint()
    try:
        run()
    except errors as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        assert message.strip(), f"{type(error).__name__} without a message"
        assert _counts(models) == before, "refused, but something was written"
    finally:
        transaction.savepoint_rollback(savepoint)


# --- CBS figures and boundaries ------------------------------------------------------------------

CBS = TESTS / "fixtures" / "cbs"
REGIONS = "\n".join((CBS / "westerkwartier_regions_2024.csv").read_text().splitlines()[:4]) + "\n"
_features = json.loads((CBS / "westerkwartier_wijken_2024.geojson").read_text())["features"]
BOUNDARIES = json.dumps({"type": "FeatureCollection", "features": _features[:2]})


def _import_cbs(regions: str, boundaries: str):
    from samenspel.places.cbs_import import import_cbs

    with tempfile.TemporaryDirectory() as folder:
        csv_path, geo_path = Path(folder) / "regions.csv", Path(folder) / "wijken.geojson"
        csv_path.write_text(regions, encoding="utf-8", errors="surrogatepass")
        geo_path.write_text(boundaries, encoding="utf-8", errors="surrogatepass")
        import_cbs(csv_path, [geo_path], year=2024, neighbourhood_kind="dorp")


def _cbs_models():
    from samenspel.places.models import DataSource, IndicatorValue

    return [Place, IndicatorValue, DataSource]


def test_the_cbs_samples_import():
    _import_cbs(REGIONS, BOUNDARIES)
    assert Place.objects.filter(kind=PlaceKind.DORP).count() == 2


@FUZZ
@given(regions=mutated(REGIONS))
def test_cbs_figures_import_or_refuse(regions):
    from samenspel.places.cbs_import import ImportRefused

    imports_or_refuses(lambda: _import_cbs(regions, BOUNDARIES), ImportRefused, _cbs_models())


@FUZZ
@given(boundaries=st.one_of(mutated(BOUNDARIES, max_steps=3), st.text(max_size=200)))
def test_geojson_boundaries_import_or_refuse(boundaries):
    from samenspel.places.cbs_import import ImportRefused

    imports_or_refuses(lambda: _import_cbs(REGIONS, boundaries), ImportRefused, _cbs_models())


# --- Agreement documents -------------------------------------------------------------------------

AGREEMENT = {
    "format": "samenspel-agreement/1",
    "version": {"number": 1, "summary": "Afspraken", "valid_from": "2026-05-01", "valid_until": "2029-05-01"},
    "safeguards": [{"code": "G-TR-1", "note": "", "evidence": []}],
    "scope_items": [
        {
            "key": "1",
            "title": "Wijkbudget",
            "kind": "budget",
            "level": 3,
            "desired_level": 3,
            "ownership": 2,
            "council_role": "frame_setting",
            "budget_cents": 20000000,
            "instruments": ["buurtbudget"],
            "roles": [{"phase": "decide", "responsibility": "decides", "actor": "wijk_body"}],
            "safeguards": [{"code": "G-IS-3", "note": "", "evidence": [{"on": "2026-10-01", "description": "x"}]}],
            "actions": [{"title": "Start", "owner_side": "wijk", "owner_name": "Sanne", "due_date": "2027-01-01"}],
        }
    ],
}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _parse_agreement(doc):
    from samenspel.agreements.document import parse_document, to_input

    to_input(parse_document(doc))


def test_the_agreement_sample_parses():
    _parse_agreement(AGREEMENT)


@FUZZ
@given(
    doc=st.one_of(
        json_values,
        json_values.map(lambda extra: {**AGREEMENT, "scope_items": [{**AGREEMENT["scope_items"][0], "x": extra}]}),
        st.dictionaries(st.sampled_from(list(AGREEMENT["scope_items"][0])), json_values, max_size=6).map(
            lambda item: {**AGREEMENT, "scope_items": [{**AGREEMENT["scope_items"][0], **item}]}
        ),
        st.dictionaries(st.sampled_from(["version", "safeguards", "scope_items"]), json_values, max_size=3).map(
            lambda top: {**AGREEMENT, **top}
        ),
        mutated(json.dumps(AGREEMENT, indent=1)).map(lambda text: _loads_or_none(text)),
    )
)
def test_agreement_documents_parse_or_refuse(doc):
    from samenspel.agreements.document import DocumentError

    imports_or_refuses(lambda: _parse_agreement(doc), DocumentError, [])


def _loads_or_none(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


# --- Pabulib .pb -----------------------------------------------------------------------------------

PB = (TESTS / "budgeting" / "data" / "Netherlands_Assen_2024.pb").read_text()


@FUZZ
@given(text=st.one_of(mutated(PB), st.text(max_size=300)))
def test_pb_files_parse_or_refuse(text):
    from samenspel.budgeting.pbfile import PbFormatError, parse

    imports_or_refuses(lambda: parse(text), PbFormatError, [])


@pytest.fixture
def budget(wijk):
    from samenspel.budgeting.models import Budget

    return Budget.objects.create(
        place=wijk,
        title="Wijkbudget",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        amount_cents=10_000_000,
    )


@FUZZ
@given(text=mutated(PB))
def test_pb_rounds_import_or_refuse(budget, text):
    from samenspel.budgeting.exchange import import_pb
    from samenspel.budgeting.models import Ballot, Project, Round
    from samenspel.budgeting.pbfile import PbFormatError

    imports_or_refuses(
        lambda: import_pb(text, budget, None), (PbFormatError, ValidationError), [Round, Project, Ballot]
    )


# --- Open budget (CSV and XLSX) --------------------------------------------------------------------

BUDGET = """plaats;taakveld;omschrijving;begroot;realisatie;programma;beslist_door
WK001404;6.1;Buurthuis;1.234,56;1.200,00;Wijken;gemeente
oosterparkwijk;5.7;Groen;10.000;;Wijken;
-;0.4;Overhead;1000000;;;
GM0014;0.1;Raad;250,50;;;
WK001404;6.1;Wijkbudget;200.000,00;;;wijk
"""


def _xlsx(text: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _budget_models():
    from samenspel.finance.models import BudgetImport, BudgetLine

    return [BudgetLine, BudgetImport]


def test_the_budget_samples_import(wijk):
    from samenspel.finance.importing import import_budget

    import_budget(BUDGET.encode(), "b.csv", municipality=wijk.municipality, year=2026)
    import_budget(_xlsx(BUDGET), "b.xlsx", municipality=wijk.municipality, year=2027)


@FUZZ
@given(text=mutated(BUDGET))
def test_budget_csv_imports_or_refuses(wijk, text):
    from samenspel.finance.importing import ImportRefused, import_budget

    run = lambda: import_budget(  # noqa: E731
        text.encode("utf-8", "surrogatepass"), "b.csv", municipality=wijk.municipality, year=2026
    )
    imports_or_refuses(run, ImportRefused, _budget_models())


XLSX = _xlsx(BUDGET)


@FUZZ
@given(data=st.one_of(mutated_bytes(XLSX), mutated(BUDGET).map(_xlsx)))
def test_budget_xlsx_imports_or_refuses(wijk, data):
    from samenspel.finance.importing import ImportRefused, import_budget

    run = lambda: import_budget(data, "b.xlsx", municipality=wijk.municipality, year=2026)  # noqa: E731
    imports_or_refuses(run, ImportRefused, _budget_models())


# --- Sortition files, register extract, Polis votes -------------------------------------------------

FEATURES = (TESTS / "sortition" / "data" / "features.csv").read_text()
PEOPLE = (TESTS / "sortition" / "data" / "people.csv").read_text()


@FUZZ
@given(features=mutated(FEATURES, max_steps=2), people=mutated(PEOPLE, max_steps=2), seats=st.integers(-1, 8))
def test_sortition_files_load_or_refuse(features, people, seats):
    from samenspel.sortition.csvformat import load
    from samenspel.sortition.quotas import QuotaError

    imports_or_refuses(
        lambda: load(features, people, seats=seats, address_columns=["street", "postcode"]), QuotaError, []
    )


EXTRACT = "id,age,gender,buurt,address,name,postcode\n" + "".join(
    f"{i},{20 + i},{'v' if i % 2 else 'm'},Oost,Straat {i},Naam {i},9713AB\n" for i in range(1, 8)
)


@FUZZ
@given(data=st.one_of(mutated(EXTRACT), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_register_extracts_parse_or_refuse(data):
    from samenspel.sortition.register import parse_extract

    imports_or_refuses(lambda: parse_extract(data.encode("utf-8", "surrogatepass")), ValidationError, [])


VOTES = "\n".join(
    (TESTS / "deliberation" / "data" / "polis" / "15-per-hour-seattle" / "votes.csv").read_text().splitlines()[:40]
)


@FUZZ
@given(text=mutated(VOTES))
def test_polis_votes_read_or_refuse(text):
    from samenspel.deliberation.polis_csv import PolisCSVError, read_votes

    def run():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "votes.csv"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            read_votes(path)

    imports_or_refuses(run, PolisCSVError, [])
