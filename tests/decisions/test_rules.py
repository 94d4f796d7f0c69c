"""Who may do what, per role (decisions/rules.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from samenspel.accounts.models import Membership, Role
from samenspel.decisions import services
from samenspel.decisions.models import Advice, Decision
from samenspel.initiatives.models import Idea

from .conftest import days


@pytest.fixture
def people(wijk, municipality, make_user, body_member, org_rep, resident, official, alderman, council_member, outsider):
    facilitator = make_user(Role.FACILITATOR, wijk, display_name="Joost")
    admin = make_user(Role.ADMINISTRATOR, municipality, display_name="Beheer")
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "resident": resident,
        "org_rep": org_rep,
        "body_member": body_member,
        "official": official,
        "facilitator": facilitator,
        "admin": admin,
        "alderman": alderman,
        "council_member": council_member,
    }


def allowed(people, perm, obj):
    return {name for name, user in people.items() if user.has_perm(perm, obj)}


STAFF = {"official", "facilitator", "admin"}


def test_give_advice(people, resident_org, body):
    assert allowed(people, "decisions.give_advice", resident_org) == {"org_rep"} | STAFF
    assert allowed(people, "decisions.give_advice", body) == {"body_member"} | STAFF


def test_respond_to_advice(people, wijk, resident_org):
    college = Advice(place=wijk, organisation=resident_org, addressee="college")
    council = Advice(place=wijk, organisation=resident_org, addressee="council")
    assert allowed(people, "decisions.respond_to_advice", college) == {"alderman"} | STAFF
    assert allowed(people, "decisions.respond_to_advice", council) == {"alderman", "council_member"} | STAFF


def test_record_decisions(people, wijk, body):
    assert allowed(people, "decisions.record_body_decision", body) == {"body_member"} | STAFF
    assert allowed(people, "decisions.record_college_decision", wijk) == {"alderman"} | STAFF
    assert allowed(people, "decisions.record_area_team_decision", wijk) == {"alderman"} | STAFF
    assert allowed(people, "decisions.record_council_decision", wijk) == {"council_member"} | STAFF


def test_roles_elsewhere_do_not_count(people, other_wijk, make_user, body):
    elsewhere = make_user(Role.FACILITATOR, other_wijk)
    assert not elsewhere.has_perm("decisions.record_body_decision", body)
    assert not elsewhere.has_perm("decisions.record_college_decision", body.place)
    expired = make_user(display_name="Oud-lid")
    Membership.objects.create(
        user=expired, role=Role.BODY_MEMBER, place=body.place, organisation=body, valid_until=days(-1)
    )
    assert not expired.has_perm("decisions.record_body_decision", body)


def test_object_and_answer(people, wijk, body):
    body_decision = Decision(place=wijk, decider_kind="wijk_body", body=body)
    college_decision = Decision(place=wijk, decider_kind="college")
    council_decision = Decision(place=wijk, decider_kind="council")
    assert allowed(people, "decisions.object", body_decision) == set(people) - {"anonymous"}
    assert allowed(people, "decisions.answer_objection", body_decision) == {"body_member"} | STAFF
    assert allowed(people, "decisions.answer_objection", college_decision) == {"alderman"} | STAFF
    assert allowed(people, "decisions.answer_objection", council_decision) == {"council_member"} | STAFF


def test_reports(people, wijk, body, resident, body_member):
    idea = Idea.objects.create(place=wijk, title="Moestuin", description="Samen", author=resident)
    assert allowed(people, "decisions.write_report", body) == {"body_member"} | STAFF
    assert allowed(people, "decisions.write_report", idea) == {"resident"} | STAFF
    report = services.write_report(
        user=body_member,
        organisation=body,
        title="Verslag",
        audience="both",
        formats=["story"],
        story="Gedaan.",
        period_start=days(-30),
        period_end=days(-1),
    )
    assert allowed(people, "decisions.write_report", report) == {"body_member"} | STAFF
    assert allowed(people, "decisions.comment_on_report", report) == set()  # a draft
    services.publish_report(user=body_member, report=report)
    report.refresh_from_db()
    assert allowed(people, "decisions.comment_on_report", report) == set(people) - {"anonymous"}
    assert allowed(people, "decisions.moderate", report) == STAFF
    comment = services.comment_on_report(user=resident, report=report, text="Mooi")
    assert allowed(people, "decisions.moderate", comment) == STAFF
