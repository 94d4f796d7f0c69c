"""Trigram indexes for the idea list's search (on PostgreSQL only).

The search is a substring match (`icontains`: UPPER(column) LIKE '%…%'), which without an index
reads every idea's description: 60-70 ms for a count and as much again for the page at 20,000
ideas (benchmarks/load.py). A GIN index with pg_trgm's operator class answers the same query
in a few milliseconds. pg_trgm is a trusted extension (PostgreSQL 13+), so the app's own
database user may create it. Where it may not, the migration goes on without the indexes and
says so: the search still works, only slower."""

import sys

from django.db import migrations, transaction

INDEXES = {
    "initiatives_idea_title_trgm": "UPPER(title::text)",
    "initiatives_idea_description_trgm": "UPPER(description::text)",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias), schema_editor.connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - any refusal: go on without the indexes
        sys.stderr.write(f"  Without pg_trgm ({error}): the idea search works, without its indexes.\n")
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON initiatives_idea USING gin ({expression} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_reference_data")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
