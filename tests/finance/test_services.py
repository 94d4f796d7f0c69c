"""The use cases: budget lines, spending, questions, the right to challenge from request to
evaluation, the reverse right to challenge and the right to bid. Each checks permission,
changes nothing on bad input and records to the audit log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenspel.accounts.models import Role
from samenspel.core.audit import verify
from samenspel.core.models import AuditEntry
from samenspel.finance import services
from samenspel.finance.models import (
    AgreementStatus,
    AssetStatus,
    BidOutcome,
    BudgetLine,
    BudgetTransfer,
    ChallengeStatus,
    DecidedBy,
    EventKind,
    Expenditure,
    OfferStatus,
    QuestionStatus,
)
from samenspel.notifications.models import Notification

from .conftest import CHALLENGE, all_criteria, days, tv

YEAR = datetime.date.today().year


# --- Budget lines ---------------------------------------------------------------------------------


def test_officials_keep_the_budget_and_every_change_is_audited(official, municipality, wijk, resident):
    with pytest.raises(PermissionDenied):
        services.save_line(
            user=resident,
            municipality=municipality,
            year=YEAR,
            place=wijk,
            taakveld=tv("6.1"),
            description="X",
            planned_cents=100,
        )
    line = services.save_line(
        user=official,
        municipality=municipality,
        year=YEAR,
        place=wijk,
        taakveld=tv("6.1"),
        description="Buurthuis",
        planned_cents=100_00,
    )
    services.save_line(
        user=official,
        municipality=municipality,
        year=YEAR,
        place=wijk,
        taakveld=tv("6.1"),
        description="Buurthuis",
        planned_cents=150_00,
        realised_cents=140_00,
        line=line,
    )
    line.refresh_from_db()
    assert (line.planned_cents, line.realised_cents, line.decided_by) == (15000, 14000, DecidedBy.MUNICIPALITY)
    change = AuditEntry.objects.get(action="finance.line.changed")
    assert change.data["before"]["planned"] == 10000 and change.data["after"]["realised"] == 14000
    assert verify().ok


def test_line_validation(official, municipality, wijk, other_wijk):
    base = {"user": official, "municipality": municipality, "year": YEAR, "description": "X", "planned_cents": 1}
    with pytest.raises(ValidationError, match="main heading"):
        services.save_line(taakveld=tv("6"), place=wijk, **base)
    with pytest.raises(ValidationError, match="neighbourhood"):
        services.save_line(taakveld=tv("0.4"), place=None, decided_by=DecidedBy.NEIGHBOURHOOD, **base)
    with pytest.raises(ValidationError):
        services.save_line(taakveld=tv("0.4"), place=None, **{**base, "planned_cents": -5})
    assert BudgetLine.objects.count() == 0


def test_a_level_3_scope_item_in_force_means_the_neighbourhood_decides(official, municipality, wijk, in_force):
    line = services.save_line(
        user=official,
        municipality=municipality,
        year=YEAR,
        place=wijk,
        taakveld=tv("6.1"),
        description="Wijkbudget",
        planned_cents=1_000_000,
        scope_item=in_force.budget,
    )
    assert line.decided_by == DecidedBy.NEIGHBOURHOOD
    theme = services.save_line(
        user=official,
        municipality=municipality,
        year=YEAR,
        place=wijk,
        taakveld=tv("2.1"),
        description="Verkeer",
        planned_cents=100,
        scope_item=in_force.theme,
        decided_by=DecidedBy.NEIGHBOURHOOD,
    )
    assert theme.decided_by == DecidedBy.MUNICIPALITY  # level 1: the municipality decides, whatever was asked


def test_a_line_with_spending_cannot_be_removed_or_planned_below_it(official, green_line):
    services.record_expenditure(
        user=official,
        line=green_line,
        spent_on=datetime.date(YEAR, 1, 1),
        recipient_kind="company",
        recipient_name="Groenbedrijf B.V.",
        purpose="Maaien",
        amount_cents=2_000_000,
        decision_reference="CB-1",
    )
    with pytest.raises(ValidationError):
        services.delete_line(user=official, line=green_line, reason="vergissing")
    with pytest.raises(ValidationError, match="already been spent"):
        services.save_line(
            user=official,
            municipality=green_line.municipality,
            year=YEAR,
            place=green_line.place,
            taakveld=green_line.taakveld,
            description="Groen",
            planned_cents=1_000_000,
            line=green_line,
        )


def test_removing_a_line_entered_by_mistake(official, green_line):
    services.delete_line(user=official, line=green_line, reason="dubbel ingevoerd")
    assert not BudgetLine.objects.exists()
    assert AuditEntry.objects.get(action="finance.line.deleted").data["reason"] == "dubbel ingevoerd"


# --- Spending -------------------------------------------------------------------------------------


def _spend(official, line, **kwargs):
    fields = {
        "user": official,
        "line": line,
        "spent_on": datetime.date(YEAR, 1, 1),
        "recipient_kind": "company",
        "recipient_name": "Groenbedrijf B.V.",
        "purpose": "Maaien",
        "amount_cents": 100_00,
        "decision_reference": "CB-1",
    }
    return services.record_expenditure(**{**fields, **kwargs})


def test_spending_goes_to_an_organisation_with_the_decision_that_allowed_it(official, green_line, resident):
    with pytest.raises(PermissionDenied):
        _spend(resident, green_line)
    with pytest.raises(ValidationError, match="decision"):
        _spend(official, green_line, decision_reference="")
    with pytest.raises(ValidationError, match="not a person"):
        _spend(official, green_line, recipient_name="jan@example.org")
    with pytest.raises(ValidationError):
        _spend(official, green_line, recipient_kind="private_person")
    with pytest.raises(ValidationError, match="eight digits"):
        _spend(official, green_line, recipient_kvk="123")
    with pytest.raises(ValidationError, match="outside the budget year"):
        _spend(official, green_line, spent_on=datetime.date(YEAR - 1, 12, 31))
    with pytest.raises(ValidationError, match="Change the plan"):
        _spend(official, green_line, amount_cents=5_000_001)
    assert not Expenditure.objects.exists()
    spent = _spend(official, green_line, recipient_kvk="12345678")
    assert (
        AuditEntry.objects.get(action="finance.expenditure.recorded", object_id=str(spent.pk)).data["amount"] == 10000
    )


def test_spending_linked_to_a_decision_in_the_register(official, municipality, wijk, in_force, body_member, body):
    from samenspel.decisions.services import record_decision

    line = services.save_line(
        user=official,
        municipality=municipality,
        year=YEAR,
        place=wijk,
        taakveld=tv("6.1"),
        description="Wijkbudget",
        planned_cents=1_000_000,
        scope_item=in_force.budget,
    )
    decision = record_decision(
        user=body_member,
        decider_kind="wijk_body",
        body=body,
        place=wijk,
        scope_item=in_force.budget,
        title="Moestuin",
        outcome="adopted",
        rationale="Veel steun.",
        decided_on=datetime.date(YEAR, 1, 1),
        budget_cents=450_000,
    )
    spent = _spend(
        official,
        line,
        decision=decision,
        decision_reference="",
        amount_cents=450_000,
        recipient_kind="residents_group",
        recipient_name="Moestuingroep",
    )
    assert spent.decision == decision and decision.expenditures.get() == spent


# --- Budget monitoring ----------------------------------------------------------------------------


def test_a_question_is_answered_in_public_and_its_author_hears(official, green_line, outsider):
    question = services.ask_question(user=outsider, line=green_line, text="Waar gaat dit geld heen?")
    assert question.answer_due == days(28)
    assert Notification.objects.filter(user=official, subject__contains="question").exists()
    with pytest.raises(PermissionDenied):
        services.answer_question(user=outsider, question=question, answer="zelf")
    services.answer_question(user=official, question=question, answer="Aan maaien en snoeien.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answered_by == official
    assert Notification.objects.filter(user=outsider, subject__contains="answered").exists()
    services.hide_question(user=official, question=question, reason="Scheldwoorden")
    question.refresh_from_db()
    assert question.status == QuestionStatus.HIDDEN


# --- The right to challenge -----------------------------------------------------------------------


def test_who_may_challenge(wijk, collective, org_rep, resident, outsider, other_wijk):
    with pytest.raises(PermissionDenied):
        services.submit_challenge(user=outsider, organisation=collective, place=wijk, **CHALLENGE)
    with pytest.raises(PermissionDenied):
        services.submit_challenge(user=outsider, group_name="Buren", place=wijk, **CHALLENGE)
    with pytest.raises(ValidationError, match="own neighbourhood"):
        services.submit_challenge(user=org_rep, organisation=collective, place=other_wijk, **CHALLENGE)
    with pytest.raises(ValidationError, match="seven"):
        services.submit_challenge(user=org_rep, organisation=collective, place=wijk, **{**CHALLENGE, "why_better": ""})
    group = services.submit_challenge(user=resident, group_name="Buren van het park", place=wijk, **CHALLENGE)
    assert group.challenger_label == "Buren van het park" and group.organisation is None


def test_submitting_starts_the_admissibility_term_and_tells_the_officials(official, challenge):
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert challenge.due_on == days(28)
    assert challenge.events.get().kind == EventKind.SUBMITTED
    assert Notification.objects.filter(user=official, subject__contains=challenge.title).exists()
    assert AuditEntry.objects.filter(action="finance.challenge.submitted").exists()


def test_signatures_online_and_on_paper_count_names_stay_private(challenge, resident, outsider, official, org_rep):
    services.sign_challenge(user=resident, challenge=challenge)
    with pytest.raises(ValidationError):
        services.sign_challenge(user=resident, challenge=challenge)
    with pytest.raises(PermissionDenied):
        services.sign_challenge(user=outsider, challenge=challenge)  # not a resident of the wijk
    with pytest.raises(PermissionDenied):
        services.count_paper_signatures(user=org_rep, challenge=challenge, count=10)
    services.count_paper_signatures(user=official, challenge=challenge, count=40, note="Buurthuis")
    assert services.signature_count(challenge) == {"online": 1, "paper": 40, "total": 41}
    services.unsign_challenge(user=resident, challenge=challenge)
    assert services.signature_count(challenge)["total"] == 40


def test_admissibility_needs_the_signatures_the_verordening_asks(challenge, official, municipality, resident):
    services.save_settings(user=official, municipality=municipality, min_signatures=2, assessment_days=30)
    with pytest.raises(PermissionDenied):
        services.decide_admissibility(user=resident, challenge=challenge, admissible=True, reasons="ja")
    with pytest.raises(ValidationError, match="asks for 2"):
        services.decide_admissibility(user=official, challenge=challenge, admissible=True, reasons="Compleet.")
    services.count_paper_signatures(user=official, challenge=challenge, count=2)
    with pytest.raises(ValidationError):
        services.decide_admissibility(user=official, challenge=challenge, admissible=True, reasons="")
    services.decide_admissibility(user=official, challenge=challenge, admissible=True, reasons="Compleet.")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ADMISSIBLE
    assert challenge.due_on == days(30)
    assert challenge.handler == official


def test_not_admissible_ends_it_with_public_reasons(challenge, official, org_rep):
    services.decide_admissibility(user=official, challenge=challenge, admissible=False, reasons="Geen taak van ons.")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.NOT_ADMISSIBLE and challenge.due_on is None
    assert challenge.events.last().text == "Geen taak van ons."
    assert Notification.objects.filter(user=org_rep, subject__contains="not admissible").exists()


def test_the_assessment_records_every_criterion(challenge, official, municipality):
    services.decide_admissibility(user=official, challenge=challenge, admissible=True, reasons="Compleet.")
    criteria = all_criteria(municipality)
    with pytest.raises(ValidationError):
        services.assess_challenge(
            user=official, challenge=challenge, approved=True, criteria=criteria[:-1], reasons="x"
        )
    services.assess_challenge(
        user=official,
        challenge=challenge,
        approved=False,
        criteria=all_criteria(municipality, "no"),
        reasons="Te duur.",
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.REFUSED
    assert len(challenge.assessment) == 6 and challenge.assessment[0]["verdict"] == "no"
    assert challenge.assessment_reasons == "Te duur."


def test_from_agreement_to_evaluation_the_budget_moves_to_the_challengers(approved, official, municipality, org_rep):
    challenge, source = approved.challenge, approved.line
    assert challenge.status == ChallengeStatus.APPROVED and challenge.due_on == days(56)
    with pytest.raises(ValidationError, match="left to move"):
        services.save_agreement(
            user=official,
            challenge=challenge,
            tasks="Maaien",
            result="Schoon",
            budget_cents=6_000_000,
            source_line=source,
            starts_on=days(0),
            ends_on=days(730),
        )
    with pytest.raises(ValidationError, match="after it starts"):
        services.save_agreement(
            user=official,
            challenge=challenge,
            tasks="Maaien",
            result="Schoon",
            budget_cents=1,
            source_line=source,
            starts_on=days(0),
            ends_on=days(0),
        )
    start = datetime.date(YEAR, 1, 1)
    services.save_agreement(
        user=official,
        challenge=challenge,
        tasks="Maaien en snoeien",
        result="Een schoon park",
        budget_cents=1_800_000,
        source_line=source,
        starts_on=start,
        ends_on=datetime.date(YEAR + 1, 12, 31),
    )
    with pytest.raises(PermissionDenied):
        services.conclude_agreement(user=org_rep, challenge=challenge)
    agreement = services.conclude_agreement(user=official, challenge=challenge)
    challenge.refresh_from_db()
    source.refresh_from_db()
    assert challenge.status == ChallengeStatus.CARRIED_OUT
    assert agreement.status == AgreementStatus.CONCLUDED
    assert source.planned_cents == 3_200_000
    line = agreement.line
    assert (line.planned_cents, line.decided_by, line.place, line.taakveld) == (
        1_800_000,
        DecidedBy.NEIGHBOURHOOD,
        challenge.place,
        source.taakveld,
    )
    assert line.challenge == challenge
    transfer = BudgetTransfer.objects.get()
    assert (transfer.from_line, transfer.to_line, transfer.amount_cents) == (source, line, 1_800_000)
    assert agreement.next_progress_due == days(91) and challenge.due_on == days(91)
    assert set(challenge.events.values_list("kind", flat=True)) >= {"budget_moved", "agreement"}
    assert AuditEntry.objects.filter(action="finance.budget.moved").exists()

    services.record_progress_talk(user=official, challenge=challenge, held_on=days(0), summary="Loopt goed.")
    challenge.refresh_from_db()
    assert challenge.due_on == days(91)
    with pytest.raises(ValidationError):
        services.record_progress_talk(user=official, challenge=challenge, held_on=days(1), summary="Toekomst")
    services.evaluate_challenge(
        user=official, challenge=challenge, evaluation="Het park is schoner.", outcome="continue"
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.EVALUATED and challenge.due_on is None
    assert verify().ok


def test_withdrawing(challenge, org_rep, outsider):
    with pytest.raises(PermissionDenied):
        services.withdraw_challenge(user=outsider, challenge=challenge)
    services.withdraw_challenge(user=org_rep, challenge=challenge, reason="We doen het anders.")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.withdraw_challenge(user=org_rep, challenge=challenge)


# --- Reminders before a term expires --------------------------------------------------------------


def test_reminders_before_and_after_a_term_once_each(official, challenge, municipality, org_rep, outsider, green_line):
    services.save_settings(user=official, municipality=municipality, admissibility_days=28, reminder_days=5)
    due = challenge.due_on
    assert services.send_reminders(today=due - datetime.timedelta(days=6)) == 0
    assert services.send_reminders(today=due - datetime.timedelta(days=5)) == 1  # the official
    assert Notification.objects.filter(user=official, subject__startswith="Term for").count() == 1
    assert services.send_reminders(today=due - datetime.timedelta(days=4)) == 0  # once
    assert services.send_reminders(today=due + datetime.timedelta(days=1)) == 2  # expired: official and challengers
    assert Notification.objects.filter(user=org_rep, subject__contains="has expired").exists()
    assert services.send_reminders(today=due + datetime.timedelta(days=2)) == 0
    question = services.ask_question(user=outsider, line=green_line, text="Waarom?")
    assert services.send_reminders(today=question.answer_due + datetime.timedelta(days=1)) == 1


def test_reminder_command(official, challenge):
    from django.core.management import call_command

    call_command("finance_reminders", "--date", (challenge.due_on + datetime.timedelta(days=1)).isoformat())
    assert Notification.objects.filter(user=official, subject__contains="expired").exists()


# --- The reverse right to challenge ---------------------------------------------------------------


def test_an_offer_bids_and_the_award(official, wijk, green_line, collective, org_rep, resident, municipality):
    offer = services.publish_offer(
        user=official,
        place=wijk,
        title="Plantsoenen",
        task="Wieden en snoeien",
        current_budget_cents=2_400_000,
        budget_line=green_line,
    )
    assert offer.bids_until == days(42)
    with pytest.raises(PermissionDenied):
        services.publish_offer(user=resident, place=wijk, title="X", task="Y", current_budget_cents=1)
    first = services.submit_challenge(user=org_rep, organisation=collective, place=wijk, offer=offer, **CHALLENGE)
    second = services.submit_challenge(user=resident, group_name="Buren", place=wijk, offer=offer, **CHALLENGE)
    assert first.budget_line == green_line and first.is_bid
    for bid in (first, second):
        services.decide_admissibility(user=official, challenge=bid, admissible=True, reasons="Compleet.")
    services.assess_challenge(
        user=official, challenge=first, approved=True, criteria=all_criteria(municipality), reasons="Beste plan."
    )
    offer.refresh_from_db()
    second.refresh_from_db()
    assert offer.status == OfferStatus.AWARDED
    assert second.status == ChallengeStatus.REFUSED and "Bewonerscollectief Park" in second.assessment_reasons
    with pytest.raises(ValidationError):
        services.submit_challenge(user=resident, group_name="Laat", place=wijk, offer=offer, **CHALLENGE)


def test_an_offer_closes_for_bids_when_its_period_ends(official, wijk):
    offer = services.publish_offer(
        user=official, place=wijk, title="Plantsoenen", task="Wieden", current_budget_cents=1, bids_until=days(3)
    )
    services.send_reminders(today=days(4))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ASSESSING and not services.offer_is_open(offer, days(4))


# --- Community assets and the right to bid --------------------------------------------------------


def test_nominate_list_announce_bid_and_decide(official, wijk, collective, org_rep, resident, monkeypatch):
    asset_fields = {"name": "Buurthuis", "kind": "building", "owner": "Gemeente", "community_value": "Ontmoeting"}
    with pytest.raises(PermissionDenied):
        services.nominate_asset(user=resident, organisation=collective, place=wijk, **asset_fields)
    asset = services.nominate_asset(user=org_rep, organisation=collective, place=wijk, **asset_fields)
    assert asset.status == AssetStatus.NOMINATED
    services.decide_nomination(user=official, asset=asset, listed=True, reasons="Belangrijk voor de wijk.")
    services.announce_disposal(user=official, asset=asset, disposal_kind="sale", plan="Verkoop", bids_until=days(10))
    bid = services.bid_on_asset(
        user=org_rep,
        asset=asset,
        organisation=collective,
        plan="Wij nemen het over",
        support_description="Veertig buren",
        offer_cents=100,
    )
    with pytest.raises(ValidationError):
        services.bid_on_asset(
            user=org_rep, asset=asset, organisation=collective, plan="Nog een", support_description="-"
        )
    with pytest.raises(PermissionDenied):
        services.withdraw_asset_bid(user=resident, bid=bid)
    services.withdraw_asset_bid(user=org_rep, bid=bid)
    bid = services.bid_on_asset(
        user=org_rep, asset=asset, organisation=collective, plan="Beter plan", support_description="Zestig buren"
    )
    with pytest.raises(ValidationError, match="decide after that"):
        services.decide_asset(user=official, asset=asset, decision="Verkocht aan de buurt", accepted_bid=bid)
    monkeypatch.setattr(services, "_today", lambda: days(11))
    with pytest.raises(ValidationError, match="reason"):
        services.decide_asset(user=official, asset=asset, decision="Verkocht aan de markt")
    services.decide_asset(
        user=official,
        asset=asset,
        decision="Verkocht aan de buurt",
        accepted_bid=bid,
        reasons={bid.pk: "Het beste plan"},
    )
    asset.refresh_from_db()
    bid.refresh_from_db()
    assert asset.status == AssetStatus.DECIDED and bid.outcome == BidOutcome.ACCEPTED
    assert Notification.objects.filter(user=org_rep, subject__contains="Buurthuis").exists()


def test_a_resident_cannot_keep_the_register(resident, wijk):
    with pytest.raises(PermissionDenied):
        services.add_asset(user=resident, place=wijk, name="X", kind="land", owner="Y", community_value="Z")


def test_roles_for_place_cover_what_lies_below(make_user, wijk, buurt, municipality):
    wijk_official = make_user(Role.AREA_OFFICIAL, wijk)
    assert wijk_official.has_perm("finance.manage_budget", buurt)
    assert not wijk_official.has_perm("finance.manage_budget", municipality)
    assert not wijk_official.has_perm("finance.manage_settings", municipality)
