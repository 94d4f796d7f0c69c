"""The agreement as a JSON document (format `samenspel-agreement/1`, documented in
docs/agreement-format.md): export, validation into the congruence module's plain input,
and import as a new draft version."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import congruence as c
from .models import (
    Actor,
    Agreement,
    AgreementVersion,
    BlankSpotStatus,
    CouncilRole,
    Ownership,
    Phase,
    Responsibility,
    SayLevel,
    ScopeKind,
    VersionStatus,
)

FORMAT = "samenspel-agreement/1"


class DocumentError(ValueError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _date(value):
    return value.isoformat() if value else None


def export_version(version: AgreementVersion) -> dict:
    trajectory = version.trajectory
    place = trajectory.place
    decision = version.council_decision
    commitments = list(version.safeguard_commitments.select_related("safeguard").prefetch_related("evidence"))

    def safeguards_of(item_id):
        return [
            {
                "code": m.safeguard.code,
                "note": m.note,
                "evidence": [{"on": _date(e.on), "description": e.description, "url": e.url} for e in m.evidence.all()],
            }
            for m in commitments
            if m.scope_item_id == item_id
        ]

    return {
        "format": FORMAT,
        "place": {"name": place.name, "cbs_code": place.cbs_code, "municipality": place.root.name},
        "trajectory": {"title": trajectory.title, "step": trajectory.step, "desired_level": trajectory.desired_level},
        "version": {
            "number": version.number,
            "status": version.status,
            "summary": version.summary,
            "valid_from": _date(version.valid_from),
            "valid_until": _date(version.valid_until),
            "representation": {
                "statement": version.representation_statement,
                "contested": version.representation_contested,
                "conversation": version.representation_conversation,
            },
            "accountability": {
                "to_wijk": version.accountability_to_wijk,
                "to_gemeente": version.accountability_to_gemeente,
                "frequency": version.accountability_frequency,
            },
            "council_decision": {
                "reference": decision.reference,
                "date": _date(decision.decided_on),
                "outcome": decision.outcome,
                "title": decision.title,
                "url": decision.url,
            }
            if decision
            else None,
        },
        "safeguards": safeguards_of(None),
        "scope_items": [
            {
                "key": str(item.pk),
                "title": item.title,
                "kind": item.kind,
                "description": item.description,
                "level": item.level,
                "desired_level": item.desired_level,
                "level_justification": item.level_justification,
                "is_citywide": item.is_citywide,
                "ownership": item.ownership,
                "council_role": item.council_role,
                "budget_cents": item.budget_cents,
                "instruments": [i.code for i in item.instruments.all()],
                "roles": [
                    {"phase": r.phase, "responsibility": r.responsibility, "actor": r.actor} for r in item.roles.all()
                ],
                "safeguards": safeguards_of(item.pk),
                "actions": [
                    {
                        "title": a.title,
                        "owner_side": a.owner_side,
                        "owner_name": a.owner_name,
                        "due_date": _date(a.due_date),
                        "status": a.status,
                    }
                    for a in item.actions.all()
                ],
            }
            for item in version.scope_items.prefetch_related("roles", "instruments", "actions")
        ],
        "open_blank_spots": list(
            trajectory.blank_spots.filter(status=BlankSpotStatus.OPEN).values_list("description", flat=True)
        ),
        "signatures": [
            {"side": s.side, "name": s.name_shown, "capacity": s.capacity, "signed_at": s.signed_at.isoformat()}
            for s in version.signatures.all()
        ],
    }


def _parse_date(value, where, problems):
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(_("%(where)s: “%(value)s” is not a date (YYYY-MM-DD).") % {"where": where, "value": value})
        return None


def _choice(value, allowed, where, problems, *, optional=False):
    if optional and value in (None, ""):
        return value
    if value not in allowed:
        problems.append(
            _("%(where)s: “%(value)s” is not one of %(allowed)s.")
            % {"where": where, "value": value, "allowed": ", ".join(str(a) for a in allowed)}
        )
    return value


def _objects(value, where, problems) -> list[dict]:
    """The objects of a list in the document; a problem for anything else."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        problems.append(_("%(where)s: this should be a list.") % {"where": where})
        return []
    objects = []
    for element in value:
        if isinstance(element, dict):
            objects.append(element)
        else:
            problems.append(_("%(where)s: every entry should be an object.") % {"where": where})
    return objects


def _safeguards(value, where, problems) -> list[dict]:
    """Safeguard commitments: a code, or an object with a code (and a note and evidence)."""
    if isinstance(value, list):
        value = [{"code": sg} if isinstance(sg, str) else sg for sg in value]
    safeguards = []
    for sg in _objects(value, where, problems):
        if not isinstance(sg.get("code"), str) or not sg["code"].strip():
            problems.append(_("%(where)s: a safeguard has no code.") % {"where": where})
            continue
        evidence = [
            {**e, "on": _parse_date(e.get("on"), f"{where}, evidence", problems)}
            for e in _objects(sg.get("evidence"), f"{where}, evidence", problems)
        ]
        safeguards.append({**sg, "evidence": evidence})
    return safeguards


def _texts(value, where, problems) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(_("%(where)s: this should be a list of texts.") % {"where": where})
        return []
    return value


def parse_document(doc) -> dict:
    """Check a document against the format and return it with dates parsed. Raises
    DocumentError listing every problem found."""
    problems = []
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DocumentError([_("This is not a Samenspel agreement document (format %(format)s).") % {"format": FORMAT}])
    items = doc.get("scope_items")
    if not isinstance(items, list) or not items:
        problems.append(_("The document has no scope items."))
        items = []
    parsed_items = []
    keys = set()
    for n, item in enumerate(items, start=1):
        where = _("scope item %(n)d") % {"n": n}
        if not isinstance(item, dict):
            problems.append(_("%(where)s is not an object.") % {"where": where})
            continue
        key = str(item.get("key") or n)
        if key in keys:
            problems.append(_("%(where)s: the key “%(key)s” is used twice.") % {"where": where, "key": key})
        keys.add(key)
        if not str(item.get("title") or "").strip():
            problems.append(_("%(where)s has no title.") % {"where": where})
        _choice(item.get("level"), SayLevel.values, f"{where}, level", problems)
        _choice(item.get("desired_level"), SayLevel.values, f"{where}, desired_level", problems, optional=True)
        _choice(item.get("kind", "theme"), ScopeKind.values, f"{where}, kind", problems)
        _choice(item.get("ownership"), Ownership.values, f"{where}, ownership", problems, optional=True)
        _choice(item.get("council_role", ""), CouncilRole.values, f"{where}, council_role", problems, optional=True)
        roles = []
        for role in _objects(item.get("roles"), f"{where}, roles", problems):
            _choice(role.get("phase"), Phase.values, f"{where}, role phase", problems)
            _choice(role.get("responsibility"), Responsibility.values, f"{where}, role responsibility", problems)
            _choice(role.get("actor"), Actor.values, f"{where}, role actor", problems)
            roles.append(role)
        actions = []
        for action in _objects(item.get("actions"), f"{where}, actions", problems):
            actions.append({**action, "due_date": _parse_date(action.get("due_date"), f"{where}, action", problems)})
        safeguards = _safeguards(item.get("safeguards"), f"{where}, safeguards", problems)
        instruments = _texts(item.get("instruments"), f"{where}, instruments", problems)
        parsed_items.append(
            {
                **item,
                "key": key,
                "roles": roles,
                "actions": actions,
                "safeguards": safeguards,
                "instruments": instruments,
            }
        )
    version = doc.get("version") or {}
    if not isinstance(version, dict):
        problems.append(_("The version should be an object."))
        version = {}
    for part in ("representation", "accountability", "council_decision"):
        if version.get(part) not in (None, "") and not isinstance(version.get(part), dict):
            problems.append(_("The version's %(part)s should be an object.") % {"part": part})
    safeguards = _safeguards(doc.get("safeguards"), _("safeguards"), problems)
    open_blank_spots = _texts(doc.get("open_blank_spots"), _("open blank spots"), problems)
    if problems:
        raise DocumentError(problems)
    return {
        **doc,
        "scope_items": parsed_items,
        "version": version,
        "safeguards": safeguards,
        "open_blank_spots": open_blank_spots,
    }


def to_input(doc: dict) -> c.AgreementInput:
    """The congruence module's plain input from a parsed document."""
    version = doc["version"]
    representation = version.get("representation") or {}
    accountability = version.get("accountability") or {}
    audiences = {side for side, key in (("wijk", "to_wijk"), ("gemeente", "to_gemeente")) if accountability.get(key)}
    decision = version.get("council_decision")
    return c.AgreementInput(
        scope_items=tuple(
            c.Scope(
                key=item["key"],
                title=item["title"],
                kind=item.get("kind", "theme"),
                level=item["level"],
                is_citywide=bool(item.get("is_citywide")),
                desired_level=item.get("desired_level"),
                level_justification=item.get("level_justification") or "",
                ownership=item.get("ownership"),
                roles=tuple(c.Role(r["phase"], r["responsibility"], r["actor"]) for r in item["roles"]),
                safeguards=frozenset(s["code"] for s in item["safeguards"]),
                instruments=tuple(item.get("instruments") or ()),
                actions=tuple(
                    c.Action(a.get("title", ""), a.get("owner_side"), a.get("due_date"), a.get("status", "open"))
                    for a in item["actions"]
                ),
                evidence=tuple(
                    c.Evidence(s["code"], e["on"]) for s in item["safeguards"] for e in s["evidence"] if e["on"]
                ),
            )
            for item in doc["scope_items"]
        ),
        safeguards=frozenset(s["code"] for s in doc["safeguards"]),
        representation_statement=representation.get("statement") or "",
        representation_contested=bool(representation.get("contested")),
        representation_conversation=bool((representation.get("conversation") or "").strip()),
        accountability=c.Accountability(frozenset(audiences), accountability.get("frequency") or "")
        if audiences or accountability.get("frequency")
        else None,
        council_decision=bool(decision and decision.get("outcome") in ("adopted", "amended")),
        open_blank_spots=tuple(doc.get("open_blank_spots") or ()),
    )


@transaction.atomic
def import_document(*, user, trajectory, doc) -> AgreementVersion:
    """Import a document as a new draft version of the trajectory's agreement, through the
    same services as the pages (so permissions, validation and the audit log apply)."""
    from . import services

    if not user.has_perm("agreements.run_trajectory", trajectory):
        raise PermissionDenied
    parsed = parse_document(doc)
    agreement = Agreement.objects.filter(trajectory=trajectory).first()
    if agreement is None or not agreement.versions.exists():
        version = services.start_agreement(user=user, trajectory=trajectory)
    else:
        if agreement.versions.filter(status__in=[VersionStatus.CONCEPT, VersionStatus.INCONGRUENT]).exists():
            raise ValidationError(_("There is already a draft version; finish or remove it first."))
        version = AgreementVersion.objects.create(
            agreement=agreement, number=agreement.versions.order_by("-number").first().number + 1, created_by=user
        )
    v = parsed["version"]
    representation = v.get("representation") or {}
    accountability = v.get("accountability") or {}
    services.save_version_details(
        user=user,
        version=version,
        summary=v.get("summary") or "",
        representation_statement=representation.get("statement") or "",
        representation_contested=bool(representation.get("contested")),
        representation_conversation=representation.get("conversation") or "",
        accountability_to_wijk=bool(accountability.get("to_wijk")),
        accountability_to_gemeente=bool(accountability.get("to_gemeente")),
        accountability_frequency=accountability.get("frequency") or "",
    )
    services.set_safeguards(user=user, version=version, codes=[s["code"] for s in parsed["safeguards"]])
    for item in parsed["scope_items"]:
        saved = services.save_scope_item(
            user=user,
            version=version,
            title=item["title"],
            kind=item.get("kind", "theme"),
            description=item.get("description") or "",
            level=item["level"],
            desired_level=item.get("desired_level"),
            level_justification=item.get("level_justification") or "",
            is_citywide=bool(item.get("is_citywide")),
            ownership=item.get("ownership"),
            council_role=item.get("council_role") or "",
            budget_cents=item.get("budget_cents"),
            instruments=item.get("instruments") or [],
        )
        services.set_roles(
            user=user, item=saved, assignments=[(r["phase"], r["responsibility"], r["actor"]) for r in item["roles"]]
        )
        services.set_safeguards(
            user=user,
            version=version,
            scope_item=saved,
            codes=[s["code"] for s in item["safeguards"]],
            notes={s["code"]: s.get("note", "") for s in item["safeguards"]},
        )
        for action in item["actions"]:
            services.add_action(
                user=user,
                version=version,
                scope_item=saved,
                title=action.get("title", ""),
                owner_side=action.get("owner_side"),
                owner_name=action.get("owner_name", ""),
                due_date=action.get("due_date"),
            )
    return version
