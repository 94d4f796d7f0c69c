"""Debates and meetings through the API: what their public pages show, and nothing more."""

from django.utils import timezone

from samenspel.deliberation.models import Meeting

API = "/api/v1"


def test_debates_list_counts_visible_arguments_per_side(client, world):
    body = client.get(f"{API}/debates", {"place": world.wijk.slug}).json()
    assert body["count"] == 1
    debate = body["items"][0]
    assert debate["id"] == world.debate.pk and debate["is_open"] is True
    assert (debate["arguments_for"], debate["arguments_against"]) == (1, 1)  # the hidden one is not counted
    assert debate["url"].endswith(world.debate.get_absolute_url())
    assert client.get(f"{API}/debates", {"open": "false"}).json()["count"] == 0
    assert client.get(f"{API}/debates", {"place": world.other_wijk.slug}).json()["count"] == 0


def test_a_debate_shows_its_arguments_without_the_hidden_ones(client, world):
    response = client.get(f"{API}/debates/{world.debate.pk}")
    assert response.status_code == 200
    texts = [a["text"] for a in response.json()["arguments"]]
    assert sorted(texts) == ["Ruimte voor honden 1", "Te dicht bij de speeltuin 1"]
    assert "Verborgen scheldwoord" not in response.content.decode()
    assert {a["author"] for a in response.json()["arguments"]} == {world.resident.display_name}
    assert client.get(f"{API}/debates/999999").status_code == 404


def test_meetings_are_the_public_ones_only(client, world):
    body = client.get(f"{API}/meetings").json()
    assert [m["id"] for m in body["items"]] == [world.meeting.pk]
    assert body["items"][0]["organisation"] == world.organisation.name
    assert client.get(f"{API}/meetings/{world.private_meeting.pk}").status_code == 404
    assert "Besloten" not in client.get(f"{API}/meetings", {"page_size": 100}).content.decode()


def test_upcoming_and_past_meetings(client, world):
    past = Meeting.objects.get(pk=world.meeting.pk)
    assert client.get(f"{API}/meetings", {"upcoming": "true"}).json()["count"] == 1
    Meeting.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timezone.timedelta(days=1))
    assert client.get(f"{API}/meetings", {"upcoming": "true"}).json()["count"] == 0
    assert client.get(f"{API}/meetings", {"upcoming": "false"}).json()["count"] == 1


def test_a_meeting_has_its_agenda_and_its_minutes_only_once_published(client, world):
    meeting = client.get(f"{API}/meetings/{world.meeting.pk}").json()
    assert [p["title"] for p in meeting["agenda"]] == ["Opening", "Rondvraag"]
    assert meeting["minutes"] == "" and meeting["minutes_published_at"] is None
    Meeting.objects.filter(pk=world.meeting.pk).update(minutes_published_at=timezone.now())
    meeting = client.get(f"{API}/meetings/{world.meeting.pk}").json()
    assert meeting["minutes"] == "Notulen die nog niet openbaar zijn." and meeting["decision_ids"] == []
