"""The CBS import: good files land completely, bad files are refused completely, and every
problem names its file, line and cause."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from samenspel.core.models import AuditEntry
from samenspel.places.cbs_import import ImportProblem, ImportRefused, import_cbs
from samenspel.places.models import DataSource, IndicatorValue, Place, PlaceKind

GRONINGEN_CSV = "groningen_regions_2024.csv"
GRONINGEN_WIJKEN = "groningen_wijken_2024.geojson"
GRONINGEN_GEMEENTE = "groningen_gemeente_2024.geojson"
# In the fixtures: the CSV's header is line 1 and GM0014 line 2, so WK0014nn is on line
# nn + 3; the GeoJSON's first line opens the collection, so WK0014nn is on line nn + 2.
OOSTERPARK_CSV_LINE = 7
OOSTERPARK_CSV = "WK001404,wijk,Oosterparkwijk,GM0014,12970,6385,6585,7766,8733,165,149,16"
CENTRUM_GEOJSON_LINE = 2


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked in English; the site's default language is Dutch.
    with translation.override("en"):
        yield


def import_groningen(cbs_dir, **kwargs):
    boundaries = [cbs_dir / GRONINGEN_WIJKEN, cbs_dir / GRONINGEN_GEMEENTE]
    return import_cbs(cbs_dir / GRONINGEN_CSV, boundaries, **kwargs)


def changed_copy(tmp_path, cbs_dir, name, old, new, encoding="utf-8"):
    """The fixture file with one piece of text changed, saved under the same name."""
    text = (cbs_dir / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding=encoding)
    return path


def changed_feature(tmp_path, cbs_dir, name, line, geometry):
    """The fixture GeoJSON with the geometry of the feature on `line` replaced."""
    lines = (cbs_dir / name).read_text(encoding="utf-8").splitlines(keepends=True)
    feature = json.loads(lines[line - 1].rstrip().rstrip(","))
    feature["geometry"] = geometry
    lines[line - 1] = json.dumps(feature) + ",\n"
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def refused(regions, boundaries=(), **kwargs) -> list[str]:
    """Run an import that must be refused and must leave no trace; return the problems."""
    places_before = Place.objects.count()
    with pytest.raises(ImportRefused) as info:
        import_cbs(regions, list(boundaries), **kwargs)
    assert Place.objects.count() == places_before
    assert IndicatorValue.objects.count() == 0
    assert not DataSource.objects.exists()
    assert not AuditEntry.objects.filter(action="places.cbs.imported").exists()
    assert info.value.problems
    return [str(problem) for problem in info.value.problems]


# Good files


def test_imports_groningen_with_figures_and_boundaries(db, cbs_dir):
    report = import_groningen(cbs_dir)

    assert (report.year, report.created, report.updated) == (2024, 21, 0)
    assert report.values == 21 * 8
    assert report.boundaries == 21
    gemeente = Place.objects.get(cbs_code="GM0014")
    assert (gemeente.kind, gemeente.name, gemeente.slug, gemeente.parent) == (
        PlaceKind.MUNICIPALITY,
        "Groningen",
        "groningen",
        None,
    )
    wijken = Place.objects.filter(parent=gemeente)
    assert wijken.count() == 20
    assert set(wijken.values_list("kind", flat=True)) == {PlaceKind.WIJK}
    assert set(wijken.values_list("municipality", flat=True)) == {gemeente.pk}
    assert all(w.boundary and w.boundary["type"] == "Polygon" for w in wijken)
    assert gemeente.boundary["type"] == "Polygon"

    oosterpark = Place.objects.get(cbs_code="WK001404")
    assert (oosterpark.name, oosterpark.slug) == ("Oosterparkwijk", "oosterparkwijk")
    figures = {v.indicator: v.value for v in oosterpark.indicator_values.all()}
    assert figures["inhabitants"] == Decimal("12970")
    assert figures["dwellings"] == Decimal("7766")
    assert figures["area_water_ha"] == Decimal("16")
    assert Place.objects.get(cbs_code="WK001406").slug == "helpman-eo"

    source = DataSource.objects.get()
    assert source.key == "cbs-kwb-2024"
    assert source.title == "CBS, Kerncijfers wijken en buurten 2024"
    assert (source.publisher, source.table_code, source.licence) == ("CBS", "85984NED", "CC BY 4.0")
    assert source.url == "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85984NED/table"
    assert source.attribution == (
        "Bron: CBS, Kerncijfers wijken en buurten 2024 (tabel 85984NED), CC BY 4.0. "
        "Kaartgrenzen: © CBS/Kadaster (CBS gebiedsindelingen 2024, vereenvoudigd door "
        "cartomap/nl), CC BY 4.0."
    )
    sources = IndicatorValue.objects.values_list("source", "year").distinct()
    assert set(sources) == {(source.pk, 2024)}

    entry = AuditEntry.objects.get(action="places.cbs.imported")
    assert entry.data["created"] == 21
    assert entry.data["values"] == 168
    assert entry.data["boundaries"] == 21


def test_imports_westerkwartier_as_villages(db, cbs_dir):
    report = import_cbs(
        cbs_dir / "westerkwartier_regions_2024.csv",
        [cbs_dir / "westerkwartier_wijken_2024.geojson"],
        neighbourhood_kind="dorp",
    )

    assert report.created == 19
    gemeente = Place.objects.get(cbs_code="GM1969", kind=PlaceKind.MUNICIPALITY)
    dorpen = Place.objects.filter(parent=gemeente)
    assert dorpen.count() == 18
    assert set(dorpen.values_list("kind", flat=True)) == {PlaceKind.DORP}
    assert not dorpen.filter(boundary__isnull=True).exists()
    marum = Place.objects.get(cbs_code="WK196911")
    assert (marum.name, marum.slug) == ("Wijk 11 Marum", "wijk-11-marum")


def test_both_municipalities_side_by_side(db, cbs_dir):
    import_groningen(cbs_dir)
    import_cbs(cbs_dir / "westerkwartier_regions_2024.csv", [], neighbourhood_kind="dorp")

    assert Place.objects.count() == 21 + 19
    assert IndicatorValue.objects.count() == (21 + 19) * 8
    assert DataSource.objects.count() == 1


def test_reimport_changes_nothing(db, cbs_dir):
    import_groningen(cbs_dir)
    places = sorted(Place.objects.values_list("pk", "slug", "cbs_code", "parent"))
    values = sorted(IndicatorValue.objects.values_list("pk", "value"))

    report = import_groningen(cbs_dir)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 21)
    assert sorted(Place.objects.values_list("pk", "slug", "cbs_code", "parent")) == places
    assert sorted(IndicatorValue.objects.values_list("pk", "value")) == values
    assert DataSource.objects.count() == 1
    assert AuditEntry.objects.filter(action="places.cbs.imported").count() == 2


def test_reimport_renames_but_keeps_the_slug(db, cbs_dir, tmp_path):
    import_groningen(cbs_dir)
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, ",Oosterparkwijk,", ",Oosterpark,")

    report = import_cbs(csv, [])

    assert (report.created, report.updated, report.unchanged) == (0, 1, 20)
    oosterpark = Place.objects.get(cbs_code="WK001404")
    assert (oosterpark.name, oosterpark.slug) == ("Oosterpark", "oosterparkwijk")


def test_suppressed_figure_is_skipped(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, OOSTERPARK_CSV, OOSTERPARK_CSV.replace(",7766,", ",,"))

    report = import_cbs(csv, [])

    assert report.values == 21 * 8 - 1
    oosterpark = Place.objects.get(cbs_code="WK001404")
    assert not oosterpark.indicator_values.filter(indicator="dwellings").exists()
    assert oosterpark.indicator_values.get(indicator="inhabitants").value == 12970


def test_suppressed_figure_removes_the_same_years_old_value(db, cbs_dir, tmp_path):
    import_groningen(cbs_dir)
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, OOSTERPARK_CSV, OOSTERPARK_CSV.replace(",7766,", ",,"))

    import_cbs(csv, [])

    oosterpark = Place.objects.get(cbs_code="WK001404")
    assert not oosterpark.indicator_values.filter(indicator="dwellings").exists()


def test_utf8_with_byte_order_mark_is_fine(db, cbs_dir, tmp_path):
    csv = tmp_path / GRONINGEN_CSV
    csv.write_text((cbs_dir / GRONINGEN_CSV).read_text(encoding="utf-8"), encoding="utf-8-sig")

    assert import_cbs(csv, []).created == 21


def test_year_from_argument_and_file_name(db, cbs_dir, tmp_path):
    assert import_cbs(cbs_dir / GRONINGEN_CSV, [], year=2023).year == 2023
    assert DataSource.objects.filter(key="cbs-kwb-2023").exists()

    nameless = tmp_path / "groningen.csv"
    nameless.write_text((cbs_dir / GRONINGEN_CSV).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        import_cbs(nameless, [])
    assert "no year given" in str(info.value.problems[0])


def test_existing_places_are_matched_by_code(db, cbs_dir, wijk):
    # The conftest wijk is Oosterparkwijk (WK001404) in Groningen (GM0014).
    import_groningen(cbs_dir)

    assert Place.objects.count() == 21
    wijk.refresh_from_db()
    assert wijk.indicator_values.get(indicator="inhabitants").value == 12970
    assert wijk.boundary is not None


def test_wijk_in_a_district_of_its_own_stays_there(db, cbs_dir, wijk, municipality):
    # Municipalities may group wijken into gebieden CBS does not know; that is no conflict.
    gebied = Place.objects.create(kind=PlaceKind.DISTRICT, name="Oost", slug="oost", parent=municipality)
    wijk.parent = gebied
    wijk.save()

    import_groningen(cbs_dir)

    wijk.refresh_from_db()
    assert wijk.parent == gebied


def test_new_municipality_slug_gets_a_suffix_when_taken(db, cbs_dir):
    Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen")

    import_cbs(cbs_dir / GRONINGEN_CSV, [])

    assert Place.objects.get(cbs_code="GM0014").slug == "groningen-2"


def test_buurt_is_imported_under_its_wijk(db, cbs_dir, tmp_path):
    csv = tmp_path / "buurten_2024.csv"
    csv.write_text(
        "code,kind,name,parent_code,inhabitants\n"
        "GM0014,gemeente,Groningen,,243768\n"
        "WK001404,wijk,Oosterparkwijk,GM0014,12970\n"
        "BU00140400,buurt,Buurt 00,WK001404,\n",
        encoding="utf-8",
    )

    import_cbs(csv, [])

    buurt = Place.objects.get(cbs_code="BU00140400")
    assert buurt.kind == PlaceKind.BUURT
    assert buurt.parent.cbs_code == "WK001404"
    assert buurt.municipality.cbs_code == "GM0014"


def test_command_imports_and_reports(db, cbs_dir):
    out = io.StringIO()
    call_command(
        "import_cbs",
        str(cbs_dir / "westerkwartier_regions_2024.csv"),
        str(cbs_dir / "westerkwartier_wijken_2024.geojson"),
        "--kind",
        "dorp",
        stdout=out,
    )

    assert out.getvalue().strip() == (
        "Imported CBS figures for 2024: 19 places created, 0 updated, 0 unchanged; 152 figures and 18 boundaries."
    )
    assert Place.objects.filter(kind=PlaceKind.DORP).count() == 18


# Bad files: each names the file, line and problem, and nothing is imported


def test_problem_reads_as_file_line_message():
    problem = ImportProblem("groningen_regions_2024.csv", 7, "unknown parent code GM9999")
    assert str(problem) == "groningen_regions_2024.csv, line 7: unknown parent code GM9999"
    assert str(ImportProblem("x.geojson", None, "oops")) == "x.geojson: oops"


def test_missing_column(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "code,kind,name,parent_code,", "code,name,")

    assert refused(csv) == ["groningen_regions_2024.csv, line 1: missing column(s): kind, parent_code"]


def test_code_with_a_bad_pattern(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "WK001404,", "WK01404,")

    [problem] = refused(csv)
    assert problem.startswith(f"groningen_regions_2024.csv, line {OOSTERPARK_CSV_LINE}: ")
    assert "unknown code “WK01404”" in problem


def test_code_that_does_not_match_its_kind(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "WK001404,wijk,", "WK001404,gemeente,")

    problems = refused(csv)
    assert (
        f"groningen_regions_2024.csv, line {OOSTERPARK_CSV_LINE}: code WK001404 is not the code of a gemeente"
    ) in problems


def test_unknown_parent(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "Oosterparkwijk,GM0014,", "Oosterparkwijk,GM9999,")

    assert refused(csv) == ["groningen_regions_2024.csv, line 7: unknown parent code GM9999"]


def test_parent_of_the_wrong_kind(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "Oosterparkwijk,GM0014,", "Oosterparkwijk,WK001400,")

    assert refused(csv) == [
        "groningen_regions_2024.csv, line 7: a wijk must be part of a gemeente, but WK001400 is a wijk"
    ]


def test_wijk_code_outside_its_gemeente(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "WK001404,", "WK196904,")

    assert refused(csv) == [
        "groningen_regions_2024.csv, line 7: code WK196904 does not lie in GM0014 (the digits differ)"
    ]


def test_duplicate_code(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "WK001405,", "WK001404,")

    assert refused(csv) == ["groningen_regions_2024.csv, line 8: duplicate code WK001404 (also on line 7)"]


def test_existing_place_under_another_parent(db, cbs_dir):
    elsewhere = Place.objects.create(
        kind=PlaceKind.MUNICIPALITY,
        name="Westerkwartier",
        slug="westerkwartier",
        cbs_code="GM1969",
    )
    Place.objects.create(
        kind=PlaceKind.WIJK, name="Oosterparkwijk", slug="oosterparkwijk", cbs_code="WK001404", parent=elsewhere
    )

    problems = refused(cbs_dir / GRONINGEN_CSV)
    assert problems == [
        "groningen_regions_2024.csv, line 7: WK001404 is part of GM1969 in Samenspel, but this "
        "file puts it in GM0014; move it by hand first if that is right"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",12970,", ",-12970,", "inhabitants is negative: -12970"),
        (",12970,", ",12.970,5,", None),  # a Dutch decimal comma adds a field
        (",12970,", ",veel,", "inhabitants is not a number: “veel”"),
        (",8733,", ",NaN,", "population_density_per_km2 is not a number: “NaN”"),
    ],
)
def test_bad_figure(db, cbs_dir, tmp_path, old, new, message):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, OOSTERPARK_CSV, OOSTERPARK_CSV.replace(old, new))

    [problem] = refused(csv)
    assert problem.startswith(f"groningen_regions_2024.csv, line {OOSTERPARK_CSV_LINE}: ")
    assert problem.endswith(message or "this row has 13 fields, the header has 12")


def test_empty_name(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, ",Oosterparkwijk,", ",  ,")

    assert refused(csv) == ["groningen_regions_2024.csv, line 7: the name is empty"]


def test_latin1_file(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, ",Helpman e.o.,", ",Hélpman e.o.,", encoding="latin-1")

    [problem] = refused(csv)
    # WK001406 is on line 9.
    assert problem.startswith("groningen_regions_2024.csv, line 9: the file is not UTF-8")
    assert "Latin-1/Windows-1252" in problem


def test_every_problem_is_reported_at_once(db, cbs_dir, tmp_path):
    text = (cbs_dir / GRONINGEN_CSV).read_text(encoding="utf-8")
    text = text.replace("Oosterparkwijk,GM0014,", "Oosterparkwijk,GM9999,")
    text = text.replace(",Centrum,GM0014,24920,", ",Centrum,GM0014,-1,")
    csv = tmp_path / GRONINGEN_CSV
    csv.write_text(text, encoding="utf-8")
    wijken = changed_copy(tmp_path, cbs_dir, GRONINGEN_WIJKEN, '"statcode":"WK001402"', '"statcode":"WK001499"')

    assert refused(csv, [wijken]) == [
        "groningen_regions_2024.csv, line 3: inhabitants is negative: -1",
        "groningen_regions_2024.csv, line 7: unknown parent code GM9999",
        "groningen_wijken_2024.geojson, line 4: unknown code WK001499: it is not in the regions file nor in Samenspel",
    ]


def test_geojson_code_not_in_the_regions(db, cbs_dir, tmp_path):
    wijken = changed_copy(tmp_path, cbs_dir, GRONINGEN_WIJKEN, '"statcode":"WK001404"', '"statcode":"WK001499"')

    assert refused(cbs_dir / GRONINGEN_CSV, [wijken]) == [
        "groningen_wijken_2024.geojson, line 6: unknown code WK001499: it is not in the regions file nor in Samenspel"
    ]


def test_geojson_of_another_municipality(db, cbs_dir):
    problems = refused(cbs_dir / GRONINGEN_CSV, [cbs_dir / "westerkwartier_wijken_2024.geojson"])

    assert len(problems) == 18
    assert problems[0] == (
        "westerkwartier_wijken_2024.geojson, line 2: unknown code WK196900: it is not in the "
        "regions file nor in Samenspel"
    )


def test_geojson_code_already_in_samenspel_is_known(db, cbs_dir):
    import_cbs(cbs_dir / GRONINGEN_CSV, [])

    # The regions file is another municipality, but the boundary's place exists already.
    report = import_cbs(cbs_dir / "westerkwartier_regions_2024.csv", [cbs_dir / GRONINGEN_GEMEENTE])

    assert report.boundaries == 1
    assert Place.objects.get(cbs_code="GM0014").boundary is not None


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [6.571, 53.227],
                        [6.56, 53.228],
                        [6.556, 53.214],
                        [6.571, 53.211],
                        [6.58, 53.217],
                        [6.571, 53.226],
                    ]
                ],
            },
            "geometry of WK001400: a ring is not closed (first and last position differ)",
        ),
        (
            # A bow-tie: the edges cross in the middle.
            {
                "type": "Polygon",
                "coordinates": [[[6.55, 53.21], [6.58, 53.23], [6.58, 53.21], [6.55, 53.23], [6.55, 53.21]]],
            },
            "geometry of WK001400: invalid polygon: Self-intersection",
        ),
        (
            {"type": "Point", "coordinates": [6.571, 53.227]},
            "geometry of WK001400: geometry type 'Point' is not a Polygon or MultiPolygon",
        ),
        (None, "geometry of WK001400: geometry is missing"),
    ],
)
def test_broken_geometry(db, cbs_dir, tmp_path, geometry, message):
    wijken = changed_feature(tmp_path, cbs_dir, GRONINGEN_WIJKEN, CENTRUM_GEOJSON_LINE, geometry)

    [problem] = refused(cbs_dir / GRONINGEN_CSV, [wijken])
    assert problem.startswith(f"groningen_wijken_2024.geojson, line {CENTRUM_GEOJSON_LINE}: ")
    assert problem.split(": ", 1)[1].startswith(message)


def test_feature_without_statcode(db, cbs_dir, tmp_path):
    wijken = changed_copy(tmp_path, cbs_dir, GRONINGEN_WIJKEN, '"statcode":"WK001402",', "")

    assert refused(cbs_dir / GRONINGEN_CSV, [wijken]) == [
        "groningen_wijken_2024.geojson: feature 3 has no properties.statcode"
    ]


def test_broken_json(db, cbs_dir, tmp_path):
    wijken = changed_copy(tmp_path, cbs_dir, GRONINGEN_WIJKEN, '"statcode":"WK001402"', '"statcode":WK001402"')

    [problem] = refused(cbs_dir / GRONINGEN_CSV, [wijken])
    assert problem.startswith("groningen_wijken_2024.geojson, line 4: this is not valid JSON")


def test_not_a_feature_collection(db, cbs_dir, tmp_path):
    path = tmp_path / "geometry.geojson"
    path.write_text('{"type": "Polygon", "coordinates": []}', encoding="utf-8")

    assert refused(cbs_dir / GRONINGEN_CSV, [path]) == ["geometry.geojson: this is not a GeoJSON FeatureCollection"]


def test_missing_file(db, cbs_dir, tmp_path):
    problems = refused(cbs_dir / GRONINGEN_CSV, [tmp_path / "nowhere.geojson"])

    assert problems == ["nowhere.geojson: cannot be read: No such file or directory"]


def test_command_refuses_and_lists_every_problem(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, "Oosterparkwijk,GM0014,", "Oosterparkwijk,GM9999,")
    err = io.StringIO()

    with pytest.raises(CommandError, match=r"^Import refused: 1 problem; nothing was imported\.$"):
        call_command("import_cbs", str(csv), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == ["groningen_regions_2024.csv, line 7: unknown parent code GM9999"]
    assert not Place.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_problems_are_listed_file_by_file_and_line_by_line(db, cbs_dir, tmp_path):
    csv = changed_copy(tmp_path, cbs_dir, GRONINGEN_CSV, ",Centrum,GM0014,24920,", ",Centrum,GM9999,-1,")
    wijken = changed_feature(tmp_path, cbs_dir, GRONINGEN_WIJKEN, 5, None)
    gemeente = changed_copy(tmp_path, cbs_dir, GRONINGEN_GEMEENTE, '"statcode":"GM0014"', '"statcode":"GM0015"')
    wijken.write_text(wijken.read_text(encoding="utf-8").replace('"WK001401"', '"WK001499"', 1), encoding="utf-8")

    problems = refused(csv, [wijken, gemeente])
    assert [p.split(":")[0] for p in problems] == [
        "groningen_regions_2024.csv, line 3",
        "groningen_regions_2024.csv, line 3",
        "groningen_wijken_2024.geojson, line 3",
        "groningen_wijken_2024.geojson, line 5",
        "groningen_gemeente_2024.geojson, line 2",
    ]
