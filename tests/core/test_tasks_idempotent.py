"""The project's background tasks may run twice: a worker can die after the task stored its
result but before django-tasks marked it done, and `samenspel worker` then runs it again."""

from samenspel.core.models import AuditEntry
from samenspel.sortition import services
from samenspel.sortition.models import TaskState
from tests.sortition.draw_helpers import *  # noqa: F403 - the draw fixtures
from tests.sortition.draw_helpers import pool


def test_a_sortition_calculation_run_again_changes_nothing(draw, official):
    pool(draw, official, yes=30)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="Staatsloterij, 10 januari 2026")
    selection.refresh_from_db()
    assert selection.task_state == TaskState.DONE
    computed = AuditEntry.objects.filter(action="sortition.selection.computed").count()
    assert computed == 1

    assert services.compute(selection.pk) == TaskState.DONE  # the task, once more

    selection.refresh_from_db()
    assert AuditEntry.objects.filter(action="sortition.selection.computed").count() == computed
    assert selection.task_state == TaskState.DONE
    assert selection.distribution["committees"]


def test_a_calculation_cut_off_while_running_is_done_again(draw, official):
    pool(draw, official, yes=30)
    services.calculate_quotas(user=official, draw=draw)
    selection = services.start_selection(user=official, draw=draw, seed_source="Staatsloterij, 10 januari 2026")
    # As a killed worker leaves it: running, without a result.
    type(selection).objects.filter(pk=selection.pk).update(task_state=TaskState.RUNNING, distribution={})

    assert services.compute(selection.pk) == TaskState.DONE

    selection.refresh_from_db()
    assert selection.distribution["committees"]
