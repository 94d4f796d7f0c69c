"""The lifecycle of a trajectory and its agreement, with its guards and the audit log."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from samenspel.accounts.models import Role
from samenspel.agenda.models import ActionItem
from samenspel.agreements import services
from samenspel.agreements.document import DocumentError, export_version, import_document, parse_document
from samenspel.agreements.models import (
    BlankSpotStatus,
    PraatplaatQuestion,
    SignatureSide,
    Step,
    VersionStatus,
)
from samenspel.core import audit
from samenspel.core.models import AuditEntry, Channel

from .conftest import due, make_congruent


def test_only_the_area_team_starts_a_trajectory(wijk, make_user):
    resident = make_user(Role.RESIDENT, wijk)
    with pytest.raises(PermissionDenied):
        services.start_trajectory(user=resident, place=wijk, title="x")


def test_trajectory_steps_follow_the_model(official, trajectory):
    assert trajectory.step == Step.DISCUSS
    with pytest.raises(ValidationError):
        services.set_step(user=official, trajectory=trajectory, step=Step.CARRY_OUT)
    services.set_step(user=official, trajectory=trajectory, step=Step.AGREE)
    services.set_step(user=official, trajectory=trajectory, step=Step.DISCUSS)  # and back
    assert AuditEntry.objects.filter(action="agreements.trajectory.step_changed").count() == 2


def test_questions_depend_on_the_level(db):
    level1 = set(services.questions_for(1).values_list("code", flat=True))
    level3 = set(services.questions_for(3).values_list("code", flat=True))
    assert level1 < level3
    assert "K-ZG-5" in level3 and "K-ZG-5" not in level1


def test_unclear_answers_become_blank_spots_and_are_resolved(official, trajectory):
    session = services.record_session(user=official, trajectory=trajectory, held_on=due(-5))
    q1, q2 = PraatplaatQuestion.objects.filter(min_level=1)[:2]
    services.save_answers(
        user=official,
        session=session,
        channel=Channel.MEETING,
        on_behalf_of="tafel 1",
        answers=[{"question": q1, "text": "Het park"}, {"question": q2, "text": "", "unclear": True}],
    )
    spot = trajectory.blank_spots.get()
    assert spot.question == q2 and spot.status == BlankSpotStatus.OPEN
    with pytest.raises(ValidationError):
        services.resolve_blank_spot(user=official, spot=spot)
    services.resolve_blank_spot(
        user=official, spot=spot, action_title="Wijkpanel samenstellen", owner_side="wijk", due_date=due()
    )
    spot.refresh_from_db()
    assert spot.status == BlankSpotStatus.ACTION
    assert ActionItem.objects.get(blank_spot=spot).title == "Wijkpanel samenstellen"


def test_residents_answer_online_only(trajectory, body_member, official):
    session = services.record_session(user=official, trajectory=trajectory, held_on=due(-1))
    question = PraatplaatQuestion.objects.first()
    services.save_answers(user=body_member, session=session, answers=[{"question": question, "text": "Ja"}])
    answer = session.answers.get()
    assert answer.answered_by == body_member and answer.channel == Channel.ONLINE
    with pytest.raises(PermissionDenied):
        services.save_answers(
            user=body_member, session=session, channel=Channel.PAPER, answers=[{"question": question, "text": "Ja"}]
        )


def test_open_blank_spot_makes_the_agreement_incongruent(official, trajectory):
    services.add_blank_spot(user=official, trajectory=trajectory, description="Wie ontbreekt er?")
    version = services.start_agreement(user=official, trajectory=trajectory)
    make_congruent(official, version)
    report = services.submit_for_review(user=official, version=version)
    assert not report.congruent
    assert [f.check for f in report.violations] == ["C8"]
    version.refresh_from_db()
    assert version.status == VersionStatus.INCONGRUENT


def test_no_signing_while_incongruent(official, trajectory, body_member):
    version = services.start_agreement(user=official, trajectory=trajectory)
    services.save_scope_item(user=official, version=version, title="Wijkbudget", kind="budget", level=3)
    assert not services.submit_for_review(user=official, version=version).congruent
    with pytest.raises(ValidationError):
        services.sign(user=body_member, version=version, side=SignatureSide.WIJK, name_shown="S", capacity="lid")


def test_a_checked_version_cannot_be_changed_until_reopened(official, trajectory):
    version = services.start_agreement(user=official, trajectory=trajectory)
    item = make_congruent(official, version)
    services.submit_for_review(user=official, version=version)
    with pytest.raises(ValidationError):
        services.save_scope_item(user=official, version=version, item=item, title="Anders", level=1)
    services.reopen(user=official, version=version)
    services.save_scope_item(user=official, version=version, item=item, title="Anders", level=3)


def test_signatures_need_the_right_side(signed_level3, official, make_user, wijk):
    assert signed_level3.status == VersionStatus.AWAITING_COUNCIL  # level 3: the council decides first
    resident = make_user(Role.RESIDENT, wijk)
    assert not resident.has_perm("agreements.sign_for_wijk", signed_level3)
    assert not official.has_perm("agreements.sign_for_wijk", signed_level3)


def test_no_activation_without_council_decision(signed_level3, official, council_member, municipality):
    with pytest.raises(ValidationError):
        services.activate(user=official, version=signed_level3)
    services.record_council_decision(
        user=council_member,
        municipality=municipality,
        decided_on=due(-1),
        reference="RB-1",
        title="Overdracht",
        outcome="rejected",
        versions=[signed_level3],
    )
    with pytest.raises(ValidationError):
        services.activate(user=official, version=signed_level3)
    decision = services.record_council_decision(
        user=council_member,
        municipality=municipality,
        decided_on=due(0),
        reference="RB-2",
        title="Overdracht",
        outcome="adopted",
        versions=[signed_level3],
    )
    services.activate(user=official, version=signed_level3)
    signed_level3.refresh_from_db()
    assert signed_level3.status == VersionStatus.ACTIVE and signed_level3.council_decision == decision
    assert signed_level3.trajectory.step == Step.CARRY_OUT


def test_only_council_or_administrator_records_decisions(signed_level3, official, municipality):
    with pytest.raises(PermissionDenied):
        services.record_council_decision(
            user=official, municipality=municipality, decided_on=due(0), reference="R", title="T", outcome="adopted"
        )


def test_level_one_agreement_needs_no_council(official, trajectory, body_member, alderman):
    version = services.start_agreement(user=official, trajectory=trajectory)
    make_congruent(official, version, level=1, title="Verkeer")
    services.submit_for_review(user=official, version=version)
    services.sign(user=body_member, version=version, side="wijk", name_shown="S", capacity="lid")
    services.sign(user=alderman, version=version, side="gemeente", name_shown="W", capacity="wethouder")
    version.refresh_from_db()
    assert version.status == VersionStatus.SIGNED
    services.activate(user=official, version=version)


def test_revision_keeps_the_old_version_readable(signed_level3, official, council_member, municipality):
    services.record_council_decision(
        user=council_member,
        municipality=municipality,
        decided_on=due(0),
        reference="RB",
        title="T",
        outcome="adopted",
        versions=[signed_level3],
    )
    services.activate(user=official, version=signed_level3)
    new = services.revise(user=official, version=signed_level3)
    assert new.number == 2 and new.status == VersionStatus.CONCEPT
    assert new.scope_items.get().roles.count() == signed_level3.scope_items.get().roles.count()
    assert new.safeguard_commitments.count() == signed_level3.safeguard_commitments.count()
    signed_level3.refresh_from_db()
    assert signed_level3.status == VersionStatus.ACTIVE  # in force until the new one is
    evaluation = services.start_evaluation(user=official, version=signed_level3)
    assert set(evaluation.scores) == {"every_voice", "transparency", "say", "good_conversation"}


def test_every_transition_is_audited_and_the_chain_holds(signed_level3):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "agreements.trajectory.started",
        "agreements.version.created",
        "agreements.scope_item.added",
        "agreements.roles.set",
        "agreements.safeguards.set",
        "agreements.version.checked",
        "agreements.version.signed",
    } <= actions
    assert audit.verify().ok


def test_document_round_trip_and_cli(signed_level3, official, trajectory, tmp_path, capsys):
    doc = export_version(signed_level3)
    assert doc["format"] == "samenspel-agreement/1" and doc["scope_items"][0]["level"] == 3
    path = tmp_path / "agreement.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("agreements_check", str(path), "--language", "en")
    assert "Congruent." in capsys.readouterr().out
    # Take away the role of deciding: the check on the file fails with exit code 1.
    doc["scope_items"][0]["roles"] = [r for r in doc["scope_items"][0]["roles"] if r["responsibility"] != "decides"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("agreements_check", str(path), "--language", "en")
    assert exit_info.value.code == 1
    assert "C3" in capsys.readouterr().out


def test_bad_document_is_refused_with_reasons(db):
    with pytest.raises(DocumentError):
        parse_document({"format": "something else"})
    with pytest.raises(DocumentError) as info:
        parse_document({"format": "samenspel-agreement/1", "scope_items": [{"title": "", "level": 4}]})
    assert len(info.value.problems) >= 2


def test_import_document_as_new_draft(signed_level3, official, wijk, body):
    doc = export_version(signed_level3)
    other = services.start_trajectory(user=official, place=wijk, title="Tweede traject")
    version = import_document(user=official, trajectory=other, doc=doc)
    assert version.status == VersionStatus.CONCEPT
    assert version.scope_items.get().title == "Wijkbudget"
    assert version.safeguard_commitments.count() == signed_level3.safeguard_commitments.count()


def test_import_command(signed_level3, official, wijk, tmp_path, capsys):
    path = tmp_path / "agreement.json"
    path.write_text(json.dumps(export_version(signed_level3)), encoding="utf-8")
    other = services.start_trajectory(user=official, place=wijk, title="Derde traject")
    call_command("agreements_import", str(path), "--trajectory", str(other.pk), "--as", official.email)
    assert "version 1" in capsys.readouterr().out
    from django.core.management import CommandError

    resident = signed_level3.signatures.get(side="wijk").signed_by
    with pytest.raises(CommandError, match="may not"):
        call_command("agreements_import", str(path), "--trajectory", str(other.pk), "--as", resident.email)
