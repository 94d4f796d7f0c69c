"""Meetings: planning, documents, registration, attendance, minutes, decisions, the fixed
schedule, the iCal feeds and the printable agenda and minutes."""

import datetime
import io

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from samenspel.decisions.models import Decision
from samenspel.deliberation import services
from samenspel.deliberation.models import AttendanceCount, Attendee, Frequency, Meeting, MeetingStatus
from samenspel.demo.deliberation_demo import _pdf

from .conftest import login


def pdf_file(name="stuk.pdf"):
    return ContentFile(_pdf("Voorstel", ["Een regel tekst."]), name=name)


def test_plan_needs_a_place_to_meet(member, body):
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(user=member, kind="body_meeting", title="V", organisation=body, starts_at=timezone.now())
    assert "address" in error.value.error_dict
    online = services.plan_meeting(
        user=member,
        kind="working_group",
        title="Werkgroep Groen",
        organisation=body,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        online_url="https://meet.example/groen",
    )
    assert online.place == body.place


def test_only_members_and_staff_plan_for_a_body(resident, official, body):
    with pytest.raises(PermissionDenied):
        services.plan_meeting(
            user=resident, kind="body_meeting", title="V", organisation=body, starts_at=timezone.now(), address="A 1"
        )
    meeting = services.plan_meeting(
        user=official, kind="body_meeting", title="V", organisation=body, starts_at=timezone.now(), address="A 1"
    )
    assert meeting.created_by == official


def test_body_meeting_needs_the_body(official, wijk):
    with pytest.raises(ValidationError):
        services.plan_meeting(
            user=official, kind="body_meeting", title="V", place=wijk, starts_at=timezone.now(), address="A"
        )


def test_documents_pdf_only_and_size_limited(meeting, member):
    with pytest.raises(ValidationError):
        services.add_document(
            user=member, meeting=meeting, title="Geen pdf", file=ContentFile(b"<html>hi</html>", name="x.pdf")
        )
    big = ContentFile(b"%PDF-1.4\n" + b"0" * (services.MAX_DOCUMENT_BYTES + 1), name="groot.pdf")
    with pytest.raises(ValidationError):
        services.add_document(user=member, meeting=meeting, title="Te groot", file=big)
    document = services.add_document(user=member, meeting=meeting, title="Voorstel", file=pdf_file())
    assert document.size > 0 and document.file.name.endswith(".pdf")
    assert not services.is_late(document)  # two weeks before, seven days required


def test_document_after_the_set_day_is_late(member, body):
    soon = services.plan_meeting(
        user=member,
        kind="body_meeting",
        title="Binnenkort",
        organisation=body,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        address="A 1",
        documents_days_before=7,
    )
    document = services.add_document(user=member, meeting=soon, title="Laat stuk", file=pdf_file())
    assert services.is_late(document)


def test_registration_with_a_cap(member, body, resident, make_user, wijk):
    from samenspel.accounts.models import Role

    meeting = services.plan_meeting(
        user=member,
        kind="buurtbijeenkomst",
        title="Kampvuur",
        organisation=body,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        address="Park",
        registration_required=True,
        capacity=2,
    )
    services.register(user=resident, meeting=meeting)
    with pytest.raises(ValidationError):
        services.register(user=resident, meeting=meeting)
    services.register_on_behalf(user=member, meeting=meeting, name="Mevrouw Jansen", channel="phone")
    with pytest.raises(ValidationError):
        services.register(user=make_user(Role.RESIDENT, wijk), meeting=meeting)
    assert services.places_left(meeting) == 0
    services.unregister(user=resident, meeting=meeting)
    assert services.places_left(meeting) == 1


def test_attendance_counts_and_names_only_with_consent(past_meeting, member):
    with pytest.raises(ValidationError):
        services.record_attendance(
            user=member, meeting=past_meeting, counts={"in_person": 10}, attendees=[("Piet", "", "in_person", False)]
        )
    assert not Attendee.objects.exists()
    with pytest.raises(ValidationError):
        services.record_attendance(
            user=member,
            meeting=past_meeting,
            counts={"in_person": 1},
            attendees=[("Piet", "", "in_person", True), ("Kees", "", "in_person", True)],
        )
    services.record_attendance(
        user=member,
        meeting=past_meeting,
        counts={"in_person": 20, "online": 3},
        attendees=[("Sanne", "voorzitter", "in_person", True)],
    )
    assert dict(AttendanceCount.objects.values_list("mode", "count")) == {"in_person": 20, "online": 3}
    assert Attendee.objects.get().role == "voorzitter"


def test_record_only_after_the_meeting_started(meeting, member):
    with pytest.raises(ValidationError):
        services.publish_minutes(user=member, meeting=meeting, minutes="Te vroeg.")
    with pytest.raises(ValidationError):
        services.record_attendance(user=member, meeting=meeting, counts={"in_person": 3})


def test_minutes_and_decisions_go_to_the_register(past_meeting, member, resident):
    with pytest.raises(PermissionDenied):
        services.publish_minutes(user=resident, meeting=past_meeting, minutes="Niet van mij.")
    services.publish_minutes(user=member, meeting=past_meeting, minutes="**1.** Opening.")
    past_meeting.refresh_from_db()
    assert past_meeting.minutes_published_at is not None
    decision = services.record_meeting_decision(
        user=member, meeting=past_meeting, title="Bankjes", outcome="adopted", rationale="Gewenst."
    )
    assert decision.body == past_meeting.organisation and decision.decider_kind == "wijk_body"
    assert decision.meeting == past_meeting.title
    assert decision.meeting_date == timezone.localdate(past_meeting.starts_at)
    assert decision.recorded_as_advice  # no agreement in force: the body's decision counts as advice
    assert list(past_meeting.decisions.all()) == [decision]
    other = Decision.objects.create(
        place=past_meeting.place,
        decider_kind="college",
        title="Elders besloten",
        outcome="adopted",
        rationale="x",
        decided_on=datetime.date(2026, 1, 1),
    )
    services.link_decision(user=member, meeting=past_meeting, decision=other)
    with pytest.raises(ValidationError):
        services.link_decision(user=member, meeting=past_meeting, decision=other)
    assert past_meeting.decisions.count() == 2


def test_cancel_with_reason(meeting, member):
    services.cancel_meeting(user=member, meeting=meeting, reason="De zaal is niet beschikbaar.")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert "De zaal is niet beschikbaar." in meeting.description


def test_schedule_first_tuesday_of_the_month(member, body):
    schedule = services.create_schedule(
        user=member,
        organisation=body,
        title="Maandvergadering",
        weekday=1,
        week_of_month=1,
        start_time=datetime.time(19, 30),
        starts_on=datetime.date(2026, 1, 1),
        address="Wijkcentrum",
    )
    dates = services.schedule_dates(schedule, start=datetime.date(2026, 1, 1), until=datetime.date(2026, 6, 30))
    assert [timezone.localtime(d).date() for d in dates] == [
        datetime.date(2026, 1, 6),
        datetime.date(2026, 2, 3),
        datetime.date(2026, 3, 3),
        datetime.date(2026, 4, 7),
        datetime.date(2026, 5, 5),
        datetime.date(2026, 6, 2),
    ]
    assert all(timezone.localtime(d).time() == datetime.time(19, 30) for d in dates)
    first = services.generate_meetings(user=member, schedule=schedule, today=datetime.date(2026, 1, 1), months=3)
    assert len(first) == 3
    again = services.generate_meetings(user=member, schedule=schedule, today=datetime.date(2026, 1, 1), months=4)
    assert len(again) == 1  # only the missing one
    assert Meeting.objects.filter(schedule=schedule).count() == 4


def test_schedule_last_thursday_weekly_and_validation(member, body):
    last = services.create_schedule(
        user=member,
        organisation=body,
        title="Werkgroep",
        weekday=3,
        week_of_month=-1,
        start_time=datetime.time(20, 0),
        starts_on=datetime.date(2026, 1, 1),
        online_url="https://meet.example/w",
    )
    dates = services.schedule_dates(last, start=datetime.date(2026, 1, 1), until=datetime.date(2026, 2, 28))
    assert [timezone.localtime(d).date() for d in dates] == [datetime.date(2026, 1, 29), datetime.date(2026, 2, 26)]
    weekly = services.create_schedule(
        user=member,
        organisation=body,
        title="Spreekuur",
        frequency=Frequency.WEEKLY,
        weekday=2,
        start_time=datetime.time(10, 0),
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
        address="Wijkcentrum",
    )
    assert len(services.schedule_dates(weekly, start=datetime.date(2026, 1, 1), until=datetime.date(2026, 12, 31))) == 4
    with pytest.raises(ValidationError):
        services.create_schedule(
            user=member,
            organisation=body,
            title="Zonder week",
            weekday=1,
            start_time=datetime.time(19, 0),
            starts_on=datetime.date(2026, 1, 1),
            address="A",
        )


def test_ical_feeds_parse_and_hold_the_public_meetings(client, meeting, member, body, wijk):
    services.plan_meeting(
        user=member,
        kind="working_group",
        title="Besloten werkgroep",
        organisation=body,
        starts_at=timezone.now() + datetime.timedelta(days=4),
        address="A 1",
        is_public=False,
    )
    cancelled = services.plan_meeting(
        user=member, kind="kampvuur", title="Kampvuur", organisation=body, starts_at=timezone.now(), address="Park"
    )
    services.cancel_meeting(user=member, meeting=cancelled, reason="Regen.")
    for url in (
        reverse("deliberation:place_calendar", args=[wijk.municipality.slug, wijk.slug]),
        reverse("deliberation:body_calendar", args=[body.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
        assert set(events) == {"Openbare vergadering", "Kampvuur"}
        event = events["Openbare vergadering"]
        assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
        assert "Oosterparkweg 1" in str(event["LOCATION"])
        assert str(event["URL"]).endswith(meeting.get_absolute_url())
        assert str(events["Kampvuur"]["STATUS"]) == "CANCELLED"


def test_agenda_and_minutes_are_real_pdfs(client, past_meeting, member):
    services.add_agenda_item(user=member, meeting=past_meeting, title="Opening", for_decision=False)
    services.add_agenda_item(user=member, meeting=past_meeting, title="Bankjes in het park", for_decision=True)
    url = reverse("deliberation:meeting_pdf", args=[past_meeting.pk, "notulen"])
    assert client.get(url).status_code == 404  # no minutes yet
    services.publish_minutes(user=member, meeting=past_meeting, minutes="De voorzitter opent de vergadering.")
    services.record_attendance(user=member, meeting=past_meeting, counts={"in_person": 12})
    for part, expected in (("agenda", "Bankjes in het park"), ("notulen", "De voorzitter opent")):
        response = client.get(reverse("deliberation:meeting_pdf", args=[past_meeting.pk, part]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert expected in text
        assert past_meeting.title in text


def test_closed_meeting_is_for_members_only(client, member, body, resident):
    closed = services.plan_meeting(
        user=member,
        kind="working_group",
        title="Besloten",
        organisation=body,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        address="A 1",
        is_public=False,
    )
    url = closed.get_absolute_url()
    assert client.get(url).status_code == 404
    assert login(client, resident).get(url).status_code == 404
    assert login(client, member).get(url).status_code == 200
