"""Background tasks (django-tasks, database backend): the selection's distribution can take
minutes for a large pool, so it runs in the task worker (`samenspel db_worker`) and stores
its progress on the Selection, which the official's page shows as a progress bar."""

from django_tasks import task


@task()
def compute_selection(selection_id: int) -> str:
    from .services import compute

    return compute(selection_id)
