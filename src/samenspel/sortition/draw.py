"""The verifiable draw: commit to the input, reveal a seed afterwards, draw, and let anyone re-run it.

Pure module. The steps, as the organiser does them:

1. Compute the lottery (``leximin.find_distribution``) from the pool (ids and feature values only),
   the quotas and the seats.
2. Publish ``commitment(...)``: the sha256 of a canonical JSON text of the pool without names or
   addresses, the households as groups of ids, the quotas, the seats, the algorithm, the lottery, and a
   description of where the seed will come from (e.g. "the six numbers of the Lotto draw of 4 May 2027").
3. When that public value exists, type it in as the seed and ``select(distribution, seed)`` draws the
   panel. Nobody could know the seed when the commitment was published, and the commitment fixes
   everything else, so the organiser cannot steer the outcome.
4. Publish ``material(...)``: everything above plus the seed and the panel. ``verify(material)`` (or
   ``samenspel sortition verify``) checks the commitment, recomputes the lottery and draws again.

The draw (a documented pseudo-random step, format ``samenspel-sortition/1``): sort the committees (each a
sorted tuple of ids) lexicographically; give committee j the weight w_j = round(p_j * 2**48); take
r = int(sha256("samenspel-sortition/1\\n" + seed), base 16) mod sum(w); the panel is the first committee
whose running total of weights exceeds r. Any language with sha256 and big integers can redo it.

LEGACY (comparison only) gives a lottery of one committee, so there the seed changes nothing; material
without a published lottery re-runs LEGACY with the seed as its random stream instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from samenspel.sortition import legacy
from samenspel.sortition.leximin import Distribution, find_distribution, marginals_of
from samenspel.sortition.quotas import Quota, quota_keys, satisfies

FORMAT = "samenspel-sortition/1"
SCALE = 2**48
MARGINAL_TOLERANCE = 0.002  # a re-run on another machine or solver build may differ this much per person


def _households_as_groups(ids, households: Mapping[str, str] | None) -> list[list[str]]:
    if not households:
        return []
    groups: dict[str, list[str]] = {}
    for pid in ids:
        key = households.get(pid)
        if key not in (None, ""):
            groups.setdefault(key, []).append(pid)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def _groups_as_households(groups) -> dict[str, str]:
    return {pid: f"h{k}" for k, group in enumerate(groups) for pid in group}


def canonical(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    seed_source: str,
    households: Mapping[str, str] | None = None,
    *,
    algorithm: str = "leximin",
    distribution: Distribution | None = None,
) -> dict:
    """The committed input as plain data: ids and quota features only (no names, no addresses),
    households as groups of ids."""
    features = list(quota_keys(quotas))
    ids = sorted(people)
    data = {
        "format": FORMAT,
        "pool": [{"id": pid, **{f: people[pid][f] for f in features}} for pid in ids],
        "households": _households_as_groups(ids, households),
        "quotas": [{"feature": q.feature, "value": q.value, "min": q.min, "max": q.max} for q in quotas],
        "seats": seats,
        "algorithm": algorithm,
        "seed_source": seed_source,
    }
    if distribution is not None:
        data["distribution"] = {
            "committees": [list(c) for c in distribution.committees],
            "probabilities": list(distribution.probabilities),
        }
    return data


def _digest(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commitment(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    seed_source: str,
    households: Mapping[str, str] | None = None,
    *,
    algorithm: str = "leximin",
    distribution: Distribution | None = None,
) -> str:
    """sha256 (hex) of the canonical JSON (sorted keys, no spaces, UTF-8) of ``canonical(...)``. Pass the
    distribution to commit to the lottery too (recommended: then nobody can pick another lottery with
    the same chances after the seed is known)."""
    return _digest(
        canonical(people, quotas, seats, seed_source, households, algorithm=algorithm, distribution=distribution)
    )


def lot_number(seed: str) -> int:
    """The 256-bit number the seed stands for."""
    return int(hashlib.sha256(f"{FORMAT}\n{seed}".encode()).hexdigest(), 16)


def select(distribution: Distribution, seed: str) -> tuple[str, ...]:
    """The committee the seed picks from the lottery (see the module text for the exact rule)."""
    pairs = sorted(
        (tuple(sorted(c)), p) for c, p in zip(distribution.committees, distribution.probabilities, strict=True)
    )
    weights = [round(p * SCALE) for _, p in pairs]
    total = sum(weights)
    if total <= 0:
        raise ValueError("The lottery has no committee with a positive probability.")
    r = lot_number(seed) % total
    running = 0
    for (committee, _), w in zip(pairs, weights, strict=True):
        running += w
        if r < running:
            return committee
    raise AssertionError("unreachable: r < total")


def material(
    people: Mapping[str, Mapping[str, str]],
    quotas: list[Quota],
    seats: int,
    seed_source: str,
    seed: str,
    distribution: Distribution,
    selected: tuple[str, ...],
    households: Mapping[str, str] | None = None,
) -> dict:
    """Everything a resident needs to check the draw, without personal data."""
    data = canonical(
        people, quotas, seats, seed_source, households, algorithm=distribution.algorithm, distribution=distribution
    )
    data["commitment"] = _digest(data)
    data["seed"] = seed
    data["selected"] = sorted(selected)
    data["probabilities"] = dict(sorted(distribution.marginals.items()))
    return data


def _parse(material: dict):
    people = {row["id"]: {k: v for k, v in row.items() if k != "id"} for row in material["pool"]}
    quotas = [Quota(q["feature"], q["value"], int(q["min"]), int(q["max"])) for q in material["quotas"]]
    households = _groups_as_households(material.get("households") or [])
    return people, quotas, int(material["seats"]), households


def verify(material: dict, *, recompute: bool = True) -> dict:
    """Re-run a published draw. Returns {"ok", "reason", "selected", "commitment", ...}: ok is True only
    when the commitment matches the material, the published lottery is a valid lottery of feasible
    committees whose chances equal a fresh computation (within MARGINAL_TOLERANCE; skipped when
    ``recompute`` is False), and the revealed seed draws the published panel."""
    required = ("pool", "quotas", "seats", "seed_source", "seed", "commitment", "selected")
    missing = [k for k in required if k not in material]
    if missing:
        return {"ok": False, "reason": f"The material lacks: {', '.join(missing)}.", "selected": None}
    try:
        people, quotas, seats, households = _parse(material)
    except (KeyError, TypeError, ValueError) as error:
        return {"ok": False, "code": "malformed", "reason": f"The material is malformed: {error}.", "selected": None}
    algorithm = material.get("algorithm", "leximin")
    published = None
    if "distribution" in material:
        d = material["distribution"]
        comms = [tuple(c) for c in d["committees"]]
        published = Distribution(
            comms, list(d["probabilities"]), marginals_of(sorted(people), comms, d["probabilities"]), algorithm
        )
    found = commitment(
        people, quotas, seats, material["seed_source"], households, algorithm=algorithm, distribution=published
    )
    result = {"ok": False, "commitment": found, "selected": None, "algorithm": algorithm, "seed": material["seed"]}
    if found != material["commitment"]:
        result["code"] = "commitment_mismatch"
        result["reason"] = "The commitment does not match the published pool, quotas, seats and lottery."
        return result
    seed = str(material["seed"])
    if published is None:
        if algorithm == "legacy":
            redrawn = legacy.select_one(people, quotas, seats, households=households, seed=seed)
        else:
            lottery = find_distribution(people, quotas, seats, households=households)
            result["min_probability"] = min(lottery.marginals.values())
            redrawn = select(lottery, seed)
    else:
        bad = [c for c in published.committees if not satisfies(c, people, quotas, seats, households)]
        if bad:
            result["code"] = "quotas_broken"
            result["reason"] = f"The lottery holds a committee that breaks the quotas: {', '.join(bad[0])}."
            return result
        if any(p < 0 for p in published.probabilities) or abs(sum(published.probabilities) - 1) > 1e-6:
            result["code"] = "probabilities"
            result["reason"] = "The lottery's probabilities do not add up to 1."
            return result
        if recompute and algorithm == "leximin":
            fresh = find_distribution(people, quotas, seats, households=households)
            gap = max(abs(fresh.marginals[p] - published.marginals[p]) for p in people)
            result["largest_difference"] = gap
            if gap > MARGINAL_TOLERANCE:
                result["code"] = "not_fairest"
                result["reason"] = (
                    f"The published lottery is not the fairest one: a person's chance differs by {gap:.4f} "
                    "from a fresh computation."
                )
                return result
        result["min_probability"] = min(published.marginals.values())
        redrawn = select(published, seed)
    result["selected"] = list(redrawn)
    if sorted(redrawn) != sorted(material["selected"]):
        result["code"] = "different_panel"
        result["reason"] = "The seed draws a different panel from the one published."
        return result
    result["ok"] = True
    result["code"] = "ok"
    result["reason"] = "The commitment matches and the seed draws the published panel."
    return result
