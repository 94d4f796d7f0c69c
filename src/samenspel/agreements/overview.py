"""Read models for the pages: an agreement version laid out in sections, and the council's
overview of every neighbourhood. Queries only; nothing here changes state."""

from collections import OrderedDict

from samenspel.places.models import NEIGHBOURHOOD_KINDS, Place

from .checking import check_version
from .models import (
    AgreementVersion,
    CompassPoint,
    Phase,
    Responsibility,
    Safeguard,
    SayLevel,
    Step,
    Trajectory,
    VersionStatus,
)

IN_FORCE = (VersionStatus.ACTIVE, VersionStatus.IN_EVALUATION)


def version_sections(version: AgreementVersion) -> dict:
    """Everything the agreement page, the afsprakenkaart and the PDF show."""
    items = list(version.scope_items.all())
    commitments = list(
        version.safeguard_commitments.select_related("safeguard", "scope_item").prefetch_related("evidence")
    )
    actions = list(version.actions.select_related("scope_item").order_by("due_date", "pk"))
    phases = Phase.values
    scope = []
    for item in items:
        matrix = []
        roles = list(item.roles.all())
        for resp in Responsibility.values:
            row = [
                [r.get_actor_display() for r in roles if r.phase == phase and r.responsibility == resp]
                for phase in phases
            ]
            if any(row):
                matrix.append({"label": Responsibility(resp).label, "cells": row})
        scope.append(
            {
                "item": item,
                "matrix": matrix,
                "safeguards": [c for c in commitments if c.scope_item_id == item.pk],
                "actions": [a for a in actions if a.scope_item_id == item.pk],
                "instruments": list(item.instruments.all()),
            }
        )
    # Recomputed on every view, in the reader's language; in force, with the run-time check C10.
    report = check_version(version, runtime=version.status in IN_FORCE).to_dict()
    findings = report.get("findings", [])
    titles = {str(i.pk): i.title for i in items}
    for finding in findings:
        finding["scope_title"] = titles.get(finding.get("scope_key") or "", "")
    signatures = {s.side: s for s in version.signatures.all()}
    violations = [f for f in findings if f.get("severity") == "violation"]
    # Missing safeguards (C1) are many small points of one kind: shown as one list per scope item.
    missing = OrderedDict()
    for f in violations:
        action = f.get("suggested_action") or {}
        if f["check"] == "C1" and action.get("safeguard_code"):
            group = missing.setdefault(
                f.get("scope_key"), {"scope_key": f.get("scope_key"), "scope_title": f["scope_title"], "codes": []}
            )
            group["codes"].append(action["safeguard_code"])
    catalogue = {
        s.code: s for s in Safeguard.objects.filter(code__in={c for g in missing.values() for c in g["codes"]})
    }
    for group in missing.values():
        group["safeguards"] = [catalogue[c] for c in group["codes"] if c in catalogue]
    return {
        "scope": scope,
        "agreement_safeguards": [c for c in commitments if c.scope_item_id is None],
        "general_actions": [a for a in actions if a.scope_item_id is None],
        "actions": actions,
        "report": report,
        "violations": violations,
        "missing_safeguards": list(missing.values()),
        "other_violations": [
            f
            for f in violations
            if not (f["check"] == "C1" and (f.get("suggested_action") or {}).get("safeguard_code"))
        ],
        "warnings": [f for f in findings if f.get("severity") == "warning"],
        "signatures": signatures,
        "needs_council": any(i.level == SayLevel.DECIDE for i in items),
        "phase_labels": [Phase(p).label for p in phases],
    }


def council_overview(municipality) -> dict:
    """Per neighbourhood: its trajectory, the step, and the level of say per theme (a
    matrix), plus what awaits the council and where its own role is set."""
    places = list(Place.objects.filter(municipality=municipality, kind__in=NEIGHBOURHOOD_KINDS).order_by("name"))
    trajectories = (
        Trajectory.objects.filter(place__in=places)
        .select_related("place")
        .prefetch_related("agreement__versions__scope_items")
        .order_by("-created_at")
    )
    latest = {}
    for t in trajectories:
        latest.setdefault(t.place_id, t)
    themes = OrderedDict()
    rows = []
    awaiting = []
    council_roles = []
    for place in places:
        trajectory = latest.get(place.pk)
        version = in_force = None
        if trajectory is not None and hasattr(trajectory, "agreement"):
            versions = sorted(trajectory.agreement.versions.all(), key=lambda v: -v.number)
            version = versions[0] if versions else None
            in_force = next((v for v in versions if v.status in IN_FORCE), None)
        shown = in_force or version
        levels = {}
        if shown is not None:
            for item in shown.scope_items.all():
                themes.setdefault(item.title.strip().lower(), item.title)
                levels[item.title.strip().lower()] = item
                if item.council_role:
                    council_roles.append({"place": place, "item": item, "version": shown})
        if version is not None and version.status == VersionStatus.AWAITING_COUNCIL:
            awaiting.append({"place": place, "version": version})
        rows.append(
            {
                "place": place,
                "trajectory": trajectory,
                "version": shown,
                "in_force": in_force is not None,
                "levels": levels,
            }
        )
    matrix = [{**row, "cells": [row["levels"].get(key) for key in themes]} for row in rows]
    steps = {key: 0 for key, _label in Step.choices}
    for row in rows:
        if row["trajectory"] is not None:
            steps[row["trajectory"].step] += 1
    return {
        "themes": list(themes.values()),
        "rows": matrix,
        "awaiting": awaiting,
        "council_roles": council_roles,
        "decisions": municipality.council_decisions.prefetch_related("versions__agreement__trajectory__place")[:20],
        "step_counts": [(Step(k).label, v) for k, v in steps.items()],
        "without_trajectory": sum(1 for r in rows if r["trajectory"] is None),
        "compass_points": CompassPoint.choices,
    }
