"""Reading the sortition-algorithms file format; errors name the file and the row."""

from pathlib import Path

import pytest

from samenspel.sortition.csvformat import CsvError, load, read_features, read_people
from samenspel.sortition.quotas import Quota, QuotaError

DATA = Path(__file__).parent / "data"
FEATURES = "feature,value,min,max\ngender,woman,1,2\ngender,man,1,2\nage,young,0,2\nage,old,1,3\n"
PEOPLE = (
    "id,name,gender,age,street,postcode\n1,Ann,woman,young,Lindenstraat 1,1093AB\n"
    "2,Bob,man,old,Lindenstraat 1 ,1093ab\n3,Cor,Man,OLD,,\n4,Dee,woman,old,Esdoornlaan 2,1093AC\n"
)


def test_reads_the_shipped_example():
    pool = load(
        (DATA / "features.csv").read_text(),
        (DATA / "people.csv").read_text(),
        seats=5,
        address_columns=["street", "postcode"],
    )
    assert len(pool.people) == 28
    assert len(pool.quotas) == 8 and pool.quotas[0] == Quota("gender", "woman", 2, 3)
    assert pool.quota_rows[0] == 2
    assert "name" not in pool.people["r01"]
    shared = [pid for pid, key in pool.households.items() if list(pool.households.values()).count(key) > 1]
    assert len(shared) >= 2


def test_values_and_addresses_are_matched_without_case_and_spaces():
    quotas, _ = read_features(FEATURES)
    people, households, rows = read_people(PEOPLE, quotas, address_columns=["street", "postcode"])
    assert people["3"] == {"gender": "man", "age": "old"}
    assert households["1"] == households["2"]
    assert "3" not in households  # no address: alone
    assert rows == {"1": 2, "2": 3, "3": 4, "4": 5}


def test_old_headers_and_flex_columns_are_accepted():
    quotas, rows = read_features("category,name,min,max,min_flex,max_flex\ngender,woman,1,2,0,5\n")
    assert quotas == [Quota("gender", "woman", 1, 2)] and rows == [2]


@pytest.mark.parametrize(
    ("features", "people", "row", "message", "file"),
    [
        ("feature,value,min\ngender,woman,1\n", PEOPLE, 1, "'max' is missing", "features.csv"),
        ("feature,value,min,max\ngender,woman,one,2\n", PEOPLE, 2, "whole number", "features.csv"),
        ("feature,value,min,max\ngender,woman,1,2\ngender,woman,1,2\n", PEOPLE, 3, "given twice", "features.csv"),
        ("feature,value,min,max\ngender,woman,3,2\n", PEOPLE, 2, "above max", "features.csv"),
        ("", PEOPLE, 1, "empty", "features.csv"),
        (FEATURES, "id,gender\n1,woman\n", 1, "'age' is missing", "people.csv"),
        (FEATURES, PEOPLE.replace("Cor,Man,OLD", "Cor,Man,ancient"), 4, "'ancient' is not one of", "people.csv"),
        (FEATURES, PEOPLE + "2,Eve,woman,old,,\n", 6, "used twice", "people.csv"),
        (FEATURES, PEOPLE + ",Eve,woman,old,,\n", 6, "id is empty", "people.csv"),
        (
            FEATURES.replace("\ngender,man,1,2", "\ngender,man,0,0"),
            PEOPLE,
            2,
            "maximums for gender add up to 2",
            "features.csv",
        ),
        (FEATURES.replace("young,0,2", "young,2,2"), PEOPLE, 4, "only 1 person has this value", "features.csv"),
    ],
)
def test_errors_name_the_file_and_row(features, people, row, message, file):
    with pytest.raises(CsvError) as caught:
        load(
            features,
            people,
            seats=4,
            address_columns=["street"],
            features_file="features.csv",
            people_file="people.csv",
        )
    error = caught.value
    assert isinstance(error, QuotaError)
    assert error.row == row
    assert message in str(error)
    assert str(error).startswith(f"{file}, row {row}: ")


def test_semicolon_files_from_a_dutch_spreadsheet():
    people, _, _ = read_people("id;gender;age\n1;woman;young\n2;man;old\n", read_features(FEATURES)[0])
    assert people["2"] == {"gender": "man", "age": "old"}
