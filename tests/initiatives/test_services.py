"""Ideas and the idea broker's case flow: every transition and its guard, support, comments,
help, moderation, support requests with their answers, and the obstacle register."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenspel.core import audit
from samenspel.core.models import AuditEntry, Channel
from samenspel.initiatives import services
from samenspel.initiatives.models import (
    AbuseReport,
    CaseEvent,
    CaseStatus,
    Comment,
    Idea,
    KillerPhrase,
    Obstacle,
    ObstacleStatus,
    ReportStatus,
    ServiceLevel,
    SupportOutcome,
)
from samenspel.initiatives.workdays import add_working_days
from samenspel.notifications.models import Notification
from samenspel.notifications.services import follow

from .conftest import in_conversation


def today():
    return timezone.localdate()


def notified(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


# --- Submitting -----------------------------------------------------------------------------


def test_a_resident_submits_an_idea(resident, neighbour, wijk):
    follow(user=neighbour, place=wijk)
    follow(user=resident, place=wijk)
    idea = services.submit_idea(
        user=resident, place=wijk, title="<b>Bankjes</b> & bloemen", description="Bankjes *langs* de vijver."
    )
    assert idea.title == "Bankjes & bloemen"
    assert idea.author == resident and idea.entered_by == resident and idea.channel == Channel.ONLINE
    assert idea.status == CaseStatus.INTAKE
    assert idea.first_contact_due == add_working_days(today(), 5)
    event = idea.events.get()
    assert (event.from_status, event.to_status) == ("", CaseStatus.INTAKE)
    assert AuditEntry.objects.filter(action="initiatives.idea.submitted", object_id=str(idea.pk)).exists()
    assert notified(neighbour) and not notified(resident)  # the wijk's followers hear it, not the submitter


def test_the_service_level_sets_the_first_contact_date(resident, wijk, municipality):
    ServiceLevel.objects.create(municipality=municipality, first_contact_days=2, support_answer_days=10)
    idea = services.submit_idea(user=resident, place=wijk, title="Buurtfeest", description="In juni.")
    assert idea.first_contact_due == add_working_days(today(), 2)


def test_anyone_logged_in_may_propose_for_any_neighbourhood(stranger, other_wijk):
    idea = services.submit_idea(user=stranger, place=other_wijk, title="Fietsenrek", description="Bij de bieb.")
    assert idea.author == stranger


def test_the_same_submission_twice_makes_one_idea(resident, neighbour, wijk):
    key = "k" * 32
    fields = {"place": wijk, "title": "Buurtfeest", "description": "In juni.", "submission_key": key}
    first = services.submit_idea(user=resident, **fields)
    again = services.submit_idea(user=resident, **fields)
    assert again.pk == first.pk and Idea.objects.count() == 1
    assert AuditEntry.objects.filter(action="initiatives.idea.submitted").count() == 1
    # Someone else's key finds nothing of theirs: it cannot be used to reach another's idea, and the
    # unique key refuses a second idea under it.
    with pytest.raises(ValidationError):
        services.submit_idea(user=neighbour, place=wijk, title="Ander", description="Iets.", submission_key=key)
    assert Idea.objects.count() == 1
    with pytest.raises(ValidationError):
        services.submit_idea(user=resident, place=wijk, title="X", description="Y", submission_key="short")
    assert Idea.objects.count() == 1


def test_anonymous_visitors_cannot_submit(wijk):
    with pytest.raises(PermissionDenied):
        services.submit_idea(user=AnonymousUser(), place=wijk, title="x", description="y")


def test_bad_input_is_refused_and_nothing_is_saved(resident, wijk, municipality):
    with pytest.raises(ValidationError) as error:
        services.submit_idea(user=resident, place=wijk, title=" ", description="", kind="poll", ownership=7)
    assert set(error.value.error_dict) == {"title", "description", "kind", "ownership"}
    with pytest.raises(ValidationError):
        services.submit_idea(user=resident, place=municipality, title="Idee", description="Voor de hele stad.")
    with pytest.raises(ValidationError):
        services.submit_idea(user=resident, place=wijk, title="x" * 151, description="y")
    assert not Idea.objects.exists() and not CaseEvent.objects.exists()


def test_staff_enter_ideas_from_paper_on_someones_behalf(official, resident, wijk):
    with pytest.raises(PermissionDenied):
        services.submit_idea(
            user=resident, place=wijk, title="x", description="y", channel=Channel.PAPER, on_behalf_of="buurman"
        )
    with pytest.raises(ValidationError) as error:
        services.submit_idea(user=official, place=wijk, title="Jeu de boules", description="Baan", channel="paper")
    assert "on_behalf_of" in error.value.error_dict
    idea = services.submit_idea(
        user=official,
        place=wijk,
        title="Jeu de boules-baan",
        description="Een baan bij het buurthuis.",
        channel=Channel.PHONE,
        on_behalf_of="een bewoner van de Oosterparkwijk",
        contact_note="06-12345678, na 18 uur",
    )
    assert idea.author is None and idea.entered_by == official and idea.channel == Channel.PHONE
    assert idea.initiator_label == "een bewoner van de Oosterparkwijk"
    assert idea.contact_note == "06-12345678, na 18 uur"


def test_an_official_of_another_municipality_cannot_enter_on_behalf(other_official, wijk):
    with pytest.raises(PermissionDenied):
        services.submit_idea(
            user=other_official, place=wijk, title="x", description="y", channel="paper", on_behalf_of="iemand"
        )


def test_the_initiator_changes_the_idea_only_while_it_is_being_received(idea, resident, neighbour, official):
    services.change_idea(user=resident, idea=idea, title="Moestuin bij de school", description="Nieuw.")
    idea.refresh_from_db()
    assert idea.title == "Moestuin bij de school"
    with pytest.raises(PermissionDenied):
        services.change_idea(user=neighbour, idea=idea, title="Weg", description="Weg.")
    in_conversation(official, idea)
    with pytest.raises(PermissionDenied):
        services.change_idea(user=resident, idea=idea, title="Later", description="Later.")
    services.change_idea(user=official, idea=idea, title="Moestuin", description="Door de makelaar.", ownership=2)
    idea.refresh_from_db()
    assert idea.ownership == 2
    entry = AuditEntry.objects.filter(action="initiatives.idea.changed").last()
    assert set(entry.data["fields"]) == {"title", "description", "ownership"}


def test_the_initiator_withdraws_and_posts_updates(idea, resident, neighbour):
    with pytest.raises(PermissionDenied):
        services.withdraw_idea(user=neighbour, idea=idea)
    with pytest.raises(PermissionDenied):
        services.post_update(user=neighbour, idea=idea, note="Hallo")
    with pytest.raises(ValidationError):
        services.post_update(user=resident, idea=idea, note="  ")
    event = services.post_update(user=resident, idea=idea, note="De school doet mee!")
    assert event.from_status == event.to_status == CaseStatus.INTAKE
    services.withdraw_idea(user=resident, idea=idea, reason="We verhuizen.")
    idea.refresh_from_db()
    assert idea.status == CaseStatus.CLOSED
    assert "We verhuizen." in idea.events.last().note
    with pytest.raises(PermissionDenied):
        services.withdraw_idea(user=resident, idea=idea)


# --- The case flow --------------------------------------------------------------------------


def test_first_contact_moves_the_case_and_names_the_broker(idea, official, resident):
    in_conversation(official, idea)
    idea.refresh_from_db()
    assert idea.status == CaseStatus.IN_CONVERSATION
    assert idea.first_contact_on == today() and idea.broker == official
    assert notified(resident)  # the initiator hears of each step
    assert not notified(official)


def test_steps_cannot_be_skipped_from_intake(idea, official):
    for status in ("connected", "support_requested", "running", "completed", "accounted_for"):
        with pytest.raises(ValidationError):
            services.move_case(user=official, idea=idea, to_status=status)
    with pytest.raises(ValidationError):
        services.move_case(user=official, idea=idea, to_status="nonsense")
    idea.refresh_from_db()
    assert idea.status == CaseStatus.INTAKE and idea.events.count() == 1


def test_connected_needs_a_connection(idea, official, other_wijk, stranger):
    in_conversation(official, idea)
    with pytest.raises(ValidationError):
        services.move_case(user=official, idea=idea, to_status="connected")
    other = services.submit_idea(user=stranger, place=other_wijk, title="Schooltuin", description="Ook een tuin.")
    with pytest.raises(ValidationError):
        services.connect(user=official, idea=idea)  # neither an idea nor a name
    with pytest.raises(ValidationError):
        services.connect(user=official, idea=idea, other_idea=other, name="Ook iemand")  # both
    with pytest.raises(ValidationError):
        services.connect(user=official, idea=idea, other_idea=idea)  # itself
    services.connect(user=official, idea=idea, other_idea=other, note="Zelfde school")
    idea.refresh_from_db()
    assert idea.status == CaseStatus.CONNECTED  # connecting moves a case in conversation on


def test_support_requested_needs_a_support_request(idea, official):
    in_conversation(official, idea)
    with pytest.raises(ValidationError):
        services.move_case(user=official, idea=idea, to_status="support_requested")
    services.request_support(user=official, idea=idea, kind="in_kind", description="Gereedschap")
    idea.refresh_from_db()
    assert idea.status == CaseStatus.SUPPORT_REQUESTED


def test_the_whole_flow_to_accounted_for(idea, official, municipality, wijk):
    from samenspel.decisions.models import AccountabilityReport

    in_conversation(official, idea)
    services.connect(user=official, idea=idea, name="Buurtcentrum De Pijp", note="Heeft een tuinploeg")
    services.request_support(user=official, idea=idea, kind="money", description="Zaad", amount_cents=25000)
    services.move_case(user=official, idea=idea, to_status="running", note="De eerste spade!")
    services.move_case(user=official, idea=idea, to_status="completed")
    with pytest.raises(ValidationError):
        services.move_case(user=official, idea=idea, to_status="accounted_for")
    AccountabilityReport.objects.create(
        place=wijk,
        idea=idea,
        title="Zo ging de moestuin",
        audience="wijk",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    services.move_case(user=official, idea=idea, to_status="accounted_for")
    idea.refresh_from_db()
    assert idea.status == CaseStatus.ACCOUNTED_FOR
    steps = [e.to_status for e in idea.events.all() if e.from_status != e.to_status]
    assert steps == [
        "intake",
        "in_conversation",
        "connected",
        "support_requested",
        "running",
        "completed",
        "accounted_for",
    ]
    assert services.next_steps(idea) == []
    assert audit.verify().ok


def test_a_case_may_skip_support_and_run_straight_away(idea, official):
    in_conversation(official, idea)
    services.move_case(user=official, idea=idea, to_status="running")
    assert Idea.objects.get(pk=idea.pk).status == CaseStatus.RUNNING


def test_the_contact_note_goes_when_the_case_ends(official, wijk):
    idea = services.submit_idea(
        user=official,
        place=wijk,
        title="Buurtkast",
        description="Een ruilkast.",
        channel="phone",
        on_behalf_of="een buurvrouw",
        contact_note="06-12345678",
    )
    services.move_case(user=official, idea=idea, to_status="in_conversation")
    assert Idea.objects.get(pk=idea.pk).contact_note == "06-12345678"
    services.move_case(user=official, idea=idea, to_status="closed", note="Past beter bij de bibliotheek.")
    assert Idea.objects.get(pk=idea.pk).contact_note == ""


def test_closing_needs_a_reason_and_is_final(idea, official):
    with pytest.raises(ValidationError) as error:
        services.move_case(user=official, idea=idea, to_status="closed")
    assert "note" in error.value.error_dict
    services.move_case(user=official, idea=idea, to_status="closed", note="De initiatiefnemer is onbereikbaar.")
    with pytest.raises(ValidationError):
        services.move_case(user=official, idea=idea, to_status="in_conversation")
    with pytest.raises(ValidationError):
        services.request_support(user=official, idea=idea, kind="expertise", description="Advies")


def test_only_staff_covering_the_place_act_as_broker(idea, resident, other_official, facilitator):
    with pytest.raises(PermissionDenied):
        services.move_case(user=resident, idea=idea, to_status="in_conversation")
    with pytest.raises(PermissionDenied):
        services.move_case(user=other_official, idea=idea, to_status="in_conversation")
    services.move_case(user=facilitator, idea=idea, to_status="in_conversation")


# --- Support, comments, help ----------------------------------------------------------------


def test_one_support_per_person(idea, neighbour):
    services.support(user=neighbour, idea=idea)
    with pytest.raises(ValidationError):
        services.support(user=neighbour, idea=idea)
    assert Idea.objects.get(pk=idea.pk).support_count == 1
    services.unsupport(user=neighbour, idea=idea)
    assert Idea.objects.get(pk=idea.pk).support_count == 0
    with pytest.raises(ValidationError):
        services.unsupport(user=neighbour, idea=idea)
    with pytest.raises(PermissionDenied):
        services.support(user=AnonymousUser(), idea=idea)


def test_staff_add_support_gathered_offline(idea, official, neighbour):
    services.support(user=neighbour, idea=idea)
    with pytest.raises(PermissionDenied):
        services.add_support_on_behalf(user=neighbour, idea=idea, channel="paper", on_behalf_of="lijst", count=3)
    with pytest.raises(ValidationError):
        services.add_support_on_behalf(user=official, idea=idea, channel="online", on_behalf_of="lijst")
    with pytest.raises(ValidationError):
        services.add_support_on_behalf(user=official, idea=idea, channel="paper", on_behalf_of="lijst", count=0)
    services.add_support_on_behalf(
        user=official, idea=idea, channel=Channel.PAPER, on_behalf_of="handtekeningenlijst buurthuis", count=23
    )
    idea.refresh_from_db()
    assert idea.support_count == 24
    assert idea.supports.filter(channel="paper", user=None, entered_by=official).count() == 23


def test_a_closed_idea_takes_no_more_support(idea, official, neighbour):
    services.move_case(user=official, idea=idea, to_status="closed", note="Gestopt.")
    with pytest.raises(ValidationError):
        services.support(user=neighbour, idea=idea)


def test_a_comment_reaches_the_initiator_and_followers(idea, resident, neighbour, stranger):
    follow(user=stranger, idea=idea)
    services.comment(user=neighbour, idea=idea, text="Ik heb nog een kruiwagen!")
    assert notified(resident) and notified(stranger) and not notified(neighbour)
    with pytest.raises(ValidationError):
        services.comment(user=neighbour, idea=idea, text=" ")
    with pytest.raises(ValidationError):
        services.comment(user=neighbour, idea=idea, text="x" * 2001)
    assert Comment.objects.count() == 1


def test_offering_help(idea, neighbour, resident):
    offer = services.offer_help(user=neighbour, idea=idea, role="doer", note="Zaterdagen")
    assert offer.role == "doer"
    services.offer_help(user=neighbour, idea=idea, role="thinker")
    with pytest.raises(ValidationError):
        services.offer_help(user=neighbour, idea=idea, role="doer")
    with pytest.raises(ValidationError):
        services.offer_help(user=neighbour, idea=idea, role="boss")
    assert len(notified(resident)) == 2


# --- Moderation -----------------------------------------------------------------------------


def test_reports_hide_and_show_an_idea(idea, neighbour, stranger, official, resident):
    report = services.report_abuse(user=neighbour, idea=idea, reason="Reclame")
    with pytest.raises(ValidationError):
        services.report_abuse(user=neighbour, idea=idea, reason="Nog eens")
    with pytest.raises(ValidationError):
        services.report_abuse(user=stranger, idea=idea, reason="  ")
    with pytest.raises(PermissionDenied):
        services.hide_idea(user=neighbour, idea=idea, reason="Reclame")
    with pytest.raises(ValidationError):
        services.hide_idea(user=official, idea=idea, reason="")
    services.hide_idea(user=official, idea=idea, reason="Reclame voor een bedrijf")
    idea.refresh_from_db()
    report.refresh_from_db()
    assert idea.is_hidden and idea.hidden_reason == "Reclame voor een bedrijf"
    assert report.status == ReportStatus.HIDDEN and report.handled_by == official
    assert not stranger.has_perm("initiatives.view_idea", idea)
    assert resident.has_perm("initiatives.view_idea", idea)  # the initiator still sees it, with the reason
    with pytest.raises(PermissionDenied):
        services.support(user=stranger, idea=idea)
    with pytest.raises(PermissionDenied):
        services.comment(user=stranger, idea=idea, text="Hallo")
    services.unhide_idea(user=official, idea=idea)
    idea.refresh_from_db()
    assert not idea.is_hidden and idea.hidden_reason == ""
    with pytest.raises(ValidationError):
        services.unhide_idea(user=official, idea=idea)


def test_comments_are_reported_hidden_and_dismissed(idea, neighbour, stranger, official):
    comment = services.comment(user=neighbour, idea=idea, text="Vervelende opmerking")
    report = services.report_abuse(user=stranger, comment=comment, reason="Beledigend")
    services.hide_comment(user=official, comment=comment, reason="Beledigend naar een buurman")
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.is_hidden and report.status == ReportStatus.HIDDEN
    services.unhide_comment(user=official, comment=comment)
    second = services.report_abuse(user=stranger, comment=comment, reason="Toch beledigend")
    with pytest.raises(PermissionDenied):
        services.dismiss_report(user=stranger, report=second)
    services.dismiss_report(user=official, report=second)
    assert AbuseReport.objects.get(pk=second.pk).status == ReportStatus.DISMISSED
    with pytest.raises(ValidationError):
        services.dismiss_report(user=official, report=second)


# --- Support requests -----------------------------------------------------------------------


@pytest.fixture
def money_request(idea, official, resident):
    in_conversation(official, idea)
    return services.request_support(
        user=resident, idea=idea, kind="money", description="Hout voor de bakken", amount_cents=50000
    )


def test_requesting_support(idea, resident, neighbour, municipality):
    ServiceLevel.objects.create(municipality=municipality, first_contact_days=5, support_answer_days=10)
    with pytest.raises(PermissionDenied):
        services.request_support(user=neighbour, idea=idea, kind="money", description="x", amount_cents=100)
    with pytest.raises(ValidationError) as error:
        services.request_support(user=resident, idea=idea, kind="money", description="Geld")
    assert "amount" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.request_support(user=resident, idea=idea, kind="gift", description="x")
    request = services.request_support(user=resident, idea=idea, kind="expertise", description="Tuinadvies")
    assert request.outcome == SupportOutcome.OPEN
    assert request.answer_due == add_working_days(today(), 10)
    idea.refresh_from_db()
    assert idea.status == CaseStatus.INTAKE  # no first contact yet: the case does not jump ahead


def test_granting(money_request, official):
    services.decide_support(user=official, request=money_request, outcome="granted")
    money_request.refresh_from_db()
    assert money_request.granted_cents == 50000 and money_request.decided_by == official
    with pytest.raises(ValidationError):
        services.decide_support(user=official, request=money_request, outcome="refused", reason="x", category="x")


def test_only_staff_answer(money_request, resident):
    with pytest.raises(PermissionDenied):
        services.decide_support(user=resident, request=money_request, outcome="granted")


def test_partly_granted_needs_an_amount_below_the_request_and_a_reason(money_request, official):
    with pytest.raises(ValidationError) as error:
        services.decide_support(user=official, request=money_request, outcome="partly")
    assert {"reason", "granted"} <= set(error.value.error_dict)
    with pytest.raises(ValidationError):
        services.decide_support(
            user=official, request=money_request, outcome="partly", reason="Te duur", granted_cents=50000
        )
    services.decide_support(
        user=official, request=money_request, outcome="partly", reason="Alleen het hout", granted_cents=30000
    )
    money_request.refresh_from_db()
    assert money_request.outcome == SupportOutcome.PARTLY and money_request.granted_cents == 30000


def test_a_refusal_carries_a_category_and_reason_and_is_an_obstacle(money_request, official, resident):
    with pytest.raises(ValidationError) as error:
        services.decide_support(user=official, request=money_request, outcome="refused")
    assert {"reason", "category"} <= set(error.value.error_dict)
    money_request.refresh_from_db()
    assert money_request.outcome == SupportOutcome.OPEN and not Obstacle.objects.exists()  # nothing half-done
    before = len(notified(resident))
    services.decide_support(
        user=official,
        request=money_request,
        outcome="refused",
        reason="Het subsidieplafond is bereikt.",
        category="financial",
        rule_or_department="Subsidieregeling leefbaarheid",
    )
    obstacle = Obstacle.objects.get()
    assert obstacle.idea_id == money_request.idea_id and obstacle.category == "financial"
    assert obstacle.rule_or_department == "Subsidieregeling leefbaarheid"
    assert len(notified(resident)) == before + 1
    assert "subsidieplafond" in money_request.idea.events.last().note


@pytest.mark.parametrize("vague", ["", "de provincie", "Een collega", "elders", "Welzijn", "Jan"])
def test_a_referral_names_who_takes_over(money_request, official, vague):
    with pytest.raises(ValidationError) as error:
        services.decide_support(user=official, request=money_request, outcome="referred", referred_to=vague)
    assert "referred_to" in error.value.error_dict


def test_a_named_referral_is_accepted(money_request, official):
    services.decide_support(
        user=official, request=money_request, outcome="referred", referred_to="Jan de Vries, Oranjefonds"
    )
    money_request.refresh_from_db()
    assert money_request.outcome == SupportOutcome.REFERRED and money_request.referred_to == "Jan de Vries, Oranjefonds"


# --- Obstacles ------------------------------------------------------------------------------


def test_the_initiator_logs_an_obstacle_with_the_phrase_they_heard(idea, resident, neighbour, wijk):
    phrase = KillerPhrase.objects.get(number=14)
    obstacle = services.log_obstacle(
        user=resident,
        idea=idea,
        killer_phrase=phrase,
        description="Een moestuin mag hier niet.",
        rule_or_department="Bestemmingsplan Oosterpark",
    )
    assert obstacle.category == "regulation" and obstacle.place == wijk and obstacle.reported_on == today()
    assert obstacle.status == ObstacleStatus.REPORTED
    with pytest.raises(PermissionDenied):
        services.log_obstacle(user=neighbour, idea=idea, killer_phrase=phrase, description="x")


def test_staff_log_obstacles_without_an_idea(official, resident, wijk, municipality):
    with pytest.raises(PermissionDenied):
        services.log_obstacle(user=resident, place=wijk, category="procedure", description="Formulier")
    with pytest.raises(ValidationError) as error:
        services.log_obstacle(
            user=official, place=municipality, description="", reported_on=today() + datetime.timedelta(days=1)
        )
    assert {"category", "description", "reported_on"} <= set(error.value.error_dict)
    obstacle = services.log_obstacle(
        user=official,
        place=municipality,
        category="procedure",
        description="Drie formulieren voor één feest",
        reported_on=today() - datetime.timedelta(days=30),
    )
    assert obstacle.idea is None and obstacle.reported_on == today() - datetime.timedelta(days=30)


def test_dealing_with_an_obstacle(idea, resident, official):
    obstacle = services.log_obstacle(user=resident, idea=idea, category="priority", description="Ligt op de stapel")
    with pytest.raises(PermissionDenied):
        services.update_obstacle(user=resident, obstacle=obstacle, status="resolved", resolution="Zelf opgelost")
    with pytest.raises(ValidationError):
        services.update_obstacle(user=official, obstacle=obstacle, status="resolved")
    with pytest.raises(ValidationError):
        services.update_obstacle(user=official, obstacle=obstacle, status="not_solvable")
    with pytest.raises(ValidationError):
        services.update_obstacle(
            user=official,
            obstacle=obstacle,
            status="resolved",
            resolution="x",
            resolved_on=obstacle.reported_on - datetime.timedelta(days=1),
        )
    services.update_obstacle(user=official, obstacle=obstacle, status="in_progress", escalated=True)
    services.update_obstacle(user=official, obstacle=obstacle, status="resolved", resolution="Nu opgepakt.")
    obstacle.refresh_from_db()
    assert obstacle.status == "resolved" and obstacle.resolved_on == today() and obstacle.escalated
    services.update_obstacle(user=official, obstacle=obstacle, status="in_progress")
    obstacle.refresh_from_db()
    assert obstacle.resolved_on is None
    assert notified(resident)  # the initiator hears what happened to the obstacle


def test_the_obstacle_report_counts_the_period(official, municipality, wijk, other_official, other_municipality):
    phrase = KillerPhrase.objects.get(number=1)
    long_ago = today() - datetime.timedelta(days=400)
    services.log_obstacle(
        user=official,
        place=wijk,
        killer_phrase=phrase,
        description="a",
        reported_on=today() - datetime.timedelta(days=20),
    )
    services.log_obstacle(
        user=official,
        place=municipality,
        category="referral",
        description="b",
        reported_on=today() - datetime.timedelta(days=10),
    )
    services.log_obstacle(user=official, place=wijk, category="procedure", description="old", reported_on=long_ago)
    services.log_obstacle(user=other_official, place=other_municipality, category="procedure", description="elders")
    report = services.obstacle_report(municipality, today() - datetime.timedelta(days=365), today())
    assert report["total"].count == 2
    assert {g.key: g.count for g in report["by_category"]} == {"financial": 1, "referral": 1}
    assert report["total"].median_days_open == 15
    assert report["phrases"] == [("Past niet in de subsidiecriteria", 1)]


# --- Similar ideas --------------------------------------------------------------------------


def test_similar_ideas_in_the_same_municipality_only(
    resident, official, wijk, other_wijk, other_official, other_municipality
):
    park = services.submit_idea(
        user=resident,
        place=other_wijk,
        title="Nieuwe speeltoestellen in het park",
        description="De speeltoestellen in het park zijn oud.",
    )
    services.submit_idea(user=resident, place=wijk, title="Parkeren", description="Te weinig parkeerplekken.")
    hidden = services.submit_idea(user=resident, place=wijk, title="Speeltuin park", description="Speeltuin park")
    services.hide_idea(user=official, idea=hidden, reason="Dubbel")
    marum = other_municipality.children.get()
    services.submit_idea(user=resident, place=marum, title="Speeltuin in het park", description="Speeltuin park")
    found = services.suggest_similar(wijk, "Speeltuin in het park", "Een speeltuin in het park voor de kinderen.")
    assert [i for i, _score in found] == [park]
