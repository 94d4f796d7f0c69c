"""Speed and memory of turning rows into files (core/exports.py), no database: 5,000 and
20,000 rows shaped like the idea broker's case list (15 columns: text, dates, money, counts),
written as streamed CSV, as XLSX (openpyxl write-only) and as JSON records.

Prints rows per second and the peak memory Python allocated (tracemalloc); asserts nothing.
Streaming CSV should stay flat in memory whatever the number of rows; XLSX and JSON are built
whole. Usage: python benchmarks/exports.py [rows ...]"""

import datetime
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.settings")

import django  # noqa: E402

django.setup()

from samenspel.core import exports  # noqa: E402
from samenspel.core.exports import Column, Kind  # noqa: E402

COLUMNS = [
    Column("id", "ID", kind=Kind.INTEGER),
    Column("place", "Place"),
    Column("buurt", "Buurt"),
    Column("title", "Title"),
    Column("kind", "Kind"),
    Column("status", "Status"),
    Column("initiator", "Initiator"),
    Column("channel", "Channel"),
    Column("broker", "Broker"),
    Column("due", "First contact due", kind=Kind.DATE),
    Column("contact", "First contact on", kind=Kind.DATE),
    Column("supporters", "Supporters", kind=Kind.INTEGER),
    Column("amount", "Amount", kind=Kind.MONEY),
    Column("hidden", "Hidden", kind=Kind.BOOLEAN),
    Column("updated", "Last change", kind=Kind.DATETIME),
]


def rows(n: int):
    day = datetime.date(2026, 1, 1)
    moment = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)
    for i in range(n):
        yield {
            "id": i,
            "place": "Oosterparkwijk",
            "buurt": "Oosterpark-Oost",
            "title": f"Een moestuin achter school nummer {i}" if i % 97 else "=HYPERLINK(1)",
            "kind": "idee",
            "status": "in gesprek",
            "initiator": "Anouk",
            "channel": "online",
            "broker": "Fatima",
            "due": day + datetime.timedelta(days=i % 300),
            "contact": None if i % 3 else day,
            "supporters": i % 50,
            "amount": 125_050 + i,
            "hidden": i % 11 == 0,
            "updated": moment + datetime.timedelta(minutes=i),
        }


def measure(label, n, produce):
    """Time without tracing (tracemalloc slows Python down several times), then the peak
    memory in a second, traced run."""
    start = time.perf_counter()
    size = produce()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    produce()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  {label:<5} {n:>7} rows  {seconds:6.2f} s  {n / seconds:>9,.0f} rows/s  "
        f"file {size / 1e6:6.1f} MB  peak memory {peak / 1e6:6.1f} MB"
    )


def main(sizes):
    print("Exports (core/exports.py), 15 columns, no database")
    for n in sizes:
        measure("csv", n, lambda n=n: sum(len(piece.encode()) for piece in exports.iter_csv(COLUMNS, rows(n))))
        measure("xlsx", n, lambda n=n: len(exports.xlsx_bytes(COLUMNS, rows(n), title="Ideeën")))
        measure("json", n, lambda n=n: len(str(exports.json_records(COLUMNS, rows(n))).encode()))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5_000, 20_000])
