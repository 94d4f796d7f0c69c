"""Writing: each operation goes through the app's own service (audit log, rules), refuses bad
input with a clear 4xx and changes nothing then."""

import datetime
import json

import pytest
from django.utils import timezone

from samenspel.core.models import AuditEntry

API = "/api/v1"


def call(client, method, path, key=None, body=None, **extra):
    if key:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return getattr(client, method)(
        f"{API}/{path}", data=json.dumps(body) if body is not None else None, content_type="application/json", **extra
    )


@pytest.fixture
def key(world, token_for):
    return token_for(world.resident)


def test_submit_idea(client, world, key):
    from samenspel.initiatives.models import Idea

    body = {"place": world.wijk.pk, "title": "Bankjes bij de vijver", "description": "Om te rusten.", "buurt": None}
    response = call(client, "post", "ideas", key, body)
    assert response.status_code == 201, response.content
    idea = Idea.objects.get(title="Bankjes bij de vijver")
    assert idea.author == world.resident and idea.channel == "online"
    assert response.json()["id"] == idea.pk
    assert AuditEntry.objects.filter(action="initiatives.idea.submitted", object_id=str(idea.pk)).exists()


def test_submit_idea_with_an_idempotency_key_retries_safely(client, world, key):
    from samenspel.initiatives.models import Idea

    body = {"place": world.wijk.pk, "title": "Een moestuin", "description": "Achter de school."}
    first = call(client, "post", "ideas", key, body, HTTP_IDEMPOTENCY_KEY="retry-safe-0123456789")
    again = call(client, "post", "ideas", key, body, HTTP_IDEMPOTENCY_KEY="retry-safe-0123456789")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Idea.objects.filter(title="Een moestuin").count() == 1
    other = call(client, "post", "ideas", key, body, HTTP_IDEMPOTENCY_KEY="retry-safe-9876543210")
    assert other.status_code == 201 and Idea.objects.filter(title="Een moestuin").count() == 2
    before = Idea.objects.count()
    bad = call(client, "post", "ideas", key, body, HTTP_IDEMPOTENCY_KEY="no spaces allowed!")
    assert bad.status_code == 400 and Idea.objects.count() == before


def test_submit_idea_refuses_bad_input_and_changes_nothing(client, world, key):
    from samenspel.initiatives.models import Idea

    before = Idea.objects.count()
    response = call(client, "post", "ideas", key, {"place": world.municipality.pk, "title": "X", "description": "Y"})
    assert response.status_code == 400
    assert response.json()["errors"]["place"] == ["Een idee hoort bij een wijk of dorp."]
    response = call(client, "post", "ideas", key, {"place": world.wijk.pk, "title": "", "description": "Y"})
    assert response.status_code == 422
    assert "title" in response.json()["errors"]
    response = call(client, "post", "ideas", key, {"place": world.wijk.pk, "title": "A\x00", "description": "Y"})
    assert response.status_code == 422
    response = call(client, "post", "ideas", key, {"place": 999999, "title": "A", "description": "Y"})
    assert response.status_code == 400
    assert Idea.objects.count() == before


def test_writing_needs_a_key_or_a_session_with_csrf(world, token_for):
    from django.test import Client

    from .conftest import login

    body = {"place": world.wijk.pk, "title": "Via de site", "description": "Met sessie."}
    anonymous = Client(enforce_csrf_checks=True)
    assert call(anonymous, "post", "ideas", None, body).status_code == 401
    # A key needs no CSRF token: it is not a cookie a browser sends by itself.
    key = token_for(world.resident)
    assert call(anonymous, "post", "ideas", key, {**body, "title": "Met een sleutel"}).status_code == 201
    browser = login(Client(enforce_csrf_checks=True), world.resident)
    refused = call(browser, "post", "ideas", None, body)
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    browser.get("/api/sleutels/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert call(browser, "post", "ideas", None, body, HTTP_X_CSRFTOKEN=token).status_code == 201


def test_support_and_withdraw(client, world, key):
    first = call(client, "post", f"ideas/{world.idea.pk}/support", key)
    assert first.status_code == 201
    assert first.json() == {"idea_id": world.idea.pk, "support_count": 1, "supported": True}
    again = call(client, "post", f"ideas/{world.idea.pk}/support", key)
    assert again.status_code == 409
    assert again.json()["detail"] == "Je steunt dit idee al."
    assert call(client, "post", f"ideas/{world.hidden.pk}/support", key).status_code in (403, 404)
    withdrawn = call(client, "delete", f"ideas/{world.idea.pk}/support", key)
    assert withdrawn.status_code == 200 and withdrawn.json()["support_count"] == 0
    assert call(client, "delete", f"ideas/{world.idea.pk}/support", key).status_code == 400


def _issue(round_, n=1):
    from samenspel.budgeting import voting
    from samenspel.budgeting.models import CodeBatch, VotingCode

    batch = CodeBatch.objects.create(round=round_, letters=n)
    codes = [voting.new_code() for _ in range(n)]
    VotingCode.objects.bulk_create([VotingCode(round=round_, batch=batch, code_hash=voting.code_key(c)) for c in codes])
    return codes


def test_cast_ballot_with_a_code(client, world):
    from samenspel.budgeting.models import Ballot, Round

    Round.objects.filter(pk=world.open_round.pk).update(allow_vote_change=False)
    (code,) = _issue(world.open_round)
    choices = {str(world.open_projects[0].pk): 1}
    path = f"budget-rounds/{world.open_round.pk}/ballots"
    response = call(client, "post", path, None, {"code": code, "choices": choices})
    assert response.status_code == 201, response.content
    assert len(response.json()["receipt"]) >= 10
    assert Ballot.objects.filter(round=world.open_round).count() == 1
    again = call(client, "post", path, None, {"code": code, "choices": choices})
    assert again.status_code == 409 and again.json()["code"] == "used_code"
    too_many = call(client, "post", path, None, {"code": _issue(world.open_round)[0], "choices": {"999999": 1}})
    assert too_many.status_code == 400
    assert Ballot.objects.filter(round=world.open_round).count() == 1


def test_wrong_codes_are_limited_per_ip(client, world):
    from samenspel.budgeting import voting
    from samenspel.budgeting.models import Ballot

    path = f"budget-rounds/{world.open_round.pk}/ballots"
    choices = {str(world.open_projects[0].pk): 1}
    for _ in range(voting.IP_LIMIT):
        wrong = call(client, "post", path, None, {"code": "ABCD-EFGH-JKLM", "choices": choices})
        assert wrong.status_code == 400 and wrong.json()["code"] == "unknown_code"
    (code,) = _issue(world.open_round)
    blocked = call(client, "post", path, None, {"code": code, "choices": choices})
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert Ballot.objects.count() == 0


def test_closed_round_refuses_ballots(client, world):
    (code,) = _issue(world.closed_round)
    response = call(
        client, "post", f"budget-rounds/{world.closed_round.pk}/ballots", None, {"code": code, "choices": {}}
    )
    assert response.status_code == 409 and response.json()["code"] == "closed"


def test_answer_a_consultation(client, world, key, make_user, token_for):
    from samenspel.panel.models import Response

    q = {x.kind: x for x in world.consultation.questions.all()}
    path = f"consultations/{world.consultation.pk}/responses"
    newcomer = make_user(display_name="Nina")
    newcomer_key = token_for(newcomer)
    bad = call(client, "post", path, newcomer_key, {"answers": {str(q["single"].pk): 7}})
    assert bad.status_code == 400 and f"q{q['single'].pk}" in bad.json()["errors"]
    assert not Response.objects.filter(user=newcomer).exists()
    good = call(client, "post", path, newcomer_key, {"answers": {str(q["single"].pk): 1, str(q["text"].pk): "Ja"}})
    assert good.status_code == 201, good.content
    assert Response.objects.get(user=newcomer, consultation=world.consultation).answers.count() == 2
    assert AuditEntry.objects.filter(action="panel.response.submitted").exists()
    closed = call(client, "post", f"consultations/{world.closed_consultation.pk}/responses", key, {"answers": {}})
    assert closed.status_code == 400


def test_vote_on_a_statement(client, world, key):
    from samenspel.deliberation.models import StatementVote

    path = f"conversations/{world.conversation.pk}/statements/{world.statement.pk}/vote"
    assert call(client, "put", path, key, {"vote": 1}).json() == {"statement_id": world.statement.pk, "vote": 1}
    assert call(client, "put", path, key, {"vote": -1}).status_code == 200
    assert StatementVote.objects.get(statement=world.statement).vote == -1
    assert call(client, "put", path, key, {"vote": 5}).status_code == 422
    pending = f"conversations/{world.conversation.pk}/statements/{world.pending.pk}/vote"
    assert call(client, "put", pending, key, {"vote": 1}).status_code == 400
    assert StatementVote.objects.count() == 1


def test_permission_refusal_is_403(client, world, key):
    from samenspel.deliberation.models import Conversation

    # A hidden idea is unknown to others (404); a closed idea cannot be supported (400).
    from samenspel.initiatives.models import Idea

    Idea.objects.filter(pk=world.idea.pk).update(status="closed")
    assert call(client, "post", f"ideas/{world.idea.pk}/support", key).status_code == 400
    # A deactivated account's key stops working.
    world.resident.is_active = False
    world.resident.save()
    assert call(client, "post", f"ideas/{world.idea.pk}/support", key).status_code == 401
    assert Conversation.objects.exists()


def test_no_500_on_broken_json(client, world, key):
    response = client.post(
        f"{API}/ideas", data="{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert 400 <= response.status_code < 500


def test_dates_far_away_do_not_break(client, world):
    for day in ("0001-01-01", "9999-12-31"):
        assert client.get(f"{API}/ideas", {"since": day}).status_code == 200
        assert client.get(f"{API}/decisions", {"until": day}).status_code == 200
    assert timezone.now().date() > datetime.date(2000, 1, 1)


def test_control_characters_in_filters_are_refused(client, world):
    assert client.get(f"{API}/ideas", {"place": "oost\x00park"}).status_code == 422
    assert client.get(f"{API}/places/{world.wijk.pk}/figures", {"indicator": "a\x00"}).status_code == 422
