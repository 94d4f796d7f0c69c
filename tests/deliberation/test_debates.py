"""Debates: arguments for and against, replies, support, moderation, the summary and the decision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenspel.core.models import Channel
from samenspel.decisions.models import Decision
from samenspel.deliberation import services


@pytest.fixture
def debate(official, wijk):
    return services.start_debate(
        user=official, place=wijk, title="Betaald parkeren?", proposal="Het vergunningsgebied uitbreiden."
    )


@pytest.fixture
def decision(wijk):
    return Decision.objects.create(
        place=wijk,
        decider_kind="college",
        title="Vergunningsgebied",
        outcome="adopted",
        rationale="Omdat.",
        decided_on=datetime.date(2026, 1, 10),
    )


def test_arguments_replies_and_support(debate, resident, official, member):
    pro = services.add_argument(user=resident, debate=debate, side="for", text="Meer plek voor bewoners.")
    con = services.add_argument(user=member, debate=debate, side="against", text="Minder klanten voor winkels.")
    reply = services.add_argument(user=member, debate=debate, parent=pro, text="Alleen 's avonds dan?")
    assert reply.side == "" and reply.parent == pro
    with pytest.raises(ValidationError):
        services.add_argument(user=resident, debate=debate, parent=reply, text="Een antwoord op een antwoord.")
    with pytest.raises(ValidationError):
        services.add_argument(user=resident, debate=debate, side="maybe", text="Geen kant.")
    assert services.support_argument(user=member, argument=pro) is True
    assert services.support_argument(user=official, argument=pro) is True
    assert services.support_argument(user=member, argument=pro) is False  # withdrawn
    pro.refresh_from_db()
    assert pro.support_count == 1
    grouped = services.arguments_of(debate, user=official)
    assert grouped["for"] == [pro] and grouped["against"] == [con]
    assert grouped["for"][0].reply_list == [reply]
    assert grouped["supported"] == {pro.pk}


def test_arguments_need_an_account(debate):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.add_argument(user=AnonymousUser(), debate=debate, side="for", text="Anoniem.")


def test_offline_argument_only_by_a_moderator(debate, official, resident):
    with pytest.raises(PermissionDenied):
        services.add_argument(
            user=resident, debate=debate, side="for", text="Gehoord.", channel=Channel.MEETING, on_behalf_of="iemand"
        )
    with pytest.raises(ValidationError):
        services.add_argument(user=official, debate=debate, side="for", text="Gehoord.", channel=Channel.MEETING)
    argument = services.add_argument(
        user=official, debate=debate, side="for", text="Gehoord.", channel=Channel.MEETING, on_behalf_of="een bewoner"
    )
    assert argument.channel == Channel.MEETING


def test_hide_argument_with_reason(debate, official, resident):
    argument = services.add_argument(user=resident, debate=debate, side="for", text="Iets ongepasts.")
    with pytest.raises(PermissionDenied):
        services.hide_argument(user=resident, argument=argument, reason="Zelf")
    services.hide_argument(user=official, argument=argument, reason="Persoonlijke aanval.")
    argument.refresh_from_db()
    assert argument.is_hidden and argument.hidden_reason == "Persoonlijke aanval."
    with pytest.raises(ValidationError):
        services.support_argument(user=official, argument=argument)


def test_summary_closes_and_attaches_to_a_decision(debate, official, resident, decision):
    with pytest.raises(ValidationError):
        services.attach_decision(user=official, debate=debate, decision=decision)  # no summary yet
    with pytest.raises(PermissionDenied):
        services.summarise_debate(user=resident, debate=debate, summary="Mijn samenvatting.")
    services.summarise_debate(user=official, debate=debate, summary="Voor: plek. Tegen: klanten.")
    debate.refresh_from_db()
    assert not debate.is_open and debate.summary_by == official
    with pytest.raises(ValidationError):
        services.add_argument(user=resident, debate=debate, side="for", text="Te laat.")
    services.attach_decision(user=official, debate=debate, decision=decision)
    debate.refresh_from_db()
    assert debate.decision == decision
    assert list(decision.debates.all()) == [debate]


def test_decision_of_another_place_is_refused(debate, official, other_wijk):
    services.summarise_debate(user=official, debate=debate, summary="Samengevat.")
    elsewhere = Decision.objects.create(
        place=other_wijk,
        decider_kind="college",
        title="Elders",
        outcome="adopted",
        rationale="Omdat.",
        decided_on=datetime.date(2026, 1, 10),
    )
    with pytest.raises(ValidationError):
        services.attach_decision(user=official, debate=debate, decision=elsewhere)
