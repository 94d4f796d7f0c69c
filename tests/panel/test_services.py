"""Panel services: who may do what, and what they refuse."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from samenspel.accounts.models import Role
from samenspel.core.models import AuditEntry, Channel
from samenspel.notifications.models import Notification
from samenspel.panel import services
from samenspel.panel.models import Invitation, JoinedVia, MemberStatus, PanelMember, QuestionKind, Response
from samenspel.places.models import Place, PlaceKind

from .conftest import DAY, answers_for, make_consultation


def test_only_staff_create_panels_and_consultations(panel, resident, wijk, other_wijk, make_user):
    assert panel.place == wijk
    assert AuditEntry.objects.filter(action="panel.created").exists()
    with pytest.raises(PermissionDenied):
        services.create_panel(user=resident, place=wijk, title="Mine")
    other_official = make_user(Role.AREA_OFFICIAL, other_wijk)
    with pytest.raises(PermissionDenied):
        services.create_consultation(
            user=other_official, place=wijk, title="x", opens_at=timezone.now(), closes_at=timezone.now() + DAY
        )


def test_consultation_and_question_validation(official, panel, wijk):
    now = timezone.now()
    with pytest.raises(ValidationError) as err:
        services.create_consultation(user=official, place=wijk, title="x", opens_at=now, closes_at=now)
    assert "closes_at" in err.value.error_dict
    c = services.create_consultation(
        user=official, place=wijk, panel=panel, title="x", opens_at=now + DAY, closes_at=now + 2 * DAY
    )
    with pytest.raises(ValidationError) as err:
        services.add_question(
            user=official, consultation=c, kind=QuestionKind.SINGLE, text="Pick", options=["only one"]
        )
    assert "options" in err.value.error_dict
    with pytest.raises(ValidationError):
        services.add_question(
            user=official, consultation=c, kind=QuestionKind.MULTIPLE, text="Pick", options=["a", "a"]
        )
    with pytest.raises(ValidationError) as err:
        services.add_question(user=official, consultation=c, kind=QuestionKind.SCALE, text="How", scale=(1, 7))
    assert "scale" in err.value.error_dict
    q = services.add_question(user=official, consultation=c, kind=QuestionKind.SCALE, text="How", scale=(0, 10))
    assert q.scale_values == list(range(11))
    c.opens_at = now - DAY
    c.save()
    with pytest.raises(ValidationError):
        services.add_question(user=official, consultation=c, kind=QuestionKind.TEXT, text="Late")
    with pytest.raises(ValidationError):
        services.remove_question(user=official, question=q)


def test_join_by_signup_and_rejoin(panel, resident):
    member = services.join_panel(user=resident, panel=panel)
    assert member.joined_via == JoinedVia.SIGNUP and member.status == MemberStatus.ACTIVE and member.number == 1
    with pytest.raises(ValidationError):
        services.join_panel(user=resident, panel=panel)
    services.leave_panel(user=resident, member=member)
    again = services.join_panel(user=resident, panel=panel)
    assert again.pk == member.pk and again.status == MemberStatus.ACTIVE


def test_signup_closed_panel_refuses(panel, resident):
    panel.signup_open = False
    panel.save()
    with pytest.raises(ValidationError):
        services.join_panel(user=resident, panel=panel)


def test_invitation_codes_are_stored_hashed_and_accepted_once(official, panel, resident):
    batch = services.issue_invitation_codes(user=official, panel=panel, count=3)
    assert len(batch.codes) == 3 and all(len(c) == 14 for c in batch.codes)
    stored = set(PanelMember.objects.values_list("code_hash", flat=True))
    assert not any(c.replace("-", "") in h for c in batch.codes for h in stored)
    member = services.accept_invitation(user=None, code=batch.codes[0].lower().replace("-", " "))
    assert member.status == MemberStatus.ACTIVE and member.user is None and member.joined_via == JoinedVia.LOT
    # Accepting again with an account ties the membership to it.
    linked = services.accept_invitation(user=resident, code=batch.codes[0])
    assert linked.user == resident
    with pytest.raises(ValidationError):
        services.accept_invitation(user=None, code="AAAA-BBBB-CCCC")
    with pytest.raises(ValidationError):  # one account, one membership per panel
        services.accept_invitation(user=resident, code=batch.codes[1])
    with pytest.raises(PermissionDenied):
        services.issue_invitation_codes(user=resident, panel=panel, count=3)


def test_profile_needs_consent_and_allows_declining(panel, resident, make_user, wijk):
    buurt = Place.objects.create(kind=PlaceKind.BUURT, name="Damsterbuurt", slug="damsterbuurt", parent=wijk)
    member = services.join_panel(user=resident, panel=panel)
    services.save_profile(user=resident, member=member, consent=False, age_band="65+", gender="woman")
    member.refresh_from_db()
    assert member.consent_at is None and member.age_band == "" and member.profile() == {}
    services.save_profile(user=resident, member=member, consent=True, age_band="65+", gender="", buurt=buurt)
    member.refresh_from_db()
    assert member.profile() == {
        "age_band": "65+",
        "gender": "",
        "buurt": str(buurt.pk),
        "household": "",
        "education": "",
    }
    with pytest.raises(ValidationError):
        services.save_profile(user=resident, member=member, consent=True, age_band="12-15")
    with pytest.raises(PermissionDenied):
        services.save_profile(user=make_user(Role.RESIDENT, wijk), member=member, consent=True)


def test_pause_resume_and_leave(panel, resident, consultation):
    member = services.join_panel(user=resident, panel=panel)
    services.save_profile(user=resident, member=member, consent=True, age_band="25-44")
    services.submit_response(user=resident, consultation=consultation, answers=answers_for(consultation))
    with pytest.raises(ValidationError):
        services.pause_membership(user=resident, member=member, until=timezone.localdate())
    with pytest.raises(ValidationError):
        services.pause_membership(
            user=resident, member=member, until=timezone.localdate() + datetime.timedelta(days=400)
        )
    services.pause_membership(user=resident, member=member, until=timezone.localdate() + datetime.timedelta(days=30))
    member.refresh_from_db()
    assert member.status == MemberStatus.PAUSED and not member.can_be_asked()
    services.resume_membership(user=resident, member=member)
    services.leave_panel(user=resident, member=member)
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT and member.profile() == {} and member.age_band == ""
    response = Response.objects.get(consultation=consultation)
    assert response.member is None and response.user is None
    assert response.profile["age_band"] == "25-44"  # the results do not change afterwards


def _members(official, panel, n):
    batch = services.issue_invitation_codes(user=official, panel=panel, count=n)
    return [services.accept_invitation(user=None, code=c) for c in batch.codes]


def test_invite_skips_paused_and_fatigued_members(official, panel, resident, make_user, wijk):
    members = _members(official, panel, 4)
    account_member = services.join_panel(user=resident, panel=panel)
    services.pause_membership(user=None, member=members[0], until=timezone.localdate() + DAY, by_code=True)
    first = make_consultation(official, panel)
    result = services.invite_members(user=official, consultation=first)
    assert (result.invited, result.notified, result.by_letter, result.paused, result.over_limit) == (4, 1, 3, 1, 0)
    assert Notification.objects.filter(user=resident).count() == 1
    # Inviting again asks nobody twice.
    assert services.invite_members(user=official, consultation=first).already == 4
    second = make_consultation(official, panel)
    services.invite_members(user=official, consultation=second)
    third = make_consultation(official, panel)
    result = services.invite_members(user=official, consultation=third)  # max_requests is 2 per 90 days
    assert result.invited == 0 and result.over_limit == 4 and result.paused == 1
    # Invitations older than the period no longer count.
    Invitation.objects.filter(member=account_member).update(invited_at=timezone.now() - 100 * DAY)
    assert services.invite_members(user=official, consultation=third).invited == 1
    with pytest.raises(PermissionDenied):
        services.invite_members(user=resident, consultation=third)


def test_invite_refuses_open_to_all_and_closed(official, panel, wijk):
    open_to_all = make_consultation(official, panel)
    open_to_all.panel = None
    open_to_all.save()
    with pytest.raises(ValidationError):
        services.invite_members(user=official, consultation=open_to_all)
    with pytest.raises(ValidationError):
        services.invite_members(user=official, consultation=make_consultation(official, panel, "closed"))


def test_answering_is_for_members_while_open_and_changes_replace(
    official, panel, resident, consultation, make_user, wijk
):
    with pytest.raises(PermissionDenied):  # not a member
        services.submit_response(user=resident, consultation=consultation, answers=answers_for(consultation))
    services.join_panel(user=resident, panel=panel)
    response = services.submit_response(user=resident, consultation=consultation, answers=answers_for(consultation))
    assert response.channel == Channel.ONLINE
    assert response.answers.count() == 5
    again = services.submit_response(
        user=resident, consultation=consultation, answers=answers_for(consultation, single=2, text="")
    )
    assert again.pk == response.pk and again.answers.count() == 4
    assert again.answers.get(question__kind="single").choices == [2]
    assert Response.objects.count() == 1
    closed = make_consultation(official, panel, "closed")
    with pytest.raises(ValidationError):
        services.submit_response(user=resident, consultation=closed, answers=answers_for(closed))
    with pytest.raises(PermissionDenied):  # anonymous without a code
        services.submit_response(user=None, consultation=consultation, answers=answers_for(consultation))


def test_code_members_answer_without_an_account(official, panel, consultation):
    (member,) = _members(official, panel, 1)
    response = services.submit_response(
        user=None, consultation=consultation, member=member, answers=answers_for(consultation)
    )
    assert response.member == member and response.user is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("single", 7), ("multiple", [0, 9]), ("scale", 6), ("ranking", [0, 1]), ("ranking", [0, 0, 1]), ("single", "x")],
)
def test_bad_answers_are_refused(official, panel, resident, consultation, field, value):
    services.join_panel(user=resident, panel=panel)
    answers = answers_for(consultation)
    answers[consultation.questions.get(kind=field).pk] = value
    with pytest.raises(ValidationError) as err:
        services.submit_response(user=resident, consultation=consultation, answers=answers)
    assert f"q{consultation.questions.get(kind=field).pk}" in err.value.error_dict
    assert not Response.objects.exists()


def test_required_questions(official, panel, resident):
    consultation = make_consultation(official, panel, required=True)
    services.join_panel(user=resident, panel=panel)
    answers = answers_for(consultation)
    answers[consultation.questions.get(kind="text").pk] = "  "
    with pytest.raises(ValidationError):
        services.submit_response(user=resident, consultation=consultation, answers=answers)


def test_open_consultation_for_anyone_with_an_account(official, panel, resident):
    consultation = make_consultation(official, panel)
    consultation.panel = None
    consultation.save()
    response = services.submit_response(user=resident, consultation=consultation, answers=answers_for(consultation))
    assert response.user == resident and response.member is None
    with pytest.raises(PermissionDenied):
        services.submit_response(user=None, consultation=consultation, answers=answers_for(consultation))
    # Anonymous paper forms are allowed for an open consultation.
    paper = services.enter_paper_response(user=official, consultation=consultation, answers=answers_for(consultation))
    assert paper.member is None and paper.entered_by == official


def test_paper_answers_by_officials_only(official, panel, resident, consultation):
    (member,) = _members(official, panel, 1)
    with pytest.raises(PermissionDenied):
        services.enter_paper_response(
            user=resident, consultation=consultation, answers=answers_for(consultation), member_number=member.number
        )
    with pytest.raises(ValidationError) as err:
        services.enter_paper_response(user=official, consultation=consultation, answers=answers_for(consultation))
    assert "member_number" in err.value.error_dict
    with pytest.raises(ValidationError):
        services.enter_paper_response(
            user=official, consultation=consultation, answers=answers_for(consultation), member_number=99
        )
    response = services.enter_paper_response(
        user=official,
        consultation=consultation,
        answers=answers_for(consultation),
        member_number=member.number,
        channel=Channel.PHONE,
    )
    assert response.channel == Channel.PHONE and response.entered_by == official and response.member == member
    with pytest.raises(ValidationError):  # once per member
        services.enter_paper_response(
            user=official, consultation=consultation, answers=answers_for(consultation), member_number=member.number
        )
    with pytest.raises(ValidationError):  # the member cannot overwrite the paper answers online
        services.submit_response(user=None, consultation=consultation, member=member, answers=answers_for(consultation))
    # Late paper forms: allowed for two weeks after closing.
    consultation.closes_at = timezone.now() - 15 * DAY
    consultation.opens_at = timezone.now() - 20 * DAY
    consultation.save()
    (late,) = _members(official, panel, 1)
    with pytest.raises(ValidationError):
        services.enter_paper_response(
            user=official, consultation=consultation, answers=answers_for(consultation), member_number=late.number
        )


def test_one_response_per_member_is_a_database_constraint(official, panel, consultation):
    (member,) = _members(official, panel, 1)
    services.submit_response(user=None, consultation=consultation, member=member, answers=answers_for(consultation))
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=consultation, member=member, submitted_at=now, updated_at=now)


def test_reminders_once_to_members_who_have_not_answered(official, panel, resident, make_user, wijk):
    other = make_user(Role.RESIDENT, wijk)
    services.join_panel(user=resident, panel=panel)
    services.join_panel(user=other, panel=panel)
    code_member = _members(official, panel, 1)[0]
    consultation = make_consultation(official, panel)
    services.invite_members(user=official, consultation=consultation)
    services.submit_response(user=other, consultation=consultation, answers=answers_for(consultation))
    assert services.send_reminders() == 0  # not halfway yet (opened a day ago, closes in ten)
    later = consultation.opens_at + (consultation.closes_at - consultation.opens_at) * 0.6
    with translation.override("en"):  # the reminder's subject is checked in English
        assert services.send_reminders(now=later) == 1
    assert Notification.objects.filter(user=resident, subject__startswith="Reminder").count() == 1
    assert not Notification.objects.filter(user=other, subject__startswith="Reminder").exists()
    assert Invitation.objects.get(consultation=consultation, member=code_member).reminded_at is None  # no account
    assert services.send_reminders(now=later) == 0  # once


def test_reminders_command(official, panel, resident):
    from io import StringIO

    from django.core.management import call_command

    services.join_panel(user=resident, panel=panel)
    consultation = make_consultation(official, panel)
    services.invite_members(user=official, consultation=consultation)
    consultation.closes_at = timezone.now() + DAY  # closes within two days
    consultation.save()
    out = StringIO()
    call_command("panel_reminders", stdout=out)
    assert "Reminders sent: 1." in out.getvalue()


def test_personal_data_export_and_erasure(official, panel, resident, consultation):
    member = services.join_panel(user=resident, panel=panel)
    services.save_profile(user=resident, member=member, consent=True, age_band="65+", gender="woman")
    services.submit_response(user=resident, consultation=consultation, answers=answers_for(consultation))
    data = services.personal_data(resident)
    assert data["panel_memberships"][0]["profile"]["age_band"] == "65+"
    assert data["panel_memberships"][0]["joined_via"] == "signup"
    assert data["panel_answers"][0]["consultation"] == consultation.title
    assert {"question": "Any idea?", "choices": [], "number": None, "text": "More trees"} in data["panel_answers"][0][
        "answers"
    ]
    services.erase_person(resident)
    member.refresh_from_db()
    assert member.user is None and member.status == MemberStatus.LEFT and member.profile() == {}
    response = Response.objects.get()
    assert response.user is None and response.member is None and response.profile["age_band"] == "65+"
    assert services.personal_data(resident) == {"panel_memberships": [], "panel_answers": []}
