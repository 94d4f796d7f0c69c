"""What happened in a wijk in a period: the content of the wijkkrant and the weekly digest.
Queries only; reads the public record of several apps."""

import datetime

from django.db.models import Q
from django.utils import timezone


def period(days: int = 7, until: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    until = until or timezone.localdate()
    return until - datetime.timedelta(days=days), until


def _between(qs, field, start, end):
    return qs.filter(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def wijk_news(place, start: datetime.date, end: datetime.date) -> dict:
    from samenspel.agenda.models import AgendaItem
    from samenspel.decisions.models import AccountabilityReport, Advice, Decision
    from samenspel.initiatives.models import Idea
    from samenspel.places.models import DnaItem, DnaStatus

    ideas = _between(Idea.objects.filter(place=place, is_hidden=False), "created_at", start, end)
    moved = (
        Idea.objects.filter(place=place, is_hidden=False, events__at__date__gte=start, events__at__date__lte=end)
        .exclude(pk__in=ideas.values("pk"))
        .distinct()
    )
    return {
        "place": place,
        "start": start,
        "end": end,
        "new_ideas": list(ideas.order_by("-created_at")[:20]),
        "moving_ideas": list(moved.order_by("-updated_at")[:20]),
        "decisions": list(Decision.objects.filter(place=place, decided_on__gte=start, decided_on__lte=end)[:20]),
        "advices": list(
            Advice.objects.filter(place=place).filter(
                Q(submitted_on__gte=start, submitted_on__lte=end) | Q(responded_on__gte=start, responded_on__lte=end)
            )[:20]
        ),
        "agenda_items": list(
            AgendaItem.objects.filter(agenda__place=place, decided_on__gte=start, decided_on__lte=end)[:20]
        ),
        "reports": list(
            AccountabilityReport.objects.filter(place=place, published_on__gte=start, published_on__lte=end)[:10]
        ),
        "dna_items": list(
            _between(DnaItem.objects.filter(place=place, status=DnaStatus.PUBLISHED), "created_at", start, end)[:10]
        ),
    }


def is_empty(news: dict) -> bool:
    return not any(
        news[k] for k in ("new_ideas", "moving_ideas", "decisions", "advices", "agenda_items", "reports", "dna_items")
    )
