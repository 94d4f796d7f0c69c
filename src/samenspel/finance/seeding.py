"""Loads the Iv3 taakvelden (data/iv3_taakvelden.csv) into the database. Runs from a data
migration, so every installation starts with them, and from the demo loader (browser tests
flush the database). Never overwrites what a municipality changed; adds what is missing."""

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data" / "iv3_taakvelden.csv"


def read_taakvelden() -> list[dict]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return [
            {"code": row["code"].strip(), "name": row["name"].strip(), "main_code": row["main_code"].strip()}
            for row in csv.DictReader(handle)
        ]


def load_taakvelden(apps=None) -> int:
    """Insert the taakvelden that are missing, by code. `apps` is a migration's app registry,
    or None for the live models. Returns how many were added."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Taakveld = apps.get_model("finance", "Taakveld")
    existing = set(Taakveld.objects.values_list("code", flat=True))
    missing = [
        Taakveld(code=row["code"], name=row["name"], main_code=row["main_code"], order=(i + 1) * 10)
        for i, row in enumerate(read_taakvelden())
        if row["code"] not in existing
    ]
    Taakveld.objects.bulk_create(missing)
    return len(missing)
