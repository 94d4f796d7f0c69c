"""From the database to the pure congruence module and back: builds the plain input of
`congruence.check` from an agreement version and the catalogue from the reference data."""

from django.utils import timezone

from . import congruence as c
from .models import AgreementVersion, BlankSpotStatus, Instrument, Safeguard


def load_catalogue() -> c.Catalogue:
    return c.Catalogue(
        safeguards=tuple(
            c.SafeguardDef(
                code=s.code,
                compass_point=s.compass_point,
                title=s.title,
                min_level=s.min_level,
                recommended_from=s.recommended_from,
                frequency_days=s.frequency_days,
                basis=s.basis,
            )
            for s in Safeguard.objects.all()
        ),
        instruments=tuple(
            c.InstrumentDef(code=i.code, name=i.name, level_min=i.level_min, level_max=i.level_max, basis=i.basis)
            for i in Instrument.objects.all()
        ),
    )


def agreement_input(version: AgreementVersion) -> c.AgreementInput:
    commitments = list(version.safeguard_commitments.select_related("safeguard").prefetch_related("evidence"))
    evidence_by_scope: dict = {}
    for commitment in commitments:
        for ev in commitment.evidence.all():
            evidence_by_scope.setdefault(commitment.scope_item_id, []).append(
                c.Evidence(safeguard_code=commitment.safeguard.code, on=ev.on)
            )
    # Evidence recorded on an agreement-wide commitment counts for every scope item.
    shared_evidence = evidence_by_scope.get(None, [])
    scope_items = []
    for item in version.scope_items.prefetch_related("roles", "instruments", "actions"):
        scope_items.append(
            c.Scope(
                key=str(item.pk),
                title=item.title,
                kind=item.kind,
                level=item.level,
                is_citywide=item.is_citywide,
                desired_level=item.desired_level,
                level_justification=item.level_justification,
                ownership=item.ownership,
                roles=tuple(c.Role(r.phase, r.responsibility, r.actor) for r in item.roles.all()),
                safeguards=frozenset(m.safeguard.code for m in commitments if m.scope_item_id == item.pk),
                instruments=tuple(i.code for i in item.instruments.all()),
                actions=tuple(
                    c.Action(a.title, a.owner_side or None, a.due_date, a.status) for a in item.actions.all()
                ),
                evidence=tuple(evidence_by_scope.get(item.pk, []) + shared_evidence),
            )
        )
    audiences = set()
    if version.accountability_to_wijk:
        audiences.add("wijk")
    if version.accountability_to_gemeente:
        audiences.add("gemeente")
    decision = version.council_decision
    open_spots = version.agreement.trajectory.blank_spots.filter(status=BlankSpotStatus.OPEN)
    return c.AgreementInput(
        scope_items=tuple(scope_items),
        safeguards=frozenset(m.safeguard.code for m in commitments if m.scope_item_id is None),
        representation_statement=version.representation_statement,
        representation_contested=version.representation_contested,
        representation_conversation=bool(version.representation_conversation.strip()),
        accountability=c.Accountability(frozenset(audiences), version.accountability_frequency)
        if audiences or version.accountability_frequency
        else None,
        council_decision=bool(decision and decision.approves),
        open_blank_spots=tuple(s.description for s in open_spots),
    )


def check_version(version: AgreementVersion, *, for_activation=False, runtime=False) -> c.CongruenceReport:
    return c.check(
        agreement_input(version),
        load_catalogue(),
        today=timezone.localdate(),
        for_activation=for_activation,
        runtime=runtime,
    )
