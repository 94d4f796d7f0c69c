"""Background work: recomputing a conversation's opinion map as votes come in.

`services.request_map` queues `recompute_map` after the voting transaction commits, and only
when no recompute is waiting for that conversation yet (debounce). The task clears the mark
before it computes, so votes that arrive during the computation queue exactly one more."""

from django_tasks import task

from .models import Conversation


@task()
def recompute_map(conversation_id: int) -> int:
    """Recompute and store the map; returns the number of votes it was computed from."""
    from . import services

    services.clear_map_request(conversation_id)
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return 0
    services.compute_map(conversation)
    return conversation.map_votes
