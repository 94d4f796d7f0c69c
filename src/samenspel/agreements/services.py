"""Use cases of the Gronings model. Each is one transaction, checks permission, guards the
lifecycle and writes to the audit log. Views, the demo loader and commands call these."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.agenda.models import ActionItem, ActionStatus, validate_action
from samenspel.core import audit
from samenspel.core.models import Channel
from samenspel.core.text import plain_text

from .checking import check_version
from .models import (
    EDITABLE_STATUSES,
    Actor,
    Agreement,
    AgreementVersion,
    Answer,
    BlankSpot,
    BlankSpotStatus,
    ConversationSession,
    CouncilDecision,
    Evaluation,
    Instrument,
    Lesson,
    ParticipantKind,
    Phase,
    PraatplaatQuestion,
    Responsibility,
    RoleAssignment,
    Safeguard,
    SafeguardCommitment,
    SafeguardEvidence,
    SayLevel,
    ScopeItem,
    SessionFormat,
    SessionPurpose,
    Signature,
    SignatureSide,
    Step,
    Trajectory,
    TrajectoryParticipant,
    VersionStatus,
)

# Which steps may follow which (003:188-248, and back from step 3: PRC-1).
STEP_TRANSITIONS = {
    Step.DISCUSS: {Step.AGREE, Step.CLOSED},
    Step.AGREE: {Step.DISCUSS, Step.CARRY_OUT, Step.CLOSED},
    Step.CARRY_OUT: {Step.DISCUSS, Step.AGREE, Step.CLOSED},
    Step.CLOSED: {Step.DISCUSS},
}


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _editable(version: AgreementVersion):
    # Read the status from the database: the caller's object may be older than the last transition.
    version.status = AgreementVersion.objects.values_list("status", flat=True).get(pk=version.pk)
    if version.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This version can no longer be changed (%(status)s). Start a new version to change it.")
            % {"status": version.get_status_display()}
        )


def _text(value: str, limit: int) -> str:
    return plain_text(value or "").strip()[:limit]


# --- Step 1: the trajectory and its conversations ------------------------------------------


@transaction.atomic
def start_trajectory(*, user, place, title: str, desired_level=None, description: str = "") -> Trajectory:
    _require(user, "agreements.run_trajectory", place)
    if not place.is_neighbourhood:
        raise ValidationError(_("A trajectory belongs to a neighbourhood or village."))
    title = _text(title, 200)
    if not title:
        raise ValidationError({"title": _("Give the trajectory a title.")})
    if desired_level not in (None, *SayLevel.values):
        raise ValidationError({"desired_level": _("Choose a level of say from 1 to 3.")})
    trajectory = Trajectory.objects.create(
        place=place,
        title=title,
        desired_level=desired_level,
        description=description.strip(),
        contact=user,
        created_by=user,
    )
    TrajectoryParticipant.objects.create(
        trajectory=trajectory, kind=ParticipantKind.AREA_TEAM, name=user.public_name, user=user
    )
    audit.record("agreements.trajectory.started", actor=user, obj=trajectory, data={"place": place.pk})
    return trajectory


@transaction.atomic
def add_participant(*, user, trajectory, kind: str, name: str = "", organisation=None, person=None):
    _require(user, "agreements.run_trajectory", trajectory)
    if kind not in ParticipantKind.values:
        raise ValidationError({"kind": _("Choose how this participant takes part.")})
    name = _text(name, 150) or (organisation.name if organisation else "") or (person.public_name if person else "")
    if not name:
        raise ValidationError({"name": _("Give the participant's name or choose an organisation.")})
    participant = TrajectoryParticipant.objects.create(
        trajectory=trajectory, kind=kind, name=name, organisation=organisation, user=person
    )
    audit.record("agreements.participant.added", actor=user, obj=participant, data={"kind": kind})
    return participant


@transaction.atomic
def remove_participant(*, user, participant):
    _require(user, "agreements.run_trajectory", participant.trajectory)
    audit.record(
        "agreements.participant.removed", actor=user, obj=participant.trajectory, data={"participant": participant.pk}
    )
    participant.delete()


@transaction.atomic
def set_step(*, user, trajectory, step: str) -> Trajectory:
    _require(user, "agreements.run_trajectory", trajectory)
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if step not in STEP_TRANSITIONS.get(trajectory.step, set()):
        raise ValidationError(
            _("A trajectory cannot go from “%(from)s” to “%(to)s”.")
            % {"from": trajectory.get_step_display(), "to": Step(step).label if step in Step.values else step}
        )
    if step == Step.CARRY_OUT:
        version = trajectory.current_version
        if version is None or version.status not in (VersionStatus.ACTIVE, VersionStatus.IN_EVALUATION):
            raise ValidationError(_("Step 3 starts when an agreement is in force."))
    previous = trajectory.step
    trajectory.step = step
    trajectory.save(update_fields=["step", "updated_at"])
    audit.record("agreements.trajectory.step_changed", actor=user, obj=trajectory, data={"from": previous, "to": step})
    return trajectory


@transaction.atomic
def record_session(
    *,
    user,
    trajectory,
    held_on,
    format=SessionFormat.PHYSICAL,
    location="",
    participant_count=None,
    notes="",
    purpose=SessionPurpose.DISCUSS,
) -> ConversationSession:
    _require(user, "agreements.run_trajectory", trajectory)
    if format not in SessionFormat.values:
        raise ValidationError({"format": _("Choose in person, online or hybrid.")})
    session = ConversationSession.objects.create(
        trajectory=trajectory,
        held_on=held_on,
        format=format,
        location=_text(location, 200),
        participant_count=participant_count,
        notes=notes.strip(),
        purpose=purpose,
        created_by=user,
    )
    audit.record("agreements.session.recorded", actor=user, obj=session, data={"format": format, "purpose": purpose})
    return session


def questions_for(level: int | None, purpose=SessionPurpose.DISCUSS):
    """The praatplaat questions to discuss at this level of say (003:344-346): those asked
    from this level or lower. Without a chosen level, the questions for level 1."""
    qs = PraatplaatQuestion.objects.filter(active=True, min_level__lte=level or 1)
    if purpose == SessionPurpose.EVALUATE:
        qs = qs.exclude(compass_point="")
    return qs


@transaction.atomic
def save_answers(*, user, session, answers: list[dict], channel=Channel.ONLINE, on_behalf_of="") -> int:
    """answers: dicts with question, text, and optionally unclear (bool) and score (1-5).
    An answer marked unclear, or left empty, becomes a blank spot (witte vlek)."""
    _require(user, "agreements.answer", session.trajectory)
    staff = user.has_perm("agreements.run_trajectory", session.trajectory)
    if channel != Channel.ONLINE and not staff:
        raise PermissionDenied
    saved = 0
    for entry in answers:
        question = entry["question"]
        text = (entry.get("text") or "").strip()
        unclear = bool(entry.get("unclear"))
        score = entry.get("score")
        if score is not None and score not in range(1, 6):
            raise ValidationError({"score": _("A score runs from 1 to 5.")})
        if not text and not unclear and score is None:
            continue
        answer, _created = Answer.objects.update_or_create(
            session=session,
            question=question,
            defaults={
                "text": text,
                "unclear": unclear,
                "score": score,
                "answered_by": None if channel != Channel.ONLINE else user,
                "on_behalf_of": _text(on_behalf_of, 150),
                "channel": channel,
                "entered_by": user,
            },
        )
        saved += 1
        spot = BlankSpot.objects.filter(answer=answer).first()
        if unclear and spot is None:
            BlankSpot.objects.create(
                trajectory=session.trajectory,
                question=question,
                answer=answer,
                description=text or question.text,
            )
        elif not unclear and spot is not None and spot.status == BlankSpotStatus.OPEN:
            spot.delete()
    audit.record("agreements.answers.saved", actor=user, obj=session, data={"count": saved, "channel": channel})
    return saved


@transaction.atomic
def add_blank_spot(*, user, trajectory, description: str, question=None) -> BlankSpot:
    _require(user, "agreements.run_trajectory", trajectory)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe what is unclear or missing.")})
    spot = BlankSpot.objects.create(trajectory=trajectory, description=description, question=question)
    audit.record("agreements.blank_spot.added", actor=user, obj=spot)
    return spot


@transaction.atomic
def resolve_blank_spot(
    *,
    user,
    spot,
    explanation: str = "",
    action_title: str = "",
    owner_side: str = "",
    owner_name: str = "",
    due_date=None,
) -> BlankSpot:
    """A blank spot becomes an action (with owner and date) or is accepted with an explanation (PRC-3)."""
    _require(user, "agreements.run_trajectory", spot.trajectory)
    if action_title:
        version = spot.trajectory.current_version
        validate_action(action_title, owner_side, due_date)
        ActionItem.objects.create(
            place=spot.trajectory.place,
            trajectory=spot.trajectory,
            version=version,
            blank_spot=spot,
            title=_text(action_title, 200),
            owner_side=owner_side,
            owner_name=_text(owner_name, 120),
            due_date=due_date,
            created_by=user,
        )
        spot.status = BlankSpotStatus.ACTION
    elif explanation.strip():
        spot.status = BlankSpotStatus.ACCEPTED
        spot.explanation = explanation.strip()
    else:
        raise ValidationError(_("Turn the blank spot into an action, or explain why it can stay open."))
    spot.save()
    audit.record("agreements.blank_spot.resolved", actor=user, obj=spot, data={"status": spot.status})
    return spot


# --- Step 2: the agreement --------------------------------------------------------------


@transaction.atomic
def start_agreement(*, user, trajectory) -> AgreementVersion:
    _require(user, "agreements.run_trajectory", trajectory)
    agreement, _created = Agreement.objects.get_or_create(trajectory=trajectory)
    if agreement.versions.exists():
        raise ValidationError(_("This trajectory already has an agreement. Start a new version instead."))
    version = AgreementVersion.objects.create(agreement=agreement, number=1, created_by=user)
    if trajectory.step == Step.DISCUSS:
        trajectory.step = Step.AGREE
        trajectory.save(update_fields=["step", "updated_at"])
    # Actions already made from blank spots belong to this first version.
    ActionItem.objects.filter(trajectory=trajectory, version=None).update(version=version)
    audit.record("agreements.version.created", actor=user, obj=version, data={"number": 1})
    return version


def _validate_level(level):
    if level not in SayLevel.values:
        raise ValidationError({"level": _("Choose a level of say from 1 to 3.")})


@transaction.atomic
def save_scope_item(*, user, version, item=None, **fields) -> ScopeItem:
    """Create or change a scope item. fields: kind, title, description, level, desired_level,
    level_justification, is_citywide, ownership, council_role, budget_cents, instruments (codes)."""
    _require(user, "agreements.run_trajectory", version)
    _editable(version)
    instruments = fields.pop("instruments", None)
    title = _text(fields.get("title", item.title if item else ""), 200)
    if not title:
        raise ValidationError({"title": _("Give the scope item a title.")})
    fields["title"] = title
    _validate_level(fields.get("level", item.level if item else None))
    if item is None:
        fields.setdefault("order", version.scope_items.count() + 1)
        item = ScopeItem.objects.create(version=version, **fields)
        action = "agreements.scope_item.added"
    else:
        if item.version_id != version.pk:
            raise ValidationError(_("This scope item belongs to another version."))
        for key, value in fields.items():
            setattr(item, key, value)
        item.save()
        action = "agreements.scope_item.changed"
    if instruments is not None:
        found = list(Instrument.objects.filter(code__in=instruments))
        if len(found) != len(set(instruments)):
            raise ValidationError({"instruments": _("Unknown instrument.")})
        item.instruments.set(found)
    audit.record(action, actor=user, obj=item, data={"level": item.level, "citywide": item.is_citywide})
    return item


@transaction.atomic
def remove_scope_item(*, user, item):
    _require(user, "agreements.run_trajectory", item.version)
    _editable(item.version)
    audit.record("agreements.scope_item.removed", actor=user, obj=item.version, data={"title": item.title})
    item.delete()


@transaction.atomic
def set_roles(*, user, item, assignments) -> None:
    """assignments: iterable of (phase, responsibility, actor). Replaces the role matrix."""
    _require(user, "agreements.run_trajectory", item.version)
    _editable(item.version)
    cleaned = set()
    for phase, responsibility, actor in assignments:
        if phase not in Phase.values or responsibility not in Responsibility.values or actor not in Actor.values:
            raise ValidationError(_("The role matrix holds an unknown phase, responsibility or actor."))
        cleaned.add((phase, responsibility, actor))
    item.roles.all().delete()
    RoleAssignment.objects.bulk_create(
        RoleAssignment(scope_item=item, phase=p, responsibility=r, actor=a) for p, r, a in sorted(cleaned)
    )
    audit.record("agreements.roles.set", actor=user, obj=item, data={"count": len(cleaned)})


@transaction.atomic
def set_safeguards(*, user, version, codes, scope_item=None, notes: dict | None = None) -> None:
    """Commit exactly these safeguards for a scope item, or agreement-wide (scope_item None)."""
    _require(user, "agreements.run_trajectory", version)
    _editable(version)
    codes = set(codes)
    safeguards = {s.code: s for s in Safeguard.objects.filter(code__in=codes)}
    if len(safeguards) != len(codes):
        raise ValidationError(_("Unknown safeguard."))
    existing = version.safeguard_commitments.filter(scope_item=scope_item)
    existing.exclude(safeguard__code__in=codes).delete()
    present = set(existing.values_list("safeguard__code", flat=True))
    notes = notes or {}
    for code in codes - present:
        SafeguardCommitment.objects.create(
            version=version, scope_item=scope_item, safeguard=safeguards[code], note=_text(notes.get(code, ""), 300)
        )
    for code in codes & present:
        if code in notes:
            existing.filter(safeguard__code=code).update(note=_text(notes[code], 300))
    audit.record(
        "agreements.safeguards.set",
        actor=user,
        obj=scope_item or version,
        data={"codes": sorted(codes), "agreement_wide": scope_item is None},
    )


@transaction.atomic
def add_action(*, user, version, title, owner_side, due_date, owner_name="", scope_item=None, safeguard_code=""):
    _require(user, "agreements.run_trajectory", version)
    validate_action(title, owner_side, due_date)
    if scope_item is not None and scope_item.version_id != version.pk:
        raise ValidationError(_("This scope item belongs to another version."))
    action = ActionItem.objects.create(
        place=version.trajectory.place,
        trajectory=version.trajectory,
        version=version,
        scope_item=scope_item,
        title=_text(title, 200),
        owner_side=owner_side,
        owner_name=_text(owner_name, 120),
        due_date=due_date,
        safeguard_code=safeguard_code,
        created_by=user,
    )
    audit.record("agenda.action.added", actor=user, obj=action, data={"owner_side": owner_side})
    return action


@transaction.atomic
def set_action_status(*, user, action, status, done_on=None):
    _require(user, "agreements.run_trajectory", action.place)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    action.status = status
    action.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_on"])
    audit.record("agenda.action.status", actor=user, obj=action, data={"status": status})
    return action


@transaction.atomic
def save_version_details(*, user, version, **fields) -> AgreementVersion:
    """Representation, accountability, validity and summary of a version."""
    _require(user, "agreements.run_trajectory", version)
    _editable(version)
    allowed = {
        "summary",
        "representation_statement",
        "representation_contested",
        "representation_conversation",
        "accountability_to_wijk",
        "accountability_to_gemeente",
        "accountability_frequency",
        "valid_from",
        "valid_until",
    }
    for key, value in fields.items():
        if key not in allowed:
            raise ValidationError(_("Unknown field."))
        setattr(version, key, value.strip() if isinstance(value, str) else value)
    if version.valid_from and version.valid_until and version.valid_until < version.valid_from:
        raise ValidationError({"valid_until": _("The end date lies before the start date.")})
    version.save()
    audit.record("agreements.version.details_changed", actor=user, obj=version, data={"fields": sorted(fields)})
    return version


# --- The check, signatures, the council, activation --------------------------------------


@transaction.atomic
def submit_for_review(*, user, version):
    """Toetsing: run the congruence check and record its verdict (003:221-229)."""
    _require(user, "agreements.run_trajectory", version)
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    if not version.scope_items.exists():
        raise ValidationError(_("Add at least one scope item before checking the agreement."))
    report = check_version(version)
    version.congruence = report.to_dict()
    version.checked_at = timezone.now()
    version.status = VersionStatus.CONGRUENT if report.congruent else VersionStatus.INCONGRUENT
    version.save(update_fields=["congruence", "checked_at", "status"])
    audit.record(
        "agreements.version.checked",
        actor=user,
        obj=version,
        data={"congruent": report.congruent, "violations": len(report.violations), "warnings": len(report.warnings)},
    )
    return report


@transaction.atomic
def reopen(*, user, version) -> AgreementVersion:
    """Back to draft from a checked version that nobody has signed yet."""
    _require(user, "agreements.run_trajectory", version)
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.status not in (VersionStatus.INCONGRUENT, VersionStatus.CONGRUENT) or version.signatures.exists():
        raise ValidationError(_("Only a checked, unsigned version can go back to draft."))
    version.status = VersionStatus.CONCEPT
    version.save(update_fields=["status"])
    audit.record("agreements.version.reopened", actor=user, obj=version)
    return version


@transaction.atomic
def sign(*, user, version, side: str, name_shown: str, capacity: str) -> Signature:
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if side not in SignatureSide.values:
        raise ValidationError({"side": _("Unknown side.")})
    _require(user, f"agreements.sign_for_{side}", version)
    if version.status != VersionStatus.CONGRUENT:
        raise ValidationError(_("Only an agreement that passed the congruence check can be signed."))
    if version.signatures.filter(side=side).exists():
        raise ValidationError(_("This side has already signed."))
    name_shown, capacity = _text(name_shown, 150), _text(capacity, 200)
    if not name_shown or not capacity:
        raise ValidationError(_("Give the name and the capacity in which you sign."))
    signature = Signature.objects.create(
        version=version, side=side, signed_by=user, name_shown=name_shown, capacity=capacity
    )
    if version.signatures.count() == len(SignatureSide.values):
        version.status = VersionStatus.AWAITING_COUNCIL if version.needs_council_decision else VersionStatus.SIGNED
        version.save(update_fields=["status"])
    audit.record("agreements.version.signed", actor=user, obj=version, data={"side": side, "status": version.status})
    return signature


@transaction.atomic
def record_council_decision(
    *, user, municipality, decided_on, reference, title, outcome, url="", versions=()
) -> CouncilDecision:
    _require(user, "agreements.record_council_decision", municipality)
    reference, title = _text(reference, 100), _text(title, 300)
    if not reference or not title:
        raise ValidationError(_("Give the decision's reference and subject."))
    decision = CouncilDecision.objects.create(
        municipality=municipality,
        decided_on=decided_on,
        reference=reference,
        title=title,
        outcome=outcome,
        url=url,
        recorded_by=user,
    )
    for version in AgreementVersion.objects.select_for_update().filter(pk__in=[v.pk for v in versions]):
        if version.agreement.trajectory.place.root.pk != municipality.pk:
            raise ValidationError(_("This agreement belongs to another municipality."))
        if version.status != VersionStatus.AWAITING_COUNCIL:
            raise ValidationError(_("Only a signed agreement that awaits the council can be linked to a decision."))
        version.council_decision = decision
        version.save(update_fields=["council_decision"])
    audit.record(
        "agreements.council_decision.recorded",
        actor=user,
        obj=decision,
        data={"outcome": outcome, "versions": [v.pk for v in versions]},
    )
    return decision


@transaction.atomic
def activate(*, user, version) -> AgreementVersion:
    """Put a signed agreement into force. With a level-3 scope item, only after the council
    approved the transfer (C6, 003:83-87). The version it replaces is kept, as superseded."""
    _require(user, "agreements.run_trajectory", version)
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.status not in (VersionStatus.SIGNED, VersionStatus.AWAITING_COUNCIL):
        raise ValidationError(_("Only an agreement signed by both sides can be put into force."))
    report = check_version(version, for_activation=True)
    if not report.congruent:
        raise ValidationError([f.message for f in report.violations])
    version.agreement.versions.filter(status__in=[VersionStatus.ACTIVE, VersionStatus.IN_EVALUATION]).exclude(
        pk=version.pk
    ).update(status=VersionStatus.SUPERSEDED)
    version.status = VersionStatus.ACTIVE
    version.activated_at = timezone.now()
    version.valid_from = version.valid_from or timezone.localdate()
    version.save(update_fields=["status", "activated_at", "valid_from"])
    trajectory = version.trajectory
    trajectory.step = Step.CARRY_OUT
    trajectory.save(update_fields=["step", "updated_at"])
    audit.record("agreements.version.activated", actor=user, obj=version)
    return version


@transaction.atomic
def revise(*, user, version) -> AgreementVersion:
    """A new draft version, copied from this one; the old one stays readable (and in force
    until the new one is activated)."""
    _require(user, "agreements.run_trajectory", version)
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.status in EDITABLE_STATUSES:
        raise ValidationError(_("This version is still a draft; change it directly."))
    agreement = version.agreement
    if agreement.versions.filter(status__in=EDITABLE_STATUSES).exists():
        raise ValidationError(_("There is already a draft of a new version."))
    new = AgreementVersion.objects.create(
        agreement=agreement,
        number=agreement.versions.order_by("-number").first().number + 1,
        summary=version.summary,
        representation_statement=version.representation_statement,
        representation_contested=version.representation_contested,
        representation_conversation=version.representation_conversation,
        accountability_to_wijk=version.accountability_to_wijk,
        accountability_to_gemeente=version.accountability_to_gemeente,
        accountability_frequency=version.accountability_frequency,
        created_by=user,
    )
    item_map = {}
    for item in version.scope_items.prefetch_related("roles", "instruments"):
        old_pk = item.pk
        instruments = list(item.instruments.all())
        roles = list(item.roles.all())
        item.pk = None
        item.version = new
        item.save()
        item.instruments.set(instruments)
        RoleAssignment.objects.bulk_create(
            RoleAssignment(scope_item=item, phase=r.phase, responsibility=r.responsibility, actor=r.actor)
            for r in roles
        )
        item_map[old_pk] = item
    for commitment in version.safeguard_commitments.all():
        SafeguardCommitment.objects.create(
            version=new,
            scope_item=item_map.get(commitment.scope_item_id),
            safeguard=commitment.safeguard,
            note=commitment.note,
        )
    for action in version.actions.exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED]):
        action.version = new
        action.scope_item = item_map.get(action.scope_item_id)
        action.save(update_fields=["version", "scope_item"])
    trajectory = version.trajectory
    if trajectory.step != Step.AGREE:
        trajectory.step = Step.AGREE
        trajectory.save(update_fields=["step", "updated_at"])
    audit.record("agreements.version.created", actor=user, obj=new, data={"number": new.number, "from": version.pk})
    return new


@transaction.atomic
def record_evidence(*, user, commitment, on, description, url="") -> SafeguardEvidence:
    _require(user, "agreements.run_trajectory", commitment.version)
    description = _text(description, 300)
    if not description:
        raise ValidationError({"description": _("Describe what shows that the safeguard was kept.")})
    evidence = SafeguardEvidence.objects.create(
        commitment=commitment, on=on, description=description, url=url, recorded_by=user
    )
    audit.record(
        "agreements.evidence.recorded", actor=user, obj=evidence, data={"safeguard": commitment.safeguard.code}
    )
    return evidence


# --- Step 3: evaluation and lessons ----------------------------------------------------------


@transaction.atomic
def start_evaluation(*, user, version, held_on=None) -> Evaluation:
    from .evaluation import evaluate_version

    _require(user, "agreements.run_trajectory", version)
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.status not in (VersionStatus.ACTIVE, VersionStatus.IN_EVALUATION):
        raise ValidationError(_("Only an agreement in force can be evaluated."))
    held_on = held_on or timezone.localdate()
    session = record_session(user=user, trajectory=version.trajectory, held_on=held_on, purpose=SessionPurpose.EVALUATE)
    evaluation = Evaluation.objects.create(version=version, session=session, held_on=held_on, created_by=user)
    evaluate_version(evaluation)
    version.status = VersionStatus.IN_EVALUATION
    version.save(update_fields=["status"])
    audit.record("agreements.evaluation.started", actor=user, obj=evaluation)
    return evaluation


@transaction.atomic
def refresh_evaluation(*, user, evaluation, conclusion=None) -> Evaluation:
    from .evaluation import evaluate_version

    _require(user, "agreements.run_trajectory", evaluation.version)
    if conclusion is not None:
        evaluation.conclusion = conclusion.strip()
    evaluate_version(evaluation)
    audit.record("agreements.evaluation.updated", actor=user, obj=evaluation)
    return evaluation


@transaction.atomic
def finish_evaluation(*, user, evaluation, continue_as_is: bool) -> AgreementVersion:
    """After the evaluation: carry on with the agreement as it is, or start a revision."""
    _require(user, "agreements.run_trajectory", evaluation.version)
    version = evaluation.version
    if continue_as_is:
        version.status = VersionStatus.ACTIVE
        version.save(update_fields=["status"])
        audit.record("agreements.evaluation.finished", actor=user, obj=evaluation, data={"outcome": "continue"})
        return version
    audit.record("agreements.evaluation.finished", actor=user, obj=evaluation, data={"outcome": "revise"})
    return revise(user=user, version=version)


@transaction.atomic
def add_lesson(*, user, text, compass_point, kind, evaluation=None, place=None, experiment="") -> Lesson:
    target = evaluation.version if evaluation else place
    _require(user, "agreements.run_trajectory", target)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write down the lesson.")})
    lesson = Lesson.objects.create(
        text=text,
        compass_point=compass_point,
        kind=kind,
        evaluation=evaluation,
        place=place or (evaluation.version.trajectory.place if evaluation else None),
        experiment=_text(experiment, 120) or (str(evaluation.version.trajectory) if evaluation else ""),
        created_by=user,
    )
    audit.record("agreements.lesson.added", actor=user, obj=lesson, data={"compass_point": compass_point})
    return lesson


def default_due_date(days: int = 90) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
