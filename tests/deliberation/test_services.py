"""Conversations: statements, moderation, duplicates, votes, input from the room and the map."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from samenspel.core.models import AuditEntry, Channel
from samenspel.deliberation import services
from samenspel.deliberation.models import (
    Conversation,
    Moderation,
    Participant,
    Statement,
    StatementStatus,
    StatementVote,
)
from samenspel.deliberation.opinion_map import PRIVACY_FLOOR

ANON = AnonymousUser()


def _statement(conversation, text):
    return Statement.objects.get(conversation=conversation, text=text)


# --- statements ----------------------------------------------------------------------------


def test_statement_is_sanitised_and_length_limited(conversation, resident):
    statement = services.add_statement(
        user=resident,
        conversation=conversation,
        text="  <b>Meer</b>\u202e   fietsenstallingen <script>x</script> bij de school ",
    )
    assert statement.text == "Meer fietsenstallingen bij de school"
    assert statement.status == StatementStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.add_statement(user=resident, conversation=conversation, text="Kort")
    with pytest.raises(ValidationError):
        services.add_statement(user=resident, conversation=conversation, text="x" * 281)


def test_exact_duplicate_is_refused_even_with_other_capitals_and_accents(conversation, resident):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.add_statement(
                user=resident, conversation=conversation, text="ER MOET méér groen komen in de wijk!!"
            )
        assert "already" in " ".join(error.value.messages)
    assert conversation.statements.count() == 8


def test_near_duplicate_needs_confirmation(conversation, resident):
    text = "Er moet echt meer groen komen in de wijk."
    with pytest.raises(ValidationError) as error:
        services.add_statement(user=resident, conversation=conversation, text=text)
    assert error.value.error_dict["text"][0].code == "similar"
    statement = services.add_statement(user=resident, conversation=conversation, text=text, allow_similar=True)
    assert statement.pk


def test_database_refuses_two_live_statements_with_the_same_normalised_text(conversation):
    first = conversation.statements.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(
            conversation=conversation, text=first.text, normalised=first.normalised, status=StatementStatus.PENDING
        )


def test_moderation_before_publication(official, wijk, resident, tasks_dummy):
    conversation = services.start_conversation(
        user=official,
        place=wijk,
        title="T",
        question="Q?",
        moderation=Moderation.BEFORE,
        seed_statements=["Een eerste stelling hier."],
    )
    waiting = services.add_statement(user=resident, conversation=conversation, text="Meer bomen in de straten.")
    assert waiting.status == StatementStatus.PENDING
    participant = services.participant_for(conversation, user=resident)
    assert services.next_statement(conversation, participant).text == "Een eerste stelling hier."
    with pytest.raises(PermissionDenied):
        services.approve_statement(user=resident, statement=waiting)
    services.approve_statement(user=official, statement=waiting)
    waiting.refresh_from_db()
    assert waiting.status == StatementStatus.PUBLISHED
    own = services.add_statement(user=official, conversation=conversation, text="Moderators publiceren direct.")
    assert own.status == StatementStatus.PUBLISHED


def test_moderation_after_publication_hides_with_a_public_reason(conversation, official, resident):
    statement = services.add_statement(user=resident, conversation=conversation, text="Iets kwetsends over buren.")
    assert statement.status == StatementStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.hide_statement(user=official, statement=statement, reason="")
    services.hide_statement(user=official, statement=statement, reason="Gericht tegen personen.")
    statement.refresh_from_db()
    assert statement.status == StatementStatus.HIDDEN
    assert statement.public_reason == "Gericht tegen personen."
    assert AuditEntry.objects.filter(action="deliberation.statement.hidden", object_id=str(statement.pk)).exists()
    services.restore_statement(user=official, statement=statement)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PUBLISHED


def test_reports_hold_a_statement_for_review(conversation, resident):
    statement = services.add_statement(user=resident, conversation=conversation, text="Een twijfelachtige stelling.")
    for n in range(services.REPORTS_TO_HOLD):
        services.report_statement(user=ANON, statement=statement, reason="Beledigend", browser_key=f"browser-{n}")
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PENDING
    with pytest.raises(ValidationError):
        services.report_statement(user=ANON, statement=statement, reason="Nog eens", browser_key="browser-0")


def test_the_same_browser_reports_once(conversation):
    statement = conversation.statements.first()
    services.report_statement(user=ANON, statement=statement, reason="Beledigend", browser_key="b")
    with pytest.raises(ValidationError):
        services.report_statement(user=ANON, statement=statement, reason="Beledigend", browser_key="b")


def test_merge_moves_votes_without_doubling(conversation, official, resident):
    keep = conversation.statements.get(text__startswith="De speeltuin")
    extra = services.add_statement(
        user=resident, conversation=conversation, text="Vernieuw de speeltuin in het park.", allow_similar=True
    )
    # one participant voted on both, another only on the duplicate
    services.cast_vote(user=ANON, conversation=conversation, statement=keep, vote=1, browser_key="both")
    services.cast_vote(user=ANON, conversation=conversation, statement=extra, vote=-1, browser_key="both")
    services.cast_vote(user=ANON, conversation=conversation, statement=extra, vote=1, browser_key="only-dup")
    services.merge_statements(user=official, statement=extra, into=keep)
    extra.refresh_from_db()
    assert extra.status == StatementStatus.MERGED and extra.merged_into == keep
    assert StatementVote.objects.filter(statement=extra).count() == 0
    votes = {v.participant.browser_key: v.vote for v in keep.votes.select_related("participant")}
    assert votes == {"both": 1, "only-dup": 1}


# --- votes ---------------------------------------------------------------------------------


def test_vote_changes_but_never_doubles(conversation, resident):
    statement = conversation.statements.first()
    for value in (1, -1, 0, -1):
        services.cast_vote(user=resident, conversation=conversation, statement=statement, vote=value)
    rows = StatementVote.objects.filter(statement=statement)
    assert rows.count() == 1
    assert rows.get().vote == -1


def test_database_enforces_one_vote_per_participant(conversation, resident):
    statement = conversation.statements.first()
    services.cast_vote(user=resident, conversation=conversation, statement=statement, vote=1)
    participant = Participant.objects.get(conversation=conversation, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementVote.objects.create(statement=statement, participant=participant, vote=1)


def test_bad_vote_values_are_refused(conversation, resident):
    statement = conversation.statements.first()
    for value in (2, "x", None):
        with pytest.raises(ValidationError):
            services.cast_vote(user=resident, conversation=conversation, statement=statement, vote=value)


def test_anonymous_only_when_allowed(official, wijk, tasks_dummy):
    conversation = services.start_conversation(
        user=official,
        place=wijk,
        title="T",
        question="Q?",
        allow_anonymous=False,
        seed_statements=["Een stelling voor iedereen."],
    )
    statement = conversation.statements.get()
    with pytest.raises(PermissionDenied):
        services.cast_vote(user=ANON, conversation=conversation, statement=statement, vote=1, browser_key="k")


def test_closed_conversation_takes_no_votes(conversation, official, resident):
    services.set_open(user=official, conversation=conversation, is_open=False)
    with pytest.raises(ValidationError):
        services.cast_vote(user=resident, conversation=conversation, statement=conversation.statements.first(), vote=1)


def test_next_statement_skips_what_was_voted_and_hidden(conversation, official, resident):
    participant = None
    seen = set()
    for _round in range(8):
        statement = services.next_statement(conversation, participant)
        assert statement is not None and statement.pk not in seen
        seen.add(statement.pk)
        services.cast_vote(user=resident, conversation=conversation, statement=statement, vote=1)
        participant = services.participant_for(conversation, user=resident)
    assert services.next_statement(conversation, participant) is None
    assert services.progress(conversation, participant) == (8, 8)


def test_hidden_statement_is_not_offered(conversation, official):
    first = services.next_statement(conversation, None)
    services.hide_statement(user=official, statement=first, reason="Dubbel.")
    assert services.next_statement(conversation, None) != first


# --- the map ---------------------------------------------------------------------------------


def test_votes_queue_one_recompute_at_a_time(conversation, resident, tasks_dummy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for statement in conversation.statements.all()[:5]:
            services.cast_vote(user=resident, conversation=conversation, statement=statement, vote=1)
    assert len(callbacks) == 1
    assert len(tasks_dummy.results) == 1
    conversation.refresh_from_db()
    assert conversation.map_requested_at is not None


def _planted_votes(conversation, groups=(30, 30), seed=1):
    """Two planted groups: the first agrees with the first half of the statements and disagrees
    with the rest, the second the other way round; everyone agrees with the last statement."""
    rng = random.Random(seed)
    statements = list(conversation.statements.filter(status=StatementStatus.PUBLISHED).order_by("pk"))
    half = len(statements) // 2
    votes = []
    for g, size in enumerate(groups):
        for n in range(size):
            participant = Participant.objects.create(conversation=conversation, browser_key=f"g{g}-{n}")
            for j, statement in enumerate(statements):
                if j == len(statements) - 1:
                    value = 1
                else:
                    value = 1 if (j < half) == (g == 0) else -1
                    if rng.random() < 0.08:
                        value = -value
                votes.append(StatementVote(statement=statement, participant=participant, vote=value))
    StatementVote.objects.bulk_create(votes)
    return statements


def test_task_computes_and_stores_the_map(conversation, tasks_immediate, django_capture_on_commit_callbacks):
    statements = _planted_votes(conversation)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_map(conversation)
    conversation.refresh_from_db()
    assert conversation.map_requested_at is None
    assert conversation.map_data["k"] == 2
    assert conversation.map_votes == 60 * len(statements)
    assert conversation.map_state["recomputations"] == 1
    groups = conversation.map_data["groups"]
    by_key = {p.browser_key: str(p.pk) for p in conversation.participants.all()}
    first = {groups[by_key[f"g0-{n}"]] for n in range(30)}
    second = {groups[by_key[f"g1-{n}"]] for n in range(30)}
    assert len(first) == 1 and len(second) == 1 and first != second
    assert str(statements[-1].pk) in conversation.map_data["consensus"]
    reading = services.read_map(conversation)
    assert [g["size"] for g in reading["groups"]] == [30, 30]
    assert reading["consensus"][0]["text"] == statements[-1].text
    assert reading["divisive"]
    assert len(reading["dots"]) == 60


def test_recompute_keeps_state(conversation):
    _planted_votes(conversation)
    services.compute_map(conversation)
    services.compute_map(Conversation.objects.get(pk=conversation.pk))
    conversation.refresh_from_db()
    assert conversation.map_state["recomputations"] == 2


def test_small_groups_get_no_statistics(conversation):
    _planted_votes(conversation, groups=(30, 30))
    services.compute_map(conversation)
    conversation.refresh_from_db()
    data = conversation.map_data
    # pretend the clustering found a third, tiny group
    tiny = list(data["groups"])[: PRIVACY_FLOOR - 1]
    for pid in tiny:
        data["groups"][pid] = 2
    data["group_sizes"]["2"] = len(tiny)
    data["repness"]["2"] = data["repness"]["0"]
    reading = services.read_map(conversation)
    assert [g["id"] for g in reading["groups"]] == [0, 1]
    assert reading["hidden_people"] == PRIVACY_FLOOR - 1
    assert sum(1 for d in reading["dots"] if d.group is None) == PRIVACY_FLOOR - 1


def test_too_few_participants_show_no_map(conversation, resident):
    for statement in conversation.statements.all():
        services.cast_vote(user=resident, conversation=conversation, statement=statement, vote=1)
    services.compute_map(conversation)
    assert services.read_map(conversation)["too_few"] is True


def test_hidden_statements_are_moderated_out_of_the_map(conversation, official):
    statements = _planted_votes(conversation)
    services.hide_statement(user=official, statement=statements[0], reason="Niet ter zake.")
    services.compute_map(conversation)
    conversation.refresh_from_db()
    reading = services.read_map(conversation)
    assert statements[0].text not in [row["text"] for row in reading["statements"]]
    for group in reading["groups"]:
        assert statements[0].text not in [b["text"] for b in group["beliefs"]]


# --- input from the room ---------------------------------------------------------------------


def test_room_statement_and_vote_card_are_marked(conversation, official, resident, past_meeting):
    statement = services.record_room_statement(
        user=official, conversation=conversation, text="Een stelling uit de zaal over de markt.", meeting=past_meeting
    )
    assert statement.channel == Channel.MEETING and statement.entered_by == official
    assert statement.status == StatementStatus.PUBLISHED
    seeds = list(conversation.statements.filter(is_seed=True)[:3])
    card = services.record_vote_card(
        user=official,
        conversation=conversation,
        votes={seeds[0].pk: 1, seeds[1].pk: -1, seeds[2].pk: "", statement.pk: 0},
        meeting=past_meeting,
    )
    assert card.channel == Channel.MEETING and card.meeting == past_meeting
    assert set(card.votes.values_list("channel", flat=True)) == {Channel.MEETING}
    assert card.votes.count() == 3
    with pytest.raises(PermissionDenied):
        services.record_room_statement(user=resident, conversation=conversation, text="Mag ik dit invoeren?")


def test_quick_poll_on_a_statement(conversation, official, past_meeting):
    statement = conversation.statements.first()
    poll = services.add_quick_poll(
        user=official, meeting=past_meeting, statement=statement, agree=12, disagree=3, passed=1
    )
    assert poll.question == statement.text and poll.total == 16
    with pytest.raises(ValidationError):
        services.add_quick_poll(user=official, meeting=past_meeting, statement=statement)


def test_room_input_from_another_neighbourhood_is_refused(conversation, official, make_user, other_wijk):
    from samenspel.accounts.models import Role

    elsewhere_official = make_user(Role.AREA_OFFICIAL, other_wijk)
    elsewhere = services.plan_meeting(
        user=elsewhere_official,
        kind="buurtbijeenkomst",
        title="Elders",
        place=other_wijk,
        starts_at=conversation.created_at,
        address="Elders 1",
    )
    with pytest.raises(ValidationError):
        services.record_room_statement(
            user=official, conversation=conversation, text="Een stelling van elders hier.", meeting=elsewhere
        )


def test_start_needs_a_role_in_the_place(resident, outsider, wijk, tasks_dummy):
    with pytest.raises(PermissionDenied):
        services.start_conversation(user=resident, place=wijk, title="T", question="Q?")
    with pytest.raises(PermissionDenied):
        services.start_conversation(user=outsider, place=wijk, title="T", question="Q?")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_by_one_browser_leave_one_row(official, wijk, settings):
    """Eight requests of the same browser at the same moment (a double tap, a retried post):
    the unique constraint keeps one vote, and the service turns the clash into an update."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    conversation = services.start_conversation(
        user=official, place=wijk, title="T", question="Q?", seed_statements=["Een stelling om op te stemmen."]
    )
    statement = conversation.statements.get()

    def vote(value):
        try:
            services.cast_vote(user=ANON, conversation=conversation, statement=statement, vote=value, browser_key="k")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(vote, [1, -1, 1, 0, 1, -1, 1, 1]))
    assert Participant.objects.filter(conversation=conversation).count() == 1
    assert StatementVote.objects.filter(statement=statement).count() == 1


def test_personal_data_export_and_erasure(conversation, resident, official, wijk):
    statement = services.add_statement(user=resident, conversation=conversation, text="Mijn eigen stelling hier.")
    services.cast_vote(user=resident, conversation=conversation, statement=conversation.statements.first(), vote=1)
    debate = services.start_debate(user=official, place=wijk, title="D", proposal="P")
    argument = services.add_argument(user=official, debate=debate, side="for", text="Sterk argument.")
    services.support_argument(user=resident, argument=argument)
    data = services.personal_data(resident)
    assert data["statements"][0]["text"] == statement.text
    assert len(data["votes"]) == 1 and data["arguments_supported"] == [argument.pk]
    services.erase_participation(resident)
    assert services.personal_data(resident)["votes"] == []
    assert StatementVote.objects.count() == 1  # the vote still counts in the map, without the account
    argument.refresh_from_db()
    assert argument.support_count == 0
