"""iCalendar feeds of public meetings, per wijk and per body, for calendar apps. A cancelled
meeting stays in the feed with STATUS:CANCELLED, so calendars that subscribed remove it."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import MeetingStatus

PAST_DAYS = 90  # how far back the feed goes


def _uid(meeting, host: str) -> str:
    return f"meeting-{meeting.pk}@{host or 'samenspel'}"


def _where(meeting) -> str:
    parts = [p for p in (meeting.location_name, meeting.address) if p]
    if meeting.online_url:
        parts.append(meeting.online_url)
    return ", ".join(parts)


def build_calendar(meetings, *, name: str, base_url: str = "", host: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samenspel//Bijeenkomsten//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    since = stamp - datetime.timedelta(days=PAST_DAYS)
    for meeting in meetings.filter(starts_at__gte=since).order_by("starts_at"):
        event = Event()
        event.add("uid", _uid(meeting, host))
        event.add("dtstamp", stamp)
        starts_at = timezone.localtime(meeting.starts_at).replace(microsecond=0)
        ends_at = timezone.localtime(meeting.ends_at) if meeting.ends_at else starts_at + datetime.timedelta(hours=2)
        event.add("dtstart", starts_at)
        event.add("dtend", ends_at.replace(microsecond=0))
        event.add("summary", meeting.title)
        if meeting.description:
            event.add("description", meeting.description)
        where = _where(meeting)
        if where:
            event.add("location", where)
        if base_url:
            event.add("url", base_url.rstrip("/") + meeting.get_absolute_url())
        event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
        if meeting.organisation_id:
            event.add("categories", [meeting.organisation.name])
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(request, meetings, *, name: str) -> HttpResponse:
    body = build_calendar(
        meetings, name=name, base_url=request.build_absolute_uri("/"), host=request.get_host().split(":")[0]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bijeenkomsten.ics"'
    return response
