"""The idea search's trigram indexes (migration 0003) on PostgreSQL."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_the_search_columns_have_trigram_indexes_the_planner_uses():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'initiatives_idea'")
        names = {row[0] for row in cursor.fetchall()}
        assert {"initiatives_idea_title_trgm", "initiatives_idea_description_trgm"} <= names
        # With sequential scans priced out, the search's own condition is answered from the indexes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM initiatives_idea WHERE UPPER(title::text) LIKE UPPER(%s) "
            "OR UPPER(description::text) LIKE UPPER(%s)",
            ["%groen%", "%groen%"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "initiatives_idea_title_trgm" in plan and "initiatives_idea_description_trgm" in plan
