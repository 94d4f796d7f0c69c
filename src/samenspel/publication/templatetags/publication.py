import datetime

from django import template
from django.template.loader import render_to_string
from django.utils import formats

register = template.Library()


@register.filter
def iso_date(value):
    """An ISO date from a publication's content ("2025-03-01") as a local date: 1 maart 2025."""
    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return value
    return formats.date_format(day, "j F Y")


@register.simple_tag
def publication_links(record):
    """Links to the publication of a record (page, PDF, JSON), or nothing when it is not
    published. One query."""
    from ..models import Publication
    from ..sources import kind_of

    kind = kind_of(record)
    if kind is None or record is None or record.pk is None:
        return ""
    entry = Publication.objects.filter(kind=kind, object_id=record.pk).defer("pdf").first()
    if entry is None:
        return ""
    return render_to_string("publication/_links.html", {"entry": entry})
