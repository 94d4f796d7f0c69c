"""Importing budget lines: all or nothing, every refusal with its row and reason."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from samenspel.core.models import AuditEntry
from samenspel.finance import services
from samenspel.finance.importing import ImportRefused, import_budget
from samenspel.finance.models import BudgetImport, BudgetLine

from .conftest import csv_bytes, xlsx_bytes

GOOD = """
plaats;taakveld;omschrijving;begroot;realisatie;programma;beslist_door
WK001404;6.1;Buurthuis;1.234,56;1.200,00;Wijken;gemeente
Oosterparkwijk;5.7;Groen;10.000;;Wijken;
oosterpark-noord;2.1;Straatverlichting;500;;;
-;0.4;Overhead;1000000;;;
GM0014;0.1;Raad;250,50;;;
WK001404;6.1;Wijkbudget;200.000,00;;;wijk
;TOTAAL;;1.211.985,06;1.200,00;;
"""


@pytest.fixture
def places(municipality, wijk, buurt):
    return {"municipality": municipality, "wijk": wijk, "buurt": buurt}


def test_a_good_csv_is_imported_with_every_line_audited(places, official):
    report = import_budget(
        csv_bytes(GOOD), "begroting.csv", municipality=places["municipality"], year=2026, actor=official
    )
    assert (report.rows, report.created, report.updated) == (6, 6, 0)
    assert report.total_planned_cents == 121198506
    lines = {line.description: line for line in BudgetLine.objects.all()}
    assert lines["Buurthuis"].planned_cents == 123456
    assert lines["Buurthuis"].realised_cents == 120000
    assert lines["Groen"].planned_cents == 1000000
    assert lines["Groen"].realised_cents is None
    assert lines["Straatverlichting"].place == places["buurt"]
    assert lines["Overhead"].place is None
    assert lines["Raad"].place == places["municipality"]
    assert lines["Wijkbudget"].decided_by == "neighbourhood"
    assert BudgetImport.objects.get().sha256
    assert AuditEntry.objects.filter(action="finance.line.imported").count() == 6
    assert AuditEntry.objects.filter(action="finance.budget.imported").count() == 1


def _refused(places, text, **kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        import_budget(csv_bytes(text), "b.csv", municipality=places["municipality"], year=2026, **kwargs)
    assert BudgetLine.objects.count() == 0, "nothing may be imported"
    assert BudgetImport.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="finance.").exists()
    return [str(p) for p in refused.value.problems]


def test_unknown_taakveld_place_and_bad_amounts_are_refused_with_row_and_reason(places):
    problems = _refused(
        places,
        """
place,taakveld,description,planned,realised
WK001404,6.1,Goed,100,
WK001404,9.9,Onbekend taakveld,100,
Atlantis,6.1,Onbekende plaats,100,
WK001404,6.1,Geen bedrag,,
WK001404,6.1,Negatief,-5,
WK001404,6.1,Drie decimalen,"1,234",
WK001404,6,Hoofdtaakveld,100,
WK001404,6.1,Slechte realisatie,100,veel
""",
    )
    assert problems == [
        "row 3: unknown taakveld “9.9”",
        "row 4: unknown place “Atlantis” in this municipality",
        "row 5: planned amount: no amount given",
        "row 6: planned amount: amounts cannot be negative",
        "row 7: planned amount: “1,234” has more than two decimals",
        "row 8: “6” is a main heading, not a taakveld: use one of its taakvelden, e.g. 6.1",
        "row 9: realised amount: “veel” is not an amount in euro",
    ]


def test_totals_that_do_not_match_the_stated_total_are_refused(places):
    problems = _refused(
        places,
        """
place;taakveld;description;planned;realised
WK001404;6.1;Een;100,00;90,00
WK001404;5.7;Twee;50,00;50,00
;TOTAAL;;150,01;140,00
""",
    )
    assert problems == ["row 4: the planned amounts add up to 150.00, but the total row says 150.01"]
    problems = _refused(
        places,
        """
place;taakveld;description;planned;realised
WK001404;6.1;Een;100,00;90,00
;TOTAAL;;100,00;95,00
""",
    )
    assert problems == ["row 3: the realised amounts add up to 90.00, but the total row says 95.00"]


def test_a_matching_total_row_and_a_given_total_pass_a_wrong_given_total_fails(places):
    text = """
place;taakveld;description;planned
WK001404;6.1;Een;100,00
;TOTAAL;;100,00
"""
    problems = _refused(places, text, stated_total_cents=20000)
    assert problems == ["the planned amounts add up to 100.00, not to the total of 200.00 you gave"]
    report = import_budget(
        csv_bytes(text), "b.csv", municipality=places["municipality"], year=2026, stated_total_cents=10000
    )
    assert report.created == 1


def test_file_level_problems(places):
    assert _refused(places, "omschrijving;begroot\nA;1") == [
        "row 1: the header row lacks the column(s) place, taakveld"
    ]
    assert _refused(places, "place;taakveld;description;planned") == ["the file has no budget lines"]
    with pytest.raises(ImportRefused) as refused:
        import_budget(b"x", "begroting.pdf", municipality=places["municipality"], year=2026)
    assert "only CSV" in str(refused.value.problems[0])
    with pytest.raises(ImportRefused):
        import_budget(b"not a zip", "begroting.xlsx", municipality=places["municipality"], year=2026)


def test_duplicate_rows_wrong_year_and_neighbourhood_deciding_city_money(places):
    problems = _refused(
        places,
        """
place;taakveld;description;planned;year;decided_by
WK001404;6.1;Een;100;2026;
WK001404;6.1;Een;100;2026;
WK001404;5.7;Twee;100;2025;
;0.4;Drie;100;;wijk
WK001404;5.7;Vier;100;;iedereen
""",
    )
    assert problems == [
        "row 3: the same line as row 2",
        "row 4: the year is 2025, not 2026",
        "row 5: only a line of a neighbourhood, village or buurt can be decided by the neighbourhood",
        "row 6: “iedereen” is not who decides: write gemeente or wijk",
    ]


def test_xlsx_with_numbers_and_a_float_taakveld(places):
    rows = [
        ["place", "taakveld", "description", "planned", "realised"],
        ["WK001404", "6.1", "Buurthuis", 1234.56, 1200],
        ["WK001404", 5.7, "Groen", 100000, None],
    ]
    report = import_budget(xlsx_bytes(rows), "b.xlsx", municipality=places["municipality"], year=2026)
    assert report.created == 2
    assert BudgetLine.objects.get(description="Buurthuis").planned_cents == 123456
    assert BudgetLine.objects.get(description="Groen").taakveld.code == "5.7"
    BudgetLine.objects.all().delete()
    BudgetImport.objects.all().delete()
    # 0.10 typed as a number arrives as 0.1: ambiguous, refused.
    rows = [["place", "taakveld", "description", "planned"], ["", 0.1, "Mutaties reserves", 100]]
    with pytest.raises(ImportRefused) as refused:
        import_budget(xlsx_bytes(rows), "b.xlsx", municipality=places["municipality"], year=2026)
    assert "format the taakveld column as text" in str(refused.value.problems[0])
    assert BudgetLine.objects.count() == 0


def test_reimport_updates_lines_audits_the_change_and_keeps_money_moved_out(places, official, approved):
    municipality = places["municipality"]
    year = approved.line.year
    text = """
place;taakveld;description;planned;realised
WK001404;5.7;Onderhoud openbaar groen;50.000;
WK001404;6.1;Nieuw;100;
"""
    # the challengers' agreement moves € 18.000 out of the green line
    services.save_agreement(
        user=official,
        challenge=approved.challenge,
        tasks="Maaien",
        result="Schoon park",
        budget_cents=1_800_000,
        source_line=approved.line,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year + 1, 12, 31),
    )
    services.conclude_agreement(user=official, challenge=approved.challenge)
    approved.line.refresh_from_db()
    assert approved.line.planned_cents == 3_200_000
    report = import_budget(csv_bytes(text), "b.csv", municipality=municipality, year=year, actor=official)
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)
    text = text.replace("50.000;", "60.000;45.000")
    report = import_budget(csv_bytes(text), "b.csv", municipality=municipality, year=year, actor=official)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    approved.line.refresh_from_db()
    assert approved.line.planned_cents == 4_200_000  # 60.000 minus the 18.000 moved out
    assert approved.line.realised_cents == 4_500_000
    entry = AuditEntry.objects.filter(action="finance.line.updated").get()
    assert entry.data["before"]["planned"] == 3_200_000 and entry.data["after"]["planned"] == 4_200_000
    # the challengers' own line is never touched by an import
    assert BudgetLine.objects.filter(challenge=approved.challenge, planned_cents=1_800_000).exists()


def test_command_imports_and_refuses(places, tmp_path, official):
    good = tmp_path / "begroting.csv"
    good.write_bytes(csv_bytes(GOOD))
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        call_command(
            "import_budget",
            str(good),
            "--municipality",
            "groningen",
            "--year",
            "2026",
            "--as",
            official.email,
            stdout=handle,
        )
    assert "6 budget lines" in out.read_text()
    assert BudgetImport.objects.get().imported_by == official
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes("place;taakveld;description;planned\nWK001404;9.9;X;1\nWK001404;6.1;Y;1\n"))
    err = tmp_path / "err.txt"
    with err.open("w") as handle, pytest.raises(CommandError):
        call_command("import_budget", str(bad), "--municipality", "groningen", "--year", "2027", stderr=handle)
    assert "fout.csv, row 2: unknown taakveld “9.9”" in err.read_text()
    assert not BudgetLine.objects.filter(year=2027).exists()
    with pytest.raises(CommandError, match="No municipality"):
        call_command("import_budget", str(good), "--municipality", "atlantis", "--year", "2026")
