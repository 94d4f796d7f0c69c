"""A meeting's agenda and minutes as PDF, for the notice board and the wijkkrant: rendered with
WeasyPrint from a template, tagged (PDF/UA-1), system fonts only, and no URL fetched."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from samenspel.core.text import render_markdown

from . import services


def meeting_context(meeting) -> dict:
    documents = list(meeting.documents.select_related("agenda_item"))
    for document in documents:
        document.late = services.is_late(document)
    return {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.select_related("agenda_item")),
        "documents": documents,
        "documents_due": services.documents_due(meeting),
        "attendance": list(meeting.attendance.all()),
        "attendance_total": sum(a.count for a in meeting.attendance.all()),
        "attendees": list(meeting.attendees.all()),
        "decisions": list(meeting.decisions.all()),
        "polls": list(meeting.polls.all()),
        "minutes_html": render_markdown(meeting.minutes),
        "generated_on": timezone.localdate(),
        "site_name": getattr(settings, "SAMENSPEL_SITE_NAME", "Samenspel"),
    }


def render_meeting_pdf(meeting, part: str, request=None) -> bytes:
    """`part` is "agenda" or "minutes"."""
    import weasyprint  # imported here: loading Pango is slow and only the PDF needs it
    from weasyprint.urls import URLFetcher

    context = meeting_context(meeting)
    context["part"] = part
    context["online_url"] = request.build_absolute_uri(meeting.get_absolute_url()) if request is not None else ""
    html = render_to_string("deliberation/meeting_pdf.html", context)
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=()))
    return document.write_pdf(pdf_variant="pdf/ua-1")
